"""Whisper with its second ear, both real (no mocks): PocketSphinx, held to the menu, proposes
a reading and Whisper scores it against the same audio."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from menu.model import Menu
from ordering.speech import (
    SpeechError,
    SphinxRecognizer,
    Transcription,
    compile_menu_model,
    conditioning,
    dynamic_range_db,
)
from ordering.speech.audio import Clip, load_audio
from ordering.speech.conditioning import DENOISE_BELOW_DB
from ordering.speech.hearing import hear
from ordering.speech.readings import MenuWords
from ordering.speech.whisper import WhisperRecognizer
from ordering.understanding import compile_lexicon


def espeak(text: str, voice: str, path: Path) -> Clip:
    assert shutil.which("espeak-ng"), "espeak-ng is required (scripts/setup installs it)"
    subprocess.run(["espeak-ng", "-v", voice, "-w", str(path), text], check=True)
    return load_audio(path)


@pytest.fixture(scope="module")
def ears(
    reference_menu: Menu, tmp_path_factory: pytest.TempPathFactory
) -> tuple[WhisperRecognizer, WhisperRecognizer]:
    """Whisper alone, and Whisper with PocketSphinx beside it, on the reference menu."""
    folder = tmp_path_factory.mktemp("models")
    words = {"en": MenuWords.of(reference_menu)}
    second = SphinxRecognizer(compile_menu_model(reference_menu, folder))
    return (
        WhisperRecognizer("base", data_dir=folder, words=words),
        WhisperRecognizer("base", data_dir=folder, words=words, second_ear=second),
    )


@pytest.mark.parametrize(
    ("voice", "said", "wanted"),
    [
        ("en-gb", "a fried egg", ("sunny-egg", 1)),
        ("en-us", "two pidan congee", ("century-egg-congee", 2)),
    ],
)
def test_the_second_ear_hears_what_whisper_alone_mishears(
    ears: tuple[WhisperRecognizer, WhisperRecognizer],
    reference_menu: Menu,
    tmp_path: Path,
    voice: str,
    said: str,
    wanted: tuple[str, int],
) -> None:
    alone, paired = ears
    clip = espeak(said, voice, tmp_path / "said.wav")
    lexicon = compile_lexicon(reference_menu)
    mishear = hear(clip, recognizer=alone, lexicon=lexicon)
    heard = hear(clip, recognizer=paired, lexicon=lexicon)
    lines = [(line.id, line.quantity) for line in heard.parse.items]
    assert [(line.id, line.quantity) for line in mishear.parse.items] != [wanted]
    assert lines == [wanted], heard.transcript


class Deaf:
    def condition(self, clip: Clip) -> Clip:
        return clip

    def transcribe(self, clip: Clip) -> Transcription:
        raise SpeechError("the second ear's model is damaged")


def test_a_second_ear_that_fails_leaves_whisper_to_hear_alone(
    reference_menu: Menu, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    whisper = WhisperRecognizer(
        "tiny.en", data_dir=tmp_path, words={"en": MenuWords.of(reference_menu)}, second_ear=Deaf()
    )
    heard = whisper.transcribe(espeak("two egg tarts", "en-us", tmp_path / "said.wav"))
    assert "egg tart" in heard.text.lower()
    assert "the second ear did not hear this clip: the second ear's model is damaged" in caplog.text


def test_without_rnnoise_the_second_ear_leaves_noisy_clips_to_whisper(
    ears: tuple[WhisperRecognizer, WhisperRecognizer],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """RNNoise is installed apart (requirements-no-deps.txt): a plain `pip install` lacks it,
    and a noisy clip is then heard by Whisper alone, with the way to install it in the log."""
    clip = espeak("two egg tarts", "en-us", tmp_path / "said.wav")
    speech = np.frombuffer(clip.pcm, dtype="<i2").astype(np.float64)
    noise = np.random.default_rng(2).normal(0.0, 0.2 * speech.std(), speech.size)
    noisy = Clip(np.clip(speech + noise, -32768, 32767).astype("<i2").tobytes(), "noisy")
    assert dynamic_range_db(np.frombuffer(noisy.pcm, dtype="<i2")) < DENOISE_BELOW_DB
    _, whisper = ears  # Whisper with PocketSphinx beside it
    conditioning._rnnoise.cache_clear()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(conditioning, "RNNOISE_LIBRARIES", {"librnnoise-absent.so": ()})
            heard = whisper.transcribe(noisy)
    finally:
        conditioning._rnnoise.cache_clear()
    # Whisper's own reading, with nothing proposed (how well it hears noise alone is measured
    # in docs/benchmarks.md, not here)
    assert heard.proposals == () and heard.text.strip()
    assert f"noisy audio needs RNNoise: {conditioning.RNNOISE_HINT}" in caplog.text
