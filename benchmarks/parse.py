"""Parser benchmarks: batch throughput on one core, and lexicon compile time for a big menu.

    python benchmarks/parse.py [--cases ../shared/eval/dev_parse.jsonl] [--runs 7] [--clock cpu]
                               [--zh-cases ../shared/eval/dev_parse_zh.jsonl]

(a) parses the dev utterances (repeated to a few thousand) with the bundled feed's lexicon and
    prints the median throughput of several runs, in utterances per second (target >= 5,000/s);
    the same for the Chinese dev utterances, beside it;
(b) generates a synthetic 500-item feed, loads it with `menu.feed.load_feed` and prints the
    median time of `compile_lexicon` on it (target < 1 s).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from menu import BUNDLED_FEED  # noqa: E402
from menu.feed import load_feed, read_feed_file  # noqa: E402
from ordering.understanding import compile_lexicon, parse  # noqa: E402

DEFAULT_CASES = ROOT.parent / "shared" / "eval" / "dev_parse.jsonl"
DEFAULT_ZH_CASES = ROOT.parent / "shared" / "eval" / "dev_parse_zh.jsonl"
_FALLBACK_UTTERANCES = [
    "a large latte with oat milk and two egg tarts",
    "can I get a congee set with beef congee and a tea egg",
    "make that three",
    "change the latte to an americano",
    "um, take that off please",
    "what coffee do you have",
    "can I get a pizza",
    "that's all",
]
_WORDS = (
    "spicy golden crispy smoky honey garlic pepper lemon maple berry cocoa vanilla tofu "
    "noodle dumpling bun roll cake pie tart toast wrap bowl soup salad rice curry taco "
    "bagel muffin waffle crepe omelette sausage bacon ham chicken beef pork fish shrimp "
    "mushroom spinach tomato cheese egg bean corn potato onion ginger sesame coconut mango"
).split()


def _utterances(path: Path) -> list[str]:
    if not path.exists():
        return list(_FALLBACK_UTTERANCES)
    with path.open(encoding="utf-8") as cases:
        return [json.loads(line)["text"] for line in cases if line.strip()]


Clock = Callable[[], float]


def throughput(
    utterances: list[str], *, runs: int, total: int, clock: Clock = time.perf_counter
) -> list[float]:
    """Utterances per second for each run, parsing `total` utterances per run."""
    lexicon = compile_lexicon(read_feed_file(BUNDLED_FEED).menu)
    batch = (utterances * (total // len(utterances) + 1))[:total]
    for text in utterances:  # warm-up: imports, regex compilation, correction cache
        parse(lexicon, text)
    rates = []
    for _ in range(runs):
        start = clock()
        for text in batch:
            parse(lexicon, text)
        rates.append(len(batch) / (clock() - start))
    return rates


def cold_throughput(*, runs: int, clock: Clock = time.perf_counter) -> list[float]:
    """Utterances per second on text the lexicon has never seen: a fresh lexicon per run and
    ~12,000 distinct sentences generated from the menu (the speech corpus), each parsed once."""
    from ordering.speech.corpus import corpus

    menu = read_feed_file(BUNDLED_FEED).menu
    sentences = list(dict.fromkeys(corpus(menu)))
    rates = []
    for _ in range(runs):
        lexicon = compile_lexicon(menu)
        start = clock()
        for text in sentences:
            parse(lexicon, text)
        rates.append(len(sentences) / (clock() - start))
    return rates


def synthetic_feed(items: int, *, seed: int = 7) -> dict[str, Any]:
    """A valid feed with `items` items, 20 modifier groups and 20 set meals."""
    rng = random.Random(seed)

    def names(text: str) -> dict[str, str]:
        return {"en": text, "zh": text}

    groups = []
    for g in range(20):
        options = [
            {
                "id": f"g{g}-o{o}",
                "name": names(f"{rng.choice(_WORDS)} {rng.choice(_WORDS)} {o}"),
                "price": rng.randrange(0, 300, 50),
                "aliases": {
                    "en": [f"extra {rng.choice(_WORDS)}", f"no {rng.choice(_WORDS)}"],
                    "zh": [],
                },
            }
            for o in range(6)
        ]
        groups.append(
            {
                "id": f"g{g}",
                "name": names(f"group {g}"),
                "min": 0,
                "max": 1,
                "default": None,
                "options": options,
            }
        )
    categories = [
        {"id": f"c{c}", "name": names(f"{rng.choice(_WORDS)} dishes {c}")} for c in range(12)
    ]
    product_items = []
    for i in range(items):
        words = rng.sample(_WORDS, 3)
        product_items.append(
            {
                "id": f"item-{i}",
                "category": f"c{i % 12}",
                "name": names(f"{words[0]} {words[1]} {words[2]} {i}"),
                "aliases": {
                    "en": [
                        f"{words[1]} {words[2]} {i}",
                        f"{words[0]} {words[2]} number {i}",
                        f"{words[2]}{i}",
                    ],
                    "zh": [],
                },
                "price": rng.randrange(500, 5000, 100),
                "dayparts": ["all-day"],
                "modifier_groups": [f"g{g}" for g in rng.sample(range(20), 3)],
                "tags": [],
            }
        )
    combos = [
        {
            "id": f"set-{s}",
            "category": "c0",
            "name": names(f"set meal {s}"),
            "aliases": {"en": [f"combo {s}"], "zh": []},
            "price": 3000,
            "dayparts": ["all-day"],
            "slots": [
                {
                    "id": f"slot-{k}",
                    "name": names(f"part {k}"),
                    "default": None,
                    "choices": [
                        {"item": f"item-{(s * 7 + k * 3 + c) % items}", "upcharge": 0}
                        for c in range(3)
                    ],
                }
                for k in range(3)
            ],
        }
        for s in range(20)
    ]
    return {
        "schema": "menu-feed/1",
        "brand": {"id": "synthetic", "name": names("Synthetic")},
        "currency": "CNY",
        "price_unit": "fen",
        "timezone": "Asia/Shanghai",
        "dayparts": [{"id": "all-day", "name": names("All day"), "start": "00:00", "end": "24:00"}],
        "categories": categories,
        "modifier_groups": groups,
        "items": product_items,
        "combos": combos,
    }


def compile_times(items: int, *, runs: int, clock: Clock = time.perf_counter) -> list[float]:
    """Seconds per `compile_lexicon` on a generated feed of `items` items."""
    menu = load_feed(synthetic_feed(items)).menu
    times = []
    for _ in range(runs):
        start = clock()
        compile_lexicon(menu)
        times.append(clock() - start)
    return times


def main() -> int:
    """Run both benchmarks and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    parser.add_argument("--zh-cases", type=Path, default=DEFAULT_ZH_CASES)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--total", type=int, default=10_000, help="utterances per run")
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="cpu: this process's CPU time, for a machine shared with other jobs",
    )
    args = parser.parse_args()
    clock: Clock = time.process_time if args.clock == "cpu" else time.perf_counter
    print(f"clock: {args.clock}")

    utterances = _utterances(args.cases)
    rates = throughput(utterances, runs=args.runs, total=args.total, clock=clock)
    print(
        f"parse throughput: median {statistics.median(rates):,.0f} utterances/s on one core "
        f"({args.runs} runs of {args.total:,} utterances from {len(utterances)} distinct; "
        f"min {min(rates):,.0f}, max {max(rates):,.0f}; target >= 5,000/s)"
    )
    if args.zh_cases.exists():
        chinese = _utterances(args.zh_cases)
        zh_rates = throughput(chinese, runs=args.runs, total=args.total, clock=clock)
        print(
            f"parse throughput, Chinese: median {statistics.median(zh_rates):,.0f} utterances/s "
            f"on one core ({args.runs} runs of {args.total:,} utterances from {len(chinese)} "
            f"distinct; min {min(zh_rates):,.0f}, max {max(zh_rates):,.0f}; "
            f"{statistics.median(zh_rates) / statistics.median(rates):.2f}x English)"
        )
    cold = cold_throughput(runs=3, clock=clock)
    print(
        f"parse throughput, unseen text: median {statistics.median(cold):,.0f} utterances/s "
        f"(3 runs, fresh lexicon each, distinct generated sentences parsed once; "
        f"min {min(cold):,.0f}; target >= 5,000/s)"
    )
    times = compile_times(args.items, runs=args.runs, clock=clock)
    print(
        f"lexicon compile: median {statistics.median(times) * 1000:,.0f} ms for a generated "
        f"{args.items}-item menu ({args.runs} runs; min {min(times) * 1000:,.0f} ms, "
        f"max {max(times) * 1000:,.0f} ms; target < 1,000 ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
