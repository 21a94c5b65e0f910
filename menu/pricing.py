"""The feed's ordering rules as pure functions: options in force, what is missing, prices, limits.

- Item unit price = item price + the price of every option in force (defaults included).
- Combo unit price = combo price + each chosen choice's upcharge + the price of every option on a
  component that its choice does not preset.
- In a group whose `max` is 1 a later choice replaces an earlier one; defaults fill groups the
  customer left alone.
- Limits: at most `max_quantity` of one line and `max_lines` lines in an order.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from menu.errors import IncompleteLine, LimitExceeded, OptionNotAllowed, UnknownProduct
from menu.model import Combo, Item, Menu, ModifierGroup, Slot


@dataclass(frozen=True, slots=True)
class Limits:
    max_quantity: int = 20
    max_lines: int = 30


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True, slots=True)
class Component:
    """The item in one slot of a set meal, with the options in force on it."""

    item: str
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Line:
    """One order line as asked: an item with options, or a combo with its slot choices.

    For an item, `options` are what the customer said; `resolve_line` adds the defaults.
    For a combo, `choices` maps slot ids to the component the customer named (may be partial).
    """

    product: str
    quantity: int = 1
    options: tuple[str, ...] = ()
    choices: Mapping[str, Component] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class MissingChoice:
    """Something the customer must still answer for a line, in the order it should be asked."""

    kind: str  # "group" (an option group of the item or of a component) or "slot"
    id: str  # the group id or slot id
    slot: str | None = None  # for a component's group: which slot


@dataclass(frozen=True, slots=True)
class PricedLine:
    line: Line
    unit_price: int
    line_total: int


@dataclass(frozen=True, slots=True)
class PricedOrder:
    lines: tuple[PricedLine, ...]
    total: int


def _item(menu: Menu, item_id: str) -> Item:
    try:
        return menu.item(item_id)
    except KeyError:
        raise UnknownProduct(f"'{item_id}' is not an item on the menu") from None


def _product(menu: Menu, product_id: str) -> Item | Combo:
    try:
        return menu.product(product_id)
    except KeyError:
        raise UnknownProduct(f"'{product_id}' is not on the menu") from None


def resolve_options(
    menu: Menu, item_id: str, said: Iterable[str], preset: Iterable[str] = ()
) -> tuple[str, ...]:
    """Options in force on an item: presets, then what was said (later wins where max is 1),
    then each untouched group's default. Raises `OptionNotAllowed` for an option of another group.
    """
    item = _item(menu, item_id)
    groups = menu.groups_of(item.id)
    allowed = {option.id: group for group in groups for option in group.options}
    chosen: dict[str, list[str]] = {group.id: [] for group in groups}
    for option_id in (*preset, *said):
        group = allowed.get(option_id)
        if group is None:
            raise OptionNotAllowed(f"'{option_id}' is not an option of '{item.id}'")
        picked = chosen[group.id]
        if option_id in picked:
            continue
        if group.max == 1:
            picked[:] = [option_id]
        elif len(picked) >= group.max:
            raise OptionNotAllowed(f"at most {group.max} of '{group.name.en}' on '{item.name.en}'")
        else:
            picked.append(option_id)
    for group in groups:
        if not chosen[group.id] and group.default is not None:
            chosen[group.id].append(group.default)
    return tuple(sorted(option for picked in chosen.values() for option in picked))


def missing_groups(menu: Menu, item_id: str, options: Iterable[str]) -> tuple[ModifierGroup, ...]:
    """Groups of the item that still need more options than `options` gives them."""
    in_force = set(options)
    return tuple(
        group
        for group in menu.groups_of(item_id)
        if sum(option.id in in_force for option in group.options) < group.min
    )


def _slot_component(menu: Menu, combo: Combo, slot: Slot, asked: Component | None) -> Component:
    item_id = asked.item if asked is not None else slot.default
    assert item_id is not None
    choice = slot.choice_for(item_id)
    if choice is None:
        raise OptionNotAllowed(f"'{item_id}' is not a choice for the {slot.name.en} of {combo.id}")
    said = asked.options if asked is not None else ()
    return Component(item_id, resolve_options(menu, item_id, said, preset=choice.options))


def resolve_line(menu: Menu, line: Line) -> Line:
    """The line with every default applied (options, slot defaults, component options)."""
    product = _product(menu, line.product)
    if isinstance(product, Item):
        if line.choices:
            raise OptionNotAllowed(f"'{product.id}' is not a set meal")
        return Line(product.id, line.quantity, resolve_options(menu, product.id, line.options))
    if line.options:
        raise OptionNotAllowed(f"options go on the parts of the set '{product.id}'")
    unknown = set(line.choices) - {slot.id for slot in product.slots}
    if unknown:
        raise OptionNotAllowed(f"'{product.id}' has no slot {sorted(unknown)}")
    choices = {
        slot.id: _slot_component(menu, product, slot, line.choices.get(slot.id))
        for slot in product.slots
        if slot.id in line.choices or slot.default is not None
    }
    return Line(product.id, line.quantity, (), choices)


def missing_choices(menu: Menu, line: Line) -> tuple[MissingChoice, ...]:
    """What must still be asked before a resolved line can be priced, in asking order."""
    product = _product(menu, line.product)
    if isinstance(product, Item):
        return tuple(
            MissingChoice("group", g.id) for g in missing_groups(menu, product.id, line.options)
        )
    missing: list[MissingChoice] = []
    for slot in product.slots:
        component = line.choices.get(slot.id)
        if component is None:
            missing.append(MissingChoice("slot", slot.id))
            continue
        missing.extend(
            MissingChoice("group", group.id, slot=slot.id)
            for group in missing_groups(menu, component.item, component.options)
        )
    return tuple(missing)


def unit_price(menu: Menu, line: Line) -> int:
    """Price of one unit of a resolved, complete line (see `resolve_line`)."""
    if missing_choices(menu, line):
        raise IncompleteLine(f"'{line.product}' still needs a choice before it can be priced")
    product = _product(menu, line.product)
    if isinstance(product, Item):
        return product.price + sum(menu.option(option).price for option in line.options)
    price = product.price
    for slot_id, component in line.choices.items():
        choice = product.slot(slot_id).choice_for(component.item)
        assert choice is not None
        price += choice.upcharge
        price += sum(
            menu.option(option).price
            for option in component.options
            if option not in choice.options
        )
    return price


def check_limits(lines: Sequence[Line], limits: Limits = DEFAULT_LIMITS) -> None:
    """Refuse quantities and line counts beyond the order limits."""
    if len(lines) > limits.max_lines:
        raise LimitExceeded(f"an order can have at most {limits.max_lines} lines")
    for line in lines:
        if line.quantity < 1:
            raise LimitExceeded(f"the quantity of '{line.product}' must be at least 1")
        if line.quantity > limits.max_quantity:
            raise LimitExceeded(
                f"at most {limits.max_quantity} of one line ('{line.product}': {line.quantity})"
            )


def price_order(menu: Menu, lines: Sequence[Line], limits: Limits = DEFAULT_LIMITS) -> PricedOrder:
    """Resolve, check and price a whole order."""
    check_limits(lines, limits)
    priced = []
    for line in lines:
        resolved = resolve_line(menu, line)
        price = unit_price(menu, resolved)
        priced.append(PricedLine(resolved, price, price * resolved.quantity))
    return PricedOrder(tuple(priced), sum(p.line_total for p in priced))
