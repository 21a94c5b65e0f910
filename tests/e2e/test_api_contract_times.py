"""Times (`at`) through the API: what the OpenAPI document says is accepted is accepted, the
rest is a 422 problem, and no time, however far off, is a 500."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from ordering.api import create_app
from ordering.bootstrap import build_services
from ordering.config import Settings

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from fastapi.testclient import TestClient

PROBLEM = "application/problem+json"
# The largest and smallest datetimes Python has, an hour's offset away from UTC: converting them
# to UTC (or to a store's time zone) overflows.
OVERFLOWING = ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00"]
ACCEPTED = [
    "2025-03-18T08:00:00+08:00",
    "2025-03-18T00:00:00Z",
    "2025-03-18T08:00:00.250+08:00",
    "2025-03-18T08:00:00.123456789-05:30",
    "1970-01-01T00:00:00+08:00",  # 1969 in UTC: the year is the one written
    "2200-12-31T23:59:59-01:00",
    "2024-02-29T07:30:00+00:00",
]
REFUSED = [
    "0.5",
    "1742256000",
    "tomorrow",
    "2025-03-18",
    "2025-03-18T08:00:00",  # no offset
    "2025-03-18T08:00+08:00",  # no seconds
    "2025-03-18 08:00:00+08:00",
    "2025-03-18T08:00:00+0800",
    "2025-03-18t08:00:00z",
    "2025-03-18T08:00:00+08:00\n",
    "1969-12-31T23:59:59Z",
    "2201-01-01T00:00:00Z",
    "2025-02-29T08:00:00Z",
    "2025-13-01T08:00:00Z",
    "2025-03-18T24:00:00Z",
    "2025-03-18T23:59:60Z",
    "2025-03-18T08:00:00+24:00",
    "٢٠٢٥-03-18T08:00:00Z",  # Arabic-Indic digits
    *OVERFLOWING,
]


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str, str]]:
    """A client, and a session's id and bearer token."""
    folder: Path = tmp_path_factory.mktemp("times")
    settings = Settings(
        data_dir=folder,
        database_url=f"sqlite+pysqlite:///{folder / 'api.sqlite3'}",
        store_count=50,
    )
    services = build_services(settings)
    try:
        with TestClient(create_app(services=services), raise_server_exceptions=False) as client:
            started = client.post("/sessions", json={}).json()
            yield client, started["id"], started["token"]
    finally:
        services.close()


def send(api: tuple[TestClient, str, str], route: str, at: Any) -> httpx.Response:
    """`at` through one of the four ways the API takes a time."""
    client, session, token = api
    auth = {"Authorization": f"Bearer {token}"}
    if route == "menu":
        return client.get("/menu", params={"at": at})
    if route == "stores":
        return client.get("/stores/nearest", params={"near": "Bund", "at": at})
    if route == "typed turn":
        body = {"text": "hello", "at": at}
        return client.post(f"/sessions/{session}/turns", json=body, headers=auth)
    # Not audio at all: the time is checked before the clip is decoded.
    files = {"audio": ("turn.wav", b"RIFF....WAVE")}
    return client.post(f"/sessions/{session}/turns", files=files, data={"at": at}, headers=auth)


ROUTES = ["menu", "stores", "typed turn", "spoken turn"]


def refused_as_invalid(response: httpx.Response) -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["type"].endswith("/invalid-request"), body
    assert any(error["loc"][-1] == "at" for error in body["errors"]), body


@pytest.mark.parametrize("at", OVERFLOWING)
@pytest.mark.parametrize("route", ROUTES)
def test_a_time_whose_conversion_to_utc_overflows_is_a_422_not_a_500(
    api: tuple[TestClient, str, str], route: str, at: str
) -> None:
    refused_as_invalid(send(api, route, at))


@pytest.mark.parametrize("at", REFUSED)
@pytest.mark.parametrize("route", ROUTES)
def test_times_outside_the_contract_are_refused(
    api: tuple[TestClient, str, str], route: str, at: str
) -> None:
    refused_as_invalid(send(api, route, at))


@pytest.mark.parametrize("at", [0.5, 1742256000, True])
def test_a_typed_turn_takes_no_unix_time(api: tuple[TestClient, str, str], at: object) -> None:
    refused_as_invalid(send(api, "typed turn", at))


@pytest.mark.parametrize("at", ACCEPTED)
@pytest.mark.parametrize("route", ["menu", "stores", "typed turn"])
def test_iso_8601_times_with_an_offset_are_accepted(
    api: tuple[TestClient, str, str], route: str, at: str
) -> None:
    response = send(api, route, at)
    assert response.status_code == 200, response.text


def test_a_spoken_turn_reads_its_time_before_its_audio(api: tuple[TestClient, str, str]) -> None:
    # A good time gets as far as the clip (not audio, so 422 for the audio, not for `at`).
    response = send(api, "spoken turn", ACCEPTED[0])
    assert response.status_code == 422, response.text
    assert response.json()["type"].endswith("/unreadable-audio")


def at_schemas(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The schema of `at` wherever the document describes one."""
    paths = document["paths"]
    schemas = document["components"]["schemas"]
    found = {}
    for path in ("/menu", "/stores/nearest"):
        for parameter in paths[path]["get"]["parameters"]:
            if parameter["name"] == "at":
                found[path] = parameter["schema"]
            elif parameter["schema"].get("type") == "object":  # the query as one object
                found[path] = parameter["schema"]["properties"]["at"]
    content = paths["/sessions/{session_id}/turns"]["post"]["requestBody"]["content"]
    found["typed turn"] = content["application/json"]["schema"]["properties"]["at"]
    found["spoken turn"] = content["multipart/form-data"]["schema"]["properties"]["at"]
    found["TurnIn"] = schemas.get("TurnIn", {}).get("properties", {}).get("at", found["typed turn"])
    return found


def string_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The string branch of an optional (`anyOf [..., null]`) schema."""
    for branch in schema.get("anyOf", [schema]):
        if branch.get("type") == "string":
            return branch
    raise AssertionError(f"no string in {schema}")


def ecma_pattern(pattern: str) -> re.Pattern[str]:
    """A JSON Schema (ECMA-262) pattern in Python: `\\d` is ASCII, and `$` is the very end."""
    return re.compile(
        pattern.removesuffix("$") + r"\Z" if pattern.endswith("$") else pattern, re.ASCII
    )


def test_the_document_describes_exactly_the_times_accepted(
    api: tuple[TestClient, str, str],
) -> None:
    client = api[0]
    schemas = at_schemas(client.get("/openapi.json").json())
    assert set(schemas) == {"/menu", "/stores/nearest", "typed turn", "spoken turn", "TurnIn"}
    for where, schema in schemas.items():
        described = string_schema(schema)
        assert described["format"] == "date-time", where
        pattern = ecma_pattern(described["pattern"])
        for at in ACCEPTED:
            assert pattern.search(at), (where, at)
        for at in REFUSED:
            matches = pattern.search(at) is not None
            # What the pattern lets through is an impossible date the format forbids.
            assert not matches or at in {"2025-02-29T08:00:00Z"}, (where, at)
