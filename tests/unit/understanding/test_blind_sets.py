"""The blind sets (written from the labelling rules and the feeds by someone who never read the
parser) stay at or above 0.97: the same comparison as the shared scorer, unmatched included."""

from __future__ import annotations

import json
from typing import Any

import pytest

from menu.model import Menu
from ordering.understanding import Lexicon, compile_lexicon, parse
from tests.conftest import DATA
from tests.unit.understanding.test_second_feed_cases import matches


def _cases(name: str) -> list[dict[str, Any]]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _food(text: str) -> str:
    words = [w for w in text.lower().split() if w not in ("a", "an", "the", "some")]
    return " ".join(w[:-1] if w.endswith("s") else w for w in words)


def _unmatched_ok(expect: dict[str, Any], got: dict[str, Any]) -> bool:
    if "unmatched" not in expect:
        return True
    want, said = [_food(w) for w in expect["unmatched"]], [_food(w) for w in got["unmatched"]]
    return len(want) == len(said) and all(
        w == s or w in s or s in w for w, s in zip(sorted(want), sorted(said), strict=True)
    )


@pytest.mark.parametrize(
    ("cases", "feed"), [("blind_parse.jsonl", "reference"), ("blind_bagel_parse.jsonl", "bagel")]
)
def test_blind_set_accuracy(
    cases: str, feed: str, lexicon: Lexicon, second_feed_menu: Menu
) -> None:
    parser_lexicon = lexicon if feed == "reference" else compile_lexicon(second_feed_menu)
    loaded = _cases(cases)
    wrong = []
    for case in loaded:
        got = parse(parser_lexicon, case["text"]).to_dict()
        if not (matches(case["expect"], got) and _unmatched_ok(case["expect"], got)):
            wrong.append(case["id"])
    accuracy = 1 - len(wrong) / len(loaded)
    assert accuracy >= 0.97, f"accuracy {accuracy:.3f}; wrong: {wrong}"
