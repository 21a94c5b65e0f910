"""Chinese segmentation: the feed-vocabulary longest match the parser uses, against jieba with
every word of the feed (and the parser's grammar words) added to its dictionary.

    PYTHONPATH=/path/to/jieba .venv/bin/python benchmarks/zh_segmenters.py \
        [--cases ../shared/eval/dev_parse_zh.jsonl tests/data/blind_parse_zh.jsonl] \
        [--score ../shared/eval/score.py]

jieba is not a dependency of the project (this measurement is why): install it anywhere, for
instance `pip install --target /tmp/jieba jieba==0.42.1`, and put it on PYTHONPATH. With jieba,
its cut decides the word boundaries (HMM off, so it invents no words) and the parser's own
segmenter then reads each piece (numbers with their measure words, menu words); everything after
segmentation is the same. Accuracy is scored with the evaluation's own `compare_parse`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scorer import SCORER, compare_parse  # noqa: E402
from menu import BUNDLED_FEED  # noqa: E402
from menu.feed import read_feed_file  # noqa: E402
from ordering.understanding import compile_lexicon  # noqa: E402
from ordering.understanding.chinese import parser as chinese_parser  # noqa: E402
from ordering.understanding.chinese.lexicon import ChineseLexicon  # noqa: E402
from ordering.understanding.chinese.segment import Token, segment  # noqa: E402

Segmenter = Callable[[ChineseLexicon, str], list[Token]]


def jieba_segmenter(lexicon: ChineseLexicon) -> Segmenter:
    """jieba's cut with the lexicon's words added, each piece then read by `segment`."""
    import jieba  # type: ignore[import-not-found]  # not a dependency: see the docstring

    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for key in lexicon.words:
        word = "".join(key)
        if word.strip():
            tokenizer.add_word(word, freq=100_000)

    def cut(lexicon: ChineseLexicon, text: str) -> list[Token]:
        tokens: list[Token] = []
        for piece in tokenizer.cut(text, HMM=False):
            tokens.extend(segment(lexicon, piece))
        return tokens

    return cut


def measure(name: str, cut: Segmenter, cases: list[dict[str, Any]], compare: Any) -> None:
    lexicon = compile_lexicon(read_feed_file(BUNDLED_FEED).menu)
    assert lexicon.chinese is not None
    chinese = lexicon.chinese
    vars(chinese_parser)["segment"] = cut  # the one step that differs
    right = sum(
        not compare(case["expect"], chinese_parser.parse_chinese(chinese, case["text"]).to_dict())
        for case in cases
    )
    texts = [case["text"] for case in cases] * (5000 // len(cases) + 1)
    rates = []
    for _ in range(5):
        start = time.perf_counter()
        for text in texts:
            chinese_parser.parse_chinese(chinese, text)
        rates.append(len(texts) / (time.perf_counter() - start))
    print(
        f"{name:<34} accuracy {right / len(cases):.3f} ({right}/{len(cases)}), "
        f"median {statistics.median(rates):,.0f} utterances/s (5 runs of {len(texts):,})"
    )


def main() -> int:
    """Score both segmenters on the same cases and print accuracy and speed."""
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument(
        "--cases",
        type=Path,
        nargs="+",
        default=[
            ROOT.parent / "shared" / "eval" / "dev_parse_zh.jsonl",
            ROOT / "tests" / "data" / "blind_parse_zh.jsonl",
        ],
    )
    arguments.add_argument("--score", type=Path, default=SCORER)
    args = arguments.parse_args()
    compare = compare_parse(args.score)
    lexicon = compile_lexicon(read_feed_file(BUNDLED_FEED).menu)
    assert lexicon.chinese is not None
    for path in args.cases:
        cases = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
        print(f"{path.name}: {len(cases)} cases")
        measure("longest match (the parser's)", segment, cases, compare)
        measure(
            "jieba 0.42 + feed words, HMM off", jieba_segmenter(lexicon.chinese), cases, compare
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
