"""Order lines in the making, and how a finished one becomes a contract line: the part of
grouping words into lines that is the same in every language. Each language's builder
(`lines` for English, `chinese.lines` for Chinese) decides which words open, fill and split
lines; what an option may describe, "both"/"都" options, split lines and option resolution
through the item's modifier groups are decided here, once."""

from __future__ import annotations

from dataclasses import dataclass, field

from ordering.understanding.menu_rules import MenuRules
from ordering.understanding.order_parse import Choice, ParsedLine

Candidates = tuple[str, ...]
"""The options a word may mean, the likeliest first ("medium": size or roast)."""


@dataclass(slots=True)
class Component:
    """A set meal's slot filled by an item, with the options said of that item."""

    slot: str
    item: str
    options: list[Candidates] = field(default_factory=list)


@dataclass(slots=True)
class Draft:
    """A line in the making; `parent` is the line a split ("one iced and one hot") came from,
    `text` and `span` the words it was said in (English only)."""

    product: str | None
    quantity: int | None
    options: list[Candidates] = field(default_factory=list)
    components: list[Component] = field(default_factory=list)
    parent: Draft | None = None
    text: str = ""
    span: tuple[int, int] = (0, 0)


Target = Draft | Component
"""What an option can describe: a line, or an item chosen in a set meal's slot."""


@dataclass(slots=True)
class Lines:
    """What a stretch of words says: lines, and what was said without a product."""

    drafts: list[Draft]
    loose_quantity: int | None
    loose_options: list[Candidates]
    pronoun: bool
    dropped: list[Candidates] = field(default_factory=list)
    """Options said after products, none of which could take them."""

    def product_drafts(self) -> list[Draft]:
        return [draft for draft in self.drafts if draft.product is not None]


def unplaced(rules: MenuRules, lines: Lines) -> tuple[str, ...]:
    """Options said beside products that no product took (each by its likeliest meaning):
    dropped, loose, or on a line whose item does not allow them. A customer may say one, but
    a recogniser's mishearing says them far more often ("with cream" on a waffle for "whipped
    cream")."""
    drafts = lines.product_drafts()
    if not drafts:
        return ()
    said = [*lines.dropped, *lines.loose_options]
    for draft in drafts:
        assert draft.product is not None
        # a set meal's own options are pending choices, not options of an item
        own: list[Target] = [] if rules.is_combo(draft.product) else [draft]
        for target in [*draft.components, *own]:
            said += [c for c in target.options if not accepts(rules, target, c)]
    return tuple(candidates[0] for candidates in said)


def accepts(rules: MenuRules, target: Target, candidates: Candidates) -> bool:
    """Whether any of the options may describe the target's item."""
    item = target.item if isinstance(target, Component) else target.product
    if item is None:
        return False
    return any(rules.allows(item, option) for option in candidates)


def targets_back(last: Target | None, drafts: list[Draft]) -> list[Target]:
    """Where an option said after its item may go ("a latte with oat milk", "美式，大杯"): the
    last thing said, then each earlier line's set-meal items and the line itself, latest first."""
    out: list[Target] = []
    if last is not None:
        out.append(last)
    for draft in reversed(drafts):
        out.extend(reversed(draft.components))
        out.append(draft)
    return out


def apply_to_all(
    rules: MenuRules,
    drafts: list[Draft],
    all_options: list[Candidates],
    loose_options: list[Candidates],
) -> None:
    """Options said of every line ("both iced", "都要大杯") go on each line that allows them;
    those no line allows stay loose."""
    for candidates in all_options:
        fitting = [d for d in drafts if d.product and accepts(rules, d, candidates)]
        for draft in fitting:
            draft.options.append(candidates)
        if not fitting:
            loose_options.append(candidates)


def split_parents(drafts: list[Draft]) -> None:
    """Lines split from a parent ("one iced and one hot" after "two lattes") replace it, or
    what is left of it."""
    for parent in [d for d in drafts if d.parent is None]:
        children = [d for d in drafts if d.parent is parent]
        if not children:
            continue
        split = sum(child.quantity or 1 for child in children)
        if parent.quantity is None or split >= parent.quantity:
            drafts.remove(parent)
        else:
            parent.quantity -= split


def _resolve(rules: MenuRules, item: str, said: list[Candidates]) -> tuple[str, ...]:
    chosen: dict[str, str] = {}
    for candidates in said:
        allowed = [option for option in candidates if rules.allows(item, option)]
        if allowed:
            option = allowed[0]
            group = rules.option_group[option]
            key = group if rules.group_max.get(group, 1) <= 1 else option
            chosen[key] = option
    return tuple(sorted(set(chosen.values())))


def _resolve_loose(said: list[Candidates]) -> tuple[tuple[str, ...], tuple[Candidates, ...]]:
    options = sorted({candidates[0] for candidates in said if len(candidates) == 1})
    pending = tuple(candidates for candidates in said if len(candidates) > 1)
    return tuple(options), pending


def finish_line(rules: MenuRules, draft: Draft) -> ParsedLine:
    """The contract line of a draft: options resolved through the item's groups."""
    product = draft.product
    if product is None:
        options, pending = _resolve_loose(draft.options)
        return ParsedLine(None, draft.quantity, options, pending=pending)
    if rules.is_combo(product):
        choices = tuple(
            Choice(c.slot, c.item, _resolve(rules, c.item, c.options)) for c in draft.components
        )
        return ParsedLine(product, draft.quantity, (), choices, tuple(draft.options))
    return ParsedLine(product, draft.quantity, _resolve(rules, product, draft.options))


def reference_line(quantity: int | None, said: list[Candidates]) -> ParsedLine:
    """A line about "that" (the last line talked about) from loose quantity and options."""
    options, pending = _resolve_loose(said)
    return ParsedLine(None, quantity, options, pending=pending)
