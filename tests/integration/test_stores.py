"""The stores in the database (SQLite and PostgreSQL): round trip, versions, atomic replace,
and locators in separate "processes" rebuilding their index when the stores change."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, inspect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ordering.persistence.db import make_engine, upgrade
from store_locator.errors import NoStores
from store_locator.generate import generate_table
from store_locator.geo import Position
from store_locator.index import brute_force
from store_locator.repository import StoreUnitOfWork
from store_locator.table import StoreTable
from store_locator.use_cases import (
    StoreLocator,
    catalog_version,
    generate_stores,
    list_stores,
    nearest_stores,
    replace_stores,
)

NOW = datetime(2025, 3, 18, 0, 0, tzinfo=UTC)
BREAKFAST = datetime(2025, 3, 18, 8, 0, tzinfo=timezone(timedelta(hours=8)))


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    built = make_engine(database_url)
    upgrade(built, "heads")
    yield built
    built.dispose()


@pytest.fixture
def uow(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def test_schema_has_the_store_tables_and_version_zero(
    engine: Engine, uow: sessionmaker[Session]
) -> None:
    assert {"stores", "store_catalog"} <= set(inspect(engine).get_table_names())
    assert catalog_version(uow=StoreUnitOfWork(uow)).version == 0
    with pytest.raises(NoStores):
        list_stores(uow=StoreUnitOfWork(uow))


def test_generated_stores_round_trip(uow: sessionmaker[Session]) -> None:
    seen: list[tuple[int, int]] = []
    version = generate_stores(
        uow=StoreUnitOfWork(uow),
        now=NOW,
        count=12_000,
        seed=4,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert version.version == 1 and version.store_count == 12_000
    assert seen[-1] == (12_000, 12_000) and len(seen) > 1
    stored = list_stores(uow=StoreUnitOfWork(uow))
    assert stored == sorted(generate_table(12_000, seed=4).stores(), key=lambda s: s.id)


def test_each_replace_bumps_the_version(uow: sessionmaker[Session]) -> None:
    for expected in (1, 2, 3):
        version = generate_stores(uow=StoreUnitOfWork(uow), now=NOW, count=50, seed=expected)
        assert version.version == expected
    assert catalog_version(uow=StoreUnitOfWork(uow)).source == "generated count=50 seed=3"


def test_a_failed_replace_changes_nothing(uow: sessionmaker[Session]) -> None:
    generate_stores(uow=StoreUnitOfWork(uow), now=NOW, count=100, seed=1)
    before = list_stores(uow=StoreUnitOfWork(uow))
    twice = generate_table(10, seed=2).stores()
    with pytest.raises(IntegrityError):
        replace_stores(
            uow=StoreUnitOfWork(uow),
            stores=StoreTable.from_stores(twice + twice),
            now=NOW,
            source="broken",
        )
    assert list_stores(uow=StoreUnitOfWork(uow)) == before
    assert catalog_version(uow=StoreUnitOfWork(uow)).version == 1


def test_locators_rebuild_when_another_process_changes_the_stores(
    uow: sessionmaker[Session],
) -> None:
    generate_stores(uow=StoreUnitOfWork(uow), now=NOW, count=2_000, seed=1)
    first = StoreLocator(uow=lambda: StoreUnitOfWork(uow))
    second = StoreLocator(uow=lambda: StoreUnitOfWork(uow))
    here = Position(31.2304, 121.4737)
    before = nearest_stores(locator=first, position=here, at=BREAKFAST, k=3)
    assert nearest_stores(locator=second, position=here, at=BREAKFAST, k=3) == before
    assert first.rebuilds == 1 and first.version == 1
    nearest_stores(locator=first, position=here, at=BREAKFAST, k=3)
    assert first.rebuilds == 1  # same version: same index

    generate_stores(uow=StoreUnitOfWork(uow), now=NOW, count=3_000, seed=2)  # "elsewhere"
    after = nearest_stores(locator=first, position=here, at=BREAKFAST, k=3)
    assert first.rebuilds == 2 and first.version == 2
    assert after.total == 3_000 and after != before
    table = generate_table(3_000, seed=2)
    expected = brute_force(table, here, k=3, at=BREAKFAST)
    assert [s.store.id for s in after.stores] == [table.ids[h.row] for h in expected]
    assert all(s.open for s in after.stores)


def test_a_stale_locator_checks_the_version_only_now_and_then(
    uow: sessionmaker[Session],
) -> None:
    clock = [0.0]
    generate_stores(uow=StoreUnitOfWork(uow), now=NOW, count=100, seed=1)
    locator = StoreLocator(
        uow=lambda: StoreUnitOfWork(uow), max_staleness=5.0, clock=lambda: clock[0]
    )
    assert len(locator.index()) == 100
    generate_stores(uow=StoreUnitOfWork(uow), now=NOW, count=200, seed=1)
    clock[0] = 4.0
    assert len(locator.index()) == 100
    clock[0] = 6.0
    assert len(locator.index()) == 200


def test_nearest_on_an_empty_catalogue_says_so(uow: sessionmaker[Session]) -> None:
    locator = StoreLocator(uow=lambda: StoreUnitOfWork(uow))
    with pytest.raises(NoStores):
        nearest_stores(locator=locator, position=Position(31, 121), at=BREAKFAST)
