"""The speech engine loads and warms up before the first customer speaks, off the request path."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from ordering import bootstrap
from ordering.bootstrap import build_services
from ordering.config import Settings
from ordering.speech import RecognizerUnavailable, SphinxRecognizer
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


def test_whisper_hears_with_a_second_ear_unless_it_is_turned_off(tmp_path: Path) -> None:
    for second_ear, expected in ((True, SphinxRecognizer), (False, type(None))):
        settings = Settings(data_dir=tmp_path, whisper_model="tiny.en", second_ear=second_ear)
        built = build_services(settings)
        try:
            recognizer = built.recognizer()
            assert isinstance(recognizer, WhisperRecognizer)
            assert isinstance(recognizer.second_ear, expected)
        finally:
            built.close()


def test_a_second_ear_that_cannot_load_leaves_whisper_alone(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unavailable(*_: object) -> None:
        raise RecognizerUnavailable("PocketSphinx is missing")

    monkeypatch.setattr(bootstrap, "compile_menu_model", unavailable)
    built = build_services(Settings(data_dir=tmp_path, whisper_model="tiny.en"))
    try:
        with caplog.at_level(logging.WARNING, logger="ordering.bootstrap"):
            recognizer = built.recognizer()
        assert isinstance(recognizer, WhisperRecognizer) and recognizer.second_ear is None
        assert "Whisper hears without its second ear: PocketSphinx is missing" in caplog.text
    finally:
        built.close()


def test_serve_compiles_the_second_ear_s_model_once_for_its_workers(tmp_path: Path) -> None:
    built = build_services(Settings(data_dir=tmp_path, whisper_model="tiny.en"))
    try:
        built.prepare_second_ear()
        [folder] = built.settings.speech_cache_dir.glob("menu-*")
        made = folder.stat().st_mtime_ns
        recognizer = built.recognizer()  # as a worker loads it: from the cache, not compiled
        assert isinstance(recognizer, WhisperRecognizer) and recognizer.second_ear is not None
        assert [p.stat().st_mtime_ns for p in built.settings.speech_cache_dir.glob("menu-*")] == [
            made
        ]
    finally:
        built.close()
