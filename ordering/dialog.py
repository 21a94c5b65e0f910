"""The conversation: one customer turn (its parse) and the session state in, a short spoken reply
and the new state out.

The dialog asks for what is missing one question at a time (a required option group without a
default, a set-meal slot without a default), understands bare answers ("large", "the bacon
one"), edits the right line on corrections, removals and replacements, refuses what the menu
or the limits do not allow with the reason, and on "that's all" reads back the priced order
with the nearest open store. "Yes" then places it through the injected `Cashier`.

It is pure apart from its two collaborators (`StoreFinder`, `Cashier`), so it runs the same
in the CLI, the HTTP API and the tests.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

from menu.errors import LimitExceeded, MenuError
from menu.model import Combo, Item, Menu
from menu.pricing import (
    Component,
    Line,
    MissingChoice,
    missing_choices,
    resolve_line,
    unit_price,
)
from ordering.checkout.orders import (
    Order,
    OrderError,
    OrderStatus,
    ProductUnavailable,
    StoreRef,
)
from ordering.errors import OrderingError
from ordering.replies import Replies, language_of, replies_for
from ordering.understanding import INTENTS, OrderParse, ParsedLine
from ordering.understanding.confidence import ASK_BELOW
from ordering.understanding.phrasebook import OFFERS

QuestionKind = Literal["group", "slot", "confirm", "cancel", "intent"]
_ORDER_WORDS = re.compile(r"order|订单|点了|购物车")
_STOP_WORDS = frozenset(
    "a an the one please with and of i'd like i'll have want take that this it its some".split()
)


@dataclass(frozen=True, slots=True)
class Question:
    """What the system last asked, so a bare answer can be understood."""

    kind: QuestionKind
    line: int | None = None
    id: str | None = None  # the option group or slot asked about
    slot: str | None = None  # for a group of a set-meal component: its slot

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Question:
        return cls(**data)


@dataclass(frozen=True, slots=True)
class DialogState:
    order: Order
    question: Question | None = None
    last_line: int | None = None
    payment_method: str = "voice"
    last_reply: str = ""

    @property
    def status(self) -> str:
        return self.order.status.value


@dataclass(frozen=True, slots=True)
class TurnResult:
    reply: str
    state: DialogState


class StoreFinder(Protocol):
    def nearest_open(self, at: datetime) -> StoreRef | None: ...


class Cashier(Protocol):
    """Places and cancels orders for the dialog (`ordering.checkout` behind it)."""

    def place(self, order: Order, *, method: str) -> Order:
        """Confirm and pay; returns the order as paid or payment_failed."""
        ...

    def cancel(self, order: Order) -> Order:
        """Cancel (refunding first when paid)."""
        ...


@dataclass
class _Turn:
    """One turn in progress: the state so far and the sentences of the reply."""

    menu: Menu
    at: datetime
    stores: StoreFinder
    cashier: Cashier
    state: DialogState
    text: str
    said: list[str] = field(default_factory=list)
    replies: Replies = field(init=False)

    def __post_init__(self) -> None:
        self.replies = replies_for(self.text, self.menu)

    # -- helpers -------------------------------------------------------------------------------

    @property
    def order(self) -> Order:
        return self.state.order

    def update(self, **changes: Any) -> None:
        self.state = dataclasses.replace(self.state, **changes)

    def say(self, sentence: str) -> None:
        self.said.append(sentence)

    # -- editing -------------------------------------------------------------------------------

    def add(self, line: Line) -> None:
        try:
            order = self.order.add_line(self.menu, line, at=self.at)
        except (MenuError, OrderError) as error:
            self.refuse(line, error)
            return
        index = _index_of(order, line, self.menu)
        self.update(order=order, last_line=index)
        self.say(self.replies.added(line))

    def refuse(self, line: Line, error: MenuError | OrderError) -> None:
        """Say why the line cannot be taken."""
        if isinstance(error, ProductUnavailable):
            self.say(self.replies.unavailable(line, self.at, str(error)))
        elif isinstance(error, LimitExceeded):
            self.say(self.replies.limit("lines" in str(error), self.order.limits))
        else:
            self.say(self.replies.refused(str(error)))

    def replace_line(self, index: int, line: Line, *, announce: str | None = None) -> bool:
        try:
            order = self.order.replace(self.menu, index, line, at=self.at)
        except (MenuError, OrderError) as error:
            self.refuse(line, error)
            return False
        self.update(order=order, last_line=min(index, len(order.lines) - 1))
        if announce:
            self.say(announce)
        return True

    def set_quantity(self, index: int, quantity: int) -> None:
        limit = self.order.limits.max_quantity
        if quantity > limit:
            self.say(self.replies.too_many_of_one(limit))
            return
        if quantity < 1:
            self.remove(index)
            return
        self.update(order=self.order.set_quantity(index, quantity), last_line=index)
        self.say(self.replies.now(self.order.lines[index]))

    def remove(self, index: int) -> None:
        said = self.replies.removed(self.order.lines[index])
        self.update(order=self.order.remove(index), last_line=None, question=None)
        self.say(said)

    def add_options(self, index: int, options: Iterable[str], *, slot: str | None = None) -> bool:
        current = self.order.lines[index].line
        options = tuple(options)
        if not options:
            return False
        product = self.menu.product(current.product)
        if isinstance(product, Item):
            new = dataclasses.replace(current, options=(*current.options, *options))
            return self.replace_line(index, new, announce=self.replies.now(new))
        target = slot or _component_slot_for(self.menu, product, current, options)
        if target is None or target not in current.choices:
            return False
        component = current.choices[target]
        choices = dict(current.choices)
        choices[target] = Component(component.item, (*component.options, *options))
        new = dataclasses.replace(current, choices=choices)
        return self.replace_line(index, new, announce=self.replies.now(new))

    # -- asking --------------------------------------------------------------------------------

    def ask_next(self) -> bool:
        """Ask the first thing still missing; True when a question was asked."""
        missing = self.order.missing(self.menu)
        if not missing:
            if self.state.question and self.state.question.kind in ("group", "slot"):
                self.update(question=None)
            return False
        index, choice = missing[0]
        self.update(question=Question(choice.kind, index, choice.id, choice.slot))  # type: ignore[arg-type]
        self.say(self.question_text(index, choice))
        return True

    def question_text(self, index: int, choice: MissingChoice) -> str:
        line = self.order.lines[index].line
        if choice.kind == "slot":
            combo = self.menu.combo(line.product)
            return self.replies.which_choice(combo, combo.slot(choice.id))
        owner = line.choices[choice.slot].item if choice.slot else line.product
        return self.replies.which_option(self.menu.group(choice.id), owner)

    def read_back(self) -> None:
        if not self.order.lines:
            self.say(self.replies.empty_order(ask=True))
            return
        if self.ask_next():
            return
        store = self.stores.nearest_open(self.at)
        if store is None:
            self.say(self.replies.no_store_open())
            return
        order = self.order.set_store(store).submit_for_confirmation()
        self.update(order=order, question=Question("confirm"))
        self.say(self.replies.read_back(order, store, self.state.payment_method))

    def place(self) -> None:
        try:
            order = self.cashier.place(self.order, method=self.state.payment_method)
        except OrderingError as error:
            self.say(self.replies.payment_error(str(error)))
            return
        self.update(order=order, question=None)
        if order.status is OrderStatus.PAID:
            self.say(self.replies.paid(order))
        else:
            self.say(
                self.replies.payment_failed(order.payment.status if order.payment else "failed")
            )


def _index_of(order: Order, line: Line, menu: Menu) -> int | None:
    resolved = resolve_line(menu, line)
    for index, existing in enumerate(order.lines):
        if existing.same_as(resolved):
            return index
    return len(order.lines) - 1 if order.lines else None


def _component_slot_for(
    menu: Menu, combo: Combo, line: Line, options: tuple[str, ...]
) -> str | None:
    """The slot whose component can take all of `options`."""
    for slot in combo.slots:
        component = line.choices.get(slot.id)
        if component is None:
            continue
        groups = {group.id for group in menu.groups_of(component.item)}
        if all(menu.group_of_option(option).id in groups for option in options):
            return slot.id
    return None


def _parsed_line(menu: Menu, parsed: ParsedLine) -> Line:
    assert parsed.id is not None
    quantity = parsed.quantity or 1
    if menu.has_product(parsed.id) and isinstance(menu.product(parsed.id), Combo):
        choices = {c.slot: Component(c.item, tuple(c.options)) for c in parsed.choices}
        return Line(parsed.id, quantity, (), choices)
    return Line(parsed.id, quantity, tuple(parsed.options))


def _options_for(menu: Menu, item_id: str, parsed: ParsedLine) -> tuple[str, ...]:
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


def _find_line(turn: _Turn, parsed: ParsedLine) -> int | None:
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


def _answer_question(turn: _Turn, parsed: OrderParse) -> OrderParse:
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
        options = _options_for(turn.menu, item_id, named) if named else ()
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


# -- intents ------------------------------------------------------------------------------------


def _add_items(turn: _Turn, parsed: OrderParse) -> None:
    for item in parsed.items:
        if item.id is None:
            _modify(turn, dataclasses.replace(parsed, items=(item,)))
            continue
        turn.add(_parsed_line(turn.menu, item))


def _modify(turn: _Turn, parsed: OrderParse) -> None:
    for item in parsed.items:
        index = _find_line(turn, item)
        if index is None:
            if item.id is not None:
                turn.add(_parsed_line(turn.menu, item))
            else:
                turn.say(turn.replies.nothing_to_change())
            continue
        line = turn.order.lines[index].line
        if item.quantity is not None and item.quantity != line.quantity:
            turn.set_quantity(index, item.quantity)
        product = turn.menu.product(line.product)
        if isinstance(product, Item):
            options = _options_for(turn.menu, product.id, item)
        else:
            options = tuple(item.options) + tuple(c[0] for c in item.pending if c)
        if options and not turn.add_options(index, options):
            turn.say(turn.replies.option_does_not_fit())


def _remove(turn: _Turn, parsed: OrderParse) -> None:
    for item in parsed.items:
        index = _find_line(turn, item)
        if index is None:
            turn.say(turn.replies.not_in_order(item.id, that=True))
            continue
        line = turn.order.lines[index].line
        if item.quantity is not None and item.quantity < line.quantity:
            turn.set_quantity(index, line.quantity - item.quantity)
        else:
            turn.remove(index)


def _replace(turn: _Turn, parsed: OrderParse) -> None:
    if not parsed.items:
        turn.say(turn.replies.what_instead())
        return
    new = parsed.items[0]
    old = parsed.replaced[0] if parsed.replaced else ParsedLine(None)
    if new.id is None:
        return
    index = _find_line(turn, old) if old.id is None or turn.order.find(old.id) else None
    if index is not None:
        line = turn.order.lines[index].line
        quantity = new.quantity if new.quantity not in (None, 1) else line.quantity
        replacement = dataclasses.replace(_parsed_line(turn.menu, new), quantity=quantity)
        turn.replace_line(index, replacement, announce=turn.replies.instead(replacement))
        return
    # a part of a set meal: swap the component when the new item fits the same slot
    for index, order_line in enumerate(turn.order.lines):
        line = order_line.line
        product = turn.menu.product(line.product)
        if not isinstance(product, Combo):
            continue
        for slot_id, component in line.choices.items():
            if component.item == old.id and product.slot(slot_id).choice_for(new.id):
                choices = dict(line.choices)
                choices[slot_id] = Component(new.id, _options_for(turn.menu, new.id, new))
                turn.replace_line(
                    index,
                    dataclasses.replace(line, choices=choices),
                    announce=turn.replies.in_set(new.id, product),
                )
                return
    turn.say(turn.replies.not_in_order(old.id))
    turn.add(_parsed_line(turn.menu, new))


def _ask_menu(turn: _Turn, parsed: OrderParse) -> None:
    menu = turn.menu
    if parsed.category:
        served = [
            p.id
            for p in menu.products()
            if p.category == parsed.category and menu.is_available(p.id, turn.at)
        ]
        if served:
            turn.say(turn.replies.category_items(parsed.category, served))
        else:
            turn.say(turn.replies.category_not_served(parsed.category))
        return
    categories = [
        c.id
        for c in menu.categories
        if any(p.category == c.id and menu.is_available(p.id, turn.at) for p in menu.products())
    ]
    if categories:
        turn.say(turn.replies.categories(categories))
    else:
        turn.say(turn.replies.nothing_served())


def _ask_price(turn: _Turn, parsed: OrderParse) -> None:
    named = [item for item in parsed.items if item.id is not None]
    if not named:
        if turn.order.lines:
            turn.say(turn.replies.total_so_far(turn.order.total))
        else:
            turn.say(turn.replies.empty_order())
        return
    for item in named:
        line = resolve_line(turn.menu, _parsed_line(turn.menu, item))
        product = turn.menu.product(line.product)
        if missing_choices(turn.menu, line):
            turn.say(turn.replies.starts_at(product.id, product.price))
        else:
            amount = unit_price(turn.menu, line) * line.quantity
            turn.say(turn.replies.price_of(line, amount))


def _ask_store(turn: _Turn) -> None:
    store = turn.stores.nearest_open(turn.at)
    if store is None:
        turn.say(turn.replies.no_store_open())
        return
    turn.say(turn.replies.nearest_store(store))


def _cancel(turn: _Turn) -> None:
    if turn.order.status is OrderStatus.CANCELLED:
        turn.say(turn.replies.already_cancelled())
        return
    turn.update(question=Question("cancel"))
    turn.say(turn.replies.confirm_cancel())


def _do_cancel(turn: _Turn) -> None:
    try:
        order = turn.cashier.cancel(turn.order)
    except OrderingError as error:
        turn.say(turn.replies.cancel_failed(str(error)))
        return
    refunded = turn.order.payment is not None
    turn.update(order=order, question=None)
    turn.say(turn.replies.cancelled(refunded=refunded))


def respond(
    state: DialogState,
    text: str,
    parsed: OrderParse,
    *,
    menu: Menu,
    at: datetime,
    stores: StoreFinder,
    cashier: Cashier,
) -> TurnResult:
    """One turn of the conversation."""
    turn = _Turn(menu, at, stores, cashier, state, text)
    status = turn.order.status
    if status in (OrderStatus.PAID, OrderStatus.CANCELLED) and parsed.intent != "cancel_order":
        if status is OrderStatus.PAID:
            turn.say(turn.replies.already_paid(turn.order))
        else:
            turn.say(turn.replies.closed())
        return _done(turn)

    question = turn.state.question
    if question is not None and question.kind == "intent":
        turn.update(question=None)
        if parsed.intent == "confirm" and question.id in INTENTS:
            parsed = OrderParse(INTENTS[INTENTS.index(question.id)])  # yes to "did you want to"
    elif parsed.alternative in OFFERS and parsed.confidence < ASK_BELOW:
        turn.update(question=Question("intent", id=parsed.alternative))
        turn.say(turn.replies.did_you_want(parsed.alternative))
        return _done(turn)
    if question is not None and question.kind == "cancel":
        turn.update(question=None)
        if parsed.intent in ("confirm", "cancel_order"):
            _do_cancel(turn)
            return _done(turn)
        if parsed.intent == "deny":
            turn.say(turn.replies.kept())
            return _done(turn)

    if turn.order.status in (OrderStatus.AWAITING_CONFIRMATION, OrderStatus.PAYMENT_FAILED):
        if parsed.intent == "confirm":
            turn.place()
            return _done(turn)
        if parsed.intent in ("ask_price", "ask_store", "repeat", "help", "ask_menu", "pay"):
            pass  # answered below without leaving the read-back
        elif parsed.intent == "cancel_order":
            _cancel(turn)
            return _done(turn)
        else:
            turn.update(order=turn.order.reopen(), question=None)
            if parsed.intent in ("deny", "finish", "out_of_scope"):
                turn.say(turn.replies.what_to_change())
                return _done(turn)

    parsed = _answer_question(turn, parsed)
    intent = parsed.intent
    for word in parsed.unmatched:
        turn.say(turn.replies.no_such_food(word))
    if intent == "add_items":
        _add_items(turn, parsed)
    elif intent == "modify_items":
        _modify(turn, parsed)
    elif intent == "remove_items":
        _remove(turn, parsed)
    elif intent == "replace_item":
        _replace(turn, parsed)
    elif intent == "finish":
        turn.read_back()
        return _done(turn)
    elif intent == "cancel_order":
        _cancel(turn)
        return _done(turn)
    elif intent == "ask_menu":
        _ask_menu(turn, parsed)
    elif intent == "ask_price":
        _ask_price(turn, parsed)
    elif intent == "ask_store":
        _ask_store(turn)
    elif intent == "pay":
        method = parsed.payment_method or "voice"
        turn.update(payment_method=method)
        turn.say(turn.replies.paying_by(method))
    elif intent == "repeat":
        if _ORDER_WORDS.search(turn.text.lower()) or not turn.state.last_reply:
            _repeat(turn)
        else:
            turn.say(turn.state.last_reply)
            return _done(turn)
    elif intent == "help":
        turn.say(turn.replies.help())
    elif intent == "deny" and not turn.said:
        turn.say(turn.replies.what_would_you_like())
    elif intent == "out_of_scope" and not turn.said:
        turn.say(turn.replies.out_of_scope())

    if turn.order.status is OrderStatus.AWAITING_CONFIRMATION:
        turn.say(turn.replies.shall_i_place())
    elif turn.order.status is OrderStatus.OPEN and not turn.ask_next():
        if intent in ("add_items", "modify_items", "replace_item", "confirm") and turn.order.lines:
            turn.say(turn.replies.anything_else())
    if not turn.said:
        turn.say(turn.replies.not_caught())
    return _done(turn)


def _done(turn: _Turn) -> TurnResult:
    reply = ("" if turn.replies.language == "zh" else " ").join(turn.said)
    turn.update(last_reply=reply)
    return TurnResult(reply, turn.state)


def _repeat(turn: _Turn) -> None:
    if not turn.order.lines:
        turn.say(turn.replies.empty_order())
        return
    turn.say(turn.replies.you_have(turn.order))
