"""The menu database on SQLite and PostgreSQL: import, replace, round trip, rollback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from menu import BUNDLED_FEED
from menu.errors import InvalidFeed, NoMenuLoaded
from menu.feed import LoadedFeed, read_feed_file
from menu.orm import MenuBase
from ordering import catalog
from ordering.bootstrap import Services, build_services
from ordering.config import Settings
from ordering.persistence.db import current_revision, head_revision
from tests.conftest import DATA, SECOND_FEED

NOW = datetime(2025, 3, 18, 0, 0, tzinfo=UTC)


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Services]:
    built = build_services(Settings(database_url=database_url, data_dir=tmp_path), seed_menu=False)
    yield built
    built.close()


def snapshot(app: Services) -> dict[str, list[Any]]:
    """Every row of every table, to prove a failed import changed nothing."""
    tables = list(MenuBase.metadata.sorted_tables)
    with app.engine.connect() as connection:
        return {
            table.name: sorted(
                (tuple(str(v) for v in row) for row in connection.execute(select(table))),
            )
            for table in tables
        }


def test_schema_is_at_head(app: Services) -> None:
    assert current_revision(app.engine) == head_revision()
    assert "menu_products" in inspect(app.engine).get_table_names()


def test_versions_keep_their_utc_moment(app: Services) -> None:
    shanghai_morning = datetime(2025, 3, 18, 8, 0, tzinfo=timezone(timedelta(hours=8)))
    catalog.import_menu(uow=app.uow(), feed_path=BUNDLED_FEED, now=shanghai_morning)
    (version,) = catalog.menu_versions(uow=app.uow())
    assert version.imported_at == NOW
    assert version.imported_at.utcoffset() == timedelta(0)


def test_empty_database_has_no_menu(app: Services) -> None:
    with pytest.raises(NoMenuLoaded):
        catalog.current_menu(uow=app.uow())


@pytest.mark.parametrize("feed_path", [BUNDLED_FEED, SECOND_FEED], ids=["reference", "second"])
def test_import_round_trips_the_whole_menu(app: Services, feed_path: Path) -> None:
    version = catalog.import_menu(uow=app.uow(), feed_path=feed_path, now=NOW)
    original = read_feed_file(feed_path)
    stored = catalog.current_menu(uow=app.uow())
    assert stored.menu == original.menu
    assert stored.checksum == original.checksum == version.checksum


def test_import_replaces_the_menu_and_records_versions(app: Services) -> None:
    catalog.import_menu(uow=app.uow(), feed_path=BUNDLED_FEED, now=NOW)
    catalog.import_menu(uow=app.uow(), feed_path=SECOND_FEED, now=NOW)
    current = catalog.current_menu(uow=app.uow()).menu
    assert current == read_feed_file(SECOND_FEED).menu
    assert not current.has_product("latte")
    versions = catalog.menu_versions(uow=app.uow())
    assert [v.source for v in versions] == [str(BUNDLED_FEED), str(SECOND_FEED)]
    with app.uow() as uow:
        assert uow.menus.current_version() == versions[-1]


def broken_feeds() -> list[Path]:
    cases = json.loads((DATA / "feeds" / "broken" / "cases.json").read_text(encoding="utf-8"))
    return [DATA / "feeds" / "broken" / case["file"] for case in cases]


@pytest.mark.parametrize("broken", broken_feeds(), ids=lambda path: path.stem)
def test_a_broken_feed_leaves_the_database_exactly_as_it_was(app: Services, broken: Path) -> None:
    catalog.import_menu(uow=app.uow(), feed_path=BUNDLED_FEED, now=NOW)
    before = snapshot(app)
    with pytest.raises(InvalidFeed):
        catalog.import_menu(uow=app.uow(), feed_path=broken, now=NOW)
    assert snapshot(app) == before


def test_a_failure_inside_the_transaction_rolls_everything_back(
    app: Services, reference_feed: LoadedFeed
) -> None:
    catalog.import_menu(uow=app.uow(), feed_path=SECOND_FEED, now=NOW)
    before = snapshot(app)
    with pytest.raises(RuntimeError), app.uow() as uow:
        uow.menus.replace(reference_feed, source="half-done", now=NOW)
        raise RuntimeError("crash before commit")
    assert snapshot(app) == before


def test_the_database_enforces_references(app: Services) -> None:
    catalog.import_menu(uow=app.uow(), feed_path=BUNDLED_FEED, now=NOW)
    with app.engine.connect() as connection, pytest.raises(Exception, match="(?i)foreign key"):
        connection.execute(
            text(
                "insert into menu_item_groups (item_id, group_id, position) "
                "values ('latte', 'no-such-group', 9)"
            )
        )
        connection.commit()
