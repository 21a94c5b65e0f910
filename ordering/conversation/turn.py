"""One turn in progress: the state so far, the sentences of the reply, and the edits, questions
and read-back every intent handler is made of."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from menu.errors import LimitExceeded, MenuError
from menu.model import Combo, Item, Menu
from menu.pricing import Component, Line, MissingChoice, resolve_line
from ordering.checkout.orders import Order
from ordering.checkout.status import OrderStatus
from ordering.conversation.replies import Replies, replies_for
from ordering.conversation.state import Cashier, DialogState, Question, StoreFinder
from ordering.errors import OrderError, OrderingError, ProductUnavailable


@dataclass
class Turn:
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
