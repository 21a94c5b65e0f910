"""What every engine takes and gives: a clip in, transcripts with alternatives out."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from ordering.speech.audio import Clip

Rescore = Callable[[Sequence[str]], list[float]]
Weigh = Callable[[Sequence[str]], list[tuple[str, float]]]


@dataclass(frozen=True, slots=True)
class Transcription:
    """What the recogniser heard: best first, then other hypotheses (distinct, in order), with
    their log probabilities when the engine gives them; `rescore`, when the engine can, scores
    any other readings against the same audio (log probabilities without the end of text);
    `language` is the one it was heard in. `proposals` are readings a second ear heard, not yet
    among the alternatives: `weigh` scores them like the alternatives, when they are worth it."""

    alternatives: tuple[str, ...]
    decode_seconds: float
    audio_seconds: float
    scores: tuple[float, ...] = ()
    rescore: Rescore | None = None
    language: str = "en"
    proposals: tuple[str, ...] = ()
    weigh: Weigh | None = None

    @property
    def text(self) -> str:
        return self.alternatives[0] if self.alternatives else ""


class Recognizer(Protocol):
    def condition(self, clip: Clip) -> Clip:
        """The clip as this engine hears best (noise suppression, dither, trimming, or none)."""
        ...

    def transcribe(self, clip: Clip) -> Transcription: ...
