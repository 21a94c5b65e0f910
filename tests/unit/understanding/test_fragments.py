"""Words that are only part of a longer menu name, said without the rest of it."""

from __future__ import annotations

import pytest

from ordering.speech.hearing import choose
from ordering.understanding import Lexicon


def test_fragments_come_from_the_feed_s_multi_word_names(lexicon: Lexicon) -> None:
    assert {"orange", "hash"} <= lexicon.fragments  # orange juice, hash brown
    # names, heads and categories mean something alone
    assert not {"latte", "brown", "congee", "tea", "coffee", "and", "a"} & lexicon.fragments


def test_another_menu_has_its_own_fragments(diner_lexicon: Lexicon, lexicon: Lexicon) -> None:
    assert diner_lexicon.fragments and diner_lexicon.fragments != lexicon.fragments


@pytest.mark.parametrize(
    ("text", "stray"),
    [
        ("two egg tarts and orange latte please", 1),
        ("two egg tarts and a large latte please", 0),
        ("an orange juice and a hash brown", 0),
        ("swap the hash for an orange", 2),
        ("", 0),
    ],
)
def test_stray_fragments_are_counted(lexicon: Lexicon, text: str, stray: int) -> None:
    assert lexicon.stray_fragments(text) == stray


def test_a_hypothesis_of_whole_names_replaces_one_with_a_stray_fragment(lexicon: Lexicon) -> None:
    text, result, confidence = choose(
        ("two egg tarts and orange latte", "two egg tarts and a large latte"), lexicon
    )
    assert text == "two egg tarts and a large latte"
    assert [(line.id, line.quantity) for line in result.items] == [("egg-tart", 2), ("latte", 1)]
    assert confidence == 1.0  # the fragment's reading is a mishearing, not a vote against
    text, _, confidence = choose(
        ("egg tarts and orange latte", "egg tarts and a large latte", "egg tarts and a latte"),
        lexicon,
    )
    assert text == "egg tarts and a large latte" and 0 < confidence < 1
    # only the next FRAGMENT_LOOKAHEAD hypotheses may replace it, and only with fewer fragments
    far = ("orange latte", "hash latte", "orange coffee", "a large latte")
    assert choose(far, lexicon)[0] == "orange latte"
    assert choose(("orange latte",), lexicon)[0] == "orange latte"
    fewer = ("a large filter hash", "orange latte hash", "a large latte hash", "a large latte")
    text, _, confidence = choose(fewer, lexicon)
    assert text == "a large latte hash"
    assert confidence == 1.0  # the 4th agrees; the 1st and 2nd, with more fragments, do not vote
