"""Pooled PostgreSQL connections broken under the application (a server restart): one that
rested is pinged and replaced before use; one caught busy fails its request with a 503 to
retry, and the pool heals for the next one."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError

from ordering.api import create_app
from ordering.bootstrap import build_services
from ordering.config import Settings
from ordering.errors import DatabaseUnavailable
from ordering.persistence.db import make_engine, upgrade

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.postgres


@pytest.fixture
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    from tests.conftest import _postgres_schema_url

    yield from _postgres_schema_url(postgres_admin_url)


def backend_pids(engine: Engine) -> list[int]:
    """The server processes of the engine's connections, as they are opened."""
    pids: list[int] = []
    event.listen(engine, "connect", lambda dbapi, _record: pids.append(dbapi.info.backend_pid))
    return pids


def terminate(admin_url: str, pids: list[int]) -> None:
    """What a server restart does to these connections (and only these: other test runs share
    the server)."""
    admin = create_engine(admin_url)
    try:
        with admin.connect() as connection:
            for pid in pids:
                connection.execute(text("select pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        admin.dispose()


def pid_of(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("select pg_backend_pid()")).scalar_one())


def test_a_connection_that_rested_is_pinged_and_replaced(
    postgres_url: str, postgres_admin_url: str
) -> None:
    engine = make_engine(postgres_url, idle_before_ping=0.0)
    try:
        pids = backend_pids(engine)
        first = pid_of(engine)
        terminate(postgres_admin_url, pids)
        assert pid_of(engine) != first  # no error: the ping found it dead
    finally:
        engine.dispose()


def test_a_busy_connection_fails_once_then_the_pool_heals(
    postgres_url: str, postgres_admin_url: str
) -> None:
    engine = make_engine(postgres_url, idle_before_ping=3600.0)
    try:
        pids = backend_pids(engine)
        first = pid_of(engine)
        terminate(postgres_admin_url, pids)
        with pytest.raises(DBAPIError) as caught:
            pid_of(engine)
        assert caught.value.connection_invalidated
        assert pid_of(engine) != first
    finally:
        engine.dispose()


def test_the_api_answers_503_to_retry_when_a_connection_broke(
    postgres_url: str, postgres_admin_url: str, tmp_path: Path
) -> None:
    settings = Settings(database_url=postgres_url, data_dir=tmp_path, store_count=300)
    engine = make_engine(postgres_url)
    upgrade(engine)
    engine.dispose()
    services = build_services(settings)
    pids = backend_pids(services.engine)
    services.engine.dispose()  # every connection from now on is one whose pid is known
    try:
        with TestClient(create_app(services=services)) as client:
            body = client.post("/sessions", json={}).json()
            auth = {"Authorization": f"Bearer {body['token']}"}
            turn = {"text": "a large latte", "at": "2025-03-18T08:00:00+08:00"}
            url = f"/sessions/{body['id']}/turns"
            assert client.post(url, json=turn, headers=auth).status_code == 200
            terminate(postgres_admin_url, pids)
            broken = client.post(url, json=turn, headers=auth)
            assert broken.status_code == 503
            assert broken.headers["Retry-After"] == "1"
            assert broken.json()["type"].endswith("/database-unavailable")
            healed = client.post(url, json=turn, headers=auth)
            assert healed.status_code == 200 and healed.json()["turn"] == 2
    finally:
        services.close()


def test_a_missing_database_driver_is_named_with_its_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if the [postgres] extra were absent
    with pytest.raises(DatabaseUnavailable, match=r"psycopg.*breakfast-voice\[postgres\]"):
        make_engine("postgresql://127.0.0.1/test")
