"""Exact nearest-k stores by great-circle distance, optionally only those open and serving
breakfast at a moment.

Stores become unit vectors in a k-d tree (scipy's cKDTree). Chord length grows with arc
length, so the tree's nearest stores by chord are a superset of the nearest by arc once we keep
every candidate within a hair (`CHORD_SLACK`, ~6 mm) of the k-th: floating-point error can
never push the true answer out. The survivors are then ranked by `geo.haversine_m` and store
id, exactly as the brute-force reference ranks all stores, so both agree to the last bit.

With a filter, the tree is asked for more candidates than k (in proportion to the share of
stores open), growing until enough open ones are found; past a quarter of all stores it hands
over to the brute force. Which stores are open depends only on each time zone's local weekday
and minute, so the open-or-not flag per (time zone, hours pattern, breakfast) is cached per
minute: a query looks up its candidates' flags and never scans all stores.

From far outside the stores' area (the far side of the planet: every store almost equally
far) the tree would visit most of its leaves; those queries are answered from the stores'
outer layers instead (`layers.OuterLayers`: a few hundred candidates, the same ranking).
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from store_locator.errors import InvalidQuery
from store_locator.layers import OuterLayers

if TYPE_CHECKING:
    from scipy.spatial import cKDTree
from store_locator.geo import (
    FloatArray,
    Position,
    haversine_m,
    haversine_rad,
    unit_vector,
    unit_vectors,
)
from store_locator.model import local_weekday_minute
from store_locator.table import BoolArray, HoursArrays, IntArray, StoreTable

CHORD_SLACK = 1e-9  # on the unit sphere: about 6 mm on the Earth, far above rounding error
BRUTE_FORCE_SHARE = 0.25
CACHE_BYTES = 64 * 2**20
SMALL = 32
SPARSE_SHARE = 0.5  # below this share of stores open, search a tree of the open ones only
SUBTREES = 4


@dataclass(frozen=True, slots=True)
class Hit:
    """One answer: the store's row in the table and its distance."""

    row: int
    distance_m: float


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise InvalidQuery(f"k must be a whole number >= 1, not {k!r}")


@dataclass(frozen=True, slots=True, eq=False)
class Radians:
    """Store positions in radians with the cosine of latitude, computed once."""

    phi: FloatArray
    lam: FloatArray
    cos_phi: FloatArray

    @classmethod
    def of(cls, table: StoreTable) -> Radians:
        phi = np.radians(table.lat)
        return cls(phi, np.radians(table.lon), np.cos(phi))

    def distances(self, position: Position, rows: IntArray) -> FloatArray:
        """`haversine_m` from `position` to the stores in `rows`."""
        return haversine_rad(
            position.lat, position.lon, self.phi[rows], self.lam[rows], self.cos_phi[rows]
        )


def rank(distances: FloatArray, id_rank: IntArray, rows: IntArray, k: int) -> list[Hit]:
    """The `k` nearest of `rows` (at `distances`), ties by store id."""
    if rows.size <= SMALL:
        # Python compares the same doubles as numpy would, with less overhead for a few rows.
        best = sorted(zip(distances.tolist(), id_rank[rows].tolist(), rows.tolist(), strict=True))
        return [Hit(row, distance) for distance, _, row in best[:k]]
    if rows.size > k:
        # Keep every row as close as the k-th (ties included), then sort those only.
        kth = np.partition(distances, k - 1)[k - 1]
        keep = distances <= kth
        rows, distances = rows[keep], distances[keep]
    order = np.lexsort((id_rank[rows], distances))[:k]
    return [Hit(int(r), float(d)) for r, d in zip(rows[order], distances[order], strict=True)]


def id_ranks(table: StoreTable) -> IntArray:
    """Each row's position in id order: ties in distance go to the smaller id."""
    order = np.argsort(np.asarray(table.ids), kind="stable")
    ranks = np.empty(len(table), dtype=np.int64)
    ranks[order] = np.arange(len(table), dtype=np.int64)
    return ranks


def brute_force(
    table: StoreTable,
    position: Position,
    *,
    k: int = 1,
    at: datetime | None = None,
    id_rank: IntArray | None = None,
    hours: HoursArrays | None = None,
) -> list[Hit]:
    """The reference answer: every store's distance computed, the open filter evaluated for
    every store, then the k nearest by (distance, id)."""
    _check_k(k)
    ids = id_rank if id_rank is not None else id_ranks(table)
    if at is None:
        rows = np.arange(len(table), dtype=np.int64)
    else:
        rows = np.flatnonzero(table.open_mask(at, hours)).astype(np.int64)
    if rows.size == 0:
        return []
    distances = haversine_m(position.lat, position.lon, table.lat[rows], table.lon[rows])
    return rank(distances, ids, rows, min(k, rows.size))


def _kd_tree(points: FloatArray) -> cKDTree:
    """scipy is imported only where an index is built: commands without stores skip its cost."""
    from scipy.spatial import cKDTree

    return cKDTree(points)


@dataclass(frozen=True, slots=True, eq=False)
class _Open:
    """Which stores are open at a moment: by code, how many, the open codes and a key
    naming them (the same for every moment with the same stores open)."""

    allowed: BoolArray
    count: int
    codes: npt.NDArray[np.intp]
    key: bytes


@dataclass(frozen=True, slots=True, eq=False)
class _Tree:
    """A k-d tree over some stores' unit vectors; `rows` maps its points to table rows."""

    tree: cKDTree
    rows: IntArray | None  # None: every store, in table order

    @property
    def size(self) -> int:
        return int(self.tree.n)


class StoreIndex:
    """Nearest stores over one `StoreTable`, built once; safe to query from many threads."""

    def __init__(self, table: StoreTable) -> None:
        self.table = table
        self._size = len(table)
        vectors = unit_vectors(table.lat, table.lon)
        self._tree = _Tree(_kd_tree(vectors), None) if self._size else None
        self._id_rank = id_ranks(table)
        self._radians = Radians.of(table)
        self._hours = table.hours_arrays()
        # One code per (time zone, hours pattern, breakfast): all a store's filter depends on.
        n_hours = max(len(table.hours), 1)
        self._n_codes = len(table.timezones) * n_hours * 2
        self._code = (table.tz_code * n_hours + table.hours_code) * 2 + table.breakfast
        self._code_count = np.bincount(self._code, minlength=self._n_codes)
        by_code = np.argsort(self._code, kind="stable")
        starts = np.concatenate(([0], np.cumsum(self._code_count)))
        self._layers = OuterLayers(
            vectors,
            [by_code[starts[c] : starts[c + 1]] for c in range(self._n_codes)],
        )
        self._all_codes = np.flatnonzero(self._code_count)
        self._all_key = b"all" + self._all_codes.tobytes()
        self._cache: OrderedDict[tuple[tuple[int, int], ...], _Open] = OrderedDict()
        self._cache_size = max(16, CACHE_BYTES // max(self._n_codes, 1))
        self._subtrees: OrderedDict[bytes, _Tree] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return self._size

    def nearest(self, position: Position, *, k: int = 1, at: datetime | None = None) -> list[Hit]:
        """The `k` nearest stores to `position` (fewer if there are fewer), nearest first, ties
        by id; with `at`, only stores open and serving breakfast at that moment."""
        _check_k(k)
        if self._tree is None:
            return []
        point = unit_vector(position.lat, position.lon)
        if at is None:
            k = min(k, self._size)
            rows = self._layers.shortlist(point, k, self._all_codes, self._all_key)
            if rows is not None:
                return self._rank(position, rows, k)
            return self._search(self._tree, position, point, k, None, self._size)
        found = self._open_codes(at)
        if found.count == 0:
            return []
        k = min(k, found.count)
        rows = self._layers.shortlist(point, k, found.codes, found.key)
        if rows is not None:
            return self._rank(position, rows, k)
        if found.count < SPARSE_SHARE * self._size:
            tree = self._open_tree(found.allowed, found.key)
            return self._search(tree, position, point, k, None, found.count)
        return self._search(self._tree, position, point, k, found.allowed, found.count)

    def open_count(self, at: datetime) -> int:
        """How many stores are open and serving breakfast at `at`."""
        return self._open_codes(at).count

    def _search(
        self,
        tree: _Tree,
        position: Position,
        point: tuple[float, float, float],
        k: int,
        allowed: BoolArray | None,
        eligible: int,
    ) -> list[Hit]:
        size = tree.size
        # One more candidate than needed proves there is no tie just beyond the k-th.
        wanted = (k + 1) * size / eligible
        count = min(size, math.ceil(wanted * (1.0 if allowed is None else 1.5)) + 1)
        while count <= BRUTE_FORCE_SHARE * size or count == size:
            found_chords, found = tree.tree.query(point, k=count)
            chords, rows = np.atleast_1d(found_chords), np.atleast_1d(found)
            if tree.rows is not None:
                rows = tree.rows[rows]
            if allowed is not None:
                keep = allowed[self._code[rows]]
                open_chords, open_rows = chords[keep], rows[keep]
            else:
                open_chords, open_rows = chords, rows
            if open_rows.size >= k:
                reach = open_chords[k - 1] + CHORD_SLACK
                if chords[-1] > reach or count == size:
                    candidates = open_rows[open_chords <= reach].astype(np.int64)
                    return self._rank(position, candidates, k)
            if count == size:
                break
            count = min(size, count * 4)
        return self._brute_force(position, k, allowed, tree)

    def _brute_force(
        self, position: Position, k: int, allowed: BoolArray | None, tree: _Tree
    ) -> list[Hit]:
        if tree.rows is not None:
            rows = tree.rows
        elif allowed is None:
            rows = np.arange(self._size, dtype=np.int64)
        else:
            rows = np.flatnonzero(allowed[self._code]).astype(np.int64)
        return self._rank(position, rows, k)

    def _rank(self, position: Position, rows: IntArray, k: int) -> list[Hit]:
        return rank(self._radians.distances(position, rows), self._id_rank, rows, k)

    def _open_tree(self, allowed: BoolArray, key: bytes) -> _Tree:
        """A tree of only the stores `allowed` lets through (few: e.g. at night), kept for
        the next queries in the same state."""
        found = self._subtrees.get(key)
        if found is not None:
            return found
        with self._lock:
            found = self._subtrees.get(key)
            if found is None:
                assert self._tree is not None
                rows = np.flatnonzero(allowed[self._code]).astype(np.int64)
                found = _Tree(_kd_tree(self._tree.tree.data[rows]), rows)
                self._subtrees[key] = found
                if len(self._subtrees) > SUBTREES:
                    self._subtrees.popitem(last=False)
        return found

    def _open_codes(self, at: datetime) -> _Open:
        key = tuple(local_weekday_minute(at, name) for name in self.table.timezones)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        n_hours = max(len(self.table.hours), 1)
        allowed = np.zeros((len(self.table.timezones), n_hours, 2), dtype=np.bool_)
        for code, (weekday, minute) in enumerate(key):
            allowed[code, : len(self.table.hours), 1] = self._hours.open_at(weekday, minute)
        flat = allowed.reshape(-1)
        codes = np.flatnonzero(flat & (self._code_count > 0))
        entry = _Open(flat, int(self._code_count[flat].sum()), codes, codes.tobytes())
        self._cache[key] = entry
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return entry
