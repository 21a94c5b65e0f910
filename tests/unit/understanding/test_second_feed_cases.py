"""The parser against 140 labelled utterances for a second feed (a bagel café, in USD) that the
parser was not tuned on: the same comparison as the shared scorer."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from menu.model import Menu
from ordering.understanding import compile_lexicon, parse
from tests.conftest import DATA

CASES = [
    json.loads(line)
    for line in (DATA / "bagel_parse.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def _lines(lines: list[dict[str, Any]]) -> Counter[tuple[Any, ...]]:
    return Counter(
        (
            line["id"],
            line["quantity"],
            frozenset(line["options"]),
            tuple(sorted(line["choices"].items())),
        )
        for line in lines
    )


def matches(expect: dict[str, Any], got: dict[str, Any]) -> bool:
    if expect["intent"] != got["intent"]:
        return False
    for key in ("items", "replaced"):
        if _lines(expect.get(key, [])) != _lines(got[key]):
            return False
    return all(expect[key] == got[key] for key in ("payment_method", "category") if key in expect)


def test_at_least_forty_cases_of_our_own() -> None:
    assert len(CASES) >= 40


def test_second_feed_accuracy(second_feed_menu: Menu) -> None:
    lexicon = compile_lexicon(second_feed_menu)
    wrong = [
        c["id"] for c in CASES if not matches(c["expect"], parse(lexicon, c["text"]).to_dict())
    ]
    accuracy = 1 - len(wrong) / len(CASES)
    assert accuracy >= 0.97, f"accuracy {accuracy:.3f}; wrong: {wrong}"
