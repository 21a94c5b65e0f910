"""What each intent does to a turn: one small handler per intent, dispatched through `HANDLERS`.

A handler edits the order, asks or answers through the `Turn`; it returns `ANSWERED` when its
reply is complete (the dialog then asks nothing more), or None to let the dialog follow up
("anything else?", the next missing choice, "shall I place it?").
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping

from menu.model import Combo, Item
from menu.pricing import Component, missing_choices, resolve_line, unit_price
from ordering.checkout.status import OrderStatus
from ordering.conversation.reading import find_line, options_for, parsed_line
from ordering.conversation.state import Question
from ordering.conversation.turn import Turn
from ordering.errors import OrderingError
from ordering.understanding import OrderParse, ParsedLine

Handler = Callable[[Turn, OrderParse], bool | None]
ANSWERED = True  # the reply is complete: no follow-up question

_ORDER_WORDS = re.compile(r"order|订单|点了|购物车")


def _add_items(turn: Turn, parsed: OrderParse) -> None:
    for item in parsed.items:
        if item.id is None:
            _modify(turn, dataclasses.replace(parsed, items=(item,)))
            continue
        turn.add(parsed_line(turn.menu, item))
    if parsed.unplaced:  # "two egg tarts with oat milk": say so rather than drop it unsaid
        turn.say(turn.replies.left_off(parsed.unplaced))


def _modify(turn: Turn, parsed: OrderParse) -> None:
    for item in parsed.items:
        index = find_line(turn, item)
        if index is None:
            if item.id is not None:
                turn.add(parsed_line(turn.menu, item))
            else:
                turn.say(turn.replies.nothing_to_change())
            continue
        line = turn.order.lines[index].line
        if item.quantity is not None and item.quantity != line.quantity:
            turn.set_quantity(index, item.quantity)
        product = turn.menu.product(line.product)
        if isinstance(product, Item):
            options = options_for(turn.menu, product.id, item)
        else:
            options = tuple(item.options) + tuple(c[0] for c in item.pending if c)
        if options and not turn.add_options(index, options):
            turn.say(turn.replies.option_does_not_fit())


def _remove(turn: Turn, parsed: OrderParse) -> None:
    for item in parsed.items:
        index = find_line(turn, item)
        if index is None:
            turn.say(turn.replies.not_in_order(item.id, that=True))
            continue
        line = turn.order.lines[index].line
        if item.quantity is not None and item.quantity < line.quantity:
            turn.set_quantity(index, line.quantity - item.quantity)
        else:
            turn.remove(index)


def _replace(turn: Turn, parsed: OrderParse) -> None:
    if not parsed.items:
        turn.say(turn.replies.what_instead())
        return
    new = parsed.items[0]
    old = parsed.replaced[0] if parsed.replaced else ParsedLine(None)
    if new.id is None:
        return
    index = find_line(turn, old) if old.id is None or turn.order.find(old.id) else None
    if index is not None:
        line = turn.order.lines[index].line
        quantity = new.quantity if new.quantity not in (None, 1) else line.quantity
        replacement = dataclasses.replace(parsed_line(turn.menu, new), quantity=quantity)
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
                choices[slot_id] = Component(new.id, options_for(turn.menu, new.id, new))
                turn.replace_line(
                    index,
                    dataclasses.replace(line, choices=choices),
                    announce=turn.replies.in_set(new.id, product),
                )
                return
    turn.say(turn.replies.not_in_order(old.id))
    turn.add(parsed_line(turn.menu, new))


def _ask_menu(turn: Turn, parsed: OrderParse) -> None:
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


def _ask_price(turn: Turn, parsed: OrderParse) -> None:
    named = [item for item in parsed.items if item.id is not None]
    if not named:
        if turn.order.lines:
            turn.say(turn.replies.total_so_far(turn.order.total))
        else:
            turn.say(turn.replies.empty_order())
        return
    for item in named:
        line = resolve_line(turn.menu, parsed_line(turn.menu, item))
        product = turn.menu.product(line.product)
        if missing_choices(turn.menu, line):
            turn.say(turn.replies.starts_at(product.id, product.price))
        else:
            amount = unit_price(turn.menu, line) * line.quantity
            turn.say(turn.replies.price_of(line, amount))


def _ask_store(turn: Turn, parsed: OrderParse) -> None:
    store = turn.stores.nearest_open(turn.at)
    if store is None:
        turn.say(turn.replies.no_store_open())
        return
    turn.say(turn.replies.nearest_store(store))


def ask_to_cancel(turn: Turn) -> None:
    """Ask "cancel the order?" (the answer comes next turn), unless it is cancelled already."""
    if turn.order.status is OrderStatus.CANCELLED:
        turn.say(turn.replies.already_cancelled())
        return
    turn.update(question=Question("cancel"))
    turn.say(turn.replies.confirm_cancel())


def do_cancel(turn: Turn) -> None:
    """Cancel the order through the cashier (refunding it first when paid)."""
    try:
        order = turn.cashier.cancel(turn.order)
    except OrderingError as error:
        turn.say(turn.replies.cancel_failed(str(error)))
        return
    refunded = turn.order.payment is not None
    turn.update(order=order, question=None)
    turn.say(turn.replies.cancelled(refunded=refunded))


def _finish(turn: Turn, parsed: OrderParse) -> bool:
    turn.read_back()
    return ANSWERED


def _cancel_order(turn: Turn, parsed: OrderParse) -> bool:
    ask_to_cancel(turn)
    return ANSWERED


def _pay(turn: Turn, parsed: OrderParse) -> None:
    method = parsed.payment_method or "voice"
    turn.update(payment_method=method)
    turn.say(turn.replies.paying_by(method))


def _repeat(turn: Turn, parsed: OrderParse) -> bool | None:
    """Read the order out when asked for it (or when nothing was said yet), else say the last
    reply again, word for word."""
    if _ORDER_WORDS.search(turn.text.lower()) or not turn.state.last_reply:
        if not turn.order.lines:
            turn.say(turn.replies.empty_order())
        else:
            turn.say(turn.replies.you_have(turn.order))
        return None
    turn.say(turn.state.last_reply)
    return ANSWERED


def _help(turn: Turn, parsed: OrderParse) -> None:
    turn.say(turn.replies.help())


def _deny(turn: Turn, parsed: OrderParse) -> None:
    if not turn.said:
        turn.say(turn.replies.what_would_you_like())


def _out_of_scope(turn: Turn, parsed: OrderParse) -> None:
    if not turn.said:
        turn.say(turn.replies.out_of_scope())


# What each intent does; an intent without a handler (a stray "yes") only gets the follow-up.
HANDLERS: Mapping[str, Handler] = {
    "add_items": _add_items,
    "modify_items": _modify,
    "remove_items": _remove,
    "replace_item": _replace,
    "finish": _finish,
    "cancel_order": _cancel_order,
    "ask_menu": _ask_menu,
    "ask_price": _ask_price,
    "ask_store": _ask_store,
    "pay": _pay,
    "repeat": _repeat,
    "help": _help,
    "deny": _deny,
    "out_of_scope": _out_of_scope,
}
