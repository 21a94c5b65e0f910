"""Speech figures: menu-model compile time, word error rate and real-time factor (conditioning
and decoding) by condition, and peak memory, for the menu-biased model and plain PocketSphinx
(its general English model) in the same run.

    python ../shared/eval/synth.py --cases ../shared/eval/dev_parse.jsonl --out /tmp/bf-audio
    .venv/bin/python benchmarks/speech.py --manifest /tmp/bf-audio/manifest.jsonl [--limit 40]

Each system decodes in its own child process, so the peak memory (RSS) reported for it is that
system's alone. Order accuracy per condition is the shared scorer's job:
    python ../shared/eval/score.py audio --manifest /tmp/bf-audio/manifest.jsonl (from the
        project root, adding --cmd ".venv/bin/breakfast" when the script is not on PATH)
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from menu import BUNDLED_FEED
from menu.feed import read_feed_file
from ordering.speech import (
    SpeechModel,
    SphinxRecognizer,
    compile_menu_model,
    condition,
    load_audio,
)
from ordering.speech.corpus import spoken
from ordering.speech.sphinx import pocketsphinx_model_dir

Case = dict[str, str]


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """Word edit distance between the two and the reference length."""
    ref, hyp = reference.split(), hypothesis.split()
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        previous, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (r != h))
    return row[-1], len(ref)


def run_system(
    model: SpeechModel, folder: Path, cases: dict[str, list[Case]]
) -> tuple[dict[str, tuple[float, float, float]], float]:
    """WER, median and 95th-percentile RTF by condition, and this process's peak RSS in MB."""
    recognizer = SphinxRecognizer(model)
    figures = {}
    for name, cases_here in sorted(cases.items()):
        errors = words = 0
        factors = []
        for case in cases_here:
            clip = load_audio(folder / case["file"])
            started = time.perf_counter()  # conditioning (noise suppression) counts as decoding
            heard = recognizer.transcribe(condition(clip))
            seconds = time.perf_counter() - started
            e, n = word_errors(spoken(case["text"]), heard.text)
            errors, words = errors + e, words + n
            factors.append(seconds / heard.audio_seconds)
        factors.sort()
        p95 = factors[int(0.95 * (len(factors) - 1))]
        figures[name] = (errors / max(words, 1), statistics.median(factors), p95)
    return figures, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Print the figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=40, help="files per condition")
    args = parser.parse_args()

    menu = read_feed_file(BUNDLED_FEED).menu
    compile_times = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as cache:
            started = time.perf_counter()
            compile_menu_model(menu, Path(cache))
            compile_times.append(time.perf_counter() - started)
    print(
        f"compile menu model (reference menu, uncached): median "
        f"{statistics.median(compile_times):.2f} s of {len(compile_times)}"
    )

    general = pocketsphinx_model_dir()
    systems = {
        "menu model": compile_menu_model(menu, Path(tempfile.mkdtemp())),
        "plain pocketsphinx": SpeechModel(
            general / "en-us",
            general / "en-us.lm.bin",
            general / "cmudict-en-us.dict",
            settings=(),
            warps_high_voices=False,
        ),
    }
    lines = [json.loads(line) for line in args.manifest.read_text().splitlines() if line.strip()]
    cases: dict[str, list[Case]] = defaultdict(list)
    for case in lines:
        if len(cases[case["condition"]]) < args.limit:
            cases[case["condition"]].append(case)

    results = {}
    for system, model in systems.items():
        # One fresh process per system, one file at a time: honest RTF and a peak of its own.
        with ProcessPoolExecutor(max_workers=1) as pool:
            results[system] = pool.submit(run_system, model, args.manifest.parent, cases).result()

    print(f"{len(lines)} files in the manifest, up to {args.limit} per condition")
    print(f"{'condition':<10} {'system':<20} {'WER':>6} {'RTF p50':>8} {'RTF p95':>8}")
    for name in sorted(cases):
        for system, (figures, _) in results.items():
            wer, p50, p95 = figures[name]
            print(f"{name:<10} {system:<20} {wer:>6.3f} {p50:>8.3f} {p95:>8.3f}")
    for system, (figures, peak) in results.items():
        overall = statistics.mean(wer for wer, _, _ in figures.values())
        print(f"{system:<20} mean WER {overall:.3f}, peak memory (RSS) {peak:.0f} MB")


if __name__ == "__main__":
    main()
