"""Conversations that live in the database: start one, take a turn from any process.

A turn reads the session with its order (one query, which also checks an API client's token),
runs the dialog (`dialog.respond`), and saves both; the session's `version` refuses a turn
computed from a stale state (two turns at once). Placing the order goes through
`ordering.checkout` with one idempotency key per attempt, so a repeated "yes" can never charge
twice.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from menu.model import Menu
from ordering.checkout import use_cases as checkout
from ordering.checkout.orders import Order, StoreRef
from ordering.checkout.payment import PaymentGateway
from ordering.conversation.answers import expected_answers
from ordering.conversation.dialog import respond
from ordering.conversation.state import DialogState, TurnResult
from ordering.errors import OrderNotFound, PaymentOutcomeUnknown, SessionNotFound
from ordering.persistence.session_repository import StoredConversation
from ordering.persistence.unit_of_work import SqlUnitOfWork
from ordering.speech import Clip, Recognizer
from ordering.speech.hearing import Heard, hear
from ordering.understanding import Lexicon, OrderParse


def new_session_id() -> str:
    """Unguessable: the id is also what lets a client continue the conversation."""
    return secrets.token_urlsafe(24)


def new_session_token() -> str:
    """A bearer token for an API client: handed out once, stored only as its digest."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What the database keeps of a session token (SHA-256, hex)."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Bearer:
    """What an API client presented to reach a conversation: its token, or None for nothing.
    Use cases given one answer `SessionNotFound` unless it is the conversation's own token."""

    token: str | None


def _token_matches(stored: StoredConversation, token: str | None) -> bool:
    digest = token_digest(token or "")
    return stored.token_hash is not None and hmac.compare_digest(stored.token_hash, digest)


def _check(stored: StoredConversation, bearer: Bearer | None) -> None:
    """Pass without a bearer (an in-process caller, such as the `chat` command) or with the
    conversation's own token; a wrong or missing token looks exactly like a missing session."""
    if bearer is not None and not _token_matches(stored, bearer.token):
        raise SessionNotFound(stored.id)


@dataclass(frozen=True, slots=True)
class StoredTurn(TurnResult):
    """A turn's result and the conversation's turn count once it is saved."""

    number: int


def start_conversation(
    *,
    uow: SqlUnitOfWork,
    menu: Menu,
    menu_checksum: str,
    near: tuple[float, float],
    token_hash: str | None = None,
) -> StoredConversation:
    """A new conversation and its empty order; `token_hash` (see `token_digest`) makes it
    reachable by whoever holds the token."""
    order = Order.start(menu)
    stored = StoredConversation(
        new_session_id(), order.id, near, None, None, "voice", "", menu_checksum, 0, token_hash
    )
    with uow:
        uow.orders.add(order)
        uow.sessions.add(stored)
        uow.commit()
    return stored


def get_conversation(
    *, uow: SqlUnitOfWork, session_id: str, bearer: Bearer | None = None
) -> tuple[StoredConversation, Order]:
    """The conversation and its order (with `bearer`, only if it holds the session's token)."""
    with uow:
        stored, order = uow.sessions.get_with_order(session_id)
    _check(stored, bearer)
    return stored, order


def authorize_order(*, uow: SqlUnitOfWork, order_id: str, token: str | None) -> None:
    """Pass if `token` is the token of the conversation that owns the order; `OrderNotFound`
    otherwise (a missing order, an order without a conversation, a wrong token alike)."""
    with uow:
        stored = uow.sessions.by_order(order_id)
    if stored is None or not _token_matches(stored, token):
        raise OrderNotFound(order_id)


class StoreFinderFactory:
    """Finds the nearest open store to a position; `at` comes from the turn."""

    def __init__(self, nearest: Callable[[tuple[float, float], datetime], StoreRef | None]) -> None:
        self._nearest = nearest

    def near(self, position: tuple[float, float]) -> _NearFinder:
        return _NearFinder(self._nearest, position)


@dataclass(frozen=True, slots=True)
class _NearFinder:
    nearest: Callable[[tuple[float, float], datetime], StoreRef | None]
    position: tuple[float, float]

    def nearest_open(self, at: datetime) -> StoreRef | None:
        return self.nearest(self.position, at)


@dataclass(frozen=True, slots=True)
class DatabaseCashier:
    """The dialog's `Cashier` on the real use cases: the key is the order's id and version, so
    retrying the same confirmation replays the stored result instead of charging again."""

    uow: Callable[[], checkout.OrderUnitOfWork]
    gateway: PaymentGateway
    card_number: str | None

    def place(self, order: Order, *, method: str) -> Order:
        key = f"{order.id}:{order.version}"
        card = self.card_number if method == "card" else None
        try:
            return checkout.confirm_and_pay(
                uow=self.uow(),
                gateway=self.gateway,
                order_id=order.id,
                method=method,
                card_number=card,
                idempotency_key=key,
            )
        except PaymentOutcomeUnknown:
            # Never charge again: find out what became of the charge.
            return checkout.resolve_payment(uow=self.uow(), gateway=self.gateway, order_id=order.id)

    def cancel(self, order: Order) -> Order:
        return checkout.cancel_order(uow=self.uow(), gateway=self.gateway, order_id=order.id)


def take_turn(
    *,
    uow: Callable[[], SqlUnitOfWork],
    session_id: str,
    text: str,
    parsed: OrderParse,
    menu: Menu,
    at: datetime,
    stores: StoreFinderFactory,
    gateway: PaymentGateway,
    card_number: str | None = None,
    bearer: Bearer | None = None,
) -> StoredTurn:
    """One customer turn of a stored conversation, read (with `bearer`, only if it holds the
    session's token) and saved in one unit of work; paying and cancelling run in the checkout's
    own, so a charge never depends on this one."""
    with uow() as work:
        stored, order = work.sessions.get_with_order(session_id)
        _check(stored, bearer)
        result = respond(
            _dialog_state(stored, order),
            text,
            parsed,
            menu=menu,
            at=at,
            stores=stores.near(stored.near),
            cashier=DatabaseCashier(uow, gateway, card_number),
        )
        new = result.state
        remembered = dataclasses.replace(
            stored,
            question=new.question,
            last_line=new.last_line,
            payment_method=new.payment_method,
            last_reply=new.last_reply,
        )
        # The cashier saves the orders it pays or cancels (their version moved on); any other
        # change is the dialog's, saved here against the version the turn started from.
        if new.order.version == order.version and new.order != order:
            saved = work.sessions.update_with_order(remembered, new.order)
        else:
            saved = new.order
            work.sessions.update(remembered)
        work.commit()
    return StoredTurn(result.reply, dataclasses.replace(new, order=saved), stored.version + 1)


def _dialog_state(stored: StoredConversation, order: Order) -> DialogState:
    """What the dialog remembers of a stored conversation, with its order."""
    return DialogState(
        order, stored.question, stored.last_line, stored.payment_method, stored.last_reply
    )


ASK_AGAIN = "Sorry, I didn't catch that. Could you say it again?"


def take_spoken_turn(
    *,
    uow: Callable[[], SqlUnitOfWork],
    session_id: str,
    clip: Clip,
    recognizer: Recognizer,
    answer_recognizer: Callable[[tuple[str, ...]], Recognizer | None],
    lexicon: Lexicon,
    menu: Menu,
    at: datetime,
    stores: StoreFinderFactory,
    gateway: PaymentGateway,
    card_number: str | None = None,
    bearer: Bearer | None = None,
) -> tuple[Heard, StoredTurn]:
    """A spoken turn: heard with a second listen to the pending question's answers; when
    the recogniser is unsure, the customer is asked again and nothing changes. With `bearer`,
    nothing is heard unless it holds the session's token."""
    stored, order = get_conversation(uow=uow(), session_id=session_id, bearer=bearer)
    answers = expected_answers(menu, order, stored.question)
    expected = answer_recognizer(answers)
    heard = hear(clip, recognizer=recognizer, lexicon=lexicon, expected=expected, answers=answers)
    if not heard.sure:
        state = dataclasses.replace(_dialog_state(stored, order), last_reply=ASK_AGAIN)
        return heard, StoredTurn(ASK_AGAIN, state, stored.version)
    result = take_turn(
        uow=uow,
        session_id=session_id,
        text=heard.transcript,
        parsed=heard.parse,
        menu=menu,
        at=at,
        stores=stores,
        gateway=gateway,
        card_number=card_number,
        bearer=bearer,
    )
    return heard, result
