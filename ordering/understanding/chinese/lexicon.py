"""What the Chinese parser knows about food, compiled once from a `Menu`: the feed's `zh`
names and aliases (and its `en` ones, for mixed text such as "一杯 latte"), as unit tuples.

A word may mean products, options and a category at once ("咖啡" is a coffee and the coffee
category); the context decides. Negated forms of options ("不加糖", "去冰") are derived from the
feed's own "none" options and group names, with the negations of `grammar`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from menu.model import Menu, ModifierGroup
from ordering.understanding.chinese import grammar
from ordering.understanding.chinese.script import has_chinese, units
from ordering.understanding.menu_rules import MenuRules

Key = tuple[str, ...]

_NAME = 0  # a name or alias as written in the feed
_DERIVED = 1  # a form made from one (a negation, a name without its bracketed part)
_BRACKETS = re.compile(r"[(（\[【].*?[)）\]】]")
_CATEGORY_PARTS = re.compile(r"[与和及、,，/&]|\band\b")
_KIND_SUFFIXES = ("类", "品", "系列")


@dataclass(frozen=True, slots=True)
class Meaning:
    """What a word can stand for. `groups` are option groups a negated word names when the
    group has no "none" option ("不要果酱" where the spreads have none): heard, but no option."""

    products: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    category: str | None = None
    negated: bool = False

    @property
    def is_food(self) -> bool:
        return bool(self.products or self.options or self.groups or self.category)


GRAMMAR = Meaning()
"""The meaning of a grammar word: none, but it is a known word."""


@dataclass(frozen=True, slots=True)
class ChineseLexicon:
    """The compiled vocabulary; build it with `compile_chinese`."""

    words: dict[Key, Meaning]
    prefixes: frozenset[Key]
    max_length: int
    rules: MenuRules
    none_option: dict[str, str]
    category_words: dict[str, str]
    name_categories: tuple[tuple[str, str], ...]
    """(a Chinese product name or alias, its category): for "有什么粥", a word that ends names
    of one category only."""

    def category_named(self, text: str) -> str | None:
        """The category a word names: a category's own word, else the one category whose
        products' names end with it."""
        if not text:
            return None
        if text in self.category_words:
            return self.category_words[text]
        found = {category for name, category in self.name_categories if name.endswith(text)}
        return next(iter(found)) if len(found) == 1 else None


class _Builder:
    def __init__(self) -> None:
        self.targets: dict[Key, dict[tuple[str, str], int]] = defaultdict(dict)

    def add(self, text: str, kind: str, ident: str, priority: int) -> None:
        key = tuple(units(text))
        if not key or all(unit in grammar.PUNCTUATION for unit in key):
            return
        slot = self.targets[key]
        previous = slot.get((kind, ident))
        if previous is None or priority < previous:
            slot[(kind, ident)] = priority

    def words(self) -> dict[Key, Meaning]:
        out: dict[Key, Meaning] = {}
        for key, targets in self.targets.items():
            categories = [ident for kind, ident in targets if kind == "category"]
            out[key] = Meaning(
                products=_best(targets, "product"),
                options=_best(targets, "option"),
                groups=tuple(ident for kind, ident in targets if kind == "group"),
                category=categories[0] if len(categories) == 1 else None,
                negated=any(kind == "negated" for kind, _ in targets),
            )
        for key in _grammar_keys():
            out.setdefault(key, GRAMMAR)
        return out


def _best(targets: dict[tuple[str, str], int], wanted: str) -> tuple[str, ...]:
    ranked = [(priority, ident) for (kind, ident), priority in targets.items() if kind == wanted]
    best = min((priority for priority, _ in ranked), default=0)
    return tuple(ident for priority, ident in ranked if priority == best)


@cache
def _grammar_keys() -> frozenset[Key]:
    """The grammar words as keys: the same for every menu, so cut once per process."""
    return frozenset(tuple(units(word)) for word in _grammar_words())


def _grammar_words() -> Iterable[str]:
    from ordering.understanding.chinese import cues

    yield from grammar.SEPARATORS
    yield from grammar.BREAKS_SET_MEAL
    yield from grammar.ORDER_VERBS
    yield from grammar.REFERENCES
    yield from grammar.ALL_WORDS
    yield from grammar.PARTICLES
    yield from grammar.FILLER_WORDS
    yield from grammar.NEGATIONS
    yield from grammar.REPLACE_VERBS
    yield from grammar.REMOVE_VERBS
    yield from grammar.INTENT_WORDS
    yield from grammar.KIND_NOUNS
    yield from cues.CONFIRM_WORDS


def _forms(text: str) -> Iterable[tuple[str, int]]:
    """A name as written, and without a bracketed part ("两面煎（溏心）" -> "两面煎")."""
    yield text, _NAME
    bare = _BRACKETS.sub("", text).strip()
    if bare and bare != text:
        yield bare, _DERIVED
        yield re.sub(r"[(（)）\[\]【】]", "", text), _DERIVED


def _degree_forms(text: str) -> Iterable[str]:
    """ "少冰" said the other ways round: 少放点冰, 少一点冰, 冰少一点, 冰少放点 (and so for 多)."""
    for degree in grammar.DEGREES:
        thing = text[len(degree) :]
        if not text.startswith(degree) or not thing:
            continue
        for middle in ("放点", "放一点", "加点", "加一点", "一点", "点", "要点"):
            yield degree + middle + thing
        for tail in ("一点", "点", "放点", "放一点", "加点", "加一点", "些", "要一点"):
            yield thing + degree + tail
            yield thing + "要" + degree + tail


def _negated_object(text: str) -> str | None:
    """The thing a negated option name removes ("不加糖" -> "糖", "去冰" -> "冰")."""
    for negation in sorted(grammar.NEGATIONS, key=len, reverse=True):
        if text.startswith(negation) and len(text) > len(negation):
            return text[len(negation) :]
    return None


def _add_negations(builder: _Builder, group: ModifierGroup) -> None:
    """Negations ("不要X", "去X") of each thing X of the group: its "none" option when it has
    exactly one, else a word that names the group and chooses nothing."""
    nones = _none_options(group)
    objects = {group.name.zh}
    for option in group.options:
        for name in (option.name.zh, *option.aliases.zh):
            thing = _negated_object(name)
            objects.add(thing if thing else name)
    objects = {thing for thing in objects if thing and has_chinese(thing)}
    for thing in objects:
        for negation in grammar.NEGATIONS:
            if len(nones) == 1:
                builder.add(negation + thing, "option", nones[0], _DERIVED)
                builder.add(negation + thing, "negated", nones[0], _DERIVED)
            else:
                builder.add(negation + thing, "group", group.id, _DERIVED)
                builder.add(negation + thing, "negated", group.id, _DERIVED)


def _none_options(group: ModifierGroup) -> list[str]:
    """Options of the group that remove its thing ("无糖", "去冰", "不要芝士")."""
    return [
        option.id
        for option in group.options
        if any(_negated_object(name) for name in (option.name.zh, *option.aliases.zh))
    ]


def _category_words(menu: Menu) -> dict[str, str]:
    seen: dict[str, set[str]] = defaultdict(set)
    for category in menu.categories:
        name = category.name.zh.strip()
        seen[name].add(category.id)
        for part in _CATEGORY_PARTS.split(name):
            part = part.strip()
            if not part:
                continue
            seen[part].add(category.id)
            for suffix in _KIND_SUFFIXES:
                if part.endswith(suffix) and len(part) > len(suffix):
                    seen[part[: -len(suffix)]].add(category.id)
    return {word: next(iter(ids)) for word, ids in seen.items() if len(ids) == 1}


def compile_chinese(menu: Menu, rules: MenuRules | None = None) -> ChineseLexicon:
    """Compile the names, aliases, options and categories of `menu`; `rules`, the menu's own
    (`MenuRules.of(menu)`, made when not given), say what goes with what."""
    builder = _Builder()
    for product in menu.products():
        for text in (product.name.zh, *product.aliases.zh, product.name.en, *product.aliases.en):
            for form, priority in _forms(text):
                builder.add(form, "product", product.id, priority)
    none_option: dict[str, str] = {}
    for group in menu.modifier_groups:
        for option in group.options:
            for text in (option.name.zh, *option.aliases.zh, option.name.en, *option.aliases.en):
                for form, priority in _forms(text):
                    builder.add(form, "option", option.id, priority)
                for form in _degree_forms(text):
                    builder.add(form, "option", option.id, _DERIVED)
        _add_negations(builder, group)
        nones = _none_options(group)
        if len(nones) == 1:
            none_option[group.id] = nones[0]
    categories = _category_words(menu)
    for word, category in categories.items():
        builder.add(word, "category", category, _NAME)
    words = builder.words()
    return ChineseLexicon(
        words=words,
        prefixes=frozenset(key[:end] for key in words for end in range(1, len(key) + 1)),
        max_length=max((len(key) for key in words), default=0),
        rules=rules or MenuRules.of(menu),
        none_option=none_option,
        category_words=categories,
        name_categories=tuple(
            (name, product.category)
            for product in menu.products()
            for name in (product.name.zh, *product.aliases.zh)
        ),
    )
