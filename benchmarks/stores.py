"""Store locator benchmark: exactness against brute force, query latency, build time, memory.

    .venv/bin/python benchmarks/stores.py            # full run (about 10 minutes)
    .venv/bin/python benchmarks/stores.py --quick    # smaller, for a smoke test

Brute force is vectorised numpy: every store's haversine distance and open flag, then the k
smallest by (distance, id). The index must give the same stores in the same order with the
same distances (bit for bit) on every query.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import numpy as np

from store_locator.cities import CITIES
from store_locator.generate import generate_table
from store_locator.geo import Position, haversine_m
from store_locator.index import Hit, StoreIndex, id_ranks, rank
from store_locator.table import StoreTable

CST = timezone(timedelta(hours=8))
MONDAY = datetime(2025, 3, 17, tzinfo=CST)


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def queries(table: StoreTable, count: int, seed: int) -> list[Position]:
    """80 % near a store (where crowds and ties are), 15 % around a city, 5 % anywhere."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.8:
            row = rng.randrange(len(table))
            lat = float(table.lat[row]) + rng.gauss(0, 0.02)
            lon = float(table.lon[row]) + rng.gauss(0, 0.02)
        elif roll < 0.95:
            city = rng.choice(CITIES)
            lat, lon = city.lat + rng.gauss(0, 0.3), city.lon + rng.gauss(0, 0.3)
        else:
            lat, lon = rng.uniform(-90, 90), rng.uniform(-180, 180)
        out.append(Position(max(-90.0, min(90.0, lat)), lon))
    return out


def week_times(count: int, seed: int) -> list[datetime]:
    rng = random.Random(seed)
    return [MONDAY + timedelta(minutes=rng.randrange(7 * 24 * 60)) for _ in range(count)]


def breakfast_times(count: int, seed: int) -> list[datetime]:
    """06:30-10:30 local on any day: when customers actually ask."""
    rng = random.Random(seed)
    return [
        MONDAY + timedelta(days=rng.randrange(7), minutes=390 + rng.randrange(240))
        for _ in range(count)
    ]


class BruteForce:
    """The reference: all distances, all open flags, vectorised."""

    def __init__(self, table: StoreTable) -> None:
        self.table = table
        self.ids = id_ranks(table)
        self.hours = table.hours_arrays()
        self.all_rows = np.arange(len(table), dtype=np.int64)

    def distances(self, p: Position) -> np.ndarray:  # type: ignore[type-arg]
        return haversine_m(p.lat, p.lon, self.table.lat, self.table.lon)

    def nearest(
        self,
        p: Position,
        k: int,
        at: datetime | None,
        distances: np.ndarray | None = None,  # type: ignore[type-arg]
    ) -> list[Hit]:
        d = self.distances(p) if distances is None else distances
        if at is None:
            return rank(d, self.ids, self.all_rows, min(k, len(self.table)))
        rows = np.flatnonzero(self.table.open_mask(at, self.hours)).astype(np.int64)
        if rows.size == 0:
            return []
        return rank(d[rows], self.ids, rows, min(k, rows.size))


def exactness(table: StoreTable, index: StoreIndex, count: int) -> None:
    brute = BruteForce(table)
    points = queries(table, count, seed=len(table))
    times = week_times(count, seed=len(table) + 1)
    rng = random.Random(9)
    mismatches = {"no filter": 0, "open-now filter": 0}
    empty = 0
    started = time.perf_counter()
    for p, at in zip(points, times, strict=True):
        k = rng.choice((1, 1, 3, 10))
        d = brute.distances(p)
        if index.nearest(p, k=k) != brute.nearest(p, k, None, d):
            mismatches["no filter"] += 1
        expected = brute.nearest(p, k, at, d)
        empty += not expected
        if index.nearest(p, k=k, at=at) != expected:
            mismatches["open-now filter"] += 1
    elapsed = time.perf_counter() - started
    print(
        f"  exactness at {len(table):>9,} stores: {count:,} random queries (k in 1,3,10; times "
        f"across the week), mismatches: no filter {mismatches['no filter']}, "
        f"open-now filter {mismatches['open-now filter']}  ({elapsed:.0f} s)"
    )


def percentiles(samples: list[float]) -> tuple[float, float]:
    values = np.array(samples) * 1e6
    return float(np.percentile(values, 50)), float(np.percentile(values, 99))


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def in_service_area(table: StoreTable, points: list[Position]) -> list[bool]:
    """Inside the stores' own bounding box (plus a degree): where customers are. Most of the
    5 % of queries from anywhere on Earth fall outside it; from the far side of the planet
    every store is almost equally far (the k-d tree's worst case, answered from the stores'
    outer layers instead), so latency is also reported for each side apart."""
    lat_lo, lat_hi = float(table.lat.min()) - 1, float(table.lat.max()) + 1
    lon_lo, lon_hi = float(table.lon.min()) - 1, float(table.lon.max()) + 1
    return [lat_lo <= p.lat <= lat_hi and lon_lo <= p.lon <= lon_hi for p in points]


def latency(table: StoreTable, index: StoreIndex, count: int, brute_count: int) -> None:
    brute = BruteForce(table)
    points = queries(table, count, seed=7)
    inside = in_service_area(table, points)
    for label, times in (
        ("k=1, open-now filter, times across the week", week_times(count, 3)),
        ("k=1, open-now filter, breakfast hours", breakfast_times(count, 4)),
        ("k=1, no filter", [None] * count),
        ("k=5, open-now filter, breakfast hours", breakfast_times(count, 5)),
    ):
        k = 5 if label.startswith("k=5") else 1
        for p, at in zip(points[:200], times[:200], strict=True):  # warm the caches
            index.nearest(p, k=k, at=at)
        gc.collect()
        ours = [
            timed(lambda p=p, at=at, k=k: index.nearest(p, k=k, at=at))
            for p, at in zip(points, times, strict=True)
        ]
        theirs = [
            timed(lambda p=p, at=at, k=k: brute.nearest(p, k, at))
            for p, at in zip(points[:brute_count], times[:brute_count], strict=True)
        ]
        o50, o99 = percentiles(ours)
        b50, b99 = percentiles(theirs)
        a50, a99 = percentiles([t for t, near in zip(ours, inside, strict=True) if near])
        f50, f99 = percentiles([t for t, near in zip(ours, inside, strict=True) if not near])
        print(
            f"  {len(table):>9,} stores  {label:<46} index p50 {o50:7.1f} µs  p99 {o99:7.1f} µs"
            f"  | brute force p50 {b50:9.1f} µs  p99 {b99:9.1f} µs  | speed-up p50 "
            f"{b50 / o50:7.0f}x  p99 {b99 / o99:7.0f}x  | in the service area "
            f"({sum(inside):,} queries) p50 {a50:6.1f} µs  p99 {a99:6.1f} µs"
            f"  | outside it ({count - sum(inside):,}) p50 {f50:6.1f} µs  p99 {f99:6.1f} µs"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer stores and queries")
    parser.add_argument(
        "--skip-exactness", action="store_true", help="only build and latency (minutes, not 20)"
    )
    args = parser.parse_args()
    sizes = (5_000, 100_000, 1_000_000) if not args.quick else (5_000, 100_000)
    exact_queries = 10_000 if not args.quick else 1_000
    latency_queries = 20_000 if not args.quick else 2_000
    print(
        f"store locator benchmark — Python {platform.python_version()}, numpy {np.__version__}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}"
    )
    tables: dict[int, StoreTable] = {}
    indexes: dict[int, StoreIndex] = {}
    print("generation and index build")
    StoreIndex(generate_table(100, seed=1))  # imports scipy, outside the timings
    for size in sizes:
        started = time.perf_counter()
        tables[size] = generate_table(size, seed=1)
        generated = time.perf_counter() - started
        gc.collect()
        rss_before = rss_bytes()
        tracemalloc.start()
        started = time.perf_counter()
        indexes[size] = StoreIndex(tables[size])
        built = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        traced = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        rss_after = rss_bytes()
        print(
            f"  {size:>9,} stores: generated in {generated:6.2f} s; index built in {built:6.2f} s;"
            f" index memory {traced / 2**20:6.1f} MiB traced (peak {peak / 2**20:6.1f} MiB),"
            f" RSS +{(rss_after - rss_before) / 2**20:6.1f} MiB"
        )
    if not args.skip_exactness:
        print("exactness (index vs brute force, bit-for-bit distances and order)")
        for size in (sizes[0], sizes[-1]):
            exactness(tables[size], indexes[size], exact_queries)
    print("query latency (single queries, one thread)")
    for size in sizes:
        brute_count = min(latency_queries, max(200, 2_000_000_000 // (size * 1_000)))
        latency(tables[size], indexes[size], latency_queries, brute_count)
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
