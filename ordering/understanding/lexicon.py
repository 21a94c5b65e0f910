"""Everything the parser knows about food, compiled once from a `Menu`.

Phrases are stored as tuples of normalised word keys (lower case, singular), so "Egg Tarts",
"egg tart" and "eggtarts" all meet the same entry. Each phrase means some products (items or
combos) and/or some options; an option word that exists in several groups ("large") keeps every
candidate and is resolved later through the item it is said about.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import jellyfish
from rapidfuzz import fuzz, process

from menu.model import Menu
from ordering.understanding.chinese.lexicon import ChineseLexicon, compile_chinese
from ordering.understanding.descriptions import Descriptions, build_descriptions
from ordering.understanding.english import common_foods
from ordering.understanding.menu_rules import MenuRules
from ordering.understanding.normalize import singular, tokens
from ordering.understanding.synonyms import variants
from ordering.understanding.vocabulary import ARTICLES, DETERMINERS, GLUE

Phrase = tuple[str, ...]

_NAME = 0  # priority of a name or alias as written in the feed
_DERIVED = 1  # priority of a form derived from one (joined words, "and" dropped, negated group)
_NEGATION_PREFIXES: tuple[Phrase, ...] = (
    ("no",),
    ("without",),
    ("without", "any"),
    ("with", "no"),
    ("hold", "the"),
    ("hold",),
    ("no", "more"),
    ("skip", "the"),
    ("minus", "the"),
)
_NOT_BARE = ARTICLES | DETERMINERS | {"no", "extra", "less", "more", "a", "an"}
_LIST_SEPARATORS = re.compile(r",|&|/|\band\b|\bor\b")
_STRONG_RATIO = 80.0
_SOUND_RATIO = 70.0
_WEAK_RATIO = 70.0
_MIN_FUZZY_LENGTH = 3
_MIN_STRONG_LENGTH = 5


@dataclass(frozen=True, slots=True)
class Meaning:
    """What a phrase can stand for: products (items or combos) and options, by id."""

    products: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    """Modifier groups the phrase names as a whole ("milk", "sugar", "no syrup"): said about an
    item, such a phrase describes it without choosing an option."""


@dataclass(frozen=True, slots=True)
class Correction:
    """A menu word an unknown word may be a slip for; `strong` ones may stand alone."""

    key: str
    strong: bool


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The compiled menu vocabulary; build it with `compile_lexicon`."""

    phrases: dict[Phrase, Meaning]
    prefixes: frozenset[Phrase]
    max_phrase_length: int
    vocabulary: frozenset[str]
    product_words: frozenset[str]
    product_heads: frozenset[str]
    products: frozenset[str]
    rules: MenuRules
    none_option: dict[str, str]
    categories: dict[Phrase, str]
    category_prefixes: frozenset[Phrase]
    head_categories: dict[str, str]
    fuzzy_pool: tuple[str, ...]
    sound_index: dict[str, tuple[str, ...]]
    descriptions: Descriptions
    food_heads: frozenset[str]
    """Last words of common foods the menu may lack ("pizza", "toast"): a question about one
    is about food, a question about anything else ("wifi", "bitcoin") is not."""
    # Words that mean something only inside a longer name ("orange" of "orange juice", "hash"
    # of "hash brown"): not names, heads or categories by themselves.
    fragments: frozenset[str] = frozenset()
    chinese: ChineseLexicon | None = field(default=None, repr=False, compare=False)
    _corrections: dict[str, tuple[Correction, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def stray_fragments(self, text: str) -> int:
        """How many words of `text` are fragments of a longer name said without the rest of
        it (a sign of a mishearing: "two egg tarts and orange latte")."""
        keys = keys_of(text)
        covered = [False] * len(keys)
        for start in range(len(keys)):
            longest = min(self.max_phrase_length, len(keys) - start)
            for length in range(2, longest + 1):
                if keys[start : start + length] in self.phrases:
                    covered[start : start + length] = [True] * length
        return sum(
            1 for key, seen in zip(keys, covered, strict=True) if key in self.fragments and not seen
        )

    def corrections(self, key: str) -> tuple[Correction, ...]:
        """Menu words that `key` (not itself a menu or glue word) may be a slip for; cached."""
        cached = self._corrections.get(key)
        if cached is None:
            cached = self._find_corrections(key)
            if len(self._corrections) < 50_000:
                self._corrections[key] = cached
        return cached

    def _find_corrections(self, key: str) -> tuple[Correction, ...]:
        if (
            len(key) < _MIN_FUZZY_LENGTH
            or not key.isalpha()
            or key in self.vocabulary
            or key in GLUE
            or not self.fuzzy_pool
        ):
            return ()
        found: dict[str, Correction] = {}
        sound = jellyfish.metaphone(key)
        for candidate, score, _ in process.extract(
            key, self.fuzzy_pool, scorer=fuzz.ratio, score_cutoff=_WEAK_RATIO - 20, limit=5
        ):
            same_sound = bool(sound) and jellyfish.metaphone(candidate) == sound
            long_enough = len(key) >= _MIN_STRONG_LENGTH and len(candidate) >= _MIN_STRONG_LENGTH
            strong = long_enough and (
                score >= _STRONG_RATIO
                or (same_sound and key[0] == candidate[0] and score >= _SOUND_RATIO)
            )
            if strong or score >= _WEAK_RATIO or same_sound:
                found[candidate] = Correction(candidate, strong)
        for candidate in self.sound_index.get(sound, ()):
            if candidate not in found and candidate[0] == key[0]:
                found[candidate] = Correction(candidate, False)
        return tuple(sorted(found.values(), key=lambda c: (not c.strong, c.key)))


def keys_of(text: str) -> Phrase:
    """The matching keys of a text: normalised words, each made singular."""
    return tuple(singular(word) for word in tokens(text))


def _product_forms(text: str) -> Iterable[tuple[Phrase, int]]:
    words = tokens(text)
    while len(words) > 1 and (words[0] in ARTICLES or words[0] in ("the", "some")):
        words = words[1:]
    yield from _forms(words)


def _forms(words: list[str]) -> Iterable[tuple[Phrase, int]]:
    if not words:
        return
    keys = tuple(singular(word) for word in words)
    yield keys, _NAME
    if "and" in keys[1:-1]:
        yield tuple(key for key in keys if key != "and"), _DERIVED
    if 2 <= len(words) <= 3 and all(word.isalpha() for word in words):
        yield (singular("".join(words)),), _DERIVED


def _negative_object(words: list[str]) -> list[str] | None:
    """For a "none" option name ("No sauce", "Without ice"): the thing it removes."""
    if len(words) >= 2 and words[0] in ("no", "without"):
        return words[1:]
    if len(words) >= 3 and words[:2] == ["hold", "the"]:
        return words[2:]
    return None


def _is_none_option(name: str, aliases: Iterable[str]) -> bool:
    """An option that removes something: named "No ..."/"Without ..."/"None", or so aliased."""
    words = tokens(name)
    if words == ["none"] or _negative_object(words) is not None:
        return True
    first = next(iter(aliases), None)
    return first is not None and _negative_object(tokens(first)) is not None


def _group_words(name: str, option_names: list[str]) -> list[list[str]]:
    """Words naming a group as a whole: its name, and a last word most options share
    ("Whole milk", "Skim milk", "Oat milk" -> "milk")."""
    found = [tokens(name)]
    lasts = [keys_of(option)[-1] for option in option_names if keys_of(option)]
    found.extend([last] for last in sorted(set(lasts)) if lasts.count(last) >= 2)
    return [words for words in found if words and not all(word in GLUE for word in words)]


class _Builder:
    def __init__(self) -> None:
        self.targets: dict[Phrase, dict[tuple[str, str], int]] = defaultdict(dict)

    def add(self, phrase: Phrase, kind: str, ident: str, priority: int) -> None:
        if not phrase or all(key in DETERMINERS or key in ARTICLES for key in phrase):
            return
        if all(key.isdigit() for key in phrase):
            return
        slot = self.targets[phrase]
        previous = slot.get((kind, ident))
        if previous is None or priority < previous:
            slot[(kind, ident)] = priority

    def add_said_forms(self) -> None:
        """Every phrase also as customers say its words (`synonyms.variants`), derived."""
        for phrase, targets in list(self.targets.items()):
            for said in variants(phrase):
                for (kind, ident), priority in targets.items():
                    if kind != "group":
                        self.add(said, kind, ident, max(priority, _DERIVED))

    def meanings(self) -> dict[Phrase, Meaning]:
        """Each phrase's best-priority products and best-priority options (both kept: context
        decides between "bacon" the side and "bacon" the topping), and the groups it names."""
        out: dict[Phrase, Meaning] = {}
        for phrase, targets in self.targets.items():
            out[phrase] = Meaning(
                products=self._best(targets, "product"),
                options=self._best(targets, "option"),
                groups=tuple(ident for kind, ident in targets if kind == "group"),
            )
        return out

    @staticmethod
    def _best(targets: dict[tuple[str, str], int], wanted: str) -> tuple[str, ...]:
        ranked = [
            (priority, ident) for (kind, ident), priority in targets.items() if kind == wanted
        ]
        best = min((priority for priority, _ in ranked), default=0)
        return tuple(ident for priority, ident in ranked if priority == best)


def _category_phrases(menu: Menu) -> dict[Phrase, str]:
    seen: dict[Phrase, set[str]] = defaultdict(set)
    for category in menu.categories:
        texts = [category.name.en, category.id.replace("-", " ").replace("_", " ")]
        for text in texts:
            whole = keys_of(text)
            if whole:
                seen[whole].add(category.id)
            for part in _LIST_SEPARATORS.split(text.lower()):
                keys = keys_of(part)
                if keys:
                    seen[keys].add(category.id)
                    seen[keys[-1:]].add(category.id)
    return {
        phrase: next(iter(ids))
        for phrase, ids in seen.items()
        if len(ids) == 1 and not all(key in ARTICLES or key in DETERMINERS for key in phrase)
    }


def _head_categories(menu: Menu, categories: dict[Phrase, str]) -> dict[str, str]:
    heads: dict[str, set[str]] = defaultdict(set)
    for product in menu.products():
        for text in (product.name.en, *product.aliases.en):
            keys = keys_of(text)
            if keys and keys[-1] not in GLUE:
                heads[keys[-1]].add(product.category)
    return {
        head: next(iter(ids))
        for head, ids in heads.items()
        if len(ids) == 1 and (head,) not in categories
    }


def compile_lexicon(menu: Menu) -> Lexicon:
    """Compile names, aliases, options, categories and set-meal slots of `menu` for parsing."""
    builder = _Builder()
    for product in menu.products():
        for text in (product.name.en, *product.aliases.en):
            for phrase, priority in _product_forms(text):
                builder.add(phrase, "product", product.id, priority)

    none_option: dict[str, str] = {}
    for group in menu.modifier_groups:
        for option in group.options:
            for text in (option.name.en, *option.aliases.en):
                words = tokens(text)
                for phrase, priority in _forms(words):
                    builder.add(phrase, "option", option.id, priority)
                if len(words) > 1 and words[0] == "with" and words[1] not in _NOT_BARE:
                    # "with bacon and cheese": the second of a with-list comes without "with"
                    for phrase, _ in _forms(words[1:]):
                        builder.add(phrase, "option", option.id, _DERIVED)
        for words in _group_words(group.name.en, [o.name.en for o in group.options]):
            builder.add(keys_of(" ".join(words)), "group", group.id, _DERIVED)
        nones = [o for o in group.options if _is_none_option(o.name.en, o.aliases.en)]
        if not nones:
            # "no syrup" where the feed has no "no syrup" option: heard, but it means no option
            words = tokens(group.name.en)
            if words and not all(word in GLUE for word in words):
                for prefix in _NEGATION_PREFIXES:
                    builder.add(keys_of(" ".join([*prefix, *words])), "group", group.id, _DERIVED)
        if len(nones) == 1:
            none = nones[0]
            none_option[group.id] = none.id
            objects = [tokens(group.name.en)]
            named = _negative_object(tokens(none.name.en))
            if named:
                objects.append(named)
            for words in objects:
                if not words or all(word in GLUE for word in words):
                    continue
                for prefix in _NEGATION_PREFIXES:
                    for phrase, _ in _forms([*prefix, *words]):
                        builder.add(phrase, "option", none.id, _DERIVED)

    builder.add_said_forms()
    phrases = builder.meanings()
    prefixes = frozenset(phrase[:end] for phrase in phrases for end in range(1, len(phrase) + 1))
    vocabulary = frozenset(key for phrase in phrases for key in phrase)
    pool = tuple(
        sorted(
            key
            for key in vocabulary
            if key.isalpha() and len(key) >= _MIN_FUZZY_LENGTH and key not in GLUE
        )
    )
    sounds: dict[str, list[str]] = defaultdict(list)
    for key in pool:
        sound = jellyfish.metaphone(key)
        if sound:
            sounds[sound].append(key)

    rules = MenuRules.of(menu)
    categories = _category_phrases(menu)
    head_categories = _head_categories(menu, categories)
    product_heads = frozenset(p[-1] for p, m in phrases.items() if m.products)
    return Lexicon(
        phrases=phrases,
        prefixes=prefixes,
        max_phrase_length=max((len(phrase) for phrase in phrases), default=0),
        vocabulary=vocabulary,
        product_words=frozenset(k for p, m in phrases.items() if m.products for k in p),
        product_heads=product_heads,
        products=frozenset(product.id for product in menu.products()),
        rules=rules,
        none_option=none_option,
        categories=categories,
        category_prefixes=frozenset(
            phrase[:end] for phrase in categories for end in range(1, len(phrase) + 1)
        ),
        head_categories=head_categories,
        fuzzy_pool=pool,
        sound_index={sound: tuple(keys) for sound, keys in sounds.items()},
        descriptions=build_descriptions(menu, categories),
        food_heads=frozenset(keys[-1] for keys in map(keys_of, common_foods()) if keys),
        fragments=_fragments(phrases, product_heads, categories, head_categories),
        chinese=compile_chinese(menu, rules),
    )


def _fragments(
    phrases: dict[Phrase, Meaning],
    product_heads: frozenset[str],
    categories: dict[Phrase, str],
    head_categories: dict[str, str],
) -> frozenset[str]:
    inside = {key for phrase in phrases if len(phrase) > 1 for key in phrase}
    alone = {phrase[0] for phrase in phrases if len(phrase) == 1}
    named = {key for phrase in categories for key in phrase}
    return frozenset(inside - alone - product_heads - named - head_categories.keys() - GLUE)
