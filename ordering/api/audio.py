"""Uploaded audio: decode it, hold it to the duration limit, and hear it."""

from __future__ import annotations

import math

from ordering.api.errors import AudioTooLong
from ordering.bootstrap import Services
from ordering.hearing import Heard, hear
from ordering.speech import Clip, decode_audio
from ordering.understanding import Lexicon


def hear_upload(data: bytes, *, services: Services, lexicon: Lexicon) -> Heard:
    """Recognise and understand an uploaded WAV/AIFF/FLAC clip (see `decode_upload`)."""
    clip = decode_upload(data, services=services)
    return hear(clip, recognizer=services.recognizer(), lexicon=lexicon)


def decode_upload(data: bytes, *, services: Services) -> Clip:
    """An uploaded WAV/AIFF/FLAC clip; `AudioTooLong` (413) past the `max_audio_seconds`
    limit, `AudioError` (422) when it is not readable audio."""
    limit = services.settings.max_audio_seconds
    # Decoded without the speech module's limit, so that an over-long clip is told apart
    # (413) from an unreadable one (422); the body size limit bounds the work.
    clip = decode_audio(data, source="upload", max_seconds=math.inf)
    if clip.seconds > limit:
        raise AudioTooLong(clip.seconds, limit)
    return clip
