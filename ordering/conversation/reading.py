"""Reading a turn against the order: the line a parsed item means, the options it names, and a
bare answer ("large", "the bacon one") taken as the answer to the pending question."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

from menu.model import Combo, Menu
from menu.pricing import Component, Line
from ordering.conversation.replies import language_of
from ordering.conversation.turn import Turn
from ordering.understanding import OrderParse, ParsedLine

_STOP_WORDS = frozenset(
    "a an the one please with and of i'd like i'll have want take that this it its some".split()
)


def parsed_line(menu: Menu, parsed: ParsedLine) -> Line:
    """The menu `Line` a heard `ParsedLine` asks for (a set meal with the choices it names)."""
    assert parsed.id is not None
    quantity = parsed.quantity or 1
    if menu.has_product(parsed.id) and isinstance(menu.product(parsed.id), Combo):
        choices = {c.slot: Component(c.item, tuple(c.options)) for c in parsed.choices}
        return Line(parsed.id, quantity, (), choices)
    return Line(parsed.id, quantity, tuple(parsed.options))


def options_for(menu: Menu, item_id: str, parsed: ParsedLine) -> tuple[str, ...]:
    """The said options and the ambiguous size words resolved through the item's groups."""
    groups = {group.id for group in menu.groups_of(item_id)}
    chosen = [o for o in parsed.options if menu.group_of_option(o).id in groups]
    for candidates in parsed.pending:
        fitting = [o for o in candidates if menu.group_of_option(o).id in groups]
        if fitting:
            chosen.append(fitting[0])
    return tuple(chosen)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z']+", text.lower()) if w not in _STOP_WORDS}


def _said_in_chinese(text: str, names: Iterable[str]) -> int:
    """The longest stretch (two characters or more) of one of the Chinese `names` that `text`
    says ("培根的" says 培根 of 培根蛋帕尼尼); 0 for none."""
    best = 0
    for name in names:
        for start in range(len(name)):
            for end in range(start + max(best + 1, 2), len(name) + 1):
                if name[start:end] not in text:
                    break
                best = end - start
    return best


def _best_named(menu: Menu, text: str, candidates: Iterable[str]) -> str | None:
    """The one candidate item whose name or aliases share the most words with `text`."""
    said = _words(text)
    scores: dict[str, int] = {}
    for item_id in candidates:
        item = menu.item(item_id)
        names = [item.name.en, *item.aliases.en]
        scores[item_id] = max(len(said & _words(name)) for name in names)
        if language_of(text) == "zh":
            scores[item_id] = _said_in_chinese(text, (item.name.zh, *item.aliases.zh))
    if not scores:
        return None
    best = max(scores.values())
    winners = [item_id for item_id, score in scores.items() if score == best]
    return winners[0] if best > 0 and len(winners) == 1 else None


def find_line(turn: Turn, parsed: ParsedLine) -> int | None:
    """The line a parsed reference points at: by product (preferring matching options), else
    the last line talked about."""
    order = turn.order
    if parsed.id is None:
        last = turn.state.last_line
        if last is not None and last < len(order.lines):
            return last
        return len(order.lines) - 1 if order.lines else None
    matches = order.find(parsed.id)
    if not matches:
        return None
    with_options = [n for n in matches if set(parsed.options) <= set(order.lines[n].line.options)]
    return (with_options or list(matches))[-1]


# -- answering a pending question -----------------------------------------------------------------


def answer_question(turn: Turn, parsed: OrderParse) -> OrderParse:
    """Use the turn as the answer to the pending question when it is one; returns what is left
    of the parse to handle as usual."""
    question = turn.state.question
    if question is None or question.line is None or question.line >= len(turn.order.lines):
        return parsed
    line = turn.order.lines[question.line].line
    if question.kind == "group" and question.id:
        group = turn.menu.group(question.id)
        in_group = {option.id for option in group.options}
        said = [o for p in parsed.items if p.id in (None, line.product) for o in p.options]
        said += [o for p in parsed.items if p.id is None for c in p.pending for o in c]
        answer = next((o for o in said if o in in_group), None)
        if answer is None and not any(p.id for p in parsed.items):
            # a bare answer the parser could not place ("a big one"): read it against the group
            answer = _named_option(turn.menu, turn.text, group.options)
        if answer is None:
            return parsed
        owner = line.choices[question.slot].item if question.slot else line.product
        fits = {o.id for g in turn.menu.groups_of(owner) for o in g.options} - in_group
        also = [o for o in said if o in fits]  # "large, iced": the rest of the answer too
        if turn.add_options(question.line, [answer, *dict.fromkeys(also)], slot=question.slot):
            turn.update(question=None)
        rest = tuple(p for p in parsed.items if p.id not in (None, line.product))
        return dataclasses.replace(parsed, items=rest, intent=parsed.intent if rest else "confirm")
    if question.kind == "slot" and question.id:
        combo = turn.menu.combo(line.product)
        slot = combo.slot(question.id)
        choice_items = [c.item for c in slot.choices]
        named = next((p for p in parsed.items if p.id in choice_items), None)
        item_id = named.id if named else _best_named(turn.menu, turn.text, choice_items)
        if item_id is None:
            return parsed
        options = options_for(turn.menu, item_id, named) if named else ()
        choices = dict(line.choices)
        choices[slot.id] = Component(item_id, options)
        new = dataclasses.replace(line, choices=choices)
        if turn.replace_line(question.line, new, announce=turn.replies.slot_filled(item_id)):
            turn.update(question=None)
        rest = tuple(p for p in parsed.items if p is not named)
        return dataclasses.replace(parsed, items=rest, intent=parsed.intent if rest else "confirm")
    return parsed


def _named_option(menu: Menu, text: str, options: Iterable[Any]) -> str | None:
    said = f" {' '.join(re.findall(r'[a-z]+', text.lower()))} "
    if language_of(text) == "zh":
        lengths = {o.id: _said_in_chinese(text, (o.name.zh, *o.aliases.zh)) for o in options}
        best = max(lengths, key=lambda option: lengths[option], default=None)
        return str(best) if best is not None and lengths[best] else None
    for option in options:
        for name in (option.name.en, *option.aliases.en):
            if f" {name.lower()} " in said:
                return str(option.id)
    return None
