"""Uploaded audio: decode it within the limits, and hear it."""

from __future__ import annotations

from ordering.bootstrap import Services
from ordering.speech import Clip, decode_audio
from ordering.speech.hearing import Heard, hear
from ordering.understanding import Lexicon


def hear_upload(data: bytes, *, services: Services, lexicon: Lexicon) -> Heard:
    """Recognise and understand an uploaded clip (see `decode_upload`)."""
    clip = decode_upload(data, services=services)
    return hear(clip, recognizer=services.recognizer(), lexicon=lexicon)


def decode_upload(data: bytes, *, services: Services) -> Clip:
    """An uploaded audio file as a clip: `AudioTooLong` (413) past the duration limit, by its
    header or its samples; `AudioError` (422) when it is not readable audio or its header is
    out of bounds. Nothing is decoded beyond the limits, whatever the header says."""
    return decode_audio(data, source="upload", limits=services.audio_limits)
