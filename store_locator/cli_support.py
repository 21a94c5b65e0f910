"""What the `breakfast stores` commands need, as pure functions (no Typer, no Rich): argument
parsing into our errors, the contract's JSON, and rows for readable tables.

Errors: `InvalidRequest` (InvalidCoordinates, UnknownPlace, InvalidQuery) is the caller's
mistake, exit code 2; `NoStores` and other `StoreLocatorError`s, exit code 1.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from store_locator.errors import InvalidCoordinates, InvalidQuery
from store_locator.gazetteer import Place, resolve_place
from store_locator.geo import Position, parse_coordinate
from store_locator.model import Store
from store_locator.use_cases import NearestResult

NEAREST_COLUMNS = ("#", "store", "id", "city", "district", "distance", "open", "hours")
STORE_COLUMNS = ("id", "name", "city", "district", "lat", "lon", "hours", "breakfast")


@dataclass(frozen=True, slots=True)
class Customer:
    """Where the customer is, and the place it came from when given by name."""

    position: Position
    place: Place | None = None

    def describe(self) -> str:
        where = f"{self.position.lat:.5f}, {self.position.lon:.5f}"
        return f"{self.place.label} ({where})" if self.place else where


def resolve_position(
    *, lat: object | None = None, lon: object | None = None, near: str | None = None
) -> Customer:
    """The customer's position from `--lat/--lon` (numbers or strings) or `--near PLACE`
    (the gazetteer, tolerant). InvalidCoordinates / UnknownPlace / InvalidQuery otherwise."""
    has_coordinates = lat is not None or lon is not None
    if near is not None and has_coordinates:
        raise InvalidQuery("give either --lat/--lon or --near PLACE, not both")
    if near is not None:
        place = resolve_place(near)
        return Customer(place.position, place)
    if lat is None or lon is None:
        missing = "--lat" if lat is None else "--lon"
        if not has_coordinates:
            raise InvalidQuery("where is the customer? give --lat and --lon, or --near PLACE")
        raise InvalidCoordinates(f"{missing} is missing")
    return Customer(
        Position(
            parse_coordinate(lat, name="latitude", limit=90.0),
            parse_coordinate(lon, name="longitude", limit=180.0),
        )
    )


def parse_position_pair(text: str) -> Position:
    """`"LAT,LON"` (as in `chat --near LAT,LON`) as a Position; InvalidCoordinates if not."""
    lat, sep, lon = text.partition(",")
    if not sep:
        raise InvalidCoordinates(f"'{text}' is not LAT,LON")
    return resolve_position(lat=lat, lon=lon).position


def parse_at(value: str | None, *, now: datetime | None = None) -> datetime:
    """`--at` as a datetime (any offset; naive means each store's local time); now if None."""
    if value is None:
        return now if now is not None else datetime.now(UTC)
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        raise InvalidQuery(
            f"'{value}' is not an ISO 8601 time (e.g. 2025-03-18T08:00:00+08:00)"
        ) from None


def parse_k(value: object) -> int:
    """`--k` as a whole number >= 1."""
    problem = InvalidQuery(f"k must be a whole number >= 1, not {value!r}")
    if isinstance(value, bool):
        raise problem
    if isinstance(value, int):
        k = value
    elif isinstance(value, str) and value.strip().isdigit():
        k = int(value.strip())
    else:
        raise problem
    if k < 1:
        raise problem
    return k


def distance_m(metres: float) -> int:
    """The contract's `distance_m`: whole metres."""
    return int(math.floor(metres + 0.5))


def nearest_to_dict(result: NearestResult) -> dict[str, Any]:
    """The contract's `{"stores": [{"id", "name", "lat", "lon", "distance_m", "open"}]}`."""
    return {
        "stores": [
            {
                "id": nearby.store.id,
                "name": nearby.store.name,
                "lat": nearby.store.lat,
                "lon": nearby.store.lon,
                "distance_m": distance_m(nearby.distance_m),
                "open": nearby.open,
            }
            for nearby in result.stores
        ]
    }


def format_distance(metres: float) -> str:
    if metres < 1000:
        return f"{distance_m(metres)} m"
    if metres < 100_000:
        return f"{metres / 1000:.1f} km"
    return f"{metres / 1000:,.0f} km"


def nearest_rows(result: NearestResult) -> list[tuple[str, ...]]:
    """Rows under NEAREST_COLUMNS, nearest first."""
    return [
        (
            str(n),
            nearby.store.name,
            nearby.store.id,
            nearby.store.city,
            nearby.store.district,
            format_distance(nearby.distance_m),
            "open" if nearby.open else "closed",
            nearby.store.hours.describe(),
        )
        for n, nearby in enumerate(result.stores, start=1)
    ]


def nearest_title(result: NearestResult, customer: Customer | None = None) -> str:
    """A heading for the table: where, when, how many."""
    where = customer.describe() if customer else f"{result.position.lat}, {result.position.lon}"
    return f"Nearest open stores to {where} at {result.at.isoformat(timespec='minutes')}"


def empty_message(result: NearestResult) -> str | None:
    """What to say when the answer is empty (None when it is not)."""
    if result.stores:
        return None
    when = result.at.isoformat(timespec="minutes")
    return (
        f"no store is open and serving breakfast at {when} "
        f"(none of the {result.total} stores; try another time)"
    )


def store_to_dict(store: Store) -> dict[str, Any]:
    """One store for `stores list --json` (one object per line)."""
    return {
        "id": store.id,
        "name": store.name,
        "city": store.city,
        "district": store.district,
        "lat": store.lat,
        "lon": store.lon,
        "timezone": store.timezone,
        "hours": store.hours.to_text(),
        "serves_breakfast": store.serves_breakfast,
    }


def store_rows(stores: Iterable[Store]) -> list[tuple[str, ...]]:
    """Rows under STORE_COLUMNS."""
    return [
        (
            s.id,
            s.name,
            s.city,
            s.district,
            f"{s.lat:.6f}",
            f"{s.lon:.6f}",
            s.hours.describe(),
            "yes" if s.serves_breakfast else "no",
        )
        for s in stores
    ]
