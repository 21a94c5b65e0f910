"""Schemathesis against the app's own OpenAPI document: no 5xx, no response outside the schema.

Bounded (a few examples per operation) so the suite stays fast; the session and order routes
get a real token, so their bodies are exercised and not only their 404s.
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
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ordering.api import create_app
from ordering.bootstrap import build_services
from ordering.config import Settings

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from fastapi.testclient import TestClient

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


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
    case.call_and_validate(app=api["app"], headers=headers, checks=CHECKS)
