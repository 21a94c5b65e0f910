"""The menu as the rest of the system sees it: immutable, validated, indexed by id.

A `Menu` is built only from a feed that passed `menu.feed.validate_feed`, so every reference
inside it resolves; lookups by id therefore raise `KeyError` only for ids that came from outside.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Literal
from zoneinfo import ZoneInfo

Language = Literal["en", "zh"]


@dataclass(frozen=True, slots=True)
class Localized:
    """A text in both languages of a feed."""

    en: str
    zh: str

    def get(self, lang: Language) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True, slots=True)
class Aliases:
    """Other ways customers name a thing, per language."""

    en: tuple[str, ...] = ()
    zh: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Daypart:
    """A half-open time window `[start, end)` in the feed's time zone; may wrap past midnight."""

    id: str
    name: Localized
    start: time
    end: time | None  # None means midnight at the end of the day ("24:00")

    def contains(self, moment: time) -> bool:
        if self.end is None:
            return moment >= self.start
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    name: Localized


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    name: Localized
    price: int
    aliases: Aliases


@dataclass(frozen=True, slots=True)
class ModifierGroup:
    """A choice on an item: between `min` and `max` of `options`, `default` when nothing is said."""

    id: str
    name: Localized
    min: int
    max: int
    default: str | None
    options: tuple[Option, ...]

    @property
    def required(self) -> bool:
        """True when the customer must answer it before ordering (no default to fall back on)."""
        return self.min >= 1 and self.default is None

    def option_ids(self) -> tuple[str, ...]:
        return tuple(option.id for option in self.options)


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    category: str
    name: Localized
    aliases: Aliases
    price: int
    dayparts: tuple[str, ...]
    modifier_groups: tuple[str, ...]
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SlotChoice:
    """One item a set-meal slot may hold; `options` are preset on it and included in the price."""

    item: str
    upcharge: int
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Slot:
    id: str
    name: Localized
    default: str | None
    choices: tuple[SlotChoice, ...]

    def choice_for(self, item_id: str) -> SlotChoice | None:
        return next((choice for choice in self.choices if choice.item == item_id), None)


@dataclass(frozen=True, slots=True)
class Combo:
    id: str
    category: str
    name: Localized
    aliases: Aliases
    price: int
    dayparts: tuple[str, ...]
    slots: tuple[Slot, ...]

    def slot(self, slot_id: str) -> Slot:
        for slot in self.slots:
            if slot.id == slot_id:
                return slot
        raise KeyError(slot_id)


Product = Item | Combo


@dataclass(frozen=True, slots=True)
class Menu:
    """A whole validated feed with lookups by id."""

    schema: str
    brand_id: str
    brand_name: Localized
    currency: str
    price_unit: str
    timezone: str
    dayparts: tuple[Daypart, ...]
    categories: tuple[Category, ...]
    modifier_groups: tuple[ModifierGroup, ...]
    items: tuple[Item, ...]
    combos: tuple[Combo, ...]
    _index: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = self._index
        for kind, things in (
            ("daypart", self.dayparts),
            ("category", self.categories),
            ("group", self.modifier_groups),
            ("product", self.items),
            ("product", self.combos),
        ):
            for thing in things:
                index[f"{kind}:{thing.id}"] = thing
        for group in self.modifier_groups:
            for option in group.options:
                index[f"option:{option.id}"] = option
                index[f"option-group:{option.id}"] = group

    def _get(self, kind: str, key: str) -> object:
        try:
            return self._index[f"{kind}:{key}"]
        except KeyError:
            raise KeyError(key) from None

    def product(self, product_id: str) -> Product:
        found = self._get("product", product_id)
        assert isinstance(found, Item | Combo)
        return found

    def item(self, item_id: str) -> Item:
        found = self.product(item_id)
        if not isinstance(found, Item):
            raise KeyError(item_id)
        return found

    def combo(self, combo_id: str) -> Combo:
        found = self.product(combo_id)
        if not isinstance(found, Combo):
            raise KeyError(combo_id)
        return found

    def has_product(self, product_id: str) -> bool:
        return f"product:{product_id}" in self._index

    def group(self, group_id: str) -> ModifierGroup:
        found = self._get("group", group_id)
        assert isinstance(found, ModifierGroup)
        return found

    def option(self, option_id: str) -> Option:
        found = self._get("option", option_id)
        assert isinstance(found, Option)
        return found

    def group_of_option(self, option_id: str) -> ModifierGroup:
        found = self._get("option-group", option_id)
        assert isinstance(found, ModifierGroup)
        return found

    def daypart(self, daypart_id: str) -> Daypart:
        found = self._get("daypart", daypart_id)
        assert isinstance(found, Daypart)
        return found

    def category(self, category_id: str) -> Category:
        found = self._get("category", category_id)
        assert isinstance(found, Category)
        return found

    def groups_of(self, item_id: str) -> tuple[ModifierGroup, ...]:
        return tuple(self.group(group_id) for group_id in self.item(item_id).modifier_groups)

    def products(self) -> Iterator[Product]:
        yield from self.items
        yield from self.combos

    def local_time(self, moment: datetime) -> time:
        """The wall-clock time of `moment` in the feed's time zone (naive means already local)."""
        if moment.tzinfo is None:
            return moment.time()
        return moment.astimezone(ZoneInfo(self.timezone)).time()

    def is_available(self, product_id: str, moment: datetime) -> bool:
        local = self.local_time(moment)
        product = self.product(product_id)
        return any(self.daypart(d).contains(local) for d in product.dayparts)

    def next_start(self, product_id: str, moment: datetime) -> time | None:
        """When the product is next served after `moment` (the soonest daypart start), or None."""
        local = self.local_time(moment)
        starts = sorted(self.daypart(d).start for d in self.product(product_id).dayparts)
        if not starts:
            return None
        later = [start for start in starts if start > local]
        return later[0] if later else starts[0]
