"""What a customer can order at a moment: the menu grouped by category, for display."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from menu.model import Combo, Item, Language, Menu
from menu.money import format_amount, major_units


@dataclass(frozen=True, slots=True)
class ListedOption:
    id: str
    name: str
    price: int


@dataclass(frozen=True, slots=True)
class ListedGroup:
    id: str
    name: str
    min: int
    max: int
    default: str | None
    options: tuple[ListedOption, ...]

    @property
    def required(self) -> bool:
        return self.min >= 1 and self.default is None


@dataclass(frozen=True, slots=True)
class ListedChoice:
    item: str
    name: str
    upcharge: int
    options: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ListedSlot:
    id: str
    name: str
    default: str | None
    choices: tuple[ListedChoice, ...]


@dataclass(frozen=True, slots=True)
class ListedProduct:
    id: str
    kind: str
    name: str
    price: int
    available: bool
    starts_at: str | None  # "HH:MM" when not available now
    groups: tuple[ListedGroup, ...] = ()
    slots: tuple[ListedSlot, ...] = ()


@dataclass(frozen=True, slots=True)
class ListedCategory:
    id: str
    name: str
    products: tuple[ListedProduct, ...]


@dataclass(frozen=True, slots=True)
class MenuListing:
    brand: str
    currency: str
    local_time: str
    lang: Language
    categories: tuple[ListedCategory, ...]

    def price(self, amount: int) -> str:
        return format_amount(amount, self.currency)

    def to_dict(self) -> dict[str, Any]:
        def money(amount: int) -> dict[str, Any]:
            return {
                "minor": amount,
                "major": major_units(amount, self.currency),
                "text": self.price(amount),
            }

        return {
            "brand": self.brand,
            "currency": self.currency,
            "local_time": self.local_time,
            "lang": self.lang,
            "categories": [
                {
                    "id": category.id,
                    "name": category.name,
                    "products": [
                        {
                            "id": p.id,
                            "kind": p.kind,
                            "name": p.name,
                            "price": money(p.price),
                            "available": p.available,
                            "starts_at": p.starts_at,
                            "groups": [
                                {
                                    "id": g.id,
                                    "name": g.name,
                                    "min": g.min,
                                    "max": g.max,
                                    "default": g.default,
                                    "options": [
                                        {"id": o.id, "name": o.name, "price": money(o.price)}
                                        for o in g.options
                                    ],
                                }
                                for g in p.groups
                            ],
                            "slots": [
                                {
                                    "id": s.id,
                                    "name": s.name,
                                    "default": s.default,
                                    "choices": [
                                        {
                                            "item": c.item,
                                            "name": c.name,
                                            "upcharge": money(c.upcharge),
                                            "options": list(c.options),
                                        }
                                        for c in s.choices
                                    ],
                                }
                                for s in p.slots
                            ],
                        }
                        for p in category.products
                    ],
                }
                for category in self.categories
            ],
        }


def _listed(menu: Menu, product: Item | Combo, at: datetime, lang: Language) -> ListedProduct:
    available = menu.is_available(product.id, at)
    start = None if available else menu.next_start(product.id, at)
    common: dict[str, Any] = {
        "id": product.id,
        "name": product.name.get(lang),
        "price": product.price,
        "available": available,
        "starts_at": start.strftime("%H:%M") if start else None,
    }
    if isinstance(product, Item):
        groups = tuple(
            ListedGroup(
                g.id,
                g.name.get(lang),
                g.min,
                g.max,
                g.default,
                tuple(ListedOption(o.id, o.name.get(lang), o.price) for o in g.options),
            )
            for g in menu.groups_of(product.id)
        )
        return ListedProduct(kind="item", groups=groups, **common)
    slots = tuple(
        ListedSlot(
            s.id,
            s.name.get(lang),
            s.default,
            tuple(
                ListedChoice(c.item, menu.item(c.item).name.get(lang), c.upcharge, c.options)
                for c in s.choices
            ),
        )
        for s in product.slots
    )
    return ListedProduct(kind="combo", slots=slots, **common)


def menu_listing(menu: Menu, at: datetime, lang: Language = "en") -> MenuListing:
    """The whole menu by category, each product marked available at `at` or with its start."""
    categories = []
    for category in menu.categories:
        products = tuple(
            _listed(menu, product, at, lang)
            for product in menu.products()
            if product.category == category.id
        )
        if products:
            # What can be ordered now first, then the rest by start time, in feed order.
            products = tuple(sorted(products, key=lambda p: not p.available))
            categories.append(ListedCategory(category.id, category.name.get(lang), products))
    return MenuListing(
        brand=menu.brand_name.get(lang),
        currency=menu.currency,
        local_time=menu.local_time(at).strftime("%H:%M"),
        lang=lang,
        categories=tuple(categories),
    )
