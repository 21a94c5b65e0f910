"""How sure a parse is, and what else the customer may have meant.

A parse decided by a clear cue over words the menu and the product's English explain is sure.
Each word nothing explains, and each menu word only guessed from a slip, makes it less so; an
utterance that fell through every cue to `out_of_scope` although it holds words of agreement,
payment, cancelling or finishing is unsure, and names that intent as the one to ask about
("sorry, did you want to place the order?"). `ASK_BELOW` is set so that a fall-through is
always asked about and a decided parse with a word or two unexplained is not; how the bands
fare on the labelled sets is in docs/benchmarks.md (`benchmarks/confidence.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ordering.understanding.events import Event, OptionWord, ProductWord, Word
from ordering.understanding.lexicon import Lexicon
from ordering.understanding.normalize import singular
from ordering.understanding.order_parse import Intent, OrderParse
from ordering.understanding.unmatched import unknown_word

ASK_BELOW = 0.5
"""Below this, the dialog asks "sorry, did you want to …?" instead of acting."""

_PER_UNEXPLAINED = 0.8
_PER_GUESS = 0.9
_FELL_THROUGH = 0.4

_HINTS: tuple[tuple[Intent, re.Pattern[str]], ...] = (
    ("cancel_order", re.compile(r"\b(cancel|scrap|forget)\b")),
    ("pay", re.compile(r"\b(pay|paying|card|checkout|check out)\b")),
    ("confirm", re.compile(r"\b(yes|yeah|yep|yup|sure|ok|okay|alright|place|confirm|correct)\b")),
    ("finish", re.compile(r"\b(done|finished|all|everything|nothing else)\b")),
)
"""Loose words of intents without food, for an utterance no cue decided."""


@dataclass(frozen=True, slots=True)
class Judgement:
    """How sure a parse is (0 to 1) and the intent to ask about when it is not."""

    confidence: float
    alternative: Intent | None = None


def unexplained(lexicon: Lexicon, events: list[Event], parsed: OrderParse) -> int:
    """Words nothing explains: not the menu's, not grammar, not food reported as off the menu."""
    reported = {word for food in parsed.unmatched for word in food.split()}
    return sum(
        1
        for event in events
        if isinstance(event, Word)
        and unknown_word(event.text)
        and event.text not in reported
        and singular(event.text) not in lexicon.vocabulary
        and singular(event.text) not in lexicon.descriptions.category_words
    )


def judge(lexicon: Lexicon, events: list[Event], masked: str, parsed: OrderParse) -> Judgement:
    """The confidence of `parsed`, and the intent to ask about when it fell through."""
    guesses = sum(
        1 for event in events if isinstance(event, OptionWord | ProductWord) and event.guessed
    )
    confidence = _PER_UNEXPLAINED ** unexplained(lexicon, events, parsed) * _PER_GUESS**guesses
    if parsed.intent != "out_of_scope":
        return Judgement(round(confidence, 3))
    for intent, hint in _HINTS:
        if hint.search(masked):
            return Judgement(round(confidence * _FELL_THROUGH, 3), intent)
    return Judgement(round(confidence, 3))
