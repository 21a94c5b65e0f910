"""Food described rather than named: a near name of a menu item, or food off the menu.

Customers describe: "a century egg and pork rice porridge", "a bacon and egg toasted
sandwich", "a chinese fried breadstick", "a turkey sandwich". None is a name or alias of the
feed, but each ends in a head noun of one item (or of its category) and its other words are
that item's words. Other descriptions only look close: "scrambled eggs", "an apple juice", "a
cinnamon raisin bagel" end in a menu word, but what comes before it is no word of any item, so
they are food off the menu and stay off it (`unmatched`), never the nearest-looking item.

The rule, measured on both kinds (the blind sets' descriptive names and off-menu foods): a run
of content words fits an item when its last word is one of the item's heads (or a head of its
category), at least one other word is the item's, and the item's words are at least as many
as the others. A product the run names that is no common word ("youtiao") must be the item's
own, so two items said side by side ("hash brown egg tart") stay two.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from menu.model import Menu
from ordering.understanding.normalize import singular, tokens
from ordering.understanding.vocabulary import ARTICLES, DETERMINERS, GLUE

Phrase = tuple[str, ...]

_MIN_COMPOUND_HEAD = 4  # "breadstick" ends in the head "stick"
_OWN_HEAD = 2
_CATEGORY_HEAD = 1


@dataclass(frozen=True, slots=True)
class Descriptions:
    """What each product's names are made of, for fitting descriptions to products."""

    words: dict[str, frozenset[str]]  # product id -> every word of its names and aliases
    heads: dict[str, frozenset[str]]  # product id -> the last word of each name or alias
    category_heads: dict[str, frozenset[str]]  # product id -> heads and words of its category
    common: frozenset[str]  # words in the names of several products ("egg", "chicken")
    by_word: dict[str, frozenset[str]]  # word -> products with it in a name
    category_words: frozenset[str]
    shared_heads: frozenset[str]  # heads of several products' names ("panini", "burger")


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of a described food: a menu phrase found in the words, or a plain word."""

    keys: Phrase
    products: tuple[str, ...] = ()
    option: bool = False

    @property
    def plain(self) -> bool:
        return not self.products and not self.option


def build_descriptions(menu: Menu, categories: dict[Phrase, str]) -> Descriptions:
    """Index the feed's names, aliases and category words by product."""
    words: dict[str, set[str]] = defaultdict(set)
    heads: dict[str, set[str]] = defaultdict(set)
    category_of: dict[str, str] = {}
    for product in menu.products():
        category_of[product.id] = product.category
        for text in (product.name.en, *product.aliases.en):
            keys = [
                singular(word)
                for word in tokens(text)
                if word not in ARTICLES and word not in DETERMINERS
            ]
            if keys:
                words[product.id].update(keys)
                heads[product.id].add(keys[-1])
    by_category: dict[str, set[str]] = defaultdict(set)
    for product_id, category in category_of.items():
        by_category[category].update(heads[product_id])
    for phrase, category in categories.items():
        by_category[category].update(phrase)
    by_word: dict[str, set[str]] = defaultdict(set)
    for product_id, own in words.items():
        for key in own:
            by_word[key].add(product_id)
    return Descriptions(
        words={p: frozenset(k) for p, k in words.items()},
        heads={p: frozenset(h) for p, h in heads.items()},
        category_heads={p: frozenset(by_category[c]) for p, c in category_of.items()},
        common=frozenset(key for key, products in by_word.items() if len(products) > 1),
        by_word={key: frozenset(products) for key, products in by_word.items()},
        category_words=frozenset(key for phrase in categories for key in phrase),
        shared_heads=frozenset(
            head
            for head, count in Counter(h for own in heads.values() for h in own).items()
            if count > 1
        ),
    )


def is_content(descriptions: Descriptions, word: str) -> bool:
    """A plain word that can be part of a described food: not grammar, or a category word."""
    if word in GLUE:
        return singular(word) in descriptions.category_words
    return word.isalpha()


def _head_strength(descriptions: Descriptions, product: str, head: str) -> int:
    heads = descriptions.heads.get(product, frozenset())
    if head in heads or any(
        len(own) >= _MIN_COMPOUND_HEAD and len(head) > len(own) and head.endswith(own)
        for own in heads
    ):
        return _OWN_HEAD
    if head in descriptions.category_heads.get(product, frozenset()):
        return _CATEGORY_HEAD
    return 0


def _fit(descriptions: Descriptions, product: str, units: Sequence[Unit]) -> int | None:
    """How well `units` describe `product` (higher is better), or None when they do not."""
    last = units[-1]
    strength = _head_strength(descriptions, product, last.keys[-1])
    if not strength or (last.products and strength != _OWN_HEAD):
        return None  # a product said last is the head itself: "hash browns and bacon" is two
    own = descriptions.words.get(product, frozenset())
    matched = unmatched = 0
    for index, unit in enumerate(units):
        # the words of a product said last are its own name, no evidence of a description
        keys = unit.keys[:-1] if index == len(units) - 1 and not unit.products else unit.keys
        if index == len(units) - 1 and unit.products:
            continue
        if not keys:
            continue
        if all(key in own for key in keys):
            matched += 1
        elif unit.products and product not in unit.products and not _is_common(descriptions, unit):
            return None  # another item named in full: "hash brown egg tart" is two items
        else:
            unmatched += 1
    if matched == 0 or matched < unmatched:
        return None
    return 2 * matched + strength - unmatched


def _is_common(descriptions: Descriptions, unit: Unit) -> bool:
    return len(unit.keys) == 1 and unit.keys[0] in descriptions.common


def best_fit(descriptions: Descriptions, units: Sequence[Unit]) -> str | None:
    """The one product `units` describe best, or None (no fit, or a tie)."""
    if len(units) < 2:
        return None
    candidates: set[str] = set()
    for unit in units:
        for key in unit.keys:
            candidates.update(descriptions.by_word.get(key, ()))
    scored = sorted(
        (
            (score, product)
            for product in candidates
            if (score := _fit(descriptions, product, units))
        ),
        reverse=True,
    )
    if not scored or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def off_menu_modifiers(descriptions: Descriptions, units: Sequence[Unit]) -> bool:
    """True for "scrambled eggs", "apple juice": words no product's name has, right before a
    product (option words count as foreign too: "an onion bagel" where onions are an option)."""
    if len(units) < 2 or not units[-1].products:
        return False
    before = units[-2]
    return before.plain and all(
        key not in descriptions.by_word and key not in descriptions.category_words
        for key in before.keys
    )
