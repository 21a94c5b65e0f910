"""Whisper with its second ear, both real (no mocks): PocketSphinx, held to the menu, proposes
a reading and Whisper scores it against the same audio."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from menu.model import Menu
from ordering.speech import SpeechError, SphinxRecognizer, Transcription, compile_menu_model
from ordering.speech.audio import Clip, load_audio
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
