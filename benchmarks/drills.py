"""Drills: `breakfast serve` with several workers on PostgreSQL under payment storms, killed
workers, a database restart and hostile input; one row per drill, and failure on a broken rule.

    .venv/bin/python benchmarks/drills.py                         # every drill, 4 workers
    .venv/bin/python benchmarks/drills.py --drill kill-in-bank --drill hostile-audio --workers 2
    .venv/bin/python benchmarks/drills.py --rounds 3 --requests 4  # small and quick

One server (`breakfast serve --workers N`, real processes) runs every drill, in a fresh schema of
`--database-url` (the database is created if missing; the schema is dropped after), with a fake
bank taking `--bank-delay` seconds per charge and a payment stale window of `--stale-after`
seconds. The drills speak HTTP only (httpx, a new connection per request so that requests spread
over the workers; raw sockets where a request must be tied to the worker serving it, found in
/proc). The database is only read, to count.

  same-key          each order paid by `--requests` concurrent requests with one Idempotency-Key
  different-keys    the same, each request with a key of its own
  pay-vs-cancel     half of the requests pay (keys of their own), half cancel, all at once
  kill-in-bank      the workers serving pay requests SIGKILLed while the bank decides (delay / 2)
  kill-before-bank  a worker SIGSTOPped, or SIGKILLed 0-36 ms after a pay request is sent
  db-restart        PostgreSQL restarted (`--restart-command`) under turns, pays and reads
  hostile-input     bodies, content types, headers, times, coordinates, ids, text, raw bytes
  hostile-audio     uploads whose WAV headers lie, cut-off files, FLAC/OGG/AIFF garbage; the
                    server's memory (VmRSS summed over its processes, every 20 ms) is measured

The rules, a column each. `double`: no order charged twice (`charges/order` counts succeeded or
refunded payment intents, and approved entries in the bank's ledger). `unsettled`: no payment
intent still `processing`, no order status at odds with its intents or the ledger, once the
stale window has passed and each client tried again what failed (a 5xx or a lost answer: the
same request, the same Idempotency-Key) and read its order; after a kill, paying again with a
new key must pay. `bad 5xx`: the only 5xx allowed is a 503 problem the API documents
as "retry": a payment in flight before the stale window, the database down during the restart.
Every answer is a 2xx or a 4xx `application/problem+json` (bytes that are not HTTP may get
uvicorn's own text/plain 400). `peak RSS`: at most `--memory-budget-mb` above idle during the
hostile audio. Each server process is capped at `--memory-cap-mb` of address space (RLIMIT_AS)
so that a defect shows as a failed drill, not as the machine running out of memory.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import json
import math
import os
import random
import re
import resource
import secrets
import shlex
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import wave
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from ordering.persistence.orm import BankLedgerRow, OrderRow, PaymentIntentRow

DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/drills"
AT = "2025-03-18T08:00:00+08:00"  # breakfast time in Shanghai: everything is served
ORDER_TEXT = ("two egg tarts and a large latte", "that's all")
PROBLEM_JSON = "application/problem+json"
IN_FLIGHT = "payment-outcome-unknown"
KB = 1024
MB = 1024 * 1024


def restart_command() -> tuple[str, ...]:
    """How this machine restarts its PostgreSQL cluster (Debian's pg_ctlcluster)."""
    root = Path("/etc/postgresql")
    versions = sorted(p.name for p in root.iterdir()) if root.is_dir() else []
    return ("pg_ctlcluster", "--skip-systemctl-redirect", (versions or ["15"])[-1], "main")


def _silent(message: str) -> None:
    pass


@dataclass(frozen=True)
class Options:
    """The sizes and settings of a run: the command line's, or a test's smaller ones."""

    database_url: str = DATABASE_URL
    workers: int = 4
    rounds: int = 10  # orders per payment drill; orders whose worker is killed
    requests: int = 8  # concurrent requests per order in a storm
    concurrency: int = 16  # client threads
    bank_delay: float = 0.5
    stale_after: float = 3.0
    memory_budget_mb: float = 300.0
    memory_cap_mb: int = 3072
    restart: tuple[str, ...] = field(default_factory=lambda: (*restart_command(), "restart"))
    folder: Path = field(default_factory=lambda: Path(tempfile.gettempdir()) / "drills")
    progress: Callable[[str], None] = _silent


# -- what a drill reports ---------------------------------------------------------------------


@dataclass
class Answer:
    """One HTTP exchange as the client saw it (status None: no answer, the connection broke)."""

    label: str
    status: int | None
    content_type: str = ""
    problem: str = ""  # the last part of a problem's `type`
    body: Any = None
    error: str = ""
    seconds: float = 0.0
    at: float = field(default_factory=time.monotonic)

    def describe(self) -> str:
        if self.status is None:
            return f"{self.label} -> no answer ({self.error})"
        kind = f" {self.problem}" if self.problem else ""
        return f"{self.label} -> {self.status}{kind} ({self.content_type or 'no content type'})"

    @property
    def is_problem(self) -> bool:
        return (
            self.content_type.split(";")[0].strip() == PROBLEM_JSON
            and isinstance(self.body, dict)
            and self.body.get("status") == self.status
        )

    @property
    def retry_later(self) -> bool:
        """What the API tells a client to retry as it was: a 503, or no answer at all."""
        return self.status is None or self.status == 503

    @property
    def failed(self) -> bool:
        """No answer, or a 5xx: a careful client tries the same request (same key) again."""
        return self.status is None or self.status >= 500


@dataclass
class Report:
    """A drill's row of the table, and every rule it saw broken (each with its request)."""

    name: str
    answers: list[Answer] = field(default_factory=list)
    charges_max: int | None = None
    double_charges: int | None = None
    unsettled: int | None = None
    bad_5xx: int = 0
    peak_rss_mb: float | None = None
    idle_rss_mb: float | None = None
    breaks: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.breaks

    def statuses(self) -> str:
        counts = Counter("err" if a.status is None else str(a.status) for a in self.answers)
        return " ".join(f"{status}×{n}" for status, n in sorted(counts.items()))

    def explain(self) -> str:
        """Everything the drill found, for a failing test's message."""
        lines = [f"{self.name}: {'ok' if self.ok else 'FAILED'} ({self.statuses()})"]
        lines += [f"  broken: {line}" for line in self.breaks]
        lines += [f"  note: {line}" for line in self.notes]
        return "\n".join(lines)


class DrillError(Exception):
    """The drill could not be set up (the server did not start, an order could not be made)."""


class Rules:
    """Judges answers as they come in: a 5xx other than the allowed 503 problems, a 4xx that is
    not a problem, a lost answer; each breaks the rules, recorded with its request."""

    def __init__(self, report: Report, *, allowed_503: Iterable[str] = ()) -> None:
        self.report = report
        self.allowed_503 = frozenset(allowed_503)
        self._lock = threading.Lock()

    def judge(
        self,
        answer: Answer,
        *,
        allowed_503: Iterable[str] | None = None,
        raw_http: bool = False,
        lost_ok: bool = False,
    ) -> Answer:
        allowed = self.allowed_503 if allowed_503 is None else frozenset(allowed_503)
        status, broken = answer.status, ""
        if status is None:
            broken = "" if lost_ok else "no answer"
        elif status >= 500:
            if not (status == 503 and answer.problem in allowed and answer.is_problem):
                broken = "5xx"
        elif status >= 400 and not answer.is_problem and not raw_http:
            broken = "a 4xx that is not application/problem+json"
        with self._lock:
            self.report.answers.append(answer)
            if broken:
                self.report.bad_5xx += status is not None and status >= 500
                self.report.breaks.append(f"{broken}: {answer.describe()}")
        return answer

    def broken(self, line: str) -> None:
        with self._lock:
            self.report.breaks.append(line)


# -- the server --------------------------------------------------------------------------------


def _limit_memory(megabytes: int) -> None:
    """Runs in the server's process before exec; its workers inherit the cap."""
    cap = megabytes * MB
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _children(pid: int) -> list[int]:
    found: list[int] = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError):
                found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _rss_bytes(pid: int) -> int:
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * KB
    return 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        response = httpx.get(f"{url}/healthz", headers={"Connection": "close"}, timeout=5)
    except httpx.HTTPError:
        return False
    return response.status_code == 200


@dataclass
class Server:
    """`breakfast serve` with its workers, memory-capped, logging to a file."""

    database_url: str
    folder: Path
    workers: int
    env: dict[str, str]
    memory_cap_mb: int
    admin_key: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.folder / "server.log"

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        breakfast = Path(sys.executable).with_name("breakfast")
        command = [str(breakfast)] if breakfast.exists() else [sys.executable, "-m", "ordering"]
        environment = {k: v for k, v in os.environ.items() if not k.startswith("BREAKFAST_")}
        environment.update(
            BREAKFAST_DATABASE_URL=self.database_url,
            BREAKFAST_DATA_DIR=str(self.folder / "data"),
            BREAKFAST_STORE_COUNT="50",
            BREAKFAST_ADMIN_API_KEY=self.admin_key,
            **self.env,
        )
        host, port, workers = "127.0.0.1", str(self.port), str(self.workers)
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(
                [*command, "serve", "--host", host, "--port", port, "--workers", workers],
                cwd=self.folder,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
                preexec_fn=functools.partial(_limit_memory, self.memory_cap_mb),
            )
        self.starts += 1
        self.wait_ready()

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def worker_pids(self) -> list[int]:
        """The processes answering requests: uvicorn's spawned workers, or the server itself
        when it runs a single worker (uvicorn then has no supervisor)."""
        if not self.alive():
            return []
        if self.workers == 1:
            return [self.pid]
        return sorted(pid for pid in _children(self.pid) if b"spawn_main" in _cmdline(pid))

    def tree(self) -> list[int]:
        """The server and its descendants (workers, and any decoder they run)."""
        found, queue = [], [self.pid] if self.alive() else []
        while queue:
            pid = queue.pop()
            found.append(pid)
            queue += _children(pid)
        return found

    def rss(self) -> int:
        return sum(_rss_bytes(pid) for pid in self.tree())

    def wait_ready(self, *, besides: Iterable[int] = (), timeout: float = 90.0) -> None:
        """Wait until every worker is up (none of `besides`) and the server answers."""
        gone = set(besides)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise DrillError(f"the server exited:\n{self.log_tail()}")
            pids = self.worker_pids()
            if len(pids) == self.workers and not gone & set(pids):
                if all(_healthy(self.url) for _ in range(self.workers * 2)):
                    return
            time.sleep(0.1)
        raise DrillError(f"the server's workers did not all start:\n{self.log_tail()}")

    def recover(self, *, killed: Iterable[int]) -> None:
        """After killing workers: uvicorn's supervisor replaces them; a single-worker server
        (no supervisor) died with its worker and is started again, as an operator would."""
        if self.process is not None and self.pid in set(killed):
            self.process.wait(timeout=30)
        if self.alive():
            self.wait_ready(besides=killed)
        else:
            self.start()

    def ensure(self) -> None:
        """Serving with all its workers (started again if an earlier drill left it dead)."""
        if not self.alive():
            self.start()
        self.wait_ready()

    def stop(self) -> None:
        if not self.alive():
            return
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            for pid in reversed(self.tree()):
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            self.process.wait()

    def log_size(self) -> int:
        try:
            return self.log.stat().st_size
        except OSError:
            return 0

    def log_tail(self, lines: int = 30) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        return ""

    def failures(self, since: int = 0) -> Counter[str]:
        """What the server logged of its failures after byte `since`: the exception ending each
        traceback (a chained one counts once), and the handled ones ("failed unexpectedly")."""
        with self.log.open("rb") as handle:
            handle.seek(since)
            lines = handle.read().decode(errors="replace").splitlines()
        found: Counter[str] = Counter()
        inside, last = False, ""
        for line in lines:
            if line.startswith("Traceback (most recent call last)"):
                inside, last = True, ""
            elif inside and line and not line.startswith((" ", "\t")):
                inside, last = False, line[:160]
            elif last and line and not line.startswith(("The above", "During handling")):
                found[last] += 1
                last = ""
            if " failed unexpectedly: " in line or "met a broken database connection" in line:
                line = re.sub(r"^\d{4}-\d\d-\d\dT\S+\s+", "", line)  # its timestamp
                found[re.sub(r"/[A-Za-z0-9_-]{16,}", "/{id}", line)[:160]] += 1
            if "Child process" in line and "died" in line:
                found["a worker died (uvicorn: 'Child process [...] died')"] += 1
        if last:
            found[last] += 1
        return found


@contextlib.contextmanager
def serving(database_url: str, options: Options) -> Iterator[Server]:
    """The drills' server on `database_url`, stopped at the end."""
    env = {
        "BREAKFAST_BANK_DELAY_SECONDS": str(options.bank_delay),
        "BREAKFAST_PAYMENT_STALE_AFTER_SECONDS": str(options.stale_after),
    }
    server = Server(database_url, options.folder, options.workers, env, options.memory_cap_mb)
    try:
        server.start()
        yield server
    finally:
        server.stop()


# -- the database ------------------------------------------------------------------------------


def ensure_database(url: str) -> None:
    """Create the database of `url` if the server does not have it yet."""
    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), poolclass=NullPool)
    try:
        with admin.connect() as connection:
            query = text("select 1 from pg_database where datname = :name")
            found = connection.scalar(query, {"name": parsed.database})
        if not found:
            with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text(f'create database "{parsed.database}"'))
    finally:
        admin.dispose()


@contextlib.contextmanager
def fresh_schema(url: str, *, keep: bool = False) -> Iterator[str]:
    """A URL of `url`'s database whose connections use a new schema, dropped afterwards."""
    schema = f"drill_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, poolclass=NullPool)
    with admin.begin() as connection:
        connection.execute(text(f'create schema "{schema}"'))
    scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield scoped.render_as_string(hide_password=False)
    finally:
        if not keep:
            with admin.begin() as connection:
                connection.execute(text(f'drop schema "{schema}" cascade'))
        admin.dispose()


def _engine(url: str) -> Engine:
    return create_engine(url, poolclass=NullPool)  # nothing held open across a restart


@dataclass
class Audit:
    """The drill's orders against their payment intents and the bank's ledger."""

    charges: dict[str, int]
    unsettled: dict[str, str]
    statuses: Counter[str]  # of the orders
    intents: Counter[str]

    @property
    def charges_max(self) -> int:
        return max(self.charges.values(), default=0)

    @property
    def double_charges(self) -> int:
        return sum(1 for count in self.charges.values() if count > 1)


def audit(url: str, order_ids: Iterable[str]) -> Audit:
    """Charges per order, and what is unsettled, read from the database (nothing changes)."""
    wanted = set(order_ids)
    engine = _engine(url)
    try:
        with engine.connect() as db:
            orders = {
                row.id: row
                for row in db.execute(
                    select(OrderRow.id, OrderRow.status, OrderRow.payment_intent_id).where(
                        OrderRow.id.in_(wanted)
                    )
                )
            }
            intents: dict[str, list[Any]] = {order_id: [] for order_id in orders}
            for row in db.execute(
                select(
                    PaymentIntentRow.id,
                    PaymentIntentRow.order_id,
                    PaymentIntentRow.status,
                    PaymentIntentRow.failure_code,
                ).where(PaymentIntentRow.order_id.in_(wanted))
            ):
                intents[row.order_id].append(row)
            approved = set(
                db.scalars(select(BankLedgerRow.reference).where(BankLedgerRow.approved.is_(True)))
            )
    finally:
        engine.dispose()
    found = Audit({}, {}, Counter(o.status for o in orders.values()), Counter())
    for order_id in wanted - set(orders):
        found.unsettled[order_id] = "the order is not in the database"
    for order_id, order in orders.items():
        mine = intents[order_id]
        found.intents.update(i.status for i in mine)
        taken = [i for i in mine if i.status in ("succeeded", "refunded")]
        booked = [i for i in mine if i.id in approved]
        found.charges[order_id] = max(len(taken), len(booked))
        succeeded = [i for i in mine if i.status == "succeeded"]
        reasons = []
        if any(i.status == "processing" for i in mine):
            reasons.append("a payment still processing")
        if any(i.status not in ("succeeded", "refunded") for i in booked):
            reasons.append("the bank took a charge that the gateway does not show")
        if order.status == "paid":
            if len(succeeded) != 1 or order.payment_intent_id != succeeded[0].id:
                reasons.append(f"paid, but with {len(succeeded)} succeeded intents")
        elif succeeded:
            reasons.append(f"charged (intent {succeeded[0].id} succeeded)")
        if reasons:
            details = " ".join(f"{i.status}:{i.failure_code or '-'}" for i in mine)
            found.unsettled[order_id] = f"{order.status}, {'; '.join(reasons)} [{details}]"
    return found


def intent_states(url: str, order_id: str) -> list[str]:
    engine = _engine(url)
    try:
        with engine.connect() as db:
            query = select(PaymentIntentRow.status).where(PaymentIntentRow.order_id == order_id)
            return list(db.scalars(query.order_by(PaymentIntentRow.created_at)))
    finally:
        engine.dispose()


# -- the client --------------------------------------------------------------------------------


def call(base: str, method: str, path: str, label: str = "", **kwargs: Any) -> Answer:
    """One request on a new connection, so that consecutive requests may reach any worker."""
    headers = {"Connection": "close", **kwargs.pop("headers", {})}
    timeout = kwargs.pop("timeout", 120)
    label = label or f"{method} {path}"
    started = time.monotonic()
    try:
        response = httpx.request(method, base + path, headers=headers, timeout=timeout, **kwargs)
    except httpx.HTTPError as error:
        message = f"{type(error).__name__}: {error}"[:200]
        return Answer(label, None, error=message, seconds=time.monotonic() - started)
    answer = _answer(label, response)
    answer.seconds = time.monotonic() - started
    return answer


def _answer(label: str, response: httpx.Response) -> Answer:
    body: Any = None
    with contextlib.suppress(ValueError):
        body = response.json()
    status = response.status_code
    problem = ""
    if isinstance(body, dict) and isinstance(body.get("type"), str) and status >= 400:
        problem = body["type"].rsplit("/", 1)[-1]
    return Answer(label, status, response.headers.get("content-type", ""), problem, body)


@dataclass(frozen=True)
class Order:
    """An order and the session (id, bearer token) that owns it."""

    id: str
    session: str
    token: str

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def say(base: str, order: Order, words: str) -> Answer:
    path = f"/sessions/{order.session}/turns"
    body = {"text": words, "at": AT}
    return call(base, "POST", path, f"turn {words!r}", json=body, headers=order.auth)


def pay(base: str, order: Order, key: str) -> Answer:
    headers = {**order.auth, "Idempotency-Key": key}
    label = f"pay {order.id[:8]} key {key}"
    return call(
        base, "POST", f"/orders/{order.id}/pay", label, json={"method": "voice"}, headers=headers
    )


def cancel(base: str, order: Order) -> Answer:
    path = f"/orders/{order.id}/cancel"
    return call(base, "POST", path, f"cancel {order.id[:8]}", headers=order.auth)


def read(base: str, order: Order) -> Answer:
    return call(base, "GET", f"/orders/{order.id}", f"read {order.id[:8]}", headers=order.auth)


def again(base: str, order: Order, kind: str) -> Answer:
    """The same request once more: `pay:KEY` (same key) or `cancel`."""
    return cancel(base, order) if kind == "cancel" else pay(base, order, kind.removeprefix("pay:"))


def new_order(base: str, rules: Rules | None = None) -> Order | None:
    """A new session whose order awaits payment (two typed turns), or None when an answer on the
    way was not a success (each judged by `rules`, if given)."""

    def judged(answer: Answer) -> Answer:
        return rules.judge(answer) if rules else answer

    created = judged(call(base, "POST", "/sessions", json={}))
    if created.status != 201:
        return None
    order = Order(created.body["order"]["id"], created.body["id"], created.body["token"])
    for turn in ORDER_TEXT:
        answer = judged(say(base, order, turn))
        if answer.status != 200:
            return None
    return order if answer.body.get("status") == "awaiting_confirmation" else None


def orders_awaiting_payment(base: str, count: int) -> list[Order]:
    with ThreadPoolExecutor(max_workers=8) as pool:
        made = list(pool.map(lambda _: new_order(base), range(count)))
    orders = [order for order in made if order is not None]
    if len(orders) < count:
        raise DrillError(f"only {len(orders)} of {count} orders could be made ready to pay")
    return orders


def settle(
    base: str,
    options: Options,
    rules: Rules,
    last: Iterable[tuple[Order, str, Answer]],
    *,
    since: float | None = None,
) -> None:
    """What a client does next: the requests answered with a 5xx (or not at all) again after
    the Retry-After (1 s); those still 503 again once the stale window has passed, when a 503
    breaks the rules (the outcome must be known by then); then every order is read."""
    pending = list(last)
    orders = {order.id: order for order, _, _ in pending}
    later = [(order, kind) for order, kind, answer in pending if answer.failed]
    if later:
        time.sleep(1.0)
        later = [(o, k) for o, k in later if rules.judge(again(base, o, k)).retry_later]
    if later:
        start = since if since is not None else max(a.at for _, _, a in pending)
        wait = start + options.stale_after + 1.0 - time.monotonic()
        if wait > 0:
            options.progress(f"waiting {wait:.1f} s for the stale window to pass")
            time.sleep(wait)
        for order, kind in later:
            rules.judge(again(base, order, kind), allowed_503=())
    for order in orders.values():
        rules.judge(read(base, order), allowed_503=())


def conclude(report: Report, found: Audit) -> None:
    """The audit's figures in the report, each unsettled or doubly charged order a break."""
    report.charges_max = found.charges_max
    report.double_charges = found.double_charges
    report.unsettled = len(found.unsettled)
    for order_id, reason in sorted(found.unsettled.items()):
        report.breaks.append(f"unsettled order {order_id}: {reason}")
    for order_id, count in sorted(found.charges.items()):
        if count > 1:
            report.breaks.append(f"order {order_id} charged {count} times")
    orders = " ".join(f"{s}×{n}" for s, n in sorted(found.statuses.items()))
    intents = " ".join(f"{s}×{n}" for s, n in sorted(found.intents.items()))
    report.notes.append(f"orders {orders}; payment intents {intents or 'none'}")


# -- payment storms ----------------------------------------------------------------------------

Attempt = Callable[[str, Order, int], tuple[str, Answer]]


def _storm(server: Server, options: Options, report: Report, attempt: Attempt) -> None:
    """`requests` concurrent attempts at every order, shuffled; then each client retries what
    it was told to, and reads its order; then the audit."""
    rules = Rules(report, allowed_503={IN_FLIGHT})
    base = server.url
    orders = orders_awaiting_payment(base, options.rounds)
    options.progress(f"{report.name}: {len(orders)} orders awaiting payment; storming")
    jobs = [(order, n) for n in range(options.requests) for order in orders]
    random.Random(7).shuffle(jobs)

    def send(job: tuple[Order, int]) -> tuple[Order, str, Answer]:
        kind, answer = attempt(base, *job)
        return job[0], kind, rules.judge(answer)

    last: dict[tuple[str, str], tuple[Order, str, Answer]] = {}
    with ThreadPoolExecutor(max_workers=options.concurrency) as pool:
        for order, kind, answer in pool.map(send, jobs):
            last[(order.id, kind)] = (order, kind, answer)
    settle(base, options, rules, last.values())
    conclude(report, audit(server.database_url, (order.id for order in orders)))


def same_key(server: Server, options: Options, report: Report) -> None:
    """A client and its retries paying one order at once, with one key."""

    def attempt(base: str, order: Order, n: int) -> tuple[str, Answer]:
        return "pay:same", pay(base, order, "same")

    _storm(server, options, report, attempt)


def different_keys(server: Server, options: Options, report: Report) -> None:
    """Several devices paying one order at once, each with a key of its own."""

    def attempt(base: str, order: Order, n: int) -> tuple[str, Answer]:
        return f"pay:device-{n}", pay(base, order, f"device-{n}")

    _storm(server, options, report, attempt)


def pay_vs_cancel(server: Server, options: Options, report: Report) -> None:
    """Paying and cancelling one order at once: it ends paid once, or cancelled with any charge
    refunded; never cancelled and charged."""

    def attempt(base: str, order: Order, n: int) -> tuple[str, Answer]:
        if n % 2:
            return "cancel", cancel(base, order)
        return f"pay:device-{n}", pay(base, order, f"device-{n}")

    _storm(server, options, report, attempt)


# -- killed workers ----------------------------------------------------------------------------


def _tcp_inode(server_port: int, client_port: int) -> int | None:
    """The inode of the server's end of a loopback TCP connection (from /proc/net/tcp)."""
    local, remote = f"0100007F:{server_port:04X}", f"0100007F:{client_port:04X}"
    with contextlib.suppress(OSError):
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            fields = line.split()
            if fields[1] == local and fields[2] == remote:
                return int(fields[9])
    return None


def _holder(pids: Iterable[int], inode: int) -> int | None:
    target = f"socket:[{inode}]"
    for pid in pids:
        with contextlib.suppress(OSError), os.scandir(f"/proc/{pid}/fd") as fds:
            for fd in fds:
                with contextlib.suppress(OSError):
                    if os.readlink(fd.path) == target:
                        return pid
    return None


class RawConnection:
    """A socket to the server, and the worker that accepted it (found in /proc)."""

    def __init__(self, server: Server, *, timeout: float = 120.0) -> None:
        self.socket = socket.create_connection(("127.0.0.1", server.port), timeout=timeout)
        self.worker: int | None = None
        client_port = self.socket.getsockname()[1]
        deadline = time.monotonic() + 3.0
        while self.worker is None and time.monotonic() < deadline:
            inode = _tcp_inode(server.port, client_port)
            if inode:
                self.worker = _holder(server.worker_pids(), inode)
            if self.worker is None:
                time.sleep(0.005)

    def send(self, request: httpx.Request) -> None:
        self.socket.sendall(serialize(request))

    def receive(self, label: str) -> Answer:
        """The answer, read until the server closes (the request said `Connection: close`)."""
        data = b""
        try:
            while chunk := self.socket.recv(65536):
                data += chunk
        except OSError as error:
            if not data:
                return Answer(label, None, error=f"{type(error).__name__}: {error}")
        finally:
            self.socket.close()
        if not data:
            return Answer(label, None, error="the connection closed without an answer")
        return parse_response(label, data)

    def close(self) -> None:
        self.socket.close()


def serialize(request: httpx.Request) -> bytes:
    body = request.read()
    lines = [f"{request.method} {request.url.raw_path.decode('ascii')} HTTP/1.1".encode()]
    for name, value in request.headers.raw:
        if name.lower() not in (b"connection", b"content-length"):
            lines.append(name + b": " + value)
    lines += [b"Connection: close", f"Content-Length: {len(body)}".encode()]
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def parse_response(label: str, data: bytes) -> Answer:
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    try:
        status = int(lines[0].split()[1])
    except (IndexError, ValueError):
        return Answer(label, None, error=f"not an HTTP answer: {data[:60]!r}")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding") == "chunked":
        body = _dechunk(body)
    headers.pop("transfer-encoding", None)
    headers.pop("content-length", None)
    return _answer(label, httpx.Response(status, headers=headers, content=body))


def _dechunk(data: bytes) -> bytes:
    out = b""
    while data:
        size_line, _, data = data.partition(b"\r\n")
        try:
            size = int(size_line.split(b";")[0], 16)
        except ValueError:
            break
        if size == 0:
            break
        out, data = out + data[:size], data[size + 2 :]
    return out


def raw_exchange(port: int, payload: bytes, label: str, *, timeout: float = 10.0) -> Answer:
    """Bytes that may not be HTTP, written as they are; the answer, if any."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(payload)
            data = b""
            with contextlib.suppress(TimeoutError, ConnectionResetError):
                while chunk := sock.recv(65536):
                    data += chunk
    except OSError as error:
        return Answer(label, None, error=f"{type(error).__name__}: {error}")
    if not data:
        return Answer(label, None, error="closed without an answer")
    return parse_response(label, data)


Plan = tuple[str, float]  # ("kill" or "stop", seconds after sending)


def _kill(server: Server, options: Options, report: Report, plans: Sequence[Plan]) -> None:
    """Each plan kills the worker serving one pay request (`together`: all at once, in one wave).
    Then the same request at once (in flight: 503), again after the stale window (the outcome
    must be known), then with a new key (it must pay), then a read; then the audit, in which
    every order must be paid, once."""
    rules = Rules(report, allowed_503={IN_FLIGHT})
    base = server.url
    orders = orders_awaiting_payment(base, len(plans))
    together = all(how == "kill" and delay == plans[0][1] for how, delay in plans)
    waves = [list(range(len(plans)))] if together else [[n] for n in range(len(plans))]
    seen: Counter[str] = Counter()
    killed_at = time.monotonic()
    for number, wave_orders in enumerate(waves, 1):
        how, delay = plans[wave_orders[0]]
        options.progress(
            f"{report.name}: {how} {number}/{len(waves)} at {delay * 1000:.0f} ms "
            f"({len(wave_orders)} pay requests)"
        )
        connections = [(orders[n], RawConnection(server)) for n in wave_orders]
        victims = {c.worker for _, c in connections if c.worker is not None}
        if len(victims) == 0 or any(c.worker is None for _, c in connections):
            raise DrillError("cannot tell which worker accepted a connection")
        if how == "stop":
            for pid in victims:
                os.kill(pid, signal.SIGSTOP)
        sent = time.monotonic()
        for order, connection in connections:
            url = f"{base}/orders/{order.id}/pay"
            headers = {**order.auth, "Idempotency-Key": "first"}
            connection.send(httpx.Request("POST", url, json={"method": "voice"}, headers=headers))
        time.sleep(max(0.0, sent + delay - time.monotonic()))
        for pid in victims:
            os.kill(pid, signal.SIGKILL)
        killed_at = time.monotonic()
        for order, connection in connections:
            label = f"pay {order.id[:8]} key first, {how} at {delay * 1000:.0f} ms"
            rules.judge(connection.receive(label), lost_ok=True)
        server.recover(killed=victims)
        for order, _ in connections:
            states = "+".join(intent_states(server.database_url, order.id)) or "no intent"
            seen[f"{how} at {delay * 1000:.0f} ms: {states}"] += 1
            rules.judge(pay(base, order, "first"))  # at once: in flight (503), or done
    report.notes.append(
        "payment intents right after the kill: "
        + ", ".join(f"{state} ×{n}" for state, n in sorted(seen.items()))
    )
    lost = [(order, "pay:first", Answer("lost", None)) for order in orders]
    settle(base, options, rules, lost, since=killed_at)
    for order in orders:
        paid = rules.judge(pay(base, order, "second"), allowed_503=())
        if paid.status not in (200, 503) and paid.problem != "order-already-paid":
            rules.broken(f"paying again with a new key did not pay: {paid.describe()}")
    found = audit(server.database_url, (order.id for order in orders))
    for status, count in sorted(found.statuses.items()):
        if status != "paid":
            rules.broken(f"{count} order(s) {status} after paying again with a new key")
    if server.starts > 1:
        report.notes.append(f"the single-worker server has been started {server.starts} times")
    conclude(report, found)


def kill_in_bank(server: Server, options: Options, report: Report) -> None:
    """Workers killed while the bank decides their charges (halfway through its delay)."""
    _kill(server, options, report, [("kill", options.bank_delay / 2)] * options.rounds)


KILL_TIMINGS: tuple[Plan, ...] = (
    ("stop", 0.0),
    ("kill", 0.0),
    ("kill", 0.02),
    ("kill", 0.03),
    ("kill", 0.01),
    ("kill", 0.025),
    ("kill", 0.033),
    ("kill", 0.005),
    ("kill", 0.036),
)


def kill_before_bank(server: Server, options: Options, report: Report) -> None:
    """A worker killed as a pay request arrives: stopped before it reads it, or killed within
    36 ms (before the intent is stored, before it is claimed, or just after)."""
    count = max(options.rounds, 2)
    _kill(server, options, report, [KILL_TIMINGS[n % len(KILL_TIMINGS)] for n in range(count)])


# -- the database restarted under load ---------------------------------------------------------


def db_restart(server: Server, options: Options, report: Report) -> None:
    """PostgreSQL restarted while turns, pays and reads run: answers during the outage are 503
    problems, nothing is charged twice, and the same server recovers by itself."""
    rules = Rules(report, allowed_503={"database-unavailable", IN_FLIGHT})
    base = server.url
    workers_before = server.worker_pids()
    paying = max(options.concurrency // 2, 1)
    orders = orders_awaiting_payment(base, paying)
    talkers = orders_awaiting_payment(base, 2)
    stop = threading.Event()
    last: dict[str, tuple[Order, str, Answer]] = {}
    lock = threading.Lock()

    def paying_loop(lane: int) -> None:
        """Pay, then order and pay again and again; a 503 or a lost answer is retried."""
        order: Order | None = orders[lane]
        while not stop.is_set():
            if order is None:
                order = new_order(base, rules)
                if order is None:
                    time.sleep(0.2)
                    continue
                with lock:
                    orders.append(order)
            while not stop.is_set():
                answer = rules.judge(pay(base, order, "restart"))
                with lock:
                    last[order.id] = (order, "pay:restart", answer)
                if not answer.retry_later:
                    break
                time.sleep(0.5)
            order = None

    def talking_loop(lane: int) -> None:
        n = 0
        while not stop.is_set():
            rules.judge(
                say(base, talkers[lane], ("a large latte please", "remove the latte")[n % 2])
            )
            n += 1

    def reading_loop(lane: int) -> None:
        while not stop.is_set():
            rules.judge(read(base, orders[lane]))
            rules.judge(call(base, "GET", "/menu", params={"at": AT}))
            rules.judge(call(base, "GET", "/healthz"))

    loops = [threading.Thread(target=paying_loop, args=(n,)) for n in range(paying)]
    loops += [threading.Thread(target=talking_loop, args=(n,)) for n in range(len(talkers))]
    loops += [threading.Thread(target=reading_loop, args=(n,)) for n in range(2)]
    for thread in loops:
        thread.start()
    try:
        time.sleep(1.0)
        options.progress(f"{report.name}: restarting PostgreSQL ({shlex.join(options.restart)})")
        down = time.monotonic()
        done = subprocess.run(options.restart, capture_output=True, text=True, timeout=120)
        up = time.monotonic()
        if done.returncode != 0:
            raise DrillError(f"the restart failed: {done.stderr.strip() or done.stdout}")
        recovered = _wait_healthy(base, timeout=30)
        if recovered is None:
            rules.broken("the server did not answer /healthz with 200 within 30 s")
        else:
            report.notes.append(
                f"PostgreSQL restarted in {up - down:.1f} s; /healthz 200 again "
                f"{recovered - up:.1f} s after"
            )
        time.sleep(2.0)  # the load goes on after the recovery
    finally:
        stop.set()
        for thread in loops:
            thread.join()
    options.progress(f"{report.name}: {len(report.answers)} answers; checking the recovery")
    for talker in talkers:
        answer = rules.judge(say(base, talker, "a large latte please"), allowed_503=())
        if answer.status != 200:
            rules.broken(f"not recovered: {answer.describe()}")
    if not server.alive() or server.worker_pids() != workers_before:
        rules.broken("the server or one of its workers had to be started again")
    during = Counter(
        f"{a.status or 'err'}{' ' + a.problem if a.problem else ''}"
        for a in report.answers
        if down <= a.at <= up + 5
    )
    report.notes.append(
        "answers from the restart until 5 s after it: "
        + ", ".join(f"{kind} ×{n}" for kind, n in sorted(during.items()))
    )
    settle(base, options, rules, list(last.values()))
    conclude(report, audit(server.database_url, (order.id for order in orders)))


def _wait_healthy(base: str, *, timeout: float) -> float | None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _healthy(base):
            return time.monotonic()
        time.sleep(0.1)
    return None


# -- hostile input -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One hostile request: httpx keyword arguments, or raw bytes that may not be HTTP."""

    label: str
    method: str = "GET"
    path: str = "/"
    kwargs: dict[str, Any] = field(default_factory=dict)
    raw: bytes | None = None


def get(label: str, path: str, **kwargs: Any) -> Case:
    return Case(label, "GET", path, kwargs)


def post(label: str, path: str, **kwargs: Any) -> Case:
    return Case(label, "POST", path, kwargs)


TIMES: tuple[Any, ...] = (
    "9999-12-31T23:59:59-01:00",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59+14:00",
    "0001-01-01T00:00:00-14:00",
    0.5,
    -1,
    1e20,
    "nonsense",
    "2025-03-18T08:00:00",  # no offset
    "2025-02-30T08:00:00+08:00",
    "2025-03-18T25:61:00+08:00",
    "2025-03-18T08:00:00+99:00",
    "1969-12-31T23:59:59Z",
    "2201-01-01T00:00:00Z",
    "",
    True,
    [],
    {},
)
COORDINATES: tuple[dict[str, str], ...] = (
    {"lat": "nan", "lon": "0"},
    {"lat": "0", "lon": "nan"},
    {"lat": "inf", "lon": "-inf"},
    {"lat": "91", "lon": "0"},
    {"lat": "-90.0000001", "lon": "0"},
    {"lat": "0", "lon": "180.5"},
    {"lat": "90", "lon": "180"},
    {"lat": "-90", "lon": "-180"},
    {"lat": "31.23"},
    {"lon": "121.47"},
    {"lat": "1e400", "lon": "0"},
    {"lat": "0x1p3", "lon": "0"},
    {"lat": "31.23", "lon": "121.47", "near": "Bund"},
    {"near": "\x00"},
    {"near": "n" * 201},
    {"near": "外滩"},
    {"near": "Bund", "k": "0"},
    {"near": "Bund", "k": "51"},
    {"near": "Bund", "k": "99999999999999999999999"},
    {"near": "Bund", "lang": "xx"},
)
SESSION_BODIES: tuple[bytes, ...] = (
    b'{"lat": NaN, "lon": 0}',
    b'{"lat": 10}',
    b'{"lon": 10}',
    b'{"lat": Infinity, "lon": -Infinity}',
    b'{"lat": 1e999, "lon": 0}',
    b'{"lat": -0.0, "lon": -0.0}',
    b'{"lat": 90, "lon": 180}',
    b'{"lat": "31.2", "lon": "121.4"}',
    b'{"lat": true, "lon": false}',
    b'{"near": "\\u0000"}',
    b'{"near": "nowhere at all"}',
    b'{"near": ""}',
    b'{"lat": 31.2, "lon": 121.4, "near": "Bund"}',
    b'{"extra": 1}',
)
ODD_IDS = (
    "%00",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "a" * 64,
    "a" * 65,
    "a" * 5000,
    "%F0%9F%8D%B3",
    "%FF%FE",
    "%27%3B%20drop%20table%20orders%3B--",
    "null",
    "-",
    "%20",
    "..",
    "%E2%80%AE",
    "0",
)
TEXTS: tuple[str, ...] = (
    "\x00",
    "a large latte\x00 please",
    "\x00" * 2000,
    "x" * 2000,
    "x" * 2001,
    "🍳" * 2000,
    "\u202e" * 50 + "a large latte",
    "a\u0301" * 1000,
    "\u200b\u200d\ufeff" * 600,
    "ｔｗｏ ｅｇｇ ｔａｒｔｓ",
    "两个蛋挞和一杯大杯拿铁",
    "%s%n{0}{text}" * 100,
    "'; drop table orders; --",
    " ",
    "\n\r\t" * 600,
    "a" * 1999 + "é",
    "\U0010ffff" * 500,
)
BODIES: tuple[tuple[str, bytes, str], ...] = (
    ("malformed", b'{"text": "a', "application/json"),
    ("trailing garbage", b'{"text": "a"} }}', "application/json"),
    ("not UTF-8", b'{"text": "\xff\xfe\xc0\x80"}', "application/json"),
    ("UTF-16", '{"text": "a latte"}'.encode("utf-16"), "application/json"),
    ("BOM", b'\xef\xbb\xbf{"text": "a latte"}', "application/json"),
    ("lone surrogates", b'{"text": "\\ud800 latte", "method": "\\udfff"}', "application/json"),
    ("100,000 deep", b"[" * 100_000 + b"]" * 100_000, "application/json"),
    ("50,000 deep objects", b'{"a":' * 50_000 + b"1" + b"}" * 50_000, "application/json"),
    ("a million numbers", b"[" + b"1," * 1_000_000 + b"1]", "application/json"),
    ("100,000 digits", b'{"text": 1' + b"0" * 100_000 + b"}", "application/json"),
    ("duplicate keys", b'{"text": "a", "text": "b", "method": "voice"}', "application/json"),
    ("null", b"null", "application/json"),
    ("array", b"[]", "application/json"),
    ("string", b'"a latte"', "application/json"),
    ("empty", b"", "application/json"),
    ("NaN", b'{"text": NaN, "lat": NaN, "lon": Infinity}', "application/json"),
    ("text/plain", b'{"text": "a latte"}', "text/plain"),
    ("form", b"text=a+latte", "application/x-www-form-urlencoded"),
    ("multipart without boundary", b"--x\r\n\r\n", "multipart/form-data"),
    ("multipart garbage", b"garbage\r\n--b--", "multipart/form-data; boundary=b"),
    (
        "multipart cut",
        b'--b\r\nContent-Disposition: form-data; name="a',
        "multipart/form-data; boundary=b",
    ),
    ("json, latin-1", b'{"text": "a latte"}', "application/json; charset=latin-1"),
    ("8 KB content type", b'{"text": "a"}', "application/json; x=" + "y" * 8000),
    ("no content type", b'{"text": "a latte"}', ""),
    ("xml", b"<text>a latte</text>", "application/xml"),
)
BODY_LIMIT = 10 * MB


def _chunks() -> Iterator[bytes]:
    """A chunked body past the size limit (no Content-Length to refuse it by)."""
    yield b'{"text": "'
    for _ in range(12):
        yield b"a" * MB


def hostile_cases(order: Order, other: Order, admin_key: str) -> list[Case]:
    """The corpus: `order` (its token is sent) awaits payment; `other` is someone else's."""
    auth, turns = order.auth, f"/sessions/{order.session}/turns"
    paying = f"/orders/{order.id}/pay"
    as_json = {"content-type": "application/json"}
    clip = {"audio": ("a.wav", tone(0.3), "audio/wav")}
    cases: list[Case] = []
    routes = [
        ("/parse", {}),
        ("/sessions", {}),
        (turns, auth),
        (paying, {**auth, "Idempotency-Key": "hostile"}),
        ("/admin/menu", {"X-API-Key": admin_key}),
    ]
    for path, headers in routes:
        where = path.split("/")[1]
        for name, content, kind in BODIES:
            sent = {**headers, **({"content-type": kind} if kind else {})}
            cases.append(post(f"{name} body to {where}", path, content=content, headers=sent))
        over = b'{"text": "' + b"a" * BODY_LIMIT + b'"}'
        sent = {**headers, **as_json}
        cases.append(post(f"over the limit to {where}", path, content=over, headers=sent))
        cases.append(
            post(f"chunked over the limit to {where}", path, content=_chunks(), headers=sent)
        )
    session = f"/sessions/{order.session}"
    for name, value in (
        ("Authorization", "Bearer " + "x" * 60_000),
        ("Authorization", "Bearer"),
        ("Authorization", "Basic YTpi"),
        ("Authorization", f"Bearer {order.token} extra"),
        ("Authorization", f"bearer {order.token.swapcase()}"),
        ("Authorization", b"Bearer \xe9t\xe9"),
        ("X-Junk", "y" * 60_000),
    ):
        cases.append(get(f"header {name}: {str(value)[:20]}", session, headers={name: value}))
    many = {f"X-Header-{n}": "v" for n in range(1500)}
    cases.append(get("1500 headers", f"/orders/{order.id}", headers={**auth, **many}))
    voice = {"method": "voice"}
    keys: tuple[str | bytes, ...] = ("", "k" * 255, "k" * 256, b"\xe9\xe8", "a b", "k" * 8000)
    for key in keys:
        odd: dict[str, str | bytes] = {**auth, "Idempotency-Key": key}
        cases.append(post(f"Idempotency-Key {str(key)[:12]!r}", paying, json=voice, headers=odd))
    cases.append(post("no Idempotency-Key", paying, json=voice, headers=auth))
    for key in ("", "wrong", "x" * 50_000, b"\xff\xfe"):
        odd = {"X-API-Key": key}
        cases.append(post(f"X-API-Key {str(key)[:12]!r}", "/admin/menu", json={}, headers=odd))
    admin = {"X-API-Key": admin_key}
    nonsense = {"schema": "menu-feed/1", "brand": 7, "items": [None] * 1000}
    cases.append(post("admin: an empty feed", "/admin/menu", json={}, headers=admin))
    cases.append(post("admin: a feed of nonsense", "/admin/menu", json=nonsense, headers=admin))
    for number, body in enumerate(
        (
            {"method": "bitcoin"},
            {"method": "card", "card_number": "4242424242424241"},
            {"method": "card", "card_number": "x" * 41},
            {"method": "card", "card_number": "٤٢٤٢٤٢٤٢٤٢٤٢٤٢٤٢"},
            {"method": "card", "card_number": "4242\x004242\x0042424242"},
            {"method": "voice", "card_number": "4242424242424242"},
            {"method": "voice", "extra": 1},
            {"method": None},
            {},
        )
    ):
        sent = {**auth, "Idempotency-Key": f"odd-{number}"}
        cases.append(post(f"pay {json.dumps(body)[:40]}", paying, json=body, headers=sent))
    theirs = f"/orders/{other.id}"
    sent = {**auth, "Idempotency-Key": "x"}
    cases.append(post("pay someone else's order", f"{theirs}/pay", json=voice, headers=sent))
    cases.append(post("cancel someone else's order", f"{theirs}/cancel", headers=auth))
    cases.append(get("read someone else's order", theirs, headers=auth))
    for moment in TIMES:
        body = {"text": "a large latte", "at": moment}
        cases.append(post(f"turn at {moment!r}", turns, json=body, headers=auth))
        if isinstance(moment, str | int | float) and not isinstance(moment, bool):
            query = {"at": str(moment)}
            cases.append(get(f"menu at {moment!r}", "/menu", params=query))
            cases.append(
                get(f"nearest at {moment!r}", "/stores/nearest", params={**query, "near": "Bund"})
            )
            data = {"at": str(moment)}
            cases.append(
                post(f"spoken turn at {moment!r}", turns, files=clip, data=data, headers=auth)
            )
    for query in COORDINATES:
        cases.append(get(f"nearest {query}"[:60], "/stores/nearest", params=query))
    for raw in SESSION_BODIES:
        cases.append(post(f"session {raw.decode()}", "/sessions", content=raw, headers=as_json))
    for lang in ("en", "zh", "xx", "", "e" * 1000):
        cases.append(get(f"menu lang {lang[:10]!r}", "/menu", params={"lang": lang, "at": AT}))
    for ident in ODD_IDS:
        short = ident[:20]
        sent = {**auth, "Idempotency-Key": "id"}
        cases += [
            get(f"read order {short}", f"/orders/{ident}", headers=auth),
            post(f"pay order {short}", f"/orders/{ident}/pay", json=voice, headers=sent),
            post(f"cancel order {short}", f"/orders/{ident}/cancel", headers=auth),
            get(f"read session {short}", f"/sessions/{ident}", headers=auth),
            post(
                f"turn in session {short}",
                f"/sessions/{ident}/turns",
                json={"text": "hi"},
                headers=auth,
            ),
        ]
    for words in TEXTS:
        what = f"{words[:12]!r} ({len(words)} characters)"
        body = {"text": words, "at": AT}
        cases.append(post(f"turn {what}", turns, json=body, headers=auth))
        cases.append(post(f"parse {what}", "/parse", json={"text": words}))
        cases.append(post(f"session near {what}", "/sessions", json={"near": words}))
    cases += [
        Case("DELETE an order", "DELETE", f"/orders/{order.id}", {"headers": auth}),
        Case("PUT a session", "PUT", session, {"headers": auth}),
        Case("OPTIONS", "OPTIONS", "/sessions"),
        get("an unknown path", "/no/such/thing"),
        get("path traversal", "/%2e%2e/%2e%2e/etc/passwd"),
        get("a 6 KB query", "/menu", params={"at": AT, "x": "y" * 6000}),
    ]
    head = b"Host: 127.0.0.1\r\nConnection: close\r\n"
    parse = b"POST /parse HTTP/1.1\r\n" + head + b"Content-Type: application/json\r\n"
    for label, raw in (
        ("NUL in a header", b"GET /healthz HTTP/1.1\r\n" + head + b"X-Nul: a\x00b\r\n\r\n"),
        ("NUL in the path", b"GET /health\x00z HTTP/1.1\r\n" + head + b"\r\n"),
        (
            "a 1 MB header",
            b"GET /healthz HTTP/1.1\r\n" + head + b"X-Big: " + b"a" * MB + b"\r\n\r\n",
        ),
        ("a 100 KB request line", b"GET /" + b"a" * 100_000 + b" HTTP/1.1\r\n" + head + b"\r\n"),
        ("a negative length", parse + b"Content-Length: -1\r\n\r\n{}"),
        ("a length shorter than the body", parse + b'Content-Length: 5\r\n\r\n{"text": "a latte"}'),
        ("a bad chunk", parse + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n"),
        ("two lengths", parse + b"Content-Length: 2\r\nContent-Length: 20\r\n\r\n{}"),
        ("TLS bytes", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" + bytes(200)),
        ("HTTP/0.9", b"GET /healthz\r\n\r\n"),
        ("a latin-1 header", b"GET /healthz HTTP/1.1\r\n" + head + b"X-Name: caf\xe9\r\n\r\n"),
    ):
        cases.append(Case(f"raw: {label}", raw=raw))
    return cases


def hostile_input(server: Server, options: Options, report: Report) -> None:
    """Every answer to the corpus is a 2xx or a 4xx problem: never a 5xx, never a dead worker.
    The turns of the corpus's own session go one at a time (else they are refused as
    concurrent turns before their input is looked at)."""
    rules = Rules(report)
    order, other = orders_awaiting_payment(server.url, 2)
    workers = server.worker_pids()
    cases = hostile_cases(order, other, server.admin_key)
    options.progress(f"{report.name}: {len(cases)} requests")

    def send(case: Case) -> None:
        if case.raw is not None:
            answer = raw_exchange(server.port, case.raw, case.label)
            rules.judge(answer, raw_http=True, lost_ok=True)
        else:
            rules.judge(call(server.url, case.method, case.path, case.label, **case.kwargs))

    def one_at_a_time(group: list[Case]) -> None:
        for case in group:
            send(case)

    turns = [case for case in cases if order.session in case.path and case.method == "POST"]
    others = [[case] for case in cases if case not in turns]
    with ThreadPoolExecutor(max_workers=max(2, options.concurrency // 4)) as pool:
        list(pool.map(one_at_a_time, [turns, *others]))
    if server.worker_pids() != workers:
        rules.broken("a worker died during the corpus (see the server log)")
    refused = [
        a
        for a in report.answers
        if a.label.startswith("raw:") and (a.status is None or a.status >= 400) and not a.is_problem
    ]
    if refused:
        report.notes.append(
            f"{len(refused)} of the raw requests answered by uvicorn itself (not valid HTTP): "
            + ", ".join(sorted({f"{a.status or 'closed'} {a.content_type}" for a in refused}))
        )


# -- hostile audio -----------------------------------------------------------------------------


def wav(
    *,
    rate: int = 16_000,
    channels: int = 1,
    width: int = 2,
    payload: bytes | None = None,
    data_size: int | None = None,
    riff_size: int | None = None,
    fmt_code: int = 1,
    byte_rate: int | None = None,
    block_align: int | None = None,
    bits: int | None = None,
) -> bytes:
    """A RIFF WAV whose header says whatever it is told, around `payload` (default 1 s)."""
    if payload is None:
        payload = bytes(rate * max(channels, 1) * max(width, 1))
    fmt = struct.pack(
        "<HHIIHH",
        fmt_code,
        channels,
        rate,
        byte_rate if byte_rate is not None else (rate * channels * width) & 0xFFFFFFFF,
        block_align if block_align is not None else (channels * width) & 0xFFFF,
        bits if bits is not None else width * 8,
    )
    size = data_size if data_size is not None else len(payload)
    body = b"WAVEfmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"data" + struct.pack("<I", size & 0xFFFFFFFF) + payload
    riff = riff_size if riff_size is not None else len(body)
    return b"RIFF" + struct.pack("<I", riff & 0xFFFFFFFF) + body


def tone(seconds: float, rate: int = 16_000) -> bytes:
    """A real clip (a quiet 220 Hz tone), as a warm-up or valid upload sends."""
    samples = (
        int(3000 * math.sin(2 * math.pi * 220 * n / rate)) for n in range(int(seconds * rate))
    )
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(struct.pack("<h", s) for s in samples))
    return buffer.getvalue()


def aiff(rate_exponent: int) -> bytes:
    """An AIFF whose COMM chunk says its sample rate is 2 ** (exponent - 16383) Hz."""
    rate = struct.pack(">H", rate_exponent) + b"\x80" + bytes(7)  # 80-bit extended float
    comm = struct.pack(">hIh", 1, 8000, 16) + rate
    ssnd = bytes(8 + 16_000)
    body = b"AIFFCOMM" + struct.pack(">I", len(comm)) + comm
    body += b"SSND" + struct.pack(">I", len(ssnd)) + ssnd
    return b"FORM" + struct.pack(">I", len(body)) + body


def audio_corpus() -> list[tuple[str, bytes]]:
    """Uploads whose headers lie, cut-off files and garbage (the noise is seeded)."""
    noise = random.Random(3).randbytes
    good = tone(1.0)
    return [
        ("a valid 1 s tone", good),
        ("rate 1 Hz, 60,000 bytes", wav(rate=1, payload=noise(60_000 - 44))),
        ("rate 1 Hz, 1 MB", wav(rate=1, payload=noise(MB))),
        ("rate 1 Hz, 8-bit stereo", wav(rate=1, channels=2, width=1, payload=noise(60_000))),
        ("rate 2 Hz, 2 MB", wav(rate=2, payload=noise(2 * MB))),
        ("rate 0 Hz", wav(rate=0, payload=noise(32_000))),
        ("rate 4 GHz", wav(rate=4_000_000_000, payload=noise(32_000))),
        ("rate 2**32-1 Hz", wav(rate=0xFFFFFFFF, payload=noise(32_000))),
        ("channels 0", wav(channels=0, payload=noise(32_000))),
        ("channels 65535", wav(channels=65535, payload=noise(65535 * 2 * 4))),
        ("sample width 0", wav(width=0, payload=noise(32_000))),
        ("sample width 7 bytes", wav(width=7, payload=noise(7 * 16_000))),
        ("12 bits per sample", wav(payload=noise(32_000), bits=12)),
        ("byte rate and block align lie", wav(payload=noise(32_000), byte_rate=1, block_align=0)),
        ("data size larger than the file", wav(payload=noise(32_000), data_size=0xFFFFFFF0)),
        ("data size 2 GB, 1 s present", wav(payload=good[44:], data_size=2_000_000_000)),
        ("RIFF size 0", wav(payload=noise(32_000), riff_size=0)),
        ("float samples", wav(fmt_code=3, width=4, payload=noise(64_000))),
        ("extensible format, no extension", wav(fmt_code=0xFFFE, payload=noise(32_000))),
        ("MP3 format code", wav(fmt_code=0x55, payload=noise(32_000))),
        ("header only, data promised", wav(payload=b"", data_size=32_000)),
        ("cut at 12 bytes", good[:12]),
        ("cut at 30 bytes", good[:30]),
        ("cut in the middle of a sample", good[: len(good) // 2 + 1]),
        ("an odd number of data bytes", wav(payload=noise(32_001))),
        ("31 s at 8 kHz (over the limit)", wav(rate=8_000, payload=bytes(31 * 16_000))),
        ("9 MB at 8 kHz 8-bit (19 min)", wav(rate=8_000, width=1, payload=bytes(9 * MB))),
        ("9 MB at 48 kHz stereo", wav(rate=48_000, channels=2, payload=bytes(9 * MB))),
        ("empty", b""),
        ("one byte", b"R"),
        ("RIFF and noise", b"RIFF" + noise(20_000)),
        ("noise", noise(50_000)),
        ("PNG", b"\x89PNG\r\n\x1a\n" + noise(5_000)),
        ("JSON", b'{"text": "a large latte"}'),
        ("FLAC magic and noise", b"fLaC" + noise(50_000)),
        ("FLAC STREAMINFO, rate 1 Hz", b"fLaC\x80\x00\x00\x22" + bytes(10) + b"\x00\x00\x10\xf0"),
        ("OGG magic and noise", b"OggS\x00\x02" + noise(50_000)),
        ("AIFF and noise", b"FORM\x00\x00\x10\x00AIFF" + noise(4_000)),
        ("AIFF, rate 2**-16383 Hz", aiff(0)),
        ("AIFF, rate 2**16000 Hz", aiff(16_383 + 16_000)),
        ("AIFF, rate 1 Hz", aiff(16_383)),
    ]


class RssSampler:
    """The server's memory (VmRSS summed over its processes), sampled every 20 ms."""

    def __init__(self, server: Server, interval: float = 0.02) -> None:
        self.server = server
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.server.rss())
            self._stop.wait(self.interval)

    def reset(self) -> None:
        self.peak = self.server.rss()

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def hostile_audio(server: Server, options: Options, report: Report) -> None:
    """The audio corpus through `POST /transcribe` and spoken turns, one upload at a time, the
    server's memory sampled throughout, against its idle memory once every worker has loaded
    its recognisers."""
    rules = Rules(report)
    [order] = orders_awaiting_payment(server.url, 1)
    options.progress(f"{report.name}: warming up every worker's recognisers")
    _warm_up(server, rules, order)
    workers = server.worker_pids()
    samples = []
    for _ in range(25):
        samples.append(server.rss())
        time.sleep(0.02)
    idle = statistics.median(samples)
    corpus = audio_corpus()
    peaks: list[tuple[float, str]] = []
    routes = [
        ("transcribe", "/transcribe", {}),
        ("spoken turn", f"/sessions/{order.session}/turns", order.auth),
    ]
    with RssSampler(server) as sampler:
        for number, (label, data) in enumerate(corpus, 1):
            options.progress(f"{report.name}: {number}/{len(corpus)} {label}")
            for route, path, headers in routes:
                sampler.reset()
                files = {"audio": ("clip.wav", data, "audio/wav")}
                answer = call(
                    server.url, "POST", path, f"{route}: {label}", files=files, headers=headers
                )
                rules.judge(answer)
                peak = max(sampler.peak, server.rss())
                peaks.append(((peak - idle) / MB, f"{answer.describe()} in {answer.seconds:.1f} s"))
                if server.worker_pids() != workers:
                    rules.broken(f"a worker died: {answer.describe()}")
                    server.recover(killed=set(workers) - set(server.worker_pids()))
                    workers = server.worker_pids()
    report.idle_rss_mb = idle / MB
    report.peak_rss_mb = max(mb for mb, _ in peaks)
    for mb, what in sorted(peaks, reverse=True)[:3]:
        report.notes.append(f"peak {mb:+.0f} MB: {what}")
    if report.peak_rss_mb > options.memory_budget_mb:
        rules.broken(
            f"peak memory {report.peak_rss_mb:.0f} MB above idle ({idle / MB:.0f} MB) is over "
            f"the {options.memory_budget_mb:.0f} MB budget"
        )


def _warm_up(server: Server, rules: Rules, order: Order, *, attempts: int = 400) -> None:
    """A valid clip through each route on each worker, so that its recognisers (the menu's,
    and the one for the pending question's answers) are loaded before idle is read. Which
    worker accepts a connection is the kernel's choice (a busy one accepts none), so it takes
    many tries to reach each of four."""
    clip = {"audio": ("warm.wav", tone(1.0), "audio/wav")}
    routes: list[tuple[str, dict[str, str]]] = [
        ("/transcribe", {}),
        (f"/sessions/{order.session}/turns", order.auth),
    ]
    for path, headers in routes:
        warm: set[int] = set()
        for _ in range(attempts):
            if warm >= set(server.worker_pids()):
                break
            connection = RawConnection(server)
            if connection.worker is None or connection.worker in warm:
                connection.close()
                continue
            connection.send(httpx.Request("POST", server.url + path, files=clip, headers=headers))
            if rules.judge(connection.receive(f"warm-up clip to {path}")).status == 200:
                warm.add(connection.worker)
        else:
            raise DrillError(f"could not warm up every worker ({len(warm)} of {server.workers})")


# -- running and printing ----------------------------------------------------------------------

DRILLS: dict[str, Callable[[Server, Options, Report], None]] = {
    "same-key": same_key,
    "different-keys": different_keys,
    "pay-vs-cancel": pay_vs_cancel,
    "kill-in-bank": kill_in_bank,
    "kill-before-bank": kill_before_bank,
    "db-restart": db_restart,
    "hostile-input": hostile_input,
    "hostile-audio": hostile_audio,
}


def run(name: str, server: Server, options: Options) -> Report:
    """One drill on `server`; what the server logged of its failures meanwhile is noted."""
    report = Report(name)
    started, mark = time.monotonic(), server.log_size()
    try:
        server.ensure()
        DRILLS[name](server, options, report)
    except DrillError as error:
        report.breaks.append(f"could not run: {error}")
    with contextlib.suppress(OSError):
        for line, count in server.failures(mark).most_common(6):
            report.notes.append(f"server log: {count}× {line}")
    report.seconds = time.monotonic() - started
    return report


COLUMNS = (
    "drill",
    "requests",
    "statuses",
    "charges/order",
    "double",
    "unsettled",
    "bad 5xx",
    "peak RSS",
    "time",
    "verdict",
)


def table(reports: Sequence[Report], *, answers: bool = False) -> str:
    """One row per drill, then what broke and what was seen (and every answer, if asked)."""

    def number(value: int | None) -> str:
        return "-" if value is None else str(value)

    rows = [
        (
            r.name,
            str(len(r.answers)),
            r.statuses() or "-",
            number(r.charges_max),
            number(r.double_charges),
            number(r.unsettled),
            str(r.bad_5xx),
            "-" if r.peak_rss_mb is None else f"+{r.peak_rss_mb:.0f} MB (idle {r.idle_rss_mb:.0f})",
            f"{r.seconds:.0f} s",
            "ok" if r.ok else "FAILED",
        )
        for r in reports
    ]
    widths = [max(len(row[i]) for row in [COLUMNS, *rows]) for i in range(len(COLUMNS))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in [COLUMNS, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for report in reports:
        lines += ["", f"{report.name}:"]
        shown = report.breaks[:12]
        lines += [f"  broken: {line}" for line in shown]
        if len(report.breaks) > len(shown):
            lines.append(f"  ... and {len(report.breaks) - len(shown)} more")
        lines += [f"  note: {line}" for line in report.notes]
        if answers:
            lines += [f"  answer: {a.describe()}" for a in report.answers]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--drill",
        action="append",
        choices=list(DRILLS),
        metavar="NAME",
        help=f"a drill to run (repeatable; default: all): {', '.join(DRILLS)}",
    )
    parser.add_argument("--workers", type=int, default=4, help="uvicorn workers (4)")
    parser.add_argument("--rounds", type=int, default=10, help="orders per drill (10)")
    parser.add_argument(
        "--requests", type=int, default=8, help="concurrent requests per order in a storm (8)"
    )
    parser.add_argument("--concurrency", type=int, default=16, help="client threads (16)")
    parser.add_argument(
        "--database-url",
        default=DATABASE_URL,
        help="a PostgreSQL database, created if missing; the drills use a fresh schema in it "
        "(default: %(default)s)",
    )
    parser.add_argument("--bank-delay", type=float, default=0.5, help="seconds per charge (0.5)")
    parser.add_argument("--stale-after", type=float, default=3.0, help="stale window, s (3)")
    parser.add_argument(
        "--memory-budget-mb", type=float, default=300.0, help="peak RSS above idle allowed (300)"
    )
    parser.add_argument(
        "--memory-cap-mb", type=int, default=3072, help="RLIMIT_AS of each server process (3072)"
    )
    parser.add_argument(
        "--restart-command",
        default=shlex.join((*restart_command(), "restart")),
        help="how to restart PostgreSQL (default: %(default)s)",
    )
    parser.add_argument("--logs", type=Path, help="the server's folder and log (default: temp)")
    parser.add_argument("--keep-schema", action="store_true", help="do not drop the schema")
    parser.add_argument("--show-answers", action="store_true", help="list every answer too")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    began = time.monotonic()

    def progress(message: str) -> None:
        if not args.quiet:
            print(f"[{time.monotonic() - began:6.1f} s] {message}", file=sys.stderr, flush=True)

    options = Options(
        database_url=args.database_url,
        workers=args.workers,
        rounds=args.rounds,
        requests=args.requests,
        concurrency=args.concurrency,
        bank_delay=args.bank_delay,
        stale_after=args.stale_after,
        memory_budget_mb=args.memory_budget_mb,
        memory_cap_mb=args.memory_cap_mb,
        restart=tuple(shlex.split(args.restart_command)),
        folder=args.logs or Path(tempfile.mkdtemp(prefix="drills-")),
        progress=progress,
    )
    ensure_database(args.database_url)
    reports = []
    with fresh_schema(args.database_url, keep=args.keep_schema) as url:
        progress(f"starting {args.workers} workers; their log: {options.folder / 'server.log'}")
        with serving(url, options) as server:
            for name in args.drill or list(DRILLS):
                progress(f"{name}: starting")
                reports.append(run(name, server, options))
                progress(f"{name}: {'ok' if reports[-1].ok else 'FAILED'}")
    print(
        f"{args.workers} workers, {args.rounds} rounds, {args.requests} requests per order, "
        f"bank delay {args.bank_delay:g} s, stale after {args.stale_after:g} s, "
        f"{os.cpu_count()} cpus; server log {options.folder / 'server.log'}\n"
    )
    print(table(reports, answers=args.show_answers))
    return 0 if all(report.ok for report in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
