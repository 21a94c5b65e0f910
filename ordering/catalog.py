"""Use cases that keep the catalogue: the menu (import a feed, first use, versions) and the
mock stores on first use. Plain functions that take their collaborators as keyword arguments."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from menu.errors import NoMenuLoaded
from menu.feed import LoadedFeed, load_feed, read_feed_file
from menu.repository import MenuVersion
from ordering.persistence.unit_of_work import SqlUnitOfWork
from store_locator.use_cases import generate_stores


def import_menu(*, uow: SqlUnitOfWork, feed_path: Path, now: datetime) -> MenuVersion:
    """Validate a feed file, then replace the menu with it in one transaction."""
    feed = read_feed_file(feed_path)  # refuses a bad feed before the database is touched
    return _replace_menu(uow=uow, feed=feed, source=str(feed_path), now=now)


def import_menu_document(
    *, uow: SqlUnitOfWork, document: Any, source: str, now: datetime
) -> MenuVersion:
    """Validate a parsed feed document (an upload), then replace the menu with it."""
    return _replace_menu(uow=uow, feed=load_feed(document), source=source, now=now)


def _replace_menu(
    *, uow: SqlUnitOfWork, feed: LoadedFeed, source: str, now: datetime
) -> MenuVersion:
    with uow:
        version = uow.menus.replace(feed, source=source, now=now)
        uow.commit()
    return version


def ensure_menu(*, uow: SqlUnitOfWork, default_feed: Path, now: datetime) -> None:
    """Import `default_feed` when the database holds no menu yet (first use)."""
    with uow:
        if uow.menus.current_version() is not None:
            return
    import_menu(uow=uow, feed_path=default_feed, now=now)


def current_menu(*, uow: SqlUnitOfWork) -> LoadedFeed:
    with uow:
        return uow.menus.current()


def menu_versions(*, uow: SqlUnitOfWork) -> list[MenuVersion]:
    with uow:
        versions = uow.menus.versions()
    if not versions:
        raise NoMenuLoaded()
    return versions


def ensure_stores(*, uow: SqlUnitOfWork, count: int, seed: int, now: datetime) -> None:
    """Generate the mock stores when the database has none yet (first use)."""
    with uow:
        if uow.stores.count() > 0:
            return
    generate_stores(uow=uow, now=now, count=count, seed=seed)
