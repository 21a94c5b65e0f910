"""SQLAlchemy tables for the current menu and the history of imported feed versions.

The current menu is stored normalised (one row per daypart, category, group, option, product,
slot and choice) so other tools can query it; `menu_versions` records every import.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, ForeignKeyConstraint, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from timestamps import UtcDateTime

ID = String(120)


class MenuBase(DeclarativeBase):
    pass


class MenuVersionRow(MenuBase):
    __tablename__ = "menu_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    checksum: Mapped[str] = mapped_column(String(64), index=True)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime())
    source: Mapped[str] = mapped_column(String(500))
    current: Mapped[bool] = mapped_column(Boolean, default=False)
    schema: Mapped[str] = mapped_column(String(40))
    brand_id: Mapped[str] = mapped_column(ID)
    brand_name_en: Mapped[str] = mapped_column(String(300))
    brand_name_zh: Mapped[str] = mapped_column(String(300))
    currency: Mapped[str] = mapped_column(String(3))
    price_unit: Mapped[str] = mapped_column(String(40))
    timezone: Mapped[str] = mapped_column(String(64))


class DaypartRow(MenuBase):
    __tablename__ = "menu_dayparts"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name_en: Mapped[str] = mapped_column(String(300))
    name_zh: Mapped[str] = mapped_column(String(300))
    start: Mapped[str] = mapped_column(String(5))
    end: Mapped[str] = mapped_column(String(5))


class CategoryRow(MenuBase):
    __tablename__ = "menu_categories"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name_en: Mapped[str] = mapped_column(String(300))
    name_zh: Mapped[str] = mapped_column(String(300))


class ModifierGroupRow(MenuBase):
    __tablename__ = "menu_modifier_groups"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name_en: Mapped[str] = mapped_column(String(300))
    name_zh: Mapped[str] = mapped_column(String(300))
    min: Mapped[int] = mapped_column(Integer)
    max: Mapped[int] = mapped_column(Integer)
    default_option: Mapped[str | None] = mapped_column(ID)


class OptionRow(MenuBase):
    __tablename__ = "menu_options"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    group_id: Mapped[str] = mapped_column(ForeignKey("menu_modifier_groups.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name_en: Mapped[str] = mapped_column(String(300))
    name_zh: Mapped[str] = mapped_column(String(300))
    price: Mapped[int] = mapped_column(Integer)
    aliases: Mapped[dict[str, Any]] = mapped_column(JSON)


class ProductRow(MenuBase):
    """An item or a combo (`kind`), since both share one id space and one set of columns."""

    __tablename__ = "menu_products"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(5))
    position: Mapped[int] = mapped_column(Integer)
    category_id: Mapped[str] = mapped_column(ForeignKey("menu_categories.id"), index=True)
    name_en: Mapped[str] = mapped_column(String(300))
    name_zh: Mapped[str] = mapped_column(String(300))
    aliases: Mapped[dict[str, Any]] = mapped_column(JSON)
    price: Mapped[int] = mapped_column(Integer)
    tags: Mapped[list[str]] = mapped_column(JSON)


class ProductDaypartRow(MenuBase):
    __tablename__ = "menu_product_dayparts"

    product_id: Mapped[str] = mapped_column(ForeignKey("menu_products.id"), primary_key=True)
    daypart_id: Mapped[str] = mapped_column(ForeignKey("menu_dayparts.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class ItemGroupRow(MenuBase):
    __tablename__ = "menu_item_groups"

    item_id: Mapped[str] = mapped_column(ForeignKey("menu_products.id"), primary_key=True)
    group_id: Mapped[str] = mapped_column(ForeignKey("menu_modifier_groups.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)


class SlotRow(MenuBase):
    __tablename__ = "menu_slots"

    combo_id: Mapped[str] = mapped_column(ForeignKey("menu_products.id"), primary_key=True)
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    name_en: Mapped[str] = mapped_column(String(300))
    name_zh: Mapped[str] = mapped_column(String(300))
    default_item: Mapped[str | None] = mapped_column(ForeignKey("menu_products.id"))


class SlotChoiceRow(MenuBase):
    __tablename__ = "menu_slot_choices"
    __table_args__ = (
        ForeignKeyConstraint(["combo_id", "slot_id"], ["menu_slots.combo_id", "menu_slots.id"]),
    )

    combo_id: Mapped[str] = mapped_column(ID, primary_key=True)
    slot_id: Mapped[str] = mapped_column(ID, primary_key=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("menu_products.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    upcharge: Mapped[int] = mapped_column(Integer)
    preset_options: Mapped[list[str]] = mapped_column(JSON)


# Children first: the order in which rows must be deleted when the menu is replaced.
MENU_TABLES = (
    SlotChoiceRow,
    SlotRow,
    ItemGroupRow,
    ProductDaypartRow,
    ProductRow,
    OptionRow,
    ModifierGroupRow,
    CategoryRow,
    DaypartRow,
)
