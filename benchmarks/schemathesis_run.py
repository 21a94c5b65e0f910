"""Schemathesis with every check against the app, for a time budget: does the API do exactly
what its OpenAPI document says?

    .venv/bin/python benchmarks/schemathesis_run.py                 # 180 s
    .venv/bin/python benchmarks/schemathesis_run.py --seconds 30 --seed 1

The app runs on a fresh SQLite database in a temporary folder, under uvicorn on a free loopback
port in a background thread. One session is started first; the schemathesis CLI then runs all
phases (examples, coverage, fuzzing, stateful through the document's links) with `--checks all`
until `--max-time` is spent. This file is also its hooks file (`SCHEMATHESIS_HOOKS`):

- credentials: for the operations that take a session token, the token of the session the
  path's id belongs to (the hooks remember every session `POST /sessions` starts, as a client
  keeps its tokens), else the first session's; `X-API-Key` for admin. Half the time that first
  session's and its order's ids stand in for the generated path parameters, so those routes
  are exercised past their 404s.
- `ignored_auth` (a 401 or 403 without credentials) cannot hold on the session-token
  operations: they answer 404 by design (the API's description: without the token a session
  and its order do not exist). So the command excludes it and `ignored_auth_elsewhere` runs it
  on the other operations, while `hidden_without_its_token` asserts the design on those: what
  the token opened is a 404 problem with no token and with a wrong one.
- `refused_only_for_documented_reasons`: a few operations take input that names something the
  server looks up (a place, a card's check digit, a clip's content, a menu feed's references),
  which no schema can spell out. For those, and only with the problem types listed in
  `ordering.api.schemas.SCHEMA_VALID_REFUSALS`, `positive_data_acceptance` lets a schema-valid
  request be refused; any other refusal (a 422 `invalid-request` above all: the schema and the
  validation disagree) fails.

The summary counts what the server saw (requests and 5xx, by a counter wrapped around the app,
so probes are counted too) and what schemathesis found (failures by check). The exit status is
non-zero when any check failed, schemathesis itself failed, or the server answered any 5xx.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import uvicorn
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ordering.api import create_app
from ordering.api.schemas import SCHEMA_VALID_REFUSALS
from ordering.bootstrap import build_services
from ordering.config import Settings

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://breakfast-voice.example/problems/"
# How the CLI hands the credentials to its hooks (this file, loaded in its process).
TOKEN_VARIABLE = "BREAKFAST_SCHEMATHESIS_TOKEN"
ADMIN_KEY_VARIABLE = "BREAKFAST_SCHEMATHESIS_ADMIN_KEY"
SESSION_VARIABLE, ORDER_VARIABLE = "BREAKFAST_SCHEMATHESIS_SESSION", "BREAKFAST_SCHEMATHESIS_ORDER"
SESSION_SCHEME, ADMIN_SCHEME = "SessionToken", "AdminKey"
POSITIVE_STATUSES = ["2xx", "3xx", "401", "403", "404", "409", "429", "5xx"]  # the check's own


class Counting:
    """Counts the requests the app answers, by status (an ASGI wrapper)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.statuses: Counter[int] = Counter()
        self.server_errors: list[str] = []
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status = int(message["status"])
                with self._lock:
                    self.statuses[status] += 1
                    if status >= 500:
                        self.server_errors.append(f"{scope['method']} {scope['path']} {status}")
            await send(message)

        await self.app(scope, receive, sending)


@contextmanager
def serving(app: ASGIApp) -> Iterator[str]:
    """`app` under uvicorn on a free loopback port, in a thread; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="error", access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise SystemExit("the app did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def config_toml(*, session_id: str, order_id: str) -> str:
    """The schemathesis configuration (credentials come from the hooks)."""
    lines = [
        "[generation]",
        # Credentials are the hooks' (valid ones); the auth checks try missing and wrong ones.
        "with-security-parameters = false",
        "",
        "[phases.stateful.inference]",
        # Only the document's links: an inferred one carries the id without the token.
        "algorithms = []",
        "",
        "[dictionaries.sessions]",
        f'values = ["{session_id}"]',
        "",
        "[dictionaries.orders]",
        f'values = ["{order_id}"]',
        "",
        "[parameters]",
        '"path.session_id" = { dictionary = "sessions", probability = 0.5 }',
        '"path.order_id" = { dictionary = "orders", probability = 0.5 }',
    ]
    for label, refusals in sorted(SCHEMA_VALID_REFUSALS.items()):
        statuses = [*POSITIVE_STATUSES, *map(str, sorted(refusals))]
        lines += [
            "",
            "[[operations]]",
            f'include-name = "{label}"',
            f"checks.positive_data_acceptance.expected-statuses = {json.dumps(statuses)}",
        ]
    return "\n".join(lines) + "\n"


def run_schemathesis(
    base_url: str,
    folder: Path,
    config: str,
    credentials: dict[str, str],
    *,
    seconds: int,
    seed: int | None,
    workers: str,
    extra: list[str],
) -> tuple[int, dict[str, Any]]:
    """Run the CLI; its exit code and its JSON report."""
    config_file = folder / "schemathesis.toml"
    config_file.write_text(config, encoding="utf-8")
    report = folder / "report.json"
    command = [
        str(SCHEMATHESIS),
        "--config-file",
        str(config_file),
        "run",
        f"{base_url}/openapi.json",
        "--checks",
        "all",
        # Not on the session-token operations, where it cannot hold (the module's docstring):
        # `ignored_auth_elsewhere` runs it on the others.
        "--exclude-checks",
        "ignored_auth",
        "--max-time",
        str(seconds),
        "--workers",
        workers,
        "--report",
        "json",
        "--report-json-path",
        str(report),
        "--report-dir",
        str(folder / "reports"),
        "--no-color",
    ]
    if seed is not None:
        command += ["--seed", str(seed)]
    command += extra
    print("$", " ".join(command), flush=True)
    environment = {**os.environ, **credentials, "SCHEMATHESIS_HOOKS": str(Path(__file__).resolve())}
    completed = subprocess.run(command, cwd=folder, env=environment, check=False)
    document: dict[str, Any] = (
        json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    )
    return completed.returncode, document


def summary(document: dict[str, Any], counter: Counting, exit_code: int) -> list[str]:
    """The lines to print."""
    operations = document.get("operations") or {}
    cases = document.get("test_cases") or {}
    failures = document.get("failures") or []
    by_check: Counter[str] = Counter()
    for failure in failures:
        by_check[failure["type"]] += int(failure["count"])
    requests = sum(counter.statuses.values())
    lines = [
        f"operations tested: {operations.get('tested', '?')} of {operations.get('selected', '?')}",
        f"test cases: {cases.get('generated', '?')} generated, "
        f"{cases.get('with_failures', '?')} with failures",
        f"requests served: {requests} "
        f"({', '.join(f'{s}: {n}' for s, n in sorted(counter.statuses.items()))})",
        f"server errors (5xx): {len(counter.server_errors)}",
        f"failures by check: {dict(sorted(by_check.items())) or 'none'}",
        f"schema mismatches (unique failures): {cases.get('unique_failures', '?')}",
        f"errors: {document.get('errors') or 'none'}",
        f"schemathesis exit code: {exit_code}",
    ]
    for failure in failures:
        lines.append(
            f"  {failure['type']} x{failure['count']}: {failure['title']} "
            f"({', '.join(failure['operations'])})"
        )
    lines += [f"  5xx: {line}" for line in sorted(set(counter.server_errors))]
    return lines


def main() -> int:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--seconds", type=int, default=180, help="time budget (default 180)")
    arguments.add_argument("--seed", type=int, default=None, help="schemathesis's random seed")
    arguments.add_argument("--workers", default="1", help="schemathesis workers (default 1)")
    arguments.add_argument(
        "--option",
        action="append",
        default=[],
        help="one more argument for `schemathesis run` (e.g. --option=--output-sanitize=false)",
    )
    options = arguments.parse_args()

    admin_key = secrets.token_urlsafe(16)
    with tempfile.TemporaryDirectory(prefix="schemathesis-") as name:
        folder = Path(name)
        settings = Settings(
            data_dir=folder,
            database_url=f"sqlite+pysqlite:///{folder / 'api.sqlite3'}",
            store_count=300,
            admin_api_key=admin_key,
            max_body_bytes=256 * 1024,
        )
        services = build_services(settings)
        try:
            counter = Counting(create_app(services=services))
            with serving(counter) as base_url:
                started = httpx.post(f"{base_url}/sessions", json={}).raise_for_status().json()
                config = config_toml(session_id=started["id"], order_id=started["order"]["id"])
                credentials = {
                    TOKEN_VARIABLE: started["token"],
                    ADMIN_KEY_VARIABLE: admin_key,
                    SESSION_VARIABLE: started["id"],
                    ORDER_VARIABLE: started["order"]["id"],
                }
                exit_code, document = run_schemathesis(
                    base_url,
                    folder,
                    config,
                    credentials,
                    seconds=options.seconds,
                    seed=options.seed,
                    workers=options.workers,
                    extra=options.option,
                )
        finally:
            services.close()
    print("\n".join(["", "== summary ==", *summary(document, counter, exit_code)]))
    failed = bool(document.get("failures")) or counter.server_errors or exit_code != 0
    return 1 if failed else 0


# -- the hooks, in the schemathesis process -----------------------------------------------------


def _schemes(case: Any) -> set[str]:
    """The security schemes the case's operation names."""
    raw = case.operation.schema.raw_schema["paths"][case.operation.path][case.operation.method]
    return {name for requirement in raw.get("security", ()) for name in requirement}


def _problem_type(response: Any) -> str | None:
    try:
        body = response.json()
    except ValueError:
        return None
    kind = body.get("type") if isinstance(body, dict) else None
    return kind.removeprefix(PROBLEM_BASE) if isinstance(kind, str) else None


def register_hooks() -> None:
    """Credentials and the two checks of this module's docstring, for the schemathesis CLI."""
    import requests
    import schemathesis
    from schemathesis.specs.openapi.checks import ignored_auth

    token, admin_key = os.environ[TOKEN_VARIABLE], os.environ[ADMIN_KEY_VARIABLE]
    # The token of each session started and of its order, as a client keeps them: a link from
    # `POST /sessions` passes the token too, but stateful testing leaves it out at times.
    owners = {os.environ[SESSION_VARIABLE]: token, os.environ[ORDER_VARIABLE]: token}

    @schemathesis.hook
    def after_call(context: Any, case: Any, response: Any) -> None:
        if case.operation.label == "POST /sessions" and response.status_code == 201:
            started = response.json()
            owners[started["id"]] = owners[started["order"]["id"]] = started["token"]

    @schemathesis.auth(refresh_interval=None, retry_on=[])
    class Credentials:
        def get(self, case: Any, context: Any) -> str:
            return token

        def set(self, case: Any, data: str, context: Any) -> None:
            schemes = _schemes(case)
            if SESSION_SCHEME in schemes:
                ids = [v for v in (case.path_parameters or {}).values() if isinstance(v, str)]
                owner = next((owners[i] for i in ids if i in owners), None)
                if owner is not None or "Authorization" not in case.headers:
                    case.headers["Authorization"] = f"Bearer {owner or data}"
            if ADMIN_SCHEME in schemes:
                case.headers["X-API-Key"] = admin_key

    @schemathesis.check
    def ignored_auth_elsewhere(ctx: Any, response: Any, case: Any) -> bool | None:
        """Schemathesis's `ignored_auth`, on the operations without a session token."""
        if SESSION_SCHEME in _schemes(case):
            return None
        return ignored_auth(ctx, response, case)

    @schemathesis.check
    def hidden_without_its_token(ctx: Any, response: Any, case: Any) -> bool | None:
        """What the token opens is a 404, the same as a missing id, without it or with another."""
        if SESSION_SCHEME not in _schemes(case) or not 200 <= response.status_code < 300:
            return None
        if "Authorization" not in response.request.headers:
            raise AssertionError(
                f"{case.operation.label} answered {response.status_code} without a token"
            )
        for authorization in (None, f"Bearer {secrets.token_urlsafe(32)}"):
            probe = response.request.copy()
            del probe.headers["Authorization"]
            if authorization is not None:
                probe.headers["Authorization"] = authorization
            with requests.Session() as http:
                answer = http.send(probe, timeout=10, allow_redirects=False)
            shown = "no token" if authorization is None else "a wrong token"
            if answer.status_code != 404 or answer.headers.get("content-type") != PROBLEM_JSON:
                raise AssertionError(
                    f"with {shown}, {case.operation.label} answered {answer.status_code} "
                    f"({answer.headers.get('content-type')}), not a 404 problem"
                )
        return None

    @schemathesis.check
    def refused_only_for_documented_reasons(ctx: Any, response: Any, case: Any) -> bool | None:
        """A schema-valid request refused with a status that positive_data_acceptance lets
        through for its operation carries one of the problem types listed for it."""
        refusals = SCHEMA_VALID_REFUSALS.get(case.operation.label, {})
        meta = case.meta
        if meta is None or not meta.generation.mode.is_positive:
            return None
        if response.status_code not in refusals:
            return None
        kind = _problem_type(response)
        if kind not in refusals[response.status_code]:
            raise AssertionError(
                f"schema-valid data refused with {response.status_code} {kind!r}; that "
                f"operation documents only {sorted(refusals[response.status_code])} for it"
            )
        return None


if __name__ == "_schemathesis_hooks":  # the name schemathesis loads its hooks file under
    register_hooks()
elif __name__ == "__main__":
    sys.exit(main())
