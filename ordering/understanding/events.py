"""An utterance as a sequence of events: products, options, quantities and plain words.

`read_events` turns normalised words into events (menu phrases from the lexicon, quantity
phrases, everything else as words) and applies the customer's restarts ("a, uh, no wait, two
hash browns" keeps only "two hash browns").
"""

from __future__ import annotations

from dataclasses import dataclass

from ordering.understanding.food_runs import resolve_food_runs
from ordering.understanding.lexicon import Lexicon
from ordering.understanding.matching import Mention, find_mentions
from ordering.understanding.numbers import QuantityKind, read_quantity
from ordering.understanding.vocabulary import CONJUNCTIONS


@dataclass(frozen=True, slots=True)
class Word:
    """A word that is neither a menu phrase nor a quantity."""

    text: str


@dataclass(frozen=True, slots=True)
class Qty:
    """A quantity phrase ("two", "a", "a couple of"); `value` None for "a few"."""

    value: int | None
    kind: QuantityKind
    text: str


@dataclass(frozen=True, slots=True)
class ProductWord:
    """A phrase naming products; several ids when the feed gives one alias to several."""

    ids: tuple[str, ...]
    text: str
    start: int
    end: int
    guessed: bool = False
    """Heard as a slip for a menu name, not said as it is."""


@dataclass(frozen=True, slots=True)
class OptionWord:
    """A phrase naming options; several candidates when the word is in several groups."""

    candidates: tuple[str, ...]
    text: str
    guessed: bool = False
    """Heard as a slip for a menu word ("shirt" for "short"), not said as it is."""


Event = Word | Qty | ProductWord | OptionWord

_PRONOUN_ONE_BEFORE = frozenset(
    {"the", "that", "this", "which", "other", "same", "last", "first", "second", "next"}
)
_RESTARTS: tuple[tuple[str, ...], ...] = (
    ("sorry", "i", "mean"),
    ("sorry", "i", "meant"),
    ("no", "wait"),
    ("wait", "no"),
    ("i", "mean"),
    ("i", "meant"),
    ("scratch", "that"),
    ("or", "rather"),
    ("actually", "no"),
    ("no", "no"),
    ("no", "sorry"),
    ("actually", "make", "that"),
    ("actually", "make", "it"),
    ("make", "that"),
    ("make", "it"),
    ("wait",),
    ("sorry",),
)
_CHUNK_BREAKS = CONJUNCTIONS | {"with"}


def _in_with_list(words: list[str], mentions: list[Mention], index: int) -> bool:
    """Right after "with" (or "and" after another describing phrase): "with bacon and cheese"."""
    mention = mentions[index]
    before = words[mention.start - 1] if mention.start > 0 else ""
    if before in ("with", "extra", "add", "no", "without", "hold"):
        return True
    if before != "and" or index == 0:
        return False
    previous = mentions[index - 1]
    return (
        previous.end == mention.start - 1
        and bool(previous.meaning.options or previous.meaning.groups)
        and not previous.meaning.products
    )


def _previous_product(mentions: list[Mention], index: int) -> tuple[str, ...]:
    for other in reversed(mentions[:index]):
        if other.meaning.products:
            return other.meaning.products
    return ()


def _choose_meaning(
    lexicon: Lexicon, words: list[str], mentions: list[Mention], index: int
) -> bool:
    """For a phrase that is both a product and an option: True to read it as an option."""
    mention = mentions[index]
    options = mention.meaning.options
    neighbours = [mentions[i] for i in (index - 1, index + 1) if 0 <= i < len(mentions)]
    for other in neighbours:
        near = other.end == mention.start or mention.end == other.start
        for product in other.meaning.products:
            if near and any(lexicon.rules.allows(product, o) for o in options):
                return True
    if _in_with_list(words, mentions, index):
        return any(
            lexicon.rules.allows(product, o)
            for product in _previous_product(mentions, index)
            for o in options
        )
    return False


def _describes_item(
    lexicon: Lexicon, words: list[str], mentions: list[Mention], index: int
) -> bool:
    """As in "a latte with milk": a group word right after an item that has that group."""
    if not _in_with_list(words, mentions, index):
        return False
    return any(
        group in lexicon.rules.item_groups.get(product, frozenset())
        for product in _previous_product(mentions, index)
        for group in mentions[index].meaning.groups
    )


def _mention_event(
    lexicon: Lexicon, words: list[str], mentions: list[Mention], index: int
) -> Event:
    mention = mentions[index]
    text = " ".join(words[mention.start : mention.end])
    meaning = mention.meaning
    if meaning.groups and not meaning.options:
        if not meaning.products or _describes_item(lexicon, words, mentions, index):
            return OptionWord((), text, mention.fuzzy)
    if meaning.products and (
        not meaning.options or not _choose_meaning(lexicon, words, mentions, index)
    ):
        return ProductWord(meaning.products, text, mention.start, mention.end, mention.fuzzy)
    return OptionWord(meaning.options, text, mention.fuzzy)


def read_events(lexicon: Lexicon, words: list[str]) -> list[Event]:
    """Events of the words, restarts applied."""
    mentions = resolve_food_runs(lexicon, words, find_mentions(lexicon, words))
    starts = {mention.start: i for i, mention in enumerate(mentions)}
    events: list[Event] = []
    position = 0
    while position < len(words):
        if position in starts:
            index = starts[position]
            events.append(_mention_event(lexicon, words, mentions, index))
            position = mentions[index].end
            continue
        following = mentions[starts[position + 1]] if position + 1 in starts else None
        if words[position] == "both" and following is not None and following.meaning.products:
            events.append(Qty(2, "number", "both"))  # "both lattes": the two of them
            position += 1
            continue
        next_mention = min((s for s in starts if s > position), default=len(words))
        quantity = read_quantity(words[:next_mention], position)
        if quantity is not None and not _is_pronoun_one(words, position, starts, events):
            text = " ".join(words[position : position + quantity.length])
            events.append(Qty(quantity.value, quantity.kind, text))
            position += quantity.length
            continue
        events.append(Word(words[position]))
        position += 1
    return apply_restarts(events)


def _is_pronoun_one(
    words: list[str], position: int, starts: dict[int, int], events: list[Event]
) -> bool:
    """'one' that stands for a line ("the iced one"), not a quantity ("one latte")."""
    if words[position] not in ("one", "ones") or position + 1 in starts:
        return False
    before = events[-1] if events else None
    return isinstance(before, OptionWord) or (
        isinstance(before, Word) and before.text in _PRONOUN_ONE_BEFORE
    )


_RESTARTS_BY_FIRST: dict[str, tuple[tuple[str, ...], ...]] = {
    first: tuple(marker for marker in _RESTARTS if marker[0] == first)
    for first in {marker[0] for marker in _RESTARTS}
}


def _restart_at(events: list[Event], index: int) -> int:
    """Length of a restart marker starting at events[index], or 0."""
    first = events[index]
    if not isinstance(first, Word) or first.text not in _RESTARTS_BY_FIRST:
        return 0
    for marker in _RESTARTS_BY_FIRST[first.text]:
        window = events[index : index + len(marker)]
        if len(window) == len(marker) and all(
            isinstance(event, Word) and event.text == word
            for event, word in zip(window, marker, strict=True)
        ):
            return len(marker)
    return 0


def apply_restarts(events: list[Event]) -> list[Event]:
    """Drop what the customer took back: the part of the current phrase before "no wait"."""
    out: list[Event] = []
    index = 0
    while index < len(events):
        length = _restart_at(events, index)
        if length:
            chunk_start = len(out)
            while chunk_start > 0 and not (
                isinstance(out[chunk_start - 1], Word)
                and out[chunk_start - 1].text in _CHUNK_BREAKS
            ):
                chunk_start -= 1
            dropped = out[chunk_start:]
            if any(isinstance(event, Qty | ProductWord | OptionWord) for event in dropped):
                del out[chunk_start:]
                index += length
                rest_end = index
                while rest_end < len(events) and not (
                    isinstance(events[rest_end], Word) and events[rest_end].text in _CHUNK_BREAKS
                ):
                    rest_end += 1
                rest = events[index:rest_end]
                products = [event for event in dropped if isinstance(event, ProductWord)]
                if products and not any(isinstance(event, ProductWord) for event in rest):
                    # "a latte, no wait, two": the new words only change what was said about it
                    quantities = [e for e in rest if isinstance(e, Qty)] or [
                        e for e in dropped if isinstance(e, Qty)
                    ]
                    options = [e for e in (*dropped, *rest) if isinstance(e, OptionWord)]
                    out.extend([*quantities[-1:], *options, products[-1]])
                    out.extend(e for e in rest if isinstance(e, Word))
                    index = rest_end
                continue
        out.append(events[index])
        index += 1
    return out
