"""`breakfast serve` with several uvicorn workers on PostgreSQL: a conversation continues on
whichever worker takes the next request, and killing a worker while payments are in flight
charges no order twice and loses none."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from ordering.checkout import use_cases as checkout
from ordering.checkout.payment import SqlPaymentGateway
from ordering.persistence.db import make_engine
from ordering.persistence.orm import OrderRow, PaymentIntentRow
from ordering.persistence.unit_of_work import SqlUnitOfWork
from tests.conftest import _postgres_schema_url

pytestmark = pytest.mark.postgres
AT = "2025-03-18T08:00:00+08:00"
ROOT = Path(__file__).parents[2]


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def workers(self) -> list[int]:
        """The pids of the worker processes (children running uvicorn's spawned target)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = [int(pid) for pid in children.read_text().split()]
        return [pid for pid in pids if b"spawn_main" in _cmdline(pid)]

    def wait_ready(self, workers: int, *, besides: set[int] = frozenset(), timeout: float = 60):  # type: ignore[assignment]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.log.read_text()
            alive = [pid for pid in self.workers() if pid not in besides]
            if len(self.workers()) == workers and _healthy(self.url, times=workers * 3):
                return alive
            time.sleep(0.2)
        raise AssertionError(f"workers did not start:\n{self.log.read_text()}")


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _healthy(url: str, *, times: int) -> bool:
    try:
        return all(
            httpx.get(f"{url}/healthz", headers={"Connection": "close"}).status_code == 200
            for _ in range(times)
        )
    except httpx.HTTPError:
        return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(
    database_url: str, folder: Path, *, workers: int, options: tuple[str, ...] = (), **env: str
) -> Iterator[Server]:
    folder.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    environment = {
        **os.environ,
        "BREAKFAST_DATABASE_URL": database_url,
        "BREAKFAST_DATA_DIR": str(folder / "data"),
        "BREAKFAST_STORE_COUNT": "300",
        **env,
    }
    log = folder / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ordering",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(workers),
                *options,
            ],
            cwd=folder,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    server = Server(process, f"http://127.0.0.1:{port}", log)
    try:
        server.wait_ready(workers)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def schema_url(postgres_admin_url: str) -> Iterator[str]:
    yield from _postgres_schema_url(postgres_admin_url)


def post(url: str, path: str, **kwargs: Any) -> httpx.Response:
    """One request on a new connection, so consecutive requests may reach different workers."""
    headers = {"Connection": "close", **kwargs.pop("headers", {})}
    return httpx.post(url + path, headers=headers, timeout=30, **kwargs)


def start(url: str) -> tuple[str, dict[str, str], str]:
    body = post(url, "/sessions", json={}).json()
    return body["id"], {"Authorization": f"Bearer {body['token']}"}, body["order"]["id"]


def say(url: str, session: str, auth: dict[str, str], text: str) -> dict[str, Any]:
    response = post(url, f"/sessions/{session}/turns", json={"text": text, "at": AT}, headers=auth)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def test_a_conversation_continues_on_another_worker(schema_url: str, tmp_path: Path) -> None:
    with serve(schema_url, tmp_path, workers=2) as server:
        first, second = server.workers()
        session, auth, order_id = start(server.url)
        say(server.url, session, auth, "a large latte please")
        os.kill(first, signal.SIGKILL)  # from now on another process answers
        say(server.url, session, auth, "and two egg tarts")
        server.wait_ready(2, besides={first})
        os.kill(second, signal.SIGKILL)  # neither process that started the session is left
        assert say(server.url, session, auth, "that's all")["status"] == "awaiting_confirmation"
        placed = say(server.url, session, auth, "yes")
        assert placed["status"] == "paid"
        assert {line["id"] for line in placed["order"]["lines"]} == {"latte", "egg-tart"}
        state = httpx.get(f"{server.url}/sessions/{session}", headers=auth).json()
        assert state["turns"] == 4 and state["order"]["id"] == order_id


ORDERS = 8


def test_killing_a_worker_mid_payment_charges_no_order_twice(
    schema_url: str, tmp_path: Path
) -> None:
    with serve(schema_url, tmp_path, workers=2, BREAKFAST_BANK_DELAY_SECONDS="1.5") as server:
        orders = []
        for _ in range(ORDERS):
            session, auth, order_id = start(server.url)
            say(server.url, session, auth, "a large latte please")
            placed = say(server.url, session, auth, "that's all")
            assert placed["status"] == "awaiting_confirmation"
            orders.append((order_id, auth))

        def pay(n: int) -> tuple[str, int | None, str]:
            order_id, auth = orders[n % ORDERS]
            try:  # every order thrice, with the same key: a client retrying at once
                response = post(
                    server.url,
                    f"/orders/{order_id}/pay",
                    json={"method": "voice"},
                    headers={**auth, "Idempotency-Key": f"pay-{order_id}"},
                )
            except httpx.HTTPError:
                return order_id, None, ""  # the worker died under this request
            kind = "" if response.status_code == 200 else response.json()["type"].split("/")[-1]
            return order_id, response.status_code, kind

        victim = server.workers()[0]
        with ThreadPoolExecutor(max_workers=3 * ORDERS) as pool:
            futures = [pool.submit(pay, n) for n in range(3 * ORDERS)]
            time.sleep(0.5)  # every charge is at the (slow) bank now
            os.kill(victim, signal.SIGKILL)
            results = [future.result() for future in futures]
        lost = sum(1 for _, status, _ in results if status is None)
        acknowledged = {order_id for order_id, status, _ in results if status == 200}
        assert lost > 0, "the kill came too late to interrupt any payment"
        # A concurrent duplicate is told the payment is in flight (409/503), never charged.
        refusals = {kind for _, status, kind in results if status not in (None, 200)}
        assert refusals <= {"duplicate-charge", "payment-outcome-unknown"}, results

    engine = make_engine(schema_url)
    try:
        sessions = sessionmaker(engine, expire_on_commit=False)
        # The workers are gone: every charge still `processing` is stale; the bank's ledger
        # says whether it was taken (then the order is paid) or voids it (then it never lands).
        gateway = SqlPaymentGateway(sessions, stale_after=0.001)
        outcome = {
            order_id: checkout.resolve_payment(
                uow=SqlUnitOfWork(sessions), gateway=gateway, order_id=order_id
            ).status.value
            for order_id, _ in orders
        }
        with Session(engine) as db:
            charges = dict(
                db.execute(
                    select(PaymentIntentRow.order_id, func.count())
                    .where(PaymentIntentRow.status.in_(("succeeded", "refunded")))
                    .group_by(PaymentIntentRow.order_id)
                ).all()
            )
            status = dict(db.execute(select(OrderRow.id, OrderRow.status)).all())
            stuck = db.scalar(select(func.count()).where(PaymentIntentRow.status == "processing"))
    finally:
        engine.dispose()
    assert all(count == 1 for count in charges.values()), charges  # never twice
    for order_id in acknowledged:  # what the API confirmed is paid, and charged once
        assert status[order_id] == "paid" and charges[order_id] == 1
    for order_id, _ in orders:  # charged means recorded as paid, and the other way round
        assert (charges.get(order_id) == 1) == (status[order_id] == "paid"), order_id
    # none lost: every order is settled (paid, or failed and free to pay again), none stuck
    assert stuck == 0
    assert set(outcome.values()) <= {"paid", "payment_failed"}, outcome
    assert outcome == {order_id: status[order_id] for order_id, _ in orders}


def test_the_access_log_is_on_by_default_and_can_be_turned_off(
    schema_url: str, tmp_path: Path
) -> None:
    """One line per request from every worker: UTC time, request id, method, path, status and
    duration; never a query string, a token or a card number."""
    card = "4000 0566 5566 5556"
    generated: dict[str, str] = {}
    tokens: list[str] = []
    for name, options in (("on", ()), ("off", ("--no-access-log",))):
        with serve(schema_url, tmp_path / name, workers=2, options=options) as server:
            menu = httpx.get(
                f"{server.url}/menu", params={"at": AT}, headers={"X-Request-ID": "req-42"}
            )
            assert menu.status_code == 200 and menu.headers["x-request-id"] == "req-42"
            session, auth, order_id = start(server.url)
            say(server.url, session, auth, "a large latte please")
            say(server.url, session, auth, "that's all")
            paid = post(
                server.url,
                f"/orders/{order_id}/pay",
                json={"method": "card", "card_number": card},
                headers={**auth, "Idempotency-Key": "k"},
            )
            assert paid.status_code == 200, paid.text
            generated[name] = f"{paid.headers['x-request-id']} POST /orders/{order_id}/pay"
            tokens.append(auth["Authorization"].removeprefix("Bearer "))
    on = (tmp_path / "on" / "server.log").read_text()
    line = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ INFO ordering\.api\.access: "
    assert re.search(line + r"req-42 GET /menu 200 \d+\.\d ms$", on, re.MULTILINE), on
    assert re.search(line + generated["on"] + " 200 ", on), on
    assert "ordering.payment: payment" in on  # the application's own loggers are heard too
    assert "at=" not in on and not any(token in on for token in tokens)
    assert card not in on and card.replace(" ", "") not in on
    assert "GET /menu" not in (tmp_path / "off" / "server.log").read_text()
