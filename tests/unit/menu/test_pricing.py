import pytest

from menu.errors import IncompleteLine, LimitExceeded, OptionNotAllowed, UnknownProduct
from menu.model import Menu
from menu.pricing import (
    Component,
    Limits,
    Line,
    MissingChoice,
    check_limits,
    missing_choices,
    price_order,
    resolve_line,
    resolve_options,
    unit_price,
)


def price(menu: Menu, line: Line) -> int:
    return unit_price(menu, resolve_line(menu, line))


def test_item_without_groups_costs_its_price(reference_menu: Menu) -> None:
    assert price(reference_menu, Line("egg-tart")) == 750


def test_chosen_options_add_their_price(reference_menu: Menu) -> None:
    # latte 1500 + large 500 + oat milk 300; hot (default) costs nothing
    assert price(reference_menu, Line("latte", options=("size-large", "oat-milk"))) == 2300


def test_defaults_are_applied_and_priced(reference_menu: Menu) -> None:
    options = resolve_options(reference_menu, "latte", ["size-small"])
    assert options == ("hot", "size-small", "whole-milk")
    assert price(reference_menu, Line("soy-milk")) == 500  # size-regular default, free


def test_later_option_replaces_earlier_in_a_max_one_group(reference_menu: Menu) -> None:
    options = resolve_options(reference_menu, "latte", ["size-small", "size-large", "iced"])
    assert options == ("iced", "size-large", "whole-milk")


def test_option_of_another_item_is_refused(reference_menu: Menu) -> None:
    with pytest.raises(OptionNotAllowed):
        resolve_options(reference_menu, "egg-tart", ["size-large"])


def test_required_group_without_default_must_be_answered(reference_menu: Menu) -> None:
    line = resolve_line(reference_menu, Line("brewed-coffee"))
    assert missing_choices(reference_menu, line) == (MissingChoice("group", "coffee-size"),)
    with pytest.raises(IncompleteLine):
        unit_price(reference_menu, line)


def test_combo_with_defaults_costs_its_price(reference_menu: Menu) -> None:
    assert price(reference_menu, Line("congee-set")) == 1500


def test_combo_upcharges_add_up(reference_menu: Menu) -> None:
    line = Line(
        "congee-set",
        choices={
            "congee": Component("beef-egg-congee"),
            "side": Component("hash-brown"),
            "drink": Component("hot-milk"),
        },
    )
    assert price(reference_menu, line) == 1500 + 100 + 200 + 100


def test_preset_options_are_included_but_other_options_cost_extra(reference_menu: Menu) -> None:
    chosen = {"main": Component("bacon-egg-panini")}
    plain = resolve_line(reference_menu, Line("panini-set", choices=chosen))
    assert plain.choices["drink"] == Component(
        "brewed-coffee", ("hot", "size-medium", "whole-milk")
    )
    assert unit_price(reference_menu, plain) == 2400  # size-medium (+300) is preset: included
    latte = {**chosen, "drink": Component("latte", ("oat-milk",))}
    assert price(reference_menu, Line("panini-set", choices=latte)) == 2400 + 500 + 300
    bigger = {**chosen, "drink": Component("brewed-coffee", ("size-large",))}
    assert price(reference_menu, Line("panini-set", choices=bigger)) == 2400 + 500


def test_combo_slot_without_default_is_missing(reference_menu: Menu) -> None:
    line = resolve_line(reference_menu, Line("panini-set"))
    assert missing_choices(reference_menu, line) == (MissingChoice("slot", "main"),)


def test_combo_choice_must_be_allowed(reference_menu: Menu) -> None:
    with pytest.raises(OptionNotAllowed):
        resolve_line(reference_menu, Line("panini-set", choices={"main": Component("latte")}))
    with pytest.raises(OptionNotAllowed):
        resolve_line(reference_menu, Line("panini-set", choices={"dessert": Component("latte")}))


def test_unknown_product_is_refused(reference_menu: Menu) -> None:
    with pytest.raises(UnknownProduct):
        resolve_line(reference_menu, Line("pizza"))


def test_order_total_is_the_sum_of_line_totals(reference_menu: Menu) -> None:
    order = price_order(reference_menu, [Line("egg-tart", 2), Line("latte", 1, ("size-large",))])
    assert [p.line_total for p in order.lines] == [1500, 2000]
    assert order.total == 3500


def test_limits(reference_menu: Menu) -> None:
    check_limits([Line("egg-tart", 20)])
    with pytest.raises(LimitExceeded, match="at most 20"):
        check_limits([Line("egg-tart", 21)])
    with pytest.raises(LimitExceeded):
        check_limits([Line("egg-tart", 0)])
    with pytest.raises(LimitExceeded, match="30 lines"):
        price_order(reference_menu, [Line("egg-tart")] * 31)
    check_limits([Line("egg-tart", 3)] * 2, Limits(max_quantity=3, max_lines=2))
