"""How well the parser's confidence tells right parses from wrong ones.

    .venv/bin/python benchmarks/confidence.py [--sentences 1000]

Prints, per confidence band, the accuracy of (a) the four labelled parse sets (the whole parse,
as the shared scorer compares it, without its unmatched leniency) and (b) sentences the speech
corpus's writer generates for the reference menu, labelled by the kind of sentence it wrote
(intent only; the writer's own labels are loose, so read this for the trend across bands).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from menu import BUNDLED_FEED  # noqa: E402
from menu.feed import read_feed_file  # noqa: E402
from ordering.speech import corpus  # noqa: E402
from ordering.understanding import compile_lexicon, parse  # noqa: E402
from tests.unit.understanding.test_second_feed_cases import matches  # noqa: E402

_BANDS = (0.0, 0.3, 0.5, 0.7, 0.9, 1.01)
_SETS = (
    ("tests/data/blind_parse.jsonl", BUNDLED_FEED),
    ("tests/data/blind_bagel_parse.jsonl", ROOT / "tests/data/feeds/bagel-cafe.json"),
    ("../shared/eval/dev_parse.jsonl", BUNDLED_FEED),
    ("tests/data/bagel_parse.jsonl", ROOT / "tests/data/feeds/bagel-cafe.json"),
)


def _band(confidence: float) -> str:
    low, high = next((a, b) for a, b in zip(_BANDS, _BANDS[1:], strict=False) if confidence < b)
    return f"[{low:.1f}, {min(high, 1.0):.1f}{']' if high > 1 else ')'}"


def main() -> int:
    """Print both tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=1000, help="per kind of sentence")
    args = parser.parse_args()
    labelled: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for path, feed in _SETS:
        lexicon = compile_lexicon(read_feed_file(feed).menu)
        for line in (ROOT / path).read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            parsed = parse(lexicon, case["text"])
            row = labelled[_band(parsed.confidence)]
            row[0] += matches(case["expect"], parsed.to_dict())
            row[1] += 1
    menu = read_feed_file(BUNDLED_FEED).menu
    lexicon = compile_lexicon(menu)
    writer = corpus._Writer(random.Random(11), corpus._phrases(menu))
    kinds = {
        "add_items": writer.add,
        "remove_items": writer.remove,
        "modify_items": writer.modify,
        "replace_item": writer.replace,
        "ask_menu": writer.ask_menu,
        "ask_price": writer.ask_price,
    }
    generated: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for intent, write in kinds.items():
        for _ in range(args.sentences):
            parsed = parse(lexicon, corpus.spoken(write()))
            row = generated[_band(parsed.confidence)]
            row[0] += parsed.intent == intent
            row[1] += 1
    for title, table in (("labelled sets", labelled), ("generated sentences", generated)):
        print(title)
        for band in sorted(table):
            right, n = table[band]
            print(f"  confidence {band}: accuracy {right / n:.3f} (n={n})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
