"""Store and load the menu. The caller's unit of work owns the transaction: `replace` either
lands whole on commit or not at all.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from menu.errors import NoMenuLoaded
from menu.feed import LoadedFeed, load_feed
from menu.model import Menu
from menu.orm import (
    MENU_TABLES,
    CategoryRow,
    DaypartRow,
    ItemGroupRow,
    MenuVersionRow,
    ModifierGroupRow,
    OptionRow,
    ProductDaypartRow,
    ProductRow,
    SlotChoiceRow,
    SlotRow,
)


@dataclass(frozen=True, slots=True)
class MenuVersion:
    """One import of a feed: its checksum is the menu's version."""

    id: int
    checksum: str
    imported_at: datetime
    source: str
    brand_id: str


def _names(thing: dict[str, Any]) -> dict[str, str]:
    return {"name_en": thing["name"]["en"], "name_zh": thing["name"]["zh"]}


class MenuRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def replace(self, feed: LoadedFeed, *, source: str, now: datetime) -> MenuVersion:
        """Replace the current menu with `feed` and record the new version."""
        session = self._session
        for table in MENU_TABLES:
            session.execute(delete(table))
        session.execute(update(MenuVersionRow).values(current=False))
        session.flush()
        doc = feed.document
        version = MenuVersionRow(
            checksum=feed.checksum,
            imported_at=now,
            source=source[:500],
            current=True,
            schema=doc["schema"],
            brand_id=doc["brand"]["id"],
            brand_name_en=doc["brand"]["name"]["en"],
            brand_name_zh=doc["brand"]["name"]["zh"],
            currency=doc["currency"],
            price_unit=doc["price_unit"],
            timezone=doc["timezone"],
        )
        session.add(version)
        session.add_all(
            DaypartRow(id=d["id"], position=n, start=d["start"], end=d["end"], **_names(d))
            for n, d in enumerate(doc["dayparts"])
        )
        session.add_all(
            CategoryRow(id=c["id"], position=n, **_names(c))
            for n, c in enumerate(doc["categories"])
        )
        session.flush()
        for n, group in enumerate(doc["modifier_groups"]):
            session.add(
                ModifierGroupRow(
                    id=group["id"],
                    position=n,
                    min=group["min"],
                    max=group["max"],
                    default_option=group["default"],
                    **_names(group),
                )
            )
        session.flush()
        for group in doc["modifier_groups"]:
            session.add_all(
                OptionRow(
                    id=o["id"],
                    group_id=group["id"],
                    position=n,
                    price=o["price"],
                    aliases=o["aliases"],
                    **_names(o),
                )
                for n, o in enumerate(group["options"])
            )
        products = [("item", p) for p in doc["items"]] + [
            ("combo", p) for p in doc.get("combos", [])
        ]
        for n, (kind, product) in enumerate(products):
            session.add(
                ProductRow(
                    id=product["id"],
                    kind=kind,
                    position=n,
                    category_id=product["category"],
                    aliases=product["aliases"],
                    price=product["price"],
                    tags=product.get("tags", []),
                    **_names(product),
                )
            )
        session.flush()
        for kind, product in products:
            session.add_all(
                ProductDaypartRow(product_id=product["id"], daypart_id=d, position=n)
                for n, d in enumerate(product["dayparts"])
            )
            if kind == "item":
                session.add_all(
                    ItemGroupRow(item_id=product["id"], group_id=g, position=n)
                    for n, g in enumerate(product["modifier_groups"])
                )
                continue
            for n, slot in enumerate(product["slots"]):
                session.add(
                    SlotRow(
                        combo_id=product["id"],
                        id=slot["id"],
                        position=n,
                        default_item=slot["default"],
                        **_names(slot),
                    )
                )
            session.flush()
            for slot in product["slots"]:
                session.add_all(
                    SlotChoiceRow(
                        combo_id=product["id"],
                        slot_id=slot["id"],
                        item_id=c["item"],
                        position=n,
                        upcharge=c["upcharge"],
                        preset_options=c.get("options", []),
                    )
                    for n, c in enumerate(slot["choices"])
                )
        session.flush()
        return _version(version)

    def current_version(self) -> MenuVersion | None:
        row = self._session.scalar(select(MenuVersionRow).where(MenuVersionRow.current))
        return _version(row) if row is not None else None

    def versions(self) -> list[MenuVersion]:
        rows = self._session.scalars(select(MenuVersionRow).order_by(MenuVersionRow.id))
        return [_version(row) for row in rows]

    def current(self) -> LoadedFeed:
        """The current menu, rebuilt from its rows (and validated again on the way); its
        checksum is the one recorded at import."""
        loaded = load_feed(self.current_document())
        version = self.current_version()
        assert version is not None
        return dataclasses.replace(loaded, checksum=version.checksum)

    def current_menu(self) -> Menu:
        return self.current().menu

    def current_document(self) -> dict[str, Any]:
        """The current menu as a `menu-feed/1` document, read from the normalised tables."""
        session = self._session
        version = session.scalar(select(MenuVersionRow).where(MenuVersionRow.current))
        if version is None:
            raise NoMenuLoaded()

        def ordered(table: Any) -> list[Any]:
            return list(session.scalars(select(table).order_by(table.position)))

        def name(row: Any) -> dict[str, str]:
            return {"en": row.name_en, "zh": row.name_zh}

        options_by_group: dict[str, list[dict[str, Any]]] = {}
        for option in ordered(OptionRow):
            options_by_group.setdefault(option.group_id, []).append(
                {
                    "id": option.id,
                    "name": name(option),
                    "price": option.price,
                    "aliases": option.aliases,
                }
            )
        dayparts_of: dict[str, list[str]] = {}
        for link in ordered(ProductDaypartRow):
            dayparts_of.setdefault(link.product_id, []).append(link.daypart_id)
        groups_of: dict[str, list[str]] = {}
        for link in ordered(ItemGroupRow):
            groups_of.setdefault(link.item_id, []).append(link.group_id)
        choices_of: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for choice in ordered(SlotChoiceRow):
            entry: dict[str, Any] = {"item": choice.item_id, "upcharge": choice.upcharge}
            if choice.preset_options:
                entry["options"] = list(choice.preset_options)
            choices_of.setdefault((choice.combo_id, choice.slot_id), []).append(entry)
        slots_of: dict[str, list[dict[str, Any]]] = {}
        for slot in ordered(SlotRow):
            slots_of.setdefault(slot.combo_id, []).append(
                {
                    "id": slot.id,
                    "name": name(slot),
                    "default": slot.default_item,
                    "choices": choices_of.get((slot.combo_id, slot.id), []),
                }
            )
        items: list[dict[str, Any]] = []
        combos: list[dict[str, Any]] = []
        for product in ordered(ProductRow):
            common = {
                "id": product.id,
                "category": product.category_id,
                "name": name(product),
                "aliases": product.aliases,
                "price": product.price,
                "dayparts": dayparts_of.get(product.id, []),
            }
            if product.kind == "item":
                items.append(
                    {
                        **common,
                        "modifier_groups": groups_of.get(product.id, []),
                        "tags": list(product.tags),
                    }
                )
            else:
                combos.append({**common, "slots": slots_of.get(product.id, [])})
        return {
            "schema": version.schema,
            "brand": {
                "id": version.brand_id,
                "name": {"en": version.brand_name_en, "zh": version.brand_name_zh},
            },
            "currency": version.currency,
            "price_unit": version.price_unit,
            "timezone": version.timezone,
            "dayparts": [
                {"id": d.id, "name": name(d), "start": d.start, "end": d.end}
                for d in ordered(DaypartRow)
            ],
            "categories": [{"id": c.id, "name": name(c)} for c in ordered(CategoryRow)],
            "modifier_groups": [
                {
                    "id": g.id,
                    "name": name(g),
                    "min": g.min,
                    "max": g.max,
                    "default": g.default_option,
                    "options": options_by_group.get(g.id, []),
                }
                for g in ordered(ModifierGroupRow)
            ],
            "items": items,
            "combos": combos,
        }


def _version(row: MenuVersionRow) -> MenuVersion:
    return MenuVersion(row.id, row.checksum, row.imported_at, row.source, row.brand_id)
