"""From audio to an order parse: condition the clip, recognise it, and pick a hypothesis.

PocketSphinx's first hypothesis is the one to trust: measured on the evaluation's dev audio,
re-ranking the N-best list by how much of the menu a hypothesis names, or by majority vote,
chose fluent nonsense over the right words more often than it repaired them ("play some
music" became "i like some music"). Skipping hypotheses that name food the menu lacks helped
only while the language model could not hear such food; now that it can ("a croissant"), the
first hypothesis wins there too, with one exception: a first hypothesis that says only part
of a menu name ("two egg tarts and orange latte", "orange" of "orange juice") gives way to the
next one or two if they say fewer such fragments ("... and a large latte"). Confidence is how
much of the list, weighted by rank, parses the same way, so the dialog can ask again when low.

Whisper gives each reading its log probability given the audio (and menu-consistent readings
near the N best, `ordering.speech.readings`): readings that parse the same way pool their
probability, the most probable parse that makes sense for the menu wins, and its share of the
pooled probability is the confidence. When Whisper hears with a second ear (PocketSphinx, held
to the menu) and its reading means something else than that choice, it is scored by Whisper
against the same audio and joins the readings, with a bonus, and so does the same reading with
each of its articles swapped, the word both ears mishear most (`with_proposals`).

When the dialog has just asked a question and what was heard makes no sense (nothing
understood, or food the menu lacks), the expected answers get a second listen: PocketSphinx
decodes again with a small model of them; Whisper scores each answer against the same audio
(forced decoding, anchored on the first reading's beam score) and the answers join the
readings, so an answer wins only if it makes sense and its confidence is its share of all the
probability: a customer who said something else is asked again, not answered for.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

from ordering.speech import Clip, Recognizer, Transcription
from ordering.speech.corpus import spoken
from ordering.speech.readings import (
    FUNCTION_WORDS,
    UNKNOWN_PENALTY,
    anchored,
    article_swaps,
    cased_like,
)
from ordering.understanding import Lexicon, OrderParse, parse

ASK_AGAIN_BELOW = 0.35
# Expected answers scored against the audio, at most: the shortest ones (the bare names), as
# each forced reading costs a pass over the prompt (about 0.15-0.8 s, by the feed's size).
MAX_ANSWERS = 6
# How far down the list a hypothesis with fewer stray fragments of names may replace the first.
FRAGMENT_LOOKAHEAD = 2
# Nats a reading loses for each option it says that no product it names can take ("a waffle
# with strawberries and with cream" for "... and whipped cream"): as much as a word the feed
# does not know (`readings.UNKNOWN_PENALTY`), so that a customer who did say one is still
# heard saying it unless another reading is nearly as probable.
UNPLACED_PENALTY = UNKNOWN_PENALTY


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


def choose(alternatives: tuple[str, ...], lexicon: Lexicon) -> tuple[str, OrderParse, float]:
    """The first alternative (unless it says stray fragments of names and one of the next
    `FRAGMENT_LOOKAHEAD` says fewer), and the rank-weighted share of the list that parses the
    same way as the chosen one. Once fragments have cost the first its place, hypotheses with
    more of them than the chosen one count as mishearings, not as votes against it."""
    if not alternatives:
        return "", parse(lexicon, ""), 0.0
    chosen, voters = 0, list(range(len(alternatives)))
    strays = [lexicon.stray_fragments(text) for text in alternatives]
    if strays[0]:
        nearby = range(min(len(alternatives), FRAGMENT_LOOKAHEAD + 1))
        fewest = min(nearby, key=lambda rank: (strays[rank], rank))
        if strays[fewest] < strays[0]:
            chosen = fewest
            voters = [rank for rank in voters if strays[rank] <= strays[chosen]]
    parsed = {rank: parse(lexicon, alternatives[rank]) for rank in voters}
    readings = {rank: result.to_dict() for rank, result in parsed.items()}
    weights = {rank: 1.0 / (rank + 1) for rank in voters}
    agreeing = sum(weights[rank] for rank in voters if readings[rank] == readings[chosen])
    return alternatives[chosen], parsed[chosen], agreeing / sum(weights.values())


def makes_sense(result: OrderParse) -> bool:
    """Understood as something a customer says to this menu."""
    return result.intent != "out_of_scope" and not result.unmatched


def choose_scored(
    readings: Sequence[tuple[str, float]], lexicon: Lexicon, *, language: str = "en"
) -> tuple[str, OrderParse, float]:
    """The most probable parse that makes sense (readings that parse alike pool their
    probability), in the most probable of its readings that makes sense, and that parse's
    share of all the probability. English readings are put in words first ("16-ounce" →
    "sixteen ounce"); others are parsed as they were written. When every reading is out of
    scope, the most probable one that makes sense without a stray first word
    (`without_stray_lead`) is taken, at the share of the reading it came from."""
    if not readings:
        return "", parse(lexicon, ""), 0.0
    texts = [spoken(text) if language == "en" else text.strip() for text, _ in readings]
    parsed = [parse(lexicon, text) for text in texts]
    scores = [
        score - UNPLACED_PENALTY * len(result.unplaced)
        for (_, score), result in zip(readings, parsed, strict=True)
    ]
    groups: dict[str, list[int]] = {}
    keys = [_key(result) for result in parsed]
    for index, key in enumerate(keys):
        groups.setdefault(key, []).append(index)
    pooled = {key: _logsumexp([scores[i] for i in members]) for key, members in groups.items()}
    total = _logsumexp(list(pooled.values()))

    # Readings pooled under one key differ at most in words the parser did not understand, so
    # a parse makes sense when any of its readings does, and that reading is the one to give:
    # judged by whichever reading came first, "A latte, a lean." sank "A latte please." below
    # a less probable "The latte please.".
    sensible = {
        key: [i for i in members if makes_sense(parsed[i])] for key, members in groups.items()
    }

    def rank(key: str) -> tuple[bool, float]:
        return bool(sensible[key]), pooled[key]

    best = max(pooled, key=rank)
    chosen = max(sensible[best] or groups[best], key=lambda i: scores[i])
    if parsed[chosen].intent == "out_of_scope" and language == "en":
        for index in sorted(range(len(texts)), key=lambda i: -scores[i]):
            shorter = without_stray_lead(texts[index], lexicon)
            result = parse(lexicon, shorter) if shorter else None
            if result is not None and makes_sense(result):
                return shorter, result, math.exp(pooled[keys[index]] - total)
    return texts[chosen], parsed[chosen], math.exp(pooled[best] - total)


def without_stray_lead(text: str, lexicon: Lexicon) -> str:
    """The reading without its first word when that word is neither the feed's nor one that
    carries a sentence: a recogniser's mishearing of the words that start an order ("bruce
    small latte" for "brew a small latte", "man i have" for "may i have") made the parser
    take it for talk about coffee, not an order. Empty when the first word is not such."""
    first, _, rest = text.partition(" ")
    if not rest or first in lexicon.vocabulary or first in FUNCTION_WORDS:
        return ""
    return rest


def _logsumexp(values: Sequence[float]) -> float:
    top = max(values)
    if top == -math.inf:
        return top  # readings that could not be scored at all
    return top + math.log(sum(math.exp(value - top) for value in values))


def with_proposals(
    heard: Transcription, lexicon: Lexicon, chosen: tuple[str, OrderParse, float]
) -> tuple[str, OrderParse, float]:
    """The choice again, with the second ear's proposals among the readings, when one of them
    means something else than the chosen parse (one that agrees could only add to its share,
    so it is not worth Whisper's forced pass, about 0.2 s on the breakfast menu), each with
    its article swapped as well."""
    if not heard.proposals or heard.weigh is None or heard.language != "en":
        return chosen
    agreeing = _key(chosen[1])
    differing = [text for text in heard.proposals if _key(parse(lexicon, spoken(text))) != agreeing]
    if not differing:
        return chosen
    # each with its article swapped too: the word both ears mishear most, and the one that
    # says how many (`article_swaps`); Whisper judges which was said
    differing += [swap for text in differing for swap in article_swaps(text)]
    readings = list(zip(heard.alternatives, heard.scores, strict=True))
    # Whisper's choice may be one of its readings without a stray first word (every reading
    # was out of scope): it competes with the proposals at the score of the reading it came
    # from, not behind them as if Whisper had made no sense of the clip.
    repaired = [
        score
        for text, score in readings
        if makes_sense(chosen[1]) and without_stray_lead(spoken(text), lexicon) == chosen[0]
    ]
    if repaired:
        readings.append((chosen[0], max(repaired)))
    return choose_scored([*readings, *heard.weigh(differing)], lexicon, language=heard.language)


def _key(result: OrderParse) -> str:
    """What a reading means, for pooling: its parse, whatever it did not understand aside."""
    return json.dumps(result.to_dict() | {"unmatched": None}, sort_keys=True)


def _choose(heard: Transcription, lexicon: Lexicon) -> tuple[str, OrderParse, float]:
    if heard.scores:
        readings = list(zip(heard.alternatives, heard.scores, strict=True))
        return choose_scored(readings, lexicon, language=heard.language)
    return choose(heard.alternatives, lexicon)


def with_answers(heard: Transcription, answers: Sequence[str]) -> list[tuple[str, float]]:
    """The scored readings and, scored against the same audio, the shortest expected answers
    (English ones: the dialog's answers are the feed's English names)."""
    readings = list(zip(heard.alternatives, heard.scores, strict=True))
    if not readings or not answers or heard.rescore is None:
        return readings
    first = heard.alternatives[0]
    shortest = sorted(dict.fromkeys(answers), key=len)[:MAX_ANSWERS]
    texts = [cased_like(answer, first) for answer in shortest]
    return readings + list(zip(texts, anchored(heard, texts), strict=True))


def hear(
    clip: Clip,
    *,
    recognizer: Recognizer,
    lexicon: Lexicon,
    expected: Recognizer | None = None,
    answers: Sequence[str] = (),
) -> Heard:
    """Condition, recognise and understand one clip; `answers` are the expected answers to the
    question just asked, if any, and `expected` a recogniser biased to them. `decode_seconds`
    is the whole of it: conditioning (noise suppression is not free), recognition and
    understanding; `audio_seconds` is the clip as it came, before silence was trimmed."""
    started = time.perf_counter()
    conditioned = recognizer.condition(clip)
    transcription = recognizer.transcribe(conditioned)
    text, result, confidence = with_proposals(
        transcription, lexicon, _choose(transcription, lexicon)
    )
    if expected is not None and not makes_sense(result):
        answer = expected.transcribe(conditioned)
        answer_text, answer_result, answer_confidence = _choose(answer, lexicon)
        if makes_sense(answer_result):
            text, result, confidence = answer_text, answer_result, answer_confidence
    elif (
        answers
        and transcription.scores
        and transcription.language == "en"
        and not makes_sense(result)
    ):
        readings = with_answers(transcription, answers)
        text, result, confidence = choose_scored(readings, lexicon, language=transcription.language)
    decode_seconds = time.perf_counter() - started
    return Heard(text, result, confidence, decode_seconds, clip.seconds)
