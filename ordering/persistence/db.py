"""Database edge: engines and schema migrations (the unit of work is `unit_of_work`)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InvalidatePoolError, OperationalError
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection, StaticPool

from ordering.errors import DatabaseUnavailable

MIGRATIONS = Path(__file__).parent / "migrations"
MEMORY_URL = "sqlite+pysqlite:///:memory:"
POOL_SIZE = 20
IDLE_BEFORE_PING = 5.0  # seconds a pooled connection may rest before it is pinged on checkout


def make_engine(url: str, *, idle_before_ping: float = IDLE_BEFORE_PING) -> Engine:
    """An engine for `url`; SQLite files get their folder created and foreign keys enforced;
    server connections that rested `idle_before_ping` seconds are pinged before use."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database in ("", ":memory:"):
            kwargs.update(poolclass=StaticPool, connect_args={"check_same_thread": False})
        else:
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    else:
        # A worker runs up to 40 requests at once in its threadpool: keep up to 20 connections
        # open rather than close and reopen (a new server process each time) on every burst;
        # four workers stay under PostgreSQL's default 100 connections.
        kwargs.update(pool_size=POOL_SIZE, max_overflow=0)
    try:
        engine = create_engine(parsed, **kwargs)
    except ModuleNotFoundError as error:
        extra = " (pip install 'breakfast-voice[postgres]')" * (error.name == "psycopg")
        raise DatabaseUnavailable(
            f"the database driver for {parsed.get_backend_name()} is missing: {error.name}{extra}"
        ) from None
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        _ping_after_rest(engine, idle_before_ping)
    return engine


def _ping_after_rest(engine: Engine, seconds: float) -> None:
    """SQLAlchemy's `pool_pre_ping`, but only for connections that rested `seconds` or more.

    A connection that was idle is the one a database restart or a network timeout has most
    likely broken; one used a moment ago is pinged by the request that used it. Pinging every
    checkout cost a round trip per request, one in six of a typed turn's. If a restart does
    catch a busy connection, its first statement fails, SQLAlchemy discards every connection
    of the pool, and that request answers 503 (`ordering.api.errors`).
    """
    dialect = engine.dialect

    def checkin(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info["rests_since"] = time.monotonic()

    def checkout(
        dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: PoolProxiedConnection
    ) -> None:
        since = record.info.get("rests_since")
        if since is None or time.monotonic() - since < seconds:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as error:
            if dialect.is_disconnect(error, dbapi_connection, None):
                # The pool reconnects this checkout and discards the other connections.
                raise InvalidatePoolError() from error
            raise

    event.listen(engine, "checkin", checkin)
    event.listen(engine, "checkout", checkout)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to `revision` (Alembic), inside one connection."""
    try:
        with engine.begin() as connection:
            config = _alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
    except OperationalError as error:
        raise DatabaseUnavailable(_describe(engine, error)) from None


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to `revision` (Alembic), inside one connection."""
    with engine.begin() as connection:
        config = _alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def _describe(engine: Engine, error: OperationalError) -> str:
    url = engine.url.render_as_string(hide_password=True)
    return f"cannot use the database {url}: {error.orig}"


@contextmanager
def translate_db_errors(engine: Engine) -> Iterator[None]:
    """Turn a connection failure into `DatabaseUnavailable` with the URL (password hidden)."""
    try:
        yield
    except OperationalError as error:
        raise DatabaseUnavailable(_describe(engine, error)) from None
