"""The product's English that is not about food: number words, plurals and articles.

One home for them: the parser reads numbers with these words, the speech corpus and the
replies write them (`number_words`, `plural`, `article`), so what the recogniser is taught,
what the parser understands and what the system says agree.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
NUMBER_WORDS = frozenset({*UNITS, *TEENS, *TENS, "hundred", "dozen", "couple", "pair", "half"})
"""Every word that can be part of a quantity."""

_BELOW_TWENTY = tuple(sorted({**UNITS, **TEENS}, key=lambda word: {**UNITS, **TEENS}[word]))
_TENS_WORDS = {value: word for word, value in TENS.items()}


def number_words(value: int) -> str:
    """A number as English words, up to 999 as said (`120` → `"one hundred twenty"`), longer
    ones digit by digit."""
    if value < len(_BELOW_TWENTY):
        return _BELOW_TWENTY[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return _TENS_WORDS[tens * 10] + (f" {_BELOW_TWENTY[ones]}" if ones else "")
    if value < 1000:
        hundreds, rest = divmod(value, 100)
        return f"{_BELOW_TWENTY[hundreds]} hundred" + (f" {number_words(rest)}" if rest else "")
    return " ".join(_BELOW_TWENTY[int(digit)] for digit in str(value))


_PLURAL = re.compile(r"[^s]s$")
_SIBILANT = re.compile(r"(ss|sh|ch|x|z)$")
_CONSONANT_Y = re.compile(r"[^aeiou]y$")
_VOWEL_SOUND = re.compile(r"[aeio]|u[^n]|un[^i]")


def plural(phrase: str) -> str:
    """English plural of a phrase's last word (`"egg tart"` → `"egg tarts"`)."""
    head, _, last = phrase.rpartition(" ")
    if _PLURAL.search(last):
        return phrase  # already plural ("fries", "hash browns")
    if _SIBILANT.search(last):
        last += "es"
    elif _CONSONANT_Y.search(last):
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}".strip()


def article(phrase: str) -> str:
    """`"an"` before a vowel sound as spelling suggests it, else `"a"`."""
    return "an" if _VOWEL_SOUND.match(phrase) else "a"


@cache
def common_foods() -> tuple[str, ...]:
    """Common foods and drinks a menu may lack (`ordering/data/off_menu_foods.txt`): the
    recogniser is taught them, and the parser knows a question about one is about food."""
    text = files("ordering").joinpath("data/off_menu_foods.txt").read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))
