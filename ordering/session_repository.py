"""Stored conversations: what the dialog remembers between turns, by session id."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ordering.dialog import Question
from ordering.errors import OrderingError
from ordering.orm import DialogSessionRow


class SessionNotFound(OrderingError):
    def __init__(self, session_id: str) -> None:
        super().__init__(f"no conversation '{session_id}'")


class ConcurrentTurn(OrderingError):
    def __init__(self, session_id: str) -> None:
        super().__init__(f"conversation '{session_id}' took another turn at the same time")


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


class SessionRepository:
    def __init__(self, session: Session, *, clock: Callable[[], datetime] = _utc_now) -> None:
        self._session = session
        self._clock = clock

    def add(self, stored: StoredConversation) -> None:
        now = self._clock()
        self._session.add(
            DialogSessionRow(
                **_columns(stored),
                token_hash=stored.token_hash,
                created_at=now,
                updated_at=now,
                version=0,
            )
        )
        self._session.flush()

    def get(self, session_id: str) -> StoredConversation:
        row = self._session.get(DialogSessionRow, session_id)
        if row is None:
            raise SessionNotFound(session_id)
        return _stored(row)

    def by_order(self, order_id: str) -> StoredConversation | None:
        """The conversation that owns the order, if any."""
        row = self._session.scalars(
            select(DialogSessionRow).where(DialogSessionRow.order_id == order_id).limit(1)
        ).first()
        return None if row is None else _stored(row)

    def update(self, stored: StoredConversation) -> None:
        """Save a session read at `stored.version`; refuse if another turn saved it since.
        The token hash is set once, when the session is added, and never changes."""
        result = self._session.execute(
            update(DialogSessionRow)
            .where(DialogSessionRow.id == stored.id, DialogSessionRow.version == stored.version)
            .values(**_columns(stored), updated_at=self._clock(), version=stored.version + 1)
        )
        if getattr(result, "rowcount", 1) != 1:
            raise ConcurrentTurn(stored.id)


def _stored(row: DialogSessionRow) -> StoredConversation:
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


def _columns(stored: StoredConversation) -> dict[str, Any]:
    return {
        "id": stored.id,
        "order_id": stored.order_id,
        "near_lat": stored.near[0],
        "near_lon": stored.near[1],
        "question": stored.question.to_dict() if stored.question else None,
        "last_line": stored.last_line,
        "payment_method": stored.payment_method,
        "last_reply": stored.last_reply,
        "menu_checksum": stored.menu_checksum,
    }
