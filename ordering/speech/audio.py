"""Audio in: any file libsndfile reads (WAV, AIFF, FLAC, OGG, MP3), from memory or a path,
as a 16 kHz mono clip.

A header can say anything: a WAV that claims one sample per second turns 60 kB into hours of
audio once resampled. So the header is held to `AudioLimits` before a sample is decoded, and
decoding reads no more than the limits allow, whatever the header said: the work and the
memory of any input are bounded by the limits, not by what the file claims.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile
import soxr

from ordering.speech.errors import AudioError, AudioTooLong

RATE = 16000
MAX_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class AudioLimits:
    """What a clip may be: its length, and a header's rate and channel count (speech needs no
    more than 192 kHz or 8 channels, and is not speech below 8 kHz)."""

    max_seconds: float = MAX_SECONDS
    min_rate: int = 8000
    max_rate: int = 192_000
    max_channels: int = 8


DEFAULT_LIMITS = AudioLimits()


@dataclass(frozen=True, slots=True)
class Clip:
    """Audio ready for the recogniser: 16 kHz mono 16-bit little-endian PCM."""

    pcm: bytes
    source: str
    pitch_hz: float | None = None  # the voice's median pitch, once `condition` measured it

    @property
    def seconds(self) -> float:
        return len(self.pcm) / 2 / RATE


def load_audio(path: Path | str, *, limits: AudioLimits = DEFAULT_LIMITS) -> Clip:
    """Read an audio file of any rate and channel count as a 16 kHz mono clip."""
    path = Path(path)
    if not path.exists():
        raise AudioError(f"{path}: no such file")
    if not path.is_file():
        raise AudioError(f"{path}: not a file")
    try:
        if path.stat().st_size == 0:
            raise AudioError(f"{path}: the file is empty")
        with open(path, "rb") as handle:
            return _decode(handle, str(path), limits)
    except OSError as error:
        raise AudioError(f"{path}: cannot read: {error.strerror or error}") from None


def decode_audio(data: bytes, *, source: str, limits: AudioLimits = DEFAULT_LIMITS) -> Clip:
    """Decode audio file bytes (an upload) into a clip, without a temporary file."""
    if not data:
        raise AudioError(f"{source}: the file is empty")
    return _decode(io.BytesIO(data), source, limits)


def _decode(
    stream: io.BufferedIOBase | io.BytesIO | io.BufferedReader, source: str, limits: AudioLimits
) -> Clip:
    try:
        with soundfile.SoundFile(stream) as sound:
            _check_header(sound, source, limits)
            samples = _read_mono(sound, source, limits)
            rate = sound.samplerate
    except (soundfile.LibsndfileError, RuntimeError, TypeError, ValueError) as error:
        raise AudioError(f"{source}: not a readable audio file ({_reason(error)})") from None
    if samples.size == 0:
        raise AudioError(f"{source}: the file holds no audio samples")
    if rate != RATE:
        # soxr's anti-alias filter: without one, a 10 kHz tone in a 48 kHz file comes out
        # folded to 6 kHz at full level.
        samples = soxr.resample(samples, rate, RATE, quality="HQ")
    pcm = np.clip(np.round(samples * 32768.0), -32768, 32767).astype("<i2")
    return Clip(pcm.tobytes(), source)


def _check_header(sound: soundfile.SoundFile, source: str, limits: AudioLimits) -> None:
    rate, channels = sound.samplerate, sound.channels
    if not limits.min_rate <= rate <= limits.max_rate:
        raise AudioError(
            f"{source}: a sample rate of {rate} Hz is outside "
            f"{limits.min_rate}–{limits.max_rate} Hz"
        )
    if not 1 <= channels <= limits.max_channels:
        raise AudioError(f"{source}: {channels} channels is outside 1–{limits.max_channels}")
    if sound.frames > 0 and sound.frames / rate > limits.max_seconds:
        raise AudioTooLong(source, sound.frames / rate, limits.max_seconds)


def _read_mono(sound: soundfile.SoundFile, source: str, limits: AudioLimits) -> np.ndarray:
    """The samples as mono float32, a second at a time, stopping as soon as they pass the
    limit (a header may under-state the length, or state none)."""
    rate = sound.samplerate
    allowed = int(limits.max_seconds * rate)
    blocks: list[np.ndarray] = []
    count = 0
    while True:
        block = sound.read(rate, dtype="float32", always_2d=True)
        if not len(block):
            break
        blocks.append(block.mean(axis=1, dtype=np.float32))
        count += len(block)
        if count > allowed:
            raise AudioTooLong(source, count / rate, limits.max_seconds)
    return np.concatenate(blocks) if blocks else np.zeros(0, dtype=np.float32)


def _reason(error: Exception) -> str:
    text = str(error).strip()
    # libsndfile prefixes its message with the object it was given (a BytesIO's repr).
    return text.split(": ", 1)[-1] if text.startswith("Error opening") else text or "truncated"
