"""Write small broken variants of the reference feed, one broken rule each, plus `cases.json`.

Each case is a mutation of `menu/data/breakfast-menu.json` and the one problem line the
validator (`menu.feed`) must print for it. Rerun from anywhere:

    .venv/bin/python tests/data/feeds/broken/make_broken.py          # write files, then check them
    .venv/bin/python tests/data/feeds/broken/make_broken.py --no-check

The check loads every file with `menu.feed.read_feed_file` and fails if the expected line is not
among the reported problems, so a change in the validator's wording shows up here first.
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
REFERENCE = ROOT / "menu" / "data" / "breakfast-menu.json"

Feed = dict[str, Any]


def _set(path: list[Any], value: Any) -> Callable[[Feed], None]:
    def mutate(feed: Feed) -> None:
        target: Any = feed
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _append(path: list[Any], value: Any) -> Callable[[Feed], None]:
    def mutate(feed: Feed) -> None:
        target: Any = feed
        for key in path:
            target = target[key]
        target.append(value)

    return mutate


# (file stem, mutation, the full problem line the validator must report)
CASES: list[tuple[str, Callable[[Feed], None], str]] = [
    # items[4] is hash-brown, which has one group ("sauce")
    (
        "unknown-modifier-group",
        _append(["items", 4, "modifier_groups"], "syrup"),
        "items[4].modifier_groups[1]: unknown group 'syrup'",
    ),
    (
        "unknown-daypart",
        _append(["items", 0, "dayparts"], "brunch"),
        "items[0].dayparts[1]: unknown daypart 'brunch'",
    ),
    (
        "unknown-category",
        _set(["items", 3, "category"], "bakery"),
        "items[3].category: unknown category 'bakery'",
    ),
    # items[21] popcorn-chicken takes the id of items[20] (no combo refers to either)
    (
        "duplicate-item-id",
        _set(["items", 21, "id"], "original-chicken"),
        "items[21].id: duplicate item or combo id 'original-chicken' (first at items[20].id)",
    ),
    (
        "combo-id-clashes-with-item",
        _set(["combos", 2, "id"], "latte"),
        "combos[2].id: duplicate item or combo id 'latte' (first at items[15].id)",
    ),
    # drink-size's large option reuses coffee-size's id
    (
        "duplicate-option-id",
        _set(["modifier_groups", 1, "options", 1, "id"], "size-large"),
        "modifier_groups[1].options[1].id: duplicate option id 'size-large' "
        "(first at modifier_groups[0].options[2].id)",
    ),
    (
        "bad-daypart-time",
        _set(["dayparts", 1, "end"], "25:00"),
        "dayparts[1].end: '25:00' is not a time HH:MM",
    ),
    (
        "empty-daypart",
        _set(["dayparts", 0, "end"], "06:00"),
        "dayparts[0]: start and end are both 06:00: empty daypart",
    ),
    # sugar: 3 options, max 1
    (
        "min-greater-than-max",
        _set(["modifier_groups", 4, "min"], 2),
        "modifier_groups[4]: min 2 is greater than max 1",
    ),
    # ice: 2 options
    (
        "max-exceeds-options",
        _set(["modifier_groups", 5, "max"], 3),
        "modifier_groups[5].max: max 3 exceeds the 2 options",
    ),
    # temperature's default names an option of another group
    (
        "default-not-in-group",
        _set(["modifier_groups", 2, "default"], "size-large"),
        "modifier_groups[2].default: default 'size-large' is not an option of this group",
    ),
    (
        "negative-price",
        _set(["items", 7, "price"], -250),
        "items[7].price: must be a non-negative integer in minor units, got -250",
    ),
    (
        "negative-upcharge",
        _set(["combos", 0, "slots", 0, "choices", 2, "upcharge"], -100),
        "combos[0].slots[0].choices[2].upcharge: must be a non-negative integer in minor units, got -100",
    ),
    (
        "missing-zh-name",
        _set(["items", 12, "name", "zh"], ""),
        "items[12].name.zh: must not be empty (both languages are required)",
    ),
    (
        "unknown-slot-item",
        _set(["combos", 1, "slots", 1, "choices", 1, "item"], "croissant"),
        "combos[1].slots[1].choices[1].item: unknown item 'croissant'",
    ),
    (
        "slot-default-not-a-choice",
        _set(["combos", 0, "slots", 2, "default"], "latte"),
        "combos[0].slots[2].default: default 'latte' is not one of the choices",
    ),
    # brewed coffee has no cheese group
    (
        "preset-option-not-allowed",
        _set(["combos", 1, "slots", 2, "choices", 0, "options"], ["cheese-extra"]),
        "combos[1].slots[2].choices[0].options[0]: option 'cheese-extra' is not allowed on item "
        "'brewed-coffee'",
    ),
    (
        "repeated-group-on-item",
        _append(["items", 15, "modifier_groups"], "milk"),
        "items[15].modifier_groups[6]: group 'milk' repeated",
    ),
    (
        "wrong-schema",
        _set(["schema"], "menu-feed/2"),
        "schema: must be 'menu-feed/1', got 'menu-feed/2'",
    ),
    (
        "unknown-timezone",
        _set(["timezone"], "Asia/Beijing"),
        "timezone: unknown IANA time zone 'Asia/Beijing'",
    ),
]


def write() -> list[dict[str, str]]:
    reference = json.loads(REFERENCE.read_text(encoding="utf-8"))
    cases = []
    for stem, mutate, expect in CASES:
        feed = copy.deepcopy(reference)
        mutate(feed)
        name = f"{stem}.json"
        text = json.dumps(feed, ensure_ascii=False, indent=1) + "\n"
        (HERE / name).write_text(text, encoding="utf-8")
        cases.append({"file": name, "expect": expect})
    text = json.dumps(cases, ensure_ascii=False, indent=2) + "\n"
    (HERE / "cases.json").write_text(text, encoding="utf-8")
    return cases


def check(cases: list[dict[str, str]]) -> int:
    sys.path.insert(0, str(ROOT))
    from menu.errors import InvalidFeed
    from menu.feed import read_feed_file

    failures = 0
    for case in cases:
        try:
            read_feed_file(HERE / case["file"])
        except InvalidFeed as error:
            problems = [str(problem) for problem in error.problems]
        else:
            problems = []
        if case["expect"] not in problems:
            failures += 1
            print(f"FAIL {case['file']}: expected {case['expect']!r}, got {problems!r}")
    print(f"{len(cases) - failures}/{len(cases)} broken feeds report the expected problem")
    return 1 if failures else 0


def main(argv: list[str]) -> int:
    cases = write()
    return 0 if "--no-check" in argv else check(cases)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
