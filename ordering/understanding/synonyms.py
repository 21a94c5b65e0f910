"""How customers say the words menus use: general English, applied to the feed's own phrases.

A feed writes "Iced", "Skim milk", "Less ice", "Extra shot"; customers say "an ice latte", "a
skinny latte", "go easy on the ice", "an added shot". Nothing here names a menu's item or
option: each rule rewrites words of whatever phrase the feed has, and a rewritten phrase means
what the feed's phrase means (at a lower priority than anything the feed says itself).
"""

from __future__ import annotations

from collections.abc import Iterator

Phrase = tuple[str, ...]

# fmt: off
_WORDS: dict[str, tuple[str, ...]] = {
    "iced": ("ice", "chilled"),
    "cold": ("chilled",),
    "extra": ("added", "additional"),
    "skim": ("skinny",),
    "nonfat": ("skinny",),
    "coffee": ("joe",),
}
"""A word of a feed phrase, and words customers say in its place."""

_PHRASES: dict[Phrase, tuple[Phrase, ...]] = {
    ("skim", "milk"): (("skinny",), ("skinny", "milk"), ("fat", "free", "milk"),
                       ("non", "fat", "milk")),
    ("nonfat", "milk"): (("skinny",), ("fat", "free", "milk"), ("non", "fat", "milk")),
    ("full", "fat", "milk"): (("full", "cream", "milk"), ("full", "cream")),
    ("whole", "milk"): (("full", "cream", "milk"),),
    ("less", "sweet"): (("not", "too", "sweet"), ("lightly", "sweetened"), ("half", "sweet"),
                        ("slightly", "sweet"), ("not", "so", "sweet")),
    ("half", "sugar"): (("half", "sweet"),),
    ("sweet",): (("sweetened",),),
}
"""A run of words in a feed phrase, and what customers say for it."""

_LESS = frozenset({"less", "light"})
_EASY_ON: tuple[Phrase, ...] = (
    ("easy", "on", "the"), ("go", "easy", "on", "the"), ("easy", "on"), ("go", "easy", "on"),
    ("light", "on", "the"),
)
"""'Less ice' said as 'go easy on the ice'."""
# fmt: on


def variants(phrase: Phrase) -> Iterator[Phrase]:
    """Other ways to say `phrase` (word keys, singular), never `phrase` itself."""
    seen = {phrase}
    for found in _rewrites(phrase):
        if found not in seen:
            seen.add(found)
            yield found


def _rewrites(phrase: Phrase) -> Iterator[Phrase]:
    for index, word in enumerate(phrase):
        for said in _WORDS.get(word, ()):
            yield (*phrase[:index], said, *phrase[index + 1 :])
    for run, rewritten in _PHRASES.items():
        for start in range(len(phrase) - len(run) + 1):
            if phrase[start : start + len(run)] == run:
                for words in rewritten:
                    yield (*phrase[:start], *words, *phrase[start + len(run) :])
    if len(phrase) >= 2 and phrase[0] in _LESS:
        for lead in _EASY_ON:
            yield (*lead, *phrase[1:])
