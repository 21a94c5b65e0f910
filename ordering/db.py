"""Database edge: engines, schema migrations and the unit of work that owns each transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from menu.repository import MenuRepository
from ordering.errors import DatabaseUnavailable
from ordering.order_repository import SqlOrderRepository
from ordering.session_repository import SessionRepository
from store_locator.repository import StoreRepository

MIGRATIONS = Path(__file__).parent / "migrations"
MEMORY_URL = "sqlite+pysqlite:///:memory:"
POOL_SIZE = 20


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite files get their folder created and foreign keys enforced."""
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
        kwargs.update(pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=0)
    engine = create_engine(parsed, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


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


class UnitOfWork:
    """One transaction: repositories share its session; leaving without `commit()` rolls back.
    One per thread: it holds its session."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def __enter__(self) -> UnitOfWork:
        self.session = self._sessions()
        self.menus = MenuRepository(self.session)
        self.stores = StoreRepository(self.session)
        self.orders = SqlOrderRepository(self.session)
        self.sessions = SessionRepository(self.session)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()


@contextmanager
def translate_db_errors(engine: Engine) -> Iterator[None]:
    """Turn a connection failure into `DatabaseUnavailable` with the URL (password hidden)."""
    try:
        yield
    except OperationalError as error:
        raise DatabaseUnavailable(_describe(engine, error)) from None
