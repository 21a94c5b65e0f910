"""The recogniser's English and the parser's are one: every fixed phrase the speech corpus
teaches parses to its intent, on the reference menu and on two unrelated feeds."""

from __future__ import annotations

import pytest

from menu.model import Menu
from ordering.speech.corpus import INTENT_PHRASES, spoken
from ordering.understanding import Lexicon, compile_lexicon, parse
from ordering.understanding.english import NUMBER_WORDS, number_words, plural
from ordering.understanding.numbers import read_quantity
from ordering.understanding.phrasebook import OFFERS, PHRASES


@pytest.fixture(scope="module")
def lexicons(lexicon: Lexicon, diner_lexicon: Lexicon, second_feed_menu: Menu) -> list[Lexicon]:
    return [lexicon, diner_lexicon, compile_lexicon(second_feed_menu)]


def test_the_corpus_teaches_exactly_the_phrasebook() -> None:
    assert INTENT_PHRASES == tuple(phrase for phrases in PHRASES.values() for phrase in phrases)


@pytest.mark.parametrize(
    ("intent", "phrase"), [(intent, p) for intent, phrases in PHRASES.items() for p in phrases]
)
def test_every_taught_phrase_parses_to_its_intent(
    lexicons: list[Lexicon], intent: str, phrase: str
) -> None:
    for lexicon in lexicons:
        assert parse(lexicon, phrase).intent == intent
        assert parse(lexicon, spoken(phrase)).intent == intent  # as a recogniser writes it


def test_numbers_are_written_and_read_with_the_same_words() -> None:
    for value in (*range(0, 30), 42, 99, 120, 999):
        words = number_words(value).split()
        assert set(words) <= NUMBER_WORDS
        quantity = read_quantity(words, 0)
        assert quantity is not None and (quantity.value, quantity.length) == (value, len(words))
    assert plural("egg tart") == "egg tarts"


def test_offers_are_for_intents_without_food() -> None:
    assert set(OFFERS) <= set(PHRASES)
