"""Properties of `parse` on arbitrary text: it never raises and never invents menu ids."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from menu.model import Menu
from ordering.understanding import INTENTS, Lexicon, OrderParse, ParsedLine, parse

GLUE = (
    "a an the two three and with no without please make it that change to for instead of "
    "remove take off one iced large can i get uh um wait not both another dozen half couple "
    "what do you have how much is my order yes cancel".split()
)
_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _menu_words(menu: Menu) -> list[str]:
    words: set[str] = set()
    for product in menu.products():
        for text in (product.name.en, *product.aliases.en):
            words.update(text.lower().split())
    for group in menu.modifier_groups:
        for option in group.options:
            for text in (option.name.en, *option.aliases.en):
                words.update(text.lower().split())
    return sorted(words)


def assert_valid(menu: Menu, parsed: OrderParse) -> None:
    """Every id comes from the feed, options fit their item, choices fit their slot."""
    assert parsed.intent in INTENTS
    document = parsed.to_dict()
    assert document["payment_method"] in (None, "voice", "card")
    assert document["category"] is None or document["category"] in {
        category.id for category in menu.categories
    }
    for line in (*parsed.items, *parsed.replaced):
        _assert_line(menu, line)


def _assert_line(menu: Menu, line: ParsedLine) -> None:
    assert line.quantity is None or line.quantity >= 0
    assert list(line.options) == sorted(line.options)
    if line.id is None:
        known = {option.id for group in menu.modifier_groups for option in group.options}
        assert set(line.options) <= known
        assert not line.choices
        return
    assert menu.has_product(line.id)
    if line.id in {combo.id for combo in menu.combos}:
        combo = menu.combo(line.id)
        assert line.options == ()
        assert len({choice.slot for choice in line.choices}) == len(line.choices)
        for choice in line.choices:
            slot = combo.slot(choice.slot)
            assert slot.choice_for(choice.item) is not None
            allowed = {o.id for g in menu.groups_of(choice.item) for o in g.options}
            assert set(choice.options) <= allowed
        return
    allowed = {option.id for group in menu.groups_of(line.id) for option in group.options}
    assert set(line.options) <= allowed
    assert not line.choices


@_SETTINGS
@given(text=st.text(max_size=80))
def test_random_unicode_never_raises(menu: Menu, lexicon: Lexicon, text: str) -> None:
    assert_valid(menu, parse(lexicon, text))


@_SETTINGS
@given(data=st.data())
def test_menu_words_and_glue_never_give_invalid_lines(
    menu: Menu, lexicon: Lexicon, data: st.DataObject
) -> None:
    vocabulary = _menu_words(menu) + GLUE + ["7", "25", ",", "!", "pizza", "lattes"]
    words = data.draw(st.lists(st.sampled_from(vocabulary), max_size=16))
    assert_valid(menu, parse(lexicon, " ".join(words)))


@_SETTINGS
@given(data=st.data())
def test_another_menu_never_gives_invalid_lines(
    diner_menu: Menu, diner_lexicon: Lexicon, data: st.DataObject
) -> None:
    vocabulary = _menu_words(diner_menu) + GLUE
    words = data.draw(st.lists(st.sampled_from(vocabulary), max_size=16))
    assert_valid(diner_menu, parse(diner_lexicon, " ".join(words)))
