"""Quantities as customers say them: "a", "two", "25", "a couple of", "half a dozen", "another".

`read_quantity(words, i)` reads one quantity phrase starting at `words[i]`, including a container
frame after it ("a cup of", "two pieces of"), and says how many words it used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from ordering.understanding.english import NUMBER_WORDS, TEENS, TENS, UNITS
from ordering.understanding.vocabulary import CONTAINERS

__all__ = ["NUMBER_WORDS", "Quantity", "QuantityKind", "cardinal", "read_quantity"]

QuantityKind = Literal["number", "article", "more"]
"""`number` was said ("two", "a dozen"); `article` is a bare "a"/"an"; `more` is "another"."""

_MAX_DIGITS = 6


@dataclass(frozen=True, slots=True)
class Quantity:
    """A quantity phrase: its value (None for "a few"), how it was said, and its length."""

    value: int | None
    kind: QuantityKind
    length: int


def _word(words: Sequence[str], index: int) -> str:
    return words[index] if 0 <= index < len(words) else ""


def _below_hundred(words: Sequence[str], index: int) -> tuple[int, int] | None:
    word = _word(words, index)
    if word.isdigit() and len(word) <= _MAX_DIGITS:
        return int(word), 1
    if word in UNITS:
        return UNITS[word], 1
    if word in TEENS:
        return TEENS[word], 1
    if word in TENS:
        unit = _word(words, index + 1)
        if unit in UNITS and UNITS[unit] > 0:
            return TENS[word] + UNITS[unit], 2
        return TENS[word], 1
    return None


def cardinal(words: Sequence[str], index: int) -> tuple[int, int] | None:
    """A number said in words or digits at `index`: (value, words used), or None."""
    first = _below_hundred(words, index)
    if first is None:
        return None
    value, used = first
    if _word(words, index + used) == "hundred":
        value *= 100
        used += 1
        rest_at = index + used + (1 if _word(words, index + used) == "and" else 0)
        rest = _below_hundred(words, rest_at)
        if rest is not None and rest[0] < 100:
            value += rest[0]
            used = rest_at - index + rest[1]
    if _word(words, index + used) == "dozen":
        value *= 12
        used += 1
    return value, used


def _phrase(words: Sequence[str], index: int) -> tuple[int | None, QuantityKind, int] | None:
    word = _word(words, index)
    following = _word(words, index + 1)
    if word in ("a", "an"):
        if following == "half" and _word(words, index + 2) == "dozen":
            return 6, "number", 3
        if following == "dozen":
            return 12, "number", 2
        if following == "hundred":
            return 100, "number", 2
        if following in ("couple", "pair"):
            return 2, "number", 3 if _word(words, index + 2) == "of" else 2
        if following == "few":
            return None, "number", 2
        if following == "extra":
            return 1, "more", 2
        return 1, "article", 1
    if word == "half" and following == "a" and _word(words, index + 2) == "dozen":
        return 6, "number", 3
    if word == "half" and following == "dozen":
        return 6, "number", 2
    if word == "dozen":
        return 12, "number", 1
    if word in ("couple", "pair"):
        return 2, "number", 2 if following == "of" else 1
    if word == "another":
        return 1, "more", 1
    if word == "one" and following == "more":
        return 1, "more", 2
    found = cardinal(words, index)
    if found is not None:
        return found[0], "number", found[1]
    return None


def read_quantity(words: Sequence[str], index: int) -> Quantity | None:
    """The quantity phrase starting at `index`, with any container frame ("a cup of") after it."""
    found = _phrase(words, index)
    if found is None:
        return None
    value, kind, used = found
    if _word(words, index + used) in CONTAINERS and _word(words, index + used + 1) == "of":
        used += 2
    return Quantity(value, kind, used)
