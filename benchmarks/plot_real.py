"""Order accuracy on the real recordings by kitchen-noise SNR, one line per engine, from the
scorer's `--json-out` files (one per engine and condition, or one per engine with all).

    .venv/bin/python benchmarks/plot_real.py --out docs/real-accuracy.png \\
        whisper=/tmp/real-clean.json,/tmp/real-kitchen-24.json,... sphinx=/tmp/sphinx-*.json

Each result's condition is `clean` or `kitchen-N` (N dB); clean is drawn at the right edge.
"""

from __future__ import annotations

import argparse
import glob
import json
from collections import defaultdict
from pathlib import Path

CLEAN_AT = 30  # where "clean" sits on the SNR axis


def accuracy_by_snr(paths: list[str]) -> dict[int, tuple[float, int]]:
    """{snr: (accuracy, n)} over every result in the files."""
    right: dict[int, int] = defaultdict(int)
    total: dict[int, int] = defaultdict(int)
    for path in paths:
        for result in json.loads(Path(path).read_text())["results"]:
            condition = result.get("condition", "")
            snr = CLEAN_AT if condition == "clean" else int(condition.removeprefix("kitchen-"))
            total[snr] += 1
            right[snr] += bool(result["ok"])
    return {snr: (right[snr] / total[snr], total[snr]) for snr in sorted(total)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("engines", nargs="+", help="NAME=FILE[,FILE...] (globs allowed)")
    parser.add_argument("--out", type=Path, default=Path("docs/real-accuracy.png"))
    options = parser.parse_args()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(6.4, 4.0), dpi=120)
    for spec in options.engines:
        name, _, files = spec.partition("=")
        paths = [p for pattern in files.split(",") for p in sorted(glob.glob(pattern))]
        figures = accuracy_by_snr(paths)
        snrs = list(figures)
        axes.plot(snrs, [figures[s][0] for s in snrs], marker="o", label=name)
        print(
            name,
            {
                ("clean" if s == CLEAN_AT else f"{s} dB"): round(a, 3)
                for s, (a, _) in figures.items()
            },
        )
    axes.set_xticks([6, 12, 18, 24, CLEAN_AT], ["6 dB", "12 dB", "18 dB", "24 dB", "clean"])
    axes.set_xlabel("kitchen noise (SNR)")
    axes.set_ylabel("orders understood")
    axes.set_ylim(0, 1.0)
    axes.grid(alpha=0.3)
    axes.legend(loc="lower right")
    axes.set_title("Real recorded coffee orders (120 clips per condition)")
    figure.tight_layout()
    figure.savefig(options.out)
    print(f"wrote {options.out}")


if __name__ == "__main__":
    main()
