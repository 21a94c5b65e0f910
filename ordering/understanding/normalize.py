"""Text as a speech recogniser would give it: lower case words, no punctuation.

The same functions normalise the feed's names and the customer's words, so that "Two egg
tarts, and a large latte!" and "two egg tarts and a large latte" become the same tokens.
"""

from __future__ import annotations

import re
import unicodedata

from ordering.understanding.vocabulary import FILLERS

_APOSTROPHES = re.compile(r"['\u2019\u2018`\u00b4]")
_SPLIT_DIGITS = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def tokens(text: str) -> list[str]:
    """Lower-case ASCII words of `text`: apostrophes dropped ("that's" -> "thats"), '&' -> 'and'."""
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = _APOSTROPHES.sub("", folded).replace("&", " and ")
    folded = _SPLIT_DIGITS.sub(" ", folded)
    out: list[str] = []
    for word in _NOT_WORD.split(folded):
        if not word:
            continue
        if word in _CONTRACTION_TAILS and out and out[-1].isalpha() and out[-1] != "a":
            out[-1] += word  # "that s" (an apostrophe turned into a space) -> "thats"
        else:
            out.append(word)
    return out


_CONTRACTION_TAILS = frozenset({"s", "ll", "d", "m", "t", "re", "ve"})


def singular(word: str) -> str:
    """A crude but consistent singular: the same on both sides is all matching needs."""
    if len(word) <= 3 or not word.endswith("s") or word.isdigit():
        return word
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "zes", "sses", "oes")):
        return word[:-2]
    return word[:-1]


def drop_fillers(words: list[str]) -> list[str]:
    """Remove hesitations ("um", "uh") and a filler 'like' ("can I get, like, a latte")."""
    out: list[str] = []
    for word in words:
        if word in FILLERS:
            continue
        if word == "like" and not (out and out[-1] in _LIKE_KEEPERS):
            continue
        out.append(word)
    return _drop_filler_phrases(out)


_LIKE_KEEPERS = frozenset(
    "i id would wed you youd we they dont do does didnt really just also would not feel".split()
)
_FILLER_PHRASES: tuple[tuple[str, ...], ...] = (
    ("let", "me", "see"),
    ("let", "me", "think"),
    ("lets", "see"),
    ("you", "know"),
    ("i", "guess"),
)


def _drop_filler_phrases(words: list[str]) -> list[str]:
    out: list[str] = []
    index = 0
    while index < len(words):
        for phrase in _FILLER_PHRASES:
            if tuple(words[index : index + len(phrase)]) == phrase:
                index += len(phrase)
                break
        else:
            out.append(words[index])
            index += 1
    return out
