"""How long a customer waits: from the end of a spoken turn to its parse, with the recogniser
loaded and warm (as in `serve`, `chat` and `listen`), and the peak memory of the process.

    .venv/bin/python benchmarks/hearing_latency.py [--engine whisper|sphinx] [--repeats 5]
        [--no-second-ear] [--languages en,zh] [--menu FEED] [FILE.wav ...]
        (default: the bundled 3-second samples)

Whisper hears as `breakfast` does by default, with PocketSphinx as its second ear; each turn is
also heard by Whisper alone, alternately, as the baseline of the same run (the ratio).

The whole clip is in hand when the customer stops talking, so latency is the time `hear`
takes on it: conditioning, recognition, the menu-consistent readings and parsing.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path

from menu import BUNDLED_FEED
from menu.feed import read_feed_file
from ordering.speech import SphinxRecognizer, compile_menu_model, load_audio
from ordering.speech.hearing import hear
from ordering.speech.readings import MenuWords
from ordering.speech.recognizer import Recognizer
from ordering.speech.whisper import WhisperRecognizer
from ordering.understanding import compile_lexicon

SAMPLES = sorted((Path(__file__).parents[1] / "ordering" / "data" / "samples").glob("*.wav"))


def languages_of(text: str) -> tuple[str, ...]:
    languages = tuple(text.split(","))
    if not set(languages) <= {"en", "zh"}:
        raise argparse.ArgumentTypeError(f"'{text}': give en, zh or en,zh")
    return languages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, default=SAMPLES)
    parser.add_argument("--engine", choices=("whisper", "sphinx"), default="whisper")
    parser.add_argument("--model", default="base", help="Whisper model: base or tiny.en")
    parser.add_argument("--beam-size", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--menu", type=Path, default=BUNDLED_FEED)
    parser.add_argument("--no-second-ear", action="store_true", help="Whisper alone, no baseline")
    parser.add_argument(
        "--languages",
        type=languages_of,
        default=("en",),
        help="en, zh or en,zh, as BREAKFAST_SPEECH_LANGUAGES: with both, each clip's is detected",
    )
    options = parser.parse_args()
    menu = read_feed_file(options.menu).menu
    lexicon = compile_lexicon(menu)
    cache = Path(tempfile.gettempdir()) / "breakfast-bench-models"
    started = time.perf_counter()
    recognizer: Recognizer
    languages = options.languages
    paired = options.engine == "whisper" and not options.no_second_ear and "en" in languages
    if options.engine == "whisper":
        second_ear = SphinxRecognizer(compile_menu_model(menu, cache)) if paired else None
        recognizer = WhisperRecognizer(
            options.model,
            data_dir=cache,
            words={language: MenuWords.of(menu, language) for language in languages},
            beam_size=options.beam_size,
            second_ear=second_ear,
        )
    else:
        recognizer = SphinxRecognizer(compile_menu_model(menu, cache))
    load_seconds = time.perf_counter() - started
    clips = [load_audio(path) for path in options.files]
    hear(clips[0], recognizer=recognizer, lexicon=lexicon)  # warm: first call allocates
    waits: list[float] = []
    ratios: list[float] = []
    alone: list[float] = []
    for _ in range(options.repeats):
        for clip in clips:
            started = time.perf_counter()
            heard = hear(clip, recognizer=recognizer, lexicon=lexicon)
            waits.append(time.perf_counter() - started)
            ratios.append(waits[-1] / heard.audio_seconds)
            if paired and isinstance(recognizer, WhisperRecognizer):
                second_ear, recognizer.second_ear = recognizer.second_ear, None
                started = time.perf_counter()
                hear(clip, recognizer=recognizer, lexicon=lexicon)
                alone.append(time.perf_counter() - started)
                recognizer.second_ear = second_ear
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    seconds = statistics.median(clip.seconds for clip in clips)
    name = (
        options.engine
        + (f" {options.model} beam {options.beam_size}" * (options.engine == "whisper"))
        + (" with its second ear" if paired else "")
    )
    print(
        f"{name}: end of speech -> parse p50 {statistics.median(waits) * 1000:.0f} ms, "
        f"p90 {statistics.quantiles(waits, n=10)[-1] * 1000:.0f} ms for {seconds:.1f}-s clips "
        f"({len(waits)} turns); real-time factor p50 {statistics.median(ratios):.3f}; "
        f"load {load_seconds:.1f} s; peak RSS {peak_mb:.0f} MB"
    )
    if alone:
        print(
            f"whisper alone, the same turns alternately: p50 {statistics.median(alone) * 1000:.0f}"
            f" ms, p90 {statistics.quantiles(alone, n=10)[-1] * 1000:.0f} ms; with the second ear"
            f" / alone, p50: {statistics.median(waits) / statistics.median(alone):.2f}"
        )


if __name__ == "__main__":
    main()
