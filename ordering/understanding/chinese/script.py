"""Which script a text is in, and the text cut into the units the segmenter matches on."""

from __future__ import annotations

import re
import unicodedata

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_UNIT = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+|\S")


def has_chinese(text: str) -> bool:
    """True when the text holds a Han character: then it is read as Chinese."""
    return _HAN.search(text) is not None


def is_han(unit: str) -> bool:
    return len(unit) == 1 and _HAN.match(unit) is not None


def fold(text: str) -> str:
    """Full-width forms to ASCII ("２杯" -> "2杯", "，" stays a comma of its own), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def units(text: str) -> list[str]:
    """The matching units of a text: each Han character or mark, each Latin word (made
    singular) and each run of digits; spaces only separate."""
    return [singular(unit) for unit in _UNIT.findall(fold(text))]


def singular(word: str) -> str:
    """A crude singular for Latin words, the same on the feed's side and the customer's."""
    if len(word) <= 3 or not word.isalpha() or not word.endswith("s"):
        return word
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "oes")):
        return word[:-2]
    return word[:-1]
