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
    EARTH_RADIUS_M,
    FloatArray,
    Position,
    haversine_m,
    haversine_rad,
    unit_vector,
    unit_vectors,
)
from store_locator.model import local_weekday_minute
from store_locator.table import BoolArray, HoursArrays, IntArray, StoreTable

DIAMETER_M = 2.0 * EARTH_RADIUS_M  # as `geo.haversine_rad` multiplies it
CHORD_SLACK = 1e-9  # on the unit sphere: about 6 mm on the Earth, far above rounding error
BRUTE_FORCE_SHARE = 0.25
CACHE_BYTES = 64 * 2**20
MOMENTS = 4_096
SMALL = 32
SPARSE_SHARE = 0.5  # below this share of stores open, search a tree of the open ones only
SUBTREES = 4


@dataclass(frozen=True, slots=True)
class Hit:
    """One answer: the store's row in the table and its distance."""

    row: int
    distance_m: float


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise InvalidQuery(f"k must be a whole number >= 1, not {k!r}")


@dataclass(frozen=True, slots=True, eq=False)
class Radians:
    """Store positions in radians with the cosine of latitude, computed once: one row per
    store in `packed`, and its columns."""

    packed: FloatArray  # (n, 3): phi, lam, cos_phi

    @classmethod
    def of(cls, table: StoreTable) -> Radians:
        packed = np.empty((len(table), 3), dtype=np.float64)
        packed[:, 0] = np.radians(table.lat)
        packed[:, 1] = np.radians(table.lon)
        packed[:, 2] = np.cos(packed[:, 0])
        return cls(packed)

    def distances(self, position: Position, rows: IntArray) -> FloatArray:
        """`haversine_m` from `position` to the stores in `rows`."""
        phi, lam, cos_phi = self.packed[:, 0], self.packed[:, 1], self.packed[:, 2]
        return haversine_rad(position.lat, position.lon, phi[rows], lam[rows], cos_phi[rows])

    def few_distances(self, position: Position, rows: list[int]) -> list[float]:
        """`distances` to a few stores, faster: the operations of `geo.haversine_rad` on the
        same numbers, in plain floats except for sin and arcsin, left to numpy."""
        phi1 = math.radians(position.lat)
        lam1 = math.radians(position.lon)
        cos1 = math.cos(phi1)
        stores = self.packed[rows].tolist()
        halves: list[float] = []
        for phi2, lam2, _ in stores:
            halves += ((phi2 - phi1) * 0.5, (lam2 - lam1) * 0.5)
        sines = np.sin(np.array(halves)).tolist()
        roots = [
            math.sqrt(min(s_phi * s_phi + cos1 * cos2 * (s_lam * s_lam), 1.0))
            for (_, _, cos2), s_phi, s_lam in zip(stores, sines[::2], sines[1::2], strict=True)
        ]
        return [DIAMETER_M * a for a in np.arcsin(np.array(roots)).tolist()]


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
    flags: list[bool]  # `allowed` as a list
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
        self._moments: dict[datetime, _Open] = {}  # the same, by moment
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
        return self._search(self._tree, position, point, k, found, found.count)

    def open_count(self, at: datetime) -> int:
        """How many stores are open and serving breakfast at `at`."""
        return self._open_codes(at).count

    def _search(
        self,
        tree: _Tree,
        position: Position,
        point: tuple[float, float, float],
        k: int,
        found: _Open | None,
        eligible: int,
    ) -> list[Hit]:
        size = tree.size
        # One more candidate than needed proves there is no tie just beyond the k-th.
        wanted = (k + 1) * size / eligible
        count = min(size, math.ceil(wanted * (1.0 if found is None else 1.5)) + 1)
        while count <= BRUTE_FORCE_SHARE * size or count == size:
            found_chords, found_rows = tree.tree.query(point, k=count)
            rows = np.atleast_1d(found_rows)
            if tree.rows is not None:
                rows = tree.rows[rows]
            if count <= SMALL:
                hits = self._few_candidates(position, found_chords, rows, k, found, count == size)
                if hits is not None:
                    return hits
            else:
                chords = np.atleast_1d(found_chords)
                if found is not None:
                    keep = found.allowed[self._code[rows]]
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
        return self._brute_force(position, k, None if found is None else found.allowed, tree)

    def _few_candidates(
        self,
        position: Position,
        found_chords: FloatArray | float,
        rows: IntArray,
        k: int,
        found: _Open | None,
        complete: bool,
    ) -> list[Hit] | None:
        """`_search`'s step for a few candidates (every store of the tree if `complete`), in
        plain Python: less overhead. None when they are not enough."""
        chords: list[float] = np.atleast_1d(found_chords).tolist()
        row_list: list[int] = rows.tolist()
        if found is None:
            open_pairs = list(zip(chords, row_list, strict=True))
        else:
            flags = found.flags
            codes: list[int] = self._code[rows].tolist()
            open_pairs = [
                (chord, row)
                for chord, row, code in zip(chords, row_list, codes, strict=True)
                if flags[code]
            ]
        if len(open_pairs) < k:
            return None
        reach = open_pairs[k - 1][0] + CHORD_SLACK
        if chords[-1] <= reach and not complete:
            return None
        return self._rank_few(position, [row for chord, row in open_pairs if chord <= reach], k)

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
        if rows.size <= SMALL:
            return self._rank_few(position, rows.tolist(), k)
        return rank(self._radians.distances(position, rows), self._id_rank, rows, k)

    def _rank_few(self, position: Position, rows: list[int], k: int) -> list[Hit]:
        distances = self._radians.few_distances(position, rows)
        if len(rows) == 1:
            return [Hit(rows[0], distances[0])]
        id_rank = self._id_rank.item
        best = sorted(zip(distances, [id_rank(row) for row in rows], rows, strict=True))
        return [Hit(row, distance) for distance, _, row in best[:k]]

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
        found = self._moments.get(at)  # datetimes hash fast: their hash is cached
        if found is not None:
            return found
        key = tuple(local_weekday_minute(at, name) for name in self.table.timezones)
        found = self._cache.get(key)
        if found is None:
            found = self._compute_open_codes(key)
        if len(self._moments) >= MOMENTS:
            self._moments.clear()
        self._moments[at] = found
        return found

    def _compute_open_codes(self, key: tuple[tuple[int, int], ...]) -> _Open:
        n_hours = max(len(self.table.hours), 1)
        allowed = np.zeros((len(self.table.timezones), n_hours, 2), dtype=np.bool_)
        for code, (weekday, minute) in enumerate(key):
            allowed[code, : len(self.table.hours), 1] = self._hours.open_at(weekday, minute)
        flat = allowed.reshape(-1)
        codes = np.flatnonzero(flat & (self._code_count > 0))
        count = int(self._code_count[flat].sum())
        entry = _Open(flat, flat.tolist(), count, codes, codes.tobytes())
        self._cache[key] = entry
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return entry
