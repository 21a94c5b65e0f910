"""Stored conversations: what the dialog remembers between turns, by session id."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BindParameter, Column, Row, Update, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from ordering.checkout.orders import Order
from ordering.conversation.state import Question
from ordering.errors import ConcurrentOrderUpdate, ConcurrentTurn, SessionNotFound
from ordering.persistence.order_repository import (
    ORDER_COLUMNS,
    ORDERS,
    SqlOrderRepository,
    order_columns,
    order_from_row,
)
from ordering.persistence.orm import OrderingBase


@dataclass(frozen=True, slots=True)
class StoredConversation:
    """A stored conversation (the order itself lives in the orders table)."""

    id: str
    order_id: str
    near: tuple[float, float]
    question: Question | None
    last_line: int | None
    payment_method: str
    last_reply: str
    menu_checksum: str
    version: int
    token_hash: str | None = None  # SHA-256 of the API client's bearer token, never the token


def _utc_now() -> datetime:
    return datetime.now(UTC)


SESSIONS = OrderingBase.metadata.tables["dialog_sessions"]
# The columns a `StoredConversation` is made of (psycopg describes every column it returns).
_COLUMNS = tuple(c for c in SESSIONS.c if c.name not in ("created_at", "updated_at"))

# Core statements built once (see `ordering.persistence.order_repository`).
_INSERT = insert(SESSIONS)
_SELECT = select(*_COLUMNS).where(SESSIONS.c.id == bindparam("session_id"))
_SELECT_WITH_ORDER = (
    select(*_COLUMNS, *ORDER_COLUMNS)
    .join_from(SESSIONS, ORDERS, ORDERS.c.id == SESSIONS.c.order_id)
    .where(SESSIONS.c.id == bindparam("session_id"))
)
_BY_ORDER = select(*_COLUMNS).where(SESSIONS.c.order_id == bindparam("order_id")).limit(1)
# Only what a turn changes; the row must still be at the version read.
_UPDATE = update(SESSIONS).where(
    SESSIONS.c.id == bindparam("read_id"), SESSIONS.c.version == bindparam("read_version")
)
_MEMORY = ("question", "last_line", "payment_method", "last_reply", "updated_at", "version")
_ORDER_SET = tuple(c.name for c in ORDERS.c if c.name not in ("id", "created_at"))


def _bind(prefix: str, column: Column[Any]) -> BindParameter[Any]:
    return bindparam(f"{prefix}_{column.name}", type_=column.type)


def _update_with_order() -> Update:
    """PostgreSQL: the session and its order saved in one statement (the order's UPDATE in a
    CTE), returning how many orders it saved, so that the transaction can be refused unless
    both rows were still at the versions read."""
    saved_order = (
        update(ORDERS)
        .where(
            ORDERS.c.id == bindparam("order_read_id"),
            ORDERS.c.version == bindparam("order_read_version"),
        )
        .values({name: _bind("order", ORDERS.c[name]) for name in _ORDER_SET})
        .returning(ORDERS.c.id)
        .cte("saved_order")
    )
    orders_saved = select(func.count()).select_from(saved_order).scalar_subquery()
    return (
        _UPDATE.values({name: _bind("session", SESSIONS.c[name]) for name in _MEMORY})
        .returning(orders_saved.label("orders_saved"))
        .add_cte(saved_order)
    )


_UPDATE_WITH_ORDER = _update_with_order()


class SessionRepository:
    def __init__(self, session: Session, *, clock: Callable[[], datetime] = _utc_now) -> None:
        self._session = session
        self._clock = clock

    def add(self, stored: StoredConversation) -> None:
        now = self._clock()
        self._session.connection().execute(
            _INSERT,
            {
                "id": stored.id,
                "order_id": stored.order_id,
                "near_lat": stored.near[0],
                "near_lon": stored.near[1],
                "menu_checksum": stored.menu_checksum,
                "token_hash": stored.token_hash,
                "created_at": now,
                **_memory(stored, now, version=0),
            },
        )

    def get(self, session_id: str) -> StoredConversation:
        row = self._session.connection().execute(_SELECT, {"session_id": session_id}).first()
        if row is None:
            raise SessionNotFound(session_id)
        return _stored(row)

    def get_with_order(self, session_id: str) -> tuple[StoredConversation, Order]:
        """The conversation and its order, in one query."""
        row = (
            self._session.connection()
            .execute(_SELECT_WITH_ORDER, {"session_id": session_id})
            .first()
        )
        if row is None:
            raise SessionNotFound(session_id)
        return _stored(row), order_from_row(row)

    def by_order(self, order_id: str) -> StoredConversation | None:
        """The conversation that owns the order, if any."""
        row = self._session.connection().execute(_BY_ORDER, {"order_id": order_id}).first()
        return None if row is None else _stored(row)

    def update(self, stored: StoredConversation) -> None:
        """Save what the dialog remembers of a session read at `stored.version`; refuse if
        another turn saved it since. Its id, order, place, menu and token hash never change."""
        parameters = {
            "read_id": stored.id,
            "read_version": stored.version,
            **_memory(stored, self._clock(), version=stored.version + 1),
        }
        result = self._session.connection().execute(_UPDATE, parameters)
        if result.rowcount != 1:
            raise ConcurrentTurn(stored.id)

    def update_with_order(self, stored: StoredConversation, order: Order) -> Order:
        """`update` the session and save its changed `order` (read at `order.version`) as the
        order repository does: on PostgreSQL in one statement, elsewhere in two. Either error
        leaves the caller's transaction to be rolled back. Returns the order as saved."""
        connection = self._session.connection()
        if connection.dialect.name != "postgresql":
            saved = SqlOrderRepository(self._session, clock=self._clock).update(order)
            self.update(stored)
            return saved
        now = self._clock()
        saved = dataclasses.replace(order, version=order.version + 1)
        parameters = {
            "read_id": stored.id,
            "read_version": stored.version,
            "order_read_id": order.id,
            "order_read_version": order.version,
            **{
                f"session_{name}": value
                for name, value in _memory(stored, now, version=stored.version + 1).items()
            },
            **{f"order_{name}": value for name, value in order_columns(saved, now).items()},
        }
        row = connection.execute(_UPDATE_WITH_ORDER, parameters).first()
        if row is None:
            raise ConcurrentTurn(stored.id)
        if row.orders_saved != 1:
            raise ConcurrentOrderUpdate(order.id)
        return saved


def _stored(row: Row[Any]) -> StoredConversation:
    return StoredConversation(
        id=row.id,
        order_id=row.order_id,
        near=(row.near_lat, row.near_lon),
        question=Question.from_dict(row.question) if row.question else None,
        last_line=row.last_line,
        payment_method=row.payment_method,
        last_reply=row.last_reply,
        menu_checksum=row.menu_checksum,
        version=row.version,
        token_hash=row.token_hash,
    )


def _memory(stored: StoredConversation, now: datetime, *, version: int) -> dict[str, Any]:
    """The columns a turn changes."""
    return {
        "question": stored.question.to_dict() if stored.question else None,
        "last_line": stored.last_line,
        "payment_method": stored.payment_method,
        "last_reply": stored.last_reply,
        "updated_at": now,
        "version": version,
    }
