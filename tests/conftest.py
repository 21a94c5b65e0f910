"""Shared fixtures: the bundled menu, and databases on SQLite and PostgreSQL.

PostgreSQL tests never skip: if the server is unreachable they fail, because a skipped
PostgreSQL test is not a passing one (the suite runs on 127.0.0.1:5432 everywhere, CI included).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from menu import BUNDLED_FEED
from menu.feed import LoadedFeed, read_feed_file
from menu.model import Menu
from ordering.config import get_settings

DATA = Path(__file__).parent / "data"
SECOND_FEED = DATA / "feeds" / "bagel-cafe.json"
POSTGRES_URL = os.environ.get(
    "BREAKFAST_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(scope="session")
def reference_feed() -> LoadedFeed:
    return read_feed_file(BUNDLED_FEED)


@pytest.fixture(scope="session")
def reference_menu(reference_feed: LoadedFeed) -> Menu:
    return reference_feed.menu


@pytest.fixture(scope="session")
def second_feed() -> LoadedFeed:
    return read_feed_file(SECOND_FEED)


@pytest.fixture(scope="session")
def second_feed_menu(second_feed: LoadedFeed) -> Menu:
    return second_feed.menu


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    engine = create_engine(POSTGRES_URL)
    try:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except OperationalError as error:
        pytest.fail(f"PostgreSQL is required for this suite and is not reachable: {error.orig}")
    finally:
        engine.dispose()
    return POSTGRES_URL


def _postgres_schema_url(admin_url: str) -> Iterator[str]:
    """A URL whose connections use a fresh schema of their own, dropped afterwards."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url)
    with admin.begin() as connection:
        connection.execute(text(f'create schema "{schema}"'))
    try:
        yield f"{admin_url}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'drop schema "{schema}" cascade'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Each test using this runs twice: on a SQLite file and on a PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite+pysqlite:///{tmp_path / 'breakfast.sqlite3'}"
        return
    admin_url = request.getfixturevalue("postgres_admin_url")
    yield from _postgres_schema_url(admin_url)


@pytest.fixture
def configured(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The environment points the application at `database_url` (as a user would)."""
    monkeypatch.setenv("BREAKFAST_DATABASE_URL", database_url)
    monkeypatch.setenv("BREAKFAST_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    yield database_url
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test ever touches the developer's own data directory or database."""
    monkeypatch.setenv("BREAKFAST_DATA_DIR", str(tmp_path / "home-data"))
    monkeypatch.delenv("BREAKFAST_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
