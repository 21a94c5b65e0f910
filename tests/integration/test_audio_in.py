"""Audio in: every format libsndfile reads, from memory, resampled properly, and held to the
limits by the header before anything is decoded (a header can say anything)."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc

import numpy as np
import pytest
import soundfile
from hypothesis import given, settings
from hypothesis import strategies as st

from ordering.speech import RATE, AudioError, AudioLimits, AudioTooLong, decode_audio


def wav_bytes(
    *, rate: int, channels: int, width: int, payload: bytes, data_size: int | None = None
) -> bytes:
    """A PCM WAV whose header says what it is told to, true or not."""
    byte_rate = (rate * channels * width) & 0xFFFFFFFF
    fmt = struct.pack(
        "<HHIIHH",
        1,
        channels,
        rate & 0xFFFFFFFF,
        byte_rate,
        (channels * width) & 0xFFFF,
        (width * 8) & 0xFFFF,
    )
    size = len(payload) if data_size is None else data_size
    body = b"WAVE" + b"fmt " + struct.pack("<I", 16) + fmt + b"data" + struct.pack("<I", size)
    return b"RIFF" + struct.pack("<I", len(body) + len(payload)) + body + payload


def encoded(samples: np.ndarray, rate: int, fmt: str, subtype: str | None = None) -> bytes:
    buffer = io.BytesIO()
    soundfile.write(buffer, samples, rate, format=fmt, subtype=subtype)
    return buffer.getvalue()


def tone(hz: float, rate: int, seconds: float = 1.0, level: float = 0.3) -> np.ndarray:
    return (np.sin(np.arange(int(rate * seconds)) * 2 * np.pi * hz / rate) * level).astype(
        np.float32
    )


def rms(clip_pcm: bytes) -> float:
    samples = np.frombuffer(clip_pcm, dtype="<i2").astype(np.float64) / 32768
    return float(np.sqrt((samples**2).mean()))


@pytest.mark.parametrize(
    ("fmt", "subtype"),
    [
        ("WAV", "PCM_16"),
        ("WAV", "FLOAT"),
        ("FLAC", None),
        ("OGG", "VORBIS"),
        ("AIFF", None),
        ("MP3", "MPEG_LAYER_III"),
    ],
)
def test_every_common_format_is_decoded_from_memory(fmt: str, subtype: str | None) -> None:
    clip = decode_audio(encoded(tone(440, 44100, 2.0), 44100, fmt, subtype), source=fmt)
    assert abs(clip.seconds - 2.0) < 0.1  # MP3 and Vorbis pad a little
    assert 0.15 < rms(clip.pcm) < 0.25  # a 0.3 sine is 0.21 RMS


def test_a_tone_above_the_new_nyquist_is_filtered_out_not_folded_down() -> None:
    """audioop.ratecv had no anti-alias filter: a 10 kHz tone came out at full level at 6 kHz."""
    clip = decode_audio(encoded(tone(10_000, 48_000), 48_000, "WAV", "PCM_16"), source="t")
    assert rms(clip.pcm) < 0.003  # more than 36 dB down from 0.21
    kept = decode_audio(encoded(tone(3_000, 48_000), 48_000, "WAV", "PCM_16"), source="t")
    assert rms(kept.pcm) > 0.2


def test_channels_are_mixed_down() -> None:
    left = tone(440, 16000)
    stereo = np.stack([left, -left], axis=1)  # cancels out when mixed
    assert rms(decode_audio(encoded(stereo, 16000, "WAV", "PCM_16"), source="s").pcm) < 1e-3


def test_16k_mono_pcm_passes_through_bit_exact() -> None:
    samples = (np.random.default_rng(1).normal(0, 3000, RATE)).astype("<i2")
    data = wav_bytes(rate=RATE, channels=1, width=2, payload=samples.tobytes())
    assert decode_audio(data, source="x").pcm == samples.tobytes()


@pytest.mark.parametrize(
    ("rate", "channels", "width", "message"),
    [
        (1, 1, 2, "sample rate of 1 Hz"),
        (4000, 1, 2, "sample rate of 4000 Hz"),
        (400_000, 1, 2, "sample rate of 400000 Hz"),
        (0, 1, 2, "not a readable"),
        (4_000_000_000, 1, 2, "not a readable"),
        (16000, 0, 2, "not a readable"),
        (16000, 9, 2, "9 channels"),
        (16000, 65535, 2, "not a readable"),
        (16000, 1, 0, "not a readable"),
        (16000, 1, 7, "not a readable"),
    ],
)
def test_a_header_out_of_bounds_is_refused_before_decoding(
    rate: int, channels: int, width: int, message: str
) -> None:
    data = wav_bytes(rate=rate, channels=channels, width=width, payload=b"\x01\x02" * 30_000)
    started = time.perf_counter()
    with pytest.raises(AudioError, match=message):
        decode_audio(data, source="upload")
    assert time.perf_counter() - started < 0.5


def test_a_60_kb_wav_claiming_one_sample_a_second_costs_nothing() -> None:
    """Once, such a file was resampled to 16 kHz before its length was checked: 8.7 s and
    2.8 GB for 60,000 bytes."""
    data = wav_bytes(rate=1, channels=1, width=2, payload=b"\x00\x40" * 29_978)
    tracemalloc.start()
    try:
        with pytest.raises(AudioError):
            decode_audio(data, source="upload", limits=AudioLimits(max_seconds=float("inf")))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


def test_length_is_held_to_the_limit_by_the_header_and_by_the_samples() -> None:
    three_seconds = (np.zeros(RATE * 3)).astype("<i2").tobytes()
    data = wav_bytes(rate=RATE, channels=1, width=2, payload=three_seconds)
    with pytest.raises(AudioTooLong, match="3.0 s is longer than the 2 s limit"):
        decode_audio(data, source="x", limits=AudioLimits(max_seconds=2))
    # A header that under-states its data (0 bytes declared) is read only up to the limit.
    lying = wav_bytes(rate=RATE, channels=1, width=2, payload=three_seconds, data_size=0)
    with pytest.raises(AudioError):
        decode_audio(lying, source="x", limits=AudioLimits(max_seconds=2))
    # A data size larger than the file is read as far as the file goes.
    short = wav_bytes(rate=RATE, channels=1, width=2, payload=three_seconds, data_size=2**32 - 1)
    assert abs(decode_audio(short, source="x").seconds - 3.0) < 0.01


@settings(max_examples=150, deadline=None)
@given(
    rate=st.integers(0, 2**32 - 1),
    channels=st.integers(0, 2**16 - 1),
    width=st.integers(0, 8),
    data_size=st.one_of(st.none(), st.integers(0, 2**32 - 1)),
    payload=st.binary(max_size=4096),
    cut=st.integers(0, 64),
)
def test_any_lying_wav_header_is_a_clip_or_an_audio_error(
    rate: int, channels: int, width: int, data_size: int | None, payload: bytes, cut: int
) -> None:
    data = wav_bytes(
        rate=rate, channels=channels, width=width, payload=payload, data_size=data_size
    )
    data = data[: max(1, len(data) - cut)]
    try:
        clip = decode_audio(data, source="fuzz")
    except AudioError:
        return
    assert clip.seconds <= 30.0 + 1e-6
