"""The mock store generator: deterministic, weighted by city size, realistic enough."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from store_locator.cities import CITIES, city
from store_locator.generate import DEFAULT_COUNT, allocate, generate_table
from store_locator.geo import haversine_one


def test_same_seed_same_stores_other_seed_other_stores() -> None:
    first, again, other = (
        generate_table(800, seed=1),
        generate_table(800, seed=1),
        generate_table(800, seed=2),
    )
    assert first.stores() == again.stores()
    assert first.stores() != other.stores()


def test_five_thousand_stores_across_every_city_weighted_by_size() -> None:
    table = generate_table()
    stores = table.stores()
    assert len(stores) == DEFAULT_COUNT == len({s.id for s in stores})
    per_city = Counter(s.city for s in stores)
    assert len(CITIES) >= 40 and set(per_city) == {c.name for c in CITIES}
    assert per_city["Shanghai"] > per_city["Hangzhou"] > per_city["Lhasa"] > 0
    assert len({s.name for s in stores}) == len(stores)
    assert all(s.name.startswith(s.city) or s.name.split()[0] in s.city for s in stores)
    assert all(s.timezone == "Asia/Shanghai" for s in stores)


def test_stores_are_densest_near_the_centre() -> None:
    table = generate_table()
    shanghai = city("Shanghai")
    distances = sorted(
        haversine_one(shanghai.lat, shanghai.lon, s.lat, s.lon) / 1000
        for s in table.stores()
        if s.city == "Shanghai"
    )
    median = distances[len(distances) // 2]
    inner = sum(d < shanghai.spread_km for d in distances) / (math.pi * shanghai.spread_km**2)
    outer = sum(shanghai.spread_km <= d < 2 * shanghai.spread_km for d in distances) / (
        3 * math.pi * shanghai.spread_km**2
    )
    assert median < 1.5 * shanghai.spread_km
    assert inner > 2 * outer
    assert distances[-1] < 100  # nobody in another province


def test_hours_mix_has_the_expected_kinds() -> None:
    stores = generate_table().stores()
    kinds = Counter(s.hours.describe() for s in stores)
    assert kinds["06:00-23:00 daily"] > len(stores) / 2
    assert kinds["24 hours"] > 100
    assert kinds["07:00-23:00 daily"] > 100
    assert sum(n for text, n in kinds.items() if "closed" in text) > 50
    assert sum(n for text, n in kinds.items() if "22:00" in text or "02:00" in text) > 50
    breakfast = sum(s.serves_breakfast for s in stores) / len(stores)
    assert 0.85 < breakfast < 0.99


def test_allocation_is_exact() -> None:
    weights = np.array([c.weight for c in CITIES])
    for count in (0, 1, 7, 5_000, 1_000_003):
        assert int(allocate(count, weights).sum()) == count


def test_a_million_stores_generate_quickly_enough_to_benchmark() -> None:
    table = generate_table(20_000, seed=3)  # the million lives in benchmarks/stores.py
    assert len(table) == 20_000
    assert float(np.abs(table.lat).max()) < 60
