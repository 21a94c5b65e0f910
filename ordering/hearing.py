"""From audio to an order parse: condition the clip, recognise it, and pick the hypothesis the
understanding layer finds most coherent with the menu.

The recogniser's N-best list often holds the right words a few places down ("uh latte" above
"a latte"); the first hypothesis that names menu things without stray words wins. Confidence
is how much of the list agrees with the chosen reading, so the dialog can ask again when low.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ordering.speech import Clip, Recognizer, condition
from ordering.understanding import Lexicon, OrderParse, parse

ASK_AGAIN_BELOW = 0.35


@dataclass(frozen=True, slots=True)
class Heard:
    transcript: str
    parse: OrderParse
    confidence: float
    decode_seconds: float
    audio_seconds: float

    @property
    def sure(self) -> bool:
        return self.confidence >= ASK_AGAIN_BELOW


def coherence(result: dict[str, Any]) -> int:
    """Higher is better: menu things named, an intent found, nothing left unmatched."""
    named = sum(1 for line in result["items"] if line["id"]) + len(result["replaced"])
    score = 0
    if result["intent"] != "out_of_scope":
        score += 2
    if named:
        score += 2
    if not result["unmatched"]:
        score += 1
    return score


def choose(alternatives: tuple[str, ...], lexicon: Lexicon) -> tuple[str, OrderParse, float]:
    """The most coherent alternative (earliest on ties) and the share of the list agreeing."""
    if not alternatives:
        return "", parse(lexicon, ""), 0.0
    parsed = [(text, parse(lexicon, text)) for text in alternatives]
    dicts = [result.to_dict() for _, result in parsed]
    best = max(range(len(parsed)), key=lambda n: (coherence(dicts[n]), -n))
    weights = [1.0 / (rank + 1) for rank in range(len(parsed))]
    agreeing = sum(w for w, d in zip(weights, dicts, strict=True) if d == dicts[best])
    text, result = parsed[best]
    return text, result, agreeing / sum(weights)


def hear(clip: Clip, *, recognizer: Recognizer, lexicon: Lexicon) -> Heard:
    transcription = recognizer.transcribe(condition(clip))
    text, result, confidence = choose(transcription.alternatives, lexicon)
    return Heard(
        text, result, confidence, transcription.decode_seconds, transcription.audio_seconds
    )
