"""SQLAlchemy tables for the stores and the version of the store catalogue.

`store_catalog.version` goes up by one in the transaction that changes the stores, so any
process can tell with one small query whether its index is stale.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Double, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from timestamps import UtcDateTime

CATALOG_ROW = 1


class StoreBase(DeclarativeBase):
    pass


class StoreRow(StoreBase):
    __tablename__ = "stores"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(80), index=True)
    district: Mapped[str] = mapped_column(String(80))
    lat: Mapped[float] = mapped_column(Double)
    lon: Mapped[float] = mapped_column(Double)
    timezone: Mapped[str] = mapped_column(String(64))
    hours: Mapped[str] = mapped_column(String(200))  # OpeningHours.to_text()
    serves_breakfast: Mapped[bool] = mapped_column(Boolean)


class StoreCatalogRow(StoreBase):
    """A single row (id 1): the catalogue's version, bumped on every change."""

    __tablename__ = "store_catalog"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(Integer)
    store_count: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    source: Mapped[str] = mapped_column(String(500))
