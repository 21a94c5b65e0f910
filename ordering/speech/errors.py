"""What can go wrong between a sound and a transcript.

SpeechError (ordering.errors.OrderingError)
├── AudioError              a file that is empty, not audio, truncated, or out of bounds
│   └── AudioTooLong        longer than the duration limit (by its header or its samples)
├── NoMicrophone            PyAudio or an input device is missing
└── RecognizerUnavailable   the chosen engine or its model is not installed
"""

from __future__ import annotations

from ordering.errors import OrderingError


class SpeechError(OrderingError):
    pass


class AudioError(SpeechError):
    pass


class AudioTooLong(AudioError):
    def __init__(self, source: str, seconds: float, limit: float) -> None:
        self.seconds = seconds
        self.limit = limit
        super().__init__(f"{source}: {seconds:.1f} s is longer than the {limit:g} s limit")


class NoMicrophone(SpeechError):
    pass


class RecognizerUnavailable(SpeechError):
    pass
