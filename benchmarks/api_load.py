"""API load: typed turns per second and p99 latency through `breakfast serve` on PostgreSQL,
against a trivial FastAPI endpoint served the same way (uvicorn, same worker count, same run).

    .venv/bin/python benchmarks/api_load.py                      # 1 and 4 workers, 10 s each
    .venv/bin/python benchmarks/api_load.py --seconds 3 --workers 1

An async httpx client on loopback keeps `--concurrency` requests in flight, each run bounded by
`--seconds` and `--max-requests`. Every session alternates "a large latte please" and "remove
the latte", so orders stay small and every turn does the real work: load the session and order,
understand, run the dialog, save both. The database is a fresh PostgreSQL schema, dropped after.
The client shares the machine with the server: the figures are a floor, not a ceiling.
"""

from __future__ import annotations

import argparse
import asyncio
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


async def turns_load(url: str, *, concurrency: int, seconds: float, max_requests: int) -> Figures:
    sessions: list[tuple[str, dict[str, str]]] = []
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        for _ in range(concurrency):
            body = (await client.post("/sessions", json={})).json()
            sessions.append((body["id"], {"Authorization": f"Bearer {body['token']}"}))

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--max-requests", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    print(
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
            serve = [sys.executable, "-m", "ordering", "serve", "--workers", str(workers)]
            with running(serve, env, logs / "api-load-serve.log") as url:
                turns = asyncio.run(
                    turns_load(
                        url,
                        concurrency=args.concurrency,
                        seconds=args.seconds,
                        max_requests=args.max_requests,
                    )
                )
        trivial_command = [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "--app-dir",
            str(ROOT / "benchmarks"),
            "api_load:trivial_app",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ]
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
            f"median turn {statistics.median(turns.latencies) * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
