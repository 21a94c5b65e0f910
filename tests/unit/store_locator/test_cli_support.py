"""What the CLI calls: positions, times, k, the contract's JSON and table rows."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from store_locator.cli_support import (
    NEAREST_COLUMNS,
    STORE_COLUMNS,
    empty_message,
    nearest_rows,
    nearest_to_dict,
    parse_at,
    parse_k,
    parse_position_pair,
    resolve_position,
    store_rows,
    store_to_dict,
)
from store_locator.errors import InvalidCoordinates, InvalidQuery, InvalidRequest, UnknownPlace
from store_locator.geo import Position
from store_locator.model import OpeningHours, Store
from store_locator.use_cases import NearbyStore, NearestResult

STORE = Store(
    "S00001",
    "Shanghai Xujiahui",
    "Shanghai",
    "Xuhui",
    31.195,
    121.437,
    "Asia/Shanghai",
    OpeningHours.every_day("06:00", "23:00"),
    True,
)
AT = datetime(2025, 3, 18, 8, tzinfo=timezone(timedelta(hours=8)))


def result(*stores: NearbyStore) -> NearestResult:
    return NearestResult(Position(31.2, 121.4), AT, 1, stores, 1, 1)


def test_position_from_numbers_strings_or_a_place() -> None:
    assert resolve_position(lat="31.2", lon=121.4).position == Position(31.2, 121.4)
    near = resolve_position(near="people's square")
    assert near.place is not None and near.place.name == "People's Square"
    assert "People's Square" in near.describe()
    assert parse_position_pair("31.2,121.4") == Position(31.2, 121.4)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"lat": 91, "lon": 0}, InvalidCoordinates),
        ({"lat": "nan", "lon": 0}, InvalidCoordinates),
        ({"lat": "north", "lon": "east"}, InvalidCoordinates),
        ({"lat": 31.0}, InvalidCoordinates),
        ({}, InvalidQuery),
        ({"lat": 31.0, "lon": 121.0, "near": "The Bund"}, InvalidQuery),
        ({"near": "Atlantis"}, UnknownPlace),
    ],
)
def test_bad_positions_are_request_errors(kwargs: dict[str, object], error: type) -> None:
    with pytest.raises(error) as caught:
        resolve_position(**kwargs)  # type: ignore[arg-type]
    assert isinstance(caught.value, InvalidRequest)  # the CLI's exit code 2


def test_at_and_k() -> None:
    assert parse_at("2025-03-18T08:00:00+08:00") == AT
    assert parse_at("2025-03-18T08:00").tzinfo is None  # naive: store-local time
    now = datetime(2025, 1, 1, tzinfo=UTC)
    assert parse_at(None, now=now) == now
    with pytest.raises(InvalidQuery):
        parse_at("tomorrow")
    assert parse_k("3") == 3 and parse_k(1) == 1
    for bad in ("0", "-1", "x", 0, True, 2.5):
        with pytest.raises(InvalidQuery):
            parse_k(bad)


def test_contract_json() -> None:
    found = result(NearbyStore(STORE, 412.49, True))
    document = nearest_to_dict(found)
    assert document == {
        "stores": [
            {
                "id": "S00001",
                "name": "Shanghai Xujiahui",
                "lat": 31.195,
                "lon": 121.437,
                "distance_m": 412,
                "open": True,
            }
        ]
    }
    json.dumps(document)
    assert empty_message(found) is None
    assert len(nearest_rows(found)[0]) == len(NEAREST_COLUMNS)


def test_empty_answer_is_explained() -> None:
    empty = result()
    assert nearest_to_dict(empty) == {"stores": []}
    message = empty_message(empty)
    assert message is not None and "no store is open" in message


def test_store_listing() -> None:
    assert store_to_dict(STORE)["hours"] == "06:00-23:00," * 6 + "06:00-23:00"
    assert len(store_rows([STORE])[0]) == len(STORE_COLUMNS)
