"""Real audio through the real recogniser: no mocks. Speech is made with espeak-ng."""

from __future__ import annotations

import shutil
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from menu.model import Menu
from menu.pricing import Line
from ordering.speech import (
    DITHER_RMS,
    HIGH_VOICE_HZ,
    HIGH_VOICE_WARP,
    RATE,
    AudioError,
    AudioLimits,
    Clip,
    RecognizerUnavailable,
    SphinxRecognizer,
    Transcription,
    compile_answer_model,
    compile_menu_model,
    condition,
    conditioning,
    decode_audio,
    dynamic_range_db,
    load_audio,
    pitch_hz,
)
from ordering.speech.hearing import choose, hear
from ordering.understanding import compile_lexicon, parse

SAMPLES = Path(__file__).parents[2] / "ordering" / "data" / "samples"


def write_wav(path: Path, samples: np.ndarray, rate: int, channels: int = 1) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(np.asarray(samples, dtype="<i2").tobytes())
    return path


def speak(text: str, path: Path) -> Path:
    """espeak-ng's own WAV (22.05 kHz, long runs of exact digital zeros)."""
    assert shutil.which("espeak-ng"), "espeak-ng is required (scripts/setup installs it)"
    subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(path), text], check=True)
    return path


@pytest.fixture(scope="module")
def recognizer(reference_menu: Menu, tmp_path_factory: pytest.TempPathFactory) -> SphinxRecognizer:
    return SphinxRecognizer(compile_menu_model(reference_menu, tmp_path_factory.mktemp("models")))


def test_any_rate_and_channel_count_becomes_16k_mono(tmp_path: Path) -> None:
    tone = (np.sin(np.arange(44100) * 2 * np.pi * 440 / 44100) * 8000).astype(np.int16)
    stereo = np.repeat(tone, 2)
    clip = load_audio(write_wav(tmp_path / "stereo.wav", stereo, 44100, channels=2))
    assert abs(clip.seconds - 1.0) < 0.01
    assert len(clip.pcm) == 2 * RATE


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"this is not audio at all" * 10, "not a readable"),
        (b"RIFF\x24\x00\x00\x00WAVEfmt ", "not a readable"),
    ],
    ids=["empty", "not-audio", "truncated"],
)
def test_bad_files_are_named_in_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.wav"
    path.write_bytes(content)
    with pytest.raises(AudioError, match=message) as caught:
        load_audio(path)
    assert str(path) in str(caught.value)


def test_missing_and_overlong_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="no such file"):
        load_audio(tmp_path / "nope.wav")
    long = write_wav(tmp_path / "long.wav", np.zeros(RATE * 3, dtype=np.int16), RATE)
    with pytest.raises(AudioError, match="longer than the 2 s limit"):
        load_audio(long, limits=AudioLimits(max_seconds=2))


def test_aiff_and_flac_are_read(tmp_path: Path) -> None:
    import soundfile

    wav = speak("a latte please", tmp_path / "latte.wav")
    clip = load_audio(wav)
    samples = np.frombuffer(clip.pcm, dtype="<i2")
    for name in ("latte.flac", "latte.aiff"):
        soundfile.write(tmp_path / name, samples, RATE, subtype="PCM_16")
        assert load_audio(tmp_path / name).pcm == clip.pcm


def test_digital_silence_is_dithered_and_silence_trimmed(tmp_path: Path) -> None:
    silence = np.zeros(RATE, dtype=np.int16)
    tone = (np.sin(np.arange(RATE) * 2 * np.pi * 300 / RATE) * 6000).astype(np.int16)
    raw = np.concatenate([silence, tone, silence])
    clip = condition(
        decode_audio(write_wav(tmp_path / "d.wav", raw, RATE).read_bytes(), source="d")
    )
    samples = np.frombuffer(clip.pcm, dtype="<i2")
    assert np.count_nonzero(samples == 0) < len(samples) * 0.05
    assert 1.0 <= clip.seconds <= 1.65  # one second of tone and 300 ms of silence either side


def voiced(f0: float, seconds: float = 1.0, *, level: float = 6000.0) -> np.ndarray:
    """A buzz of harmonics at `f0`, like a held vowel."""
    t = np.arange(int(RATE * seconds)) / RATE
    wave_ = sum(np.sin(2 * np.pi * f0 * k * t) / k for k in range(1, 12) if f0 * k < RATE / 2)
    return wave_ / np.abs(wave_).max() * level


@pytest.mark.parametrize("f0", [95.0, 120.0, 210.0, 260.0])
def test_pitch_is_measured_on_voiced_frames(f0: float) -> None:
    quiet = np.zeros(RATE // 2)
    samples = np.concatenate([quiet, voiced(f0), quiet]).astype(np.int32)
    assert pitch_hz(samples) == pytest.approx(f0, rel=0.04)
    assert pitch_hz(np.zeros(RATE, dtype=np.int32)) == 0.0
    assert pitch_hz(np.zeros(100, dtype=np.int32)) == 0.0


def test_a_low_clean_voice_gets_a_floor_under_its_own_loudness_a_high_one_does_not() -> None:
    def floor_of(f0: float) -> tuple[float, float]:
        raw = np.concatenate([np.zeros(RATE), voiced(f0, level=12000), np.zeros(RATE)])
        clip = condition(Clip(raw.astype("<i2").tobytes(), "v"))
        samples = np.frombuffer(clip.pcm, dtype="<i2").astype(np.float64)
        assert clip.pitch_hz is not None
        return float(np.sqrt((samples[:2000] ** 2).mean())), clip.pitch_hz

    low_floor, low_pitch = floor_of(100.0)
    high_floor, high_pitch = floor_of(220.0)
    assert low_pitch < HIGH_VOICE_HZ <= high_pitch
    assert high_floor == pytest.approx(DITHER_RMS, rel=0.2)
    assert low_floor > 2 * DITHER_RMS


def test_noisy_audio_is_recognised_as_noisy() -> None:
    rng = np.random.default_rng(0)
    speechlike = np.sin(np.arange(RATE * 2) / 8) * (np.arange(RATE * 2) % 4000 < 2000) * 8000
    clean = speechlike + rng.normal(0, 30, RATE * 2)
    noisy = speechlike + rng.normal(0, 2500, RATE * 2)
    assert dynamic_range_db(clean) > 30 > dynamic_range_db(noisy)


def test_speech_in_loud_noise_is_cleaned_before_it_is_heard(
    reference_menu: Menu, recognizer: SphinxRecognizer, tmp_path: Path
) -> None:
    """White noise 5 dB under the speech: spectral gating, the suppressor before RNNoise, let
    PocketSphinx hear "let me get i'd also like oatmeal" here."""
    spoken = load_audio(speak("one medium iced americano with oat milk", tmp_path / "n.wav"))
    speech = np.frombuffer(spoken.pcm, dtype="<i2").astype(np.float64)
    speech = np.concatenate([np.zeros(RATE // 2), speech, np.zeros(RATE // 2)])
    power = float(np.mean(speech[np.abs(speech) > 50] ** 2))
    noise = np.random.default_rng(1).normal(0.0, np.sqrt(power / 10 ** (5 / 10)), len(speech))
    noisy = Clip(np.clip(speech + noise, -32768, 32767).astype("<i2").tobytes(), "noisy")
    assert dynamic_range_db(np.frombuffer(noisy.pcm, dtype="<i2")) < 20
    lexicon = compile_lexicon(reference_menu)
    heard = hear(noisy, recognizer=recognizer, lexicon=lexicon)
    # "oat milk" or the dictionary's "oatmilk": the same words to the parser
    assert "iced americano" in heard.transcript and "oat" in heard.transcript
    assert heard.parse.to_dict() == parse(lexicon, "one medium iced americano").to_dict()
    assert [(line.id, line.quantity) for line in heard.parse.items] == [("americano", 1)]
    assert heard.decode_seconds < heard.audio_seconds


def test_an_rnnoise_library_other_than_the_pinned_build_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The network's weights are compiled into the library: another build hears otherwise."""
    conditioning._rnnoise.cache_clear()
    for name in conditioning.RNNOISE_LIBRARIES:
        monkeypatch.setitem(conditioning.RNNOISE_LIBRARIES, name, ("0" * 64,))
    try:
        with pytest.raises(RecognizerUnavailable, match="sha256"):
            conditioning._rnnoise()
    finally:
        conditioning._rnnoise.cache_clear()


# Run in a fresh interpreter in which every module pyrnnoise requires but the project does not
# fails to import: RNNoise must clean audio with its library alone.
WITHOUT_PYRNNOISE_DEPENDENCIES = """
import importlib.abc, importlib.metadata as metadata, re, sys
import numpy as np
def names(distribution):
    requirements = metadata.requires(distribution) or []
    plain = (r for r in requirements if "extra ==" not in r)
    return {re.split(r"[^A-Za-z0-9_.-]", r, maxsplit=1)[0].lower().replace("-", "_") for r in plain}
blocked = names("pyrnnoise") - names("breakfast-voice")
class Blocked(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in blocked:
            raise ImportError(name + " is blocked")
sys.meta_path.insert(0, Blocked())
from ordering.speech import conditioning
hiss = np.round(np.random.default_rng(0).normal(0, 3000, 32000)).astype(np.int32)
cleaned = conditioning._suppress_noise(hiss)
assert "pyrnnoise" not in sys.modules, "pyrnnoise's Python package was imported"
print(",".join(sorted(blocked)), float(np.std(hiss)), float(np.std(cleaned)))
"""


def test_rnnoise_cleans_audio_without_pyrnnoise_s_own_dependencies() -> None:
    """scripts/setup installs pyrnnoise without its dependencies (about 98 MB, for its plotting
    and file-conversion command line), so its Python package must never be imported."""
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_PYRNNOISE_DEPENDENCIES],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    blocked, noise_before, noise_after = done.stdout.rsplit(" ", 2)
    assert "matplotlib" in blocked.split(",")
    assert float(noise_after) < 0.5 * float(noise_before)


def test_espeak_speech_is_recognised_with_the_menu_model(
    recognizer: SphinxRecognizer, tmp_path: Path
) -> None:
    clip = condition(load_audio(speak("two egg tarts and a large latte", tmp_path / "o.wav")))
    heard = recognizer.transcribe(clip)
    assert "egg tarts" in heard.text and "latte" in heard.text
    assert heard.decode_seconds < heard.audio_seconds  # faster than real time
    assert len(heard.alternatives) >= 2


def test_bundled_samples_are_recognised(recognizer: SphinxRecognizer) -> None:
    samples = sorted(SAMPLES.glob("*.wav"))
    assert len(samples) >= 3
    heard = [recognizer.transcribe(condition(load_audio(path))).text for path in samples]
    assert any("congee" in text for text in heard)
    assert any("americano" in text for text in heard)


def test_menu_model_is_cached_by_content(reference_menu: Menu, tmp_path: Path) -> None:
    first = compile_menu_model(reference_menu, tmp_path)
    stamp = first.lm_path.stat().st_mtime_ns
    again = compile_menu_model(reference_menu, tmp_path)
    assert again == first and again.lm_path.stat().st_mtime_ns == stamp
    entries = {tuple(line.split(maxsplit=1)) for line in first.dict_path.read_text().splitlines()}
    words = {word for word, _ in entries}
    assert {"congee", "youtiao", "latte"} <= words
    # espeak-ng's pronunciations join the dictionary's as variants
    assert ("croissant(3)", "K W AA S AA") in entries
    # British pronunciations join only where they change vowels alone, never consonants
    assert ("burger(2)", "B ER G AH") in entries
    assert not any(
        word.startswith("large") and "R" not in phones.split() for word, phones in entries
    )
    # the decoder settings go to pocketsphinx.Config; high voices add the frequency warp
    plain = first.decoder_settings(high_voice=False)
    assert plain["topn"] == 8 and plain["hmm"] == str(first.acoustic_dir)
    assert (first.acoustic_dir / "means").is_file() and "warp_type" not in plain
    warped = first.decoder_settings(high_voice=True)
    assert warped["warp_params"] == str(HIGH_VOICE_WARP) and warped["topn"] == 8
    high, low = Clip(b"", "h", pitch_hz=HIGH_VOICE_HZ + 1), Clip(b"", "l", pitch_hz=110.0)
    assert first.is_high_voice(high)
    assert not first.is_high_voice(low) and not first.is_high_voice(Clip(b"", "unmeasured"))


def test_sphinx_keeps_one_decoder_per_voice(reference_menu: Menu, tmp_path: Path) -> None:
    recognizer = SphinxRecognizer(compile_menu_model(reference_menu, tmp_path))
    clip = recognizer.condition(load_audio(speak("two egg tarts", tmp_path / "t.wav")))
    first = recognizer.transcribe(clip)
    decoders = dict(recognizer._decoders)
    recognizer.transcribe(recognizer.condition(load_audio(speak("a latte", tmp_path / "l.wav"))))
    again = recognizer.transcribe(clip)
    fresh = SphinxRecognizer(recognizer.model).transcribe(clip)
    assert "egg tarts" in first.text
    # the same turn is heard the same way after another, as by a decoder just loaded
    assert again.alternatives == first.alternatives == fresh.alternatives
    assert recognizer._decoders == decoders and len(decoders) == 1  # loaded once, reused


def test_the_same_mechanism_compiles_a_second_menu(second_feed_menu: Menu, tmp_path: Path) -> None:
    model = compile_menu_model(second_feed_menu, tmp_path)
    recognizer = SphinxRecognizer(model)
    name = second_feed_menu.items[0].name.en
    heard = recognizer.transcribe(
        condition(load_audio(speak(f"one {name} please", tmp_path / "s.wav")))
    )
    assert heard.text  # the second menu's model loads and decodes
    assert isinstance(Clip(b"", "x").seconds, float)


def test_hearing_trusts_the_first_hypothesis_even_when_it_names_unknown_food(
    reference_menu: Menu, recognizer: SphinxRecognizer, tmp_path: Path
) -> None:
    lexicon = compile_lexicon(reference_menu)
    text, result, confidence = choose(("play some music", "a latte some music"), lexicon)
    assert text == "play some music" and result.intent == "out_of_scope"
    assert 0 < confidence < 1
    text, result, _ = choose(("a croissant please", "a tart please"), lexicon)
    assert text == "a croissant please" and result.unmatched == ("croissant",)
    clip = load_audio(speak("can I get a large latte", tmp_path / "l.wav"))
    heard = hear(clip, recognizer=recognizer, lexicon=lexicon)
    assert [line.id for line in heard.parse.items] == ["latte"]
    assert heard.parse.items[0].quantity == 1
    assert heard.audio_seconds == clip.seconds  # the clip as it came, not as trimmed


class HearsNothingUseful:
    """A recogniser that mishears everything (the menu model on a bad day)."""

    def condition(self, clip: Clip) -> Clip:
        return condition(clip)

    def transcribe(self, clip: Clip) -> Transcription:
        return Transcription(("play some music",), 0.01, clip.seconds)


def test_a_question_s_answers_get_a_second_listen(reference_menu: Menu, tmp_path: Path) -> None:
    from ordering.checkout.orders import Order
    from ordering.conversation.answers import expected_answers
    from ordering.conversation.dialog import Question

    order = Order.start(reference_menu).add_line(reference_menu, Line("latte"))
    answers = expected_answers(reference_menu, order, Question("group", 0, "coffee-size"))
    biased = SphinxRecognizer(compile_answer_model(answers, reference_menu, tmp_path))
    clip = load_audio(speak("large please", tmp_path / "large.wav"))
    lexicon = compile_lexicon(reference_menu)
    plain = hear(clip, recognizer=HearsNothingUseful(), lexicon=lexicon)
    assert plain.parse.intent == "out_of_scope"
    helped = hear(clip, recognizer=HearsNothingUseful(), lexicon=lexicon, expected=biased)
    assert "large" in helped.transcript
    assert helped.parse.items[0].pending == (("size-large", "size-large-drink"),)
