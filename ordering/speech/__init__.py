"""Offline speech: audio files and microphones in, order parses out.

audio          any audio file, from memory or a path, held to limits, as a 16 kHz clip
recognizer     the protocol every engine meets: a clip in, a `Transcription` out
whisper        Whisper through CTranslate2, prompted with the feed (the default engine)
readings       menu-consistent readings near Whisper's N best, scored against the audio
sphinx         PocketSphinx biased by the menu (the only importer of `pocketsphinx`)
corpus         sentences made from the feed: PocketSphinx's language model; `spoken` text
pronounce      pronunciations for words PocketSphinx's dictionary lacks (espeak-ng)
conditioning   noise suppression, dither and trimming before PocketSphinx
microphone     one phrase from the default input device
hearing        a clip to an order parse: recognise, then keep the reading that makes sense
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
