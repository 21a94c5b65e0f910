"""Runs of food words in an utterance: a described menu item, or food off the menu.

Between `find_mentions` and the events: a run of menu phrases and plain content words that no
single phrase covers ("a chinese fried breadstick", "an egg custard tart") becomes one mention
of the product it describes (`descriptions.best_fit`); "a bagel with smoked salmon" is read in
the other word order too; a menu word right after words no menu has ("scrambled eggs") is no
mention at all, so the whole run is reported as food off the menu.
"""

from __future__ import annotations

from dataclasses import dataclass

from ordering.understanding.descriptions import Unit, best_fit, is_content, off_menu_modifiers
from ordering.understanding.lexicon import Lexicon, Meaning
from ordering.understanding.matching import Mention
from ordering.understanding.normalize import singular

_CONNECTORS = frozenset({"and", "of"})


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int
    end: int
    unit: Unit
    mention: Mention | None


def _pieces(lexicon: Lexicon, words: list[str], mentions: list[Mention]) -> list[_Piece | None]:
    """One piece per mention or content word, None for a word that breaks a run."""
    starts = {mention.start: mention for mention in mentions}
    out: list[_Piece | None] = []
    position = 0
    while position < len(words):
        mention = starts.get(position)
        if mention is not None:
            keys = tuple(singular(word) for word in words[mention.start : mention.end])
            meaning = mention.meaning
            unit = Unit(keys, meaning.products, not meaning.products)
            out.append(_Piece(mention.start, mention.end, unit, mention))
            position = mention.end
            continue
        word = words[position]
        if word in _CONNECTORS:
            out.append(_Piece(position, position + 1, Unit(()), None))
        elif is_content(lexicon.descriptions, word):
            out.append(_Piece(position, position + 1, Unit((singular(word),)), None))
        else:
            out.append(None)
        position += 1
    return out


def _runs(pieces: list[_Piece | None]) -> list[list[_Piece]]:
    """Maximal runs of content pieces, connectors only between two of them, options not first
    or last (they describe the food, they are not it)."""
    runs: list[list[_Piece]] = []
    current: list[_Piece] = []
    for piece in [*pieces, None]:
        if piece is not None:
            current.append(piece)
            continue
        while current and (not current[0].unit.keys or current[0].unit.option):
            current.pop(0)
        while current and (not current[-1].unit.keys or current[-1].unit.option):
            current.pop()
        if current:
            runs.append(current)
        current = []
    return runs


def _units(run: list[_Piece]) -> list[Unit]:
    return [piece.unit for piece in run if piece.unit.keys]


def _resolve(lexicon: Lexicon, run: list[_Piece]) -> tuple[list[Mention], set[int]]:
    """New mentions for a run, and the start positions of the old mentions it replaces."""
    units = _units(run)
    plain = any(unit.plain for unit in units)
    if len(units) < 2 or not (plain or sum(1 for unit in units if unit.products) >= 2):
        return [], set()
    old = {piece.start for piece in run if piece.mention is not None}
    product = best_fit(lexicon.descriptions, units)
    if product is not None:
        return [Mention(run[0].start, run[-1].end, Meaning(products=(product,)), False)], old
    split = next((i for i, piece in enumerate(run) if not piece.unit.keys), None)
    if split is not None:
        left, left_old = _resolve(lexicon, _trim(run[:split]))
        right, right_old = _resolve(lexicon, _trim(run[split + 1 :]))
        return [*left, *right], left_old | right_old
    if off_menu_modifiers(lexicon.descriptions, units):
        return [], {run[-1].start}
    return [], set()


def _trim(run: list[_Piece]) -> list[_Piece]:
    """The part of a run that is still a run (connectors and options trimmed off its ends)."""
    pieces: list[_Piece | None] = list(run)
    runs = _runs(pieces)
    return runs[0] if runs else []


def _reordered(lexicon: Lexicon, words: list[str], mentions: list[Mention]) -> list[Mention]:
    """ "a bagel with smoked salmon": also the product whose name is "smoked salmon bagel"."""
    starts = {mention.start: mention for mention in mentions}
    out: list[Mention] = []
    skip_to = -1
    for mention in mentions:
        if mention.start < skip_to:
            continue
        out.append(mention)
        after = mention.end
        if not mention.meaning.products or after >= len(words) or words[after] != "with":
            continue
        end = after + 1
        while (
            end < len(words) and end not in starts and is_content(lexicon.descriptions, words[end])
        ):
            end += 1
        said = [Unit((singular(word),)) for word in words[after + 1 : end]]
        if not said:
            continue
        head = Unit(tuple(singular(word) for word in words[mention.start : mention.end]))
        product = best_fit(lexicon.descriptions, [*said, head])
        own = lexicon.descriptions.words.get(product or "", frozenset())
        if (
            product is not None
            and product not in mention.meaning.products
            and all(unit.keys[0] in own for unit in said)
        ):
            out[-1] = Mention(mention.start, end, Meaning(products=(product,)), False)
            skip_to = end
    return out


def _worth_a_look(lexicon: Lexicon, words: list[str], mentions: list[Mention]) -> bool:
    """Cheap test first: a run needs a product next to another or to a content word, or two
    words of product names side by side ("a turkey sandwich")."""
    descriptions = lexicon.descriptions
    starts = {mention.start: mention for mention in mentions}
    covered = {i for mention in mentions for i in range(mention.start, mention.end)}
    for index, word in enumerate(words[:-1]):
        if (
            index not in covered
            and index + 1 not in covered
            and singular(word) in descriptions.by_word
            and is_content(descriptions, words[index + 1])
        ):
            return True
    for mention in mentions:
        if not mention.meaning.products:
            continue
        before, after = mention.start - 1, mention.end
        if before >= 0 and before not in covered and is_content(descriptions, words[before]):
            return True
        if after < len(words) and (words[after] in _CONNECTORS or words[after] == "with"):
            after += 1
        if after < len(words) and (
            (after in starts and bool(starts[after].meaning.products))
            or (after not in covered and is_content(descriptions, words[after]))
        ):
            return True
    return False


def resolve_food_runs(lexicon: Lexicon, words: list[str], mentions: list[Mention]) -> list[Mention]:
    """The mentions with described products merged and off-menu look-alikes dropped."""
    if not _worth_a_look(lexicon, words, mentions):
        return mentions
    replaced: set[int] = set()
    added: list[Mention] = []
    for run in _runs(_pieces(lexicon, words, mentions)):
        new, old = _resolve(lexicon, run)
        added.extend(new)
        replaced |= old
    if replaced or added:
        kept = [mention for mention in mentions if mention.start not in replaced]
        mentions = sorted([*kept, *added], key=lambda mention: mention.start)
    return _reordered(lexicon, words, mentions)
