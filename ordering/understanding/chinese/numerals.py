"""Chinese (and Arabic) numerals as quantities: 一 … 十, 两, 十二, 二十五, 一百, 几, 半打."""

from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_TENS = "十"
_HUNDREDS = "百"
INDEFINITE = "几"
"""'A few': a number was said, but not which (quantity None, like English "some")."""
HALF = "半"
DOZEN = "打"

NUMERAL_CHARACTERS = frozenset({*_DIGITS, _TENS, _HUNDREDS, INDEFINITE, HALF})

_ENGLISH = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip


def numeral_value(units: list[str]) -> int | None:
    """The value of numeral units ("二", "十", "五" -> 25); None when it is indefinite (几)
    or not a well-formed number."""
    if len(units) == 1 and units[0].isdigit():
        return int(units[0])
    if len(units) == 1 and units[0] in _ENGLISH:
        return _ENGLISH[units[0]]
    if any(unit in (INDEFINITE, HALF) for unit in units):
        return None
    total = 0
    current: int | None = None
    for unit in units:
        if unit in ("零", "〇") and total:
            continue  # "一百零五": the zero only holds a place
        if unit in _DIGITS:
            if current is not None:
                return None  # "二三" is no number
            current = _DIGITS[unit]
        elif unit == _TENS:
            total += (current if current is not None else 1) * 10
            current = None
        elif unit == _HUNDREDS:
            if current is None:
                return None
            total += current * 100
            current = None
        else:
            return None
    return total + (current or 0)


def is_english_number(unit: str) -> bool:
    return unit in _ENGLISH and unit not in ("a", "an")
