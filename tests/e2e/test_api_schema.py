"""Schemathesis against the app's own OpenAPI document: no 5xx, no response outside the schema,
and requests taken or refused as the schema says (`benchmarks/schemathesis_run.py` runs the same
and more for minutes).

Bounded (a few examples per operation) so the suite stays fast; the session and order routes
get a real token, so their bodies are exercised and not only their 404s. Two checks are narrowed
where they cannot hold as schemathesis states them: a schema-valid request may be refused for
what its input names (`SCHEMA_VALID_REFUSALS`: an unknown place, a clip that is not audio...),
and the session-token routes answer 404 without their token, not 401 (tested in `test_api.py`).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    content_type_conformance,
    missing_required_header,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from ordering.api import create_app
from ordering.api.errors import PROBLEM_BASE
from ordering.api.schemas import SCHEMA_VALID_REFUSALS
from ordering.bootstrap import build_services
from ordering.config import Settings

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from fastapi.testclient import TestClient


def positive_data_accepted(ctx: Any, response: Any, case: Any) -> bool | None:
    """`positive_data_acceptance`, but for the refusals SCHEMA_VALID_REFUSALS lists."""
    refusals = SCHEMA_VALID_REFUSALS.get(case.operation.label, {})
    if response.status_code in refusals:
        kind = str(response.json().get("type", "")).removeprefix(PROBLEM_BASE)
        if kind in refusals[response.status_code]:
            return None
    return positive_data_acceptance(ctx, response, case)


def missing_required_header_but_the_token(ctx: Any, response: Any, case: Any) -> bool | None:
    """`missing_required_header`, but for the session token: without it, a 404."""
    data = case.meta.phase.data if case.meta is not None else None
    if str(getattr(data, "parameter", "")).lower() == "authorization":
        return None
    return missing_required_header(ctx, response, case)


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    positive_data_accepted,
    negative_data_rejection,
    missing_required_header_but_the_token,
    unsupported_method,
    allow_header_conformance,
]


def admin_key_enforced(client: TestClient) -> Any:
    """`ignored_auth` for the admin routes (it probes over the network, not through the app):
    what the admin key opened is a 401 without the key and with a wrong one. (The session-token
    routes answer 404 without their token, not 401: `test_api.py` tests that.)"""

    def check(ctx: Any, response: Any, case: Any) -> bool | None:
        if not case.operation.path.startswith("/admin") or not 200 <= response.status_code < 300:
            return None
        sent = response.request
        for key in (None, "not-the-key"):
            headers = {k: v for k, v in sent.headers.items() if k.lower() != "x-api-key"}
            if key is not None:
                headers["X-API-Key"] = key
            probe = client.request(sent.method, sent.url, headers=headers, content=sent.body)
            assert probe.status_code == 401, (key, probe.text)
        return None

    return check


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    folder = tmp_path_factory.mktemp("schema")
    settings = Settings(
        data_dir=folder,
        database_url=f"sqlite+pysqlite:///{folder / 'api.db'}",
        store_count=100,
        admin_api_key="key",
        max_body_bytes=256 * 1024,
    )
    services = build_services(settings)
    app = create_app(services=services)
    try:
        with TestClient(app) as client:
            started = client.post("/sessions", json={}).json()
            yield {
                "app": app,
                "client": client,
                "session": started["id"],
                "order": started["order"]["id"],
                "token": started["token"],
            }
    finally:
        services.close()


# The document create_app serves (building it needs no database); requests go to the app the
# `api` fixture runs on a database.
schema = schemathesis.openapi.from_dict(create_app(Settings()).openapi())


@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_own_openapi_promises(case: Any, api: dict[str, Any]) -> None:
    if case.path_parameters:
        # Half the time the real session/order (with its token), half a random id.
        if case.path_parameters.get("session_id", "").startswith(("A", "0")):
            case.path_parameters["session_id"] = api["session"]
        if case.path_parameters.get("order_id", "").startswith(("A", "0")):
            case.path_parameters["order_id"] = api["order"]
    headers = {"Authorization": f"Bearer {api['token']}"}
    if case.operation.path.startswith("/admin"):
        headers = {"X-API-Key": "key"}
    checks = [*CHECKS, admin_key_enforced(api["client"])]
    case.call_and_validate(app=api["app"], headers=headers, checks=checks)
