"""The speech engine loads and warms up before the first customer speaks, off the request path."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from ordering.bootstrap import build_services
from ordering.config import Settings
from ordering.speech import RecognizerUnavailable
from ordering.speech.whisper import WhisperRecognizer


def test_warming_up_loads_the_engine_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(data_dir=tmp_path, speech_engine="whisper", whisper_model="tiny.en")
    built = build_services(settings)
    try:
        with caplog.at_level(logging.INFO, logger="ordering.bootstrap"):
            built.warm_recognizer()
        recognizer = built.recognizer()
        assert isinstance(recognizer, WhisperRecognizer) and recognizer.name == "tiny.en"
        assert built.recognizer() is recognizer  # kept, not loaded again
        assert "speech engine whisper ready" in caplog.text
    finally:
        built.close()


def test_an_engine_that_cannot_load_is_logged_not_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = build_services(Settings(data_dir=tmp_path))

    def unavailable() -> None:
        raise RecognizerUnavailable("the Whisper model package is missing")

    monkeypatch.setattr(built, "_load_recognizer", unavailable)
    try:
        with caplog.at_level(logging.WARNING, logger="ordering.bootstrap"):
            built.warm_recognizer()  # a background thread must not die with a traceback
        assert "speech engine not ready: the Whisper model package is missing" in caplog.text
        with pytest.raises(RecognizerUnavailable):
            built.recognizer()  # the turn that needs it says why
    finally:
        built.close()


def test_warming_up_in_the_background_leaves_the_engine_loaded(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, speech_engine="whisper", whisper_model="tiny.en")
    built = build_services(settings)
    try:
        thread = built.warm_recognizer_in_background()
        assert thread.daemon and thread.name == "speech-warm-up"
        thread.join(timeout=120)
        assert not thread.is_alive() and built._recognizer is not None
        assert built.recognizer() is built._recognizer
    finally:
        built.close()
