"""What every engine takes and gives: a clip in, transcripts with alternatives out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ordering.speech.audio import Clip


@dataclass(frozen=True, slots=True)
class Transcription:
    """What the recogniser heard: best first, then other hypotheses (distinct, in order)."""

    alternatives: tuple[str, ...]
    decode_seconds: float
    audio_seconds: float

    @property
    def text(self) -> str:
        return self.alternatives[0] if self.alternatives else ""


class Recognizer(Protocol):
    def transcribe(self, clip: Clip) -> Transcription: ...
