"""The index gives exactly the brute-force answer: same stores, same order, same distances."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store_locator.errors import InvalidQuery
from store_locator.generate import generate_table
from store_locator.geo import Position, haversine_m
from store_locator.index import Radians, StoreIndex, brute_force
from store_locator.model import OpeningHours, Store
from store_locator.table import StoreTable

CST = timezone(timedelta(hours=8))
TABLE = generate_table(5_000, seed=11)
INDEX = StoreIndex(TABLE)
REGULAR = OpeningHours.every_day("06:00", "23:00")
ALL_DAY = OpeningHours.every_day("00:00", "24:00")
CLOSED = OpeningHours((None,) * 7)


def make(rows: list[tuple[str, float, float, OpeningHours]], breakfast: bool = True) -> StoreTable:
    return StoreTable.from_stores(
        Store(i, f"Store {i}", "Shanghai", "Huangpu", lat, lon, "Asia/Shanghai", h, breakfast)
        for i, lat, lon, h in rows
    )


def answers(index: StoreIndex, table: StoreTable, p: Position, k: int, at: datetime | None):  # type: ignore[no-untyped-def]
    return index.nearest(p, k=k, at=at), brute_force(table, p, k=k, at=at)


def test_random_queries_match_brute_force_with_and_without_the_filter() -> None:
    rng = random.Random(3)
    start = datetime(2025, 3, 17, tzinfo=UTC)
    for _ in range(1_500):
        if rng.random() < 0.8:  # near stores, where ties and crowds are
            row = rng.randrange(len(TABLE))
            p = Position(
                float(np.clip(TABLE.lat[row] + rng.gauss(0, 0.05), -90, 90)),
                float(TABLE.lon[row] + rng.gauss(0, 0.05)),
            )
        else:
            p = Position(rng.uniform(-90, 90), rng.uniform(-180, 180))
        k = rng.choice([1, 1, 2, 5, 20])
        at = start + timedelta(minutes=rng.randrange(7 * 24 * 60))
        for moment in (None, at):
            got, expected = answers(INDEX, TABLE, p, k, moment)
            assert got == expected, (p, k, moment)


@settings(max_examples=150, deadline=None)
@given(
    lat=st.floats(-90, 90),
    lon=st.floats(-180, 180),
    k=st.integers(1, 30),
    minutes=st.integers(0, 7 * 24 * 60 - 1),
    filtered=st.booleans(),
)
def test_hypothesis_queries_match_brute_force(
    lat: float, lon: float, k: int, minutes: int, filtered: bool
) -> None:
    at = datetime(2025, 3, 17, tzinfo=CST) + timedelta(minutes=minutes) if filtered else None
    got, expected = answers(INDEX, TABLE, Position(lat, lon), k, at)
    assert got == expected


def test_ties_go_to_the_smaller_id() -> None:
    table = make(
        [
            ("B", 31.0, 121.0, REGULAR),
            ("A", 31.0, 121.0, REGULAR),
            ("C", 31.0, 121.0, REGULAR),
            ("D", 31.001, 121.0, REGULAR),
        ]
    )
    hits = StoreIndex(table).nearest(Position(31.0, 121.0), k=3)
    assert [table.ids[h.row] for h in hits] == ["A", "B", "C"]
    # Two stores at the same distance on either side.
    table = make([("Z", 31.0, 121.01, REGULAR), ("Y", 31.0, 120.99, REGULAR)])
    p = Position(31.0, 121.0)
    hits = StoreIndex(table).nearest(p, k=1)
    assert hits == brute_force(table, p, k=1)


def test_a_point_far_from_every_store_is_still_answered() -> None:
    p = Position(-45.0, -60.0)  # the South Atlantic
    hits = INDEX.nearest(p, k=1, at=datetime(2025, 3, 17, 8, tzinfo=CST))
    assert len(hits) == 1
    assert hits[0].distance_m > 15_000_000
    assert hits == brute_force(TABLE, p, k=1, at=datetime(2025, 3, 17, 8, tzinfo=CST))


def test_every_nearby_store_closed_gives_the_next_open_one_farther_away() -> None:
    rows = [(f"N{i}", 31.0 + i * 0.001, 121.0, CLOSED) for i in range(50)]
    rows.append(("FAR", 31.5, 121.0, REGULAR))
    table = make(rows)
    index = StoreIndex(table)
    at = datetime(2025, 3, 17, 8, tzinfo=CST)
    hits = index.nearest(Position(31.0, 121.0), k=1, at=at)
    assert [table.ids[h.row] for h in hits] == ["FAR"]
    assert hits[0].distance_m == pytest.approx(55_597, rel=1e-3)
    # Without the filter, the closed store next door.
    assert table.ids[index.nearest(Position(31.0, 121.0), k=1)[0].row] == "N0"


def test_no_open_store_anywhere_is_an_empty_answer() -> None:
    table = make([("A", 31.0, 121.0, REGULAR), ("B", 32.0, 121.0, REGULAR)])
    index = StoreIndex(table)
    three_am = datetime(2025, 3, 17, 3, tzinfo=CST)
    assert index.nearest(Position(31.0, 121.0), k=1, at=three_am) == []
    assert index.open_count(three_am) == 0
    assert brute_force(table, Position(31.0, 121.0), at=three_am) == []
    no_breakfast = make([("A", 31.0, 121.0, ALL_DAY)], breakfast=False)
    assert StoreIndex(no_breakfast).nearest(Position(31.0, 121.0), at=three_am) == []


def test_night_queries_search_the_open_stores_only_and_still_match() -> None:
    night = datetime(2025, 3, 19, 3, 30, tzinfo=CST)
    assert INDEX.open_count(night) < 0.5 * len(INDEX)
    rng = random.Random(5)
    for _ in range(300):
        p = Position(rng.uniform(20, 45), rng.uniform(85, 125))
        k = rng.choice([1, 3, 10])
        assert INDEX.nearest(p, k=k, at=night) == brute_force(TABLE, p, k=k, at=night)


def test_k_larger_than_the_stores_gives_them_all() -> None:
    table = make([("A", 31.0, 121.0, REGULAR), ("B", 32.0, 121.0, CLOSED)])
    index = StoreIndex(table)
    assert [h.row for h in index.nearest(Position(31, 121), k=10)] == [0, 1]
    at = datetime(2025, 3, 17, 8, tzinfo=CST)
    assert [h.row for h in index.nearest(Position(31, 121), k=10, at=at)] == [0]


def test_empty_table_and_bad_k() -> None:
    empty = StoreIndex(make([]))
    assert empty.nearest(Position(0, 0), k=3) == []
    for k in (0, -1, True, 1.5):
        with pytest.raises(InvalidQuery):
            INDEX.nearest(Position(0, 0), k=k)  # type: ignore[arg-type]


def test_stores_in_other_time_zones_are_filtered_on_their_own_clock() -> None:
    hours = OpeningHours.every_day("06:00", "10:00")
    table = StoreTable.from_stores(
        [
            Store(
                "SH", "Shanghai", "Shanghai", "Huangpu", 31.2, 121.4, "Asia/Shanghai", hours, True
            ),
            Store("UR", "Urumqi", "Urumqi", "Tianshan", 31.2, 121.41, "Asia/Urumqi", hours, True),
        ]
    )
    index = StoreIndex(table)
    # 10:30 in Shanghai is 08:30 in Urumqi (UTC+6).
    at = datetime(2025, 3, 17, 10, 30, tzinfo=CST)
    assert [table.ids[h.row] for h in index.nearest(Position(31.2, 121.4), k=2, at=at)] == ["UR"]


def test_a_few_distances_in_plain_python_have_the_same_bits_as_haversine_m() -> None:
    radians = Radians.of(TABLE)
    rng = random.Random(12)
    points = [Position(rng.uniform(-90, 90), rng.uniform(-180, 180)) for _ in range(1_000)]
    lat, lon = float(TABLE.lat[7]), float(TABLE.lon[7])
    points += [Position(lat, lon), Position(-lat, lon - 180), Position(90, 0), Position(-90, 5)]
    for p in points:
        rows = [rng.randrange(len(TABLE)) for _ in range(rng.randrange(1, 8))] + [7]
        expected = haversine_m(p.lat, p.lon, TABLE.lat, TABLE.lon)[rows].tolist()
        assert radians.few_distances(p, rows) == expected
