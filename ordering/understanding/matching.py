"""Find the menu phrases in a list of words, tolerating recogniser slips.

Every word may stand for itself or, when it is neither a menu word nor common English, for a
menu word it resembles (spelling or sound). A dynamic programme then picks the set of
non-overlapping phrases that covers the most meaningful words with the fewest phrases, so
"hot milk tea" is "hot" + "milk tea" and "egg tarts" is one phrase, not "egg" + "tart".
"""

from __future__ import annotations

from dataclasses import dataclass

from ordering.understanding.lexicon import Lexicon, Meaning, Phrase
from ordering.understanding.normalize import singular
from ordering.understanding.vocabulary import ARTICLES, DETERMINERS, NEGATIONS

_FUNCTION = frozenset(
    {*ARTICLES, *DETERMINERS, *NEGATIONS, "of", "with", "for", "to", "in", "on", "and", "or"}
    | {"any", "more", "add", "please"}
)
_CONTENT = 10_000
_MENTION = 1_000
_FUZZY = 100
_WORD = 10


@dataclass(frozen=True, slots=True)
class Mention:
    """A menu phrase found at words[start:end]."""

    start: int
    end: int
    meaning: Meaning
    fuzzy: bool


@dataclass(frozen=True, slots=True)
class _Alternative:
    key: str
    cost: int
    strong: bool


def join_split_words(lexicon: Lexicon, words: list[str]) -> list[str]:
    """Glue words a recogniser split ("you tiao" -> "youtiao") when only the whole is known."""
    out: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        if index + 1 < len(words):
            following = words[index + 1]
            joined = word + following
            if (
                word.isalpha()
                and following.isalpha()
                and singular(joined) in lexicon.vocabulary
                and (
                    singular(word) not in lexicon.vocabulary
                    or singular(following) not in lexicon.vocabulary
                )
            ):
                out.append(joined)
                index += 2
                continue
        out.append(word)
        index += 1
    return out


def _alternatives(lexicon: Lexicon, word: str) -> list[_Alternative]:
    key = singular(word)
    found = [_Alternative(key, 0, True)]
    if key not in lexicon.vocabulary and key.endswith("s") and key[:-1] in lexicon.vocabulary:
        return [_Alternative(key[:-1], 0, True)]  # a plural too short for `singular` ("ojs")
    if key not in lexicon.vocabulary:
        found.extend(_Alternative(c.key, 1, c.strong) for c in lexicon.corrections(key))
    return found


def _score(words: list[str], start: int, end: int, cost: int) -> int:
    content = sum(1 for word in words[start:end] if word not in _FUNCTION)
    return max(1, content) * _CONTENT - _MENTION + (end - start) * _WORD - cost * _FUZZY


def find_mentions(lexicon: Lexicon, words: list[str]) -> list[Mention]:
    """The best non-overlapping menu phrases in `words`, in order."""
    count = len(words)
    alternatives = [_alternatives(lexicon, word) for word in words]
    candidates: list[list[tuple[int, Meaning, int, bool]]] = [[] for _ in range(count)]
    for start in range(count):
        # depth-first walk over the phrase prefixes, one word alternative at a time
        stack: list[tuple[int, Phrase, int, bool, bool]] = [(start, (), 0, True, False)]
        while stack:
            position, prefix, cost, all_strong, exact_content = stack.pop()
            if position >= count or position - start >= lexicon.max_phrase_length:
                continue
            for alternative in alternatives[position]:
                phrase = (*prefix, alternative.key)
                if phrase not in lexicon.prefixes:
                    continue
                strong = all_strong and alternative.strong
                exact = exact_content or (
                    alternative.cost == 0 and words[position] not in _FUNCTION
                )
                new_cost = cost + alternative.cost
                meaning = lexicon.phrases.get(phrase)
                if meaning is not None and _acceptable(len(phrase), new_cost, strong, exact):
                    candidates[start].append((position + 1, meaning, new_cost, new_cost > 0))
                stack.append((position + 1, phrase, new_cost, strong, exact))
    best: list[tuple[int, list[Mention]]] = [(0, [])] * (count + 1)
    for start in range(count - 1, -1, -1):
        choice = best[start + 1]
        for end, meaning, cost, fuzzy in candidates[start]:
            score = _score(words, start, end, cost) + best[end][0]
            if score > choice[0]:
                choice = (score, [Mention(start, end, meaning, fuzzy), *best[end][1]])
        best[start] = choice
    return best[0][1]


def _acceptable(length: int, cost: int, strong: bool, exact_content: bool) -> bool:
    if cost == 0:
        return True
    if length == 1:
        return strong
    return exact_content or strong
