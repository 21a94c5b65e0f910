from datetime import datetime, time
from zoneinfo import ZoneInfo

from menu.model import Daypart, Localized, Menu

NAME = Localized("x", "x")


def test_daypart_is_half_open() -> None:
    breakfast = Daypart("b", NAME, time(6), time(10, 30))
    assert breakfast.contains(time(6))
    assert breakfast.contains(time(10, 29))
    assert not breakfast.contains(time(10, 30))


def test_daypart_may_wrap_past_midnight_or_end_at_midnight() -> None:
    night = Daypart("n", NAME, time(22), time(2))
    assert night.contains(time(23, 30)) and night.contains(time(1)) and not night.contains(time(3))
    late = Daypart("l", NAME, time(18), None)
    assert late.contains(time(23, 59)) and not late.contains(time(0))


def test_availability_is_read_in_the_feed_time_zone(reference_menu: Menu) -> None:
    shanghai_8am = datetime(2025, 3, 18, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert reference_menu.is_available("youtiao", shanghai_8am)
    assert not reference_menu.is_available("zinger-burger", shanghai_8am)
    assert reference_menu.next_start("zinger-burger", shanghai_8am) == time(10, 30)
    # 00:30 UTC is 08:30 in Shanghai
    assert reference_menu.is_available(
        "youtiao", datetime(2025, 3, 18, 0, 30, tzinfo=ZoneInfo("UTC"))
    )


def test_lookups(reference_menu: Menu) -> None:
    assert reference_menu.group_of_option("oat-milk").id == "milk"
    assert [g.id for g in reference_menu.groups_of("hot-milk")] == ["drink-size"]
    assert reference_menu.combo("panini-set").slot("main").default is None
