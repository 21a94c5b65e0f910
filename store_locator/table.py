"""Stores as columns (numpy arrays and lists): what the generator makes and the index reads,
so a million stores never have to exist as a million objects."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import numpy.typing as npt

from store_locator.model import MINUTES_PER_DAY, OpeningHours, Store, local_weekday_minute

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True, eq=False)
class HoursArrays:
    """Opening hours of distinct patterns as arrays of shape (patterns, 7), for vector checks.
    Open at (w, m) when `start[w] <= m < same_end[w]` or `m < next_end[w - 1]`."""

    start: IntArray
    same_end: IntArray
    next_end: IntArray

    @classmethod
    def of(cls, patterns: Sequence[OpeningHours]) -> HoursArrays:
        count = len(patterns)
        start = np.full((count, 7), MINUTES_PER_DAY, dtype=np.int64)  # closed: never started
        same_end = np.zeros((count, 7), dtype=np.int64)
        next_end = np.zeros((count, 7), dtype=np.int64)
        for p, hours in enumerate(patterns):
            for w, day in enumerate(hours.days):
                if day is not None:
                    start[p, w] = day.opens
                    same_end[p, w] = day.same_day_end
                    next_end[p, w] = day.next_day_end
        return cls(start, same_end, next_end)

    def open_at(self, weekday: int, minute: int) -> BoolArray:
        """Which patterns are open at local `minute` of `weekday`."""
        today = (self.start[:, weekday] <= minute) & (minute < self.same_end[:, weekday])
        return today | (minute < self.next_end[:, (weekday - 1) % 7])


@dataclass(frozen=True, slots=True, eq=False)
class StoreTable:
    """Stores as columns. Row `i` of every column is store `i`; opening hours and time zones
    are codes into the small `hours` and `timezones` tuples."""

    ids: Sequence[str]
    names: Sequence[str]
    cities: Sequence[str]
    districts: Sequence[str]
    lat: npt.NDArray[np.float64]
    lon: npt.NDArray[np.float64]
    tz_code: IntArray
    timezones: tuple[str, ...]
    hours_code: IntArray
    hours: tuple[OpeningHours, ...]
    breakfast: BoolArray

    def __len__(self) -> int:
        return len(self.ids)

    def store(self, row: int) -> Store:
        """Row `row` as a `Store`."""
        return Store(
            id=self.ids[row],
            name=self.names[row],
            city=self.cities[row],
            district=self.districts[row],
            lat=float(self.lat[row]),
            lon=float(self.lon[row]),
            timezone=self.timezones[int(self.tz_code[row])],
            hours=self.hours[int(self.hours_code[row])],
            serves_breakfast=bool(self.breakfast[row]),
        )

    def stores(self) -> list[Store]:
        return [self.store(row) for row in range(len(self))]

    def hours_arrays(self) -> HoursArrays:
        return HoursArrays.of(self.hours)

    def open_mask(self, moment: datetime, hours: HoursArrays | None = None) -> BoolArray:
        """Which stores are open and serving breakfast at `moment`, each on its own clock
        (computed for every store: the brute-force reference)."""
        hours = hours or self.hours_arrays()
        mask = np.zeros(len(self), dtype=np.bool_)
        for code, name in enumerate(self.timezones):
            rows = np.flatnonzero(self.tz_code == code)
            if rows.size == 0:
                continue
            weekday, minute = local_weekday_minute(moment, name)
            h = self.hours_code[rows]
            is_open = (hours.start[h, weekday] <= minute) & (minute < hours.same_end[h, weekday])
            is_open |= minute < hours.next_end[h, (weekday - 1) % 7]
            mask[rows] = is_open
        return mask & self.breakfast

    @classmethod
    def from_stores(cls, stores: Iterable[Store]) -> StoreTable:
        """Columns from `Store` objects (time zones and opening hours deduplicated)."""
        rows = list(stores)
        timezones: dict[str, int] = {}
        patterns: dict[OpeningHours, int] = {}
        tz_code = [timezones.setdefault(s.timezone, len(timezones)) for s in rows]
        hours_code = [patterns.setdefault(s.hours, len(patterns)) for s in rows]
        return cls(
            ids=[s.id for s in rows],
            names=[s.name for s in rows],
            cities=[s.city for s in rows],
            districts=[s.district for s in rows],
            lat=np.array([s.lat for s in rows], dtype=np.float64),
            lon=np.array([s.lon for s in rows], dtype=np.float64),
            tz_code=np.array(tz_code, dtype=np.int64),
            timezones=tuple(timezones),
            hours_code=np.array(hours_code, dtype=np.int64),
            hours=tuple(patterns),
            breakfast=np.array([s.serves_breakfast for s in rows], dtype=np.bool_),
        )
