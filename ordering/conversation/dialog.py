"""The conversation: one customer turn (its parse) and the session state in, a short spoken reply
and the new state out.

The dialog asks for what is missing one question at a time (a required option group without a
default, a set-meal slot without a default), understands bare answers ("large", "the bacon
one"), edits the right line on corrections, removals and replacements, refuses what the menu
or the limits do not allow with the reason, and on "that's all" reads back the priced order
with the nearest open store. "Yes" then places it through the injected `Cashier`.

A turn runs in three steps: what the state already decides (a closed order, a pending
"did you want to…?" or "cancel?" question, a read-back awaiting "yes"); then the intent's
handler (`handlers.HANDLERS`); then the follow-up question. It is pure apart from its two
collaborators (`StoreFinder`, `Cashier`), so it runs the same in the CLI, the HTTP API and the
tests.
"""

from __future__ import annotations

from datetime import datetime

from menu.model import Menu
from ordering.checkout.status import OrderStatus
from ordering.conversation.handlers import ANSWERED, HANDLERS, ask_to_cancel, do_cancel
from ordering.conversation.reading import answer_question
from ordering.conversation.state import Cashier, DialogState, Question, StoreFinder, TurnResult
from ordering.conversation.turn import Turn
from ordering.understanding import INTENTS, OrderParse
from ordering.understanding.confidence import ASK_BELOW
from ordering.understanding.phrasebook import OFFERS

# Intents answered during a read-back without leaving it.
_ASIDES = ("ask_price", "ask_store", "repeat", "help", "ask_menu", "pay")


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
    turn = Turn(menu, at, stores, cashier, state, text)
    parsed, answered = _decided_by_state(turn, parsed)
    if answered:
        return _done(turn)
    parsed = answer_question(turn, parsed)
    for word in parsed.unmatched:
        turn.say(turn.replies.no_such_food(word))
    handler = HANDLERS.get(parsed.intent)
    if handler is not None and handler(turn, parsed) is ANSWERED:
        return _done(turn)
    _follow_up(turn, parsed.intent)
    return _done(turn)


def _decided_by_state(turn: Turn, parsed: OrderParse) -> tuple[OrderParse, bool]:
    """Answer what the state decides before the intent's handler: the parse to handle (a "yes"
    to "did you want to…?" becomes that intent), and True when the turn is answered already."""
    status = turn.order.status
    if status in (OrderStatus.PAID, OrderStatus.CANCELLED) and parsed.intent != "cancel_order":
        if status is OrderStatus.PAID:
            turn.say(turn.replies.already_paid(turn.order))
        else:
            turn.say(turn.replies.closed())
        return parsed, True

    question = turn.state.question
    if question is not None and question.kind == "intent":
        turn.update(question=None)
        if parsed.intent == "confirm" and question.id in INTENTS:
            parsed = OrderParse(INTENTS[INTENTS.index(question.id)])  # yes to "did you want to"
    elif parsed.alternative in OFFERS and parsed.confidence < ASK_BELOW:
        turn.update(question=Question("intent", id=parsed.alternative))
        turn.say(turn.replies.did_you_want(parsed.alternative))
        return parsed, True
    if question is not None and question.kind == "cancel":
        turn.update(question=None)
        if parsed.intent in ("confirm", "cancel_order"):
            do_cancel(turn)
            return parsed, True
        if parsed.intent == "deny":
            turn.say(turn.replies.kept())
            return parsed, True
    return parsed, _at_read_back(turn, parsed)


def _at_read_back(turn: Turn, parsed: OrderParse) -> bool:
    """While the read-back awaits "yes": place the order, answer an aside, cancel, or reopen it
    for a change (True when the turn is answered)."""
    if turn.order.status not in (OrderStatus.AWAITING_CONFIRMATION, OrderStatus.PAYMENT_FAILED):
        return False
    if parsed.intent == "confirm":
        turn.place()
        return True
    if parsed.intent in _ASIDES:
        return False
    if parsed.intent == "cancel_order":
        ask_to_cancel(turn)
        return True
    turn.update(order=turn.order.reopen(), question=None)
    if parsed.intent in ("deny", "finish", "out_of_scope"):
        turn.say(turn.replies.what_to_change())
        return True
    return False


def _follow_up(turn: Turn, intent: str) -> None:
    """Keep the conversation going: "shall I place it?", the next missing choice, or "anything
    else?"; and never an empty reply."""
    if turn.order.status is OrderStatus.AWAITING_CONFIRMATION:
        turn.say(turn.replies.shall_i_place())
    elif turn.order.status is OrderStatus.OPEN and not turn.ask_next():
        if intent in ("add_items", "modify_items", "replace_item", "confirm") and turn.order.lines:
            turn.say(turn.replies.anything_else())
    if not turn.said:
        turn.say(turn.replies.not_caught())


def _done(turn: Turn) -> TurnResult:
    reply = ("" if turn.replies.language == "zh" else " ").join(turn.said)
    turn.update(last_reply=reply)
    return TurnResult(reply, turn.state)
