"""Phrasings the parser was never given, on a menu it was never tuned on (the diner feed of
`other_menu.py`): every word of food comes from that feed, the rest is general English."""

from __future__ import annotations

import pytest

from ordering.understanding import Lexicon, parse
from ordering.understanding.confidence import ASK_BELOW
from ordering.understanding.synonyms import variants
from tests.unit.understanding.test_parse import check, line


@pytest.mark.parametrize(
    ("text", "intent", "items"),
    [
        ("a skinny cappuccino", "add_items", [line("cappuccino", 1, "skim")]),
        ("a blueberry breakfast muffin", "add_items", [line("blueberry-muffin", 1)]),
        ("a chorizo and egg burrito", "add_items", [line("breakfast-burrito", 1)]),
        ("scrap the bacon", "remove_items", [line("bacon")]),
        ("knock off one plain bagel", "remove_items", [line("plain-bagel", 1)]),
        ("one less bagel", "remove_items", [line("plain-bagel", 1)]),
        ("could the cappuccino be large", "modify_items", [line("cappuccino", None, "cup-large")]),
        ("the iced tea should be big", "modify_items", [line("iced-tea", None, "cup-large")]),
        ("make the pancakes three", "modify_items", [line("pancakes", 3)]),
        ("bump the muffins up to four", "modify_items", [line("blueberry-muffin", 4)]),
        ("put it on my card", "pay", []),
        ("yes please place the order", "confirm", []),
        ("what would two muffins set me back", "ask_price", [line("blueberry-muffin", 2)]),
        ("remind me to buy bagels tomorrow", "out_of_scope", []),
        ("is coffee bad for your heart", "out_of_scope", []),
    ],
)
def test_new_phrasings_on_another_menu(
    diner_lexicon: Lexicon, text: str, intent: str, items: list[object]
) -> None:
    check(diner_lexicon, text, intent, *items)  # type: ignore[arg-type]


def test_replacement_said_the_other_way_round(diner_lexicon: Lexicon) -> None:
    check(
        diner_lexicon,
        "rather than the coffee I'll take a hot chocolate",
        "replace_item",
        line("hot-chocolate", 1),
        replaced=[line("drip-coffee")],
    )
    check(
        diner_lexicon,
        "give me a cappuccino, not the coffee",
        "replace_item",
        line("cappuccino", 1),
        replaced=[line("drip-coffee")],
    )


@pytest.mark.parametrize(
    ("text", "food"),
    [
        ("a cinnamon raisin bagel", "cinnamon raisin bagel"),
        ("a grape juice", "grape juice"),
        ("a strawberry milkshake", "strawberry milkshake"),
    ],
)
def test_a_menu_word_after_words_no_item_has_is_off_the_menu(
    diner_lexicon: Lexicon, text: str, food: str
) -> None:
    parsed = parse(diner_lexicon, text)
    assert parsed.intent == "add_items" and parsed.items == ()
    assert parsed.unmatched == (food,)


def test_a_description_needs_the_head_and_more_words_of_the_item(lexicon: Lexicon) -> None:
    check(
        lexicon, "a century egg and pork rice porridge", "add_items", line("century-egg-congee", 1)
    )
    check(lexicon, "an egg custard tart", "add_items", line("egg-tart", 1))
    # two items said side by side stay two
    check(lexicon, "a hash brown egg tart", "add_items", line("hash-brown", 1), line("egg-tart"))
    parsed = parse(lexicon, "scrambled eggs please")
    assert parsed.items == () and parsed.unmatched == ("scrambled eggs",)


def test_customer_words_for_the_feeds_option_words() -> None:
    assert ("ice",) in set(variants(("iced",)))
    assert ("skinny",) in set(variants(("skim", "milk")))
    assert ("go", "easy", "on", "the", "ice") in set(variants(("less", "ice")))
    assert ("latte",) not in set(variants(("latte",)))


def test_confidence_is_lower_for_words_nothing_explains(lexicon: Lexicon) -> None:
    sure = parse(lexicon, "two egg tarts please")
    unsure = parse(lexicon, "two egg tarts chop chop")
    assert sure.confidence == 1.0
    assert unsure.intent == "add_items" and unsure.confidence < sure.confidence
    assert "confidence" not in sure.to_dict()  # order-parse/1 is unchanged


def test_an_utterance_no_cue_decided_names_what_to_ask_about(lexicon: Lexicon) -> None:
    parsed = parse(lexicon, "yeah go on then")
    assert parsed.intent == "out_of_scope"
    assert parsed.alternative == "confirm" and parsed.confidence < ASK_BELOW
    assert parse(lexicon, "tell me a joke").alternative is None
