"""The OpenAPI document against the app, rule by rule: where the document says a request is
well formed, the app takes it; where it says not, the app refuses it with a 422 (or 405)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema_rs
import pytest

from ordering.api import create_app
from ordering.bootstrap import build_services
from ordering.config import Settings

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from fastapi.testclient import TestClient

PROBLEM = "application/problem+json"
ADMIN_KEY = "contract-key"
AT = "2025-03-18T08:00:00+08:00"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder: Path = tmp_path_factory.mktemp("contract")
    settings = Settings(
        data_dir=folder,
        database_url=f"sqlite+pysqlite:///{folder / 'api.sqlite3'}",
        store_count=50,
        admin_api_key=ADMIN_KEY,
        menu_check_seconds=0,
    )
    services = build_services(settings)
    try:
        with TestClient(create_app(services=services), raise_server_exceptions=False) as c:
            yield c
    finally:
        services.close()


@pytest.fixture(scope="module")
def document(client: TestClient) -> dict[str, Any]:
    body: dict[str, Any] = client.get("/openapi.json").json()
    return body


def resolved(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """`schema`, or the component its `$ref` names."""
    ref = schema.get("$ref")
    if isinstance(ref, str):
        return resolved(document, document["components"]["schemas"][ref.rsplit("/", 1)[-1]])
    return schema


def validator(document: dict[str, Any], schema: dict[str, Any]) -> Any:
    """A JSON Schema validator for a schema of the document (its `$ref`s resolved)."""
    return jsonschema_rs.validator_for({**schema, "components": document["components"]})


def refused(response: httpx.Response, kind: str = "invalid-request") -> None:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["type"].endswith("/" + kind), response.text


# -- where the customer is ------------------------------------------------------------------

PLACES: list[dict[str, Any]] = [
    {},
    {"lat": 31.2304},
    {"lon": 121.4737},
    {"lat": 31.2304, "lon": 121.4737},
    {"near": "The Bund"},
    {"near": "The Bund", "lat": 31.2304},
    {"near": "The Bund", "lon": 121.4737},
    {"near": "The Bund", "lat": 31.2304, "lon": 121.4737},
]


@pytest.mark.parametrize("place", PLACES, ids=lambda p: "+".join(p) or "nothing")
def test_the_nearest_stores_take_the_places_the_document_describes(
    client: TestClient, document: dict[str, Any], place: dict[str, Any]
) -> None:
    [query] = document["paths"]["/stores/nearest"]["get"]["parameters"]
    assert (query["in"], query["style"], query["explode"]) == ("query", "form", True)
    described = validator(document, query["schema"]).is_valid(place)
    response = client.get("/stores/nearest", params={**place, "at": AT})
    if described:
        assert response.status_code == 200, response.text
    elif not place:
        refused(response, "invalid-store-query")  # where is the customer?
    else:
        refused(response)
    assert described == (place.keys() in ({"lat", "lon"}, {"near"})), place


@pytest.mark.parametrize("place", PLACES, ids=lambda p: "+".join(p) or "nothing")
def test_a_session_starts_at_the_places_the_document_describes(
    client: TestClient, document: dict[str, Any], place: dict[str, Any]
) -> None:
    body = document["paths"]["/sessions"]["post"]["requestBody"]["content"]["application/json"]
    described = validator(document, body["schema"]).is_valid(place)
    response = client.post("/sessions", json=place)
    if described:
        assert response.status_code == 201, response.text
    else:
        refused(response)
    assert described == (place.keys() in (set(), {"lat", "lon"}, {"near"})), place


@pytest.mark.parametrize(
    "body", [{"lat": None, "lon": 121.4}, {"near": None}, {"lat": "31.2", "lon": 121.4}]
)
def test_a_place_is_given_or_left_out_never_null_or_text(
    client: TestClient, document: dict[str, Any], body: dict[str, Any]
) -> None:
    schema = document["paths"]["/sessions"]["post"]["requestBody"]["content"]["application/json"]
    assert not validator(document, schema["schema"]).is_valid(body)
    refused(client.post("/sessions", json=body))


def test_an_unknown_place_is_the_store_locators_422(client: TestClient) -> None:
    refused(client.get("/stores/nearest", params={"near": "Atlantis"}), "invalid-store-query")
    refused(client.post("/sessions", json={"near": "Atlantis"}), "invalid-store-query")


# -- methods ------------------------------------------------------------------------------------

METHODS = ("get", "put", "post", "delete", "options", "patch")


def concrete(path: str) -> str:
    return path.replace("{session_id}", "some-session").replace("{order_id}", "some-order")


def test_a_method_a_path_lacks_is_a_405_naming_those_it_has(
    client: TestClient, document: dict[str, Any]
) -> None:
    for path, operations in document["paths"].items():
        documented = {method.upper() for method in operations}
        for method in METHODS:
            if method.upper() in documented:
                continue
            response = client.request(method.upper(), concrete(path))
            assert response.status_code == 405, (method, path, response.text)
            assert response.headers["content-type"] == PROBLEM
            allowed = {m.strip() for m in response.headers["allow"].split(",")}
            assert allowed == documented, (method, path)


def test_the_screen_keeps_its_own_methods(client: TestClient) -> None:
    assert client.get("/").status_code == 200
    assert client.get("/no-such-file.js").status_code == 404
    response = client.post("/index.html")
    assert response.status_code == 405 and response.headers["allow"] == "GET, HEAD"


# -- links --------------------------------------------------------------------------------------


def test_the_links_of_a_new_session_lead_to_its_operations_with_its_token(
    client: TestClient, document: dict[str, Any]
) -> None:
    by_id = {
        operation["operationId"]: (method, path)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    }
    links = document["paths"]["/sessions"]["post"]["responses"]["201"]["links"]
    assert {by_id[link["operationId"]] for link in links.values()} == {
        ("get", "/sessions/{session_id}"),
        ("post", "/sessions/{session_id}/turns"),
        ("get", "/orders/{order_id}"),
        ("post", "/orders/{order_id}/pay"),
        ("post", "/orders/{order_id}/cancel"),
    }
    started = client.post("/sessions", json={}).json()
    for name in ("ReadSession", "ReadOrder"):
        link = links[name]
        method, path = by_id[link["operationId"]]
        url, headers = path, {}
        for where, expression in link["parameters"].items():
            location, key = where.split(".")
            value = follow(expression, started)
            if location == "path":
                url = url.replace("{" + key + "}", value)
            else:
                headers[key] = value
        response = client.request(method.upper(), url, headers=headers)
        assert response.status_code == 200, (name, response.text)


def follow(expression: str, body: dict[str, Any]) -> str:
    """A runtime expression on a response body, alone or embedded in `{…}`."""
    if expression.startswith("$response.body#/"):
        value: Any = body
        for part in expression.removeprefix("$response.body#/").split("/"):
            value = value[part]
        return str(value)
    before, _, rest = expression.partition("{")
    inner, _, after = rest.partition("}")
    return before + follow(inner, body) + after


# -- audio, cards, feeds ------------------------------------------------------------------------


def test_audio_is_documented_non_empty_with_its_refusals(
    client: TestClient, document: dict[str, Any]
) -> None:
    transcribe = document["paths"]["/transcribe"]["post"]
    form = resolved(document, transcribe["requestBody"]["content"]["multipart/form-data"]["schema"])
    turns = document["paths"]["/sessions/{session_id}/turns"]["post"]
    turn_form = turns["requestBody"]["content"]["multipart/form-data"]["schema"]
    for operation, schema in ((transcribe, form), (turns, turn_form)):
        assert schema["properties"]["audio"]["minLength"] == 1
        assert schema["required"] == ["audio"]
        assert {"413", "422"} <= set(operation["responses"])
    refused(client.post("/transcribe", files={"audio": ("a.wav", b"")}), "unreadable-audio")


def test_a_spoken_turn_takes_only_the_fields_its_form_has(
    client: TestClient, document: dict[str, Any]
) -> None:
    turns = document["paths"]["/sessions/{session_id}/turns"]["post"]
    schema = turns["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert schema["additionalProperties"] is False and set(schema["properties"]) == {"audio", "at"}
    started = client.post("/sessions", json={}).json()
    response = client.post(
        f"/sessions/{started['id']}/turns",
        files={"audio": ("a.wav", b"RIFF")},
        data={"at": AT, "lang": "en"},
        headers={"Authorization": f"Bearer {started['token']}"},
    )
    refused(response)
    assert [error["loc"] for error in response.json()["errors"]] == [["body", "lang"]]


CARDS = {
    "4242424242424242": True,
    "4242 4242 4242 4242": True,
    "4242-4242-4242-4242": True,
    " 4242 4242 4242 4242 ": True,
    "424242424242": True,  # 12 digits
    "42424242424242424": True,  # 17 digits
    "42424242424": False,  # 11
    "42424242424242424242": False,  # 20
    "4242_4242_4242_4242": False,
    "4242 4242 4242 424x": False,
    "٤٢٤٢٤٢٤٢٤٢٤٢٤٢٤٢": False,  # Arabic-Indic digits
}


@pytest.mark.parametrize(("card", "described"), CARDS.items())
def test_the_card_number_pattern_is_what_the_payment_reads(
    document: dict[str, Any], card: str, described: bool
) -> None:
    from ordering.checkout.payment import CardNumber
    from ordering.errors import InvalidCard

    schema = resolved(document, {"$ref": "#/components/schemas/PayIn"})
    assert (
        validator(document, schema).is_valid({"method": "card", "card_number": card}) is described
    )
    try:
        CardNumber.parse(card)
        parsed = True
    except InvalidCard as error:  # the check digit, once the digits are there
        parsed = "check digit" in str(error)
    assert parsed is described


def test_a_voice_payment_is_documented_without_a_card(document: dict[str, Any]) -> None:
    schema = validator(document, resolved(document, {"$ref": "#/components/schemas/PayIn"}))
    assert schema.is_valid({"method": "voice"})
    assert schema.is_valid({"method": "card", "card_number": "4242424242424242"})
    assert not schema.is_valid({"method": "voice", "card_number": "4242424242424242"})


def test_the_feed_example_is_a_feed_and_fits_the_documented_shape(
    tmp_path: Path, document: dict[str, Any]
) -> None:
    body = document["paths"]["/admin/menu"]["post"]["requestBody"]["content"]["application/json"]
    example = body["examples"]["small"]["value"]
    schema = validator(document, body["schema"])
    assert schema.is_valid(example)
    assert not schema.is_valid({**example, "schema": "menu-feed/2"})
    assert not schema.is_valid({key: v for key, v in example.items() if key != "items"})
    # Imported into an app of its own: the module's other tests keep the bundled menu.
    settings = Settings(
        data_dir=tmp_path,
        database_url=f"sqlite+pysqlite:///{tmp_path / 'feed.sqlite3'}",
        store_count=10,
        admin_api_key=ADMIN_KEY,
    )
    services = build_services(settings)
    try:
        with TestClient(create_app(services=services)) as c:
            response = c.post("/admin/menu", json=example, headers={"X-API-Key": ADMIN_KEY})
            assert response.status_code == 201, response.text
            assert response.json()["brand"] == example["brand"]["id"]
    finally:
        services.close()
