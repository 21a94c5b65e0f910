"""API load: typed turns per second and p99 latency of the app `breakfast serve` runs, on
PostgreSQL, against a trivial FastAPI endpoint served the same way in the same run.

    .venv/bin/python benchmarks/api_load.py                      # 1 and 4 workers, 10 s each
    .venv/bin/python benchmarks/api_load.py --seconds 3 --workers 1

Both apps run under uvicorn with the very same options (`server_options`: worker count, log
level, no access log, uvicorn's automatic choice of HTTP parser and event loop), so the ratio
compares the apps alone; the database is prepared first, as `breakfast serve` does before it
starts its workers. An async httpx client on loopback keeps `--concurrency` requests in flight,
each run bounded by `--seconds` and `--max-requests`. Every session alternates "a large latte
please" and "remove the latte", so orders stay small and every turn does the real work: read the
session and order (checking the token), understand, run the dialog, save both. Before the load,
a few turns through the app in-process count the SQL statements a turn sends. The database is a
fresh PostgreSQL schema, dropped after. The client shares the machine with the server: the
figures are a floor, not a ceiling.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
POSTGRES = os.environ.get(
    "BREAKFAST_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
AT = "2025-03-18T08:00:00+08:00"
TURNS = ("a large latte please", "remove the latte")
APP = "ordering.api:create_worker_app"  # what `breakfast serve` gives uvicorn


def server_options(workers: int) -> list[str]:
    """The uvicorn options both apps run with."""
    return ["--workers", str(workers), "--log-level", "warning", "--no-access-log"]


class Turn(BaseModel):
    text: str


def trivial_app() -> Any:
    """The baseline: one FastAPI route that validates a body and answers (a uvicorn factory)."""
    from fastapi import FastAPI

    app = FastAPI()

    @app.post("/turns")
    def turn(body: Turn) -> dict[str, str]:  # sync, like the real route: the threadpool too
        return {"reply": body.text}

    return app


@dataclass
class Figures:
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    def describe(self) -> str:
        return (
            f"{self.per_second:8.1f} req/s  p50 {self.percentile(50):6.1f} ms  "
            f"p99 {self.percentile(99):6.1f} ms  ({self.requests} requests, {self.errors} errors)"
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def postgres_schema() -> Iterator[str]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES)
    with admin.begin() as connection:
        connection.execute(text(f'create schema "{schema}"'))
    try:
        yield f"{POSTGRES}?options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'drop schema "{schema}" cascade'))
        admin.dispose()


@contextmanager
def running(command: list[str], env: dict[str, str], log: Path) -> Iterator[str]:
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, "--port", str(port)],
            env={**os.environ, **env},
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise SystemExit(f"server exited:\n{log.read_text()}")
            try:
                if httpx.get(f"{url}/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"server did not start:\n{log.read_text()}")
            time.sleep(0.2)
        time.sleep(2.0)  # let every worker finish starting (they compile the lexicon)
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


async def load(
    send: Callable[[httpx.AsyncClient, int, int], Awaitable[httpx.Response]],
    *,
    url: str,
    concurrency: int,
    seconds: float,
    max_requests: int,
) -> Figures:
    latencies: list[float] = []
    errors = 0
    issued = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:
        started = time.perf_counter()
        deadline = started + seconds

        async def worker(lane: int) -> None:
            nonlocal errors, issued
            n = 0
            while time.perf_counter() < deadline and issued < max_requests:
                issued += 1
                before = time.perf_counter()
                response = await send(client, lane, n)
                latencies.append(time.perf_counter() - before)
                errors += response.status_code != 200
                n += 1

        await asyncio.gather(*(worker(lane) for lane in range(concurrency)))
        elapsed = time.perf_counter() - started
    return Figures(len(latencies), errors, elapsed, latencies)


async def start_sessions(client: httpx.AsyncClient, count: int) -> list[tuple[str, dict[str, str]]]:
    sessions = []
    for _ in range(count):
        body = (await client.post("/sessions", json={})).json()
        sessions.append((body["id"], {"Authorization": f"Bearer {body['token']}"}))
    return sessions


async def turns_load(url: str, *, concurrency: int, seconds: float, max_requests: int) -> Figures:
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        sessions = await start_sessions(client, concurrency)

    async def send(client: httpx.AsyncClient, lane: int, n: int) -> httpx.Response:
        session, auth = sessions[lane]
        return await client.post(
            f"/sessions/{session}/turns",
            json={"text": TURNS[n % len(TURNS)], "at": AT},
            headers=auth,
        )

    return await load(
        send, url=url, concurrency=concurrency, seconds=seconds, max_requests=max_requests
    )


async def trivial_load(url: str, *, concurrency: int, seconds: float, max_requests: int) -> Figures:
    async def send(client: httpx.AsyncClient, lane: int, n: int) -> httpx.Response:
        return await client.post("/turns", json={"text": TURNS[n % len(TURNS)]})

    return await load(
        send, url=url, concurrency=concurrency, seconds=seconds, max_requests=max_requests
    )


def prepare(env: dict[str, str]) -> None:
    """Migrate and seed the database once, as `breakfast serve` does before its workers start."""
    code = "from ordering.bootstrap import build_services; build_services().close()"
    subprocess.run([sys.executable, "-c", code], env={**os.environ, **env}, cwd=ROOT, check=True)


def statements_per_turn(env: dict[str, str], turns: int = 40) -> tuple[float, float]:
    """(SQL statements, commits) per typed turn through the app in-process, counted with
    SQLAlchemy's engine events after a few warm-up turns (the pool's pre-ping is not counted)."""
    from sqlalchemy import event

    from ordering.api import create_app
    from ordering.bootstrap import build_services
    from ordering.config import Settings

    settings = Settings(
        database_url=env["BREAKFAST_DATABASE_URL"], data_dir=Path(env["BREAKFAST_DATA_DIR"])
    )
    services = build_services(settings, migrate=False, seed_menu=False)
    counts = {"statements": 0, "commits": 0}

    def statement(*_: Any) -> None:
        counts["statements"] += 1

    def commit(*_: Any) -> None:
        counts["commits"] += 1

    async def take(client: httpx.AsyncClient, session: str, auth: dict[str, str], n: int) -> None:
        for i in range(n):
            body = {"text": TURNS[i % len(TURNS)], "at": AT}
            response = await client.post(f"/sessions/{session}/turns", json=body, headers=auth)
            response.raise_for_status()

    async def run() -> None:
        transport = httpx.ASGITransport(app=create_app(services=services))
        async with httpx.AsyncClient(transport=transport, base_url="http://app") as client:
            [(session, auth)] = await start_sessions(client, 1)
            await take(client, session, auth, 4)
            event.listen(services.engine, "before_cursor_execute", statement)
            event.listen(services.engine, "commit", commit)
            await take(client, session, auth, turns)

    try:
        asyncio.run(run())
    finally:
        services.close()
    return counts["statements"] / turns, counts["commits"] / turns


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    found = importlib.util.find_spec
    http = "httptools" if found("httptools") else "h11"
    loop = "uvloop" if found("uvloop") else "asyncio"
    print(
        f"uvicorn {' '.join(server_options(0)[2:])}, http {http}, loop {loop} (both apps)\n"
        f"cpus {os.cpu_count()}, python {sys.version.split()[0]}, concurrency {args.concurrency}, "
        f"{args.seconds:g} s or {args.max_requests} requests per run, PostgreSQL {POSTGRES}"
    )
    logs = Path(os.environ.get("TMPDIR", "/tmp"))
    for workers in args.workers:
        with postgres_schema() as database:
            env = {
                "BREAKFAST_DATABASE_URL": database,
                "BREAKFAST_DATA_DIR": str(logs / f"api-load-{uuid.uuid4().hex[:8]}"),
                "BREAKFAST_STORE_COUNT": "5000",
            }
            prepare(env)
            statements, commits = statements_per_turn(env)
            uvicorn = [sys.executable, "-m", "uvicorn", "--factory", *server_options(workers)]
            with running([*uvicorn, APP], env, logs / "api-load-serve.log") as url:
                turns = asyncio.run(
                    turns_load(
                        url,
                        concurrency=args.concurrency,
                        seconds=args.seconds,
                        max_requests=args.max_requests,
                    )
                )
        trivial_command = [*uvicorn, "--app-dir", str(ROOT / "benchmarks"), "api_load:trivial_app"]
        with running(trivial_command, {}, logs / "api-load-trivial.log") as url:
            trivial = asyncio.run(
                trivial_load(
                    url,
                    concurrency=args.concurrency,
                    seconds=args.seconds,
                    max_requests=args.max_requests,
                )
            )
        print(f"\n{workers} worker{'s' if workers > 1 else ''}")
        print(f"  typed turns   {turns.describe()}")
        print(f"  trivial route {trivial.describe()}")
        ratio = turns.per_second / trivial.per_second
        print(
            f"  ratio turns/trivial {ratio:.2f} (goal >= 0.5); "
            f"median turn {statistics.median(turns.latencies) * 1000:.1f} ms; "
            f"{statements:.2f} SQL statements and {commits:.2f} commits per turn"
        )


if __name__ == "__main__":
    main()
