"""Queries from far away are answered from the stores' outer layers, exactly as brute force."""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from store_locator import layers
from store_locator.generate import generate_table
from store_locator.geo import Position, unit_vector, unit_vectors
from store_locator.index import StoreIndex, brute_force
from store_locator.layers import OuterLayers
from store_locator.model import OpeningHours, Store
from store_locator.table import StoreTable

CST = timezone(timedelta(hours=8))
MONDAY = datetime(2025, 3, 17, tzinfo=CST)
TABLE = generate_table(20_000, seed=5)  # groups above SMALL_GROUP: fenced peels
INDEX = StoreIndex(TABLE)
REGULAR = OpeningHours.every_day("06:00", "23:00")


def far_points(count: int, seed: int) -> list[Position]:
    """Points spread evenly over the sphere, outside the area the stores cover."""
    rng = random.Random(seed)
    points = []
    while len(points) < count:
        lat = math.degrees(math.asin(rng.uniform(-1, 1)))
        p = Position(lat, rng.uniform(-180, 180))
        if not (10 < p.lat < 55 and 70 < p.lon < 140):
            points.append(p)
    return points


def test_far_queries_match_brute_force_for_every_k_with_and_without_the_filter() -> None:
    rng = random.Random(1)
    for p in far_points(400, seed=2):
        k = rng.choice([1, 1, 2, 3, 5, 10, 40])
        at = MONDAY + timedelta(minutes=rng.randrange(7 * 24 * 60))
        for moment in (None, at):
            assert INDEX.nearest(p, k=k, at=moment) == brute_force(TABLE, p, k=k, at=moment)


def test_far_queries_look_at_a_few_hundred_stores_not_all() -> None:
    outer = OuterLayers(unit_vectors(TABLE.lat, TABLE.lon), [np.arange(len(TABLE), dtype=np.int64)])
    codes = np.array([0], dtype=np.intp)
    served = 0
    for p in far_points(200, seed=3):
        rows = outer.shortlist(unit_vector(p.lat, p.lon), 1, codes, b"all")
        if rows is None:
            continue
        served += 1
        assert rows.size <= 200
        assert brute_force(TABLE, p)[0].row in rows.tolist()
    assert served >= 190
    # The far side of the planet is always served.
    antipode = Position(-31.9, 115.0 - 180.0)
    assert outer.shortlist(unit_vector(antipode.lat, antipode.lon), 1, codes, b"all") is not None


def test_a_fence_reached_by_the_peel_is_redrawn_deeper(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layers, "FENCE_DEPTH", 1)
    monkeypatch.setattr(layers, "SMALL_GROUP", 100)
    index = StoreIndex(generate_table(3_000, seed=8))
    at = MONDAY + timedelta(hours=8)
    for p in far_points(60, seed=4):
        for k in (1, 6, 25):
            expected = brute_force(index.table, p, k=k, at=at)
            assert index.nearest(p, k=k, at=at) == expected


def make(rows: list[tuple[str, float, float]]) -> StoreTable:
    return StoreTable.from_stores(
        Store(i, i, "Shanghai", "Huangpu", lat, lon, "Asia/Shanghai", REGULAR, True)
        for i, lat, lon in rows
    )


@pytest.mark.parametrize(
    "rows",
    [
        # On one meridian: every projection is a line, Qhull cannot draw a hull.
        [(f"M{i:03d}", 20.0 + i * 0.1, 110.0) for i in range(300)],
        # The same few places many times: ties broken by id.
        [(f"D{i:03d}", 31.0 + (i % 3), 121.0 + (i % 2)) for i in range(300)],
        # One store.
        [("ONE", 31.0, 121.0)],
    ],
    ids=["collinear", "duplicates", "one"],
)
def test_degenerate_stores_are_still_answered_exactly(rows: list[tuple[str, float, float]]) -> None:
    table = make(rows)
    index = StoreIndex(table)
    at = MONDAY + timedelta(hours=9)
    for p in far_points(100, seed=6):
        for k in (1, 3, 7):
            for moment in (None, at):
                assert index.nearest(p, k=k, at=moment) == brute_force(table, p, k=k, at=moment)


def test_stores_all_over_the_world_leave_no_far_side_and_still_match() -> None:
    rng = random.Random(7)
    rows = [
        (f"W{i:04d}", math.degrees(math.asin(rng.uniform(-0.99, 0.99))), rng.uniform(-180, 180))
        for i in range(2_000)
    ]
    table = make(rows)
    everything = [np.arange(len(table), dtype=np.int64)]
    assert OuterLayers(unit_vectors(table.lat, table.lon), everything).directions == []
    index = StoreIndex(table)
    for p in far_points(100, seed=8):
        assert index.nearest(p, k=2) == brute_force(table, p, k=2)
