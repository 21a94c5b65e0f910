"""Engines SpeechRecognition drives, when the user installed them and their models.

Nothing is downloaded: a missing package or model is a clear `RecognizerUnavailable`.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from ordering.speech.audio import RATE, Clip
from ordering.speech.errors import RecognizerUnavailable
from ordering.speech.recognizer import Transcription


def speech_recognition() -> Any:
    """Import SpeechRecognition lazily, hiding its use of modules Python 3.13 removes."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, message=".*(aifc|audioop)")
        import speech_recognition

    return speech_recognition


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
        sr = speech_recognition()

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
