"""Food words that are not on the menu ("a pizza" -> "pizza"), found by their position.

No food list: a run of words that are neither menu phrases nor common English counts as an
unknown food when it sits where a food would, right after a quantity, an article or an ordering
verb ("can I get a pizza", "I'll have pancakes", "two baozi and a tea egg"), and ends the noun
phrase (it does not describe a menu product that follows, as in "a nice latte").
"""

from __future__ import annotations

from ordering.understanding.events import Event, OptionWord, ProductWord, Qty, Word
from ordering.understanding.normalize import singular
from ordering.understanding.numbers import NUMBER_WORDS
from ordering.understanding.vocabulary import FILLERS, GLUE, NP_OPENERS

_LEAD_INS = frozenset(
    "hi hello hey good morning afternoon evening so okay ok oh and also yeah yes well please "
    "actually there then just maybe sorry right alright um uh plus wait".split()
)


_QUANTIFIERS = frozenset({"some", "more", "another"})
_NOUN_ENDERS = frozenset({"please", "and", "plus", "thanks", "thank", "too", "for", "as"})


def unknown_word(word: str) -> bool:
    """A word that is no grammar, filler or number: a content word the parser may not know."""
    return (
        len(word) >= 2
        and word.isalpha()
        and word not in GLUE
        and word not in FILLERS
        and word not in NUMBER_WORDS
    )


def unknown_foods(
    events: list[Event], product_words: frozenset[str], shared_heads: frozenset[str]
) -> list[str]:
    """Food words off the menu, in order.

    A run made only of words of product names and ending like several of them ("a panini", "a
    chicken") names something on the menu too vaguely to pick a product: it is no unknown
    food. Ending like one only ("an iced tea" where the menu has milk tea), it is another."""
    found = []
    for run in food_nouns(events):
        keys = [singular(word) for word in run]
        if keys[-1] not in shared_heads or any(key not in product_words for key in keys):
            found.append(" ".join(run))
    return found


def food_nouns(events: list[Event]) -> list[list[str]]:
    """Runs of unknown words in the place of a food, in order."""
    found: list[list[str]] = []
    index = 0
    while index < len(events):
        event = events[index]
        if not (isinstance(event, Word) and unknown_word(event.text)):
            index += 1
            continue
        end = index
        while end < len(events):
            current = events[end]
            if not (isinstance(current, Word) and unknown_word(current.text)):
                break
            end += 1
        opener = index - 1
        while opener >= 0 and isinstance(events[opener], OptionWord):
            opener -= 1  # "a large mocha": describing words belong to the unknown noun
        before = events[opener] if opener >= 0 else None
        after = events[end] if end < len(events) else None
        led_in = all(isinstance(e, Word) and e.text in _LEAD_INS for e in events[: opener + 1])
        opened = (
            isinstance(before, Qty)
            or (isinstance(before, Word) and before.text in NP_OPENERS)
            or ((before is None or led_in) and _ends_noun(after))
        )
        closed = not isinstance(after, ProductWord | OptionWord)
        if opened and closed:
            found.append([e.text for e in events[index:end] if isinstance(e, Word)])
        index = end
    return found


def starts_like_an_order(events: list[Event]) -> bool:
    """True when the utterance opens (after greetings) with a quantity, "some" or a product, or
    is an unknown noun on its own ("pancakes please", "dumplings and a soy milk")."""
    for index, event in enumerate(events):
        if isinstance(event, Word) and event.text in _LEAD_INS:
            continue
        if not isinstance(event, Word) or event.text in _QUANTIFIERS:
            return True
        if not unknown_word(event.text):
            return False
        end = index
        while (
            end < len(events) and isinstance(events[end], Word) and unknown_word(events[end].text)
        ):
            end += 1
        after = events[end] if end < len(events) else None
        return _ends_noun(after)
    return False


def _ends_noun(after: Event | None) -> bool:
    return after is None or (isinstance(after, Word) and after.text in _NOUN_ENDERS)
