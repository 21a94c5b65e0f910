"""Offline speech: audio files and microphones in, transcripts with alternatives out.

The only module that imports `speech_recognition` and `pocketsphinx`. PocketSphinx is biased
towards the loaded menu: a language model and a pronunciation dictionary are compiled from
sentences generated from the feed (`ordering.speech_corpus`), cached on disk by menu checksum.

    SpeechError (ordering.errors.OrderingError)
    ├── AudioError              a file that is empty, not audio, truncated or too long
    ├── NoMicrophone            PyAudio or an input device is missing
    └── RecognizerUnavailable   the chosen engine or its model is not installed
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import importlib.util
import io
import os
import shutil
import tempfile
import time
import wave
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import soxr

from menu.model import Menu
from ordering.errors import OrderingError
from ordering.pronounce import espeak_pronunciations, pronounce
from ordering.speech_corpus import CORPUS_VERSION, corpus, vocabulary

RATE = 16000
RNNOISE_RATE = 48000  # RNNoise's only rate
RNNOISE_PART_FRAMES = 100  # parts cleaned in parallel are at least 1 s long
RNNOISE_WARMUP_FRAMES = 50  # each part after the first starts 0.5 s early
MAX_SECONDS = 30.0
DENOISE_BELOW_DB = 25.0  # dynamic range under which the clip is treated as noisy
DITHER_RMS = 32.0  # about -60 dBFS: the noise floor of a real microphone
# The dither is at least this far below the loudness of the speech itself (see `condition`).
# Measured over all dev cases of the four clean conditions: 28 dB 0.803, 32 dB 0.821, 35 dB
# 0.811, 38 dB 0.813, 41 dB 0.792, 44 dB 0.777 (the floor alone: 0.774).
DITHER_BELOW_SPEECH_DB = 32.0
# Voices pitched above this (most women's and children's) are heard through a model whose
# frequency axis is compressed by `HIGH_VOICE_WARP` (PocketSphinx's vocal-tract-length
# warping), bringing their higher formants to where the model's mostly male training voices
# put them. Measured on all 362 dev cases in the female voice, order accuracy rose from 0.71 to
# 0.75 at 1.32 (0.73 at 1.25, 0.74 at 1.40 and 1.48). There, men's voices measure 80-115 Hz,
# the woman's 160-240.
HIGH_VOICE_HZ = 150.0
HIGH_VOICE_WARP = 1.32
# Probability mass the language model keeps for word sequences the corpus never showed: small
# enough that menu phrasings dominate, large enough that an unforeseen phrasing is still heard.
DISCOUNT_MASS = 0.05
# espeak-ng's pronunciations in these accents join the dictionary's as variants (a word said the
# way its origin says it: "croissant" without its t). en-gb was measured too: its variants made
# "a large" sound like "orange" and cost US speech as much as they gained British speech; a
# non-rhotic variant of every word ("large" without its r) gained nothing either.
ACCENTS = ("en-us",)
# These accents' pronunciations join only where they differ from a variant already there in
# vowels alone, phone for phone (British "hot", "tall", "hash"): measured on all dev cases,
# clean-gb 0.704 → 0.729, female 0.746 → 0.768, noise10 0.635 → 0.655, none lower. Dropped
# or added consonants are what made "a large" sound like "orange" above.
VOWEL_ACCENTS = ("en-gb",)
_ARPABET_VOWELS = frozenset("AA AE AH AO AW AY EH ER EY IH IY OW OY UH UW".split())
# Decoder settings PocketSphinx reads from the acoustic model's feat.params (SpeechRecognition's
# recognize_sphinx takes no others). Measured on the dev audio: twice the Gaussians per frame
# (topn) and a heavier language weight in all three passes raised order accuracy by about 4
# points, most in noise, at a real-time factor still near 0.1.
DECODER_SETTINGS = (("-topn", "8"), ("-lw", "8"), ("-fwdflatlw", "10"), ("-bestpathlw", "11"))
_ACOUSTIC_FILES = ("mdef", "means", "noisedict", "sendump", "transition_matrices", "variances")


class SpeechError(OrderingError):
    pass


class AudioError(SpeechError):
    pass


class NoMicrophone(SpeechError):
    pass


class RecognizerUnavailable(SpeechError):
    pass


@dataclass(frozen=True, slots=True)
class Clip:
    """Audio ready for the recogniser: 16 kHz mono 16-bit little-endian PCM."""

    pcm: bytes
    source: str
    pitch_hz: float | None = None  # the voice's median pitch, once `condition` measured it

    @property
    def seconds(self) -> float:
        return len(self.pcm) / 2 / RATE


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


def _speech_recognition() -> Any:
    """Import SpeechRecognition lazily, hiding its use of modules Python 3.13 removes."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, message=".*(aifc|audioop)")
        import speech_recognition

    return speech_recognition


# --- audio in ---------------------------------------------------------------------------------


def load_audio(path: Path | str, *, max_seconds: float = MAX_SECONDS) -> Clip:
    """Read a WAV, AIFF or FLAC file of any rate and channel count as a 16 kHz mono clip."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise AudioError(f"{path}: no such file") from None
    except OSError as error:
        raise AudioError(f"{path}: cannot read: {error.strerror}") from None
    return decode_audio(data, source=str(path), max_seconds=max_seconds)


def decode_audio(data: bytes, *, source: str, max_seconds: float = MAX_SECONDS) -> Clip:
    """Decode audio bytes (WAV/AIFF/FLAC) through SpeechRecognition into a clip."""
    sr = _speech_recognition()

    if not data:
        raise AudioError(f"{source}: the file is empty")
    _check_duration(data, source, max_seconds)
    try:
        # SpeechRecognition tries WAV, then AIFF, then FLAC on the same file object without
        # rewinding it, so anything but WAV is only read correctly from a named file.
        with tempfile.NamedTemporaryFile(suffix=".audio") as handle:
            handle.write(data)
            handle.flush()
            with sr.AudioFile(handle.name) as stream:
                audio = sr.Recognizer().record(stream)
        pcm = audio.get_raw_data(convert_rate=RATE, convert_width=2)
    except (ValueError, EOFError, wave.Error, OSError, AssertionError) as error:
        raise AudioError(
            f"{source}: not a readable WAV, AIFF or FLAC file ({error or 'truncated'})"
        ) from None
    except Exception as error:  # aifc/flac decoders raise assorted errors on bad input
        raise AudioError(f"{source}: cannot decode audio ({type(error).__name__})") from None
    if not pcm:
        raise AudioError(f"{source}: the file holds no audio samples")
    clip = Clip(pcm, source)
    if clip.seconds > max_seconds:
        raise AudioError(
            f"{source}: {clip.seconds:.1f} s is longer than the {max_seconds:g} s limit"
        )
    return clip


def _check_duration(data: bytes, source: str, max_seconds: float) -> None:
    """Refuse over-long WAV files from their header, before decoding them whole."""
    if data[:4] != b"RIFF":
        return
    try:
        with wave.open(io.BytesIO(data)) as stream:
            frames, rate = stream.getnframes(), stream.getframerate()
    except (wave.Error, EOFError):
        return  # let the decoder say what is wrong
    if rate and frames / rate > max_seconds:
        raise AudioError(
            f"{source}: {frames / rate:.1f} s is longer than the {max_seconds:g} s limit"
        )


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
    """The RNNoise library the `pyrnnoise` wheel ships, through that wheel's own ctypes
    bindings (`pyrnnoise/rnnoise.py`), loaded without the package's `__init__`: that imports
    its audio-file stack (PyAV), about 40 MB of the memory budget we do not need."""
    spec = importlib.util.find_spec("pyrnnoise")
    folders = list(spec.submodule_search_locations or []) if spec else []
    bindings = Path(folders[0]) / "rnnoise.py" if folders else None
    if bindings is None or not bindings.is_file():
        raise RecognizerUnavailable(
            "noisy audio needs RNNoise: pip install pyrnnoise (scripts/setup installs it)"
        )
    module_spec = importlib.util.spec_from_file_location("_pyrnnoise_bindings", bindings)
    assert module_spec is not None and module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return module.lib


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


# --- the menu-biased model --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpeechModel:
    """Files PocketSphinx loads: acoustic model folder, language model, dictionary; and the
    acoustic model folder for high voices (`HIGH_VOICE_HZ`), when there is one."""

    acoustic_dir: Path
    lm_path: Path
    dict_path: Path
    high_voice_acoustic_dir: Path | None = None

    def acoustic_dir_for(self, clip: Clip) -> Path:
        if self.high_voice_acoustic_dir and (clip.pitch_hz or 0.0) >= HIGH_VOICE_HZ:
            return self.high_voice_acoustic_dir
        return self.acoustic_dir


def pocketsphinx_model_dir() -> Path:
    """The US English model inside the pocketsphinx wheel (better than SpeechRecognition's copy)."""
    try:
        import pocketsphinx
    except ImportError:
        raise RecognizerUnavailable(
            "pocketsphinx is not installed (pip install pocketsphinx)"
        ) from None
    return Path(pocketsphinx.__file__).parent / "model" / "en-us"


def _cmudict(model_dir: Path) -> dict[str, list[str]]:
    entries: dict[str, list[str]] = {}
    with open(model_dir / "cmudict-en-us.dict", encoding="utf-8") as handle:
        for line in handle:
            word, _, phones = line.strip().partition(" ")
            entries.setdefault(word.split("(")[0], []).append(phones.strip())
    return entries


def compile_model(
    sentences: Callable[[], Sequence[str]], cache_dir: Path, name: str, *, source: str
) -> SpeechModel:
    """Language model + dictionary for the sentences, cached in `cache_dir` under a key made
    from `source` (what the sentences are generated from): the sentences are generated only
    when the cache misses, so a cached model costs no time or memory at start-up."""
    from pocketsphinx import NGramModel
    from pocketsphinx.lm import ArpaBoLM

    model_dir = pocketsphinx_model_dir()
    recipe = f"{CORPUS_VERSION} {DISCOUNT_MASS} {ACCENTS} {VOWEL_ACCENTS}\n{source}"
    key = hashlib.sha256(recipe.encode()).hexdigest()[:16]
    folder = cache_dir / f"{name}-{key}"
    wheel_dir = model_dir / "en-us"
    warped = (("-warp_type", "inverse_linear"), ("-warp_params", str(HIGH_VOICE_WARP)))
    model = SpeechModel(
        _tuned_acoustic_dir(wheel_dir, cache_dir, DECODER_SETTINGS),
        folder / "model.lm.bin",  # binary: PocketSphinx loads it in 0.02 s, ARPA text in 0.09 s
        folder / "model.dict",
        _tuned_acoustic_dir(wheel_dir, cache_dir, (*DECODER_SETTINGS, *warped)),
    )
    if model.lm_path.exists() and model.dict_path.exists():
        return model
    folder.mkdir(parents=True, exist_ok=True)
    lines_of_text = sentences()
    words = vocabulary(lines_of_text)
    known = _cmudict(model_dir)
    plain = [word for word in words if "'" not in word]
    with ThreadPoolExecutor(1 + len(ACCENTS) + len(VOWEL_ACCENTS)) as espeak:
        # espeak-ng runs in processes of its own while the language model is computed here.
        guessing = espeak.submit(pronounce, [word for word in words if word not in known])
        accenting = [
            (espeak.submit(espeak_pronunciations, plain, voice=voice), vowels_only)
            for voices, vowels_only in ((ACCENTS, False), (VOWEL_ACCENTS, True))
            for voice in voices
        ]
        language_model = ArpaBoLM(
            text="\n".join(lines_of_text), add_start=True, discount_mass=DISCOUNT_MASS
        )
        language_model.compute()
        arpa = folder / f"model.arpa.{os.getpid()}"
        language_model.write_file(str(arpa))
        partial = folder / f"model.lm.bin.{os.getpid()}"
        NGramModel.readfile(str(arpa)).write(str(partial), NGramModel.str_to_type("bin"))
        arpa.unlink()
        guessed = guessing.result()
        accents = [(job.result(), vowels_only) for job, vowels_only in accenting]
    lines = []
    for word in words:
        variants = list(known.get(word) or [guessed[word]])
        for accent, vowels_only in accents:
            phones = accent.get(word)
            if not phones or phones in variants:
                continue
            if not vowels_only or any(_vowels_apart(phones, v) for v in variants):
                variants.append(phones)
        for n, phones in enumerate(variants):
            lines.append(f"{word}({n + 1}) {phones}" if n else f"{word} {phones}")
    dict_partial = folder / f"model.dict.{os.getpid()}"
    dict_partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(dict_partial, model.dict_path)  # atomic: concurrent compilers never see halves
    os.replace(partial, model.lm_path)
    return model


def _vowels_apart(one: str, other: str) -> bool:
    """Same consonants in the same places, vowels free: "HH AO T" and "HH AA T"."""
    first, second = one.split(), other.split()
    return len(first) == len(second) and all(
        a == b or (a in _ARPABET_VOWELS and b in _ARPABET_VOWELS)
        for a, b in zip(first, second, strict=True)
    )


def _tuned_acoustic_dir(
    wheel_dir: Path, cache_dir: Path, settings: Sequence[tuple[str, str]]
) -> Path:
    """The wheel's acoustic model with `settings` added to its feat.params: links to its
    files (copies where links are not allowed) in a folder of the cache."""
    params = (wheel_dir / "feat.params").read_text(encoding="utf-8")
    params += "".join(f"{flag} {value}\n" for flag, value in settings)
    key = hashlib.sha256(f"{wheel_dir}\n{params}".encode()).hexdigest()[:16]
    folder = cache_dir / f"acoustic-{key}"
    if (folder / "feat.params").exists():
        return folder
    partial = cache_dir / f"acoustic-{key}.{os.getpid()}"
    partial.mkdir(parents=True, exist_ok=True)
    for name in _ACOUSTIC_FILES:
        try:
            (partial / name).symlink_to(wheel_dir / name)
        except OSError:
            shutil.copyfile(wheel_dir / name, partial / name)
    (partial / "feat.params").write_text(params, encoding="utf-8")
    try:
        os.replace(partial, folder)  # atomic: concurrent compilers never see halves
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)  # another process finished first
    return folder


def compile_menu_model(menu: Menu, cache_dir: Path) -> SpeechModel:
    """The language model for ordering from `menu` (cached: compiled once per menu)."""
    return compile_model(lambda: corpus(menu), cache_dir, "menu", source=repr(menu))


def compile_answer_model(answers: Iterable[str], menu: Menu, cache_dir: Path) -> SpeechModel:
    """A small model for the answers to one question, plus generic turns (yes, no, that's all),
    so a customer who says something else is still heard."""
    from ordering.speech_corpus import INTENT_PHRASES, spoken

    expected = [spoken(answer) for answer in answers]

    def sentences() -> list[str]:
        return [s for s in [*expected * 5, *INTENT_PHRASES] if s]

    return compile_model(sentences, cache_dir, "answer", source="\n".join(expected))


# --- recognisers ------------------------------------------------------------------------------


class SphinxRecognizer:
    """PocketSphinx through SpeechRecognition's `recognize_sphinx`, with N-best alternatives."""

    def __init__(self, model: SpeechModel, *, n_best: int = 10) -> None:
        self.model = model
        self.n_best = n_best

    def transcribe(self, clip: Clip) -> Transcription:
        sr = _speech_recognition()

        audio = sr.AudioData(clip.pcm, RATE, 2)
        language = (
            str(self.model.acoustic_dir_for(clip)),
            str(self.model.lm_path),
            str(self.model.dict_path),
        )
        started = time.perf_counter()
        try:
            decoder: Any = sr.Recognizer().recognize_sphinx(audio, language=language, show_all=True)
        except sr.RequestError as error:
            raise RecognizerUnavailable(f"PocketSphinx: {error}") from None
        alternatives: list[str] = []
        best = decoder.hyp()
        if best is not None and best.hypstr.strip():
            alternatives.append(_clean(best.hypstr))
        for n, hypothesis in enumerate(decoder.nbest()):
            if n >= self.n_best:
                break
            if hypothesis is None:
                continue
            text = _clean(hypothesis.hypstr)
            if text and text not in alternatives:
                alternatives.append(text)
        return Transcription(tuple(alternatives), time.perf_counter() - started, clip.seconds)


def _clean(hypothesis: str) -> str:
    words = [w for w in hypothesis.split() if not (w.startswith("<") or w.startswith("["))]
    return " ".join(w.split("(")[0] for w in words)


ENGINES = ("sphinx", "vosk", "whisper", "faster-whisper")


class SpeechRecognitionEngine:
    """Another engine SpeechRecognition supports, used when the user installed it and its model.

    Nothing is downloaded: a missing package or model is a clear `RecognizerUnavailable`.
    """

    def __init__(self, engine: str, model: str | None) -> None:
        if engine not in ENGINES[1:]:
            raise RecognizerUnavailable(f"unknown speech engine '{engine}' (choose from {ENGINES})")
        module = {"vosk": "vosk", "whisper": "whisper", "faster-whisper": "faster_whisper"}[engine]
        try:
            __import__(module)
        except ImportError:
            raise RecognizerUnavailable(
                f"the '{engine}' engine is not installed (pip install {engine.replace('_', '-')}); "
                "the built-in 'sphinx' engine works offline with no extra install"
            ) from None
        if not model or not Path(model).exists():
            raise RecognizerUnavailable(
                f"the '{engine}' engine needs a local model: set BREAKFAST_SPEECH_MODEL to its "
                "path (models are never downloaded at run time)"
            )
        self.engine = engine
        self.model = model

    def transcribe(self, clip: Clip) -> Transcription:  # pragma: no cover - needs user models
        sr = _speech_recognition()

        audio = sr.AudioData(clip.pcm, RATE, 2)
        recognizer = sr.Recognizer()
        started = time.perf_counter()
        try:
            if self.engine == "vosk":
                from vosk import Model  # type: ignore[import-not-found]

                recognizer.vosk_model = Model(self.model)
                text = str(recognizer.recognize_vosk(audio))
            elif self.engine == "whisper":
                text = str(
                    recognizer.recognize_whisper(audio, model=self.model, language="english")
                )
            else:
                text = str(
                    recognizer.recognize_faster_whisper(audio, model=self.model, language="en")
                )
        except sr.UnknownValueError:
            text = ""
        return Transcription(
            (text.lower(),) if text else (), time.perf_counter() - started, clip.seconds
        )


# --- microphone -------------------------------------------------------------------------------


def listen_once(
    *,
    timeout: float = 8.0,
    phrase_limit: float = 15.0,
    on_listening: Callable[[], None] = lambda: None,
) -> Clip:
    """Record one phrase from the default microphone, after calibrating for ambient noise;
    `on_listening` is called once the microphone is open and calibrated."""
    sr = _speech_recognition()

    try:
        microphone = sr.Microphone(sample_rate=RATE)
    except (AttributeError, OSError) as error:
        raise NoMicrophone(
            f"no microphone available ({error}); install PyAudio and connect an input device, "
            "or pass audio files to `breakfast hear`"
        ) from None
    recognizer = sr.Recognizer()
    try:
        with microphone as source:
            recognizer.adjust_for_ambient_noise(source, duration=0.5)
            on_listening()
            audio = recognizer.listen(source, timeout=timeout, phrase_time_limit=phrase_limit)
    except sr.WaitTimeoutError:
        raise AudioError(f"heard nothing for {timeout:g} s") from None
    except OSError as error:
        raise NoMicrophone(f"the microphone failed: {error}") from None
    return Clip(audio.get_raw_data(convert_rate=RATE, convert_width=2), "microphone")
