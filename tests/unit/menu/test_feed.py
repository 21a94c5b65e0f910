import copy
import json
from pathlib import Path
from typing import Any

import pytest

from menu import BUNDLED_FEED
from menu.errors import InvalidFeed
from menu.feed import checksum_of, load_feed, read_feed_file
from menu.model import Menu
from tests.conftest import DATA, SECOND_FEED

BROKEN = DATA / "feeds" / "broken"


def reference_document() -> dict[str, Any]:
    return json.loads(BUNDLED_FEED.read_text(encoding="utf-8"))


def problems_of(document: Any) -> list[str]:
    with pytest.raises(InvalidFeed) as caught:
        load_feed(document)
    return [str(problem) for problem in caught.value.problems]


def test_reference_feed_loads(reference_menu: Menu) -> None:
    assert reference_menu.currency == "CNY"
    assert len(reference_menu.items) == 23 and len(reference_menu.combos) == 3
    assert reference_menu.item("latte").name.zh


def test_second_feed_of_another_cuisine_loads() -> None:
    menu = read_feed_file(SECOND_FEED).menu
    assert menu.currency != "CNY"
    reference_ids = {p.id for p in read_feed_file(BUNDLED_FEED).menu.products()}
    assert not reference_ids & {p.id for p in menu.products()}


def test_checksum_ignores_formatting() -> None:
    document = reference_document()
    assert checksum_of(document) == checksum_of(json.loads(json.dumps(document, indent=4)))
    changed = copy.deepcopy(document)
    changed["items"][0]["price"] += 1
    assert checksum_of(changed) != checksum_of(document)


@pytest.mark.parametrize(
    "case",
    json.loads((BROKEN / "cases.json").read_text(encoding="utf-8")),
    ids=lambda case: case["file"],
)
def test_broken_feeds_name_the_place(case: dict[str, str]) -> None:
    with pytest.raises(InvalidFeed) as caught:
        read_feed_file(BROKEN / case["file"])
    assert case["expect"] in [str(problem) for problem in caught.value.problems]


def test_every_problem_is_reported_at_once() -> None:
    document = reference_document()
    document["items"][4]["modifier_groups"].append("syrup")
    document["items"][0]["price"] = -1
    document["modifier_groups"][0]["min"] = 2
    document["dayparts"][0]["end"] = "10:61"
    problems = problems_of(document)
    assert "items[4].modifier_groups[1]: unknown group 'syrup'" in problems
    assert "items[0].price: must be a non-negative integer in minor units, got -1" in problems
    assert "modifier_groups[0]: min 2 is greater than max 1" in problems
    assert "dayparts[0].end: '10:61' is not a time HH:MM" in problems


def test_shape_errors_name_the_field() -> None:
    document = reference_document()
    del document["currency"]
    document["items"][2]["price"] = "ten"
    problems = problems_of(document)
    assert "currency: required field is missing" in problems
    assert any(p.startswith("items[2].price: ") for p in problems)


def test_a_feed_must_be_an_object() -> None:
    assert problems_of([1, 2]) == ["$: a feed must be a JSON object"]


def test_unreadable_files_are_named(tmp_path: Path) -> None:
    with pytest.raises(InvalidFeed, match="no such file"):
        read_feed_file(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", encoding="utf-8")
    with pytest.raises(InvalidFeed, match=r"bad.json:1:3: not valid JSON"):
        read_feed_file(bad)


def test_a_misspelled_field_is_refused_but_extra_fields_are_kept_out_of_the_way() -> None:
    document = reference_document()
    document["combo"] = document.pop("combos")
    document["items"][0]["modifer_groups"] = []
    assert sorted(problems_of(document)) == [
        "combo: unknown field; did you mean 'combos'?",
        "items[0].modifer_groups: unknown field; did you mean 'modifier_groups'?",
    ]
    extra = reference_document()
    extra["brand"]["website"] = "https://example.com"
    assert load_feed(extra).menu.brand_id == extra["brand"]["id"]
