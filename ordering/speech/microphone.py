"""The microphone, through SpeechRecognition (PyAudio underneath)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ordering.speech.audio import RATE, Clip
from ordering.speech.errors import AudioError, NoMicrophone

MIC_HINT = "the microphone needs SpeechRecognition and PyAudio: pip install 'breakfast-voice[mic]'"


def speech_recognition() -> Any:
    """Import SpeechRecognition lazily, hiding its use of modules Python 3.13 removes."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, message=".*(aifc|audioop)")
        try:
            import speech_recognition
        except ImportError:
            raise NoMicrophone(MIC_HINT) from None
    return speech_recognition


def listen_once(
    *,
    timeout: float = 8.0,
    phrase_limit: float = 15.0,
    on_listening: Callable[[], None] = lambda: None,
) -> Clip:
    """Record one phrase from the default microphone, after calibrating for ambient noise;
    `on_listening` is called once the microphone is open and calibrated."""
    sr = speech_recognition()

    try:
        microphone = sr.Microphone(sample_rate=RATE)
    except (AttributeError, OSError) as error:
        raise NoMicrophone(
            f"no microphone available ({error}); pip install 'breakfast-voice[mic]' (PyAudio) "
            "and connect an input device, "
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
