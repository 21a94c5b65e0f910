"""A second, unrelated menu (an American diner) to show the parser needs no code per menu."""

from __future__ import annotations

from typing import Any


def _names(en: str) -> dict[str, str]:
    return {"en": en, "zh": en}


def _aliases(*en: str) -> dict[str, list[str]]:
    return {"en": list(en), "zh": []}


def _option(ident: str, name: str, *aliases: str, price: int = 0) -> dict[str, Any]:
    return {"id": ident, "name": _names(name), "price": price, "aliases": _aliases(*aliases)}


def _group(
    ident: str,
    name: str,
    options: list[dict[str, Any]],
    *,
    low: int = 0,
    default: str | None = None,
) -> dict[str, Any]:
    return {
        "id": ident,
        "name": _names(name),
        "min": low,
        "max": 1,
        "default": default,
        "options": options,
    }


def _item(
    ident: str, category: str, name: str, aliases: list[str], groups: list[str], price: int = 500
) -> dict[str, Any]:
    return {
        "id": ident,
        "category": category,
        "name": _names(name),
        "aliases": _aliases(*aliases),
        "price": price,
        "dayparts": ["all-day"],
        "modifier_groups": groups,
        "tags": [],
    }


def diner_feed() -> dict[str, Any]:
    """A valid `menu-feed/1` document for a diner: eggs, pancakes, bagels, coffee, shakes."""
    groups = [
        _group(
            "cup-size",
            "Cup size",
            [
                _option("cup-small", "Small", "small", "little"),
                _option("cup-medium", "Medium", "medium", "regular"),
                _option("cup-large", "Large", "large", "big", price=100),
            ],
            low=1,
            default="cup-medium",
        ),
        _group(
            "shake-size",
            "Shake size",
            [
                _option("shake-regular", "Regular", "regular", "medium"),
                _option("shake-large", "Large", "large", "big", price=150),
            ],
            low=1,
            default="shake-regular",
        ),
        _group(
            "dairy",
            "Milk",
            [
                _option("almond-milk", "Almond milk", "almond", "almond milk", price=60),
                _option("skim", "Skim milk", "skim", "skim milk", "nonfat"),
            ],
        ),
        _group(
            "egg-cook",
            "Eggs",
            [
                _option("scrambled", "Scrambled", "scrambled"),
                _option("over-easy", "Over easy", "over easy", "runny"),
                _option("poached", "Poached", "poached"),
            ],
            low=1,
            default="scrambled",
        ),
        _group(
            "syrup",
            "Syrup",
            [
                _option("maple", "Maple syrup", "maple", "maple syrup"),
                _option("berry-syrup", "Berry syrup", "berry syrup", "blueberry syrup"),
            ],
        ),
        _group(
            "onions",
            "Onions",
            [_option("onions-none", "No onions", "no onions", "without onions", "no onion")],
        ),
        _group(
            "bagel-spread",
            "Spread",
            [
                _option("cream-cheese", "Cream cheese", "cream cheese", "schmear"),
                _option("butter", "Butter", "butter", "buttered"),
                _option("spread-none", "No spread", "plain", "nothing on it", "dry"),
            ],
        ),
        _group(
            "whip",
            "Whipped cream",
            [
                _option("whip-extra", "Extra whipped cream", "extra whip", "extra whipped cream"),
                _option("whip-none", "No whipped cream", "no whip", "no whipped cream"),
            ],
        ),
    ]
    items = [
        _item(
            "two-egg-plate",
            "plates",
            "Two Egg Breakfast",
            ["two egg breakfast", "eggs and toast", "egg plate"],
            ["egg-cook", "onions"],
        ),
        _item(
            "pancakes",
            "plates",
            "Buttermilk Pancakes",
            ["pancakes", "pancake stack", "hotcakes", "short stack", "flapjacks"],
            ["syrup"],
        ),
        _item(
            "french-toast",
            "plates",
            "French Toast",
            ["french toast", "cinnamon french toast"],
            ["syrup"],
        ),
        _item(
            "denver-omelette",
            "plates",
            "Denver Omelette",
            ["denver omelet", "western omelette", "ham and pepper omelette"],
            ["onions"],
        ),
        _item(
            "breakfast-burrito",
            "plates",
            "Breakfast Burrito",
            ["burrito", "egg burrito", "chorizo burrito"],
            ["egg-cook", "onions"],
        ),
        _item(
            "plain-bagel",
            "bakery",
            "Plain Bagel",
            ["bagel", "bagels"],
            ["bagel-spread"],
        ),
        _item(
            "blueberry-muffin",
            "bakery",
            "Blueberry Muffin",
            ["muffin", "berry muffin"],
            [],
        ),
        _item("home-fries", "sides", "Home Fries", ["home fries", "potatoes"], ["onions"]),
        _item("bacon", "sides", "Side of Bacon", ["bacon", "bacon strips", "crispy bacon"], []),
        _item("fruit-cup", "sides", "Fresh Fruit Cup", ["fruit cup", "fruit", "fruit salad"], []),
        _item(
            "drip-coffee",
            "hot-drinks",
            "Diner Coffee",
            ["coffee", "drip coffee", "cup of joe", "joe"],
            ["cup-size", "dairy"],
        ),
        _item(
            "cappuccino",
            "hot-drinks",
            "Cappuccino",
            ["cappuccino", "cappuccinos", "cap"],
            ["cup-size", "dairy"],
        ),
        _item(
            "hot-chocolate",
            "hot-drinks",
            "Hot Chocolate",
            ["hot chocolate", "hot cocoa", "cocoa"],
            ["cup-size", "whip"],
        ),
        _item(
            "iced-tea",
            "cold-drinks",
            "Iced Tea",
            ["iced tea", "ice tea", "sweet tea"],
            ["cup-size"],
        ),
        _item(
            "vanilla-shake",
            "cold-drinks",
            "Vanilla Milkshake",
            ["vanilla shake", "milkshake", "shake", "vanilla milkshake"],
            ["shake-size", "whip"],
        ),
        _item(
            "apple-juice",
            "cold-drinks",
            "Apple Juice",
            ["apple juice", "juice"],
            ["shake-size"],
        ),
    ]
    combos = [
        {
            "id": "lumberjack",
            "category": "combos",
            "name": _names("Lumberjack Special"),
            "aliases": _aliases("lumberjack", "lumberjack breakfast", "big breakfast"),
            "price": 1200,
            "dayparts": ["all-day"],
            "slots": [
                {
                    "id": "plate",
                    "name": _names("Plate"),
                    "default": None,
                    "choices": [
                        {"item": "pancakes", "upcharge": 0},
                        {"item": "french-toast", "upcharge": 100},
                        {"item": "two-egg-plate", "upcharge": 0},
                    ],
                },
                {
                    "id": "side",
                    "name": _names("Side"),
                    "default": "home-fries",
                    "choices": [
                        {"item": "home-fries", "upcharge": 0},
                        {"item": "bacon", "upcharge": 150},
                        {"item": "fruit-cup", "upcharge": 0},
                    ],
                },
                {
                    "id": "drink",
                    "name": _names("Drink"),
                    "default": "drip-coffee",
                    "choices": [
                        {"item": "drip-coffee", "upcharge": 0},
                        {"item": "apple-juice", "upcharge": 0},
                        {"item": "iced-tea", "upcharge": 0},
                    ],
                },
            ],
        }
    ]
    return {
        "schema": "menu-feed/1",
        "brand": {"id": "diner", "name": _names("Corner Diner")},
        "currency": "USD",
        "price_unit": "cent",
        "timezone": "America/New_York",
        "dayparts": [
            {"id": "all-day", "name": _names("All day"), "start": "06:00", "end": "22:00"}
        ],
        "categories": [
            {"id": "plates", "name": _names("Breakfast plates")},
            {"id": "bakery", "name": _names("Bagels and muffins")},
            {"id": "sides", "name": _names("Sides")},
            {"id": "hot-drinks", "name": _names("Hot drinks")},
            {"id": "cold-drinks", "name": _names("Cold drinks and shakes")},
            {"id": "combos", "name": _names("Combos")},
        ],
        "modifier_groups": groups,
        "items": items,
        "combos": combos,
    }
