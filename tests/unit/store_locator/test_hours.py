"""Opening hours: regular, 24 hours, past midnight, closed days, time zones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from store_locator.errors import InvalidStore
from store_locator.generate import HOURS_MIX, generate_table
from store_locator.model import DayHours, OpeningHours, Store
from store_locator.table import HoursArrays, StoreTable

CST = timezone(timedelta(hours=8))
MONDAY = datetime(2025, 3, 17)  # a Monday
REGULAR = OpeningHours.every_day("06:00", "23:00")
ALL_DAY = OpeningHours.every_day("00:00", "24:00")
LATE = OpeningHours.parse(
    "06:00-23:00,06:00-23:00,06:00-23:00,06:00-23:00,22:00-02:00,closed,06:00-23:00"
)


def store(hours: OpeningHours, tz: str = "Asia/Shanghai", breakfast: bool = True) -> Store:
    return Store("S1", "Test", "Shanghai", "Huangpu", 31.23, 121.47, tz, hours, breakfast)


def at(day: int, hh: int, mm: int = 0) -> datetime:
    return (MONDAY + timedelta(days=day, hours=hh, minutes=mm)).replace(tzinfo=CST)


def test_regular_hours_are_half_open() -> None:
    s = store(REGULAR)
    assert not s.is_open(at(0, 5, 59))
    assert s.is_open(at(0, 6, 0))
    assert s.is_open(at(0, 22, 59))
    assert not s.is_open(at(0, 23, 0))


def test_all_day_is_always_open() -> None:
    s = store(ALL_DAY)
    assert all(s.is_open(at(d, h, m)) for d in range(7) for h in range(24) for m in (0, 59))
    assert ALL_DAY.describe() == "24 hours"


def test_overnight_window_runs_into_the_next_day_even_a_closed_one() -> None:
    s = store(LATE)
    assert s.is_open(at(4, 23, 30))  # Friday late
    assert s.is_open(at(5, 1, 59))  # Saturday early: still Friday's window
    assert not s.is_open(at(5, 2, 0))
    assert not s.is_open(at(5, 12, 0))  # Saturday is closed
    assert not s.is_open(at(4, 21, 59))
    assert not s.is_open(at(0, 1, 0))  # Sunday's window ended at 23:00


def test_closed_day() -> None:
    hours = OpeningHours((None,) + (DayHours(360, 1380),) * 6)
    s = store(hours)
    assert not s.is_open(at(0, 12))
    assert s.is_open(at(1, 12))
    assert hours.to_text().startswith("closed,06:00-23:00")


def test_moment_is_read_on_the_store_clock() -> None:
    s = store(REGULAR)
    assert s.is_open(datetime(2025, 3, 17, 0, 30, tzinfo=UTC))  # 08:30 in Shanghai
    assert not s.is_open(datetime(2025, 3, 17, 16, 0, tzinfo=UTC))  # 00:00 in Shanghai
    assert s.is_open(datetime(2025, 3, 17, 8, 30))  # naive: already local
    new_york = store(REGULAR, tz="America/New_York")
    assert not new_york.is_open(datetime(2025, 3, 17, 13, 30, tzinfo=CST))  # 01:30 in New York
    assert new_york.is_open(datetime(2025, 3, 17, 20, 30, tzinfo=CST))  # 08:30 in New York


def test_breakfast_filter_needs_both() -> None:
    assert not store(REGULAR, breakfast=False).serves_breakfast_at(at(0, 8))
    assert store(REGULAR).serves_breakfast_at(at(0, 8))


@pytest.mark.parametrize(
    "text",
    [
        "06:00-23:00",
        "06:00-23:00," * 6 + "xx",
        "06:00-25:00," * 7,
        "06:00-06:00," * 6 + "closed",
        "6-23," * 6 + "closed",
    ],
)
def test_bad_hours_are_refused(text: str) -> None:
    with pytest.raises(InvalidStore):
        OpeningHours.parse(text.rstrip(","))


def test_hours_text_round_trips() -> None:
    for hours, _ in HOURS_MIX:
        assert OpeningHours.parse(hours.to_text()) == hours


def test_unknown_time_zone_is_refused() -> None:
    with pytest.raises(InvalidStore):
        store(REGULAR, tz="Mars/Olympus")


def test_vector_hours_match_the_model_at_every_minute_of_the_week() -> None:
    patterns = [hours for hours, _ in HOURS_MIX] + [LATE, ALL_DAY]
    arrays = HoursArrays.of(patterns)
    for weekday in range(7):
        for minute in range(0, 1440):
            expected = [p.is_open_at(weekday, minute) for p in patterns]
            assert arrays.open_at(weekday, minute).tolist() == expected


MIXED = StoreTable.from_stores(
    [
        *generate_table(300, seed=5).stores(),
        Store(
            "X1", "Late NY", "New York", "Manhattan", 40.75, -73.99, "America/New_York", LATE, True
        ),
        Store(
            "X2", "Kathmandu", "Kathmandu", "Thamel", 27.71, 85.31, "Asia/Kathmandu", REGULAR, True
        ),
        Store(
            "X3",
            "No breakfast",
            "Shanghai",
            "Huangpu",
            31.2,
            121.4,
            "Asia/Shanghai",
            ALL_DAY,
            False,
        ),
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2026, 12, 31)),
    st.sampled_from([None, UTC, CST, timezone(timedelta(hours=-5, minutes=-30))]),
)
def test_vector_open_mask_matches_every_store(moment: datetime, tz: timezone | None) -> None:
    moment = moment.replace(tzinfo=tz)
    expected = [s.serves_breakfast_at(moment) for s in MIXED.stores()]
    assert MIXED.open_mask(moment).tolist() == expected
    assert np.array_equal(MIXED.open_mask(moment), np.array(expected))
