"""Speech figures: menu-model compile time, word error rate and real-time factor by condition,
and peak memory, against plain PocketSphinx (its general English model) in the same run.

    python ../shared/eval/synth.py --cases ../shared/eval/dev_parse.jsonl --out /tmp/bf-audio
    .venv/bin/python benchmarks/speech.py --manifest /tmp/bf-audio/manifest.jsonl [--limit 40]

Order accuracy per condition is the shared scorer's job:
    python ../shared/eval/score.py audio --manifest /tmp/bf-audio/manifest.jsonl \
        --cmd ".venv/bin/breakfast"
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from menu import BUNDLED_FEED
from menu.feed import read_feed_file
from ordering.speech import (
    SpeechModel,
    SphinxRecognizer,
    compile_menu_model,
    condition,
    load_audio,
    pocketsphinx_model_dir,
)
from ordering.speech_corpus import spoken


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    ref, hyp = reference.split(), hypothesis.split()
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        previous, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (r != h))
    return row[-1], len(ref)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=40, help="files per condition")
    parser.add_argument("--baseline", action="store_true", help="also run plain PocketSphinx")
    args = parser.parse_args()

    menu = read_feed_file(BUNDLED_FEED).menu
    compile_times = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as cache:
            started = time.perf_counter()
            compile_menu_model(menu, Path(cache))
            compile_times.append(time.perf_counter() - started)
    print(f"compile menu model (reference menu): median {statistics.median(compile_times):.2f} s")

    cache = Path(tempfile.mkdtemp())
    systems = {"menu model": SphinxRecognizer(compile_menu_model(menu, cache))}
    if args.baseline:
        general = pocketsphinx_model_dir()
        systems["plain pocketsphinx"] = SphinxRecognizer(
            SpeechModel(general / "en-us", general / "en-us.lm.bin", general / "cmudict-en-us.dict")
        )
    cases = [json.loads(line) for line in args.manifest.read_text().splitlines() if line.strip()]
    by_condition: dict[str, list[dict[str, str]]] = defaultdict(list)
    for case in cases:
        if len(by_condition[case["condition"]]) < args.limit:
            by_condition[case["condition"]].append(case)

    print(f"{'condition':<10} {'system':<20} {'WER':>6} {'RTF p50':>8} {'RTF p95':>8}")
    for name, cases_here in sorted(by_condition.items()):
        for system, recognizer in systems.items():
            errors = words = 0
            factors = []
            for case in cases_here:
                clip = condition(load_audio(args.manifest.parent / case["file"]))
                heard = recognizer.transcribe(clip)
                e, n = word_errors(spoken(case["text"]), heard.text)
                errors, words = errors + e, words + n
                factors.append(heard.decode_seconds / heard.audio_seconds)
            factors.sort()
            p95 = factors[int(0.95 * (len(factors) - 1))]
            print(
                f"{name:<10} {system:<20} {errors / words:>6.3f} "
                f"{statistics.median(factors):>8.3f} {p95:>8.3f}",
                flush=True,
            )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS) of this process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
