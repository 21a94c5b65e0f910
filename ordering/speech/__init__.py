"""Offline speech: audio files and microphones in, transcripts with alternatives out.

audio          any audio file, from memory or a path, held to limits, as a 16 kHz clip
conditioning   noise suppression, dither and trimming before PocketSphinx
recognizer     the protocol every engine meets: a clip in, a `Transcription` out
sphinx         PocketSphinx biased by the menu (the only importer of `pocketsphinx`)
engines        other engines SpeechRecognition drives, when installed with a model
microphone     one phrase from the default input device
errors         SpeechError and its kinds
"""

from ordering.speech.audio import (
    DEFAULT_LIMITS,
    MAX_SECONDS,
    RATE,
    AudioLimits,
    Clip,
    decode_audio,
    load_audio,
)
from ordering.speech.conditioning import (
    DITHER_RMS,
    HIGH_VOICE_HZ,
    condition,
    dynamic_range_db,
    pitch_hz,
)
from ordering.speech.errors import (
    AudioError,
    AudioTooLong,
    NoMicrophone,
    RecognizerUnavailable,
    SpeechError,
)
from ordering.speech.microphone import listen_once
from ordering.speech.recognizer import Recognizer, Transcription
from ordering.speech.sphinx import (
    HIGH_VOICE_WARP,
    SpeechModel,
    SphinxRecognizer,
    compile_answer_model,
    compile_menu_model,
)

__all__ = [
    "DEFAULT_LIMITS",
    "DITHER_RMS",
    "HIGH_VOICE_HZ",
    "HIGH_VOICE_WARP",
    "MAX_SECONDS",
    "RATE",
    "AudioError",
    "AudioLimits",
    "AudioTooLong",
    "Clip",
    "NoMicrophone",
    "Recognizer",
    "RecognizerUnavailable",
    "SpeechError",
    "SpeechModel",
    "SphinxRecognizer",
    "Transcription",
    "compile_answer_model",
    "compile_menu_model",
    "condition",
    "decode_audio",
    "dynamic_range_db",
    "listen_once",
    "load_audio",
    "pitch_hz",
]
