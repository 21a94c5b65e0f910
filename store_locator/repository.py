"""Store and load the stores. The caller's unit of work owns the transaction: `replace` either
lands whole on commit or not at all, and bumps the catalogue version with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from store_locator.model import OpeningHours, Store
from store_locator.orm import CATALOG_ROW, StoreCatalogRow, StoreRow
from store_locator.table import StoreTable
from transactions import SessionUnitOfWork

BATCH = 5_000
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class CatalogVersion:
    """What `store_catalog` says: version 0 means no stores were ever loaded."""

    version: int
    store_count: int
    changed_at: datetime | None
    source: str


def _rows(table: StoreTable, start: int, stop: int) -> Iterator[dict[str, object]]:
    hours = [h.to_text() for h in table.hours]
    lat = table.lat[start:stop].tolist()
    lon = table.lon[start:stop].tolist()
    tz = table.tz_code[start:stop].tolist()
    code = table.hours_code[start:stop].tolist()
    breakfast = table.breakfast[start:stop].tolist()
    for offset, row in enumerate(range(start, stop)):
        yield {
            "id": table.ids[row],
            "name": table.names[row],
            "city": table.cities[row],
            "district": table.districts[row],
            "lat": lat[offset],
            "lon": lon[offset],
            "timezone": table.timezones[tz[offset]],
            "hours": hours[code[offset]],
            "serves_breakfast": breakfast[offset],
        }


def _store(row: Any, hours: dict[str, OpeningHours]) -> Store:
    parsed = hours.get(row.hours)
    if parsed is None:
        parsed = hours[row.hours] = OpeningHours.parse(row.hours)
    return Store(
        id=row.id,
        name=row.name,
        city=row.city,
        district=row.district,
        lat=row.lat,
        lon=row.lon,
        timezone=row.timezone,
        hours=parsed,
        serves_breakfast=bool(row.serves_breakfast),
    )


class StoreRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def replace(
        self,
        stores: StoreTable,
        *,
        now: datetime,
        source: str = "",
        progress: Progress | None = None,
    ) -> CatalogVersion:
        """Replace every store with `stores` (bulk insert in batches, `progress(done, total)`
        after each) and bump the catalogue version."""
        session = self._session
        session.execute(delete(StoreRow))
        total = len(stores)
        for start in range(0, total, BATCH):
            stop = min(total, start + BATCH)
            session.execute(insert(StoreRow), list(_rows(stores, start, stop)))
            if progress is not None:
                progress(stop, total)
        if progress is not None and total == 0:
            progress(0, 0)
        return self._bump(store_count=total, now=now, source=source)

    def _bump(self, *, store_count: int, now: datetime, source: str) -> CatalogVersion:
        session = self._session
        bumped = session.execute(
            update(StoreCatalogRow)
            .where(StoreCatalogRow.id == CATALOG_ROW)
            .values(
                version=StoreCatalogRow.version + 1,
                store_count=store_count,
                changed_at=now,
                source=source[:500],
            )
        )
        if getattr(bumped, "rowcount", 0) == 0:
            session.add(
                StoreCatalogRow(
                    id=CATALOG_ROW,
                    version=1,
                    store_count=store_count,
                    changed_at=now,
                    source=source[:500],
                )
            )
        session.flush()
        version = self.version()
        assert version.version > 0
        return version

    def version(self) -> CatalogVersion:
        """The catalogue's version (one primary-key lookup: cheap enough to ask often)."""
        row = self._session.execute(
            select(
                StoreCatalogRow.version,
                StoreCatalogRow.store_count,
                StoreCatalogRow.changed_at,
                StoreCatalogRow.source,
            ).where(StoreCatalogRow.id == CATALOG_ROW)
        ).first()
        if row is None:
            return CatalogVersion(0, 0, None, "")
        return CatalogVersion(row.version, row.store_count, row.changed_at, row.source)

    def count(self) -> int:
        return int(self._session.scalar(select(func.count()).select_from(StoreRow)) or 0)

    def all(self) -> list[Store]:
        """Every store, in id order."""
        columns = StoreRow.__table__.c
        rows = self._session.execute(select(*columns).order_by(columns.id))
        hours: dict[str, OpeningHours] = {}
        return [_store(row, hours) for row in rows]

    def get(self, store_id: str) -> Store | None:
        row = self._session.get(StoreRow, store_id)
        return _store(row, {}) if row is not None else None

    def table(self) -> StoreTable:
        """Every store as columns, in id order (what an index is built from)."""
        return StoreTable.from_stores(self.all())


class StoreUnitOfWork(SessionUnitOfWork):
    """One transaction over the stores alone. The application may use its own unit of work
    instead: any `transactions.UnitOfWork` with `stores` will do (`use_cases.StoresUnitOfWork`)."""

    stores: StoreRepository

    def open_repositories(self, session: Session) -> None:
        self.stores = StoreRepository(session)
