"""PocketSphinx biased towards the loaded menu: a language model and a pronunciation
dictionary compiled from sentences generated from the feed (`ordering.speech.corpus`), cached
on disk by menu checksum; the only module that imports `pocketsphinx`."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from menu.model import Menu
from ordering.speech.audio import Clip
from ordering.speech.conditioning import HIGH_VOICE_HZ, condition
from ordering.speech.corpus import CORPUS_VERSION, corpus, vocabulary
from ordering.speech.errors import RecognizerUnavailable
from ordering.speech.pronounce import espeak_pronunciations, pronounce
from ordering.speech.recognizer import Transcription

# Voices pitched above this (most women's and children's) are heard through a model whose
# frequency axis is compressed by `HIGH_VOICE_WARP` (PocketSphinx's vocal-tract-length
# warping), bringing their higher formants to where the model's mostly male training voices
# put them. Measured on all 362 dev cases in the female voice, order accuracy rose from 0.71 to
# 0.75 at 1.32 (0.73 at 1.25, 0.74 at 1.40 and 1.48). There, men's voices measure 80-115 Hz,
# the woman's 160-240.
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
# Decoder settings, measured on the dev audio: twice the Gaussians per frame (topn) and a
# heavier language weight in all three passes raised order accuracy by about 4 points, most
# in noise, at a real-time factor still near 0.1.
DECODER_SETTINGS: tuple[tuple[str, int | float | str], ...] = (
    ("topn", 8),
    ("lw", 8.0),
    ("fwdflatlw", 10.0),
    ("bestpathlw", 11.0),
)
HIGH_VOICE_SETTINGS = (("warp_type", "inverse_linear"), ("warp_params", str(HIGH_VOICE_WARP)))
SPHINX_HINT = (
    "PocketSphinx is missing: pip install 'pocketsphinx>=5.0.3' (scripts/setup installs it); "
    "BREAKFAST_SPEECH_ENGINE=whisper with BREAKFAST_SECOND_EAR=false does without it"
)

# --- the menu-biased model --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpeechModel:
    """What PocketSphinx loads (acoustic model folder, language model, dictionary) and the
    decoder settings; high voices (`HIGH_VOICE_HZ`) add `HIGH_VOICE_SETTINGS` when warped."""

    acoustic_dir: Path
    lm_path: Path
    dict_path: Path
    settings: tuple[tuple[str, int | float | str], ...] = DECODER_SETTINGS
    warps_high_voices: bool = True

    def is_high_voice(self, clip: Clip) -> bool:
        return self.warps_high_voices and (clip.pitch_hz or 0.0) >= HIGH_VOICE_HZ

    def decoder_settings(self, high_voice: bool) -> dict[str, int | float | str]:
        """Keyword settings of `pocketsphinx.Config` for this model and voice."""
        settings = dict(self.settings)
        if high_voice:
            settings.update(HIGH_VOICE_SETTINGS)
        return {
            "hmm": str(self.acoustic_dir),
            "lm": str(self.lm_path),
            "dict": str(self.dict_path),
            "logfn": os.devnull,
            **settings,
        }


def pocketsphinx_model_dir() -> Path:
    """The US English model inside the pocketsphinx wheel (better than SpeechRecognition's copy)."""
    try:
        import pocketsphinx
    except ImportError:
        raise RecognizerUnavailable(SPHINX_HINT) from None
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
    model = SpeechModel(
        model_dir / "en-us",
        folder / "model.lm.bin",  # binary: PocketSphinx loads it in 0.02 s, ARPA text in 0.09 s
        folder / "model.dict",
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


def compile_menu_model(menu: Menu, cache_dir: Path) -> SpeechModel:
    """The language model for ordering from `menu` (cached: compiled once per menu)."""
    return compile_model(lambda: corpus(menu), cache_dir, "menu", source=repr(menu))


def compile_answer_model(answers: Iterable[str], menu: Menu, cache_dir: Path) -> SpeechModel:
    """A small model for the answers to one question, plus generic turns (yes, no, that's all),
    so a customer who says something else is still heard."""
    from ordering.speech.corpus import INTENT_PHRASES, spoken

    expected = [spoken(answer) for answer in answers]

    def sentences() -> list[str]:
        return [s for s in [*expected * 5, *INTENT_PHRASES] if s]

    return compile_model(sentences, cache_dir, "answer", source="\n".join(expected))


# --- recognisers ------------------------------------------------------------------------------


class SphinxRecognizer:
    """PocketSphinx through its own `Decoder`, with N-best alternatives. A decoder per voice
    (plain, warped for high voices) is made on first use and kept: loading one costs more
    than decoding a short turn. Each turn starts with the features reset (the cepstral mean
    above all), so one customer's microphone never colours how the next is heard: a kept
    decoder hears a turn exactly as a decoder just loaded does."""

    def __init__(self, model: SpeechModel, *, n_best: int = 10) -> None:
        self.model = model
        self.n_best = n_best
        self._decoders: dict[bool, Any] = {}  # high voice or not -> its decoder
        self._lock = threading.Lock()  # a decoder holds one utterance at a time

    def condition(self, clip: Clip) -> Clip:
        return condition(clip)

    def _decoder(self, high_voice: bool) -> Any:
        if high_voice not in self._decoders:
            try:
                from pocketsphinx import Config, Decoder
            except ImportError:
                raise RecognizerUnavailable(SPHINX_HINT) from None
            try:
                decoder = Decoder(Config(**self.model.decoder_settings(high_voice)))
            except (RuntimeError, ValueError) as error:
                raise RecognizerUnavailable(f"PocketSphinx could not load: {error}") from None
            self._decoders[high_voice] = decoder
        return self._decoders[high_voice]

    def transcribe(self, clip: Clip) -> Transcription:
        started = time.perf_counter()
        alternatives: list[str] = []
        with self._lock:
            decoder = self._decoder(self.model.is_high_voice(clip))
            decoder.reinit_feat()
            decoder.start_utt()
            decoder.process_raw(clip.pcm, False, True)
            decoder.end_utt()
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
