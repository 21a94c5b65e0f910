"""Audio conditioning before PocketSphinx: noise suppression for noisy clips, dither, and
silence trimming, each measured on the evaluation's dev audio."""

from __future__ import annotations

import ctypes
import functools
import hashlib
import importlib.util
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import soxr

from ordering.speech.audio import RATE, Clip
from ordering.speech.errors import RecognizerUnavailable

RNNOISE_RATE = 48000  # RNNoise's only rate
RNNOISE_PART_FRAMES = 100  # parts cleaned in parallel are at least 1 s long
RNNOISE_WARMUP_FRAMES = 50  # each part after the first starts 0.5 s early
# The library inside the pinned `pyrnnoise` wheel (0.4.5: Linux x86-64 and ARM, macOS 26 and
# later, Windows), by the name it has there, and the sha256 of each build: the network's
# weights are compiled in.
# 0.2.7's build (which needs no plotting or audio-file packages) denoises otherwise and cost
# the second ear five of 60 clips at 5 dB (docs/benchmarks.md, sixth part).
RNNOISE_LIBRARIES = {
    "librnnoise.so": (
        "de5120abce147a72ba343296744ae7cc0a97298e19307c7d3f01cce8c34b18ff",
        "c7f34a5944f385721f89b7be21b9ae8eb67e3085da2571260a46e1c9fc61d90a",
    ),
    "librnnoise.dylib": ("b0b0f3c038b8106f04c638596bd8d6594bddaeeaef5db39c5b401de80334efee",),
    "rnnoise.dll": ("06770aeb8855ef942b5dcdb436f84dfdd5867b716ba4b4c8a2c66ade03197f31",),
}
# Only the library is used, so scripts/setup installs pyrnnoise without its dependencies.
RNNOISE_HINT = "pip install --no-deps pyrnnoise==0.4.5 (scripts/setup installs it so)"
DENOISE_BELOW_DB = 25.0  # dynamic range under which the clip is treated as noisy
DITHER_RMS = 32.0  # about -60 dBFS: the noise floor of a real microphone
# The dither is at least this far below the loudness of the speech itself (see `condition`).
# Measured over all dev cases of the four clean conditions: 28 dB 0.803, 32 dB 0.821, 35 dB
# 0.811, 38 dB 0.813, 41 dB 0.792, 44 dB 0.777 (the floor alone: 0.774).
DITHER_BELOW_SPEECH_DB = 32.0
# Voices pitched above this are most women's and children's: they are dithered less (see
# `condition`) and heard through a frequency-warped acoustic model (`sphinx.HIGH_VOICE_WARP`).
# On the dev audio, men's voices measure 80-115 Hz, the woman's 160-240.
HIGH_VOICE_HZ = 150.0


def condition(clip: Clip, *, seed: int = 0) -> Clip:
    """Prepare a clip for PocketSphinx: suppress the noise of noisy recordings (RNNoise; on
    clean ones it cost 13–31 points, so only below `DENOISE_BELOW_DB` of dynamic range),
    measure the voice's pitch, dither (exact digital silence confuses PocketSphinx's noise
    tracking) and trim leading and trailing silence (which the language model otherwise fills
    with short words) to 300 ms either side: measured on the dev audio, 200 ms cut into the
    first and last words.

    A clean recording of a low voice is dithered `DITHER_BELOW_SPEECH_DB` under its own
    loudness (order accuracy rose 2.5–7 points on clean, fast and digital-silence speech), a
    high voice only at the microphone floor `DITHER_RMS`: on the female voice the louder floor
    cost 9–11 points, perhaps by filling the wide gaps between a high voice's harmonics."""
    samples = np.frombuffer(clip.pcm, dtype="<i2").astype(np.int32)
    spread = dynamic_range_db(samples)
    noisy = spread < DENOISE_BELOW_DB
    if noisy:
        samples = _suppress_noise(samples)
    pitch = pitch_hz(samples)
    floor = DITHER_RMS
    if not noisy and pitch < HIGH_VOICE_HZ:
        floor = max(floor, _loudness(samples) * 10 ** (-DITHER_BELOW_SPEECH_DB / 20))
    rng = np.random.default_rng(seed)
    samples = samples + np.round(rng.normal(0.0, floor, size=samples.shape)).astype(np.int32)
    samples = _trim(samples)
    out = np.clip(samples, -32768, 32767).astype("<i2").tobytes()
    return Clip(out, clip.source, pitch_hz=pitch)


def pitch_hz(samples: np.ndarray, *, frame: int = 640, hop: int = 320) -> float:
    """Median fundamental frequency of the voiced 40 ms frames (autocorrelation peak between
    70 and 400 Hz), or 0.0 when nothing sounds voiced."""
    count = 1 + (len(samples) - frame) // hop if len(samples) >= frame else 0
    if count < 1:
        return 0.0
    frames = np.lib.stride_tricks.sliding_window_view(samples.astype(np.float64), frame)[::hop]
    frames = frames[:count] - frames[:count].mean(axis=1, keepdims=True)
    level = np.sqrt((frames**2).mean(axis=1))
    frames = frames[level >= 0.3 * np.percentile(level, 90)]
    power = np.abs(np.fft.rfft(frames, n=2 * frame, axis=1)) ** 2
    correlation = np.fft.irfft(power, axis=1)[:, :frame]
    shortest, longest = RATE // 400, RATE // 70
    lags = shortest + np.argmax(correlation[:, shortest:longest], axis=1)
    peaks = correlation[np.arange(len(lags)), lags]
    voiced = peaks > 0.4 * np.maximum(correlation[:, 0], 1e-9)
    if not voiced.any():
        return 0.0
    return float(np.median(RATE / lags[voiced]))


def _frame_rms(samples: np.ndarray, *, frame: int = 320) -> np.ndarray:
    """RMS of each whole 20 ms frame (the last partial frame is left out)."""
    count = len(samples) // frame
    frames = samples[: count * frame].reshape(count, frame).astype(np.float64)
    rms: np.ndarray = np.sqrt((frames**2).mean(axis=1))
    return rms


def _loudness(samples: np.ndarray) -> float:
    """RMS of the loud (95th-percentile) 20 ms frames: the level of the speech."""
    rms = _frame_rms(samples)
    return float(np.percentile(rms, 95)) if rms.size else 0.0


def dynamic_range_db(samples: np.ndarray) -> float:
    """Loud frames over quiet frames, in dB: about 44 for clean speech, 17 at 10 dB SNR."""
    rms = _frame_rms(samples)
    if rms.size < 3:
        return 100.0
    level = 20 * np.log10(rms + 1e-9)
    return float(np.percentile(level, 95) - np.percentile(level, 10))


def _suppress_noise(samples: np.ndarray) -> np.ndarray:
    """RNNoise, a recurrent network trained on real speech and noise, cleans each 10 ms frame.
    It works at 48 kHz, so the clip is resampled up and back (soxr). Measured on all 362 dev
    cases in noise, order accuracy at 10 dB SNR rose from 0.655 to 0.787 and at 5 dB from 0.561
    to 0.704 against spectral gating (noisereduce's algorithm); WebRTC's noise suppression at
    its strongest gave 0.707 and 0.420.

    The network costs about 1.5 ms a frame, as much as decoding, so the clip is cut into one
    part per core, cleaned in parallel (ctypes lets go of the GIL); each part but the first is
    preceded by `RNNOISE_WARMUP_FRAMES` of the audio before it, whose output is dropped, so its
    recurrent state has settled by the time its own frames come."""
    rnnoise = _rnnoise()
    frame = int(rnnoise.rnnoise_get_frame_size())
    audio = soxr.resample(samples.astype(np.float32), RATE, RNNOISE_RATE)
    audio = np.pad(audio, (0, -len(audio) % frame)).astype(np.float32)
    frames = len(audio) // frame
    parts = max(1, min(os.cpu_count() or 1, frames // RNNOISE_PART_FRAMES))
    bounds = [frames * part // parts for part in range(parts + 1)]
    cleaned = np.empty_like(audio)

    def clean(part: int) -> None:
        start, end = bounds[part], bounds[part + 1]
        warm = max(0, start - RNNOISE_WARMUP_FRAMES)
        chunk = audio[warm * frame : end * frame].copy()  # cleaned in place
        pointer = ctypes.POINTER(ctypes.c_float)
        state = rnnoise.rnnoise_create(None)
        try:
            for offset in range(0, len(chunk), frame):
                data = ctypes.cast(chunk.ctypes.data + offset * chunk.itemsize, pointer)
                rnnoise.rnnoise_process_frame(state, data, data)
        finally:
            rnnoise.rnnoise_destroy(state)
        cleaned[start * frame : end * frame] = chunk[(start - warm) * frame :]

    if parts == 1:
        clean(0)
    else:
        with ThreadPoolExecutor(parts) as pool:
            list(pool.map(clean, range(parts)))
    out = soxr.resample(cleaned, RNNOISE_RATE, RATE)[: len(samples)]
    out = np.pad(out, (0, len(samples) - len(out)))
    return np.round(out).astype(np.int32)


@functools.cache
def _rnnoise() -> Any:
    """The RNNoise library the `pyrnnoise` wheel ships, checked against its sha256 and loaded
    with ctypes alone, not through the package: its `__init__` imports its audio-file stack
    (PyAV, about 40 MB of the memory budget), and the C library is all this module uses."""
    spec = importlib.util.find_spec("pyrnnoise")
    folders = list(spec.submodule_search_locations or []) if spec else []
    present = [Path(folders[0]) / name for name in RNNOISE_LIBRARIES] if folders else []
    library = next((path for path in present if path.is_file()), None)
    if library is None:
        raise RecognizerUnavailable(f"noisy audio needs RNNoise: {RNNOISE_HINT}")
    with open(library, "rb") as handle:
        digest = hashlib.file_digest(handle, "sha256").hexdigest()
    if digest not in RNNOISE_LIBRARIES[library.name]:
        raise RecognizerUnavailable(
            f"the RNNoise library {library} is not the pinned build (sha256 differs): "
            f"{RNNOISE_HINT}"
        )
    lib = ctypes.CDLL(str(library))
    lib.rnnoise_create.argtypes = [ctypes.c_void_p]
    lib.rnnoise_create.restype = ctypes.c_void_p
    lib.rnnoise_destroy.argtypes = [ctypes.c_void_p]
    lib.rnnoise_get_frame_size.restype = ctypes.c_int
    pointer = ctypes.POINTER(ctypes.c_float)
    lib.rnnoise_process_frame.argtypes = [ctypes.c_void_p, pointer, pointer]
    lib.rnnoise_process_frame.restype = ctypes.c_float
    return lib


def _trim(samples: np.ndarray, *, frame: int = 320, pad_frames: int = 15) -> np.ndarray:
    rms = _frame_rms(samples, frame=frame)
    if rms.size < 3:
        return samples
    level = 20 * np.log10((rms + 1e-9) / 32768.0)
    floor = np.percentile(level, 10)
    threshold = max(floor + 12.0, level.max() - 45.0)
    voiced = np.flatnonzero(level > threshold)
    if voiced.size == 0:
        return samples
    start = max(0, (int(voiced[0]) - pad_frames) * frame)
    end = min(len(samples), (int(voiced[-1]) + 1 + pad_frames) * frame)
    return samples[start:end]
