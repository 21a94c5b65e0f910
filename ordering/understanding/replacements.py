"""The shapes of a replacement: which words say the new line and which the old one.

"change the latte to an americano", "an americano instead of the latte", "rather than the latte
I'll take an americano", "a milk tea, not the soy milk", "I'd prefer a latte over the
americano", "make the latte an americano": generic English around the menu's products.
"""

from __future__ import annotations

from ordering.understanding import intents as cues
from ordering.understanding.events import Event, OptionWord, ProductWord, Qty, Word

_REPLACE_SEPARATORS = frozenset({"to", "for", "with", "into"})
PRONOUNS = frozenset({"it", "that", "this", "them", "those", "these"})


def is_word(event: Event, *texts: str) -> bool:
    """True when the event is the plain word `texts` names (one of them)."""
    return isinstance(event, Word) and event.text in texts


_INSTEAD_OF: tuple[tuple[str, ...], ...] = (
    ("instead", "of"),
    ("rather", "than"),
    ("in", "place", "of"),
)
_DEFINITE = frozenset({"the", "my", "that", "this", "those", "these", "your"})


def _words_at(events: list[Event], index: int, words: tuple[str, ...]) -> bool:
    return len(events) >= index + len(words) and all(
        is_word(events[index + offset], word) for offset, word in enumerate(words)
    )


def _instead_of(events: list[Event]) -> tuple[int, int] | None:
    """Where "instead of" (or "rather than", "in place of") is: (start, end) of its words."""
    for index in range(len(events)):
        for words in _INSTEAD_OF:
            if _words_at(events, index, words):
                return index, index + len(words)
    return None


def products_in(events: list[Event]) -> list[ProductWord]:
    """The product mentions among `events`, in order."""
    return [event for event in events if isinstance(event, ProductWord)]


def _definite_product_at(events: list[Event], index: int) -> bool:
    """True when events[index:] open with "the/my ... <product>" (describing words between)."""
    if index >= len(events) or not is_word(events[index], *_DEFINITE):
        return False
    for event in events[index + 1 :]:
        if isinstance(event, ProductWord):
            return True
        if not isinstance(event, OptionWord | Qty):
            return False
    return False


def _contrast_split(events: list[Event]) -> tuple[list[Event], list[Event]] | None:
    """(new, old) of "a milk tea, not the soy milk" and "I'd prefer a latte over the
    americano": a new product, then "not"/"over" and a product already ordered."""
    for index, event in enumerate(events):
        if not is_word(event, "not", "over") or not products_in(events[:index]):
            continue
        if event.text == "over" and not any(
            isinstance(e, Word) and cues.PREFER.fullmatch(e.text) for e in events[:index]
        ):
            continue
        if _definite_product_at(events, index + 1):
            return events[:index], events[index + 1 :]
    return None


def _make_split(events: list[Event]) -> tuple[list[Event], list[Event]] | None:
    """(new, old) of "make the latte an americano": make, a line, then another product."""
    for index, event in enumerate(events):
        if not is_word(event, "make"):
            continue
        rest = events[index + 1 :]
        names_old = _definite_product_at(rest, 0)
        if names_old:
            old_end = rest.index(products_in(rest)[0]) + 1
        elif rest and is_word(rest[0], *PRONOUNS):
            old_end = 1
        else:
            return None
        while old_end < len(rest) and isinstance(rest[old_end], OptionWord):
            old_end += 1
        new = rest[old_end:]
        new_products = products_in(new)
        old_ids = {p.ids[0] for p in products_in(rest[:old_end])}
        if not new_products or new_products[0].ids[0] in old_ids:
            return None
        if not all(isinstance(e, Qty | OptionWord) for e in new[: new.index(new_products[0])]):
            return None
        return new, rest[:old_end]
    return None


def split_replacement(events: list[Event]) -> tuple[list[Event], list[Event]] | None:
    """(new, old) events of a replacement, or None when the utterance has no such shape."""
    found = _instead_of(events)
    if found is not None:
        start, end = found
        before, after = events[:start], events[end:]
        if products_in(before):
            return before, after
        for stop, event in enumerate(after):
            if isinstance(event, ProductWord):
                stop += 1
                while stop < len(after) and isinstance(after[stop], OptionWord):
                    stop += 1
                return after[stop:], after[:stop]
        return None
    shaped = _contrast_split(events) or _make_split(events)
    if shaped is not None:
        return shaped
    verb = next(
        (
            i
            for i, event in enumerate(events)
            if isinstance(event, Word) and cues.REPLACE_VERB.fullmatch(event.text)
        ),
        None,
    )
    if verb is None:
        return None
    seen_old = False
    for index in range(verb + 1, len(events)):
        event = events[index]
        if isinstance(event, ProductWord) or is_word(event, *PRONOUNS):
            seen_old = True
        elif seen_old and is_word(event, *_REPLACE_SEPARATORS):
            return events[index + 1 :], events[verb + 1 : index]
    return None
