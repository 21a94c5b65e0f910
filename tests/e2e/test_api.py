"""The HTTP API end to end through a TestClient, on SQLite and PostgreSQL where the database
matters: every endpoint, every security rule, and problem+json on every error."""

from __future__ import annotations

import io
import json
import logging
import tracemalloc
import warnings
import wave
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from menu import BUNDLED_FEED
from ordering.api import create_app
from ordering.bootstrap import build_services
from ordering.config import Settings
from tests.conftest import SECOND_FEED

with warnings.catch_warnings():
    # Starlette would rather have httpx2 for its test client; httpx works the same.
    warnings.filterwarnings("ignore", message=".*httpx2.*")
    from fastapi.testclient import TestClient

SAMPLES = sorted((Path(__file__).parents[2] / "ordering" / "data" / "samples").glob("*.wav"))
AT = "2025-03-18T08:00:00+08:00"
ADMIN_KEY = "admin-key-for-tests"
MAX_BODY = 1024 * 1024
PROBLEM = "application/problem+json"
CARD = "4242 4242 4242 4242"
DECLINED = "4000 0000 0000 0002"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Shared by the module's apps, so the speech model is compiled once."""
    return tmp_path_factory.mktemp("api-data")


def make_client(database_url: str, data_dir: Path) -> Iterator[TestClient]:
    settings = Settings(
        data_dir=data_dir,
        database_url=database_url,
        store_count=300,
        admin_api_key=ADMIN_KEY,
        max_body_bytes=MAX_BODY,
        menu_check_seconds=0,
    )
    services = build_services(settings)
    try:
        with TestClient(create_app(services=services)) as client:
            yield client
    finally:
        services.close()


@pytest.fixture
def client(database_url: str, data_dir: Path) -> Iterator[TestClient]:
    """On SQLite and on PostgreSQL."""
    yield from make_client(database_url, data_dir)


@pytest.fixture
def lite(tmp_path: Path, data_dir: Path) -> Iterator[TestClient]:
    """On SQLite only, where the database does not matter."""
    yield from make_client(f"sqlite+pysqlite:///{tmp_path / 'api.sqlite3'}", data_dir)


def problem(response: httpx.Response, status: int, kind: str | None = None) -> dict[str, Any]:
    """Assert an RFC 9457 problem with `status` (and problem type ending in `kind`)."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert isinstance(body["title"], str) and body["title"]
    assert isinstance(body["type"], str)
    if kind is not None:
        assert body["type"].endswith("/" + kind), body
    return body


def start(client: TestClient, **where: Any) -> tuple[str, dict[str, str], str]:
    response = client.post("/sessions", json=where)
    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"] == f"/sessions/{body['id']}"
    return body["id"], {"Authorization": f"Bearer {body['token']}"}, body["order"]["id"]


def say(client: TestClient, session: str, auth: dict[str, str], text: str) -> dict[str, Any]:
    response = client.post(
        f"/sessions/{session}/turns", json={"text": text, "at": AT}, headers=auth
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def awaiting(client: TestClient) -> tuple[str, dict[str, str], str]:
    """A session whose order awaits confirmation."""
    session, auth, order = start(client)
    say(client, session, auth, "a large latte please")
    assert say(client, session, auth, "that's all")["status"] == "awaiting_confirmation"
    return session, auth, order


def wav(seconds: float, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"\x00\x00" * int(seconds * rate))
    return buffer.getvalue()


# -- conversations and orders (SQLite and PostgreSQL) --------------------------------------


def test_a_typed_conversation_places_and_pays_the_order(client: TestClient) -> None:
    session, auth, order_id = start(client, near="People's Square")
    first = say(client, session, auth, "can I get a coffee")
    assert first["turn"] == 1 and first["heard"] == "can I get a coffee"
    assert first["status"] == "open" and first["confidence"] is None
    assert [line["id"] for line in first["order"]["lines"]] == ["brewed-coffee"]
    say(client, session, auth, "large")
    assert say(client, session, auth, "that's all")["status"] == "awaiting_confirmation"
    placed = say(client, session, auth, "yes")
    assert placed["status"] == "paid" and placed["order"]["pickup_code"]

    state = client.get(f"/sessions/{session}", headers=auth).json()
    assert state["turns"] == 4 and state["status"] == "paid"
    assert state["last_reply"] == placed["reply"]
    order = client.get(f"/orders/{order_id}", headers=auth).json()
    assert order == placed["order"] and order["payment"]["status"] == "succeeded"

    cancelled = client.post(f"/orders/{order_id}/cancel", headers=auth)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["payment"]["status"] == "refunded"
    problem(client.post(f"/orders/{order_id}/cancel", headers=auth), 409, "invalid-transition")


def test_a_conversation_in_chinese_is_answered_in_chinese(lite: TestClient) -> None:
    session, auth, _ = start(lite, near="People's Square")
    first = say(lite, session, auth, "两个蛋挞和一杯大杯拿铁")
    assert first["reply"] == "好的，加了2份葡式蛋挞。好的，加了1份拿铁（大杯）。还需要别的吗？"
    read_back = say(lite, session, auth, "就这些")
    assert read_back["status"] == "awaiting_confirmation"
    assert read_back["reply"].startswith("您点了：2份葡式蛋挞，¥15.00；1份拿铁（大杯），¥20.00。")
    placed = say(lite, session, auth, "好的")
    code = " ".join(placed["order"]["pickup_code"])
    assert placed["status"] == "paid" and f"您的取餐码是{code}。" in placed["reply"]
    parsed = lite.post("/parse", json={"text": "把拿铁换成美式"}).json()
    assert parsed["intent"] == "replace_item" and parsed["items"][0]["id"] == "americano"


def test_paying_replays_the_same_idempotency_key_and_charges_once(client: TestClient) -> None:
    _, auth, order_id = awaiting(client)
    headers = {**auth, "Idempotency-Key": "first"}
    paid = client.post(
        f"/orders/{order_id}/pay", json={"method": "card", "card_number": CARD}, headers=headers
    )
    assert paid.status_code == 200, paid.text
    assert paid.json()["status"] == "paid" and paid.json()["payment"]["method"] == "card"
    again = client.post(
        f"/orders/{order_id}/pay", json={"method": "card", "card_number": CARD}, headers=headers
    )
    assert again.status_code == 200 and again.json() == paid.json()
    other_key = {**auth, "Idempotency-Key": "second"}
    problem(
        client.post(f"/orders/{order_id}/pay", json={"method": "voice"}, headers=other_key),
        409,
        "order-already-paid",
    )


def test_a_declined_card_is_402_and_another_attempt_can_pay(client: TestClient) -> None:
    _, auth, order_id = awaiting(client)
    declined = client.post(
        f"/orders/{order_id}/pay",
        json={"method": "card", "card_number": DECLINED},
        headers={**auth, "Idempotency-Key": "k1"},
    )
    body = problem(declined, 402, "payment-declined")
    assert body["decline_code"] == "card_declined"
    assert body["order"]["status"] == "payment_failed"
    reused = client.post(
        f"/orders/{order_id}/pay",
        json={"method": "voice"},
        headers={**auth, "Idempotency-Key": "k1"},
    )
    problem(reused, 409, "idempotency-conflict")
    paid = client.post(
        f"/orders/{order_id}/pay",
        json={"method": "voice"},
        headers={**auth, "Idempotency-Key": "k2"},
    )
    assert paid.status_code == 200 and paid.json()["status"] == "paid"


def test_pay_refuses_what_cannot_be_paid(client: TestClient) -> None:
    session, auth, order_id = start(client)
    open_order = client.post(
        f"/orders/{order_id}/pay",
        json={"method": "voice"},
        headers={**auth, "Idempotency-Key": "k"},
    )
    problem(open_order, 409, "invalid-transition")
    say(client, session, auth, "a large latte")
    say(client, session, auth, "that's all")
    bad_card = client.post(
        f"/orders/{order_id}/pay",
        json={"method": "card", "card_number": "4242 4242 4242 4241"},
        headers={**auth, "Idempotency-Key": "k"},
    )
    assert "4241" not in problem(bad_card, 422, "invalid-card")["detail"]
    voice_with_card = client.post(
        f"/orders/{order_id}/pay",
        json={"method": "voice", "card_number": CARD},
        headers={**auth, "Idempotency-Key": "k"},
    )
    problem(voice_with_card, 422, "invalid-payment")
    no_key = client.post(f"/orders/{order_id}/pay", json={"method": "voice"}, headers=auth)
    problem(no_key, 422, "invalid-request")


def test_sessions_and_orders_are_invisible_without_their_token(client: TestClient) -> None:
    session, auth, order_id = start(client)
    other_session, other_auth, other_order = start(client)
    wrong = {"Authorization": "Bearer not-the-token"}
    for headers in ({}, wrong, other_auth, {"Authorization": "Basic dXNlcjpwYXNz"}):
        problem(client.get(f"/sessions/{session}", headers=headers), 404, "session-not-found")
        turn = client.post(f"/sessions/{session}/turns", json={"text": "a latte"}, headers=headers)
        problem(turn, 404, "session-not-found")
        problem(client.get(f"/orders/{order_id}", headers=headers), 404, "order-not-found")
        pay = client.post(
            f"/orders/{order_id}/pay",
            json={"method": "voice"},
            headers={**headers, "Idempotency-Key": "k"},
        )
        problem(pay, 404, "order-not-found")
        problem(client.post(f"/orders/{order_id}/cancel", headers=headers), 404)
    # A missing id looks exactly like a hidden one.
    missing = client.get("/sessions/no-such-session", headers=auth)
    hidden = client.get(f"/sessions/{other_session}", headers=auth)
    assert missing.status_code == hidden.status_code == 404
    assert set(missing.json()) == set(hidden.json())
    problem(client.get("/orders/no-such-order", headers=auth), 404, "order-not-found")
    # Untouched by all of that: the refused turns saved nothing.
    assert client.get(f"/orders/{other_order}", headers=other_auth).json()["lines"] == []
    mine = client.get(f"/sessions/{session}", headers=auth).json()
    assert mine["turns"] == 0 and mine["order"]["lines"] == []
    assert client.get(f"/sessions/{session}", headers=auth).json()["turns"] == 0


def test_a_spoken_turn_is_heard_then_taken(client: TestClient) -> None:
    session, auth, _ = start(client)
    sample = next(p for p in SAMPLES if "latte" in p.name)
    response = client.post(
        f"/sessions/{session}/turns",
        files={"audio": (sample.name, sample.read_bytes(), "audio/wav")},
        data={"at": AT},
        headers=auth,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "latte" in body["heard"] and 0 <= body["confidence"] <= 1
    assert {"latte", "egg-tart"} <= {line["id"] for line in body["order"]["lines"]}, body


# -- the rest (SQLite) --------------------------------------------------------------------


def test_health_menu_stores_and_parse(lite: TestClient) -> None:
    assert lite.get("/healthz").json() == {"status": "ok", "database": "ok"}
    menu = lite.get("/menu", params={"at": AT, "lang": "zh"})
    assert menu.status_code == 200 and menu.json()["lang"] == "zh"
    products = [p for c in menu.json()["categories"] for p in c["products"]]
    assert any(p["id"] == "latte" and p["available"] for p in products)
    nearest = lite.get("/stores/nearest", params={"lat": 31.2304, "lon": 121.4737, "k": 3})
    assert nearest.status_code == 200 and len(nearest.json()["stores"]) == 3
    by_name = lite.get("/stores/nearest", params={"near": "People's Square", "at": AT})
    assert by_name.json()["stores"][0]["open"] is True
    parsed = lite.post("/parse", json={"text": "two large oat lattes"}).json()
    assert parsed["intent"] == "add_items" and parsed["items"][0]["id"] == "latte"


def test_transcribe_hears_a_clip(lite: TestClient) -> None:
    sample = next(p for p in SAMPLES if "americano" in p.name)
    response = lite.post("/transcribe", files={"audio": (sample.name, sample.read_bytes())})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["parse"]["items"][0]["id"] == "americano"
    assert 0 < body["decode_seconds"] and body["audio_seconds"] > 1


def test_audio_over_the_duration_limit_is_413_and_bad_audio_422(lite: TestClient) -> None:
    long_clip = wav(31.0)
    assert len(long_clip) < MAX_BODY
    problem(
        lite.post("/transcribe", files={"audio": ("long.wav", long_clip)}), 413, "audio-too-long"
    )
    session, auth, _ = start(lite)
    turn = lite.post(
        f"/sessions/{session}/turns", files={"audio": ("long.wav", long_clip)}, headers=auth
    )
    problem(turn, 413, "audio-too-long")
    problem(
        lite.post("/transcribe", files={"audio": ("x.wav", b"not audio")}), 422, "unreadable-audio"
    )
    problem(
        lite.post(f"/sessions/{session}/turns", files={"other": ("x", b"x")}, headers=auth),
        422,
        "invalid-request",
    )


def test_an_upload_whose_header_lies_is_refused_before_it_is_decoded(lite: TestClient) -> None:
    """A 60,000-byte WAV declaring one sample per second was once resampled to 16 kHz before
    its length was checked: 8.7 s and about 3 GB of server memory, without logging in."""
    from tests.integration.test_audio_in import wav_bytes

    lying = wav_bytes(rate=1, channels=1, width=2, payload=b"\x00\x40" * 29_978)
    session, auth, _ = start(lite)
    tracemalloc.start()
    try:
        spoken = lite.post(
            f"/sessions/{session}/turns", files={"audio": ("a.wav", lying)}, headers=auth
        )
        transcribed = lite.post("/transcribe", files={"audio": ("a.wav", lying)})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    problem(spoken, 422, "unreadable-audio")
    assert "sample rate of 1 Hz" in problem(transcribed, 422, "unreadable-audio")["detail"]
    assert peak < 20_000_000


def test_bodies_over_the_size_limit_are_413(lite: TestClient) -> None:
    big = b"x" * (MAX_BODY + 1)
    problem(lite.post("/transcribe", files={"audio": ("big.wav", big)}), 413, "payload-too-large")
    problem(lite.post("/parse", content=big, headers={"content-type": "application/json"}), 413)

    def chunks() -> Iterator[bytes]:  # no Content-Length: cut off while reading
        for _ in range(5):
            yield b" " * (MAX_BODY // 4)

    chunked = lite.post("/parse", content=chunks(), headers={"content-type": "application/json"})
    problem(chunked, 413, "payload-too-large")


def test_admin_menu_import_needs_the_key(lite: TestClient) -> None:
    feed = json.loads(SECOND_FEED.read_text(encoding="utf-8"))
    problem(lite.post("/admin/menu", json=feed), 401, "not-authenticated")
    problem(lite.post("/admin/menu", json=feed, headers={"X-API-Key": "wrong"}), 401)
    as_json = {"content-type": "application/json"}
    problem(lite.post("/admin/menu", content=b"{", headers=as_json), 401, "not-authenticated")
    keyed = {**as_json, "X-API-Key": ADMIN_KEY}
    not_json = problem(
        lite.post("/admin/menu", content=b"{", headers=keyed), 422, "invalid-request"
    )
    assert not_json["errors"][0]["type"] == "json_invalid"
    assert problem(lite.post("/admin/menu", content=b"[]", headers=keyed), 422)["errors"]
    bad = lite.post("/admin/menu", json={"schema": "menu-feed/1"}, headers={"X-API-Key": ADMIN_KEY})
    assert problem(bad, 422, "invalid-feed")["errors"]
    assert lite.get("/menu").json()["brand"] != "Bagel"
    imported = lite.post("/admin/menu", json=feed, headers={"X-API-Key": ADMIN_KEY})
    assert imported.status_code == 201, imported.text
    assert imported.json()["brand"] == feed["brand"]["id"]
    assert lite.get("/menu").json()["brand"] == feed["brand"]["name"]["en"]
    assert lite.post("/parse", json={"text": "a latte"}).json()["unmatched"] == ["latte"]
    assert lite.post("/parse", json={"text": "an everything bagel"}).json()["items"][0]["id"] == (
        "everything-bagel"
    )


def test_admin_routes_refuse_everyone_without_a_configured_key(
    tmp_path: Path, data_dir: Path
) -> None:
    settings = Settings(
        data_dir=data_dir, database_url=f"sqlite+pysqlite:///{tmp_path / 'a.db'}", store_count=50
    )
    services = build_services(settings)
    try:
        with TestClient(create_app(services=services)) as c:
            feed = json.loads(BUNDLED_FEED.read_text(encoding="utf-8"))
            problem(c.post("/admin/menu", json=feed, headers={"X-API-Key": ""}), 401)
            problem(c.post("/admin/menu", json=feed, headers={"X-API-Key": "None"}), 401)
    finally:
        services.close()


def test_malformed_requests_and_unknown_routes_are_problems(lite: TestClient) -> None:
    body = problem(lite.get("/menu", params={"at": "tomorrow"}), 422, "invalid-request")
    assert body["errors"][0]["loc"] == ["query", "at"]
    problem(lite.get("/menu", params={"at": "2025-03-18T08:00:00"}), 422)  # no offset
    problem(lite.get("/stores/nearest"), 422, "invalid-store-query")
    problem(lite.get("/stores/nearest", params={"near": "Atlantis"}), 422, "invalid-store-query")
    problem(lite.get("/stores/nearest", params={"lat": 95, "lon": 0}), 422, "invalid-request")
    problem(lite.post("/parse", content=b"{", headers={"content-type": "application/json"}), 422)
    problem(lite.post("/sessions", json={"near": "Atlantis"}), 422)
    session, auth, _ = start(lite)
    problem(lite.post(f"/sessions/{session}/turns", content=b"text", headers=auth), 422)
    problem(lite.post(f"/sessions/{session}/turns", json={"text": ""}, headers=auth), 422)
    problem(lite.get("/no/such/route"), 404)
    problem(lite.delete("/menu"), 405)


def test_card_numbers_and_tokens_never_reach_the_logs(
    lite: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    session, auth, order_id = awaiting(lite)
    token = auth["Authorization"].removeprefix("Bearer ")
    for card, key in ((DECLINED, "a"), ("4242424242424241", "b"), (CARD, "c")):
        lite.post(
            f"/orders/{order_id}/pay",
            json={"method": "card", "card_number": card},
            headers={**auth, "Idempotency-Key": key},
        )
    lite.get(f"/orders/{order_id}", headers=auth)
    lite.get(f"/sessions/{session}", headers={"Authorization": "Bearer wrong-token-123"})
    assert lite.get(f"/orders/{order_id}", headers=auth).json()["status"] == "paid"
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert "ordering.api.access" in {r.name for r in caplog.records}
    assert token not in logged and "wrong-token-123" not in logged
    for card in (CARD, DECLINED, "4242424242424241"):
        assert card not in logged and card.replace(" ", "") not in logged


def test_the_openapi_document_is_complete(lite: TestClient) -> None:
    document = lite.get("/openapi.json").json()
    paths = document["paths"]
    expected = {
        ("get", "/menu"),
        ("get", "/stores/nearest"),
        ("post", "/parse"),
        ("post", "/transcribe"),
        ("post", "/sessions"),
        ("get", "/sessions/{session_id}"),
        ("post", "/sessions/{session_id}/turns"),
        ("get", "/orders/{order_id}"),
        ("post", "/orders/{order_id}/pay"),
        ("post", "/orders/{order_id}/cancel"),
        ("post", "/admin/menu"),
        ("get", "/healthz"),
    }
    assert {(m, p) for p, ops in paths.items() for m in ops} == expected
    for path, operations in paths.items():
        for method, operation in operations.items():
            assert operation.get("description") or operation.get("summary"), (method, path)
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert list(response["content"]) == [PROBLEM], (method, path, status)
    turns = paths["/sessions/{session_id}/turns"]["post"]
    assert set(turns["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert turns["security"] == [{"SessionToken": []}]
    schemas = document["components"]["schemas"]
    for name in ("OrderOut", "OrderParseOut", "MenuOut", "NearestOut", "Problem"):
        assert schemas[name].get("examples"), name
