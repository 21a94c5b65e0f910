"""Exact nearest stores for queries far from every store, from the stores' outer layers.

From the far side of the planet every store is almost equally far, and a k-d tree visits most
of its leaves (milliseconds at a million stores). This answers those queries from a few
hundred stores instead.

Why it is exact. The nearest store to a query q (a unit vector) is the store x with the
largest dot product q·x. Seen from a direction c with c·x > 0 for every store, a store is
x = z·c + y, with y its projection on the plane orthogonal to c and z = sqrt(1 - |y|²), so

    q·x = f(y) = (q·c)·sqrt(1 - |y|²) + q·y.

When q·c <= 0, f is convex in y, and a convex function is no larger anywhere in a polygon
than at one of its corners. So peel the projected stores like an onion (their convex hull,
then the hull of what is left, ...): a store under the first L layers lies inside the
polygon of layer L, so it is no nearer to q than the nearest store of layer L. The top k of
layers 1..L are therefore the top k of all stores whenever the k-th of them is clearly nearer
(by `MARGIN`) than the best of layer L; L = k + 1 almost always suffices. Otherwise the
caller falls back to the k-d tree. The candidates are ranked with the same haversine
distance and id tie-break as the brute force.

A query can use a direction c only if q·c <= 0, and every store must have c·x > 0. With the
stores in a cap of radius R around their centre, a ring of `DIRECTIONS` directions tilted
90° - R (less a margin) from the centre serves every query far enough outside the cap (for
the mock stores in China, R = 25° and every query more than 31.5° from the centre). Nearer
queries go to the k-d tree, which is fast there.

The open-now filter: stores with the same code (time zone, opening hours, breakfast) open and
close together, so each code is peeled separately and a query uses the layers of the codes
open at its moment.

Peeling a million points stays cheap because only the rim is peeled. Peeling more points
never makes a point shallower, so once a sample of a group is peeled `FENCE_DEPTH` times, the
hull of what is left of the sample (the fence) survives that many layers of the whole group;
stores inside the fence are left out. Should a fence store be peeled all the same (a larger
k), the group is peeled again behind a deeper fence.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from store_locator.geo import FloatArray
from store_locator.table import BoolArray, IntArray

DIRECTIONS = 6
TILT_MARGIN = math.radians(3.0)  # keeps every store well in front of each direction
MIN_TILT = math.radians(10.0)  # stores spread wider than this leaves: no far side to serve
FACING = -1e-12  # q·c must be below this (not just <= 0) despite rounding in q
MARGIN = 1e-9  # dot-product units: far above rounding in dots, haversines and hulls
TIE = 1e-11  # candidates this close to the k-th in dot product are ranked by haversine
SAMPLE = 2_000  # stores per group sampled to draw a fence around the inside
FENCE_DEPTH = 4  # sample layers outside the fence: enough for k <= 3
SMALL_GROUP = 4_096  # peeled whole, without fencing off the inside
MAX_K = 32  # larger k: the caller's general path
CANDIDATE_SETS = 512  # (direction, open codes, k) candidate sets kept


@dataclass(frozen=True, slots=True, eq=False)
class Candidates:
    """Stores that must contain the answer for one (direction, open codes, k): their rows,
    unit vectors, and how many of the first ones bound all the rest of the stores."""

    rows: IntArray
    vectors: FloatArray
    bounding: int  # rows[:bounding]: the deepest layer of each group that has stores under it


@dataclass(slots=True, eq=False)
class _Peel:
    """One group of stores seen from one direction, peeled layer by layer on demand."""

    points: FloatArray  # (n, 2): projections of the stores still considered
    rows: IntArray  # their table rows
    fence: BoolArray  # the stores whose hull fences off the ones left out
    layers: list[IntArray] = field(default_factory=list)  # table rows of each layer
    left: npt.NDArray[np.intp] | None = None  # positions (in points) not yet peeled
    broken: bool = False  # a fence store was peeled: peel again behind a deeper fence
    depth: int = 0  # layers of the sample peeled before drawing the fence (0: no fence)

    @property
    def exhausted(self) -> bool:
        return self.left is not None and self.left.size == 0


def _hull(points: FloatArray) -> npt.NDArray[np.intp] | None:
    """Positions of the hull's corners and of the points on its edges (Qhull's coplanar
    points), or None when Qhull cannot draw one (fewer than 3 points, all on a line)."""
    from scipy.spatial import ConvexHull, QhullError

    if len(points) < 3:
        return None
    try:
        hull = ConvexHull(points, qhull_options="Qc")
    except QhullError:
        return None
    on_hull = np.asarray(hull.vertices, dtype=np.intp)
    if len(hull.coplanar):
        on_hull = np.union1d(on_hull, np.asarray(hull.coplanar[:, 0], dtype=np.intp))
    return on_hull


def _inside(polygon: FloatArray, points: FloatArray) -> BoolArray:
    """Which `points` are inside the convex counter-clockwise `polygon`, by more than 1e-9
    across: between its left and right chains at their height."""
    inside = np.zeros(len(points), dtype=np.bool_)
    ys = polygon[:, 1]
    bottom, top = int(ys.argmin()), int(ys.argmax())
    if len(polygon) < 3 or ys[top] - ys[bottom] <= 2e-9:
        return inside
    turn = np.roll(polygon, -bottom, axis=0)  # counter-clockwise from the bottom
    split = (top - bottom) % len(polygon)
    right = turn[: split + 1]  # bottom to top, y rising
    left = np.vstack((turn[split:], turn[:1]))[::-1]  # bottom to top along the other side
    x, y = points[:, 0], points[:, 1]
    within = (y > ys[bottom] + 1e-9) & (y < ys[top] - 1e-9)
    x, y = x[within], y[within]
    inside[within] = (x > np.interp(y, left[:, 1], left[:, 0]) + 1e-9) & (
        x < np.interp(y, right[:, 1], right[:, 0]) - 1e-9
    )
    return inside


def _fenced_peel(points: FloatArray, rows: IntArray, depth: int) -> _Peel:
    """A peel of the stores `rows` (projected to `points`) that leaves out the stores deep
    inside a fence: the hull of a sample of them once `depth` layers of the sample are peeled.
    Adding points never makes a point shallower, so the fence holds for `depth` layers."""
    from scipy.spatial import ConvexHull, QhullError

    no_fence = np.zeros(len(rows), dtype=np.bool_)
    if len(rows) <= SMALL_GROUP:
        return _Peel(points.copy(), rows, no_fence)  # a copy: not a view of every projection
    step = max(1, len(rows) // SAMPLE)
    sample = _Peel(points[::step], rows[::step], no_fence[::step])
    _peel_to(sample, depth)
    if sample.left is None or sample.left.size < 3:
        return _Peel(points.copy(), rows, no_fence)
    try:
        corners = sample.left[ConvexHull(sample.points[sample.left]).vertices]
    except QhullError:
        return _Peel(points.copy(), rows, no_fence)
    deep = _inside(sample.points[corners], points)
    fence = no_fence.copy()
    fence[corners * step] = True
    keep = np.flatnonzero(~deep | fence)
    return _Peel(points[keep], rows[keep], fence[keep], depth=depth)


def _peel_to(peel: _Peel, count: int) -> None:
    """Peel until `count` layers exist or nothing is left."""
    if peel.left is None:
        peel.left = np.arange(len(peel.rows), dtype=np.intp)
    while len(peel.layers) < count and peel.left.size:
        on_hull = _hull(peel.points[peel.left])
        if on_hull is None or on_hull.size == peel.left.size:
            layer, peel.left = peel.left, peel.left[:0]
        else:
            layer = peel.left[on_hull]
            peel.left = np.delete(peel.left, on_hull)
        if peel.fence[layer].any():
            peel.broken = True
            return
        peel.layers.append(peel.rows[layer])


class OuterLayers:
    """The far-query index over unit vectors `vectors`, grouped by `groups` (one array of
    rows per code; rows of a code open and close together)."""

    def __init__(self, vectors: FloatArray, groups: Sequence[IntArray]) -> None:
        self.vectors = vectors
        self.directions: list[tuple[float, float, float]] = []
        self._groups = groups
        self._bases: list[FloatArray] = []
        self._peels: list[list[_Peel]] = []
        self._candidates: OrderedDict[tuple[int, bytes, int], Candidates] = OrderedDict()
        self._lock = threading.Lock()
        self.reach = -2.0  # q·centre must be below this for a direction to serve q
        self.centre = (0.0, 0.0, 1.0)
        if len(vectors) == 0:
            return
        centre = vectors.sum(axis=0)
        norm = float(np.linalg.norm(centre))
        if norm == 0.0:
            return
        centre /= norm
        radius = math.acos(max(-1.0, min(1.0, float((vectors @ centre).min()))))
        tilt = math.pi / 2 - radius - TILT_MARGIN
        if tilt < MIN_TILT:
            return
        # Any query farther than this from the centre has a direction at least 90° away.
        self.reach = math.cos(math.atan(1.0 / (math.tan(tilt) * math.cos(math.pi / DIRECTIONS))))
        e1 = np.cross(centre, (0.0, 0.0, 1.0) if abs(centre[2]) < 0.9 else (1.0, 0.0, 0.0))
        e1 /= np.linalg.norm(e1)
        e2 = np.cross(centre, e1)
        # The stores group by group, so that each group's projections are one slice.
        grouped = vectors[np.concatenate(groups)] if groups else vectors[:0]
        starts = np.cumsum([0] + [len(rows) for rows in groups])
        for j in range(DIRECTIONS):
            angle = 2 * math.pi * j / DIRECTIONS
            side = math.cos(angle) * e1 + math.sin(angle) * e2
            direction = math.cos(tilt) * centre + math.sin(tilt) * side
            # Two unit vectors orthogonal to the direction and to each other.
            basis = np.column_stack(
                (math.cos(tilt) * side - math.sin(tilt) * centre, np.cross(centre, side))
            )
            projected = grouped @ basis
            peels = []
            for rows, start in zip(groups, starts[:-1].tolist(), strict=True):
                peel = _fenced_peel(projected[start : start + len(rows)], rows, FENCE_DEPTH)
                _peel_to(peel, 2)
                peels.append(peel)
            self.directions.append((float(direction[0]), float(direction[1]), float(direction[2])))
            self._bases.append(basis)
            self._peels.append(peels)
        self.centre = (float(centre[0]), float(centre[1]), float(centre[2]))

    def _candidate_set(
        self, direction: int, codes: npt.NDArray[np.intp], key: bytes, k: int
    ) -> Candidates:
        """The candidates for queries served by `direction` with the groups `codes` (named
        by `key`) open."""
        found = self._candidates.get((direction, key, k))
        if found is not None:
            return found
        with self._lock:
            found = self._candidates.get((direction, key, k))
            if found is not None:
                return found
            bounding: list[IntArray] = []
            rest: list[IntArray] = []
            for code in codes.tolist():
                peel = self._peels[direction][code]
                _peel_to(peel, k + 1)
                while peel.broken:  # rare: peel the group again behind a deeper fence
                    group = self._groups[code]
                    points = self.vectors[group] @ self._bases[direction]
                    peel = _fenced_peel(points, group, 2 * max(peel.depth, k + 1))
                    self._peels[direction][code] = peel
                    _peel_to(peel, k + 1)
                if peel.exhausted:
                    rest.extend(peel.layers)
                else:
                    bounding.append(peel.layers[k])
                    rest.extend(peel.layers[:k])
            rows = np.concatenate(bounding + rest) if bounding or rest else np.empty(0, np.int64)
            found = Candidates(
                rows.astype(np.int64),
                np.ascontiguousarray(self.vectors[rows]),
                int(sum(len(b) for b in bounding)),
            )
            self._candidates[(direction, key, k)] = found
            if len(self._candidates) > CANDIDATE_SETS:
                self._candidates.popitem(last=False)
            return found

    def shortlist(
        self, point: tuple[float, float, float], k: int, codes: npt.NDArray[np.intp], key: bytes
    ) -> IntArray | None:
        """Rows holding the `k` stores of the groups `codes` nearest to `point` and every
        store as near as the k-th; None when the query is not far enough for this index."""
        x, y, z = point
        cx, cy, cz = self.centre
        if x * cx + y * cy + z * cz > self.reach or k > MAX_K:
            return None
        served, lowest = -1, FACING
        for j, (dx, dy, dz) in enumerate(self.directions):
            dot = x * dx + y * dy + z * dz
            if dot < lowest:
                served, lowest = j, dot
        if served < 0:
            return None
        found = self._candidate_set(served, codes, key, k)
        dots = found.vectors @ np.array(point)
        if k == 1:
            kth = float(dots.max())
        else:
            kth = float(np.partition(dots, dots.size - k)[dots.size - k])
        if found.bounding and kth <= float(dots[: found.bounding].max()) + MARGIN:
            return None
        shortlist: IntArray = found.rows[dots >= kth - TIE]
        return shortlist
