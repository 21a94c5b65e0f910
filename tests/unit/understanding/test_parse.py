"""Behaviour of `parse` on representative utterances, with the bundled feed."""

from __future__ import annotations

from typing import Any

import pytest

from ordering.understanding import INTENTS, Lexicon, OrderParse, parse

Line = tuple[str | None, int | None, tuple[str, ...], tuple[tuple[str, str], ...]]


def lines(parsed: OrderParse, field: str = "items") -> list[Line]:
    """The lines of a parse as comparable tuples, in a stable order."""
    out: list[Line] = []
    for line in parsed.to_dict()[field]:
        choices = tuple(sorted(line["choices"].items()))
        out.append((line["id"], line["quantity"], tuple(line["options"]), choices))
    return sorted(out, key=repr)


def line(
    ident: str | None,
    quantity: int | None = None,
    *options: str,
    choices: dict[str, str] | None = None,
) -> Line:
    return (ident, quantity, tuple(sorted(options)), tuple(sorted((choices or {}).items())))


def check(lexicon: Lexicon, text: str, intent: str, *items: Line, **fields: Any) -> OrderParse:
    parsed = parse(lexicon, text)
    assert parsed.intent == intent, parsed
    assert lines(parsed) == sorted(items, key=repr), parsed
    for name, value in fields.items():
        if name == "replaced":
            assert lines(parsed, "replaced") == sorted(value, key=repr), parsed
        else:
            assert parsed.to_dict()[name] == value, parsed
    return parsed


def test_contract_shape(lexicon: Lexicon) -> None:
    document = parse(lexicon, "Two egg tarts, and a large latte!").to_dict()
    assert set(document) == {
        "intent",
        "items",
        "replaced",
        "payment_method",
        "category",
        "unmatched",
    }
    assert document["items"][0].keys() == {"id", "quantity", "options", "choices"}
    assert document["intent"] in INTENTS


@pytest.mark.parametrize(
    "text", ["Two egg tarts, and a large latte!", "two egg tarts and a large latte"]
)
def test_punctuation_and_case_do_not_matter(lexicon: Lexicon, text: str) -> None:
    check(lexicon, text, "add_items", line("egg-tart", 2), line("latte", 1, "size-large"))


def test_several_items_each_with_its_own_quantity_and_options(lexicon: Lexicon) -> None:
    check(
        lexicon,
        "a large coffee and a soy milk with no sugar",
        "add_items",
        line("brewed-coffee", 1, "size-large"),
        line("soy-milk", 1, "sugar-none"),
    )
    check(
        lexicon,
        "two soy milks, no sugar, and four youtiao",
        "add_items",
        line("soy-milk", 2, "sugar-none"),
        line("youtiao", 4),
    )


def test_size_words_resolve_through_the_named_item(lexicon: Lexicon) -> None:
    check(lexicon, "a medium orange juice", "add_items", line("orange-juice", 1, "size-regular"))
    check(lexicon, "a medium latte", "add_items", line("latte", 1, "size-medium"))
    check(lexicon, "a big hot milk", "add_items", line("hot-milk", 1, "size-large-drink"))


def test_words_of_an_item_name_are_not_options(lexicon: Lexicon) -> None:
    check(lexicon, "can I get a hot milk", "add_items", line("hot-milk", 1))
    check(lexicon, "an iced milk tea", "add_items", line("milk-tea", 1, "iced"))


def test_options_never_leave_their_item(lexicon: Lexicon) -> None:
    # a hash brown has no size: "large" cannot land on it
    check(
        lexicon,
        "a latte and a large hash brown",
        "add_items",
        line("latte", 1, "size-large"),
        line("hash-brown", 1),
    )


def test_options_no_product_can_take_are_set_aside_outside_the_contract(lexicon: Lexicon) -> None:
    """Egg tarts take no milk: the option is on no line, and `unplaced` (for the recogniser,
    not the contract JSON) says it was said."""
    parsed = check(lexicon, "two egg tarts with oat milk", "add_items", line("egg-tart", 2))
    assert parsed.unplaced == ("oat-milk",)
    assert "unplaced" not in parsed.to_dict()
    taken = check(lexicon, "a latte with oat milk", "add_items", line("latte", 1, "oat-milk"))
    assert taken.unplaced == ()


def test_an_article_said_again_keeps_the_options_before_it(lexicon: Lexicon) -> None:
    # as recognisers write a customer who starts again: "a large, a latte"
    check(
        lexicon,
        "a large a latte with oat milk",
        "add_items",
        line("latte", 1, "size-large", "oat-milk"),
    )
    check(lexicon, "an iced a milk tea", "add_items", line("milk-tea", 1, "iced"))
    check(
        lexicon,
        "a latte and a large a hash brown",
        "add_items",
        line("latte", 1, "size-large"),
        line("hash-brown", 1),
    )


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("3 hash browns", 3),
        ("three hash browns", 3),
        ("a couple of hash browns", 2),
        ("half a dozen hash browns", 6),
        ("a dozen hash browns", 12),
        ("two dozen hash browns", 24),
        ("twenty five hash browns", 25),
        ("another hash brown", 1),
        ("hash browns please", None),
        ("the hash brown", None),
    ],
)
def test_numbers_as_words_digits_and_phrases(
    lexicon: Lexicon, text: str, quantity: int | None
) -> None:
    check(lexicon, text, "add_items", line("hash-brown", quantity))


def test_set_meal_slots_are_filled_by_the_items_named_after_it(lexicon: Lexicon) -> None:
    check(
        lexicon,
        "a congee set with mushroom chicken congee and a tea egg",
        "add_items",
        line("congee-set", 1, choices={"congee": "mushroom-chicken-congee", "side": "tea-egg"}),
    )
    check(
        lexicon,
        "a panini set, pork panini, with a latte",
        "add_items",
        line("panini-set", 1, choices={"main": "pork-cheese-panini", "drink": "latte"}),
    )


def test_an_item_that_is_no_choice_of_the_set_is_a_line_of_its_own(lexicon: Lexicon) -> None:
    check(
        lexicon,
        "a congee set with chicken congee and a youtiao, and an americano",
        "add_items",
        line("congee-set", 1, choices={"congee": "mushroom-chicken-congee", "side": "youtiao"}),
        line("americano", 1),
    )


def test_component_options_are_kept_for_the_dialog(lexicon: Lexicon) -> None:
    parsed = parse(lexicon, "a panini set with a bacon panini and a latte with oat milk")
    (combo,) = parsed.items
    assert combo.options == ()
    drink = next(choice for choice in combo.choices if choice.slot == "drink")
    assert (drink.item, drink.options) == ("latte", ("oat-milk",))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("make that three", line(None, 3)),
        ("actually, make it two", line(None, 2)),
        ("make that iced", line(None, None, "iced")),
        ("make it a small", line(None, None, "size-small")),
        ("actually, no cheese on that", line(None, None, "cheese-none")),
        ("make the orange juice a large", line("orange-juice", None, "size-large-drink")),
        ("change the latte to oat milk", line("latte", None, "oat-milk")),
        ("I want three egg tarts, not two", line("egg-tart", 3)),
    ],
)
def test_corrections_and_references(lexicon: Lexicon, text: str, expected: Line) -> None:
    check(lexicon, text, "modify_items", expected)


def test_a_size_word_of_several_groups_waits_for_the_item(lexicon: Lexicon) -> None:
    parsed = check(lexicon, "make it large", "modify_items", line(None))
    assert set(parsed.items[0].pending[0]) == {"size-large", "size-large-drink"}


def test_replacements(lexicon: Lexicon) -> None:
    check(
        lexicon,
        "change the two lattes to two americanos",
        "replace_item",
        line("americano", 2),
        replaced=[line("latte", 2)],
    )
    check(
        lexicon,
        "instead of the orange juice, can I get a milk tea",
        "replace_item",
        line("milk-tea", 1),
        replaced=[line("orange-juice")],
    )
    check(
        lexicon,
        "replace it with a large americano",
        "replace_item",
        line("americano", 1, "size-large"),
        replaced=[line(None)],
    )


def test_a_set_default_named_with_instead_of_is_no_replacement(lexicon: Lexicon) -> None:
    check(
        lexicon,
        "a burger set with orange juice instead of coffee",
        "add_items",
        line("burger-set", 1, choices={"drink": "orange-juice"}),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("remove the latte", [line("latte")]),
        ("take off one youtiao", [line("youtiao", 1)]),
        ("remove two of the egg tarts", [line("egg-tart", 2)]),
        ("take away one of the lattes", [line("latte", 1)]),
        ("remove the iced latte", [line("latte", None, "iced")]),
        ("um, take that off please", [line(None)]),
        ("no bacon panini after all", [line("bacon-egg-panini")]),
        ("I changed my mind about the milk tea, take it off", [line("milk-tea")]),
    ],
)
def test_removals(lexicon: Lexicon, text: str, expected: list[Line]) -> None:
    check(lexicon, text, "remove_items", *expected)


def test_unknown_food_is_unmatched_and_never_a_menu_item(lexicon: Lexicon) -> None:
    check(lexicon, "can I get a pizza", "add_items", unmatched=["pizza"])
    check(
        lexicon, "I'd like a latte and a bagel", "add_items", line("latte", 1), unmatched=["bagel"]
    )
    check(lexicon, "two baozi and a tea egg", "add_items", line("tea-egg", 1), unmatched=["baozi"])


def test_fillers_restarts_and_politeness(lexicon: Lexicon) -> None:
    check(lexicon, "a, uh, no wait, two hash browns", "add_items", line("hash-brown", 2))
    check(
        lexicon,
        "um, a beef congee and, uh, two tea eggs",
        "add_items",
        line("beef-egg-congee", 1),
        line("tea-egg", 2),
    )
    check(lexicon, "hi there, could I please have a milk tea", "add_items", line("milk-tea", 1))


def test_one_iced_and_one_hot_splits_the_line(lexicon: Lexicon) -> None:
    check(
        lexicon,
        "two lattes, one iced and one hot",
        "add_items",
        line("latte", 1, "iced"),
        line("latte", 1, "hot"),
    )


def test_small_recogniser_slips_are_forgiven(lexicon: Lexicon) -> None:
    check(lexicon, "can I get a lattay", "add_items", line("latte", 1))
    check(lexicon, "a congie set", "add_items", line("congee-set", 1))


@pytest.mark.parametrize(
    ("text", "intent", "fields"),
    [
        ("yes please", "confirm", {}),
        ("no, that's not right", "deny", {}),
        ("no, that's everything", "finish", {}),
        ("cancel my order", "cancel_order", {}),
        ("what coffee do you have", "ask_menu", {"category": "coffee"}),
        ("what do you have for breakfast", "ask_menu", {"category": None}),
        ("how much is my order", "ask_price", {}),
        ("where's the nearest store", "ask_store", {}),
        ("I'll pay by card", "pay", {"payment_method": "card"}),
        ("voice pay please", "pay", {"payment_method": "voice"}),
        ("can you repeat that", "repeat", {}),
        ("how does this work", "help", {}),
        ("tell me a joke", "out_of_scope", {}),
        ("turn off the lights", "out_of_scope", {}),
    ],
)
def test_intents_without_items(
    lexicon: Lexicon, text: str, intent: str, fields: dict[str, Any]
) -> None:
    check(lexicon, text, intent, **fields)


def test_price_question_names_its_item(lexicon: Lexicon) -> None:
    check(
        lexicon, "what does a large americano cost", "ask_price", line("americano", 1, "size-large")
    )


def test_another_menu_needs_no_code(diner_lexicon: Lexicon) -> None:
    check(
        diner_lexicon,
        "a short stack with maple syrup and a large iced tea",
        "add_items",
        line("pancakes", 1, "maple"),
        line("iced-tea", 1, "cup-large"),
    )
    check(
        diner_lexicon,
        "a medium vanilla shake",
        "add_items",
        line("vanilla-shake", 1, "shake-regular"),
    )
    check(
        diner_lexicon,
        "a lumberjack special with french toast and bacon",
        "add_items",
        line("lumberjack", 1, choices={"plate": "french-toast", "side": "bacon"}),
    )
    check(diner_lexicon, "a latte please", "add_items", unmatched=["latte"])
    check(diner_lexicon, "what hot drinks do you have", "ask_menu", category="hot-drinks")
