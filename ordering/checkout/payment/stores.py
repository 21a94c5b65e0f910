"""Where payment intents live: in a dict (tests) or in the database, one transition at a time.

Both stores apply the transitions of `ordering.checkout.payment.model` and nothing else: the
in-memory one under a lock that stands in for the database's constraints, the SQL one as a
conditional UPDATE that moves only an intent still in the transition's source status. Two
database constraints, not Python locks, make a duplicate charge impossible under any
concurrency: one intent per idempotency key, and one intent per order holding the order's charge
slot (taken before the bank is asked, released if the bank declines).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import Protocol, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ordering.checkout.payment.bank import BankDecision
from ordering.checkout.payment.model import (
    CLAIM,
    REFUND,
    IntentStatus,
    Method,
    PaymentIntent,
    Transition,
    utc_now,
)
from ordering.errors import DuplicateCharge, PaymentOutcomeUnknown
from ordering.persistence.orm import PaymentIntentRow

INSERT_ATTEMPTS = 3  # an idempotency key freed by a withdrawn attempt is taken again at once


class IntentStore(Protocol):
    """Where intents live; `insert` and `claim` must be atomic against concurrent callers."""

    def insert(self, intent: PaymentIntent) -> PaymentIntent:
        """Store a new intent, or return the one already stored under its idempotency key."""
        ...

    def claim(self, intent_id: str, order_id: str) -> bool:
        """`requires_confirmation → processing`, taking the order's charge slot. False when
        another call already moved the intent on; `DuplicateCharge` when the slot is taken."""
        ...

    def finish(self, intent_id: str, decision: BankDecision) -> PaymentIntent:
        """`processing → succeeded | failed` (a failure frees the order's charge slot)."""
        ...

    def refund(self, intent_id: str) -> bool:
        """`succeeded → refunded`; False when the intent was not succeeded."""
        ...

    def get(self, intent_id: str) -> PaymentIntent | None: ...

    def by_order(self, order_id: str) -> tuple[PaymentIntent, ...]: ...


class InMemoryIntentStore:
    """Intents in a dict, for tests without a database (a lock stands in for the constraints)."""

    def __init__(self, *, clock: Callable[[], datetime] = utc_now) -> None:
        self._clock = clock
        self._intents: dict[str, PaymentIntent] = {}
        self._by_key: dict[str, str] = {}
        self._charges: dict[str, str] = {}  # order id -> intent holding its charge slot
        self._lock = threading.Lock()

    def insert(self, intent: PaymentIntent) -> PaymentIntent:
        with self._lock:
            existing = self._by_key.get(intent.idempotency_key)
            if existing is not None:
                return self._intents[existing]
            self._intents[intent.id] = intent
            self._by_key[intent.idempotency_key] = intent.id
            return intent

    def _move(self, intent_id: str, transition: Transition) -> bool:
        """Apply `transition` if the intent is still in its source (call under the lock)."""
        intent = self._intents.get(intent_id)
        if intent is None or intent.status is not transition.source:
            return False
        moved = transition.apply(intent, at=self._clock())
        self._intents[intent_id] = moved
        if transition.charge_slot == "take":
            self._charges[moved.order_id] = intent_id
        elif transition.charge_slot == "free":
            self._charges.pop(moved.order_id, None)
        return True

    def claim(self, intent_id: str, order_id: str) -> bool:
        with self._lock:
            intent = self._intents[intent_id]
            if intent.status is not CLAIM.source:
                return False
            holder = self._charges.get(order_id)
            if holder is not None:  # never asked the bank: withdrawn, not kept as a failure
                del self._intents[intent_id]
                del self._by_key[intent.idempotency_key]
                raise DuplicateCharge(order_id, holder)
            return self._move(intent_id, CLAIM)

    def finish(self, intent_id: str, decision: BankDecision) -> PaymentIntent:
        with self._lock:
            # An intent settled already (by its caller or reconcile) keeps its outcome.
            self._move(intent_id, decision.settlement)
            return self._intents[intent_id]

    def refund(self, intent_id: str) -> bool:
        with self._lock:
            return self._move(intent_id, REFUND)

    def get(self, intent_id: str) -> PaymentIntent | None:
        with self._lock:
            return self._intents.get(intent_id)

    def by_order(self, order_id: str) -> tuple[PaymentIntent, ...]:
        with self._lock:
            return tuple(i for i in self._intents.values() if i.order_id == order_id)


class SqlIntentStore:
    """Intents in the database. Each call is its own short transaction: a payment is a side
    effect that must outlive any order transaction that fails later."""

    def __init__(self, sessions: sessionmaker[Session], *, clock: Callable[[], datetime]) -> None:
        self._sessions = sessions
        self._clock = clock

    def insert(self, intent: PaymentIntent) -> PaymentIntent:
        for _ in range(INSERT_ATTEMPTS):
            stored = self._insert_or_find(intent)
            if stored is not None:
                return stored
            # The key's intent was withdrawn (its claim found the order's charge held) between
            # our insert and our read: the key is free again.
        raise PaymentOutcomeUnknown(intent.id, intent.order_id)

    def _insert_or_find(self, intent: PaymentIntent) -> PaymentIntent | None:
        """The intent inserted, or the one stored under its key; None if neither is there."""
        now = self._clock()
        row = PaymentIntentRow(
            id=intent.id,
            order_id=intent.order_id,
            amount=intent.amount,
            currency=intent.currency,
            method=intent.method.value,
            card_brand=intent.card_brand,
            card_last4=intent.card_last4,
            status=intent.status.value,
            failure_code=None,
            failure_message=None,
            idempotency_key=intent.idempotency_key,
            fingerprint=intent.fingerprint,
            charge_order_id=None,
            created_at=now,
            updated_at=now,
        )
        with self._sessions() as session:
            session.add(row)
            try:
                session.commit()
                return intent
            except IntegrityError:
                # The key is taken (maybe by a concurrent duplicate): its stored result wins.
                session.rollback()
                stored = session.scalar(
                    select(PaymentIntentRow).where(
                        PaymentIntentRow.idempotency_key == intent.idempotency_key
                    )
                )
                return None if stored is None else _intent(stored)

    def _move(
        self, session: Session, intent_id: str, transition: Transition, *, order_id: str = ""
    ) -> bool:
        """`transition` as a conditional update: only an intent still in its source moves (True
        when it did); the charge slot is the unique `charge_order_id` column."""
        values: dict[str, object] = {
            "status": transition.target.value,
            "updated_at": self._clock(),
            **transition.changes,
        }
        if transition.charge_slot == "take":
            values["charge_order_id"] = order_id
        elif transition.charge_slot == "free":
            values["charge_order_id"] = None
        statement = (
            update(PaymentIntentRow)
            .where(
                PaymentIntentRow.id == intent_id,
                PaymentIntentRow.status == transition.source.value,
            )
            .values(**values)
        )
        return cast(CursorResult[tuple[()]], session.execute(statement)).rowcount == 1

    def claim(self, intent_id: str, order_id: str) -> bool:
        with self._sessions() as session:
            try:
                # The unique `charge_order_id` is the one-charge-per-order guarantee: PostgreSQL
                # makes a concurrent claim wait for this one to commit, then refuses it.
                claimed = self._move(session, intent_id, CLAIM, order_id=order_id)
                session.commit()
                return claimed
            except IntegrityError:
                session.rollback()
            # It never asked the bank: withdrawn, so refused attempts leave no rows behind and
            # its key may try again once the holder is settled.
            session.execute(
                delete(PaymentIntentRow).where(
                    PaymentIntentRow.id == intent_id,
                    PaymentIntentRow.status == CLAIM.source.value,
                )
            )
            session.commit()
            holder = session.scalar(
                select(PaymentIntentRow.id).where(PaymentIntentRow.charge_order_id == order_id)
            )
            raise DuplicateCharge(order_id, holder)

    def finish(self, intent_id: str, decision: BankDecision) -> PaymentIntent:
        with self._sessions() as session:
            self._move(session, intent_id, decision.settlement)
            session.commit()
        intent = self.get(intent_id)
        assert intent is not None
        return intent

    def refund(self, intent_id: str) -> bool:
        with self._sessions() as session:
            done = self._move(session, intent_id, REFUND)
            session.commit()
            return done

    def get(self, intent_id: str) -> PaymentIntent | None:
        with self._sessions() as session:
            row = session.get(PaymentIntentRow, intent_id)
            return None if row is None else _intent(row)

    def by_order(self, order_id: str) -> tuple[PaymentIntent, ...]:
        with self._sessions() as session:
            rows = session.scalars(
                select(PaymentIntentRow)
                .where(PaymentIntentRow.order_id == order_id)
                .order_by(PaymentIntentRow.created_at, PaymentIntentRow.id)
            )
            return tuple(_intent(row) for row in rows)


def _intent(row: PaymentIntentRow) -> PaymentIntent:
    return PaymentIntent(
        id=row.id,
        order_id=row.order_id,
        amount=row.amount,
        currency=row.currency,
        method=Method(row.method),
        status=IntentStatus(row.status),
        idempotency_key=row.idempotency_key,
        fingerprint=row.fingerprint,
        card_brand=row.card_brand,
        card_last4=row.card_last4,
        failure_code=row.failure_code,
        failure_message=row.failure_message,
        updated_at=row.updated_at,
    )
