"""Cut an utterance into tokens: menu words, quantities, grammar words, marks, unknown text.

A dynamic programme picks the cut with the lowest cost: every known word (a menu word of the
feed, a grammar word, a number with its measure word) costs about one, every unit left unknown
costs more, so the longest known words win ("热牛奶" is the hot milk, not "热" + "牛奶";
"不要蛋挞" is 不要 + 蛋挞, not the option 不要蛋 + "挞").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ordering.understanding.chinese import grammar, numerals
from ordering.understanding.chinese.lexicon import GRAMMAR, ChineseLexicon, Meaning
from ordering.understanding.chinese.script import is_han, units

TokenKind = Literal["food", "qty", "word", "mark", "unknown"]

_WORD_COST = 1.0
_NUMERAL_COST = 1.1  # a number without its measure word ("两拿铁")
_BARE_MEASURE_COST = 1.2  # a measure word without a number ("来杯咖啡")
_MARK_COST = 0.2
_UNKNOWN_COST = 2.5
_LONGEST_NUMERAL = 8  # "一百二十五": longer runs of numerals are no quantity anyone orders


@dataclass(frozen=True, slots=True)
class Token:
    """One piece of an utterance. A quantity's `value` is None for "几" (a few); `counted` is
    False for a measure word said without a number (it still means one)."""

    kind: TokenKind
    text: str
    meaning: Meaning = GRAMMAR
    value: int | None = None
    counted: bool = True

    @property
    def products(self) -> tuple[str, ...]:
        return self.meaning.products

    @property
    def options(self) -> tuple[str, ...]:
        return self.meaning.options

    def is_word(self, *texts: str) -> bool:
        return self.kind == "word" and self.text in texts


def _join(parts: list[str]) -> str:
    text = ""
    for part in parts:
        if text and text[-1].isascii() and text[-1].isalnum() and part[:1].isascii():
            text += " "
        text += part
    return text


def _quantities(found: list[str], start: int) -> list[tuple[int, Token, float]]:
    """Quantity tokens starting at `start`: (end, token, cost)."""
    out: list[tuple[int, Token, float]] = []
    unit = found[start]
    end = start
    if unit.isdigit() or numerals.is_english_number(unit):
        end = start + 1
    else:
        longest = min(len(found), start + _LONGEST_NUMERAL)
        while end < longest and found[end] in numerals.NUMERAL_CHARACTERS:
            end += 1
    if end > start:
        said = found[start:end]
        value = numerals.numeral_value(said)
        indefinite = numerals.INDEFINITE in said
        half = said == [numerals.HALF]
        following = found[end] if end < len(found) else None
        if following == numerals.DOZEN and (value is not None or half):
            dozens = 6 if half else (value or 0) * 12
            text = _join(found[start : end + 1])
            out.append((end + 1, Token("qty", text, value=dozens), _WORD_COST))
        elif (value is not None or indefinite) and not half:
            shown = value if not indefinite else None
            if following in grammar.MEASURE_WORDS:
                text = _join(found[start : end + 1])
                out.append((end + 1, Token("qty", text, value=shown), _WORD_COST))
            out.append((end, Token("qty", _join(said), value=shown), _NUMERAL_COST))
    if unit in grammar.MEASURE_WORDS:
        out.append((start + 1, Token("qty", unit, value=1, counted=False), _BARE_MEASURE_COST))
    return out


def _candidates(
    lexicon: ChineseLexicon, found: list[str], start: int
) -> list[tuple[int, Token, float]]:
    out = _quantities(found, start)
    key: tuple[str, ...] = ()
    for end in range(start, min(len(found), start + lexicon.max_length)):
        key = (*key, found[end])
        if key not in lexicon.prefixes:
            break
        meaning = lexicon.words.get(key)
        if meaning is not None:
            kind: TokenKind = "food" if meaning.is_food else "word"
            out.append((end + 1, Token(kind, _join(list(key)), meaning), _WORD_COST))
    unit = found[start]
    if unit in grammar.PUNCTUATION:
        out.append((start + 1, Token("mark", unit), _MARK_COST))
    else:
        out.append((start + 1, Token("unknown", unit), _UNKNOWN_COST))
    return out


def segment(lexicon: ChineseLexicon, text: str) -> list[Token]:
    """The cheapest cut of `text` into tokens."""
    found = units(text)
    count = len(found)
    cost = [0.0] * (count + 1)
    step: list[tuple[int, Token] | None] = [None] * (count + 1)
    for start in range(count - 1, -1, -1):
        best: tuple[float, int, Token] | None = None
        for end, token, price in _candidates(lexicon, found, start):
            total = price + cost[end]
            if best is None or total < best[0] - 1e-9:
                best = (total, end, token)
        assert best is not None
        cost[start], step[start] = best[0], (best[1], best[2])
    tokens: list[Token] = []
    position = 0
    while position < count:
        taken = step[position]
        assert taken is not None
        position, token = taken
        tokens.append(token)
    tokens = _measure_words_in_names(_demote_lone_characters(tokens))
    return _undo_negation_before_product(lexicon, tokens)


def _demote_lone_characters(tokens: list[Token]) -> list[Token]:
    """A one-character option ("大", "中", "冰") counts only beside a menu word, a quantity,
    "的"/"杯", or alone; elsewhere it is a character of some other word."""
    content = [t for t in tokens if t.kind not in ("mark",) and t.text not in grammar.PARTICLES]
    out: list[Token] = []
    for index, token in enumerate(tokens):
        lone = (
            token.kind == "food"
            and len(token.text) == 1
            and is_han(token.text)
            and not token.products
            and len(content) > 1
        )
        if lone and not _has_company(tokens, index):
            out.append(Token("unknown", token.text))
        else:
            out.append(token)
    return out


def _has_company(tokens: list[Token], index: int) -> bool:
    before = tokens[index - 1] if index > 0 else None
    after = tokens[index + 1] if index + 1 < len(tokens) else None
    if before is not None and before.kind == "food":
        return True
    if after is not None and (after.kind == "food" or after.text in ("的", "杯", "点", "一点")):
        return True
    return after is None and before is not None and before.kind == "qty"


def _measure_words_in_names(tokens: list[Token]) -> list[Token]:
    """A measure word without a number counts one only where a phrase starts ("来杯咖啡");
    after a number or an unknown character it is part of a name ("两个包子", "小笼包")."""
    out: list[Token] = []
    for token in tokens:
        before = out[-1] if out else None
        bare = token.kind == "qty" and not token.counted
        if bare and before is not None and before.kind in ("qty", "unknown"):
            out.append(Token("unknown", token.text))
        else:
            out.append(token)
    return out


def _undo_negation_before_product(lexicon: ChineseLexicon, tokens: list[Token]) -> list[Token]:
    """To take away the iced americano (不要冰美式了): a negated option ("不要冰") right
    before a product, in an utterance ending in 了, is 不要 + the option."""
    said = [token for token in tokens if token.kind != "mark"]
    if not said or said[-1].text != "了":
        return tokens
    out: list[Token] = []
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        rest = token.text[2:]
        meaning = lexicon.words.get(tuple(units(rest)))
        if (
            token.meaning.negated
            and token.text.startswith("不要")
            and following is not None
            and following.products
            and meaning is not None
            and meaning.options
        ):
            out.extend([Token("word", "不要"), Token("food", rest, meaning)])
        else:
            out.append(token)
    return out
