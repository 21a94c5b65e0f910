"""Stores and their weekly opening hours: pure, immutable, timezone-aware.

Hours are minutes after local midnight. A day's window `[opens, closes)` may run past
midnight (`closes <= opens`, e.g. 22:00-02:00): the early hours then belong to the next day.
`00:00-24:00` is open all day; a day with no window is closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from store_locator.errors import InvalidCoordinates, InvalidStore
from store_locator.geo import check_lat_lon

MINUTES_PER_DAY = 24 * 60
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
CLOSED = "closed"


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _minutes(text: str) -> int:
    hours, sep, minutes = text.strip().partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit() or len(minutes) != 2:
        raise InvalidStore(f"'{text}' is not a time of day (HH:MM)")
    value = int(hours) * 60 + int(minutes)
    if int(minutes) >= 60 or value > MINUTES_PER_DAY:
        raise InvalidStore(f"'{text}' is not a time of day (HH:MM)")
    return value


@dataclass(frozen=True, slots=True)
class DayHours:
    """One weekday's opening window in minutes after local midnight."""

    opens: int
    closes: int

    def __post_init__(self) -> None:
        if not 0 <= self.opens < MINUTES_PER_DAY or not 0 < self.closes <= MINUTES_PER_DAY:
            raise InvalidStore(f"opening window {self.opens}-{self.closes} is out of range")
        if self.opens == self.closes:
            raise InvalidStore("an opening window cannot be empty; use 00:00-24:00 for all day")

    @property
    def overnight(self) -> bool:
        return self.closes <= self.opens

    @property
    def same_day_end(self) -> int:
        """Where the window stops on its own day."""
        return MINUTES_PER_DAY if self.overnight else self.closes

    @property
    def next_day_end(self) -> int:
        """How far into the next day the window runs (0 when it does not)."""
        return self.closes if self.overnight else 0

    @classmethod
    def parse(cls, text: str) -> DayHours:
        start, sep, end = text.partition("-")
        if not sep:
            raise InvalidStore(f"'{text}' is not an opening window (HH:MM-HH:MM)")
        return cls(_minutes(start), _minutes(end))

    def __str__(self) -> str:
        return f"{_hhmm(self.opens)}-{_hhmm(self.closes)}"


@dataclass(frozen=True, slots=True)
class OpeningHours:
    """Seven windows, Monday first; None is a closed day."""

    days: tuple[DayHours | None, ...]

    def __post_init__(self) -> None:
        if len(self.days) != 7:
            raise InvalidStore(f"opening hours need 7 days, not {len(self.days)}")

    @classmethod
    def every_day(cls, opens: str, closes: str) -> OpeningHours:
        day = DayHours(_minutes(opens), _minutes(closes))
        return cls((day,) * 7)

    @classmethod
    def parse(cls, text: str) -> OpeningHours:
        """From `to_text()` form: seven `HH:MM-HH:MM` or `closed`, comma-separated."""
        parts = [part.strip() for part in text.split(",")]
        if len(parts) != 7:
            raise InvalidStore(f"opening hours need 7 comma-separated days: '{text}'")
        return cls(tuple(None if p == CLOSED else DayHours.parse(p) for p in parts))

    def to_text(self) -> str:
        return ",".join(CLOSED if day is None else str(day) for day in self.days)

    def is_open_at(self, weekday: int, minute: int) -> bool:
        """Open at local `minute` (0-1439) of `weekday` (Monday 0)?"""
        today = self.days[weekday]
        if today is not None and today.opens <= minute < today.same_day_end:
            return True
        yesterday = self.days[(weekday - 1) % 7]
        return yesterday is not None and minute < yesterday.next_day_end

    def describe(self) -> str:
        """Short human form: `06:00-23:00 daily`, or per day when they differ."""
        if len(set(self.days)) == 1:
            only = self.days[0]
            if only is None:
                return "closed"
            return "24 hours" if (only.opens, only.closes) == (0, 1440) else f"{only} daily"
        return ", ".join(
            f"{name} {CLOSED if day is None else day}"
            for name, day in zip(WEEKDAYS, self.days, strict=True)
        )


@cache
def zone(name: str) -> ZoneInfo:
    """The time zone `name`, or InvalidStore when it does not exist."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidStore(f"unknown time zone '{name}'") from None


def local_weekday_minute(moment: datetime, timezone: str) -> tuple[int, int]:
    """Weekday (Monday 0) and minute of the day of `moment` on the wall clock of `timezone`.
    A naive `moment` is already local time."""
    local = moment if moment.tzinfo is None else moment.astimezone(zone(timezone))
    return local.weekday(), local.hour * 60 + local.minute


@dataclass(frozen=True, slots=True)
class Store:
    id: str
    name: str
    city: str
    district: str
    lat: float
    lon: float
    timezone: str
    hours: OpeningHours
    serves_breakfast: bool

    def __post_init__(self) -> None:
        if not self.id:
            raise InvalidStore("a store needs an id")
        try:
            check_lat_lon(self.lat, self.lon)
        except InvalidCoordinates as error:
            raise InvalidStore(f"store {self.id}: {error}") from None
        zone(self.timezone)

    def is_open(self, moment: datetime) -> bool:
        """Open at `moment` (on the store's own clock)?"""
        return self.hours.is_open_at(*local_weekday_minute(moment, self.timezone))

    def serves_breakfast_at(self, moment: datetime) -> bool:
        """Open and serving breakfast at `moment`: what the locator filters on."""
        return self.serves_breakfast and self.is_open(moment)
