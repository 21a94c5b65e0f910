"""The payment gateway: Stripe-like payment intents in front of a fake bank.

A payment intent goes `requires_confirmation → processing → succeeded | failed`, and a succeeded
one may become `refunded`. Every `pay` call carries an idempotency key: the same key with the
same request returns the stored intent (never a second charge); the same key with a different
request is refused. Two database constraints, not Python locks, make a duplicate charge
impossible under any concurrency: one intent per idempotency key, and one intent per order
holding the order's charge slot (taken before the bank is asked, released if the bank declines).

Card numbers are used to ask the bank and then dropped: only the brand and last four digits are
ever stored, logged or shown. `FakeBank` decides like a test-mode bank: 4242 4242 4242 4242
succeeds, 4000 0000 0000 0002 is declined, 4000 0000 0000 9995 has insufficient funds, other
Luhn-valid numbers succeed; a seeded failure rate, a lost-response rate and a delay allow fault
tests. A lost response ("outcome unknown") is resolved by `retrieve`/`find_by_order`, never by
paying again.

The bank books every decision in its ledger under the intent's id, once. A gateway process that
dies while the bank is deciding leaves its intent `processing`; `reconcile` settles such an
intent once it is older than `stale_after`: the bank's booked decision if there is one, or else
a void booked first, so a charge arriving later is refused rather than taken twice.

OrderingError
└── PaymentError
    ├── InvalidPaymentRequest   a malformed request (amount, method without or with a card)
    │   └── InvalidCard         not a card number (length, digits, Luhn); the number is never echoed
    ├── IdempotencyConflict     an idempotency key reused for a different request
    ├── DuplicateCharge         the order already has a charge in flight or done
    ├── PaymentOutcomeUnknown   no definitive answer: check the intent again, never pay again
    ├── IntentNotFound          no payment intent with that id
    └── NotRefundable           only a succeeded payment can be refunded
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Protocol, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ordering.errors import OrderingError
from ordering.orm import BankLedgerRow, PaymentIntentRow

log = logging.getLogger(__name__)


def _utc_now() -> datetime:
    return datetime.now(UTC)


class PaymentError(OrderingError):
    """Base of the payment gateway's errors."""


class InvalidPaymentRequest(PaymentError):
    pass


class InvalidCard(InvalidPaymentRequest):
    pass


class IdempotencyConflict(PaymentError):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"idempotency key '{key}' was already used for a different payment")


class DuplicateCharge(PaymentError):
    def __init__(self, order_id: str, intent_id: str | None) -> None:
        self.order_id = order_id
        self.intent_id = intent_id  # the intent holding the order's charge, when still held
        holder = f" ({intent_id})" if intent_id else ""
        super().__init__(
            f"order '{order_id}' already has a payment in progress or completed{holder}"
        )


class PaymentOutcomeUnknown(PaymentError):
    def __init__(self, intent_id: str, order_id: str) -> None:
        self.intent_id = intent_id
        self.order_id = order_id
        super().__init__(
            f"the outcome of payment {intent_id} for order '{order_id}' is not known yet; "
            "check the payment again (do not pay again)"
        )


class IntentNotFound(PaymentError):
    def __init__(self, intent_id: str) -> None:
        self.intent_id = intent_id
        super().__init__(f"there is no payment '{intent_id}'")


class NotRefundable(PaymentError):
    pass


class IntentStatus(StrEnum):
    REQUIRES_CONFIRMATION = "requires_confirmation"
    PROCESSING = "processing"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    REFUNDED = "refunded"


class Method(StrEnum):
    VOICE = "voice"  # the customer's spoken confirmation
    CARD = "card"


# An intent refused because another intent holds the order's charge slot.
ALREADY_CHARGED = "already_charged"
STALE_AFTER_SECONDS = 60.0  # a bank call still unanswered after this is treated as lost
INSERT_ATTEMPTS = 3  # an idempotency key freed by a withdrawn attempt is taken again at once


# -- cards -------------------------------------------------------------------------------------


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum of a string of digits."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def card_brand(digits: str) -> str:
    """The card network, from the number's prefix (IIN ranges)."""
    two, four, six = int(digits[:2]), int(digits[:4]), int(digits[:6])
    if digits.startswith("4"):
        return "visa"
    if 51 <= two <= 55 or 222100 <= six <= 272099:
        return "mastercard"
    if two in (34, 37):
        return "amex"
    if 3528 <= four <= 3589:
        return "jcb"
    if four == 6011 or two == 65 or 644 <= int(digits[:3]) <= 649:
        return "discover"
    if two == 62:
        return "unionpay"
    if two in (36, 38, 39) or 300 <= int(digits[:3]) <= 305:
        return "diners"
    return "unknown"


@dataclass(frozen=True, slots=True)
class CardNumber:
    """A checked card number; its repr and str show only brand and last four digits."""

    digits: str = field(repr=False)

    @classmethod
    def parse(cls, text: str) -> CardNumber:
        """Accept digits with spaces or dashes; refuse anything that is not a card number."""
        digits = "".join(char for char in text if char not in " -")
        if not digits.isascii() or not digits.isdigit() or not 12 <= len(digits) <= 19:
            raise InvalidCard("a card number has 12 to 19 digits")
        if not luhn_valid(digits):
            raise InvalidCard("that card number is not valid (its check digit is wrong)")
        return cls(digits)

    @property
    def brand(self) -> str:
        return card_brand(self.digits)

    @property
    def last4(self) -> str:
        return self.digits[-4:]

    def __repr__(self) -> str:
        return f"CardNumber({self.brand} ending {self.last4})"

    __str__ = __repr__


# -- requests and intents --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PaymentRequest:
    """What to charge. `card` is needed for the card method and refused for voice."""

    order_id: str
    amount: int
    currency: str
    method: Method
    card: CardNumber | None = None

    def check(self) -> None:
        if self.amount <= 0:
            raise InvalidPaymentRequest("a payment must be of a positive amount")
        if self.method is Method.CARD and self.card is None:
            raise InvalidPaymentRequest("a card payment needs a card number")
        if self.method is Method.VOICE and self.card is not None:
            raise InvalidPaymentRequest("a voice payment takes no card number")

    def fingerprint(self) -> str:
        """What makes two requests the same (the card only by brand and last four)."""
        card = self.card
        parts = [
            self.order_id,
            self.amount,
            self.currency,
            self.method.value,
            card.brand if card else None,
            card.last4 if card else None,
        ]
        return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class PaymentIntent:
    id: str
    order_id: str
    amount: int
    currency: str
    method: Method
    status: IntentStatus
    idempotency_key: str
    fingerprint: str
    card_brand: str | None = None
    card_last4: str | None = None
    failure_code: str | None = None
    failure_message: str | None = None
    updated_at: datetime | None = field(default=None, compare=False)

    @property
    def settled(self) -> bool:
        """True once the outcome is known (succeeded, failed or refunded)."""
        return self.status in (IntentStatus.SUCCEEDED, IntentStatus.FAILED, IntentStatus.REFUNDED)


class PaymentGateway(Protocol):
    """What the application needs from a payment provider."""

    def pay(self, request: PaymentRequest, *, idempotency_key: str) -> PaymentIntent:
        """Create and confirm an intent. Raises `PaymentOutcomeUnknown` when the answer is lost,
        `DuplicateCharge` when the order already has a charge, `IdempotencyConflict`."""
        ...

    def retrieve(self, intent_id: str) -> PaymentIntent:
        """The intent as it is now."""
        ...

    def find_by_order(self, order_id: str) -> tuple[PaymentIntent, ...]:
        """Every intent of the order, oldest first."""
        ...

    def refund(self, intent_id: str) -> PaymentIntent:
        """Refund a succeeded intent (refunding a refunded one returns it unchanged)."""
        ...

    def reconcile(self, intent_id: str) -> PaymentIntent:
        """Settle a stale `processing` intent from the bank's ledger (others are returned)."""
        ...


# -- the fake bank ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BankDecision:
    approved: bool
    code: str | None = None
    message: str | None = None
    lost_response: bool = False  # the bank decided, but the answer does not reach the caller


TEST_CARDS: dict[str, tuple[str, str] | None] = {
    "4242424242424242": None,
    "4000000000000002": ("card_declined", "the card was declined"),
    "4000000000009995": ("insufficient_funds", "the card has insufficient funds"),
    "4000000000000069": ("expired_card", "the card has expired"),
    "4000000000000119": ("processing_error", "the bank could not process the card"),
}


VOIDED = BankDecision(False, "not_charged", "the bank never completed this charge")


class BankLedger(Protocol):
    """The bank's own book: one decision per reference (the intent id), booked once."""

    def book(self, reference: str, decision: BankDecision) -> BankDecision:
        """Book `decision` unless the reference has one already; return what stands."""
        ...

    def find(self, reference: str) -> BankDecision | None: ...


class InMemoryBankLedger:
    def __init__(self) -> None:
        self._book: dict[str, BankDecision] = {}
        self._lock = threading.Lock()

    def book(self, reference: str, decision: BankDecision) -> BankDecision:
        with self._lock:
            return self._book.setdefault(reference, replace(decision, lost_response=False))

    def find(self, reference: str) -> BankDecision | None:
        with self._lock:
            return self._book.get(reference)


class FakeBank:
    """Decides charges like a test-mode bank. Faults: `failure_rate` declines at random,
    `lost_response_rate` loses the answer after the charge, `delay` seconds per call; the
    randomness comes from `seed` so fault tests are repeatable."""

    def __init__(
        self,
        *,
        failure_rate: float = 0.0,
        lost_response_rate: float = 0.0,
        delay: float = 0.0,
        seed: int | None = 0,
        sleep: Callable[[float], None] = time.sleep,
        ledger: BankLedger | None = None,
    ) -> None:
        self.ledger: BankLedger = ledger or InMemoryBankLedger()
        for name, rate in (
            ("failure_rate", failure_rate),
            ("lost_response_rate", lost_response_rate),
        ):
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
        self.failure_rate = failure_rate
        self.lost_response_rate = lost_response_rate
        self.delay = delay
        self._rng = random.Random(seed)
        self._rng_lock = threading.Lock()  # only keeps the seeded sequence intact across threads
        self._sleep = sleep

    def _draw(self) -> float:
        with self._rng_lock:
            return self._rng.random()

    def charge(
        self, *, amount: int, currency: str, card: CardNumber | None, reference: str
    ) -> BankDecision:
        """Decide one charge (`card` None is a voice payment, confirmed by the customer) and
        book it under `reference`; a reference already booked (or voided) keeps its decision."""
        if self.delay > 0:
            self._sleep(self.delay)
        fails, loses = self._draw() < self.failure_rate, self._draw() < self.lost_response_rate
        if card is not None and TEST_CARDS.get(card.digits) is not None:
            code, message = cast(tuple[str, str], TEST_CARDS[card.digits])
            decision = BankDecision(False, code, message)
        elif fails:
            decision = BankDecision(False, "processing_error", "the bank is unavailable (fault)")
        else:
            decision = BankDecision(True)
        booked = self.ledger.book(reference, decision)
        return replace(booked, lost_response=loses)

    def void(self, reference: str) -> BankDecision:
        """Close `reference`: its booked decision, or a void that refuses any later charge."""
        return self.ledger.book(reference, VOIDED)


# -- the gateway, over a store of intents ----------------------------------------------------


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


def new_intent_id() -> str:
    return f"pi_{uuid.uuid4().hex[:24]}"


class FakePaymentGateway:
    """The payment gateway, a real component over an `IntentStore` and a `FakeBank`."""

    def __init__(
        self,
        store: IntentStore,
        bank: FakeBank | None = None,
        *,
        new_id: Callable[[], str] = new_intent_id,
        stale_after: float = STALE_AFTER_SECONDS,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.store = store
        self.bank = bank or FakeBank()
        self._new_id = new_id
        self.stale_after = stale_after
        self._now = clock or _utc_now

    def pay(self, request: PaymentRequest, *, idempotency_key: str) -> PaymentIntent:
        request.check()
        if not idempotency_key or len(idempotency_key) > 255:
            raise InvalidPaymentRequest("an idempotency key has 1 to 255 characters")
        card = request.card
        fingerprint = request.fingerprint()
        wanted = PaymentIntent(
            id=self._new_id(),
            order_id=request.order_id,
            amount=request.amount,
            currency=request.currency,
            method=request.method,
            status=IntentStatus.REQUIRES_CONFIRMATION,
            idempotency_key=idempotency_key,
            fingerprint=fingerprint,
            card_brand=card.brand if card else None,
            card_last4=card.last4 if card else None,
        )
        intent = self.store.insert(wanted)
        if intent.fingerprint != fingerprint:
            raise IdempotencyConflict(idempotency_key)
        if intent.status is not IntentStatus.REQUIRES_CONFIRMATION:
            log.info("payment %s replayed for key %s", intent.id, idempotency_key)
            return self._stored_result(intent)
        # A new intent, or one whose first caller stopped before confirming it: whoever claims
        # it asks the bank; a concurrent duplicate gets the stored result instead.
        if not self.store.claim(intent.id, intent.order_id):
            stored = self.store.get(intent.id)
            if stored is None:  # its first caller found the order's charge held, and withdrew it
                raise DuplicateCharge(intent.order_id, self._charge_holder(intent.order_id))
            return self._stored_result(stored)
        decision = self.bank.charge(
            amount=request.amount, currency=request.currency, card=card, reference=intent.id
        )
        intent = self.store.finish(intent.id, decision)
        log.info(
            "payment %s for order %s: %s %s %s%s",
            intent.id,
            intent.order_id,
            intent.status.value,
            intent.amount,
            intent.currency,
            f" ({intent.card_brand} ending {intent.card_last4})" if card else " (voice)",
        )
        if decision.lost_response:
            raise PaymentOutcomeUnknown(intent.id, intent.order_id)
        return intent

    def _stored_result(self, intent: PaymentIntent) -> PaymentIntent:
        # Refused attempts were once stored as failed intents (databases may still hold some).
        if intent.status is IntentStatus.FAILED and intent.failure_code == ALREADY_CHARGED:
            raise DuplicateCharge(intent.order_id, self._charge_holder(intent.order_id))
        return intent

    def _charge_holder(self, order_id: str) -> str | None:
        held = (IntentStatus.PROCESSING, IntentStatus.SUCCEEDED, IntentStatus.REFUNDED)
        return next((i.id for i in self.store.by_order(order_id) if i.status in held), None)

    def reconcile(self, intent_id: str) -> PaymentIntent:
        """Settle an intent left `processing` by a caller that died, once it is stale: with the
        bank's booked decision, or a void (booked first, so the charge can never land later)."""
        intent = self.retrieve(intent_id)
        if intent.status is not IntentStatus.PROCESSING or intent.updated_at is None:
            return intent
        age = (self._now() - intent.updated_at).total_seconds()
        if age < self.stale_after:
            return intent
        decision = self.bank.void(intent.id)
        settled = self.store.finish(intent.id, decision)
        log.info("payment %s reconciled after %.0f s: %s", intent.id, age, settled.status.value)
        return settled

    def retrieve(self, intent_id: str) -> PaymentIntent:
        intent = self.store.get(intent_id)
        if intent is None:
            raise IntentNotFound(intent_id)
        return intent

    def find_by_order(self, order_id: str) -> tuple[PaymentIntent, ...]:
        return self.store.by_order(order_id)

    def refund(self, intent_id: str) -> PaymentIntent:
        if not self.store.refund(intent_id):
            intent = self.retrieve(intent_id)
            if intent.status is not IntentStatus.REFUNDED:
                raise NotRefundable(f"a payment that is {intent.status.value} cannot be refunded")
            return intent
        log.info("payment %s refunded", intent_id)
        return self.retrieve(intent_id)


def _finished(intent: PaymentIntent, decision: BankDecision) -> PaymentIntent:
    if decision.approved:
        return replace(intent, status=IntentStatus.SUCCEEDED)
    return replace(
        intent,
        status=IntentStatus.FAILED,
        failure_code=decision.code,
        failure_message=decision.message,
    )


class InMemoryIntentStore:
    """Intents in a dict, for tests without a database (a lock stands in for the constraints)."""

    def __init__(self, *, clock: Callable[[], datetime] = _utc_now) -> None:
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

    def claim(self, intent_id: str, order_id: str) -> bool:
        with self._lock:
            intent = self._intents[intent_id]
            if intent.status is not IntentStatus.REQUIRES_CONFIRMATION:
                return False
            holder = self._charges.get(order_id)
            if holder is not None:  # never asked the bank: withdrawn, not kept as a failure
                del self._intents[intent_id]
                del self._by_key[intent.idempotency_key]
                raise DuplicateCharge(order_id, holder)
            self._charges[order_id] = intent_id
            self._intents[intent_id] = replace(
                intent, status=IntentStatus.PROCESSING, updated_at=self._clock()
            )
            return True

    def finish(self, intent_id: str, decision: BankDecision) -> PaymentIntent:
        with self._lock:
            if self._intents[intent_id].status is not IntentStatus.PROCESSING:
                return self._intents[intent_id]  # settled already (by its caller or reconcile)
            intent = _finished(self._intents[intent_id], decision)
            self._intents[intent_id] = intent
            if not decision.approved:
                self._charges.pop(intent.order_id, None)
            return intent

    def refund(self, intent_id: str) -> bool:
        with self._lock:
            intent = self._intents.get(intent_id)
            if intent is None or intent.status is not IntentStatus.SUCCEEDED:
                return False
            self._intents[intent_id] = replace(intent, status=IntentStatus.REFUNDED)
            return True

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
        self,
        session: Session,
        intent_id: str,
        source: IntentStatus,
        target: IntentStatus,
        **values: object,
    ) -> bool:
        """A conditional update: only an intent still in `source` moves (True when it did)."""
        statement = (
            update(PaymentIntentRow)
            .where(PaymentIntentRow.id == intent_id, PaymentIntentRow.status == source.value)
            .values(status=target.value, updated_at=self._clock(), **values)
        )
        return cast(CursorResult[tuple[()]], session.execute(statement)).rowcount == 1

    def claim(self, intent_id: str, order_id: str) -> bool:
        pending = IntentStatus.REQUIRES_CONFIRMATION
        with self._sessions() as session:
            try:
                # The unique `charge_order_id` is the one-charge-per-order guarantee: PostgreSQL
                # makes a concurrent claim wait for this one to commit, then refuses it.
                claimed = self._move(
                    session, intent_id, pending, IntentStatus.PROCESSING, charge_order_id=order_id
                )
                session.commit()
                return claimed
            except IntegrityError:
                session.rollback()
            # It never asked the bank: withdrawn, so refused attempts leave no rows behind and
            # its key may try again once the holder is settled.
            session.execute(
                delete(PaymentIntentRow).where(
                    PaymentIntentRow.id == intent_id, PaymentIntentRow.status == pending.value
                )
            )
            session.commit()
            holder = session.scalar(
                select(PaymentIntentRow.id).where(PaymentIntentRow.charge_order_id == order_id)
            )
            raise DuplicateCharge(order_id, holder)

    def finish(self, intent_id: str, decision: BankDecision) -> PaymentIntent:
        processing = IntentStatus.PROCESSING
        with self._sessions() as session:
            if decision.approved:
                self._move(session, intent_id, processing, IntentStatus.SUCCEEDED)
            else:
                self._move(
                    session,
                    intent_id,
                    processing,
                    IntentStatus.FAILED,
                    failure_code=decision.code,
                    failure_message=decision.message,
                    charge_order_id=None,  # a declined charge frees the order for another try
                )
            session.commit()
        intent = self.get(intent_id)
        assert intent is not None
        return intent

    def refund(self, intent_id: str) -> bool:
        with self._sessions() as session:
            done = self._move(session, intent_id, IntentStatus.SUCCEEDED, IntentStatus.REFUNDED)
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


class SqlBankLedger:
    """The fake bank's book in its own table (the bank is a separate party: no foreign keys)."""

    def __init__(self, sessions: sessionmaker[Session], *, clock: Callable[[], datetime]) -> None:
        self._sessions = sessions
        self._clock = clock

    def book(self, reference: str, decision: BankDecision) -> BankDecision:
        with self._sessions() as session:
            session.add(
                BankLedgerRow(
                    reference=reference,
                    approved=decision.approved,
                    code=decision.code,
                    message=decision.message,
                    booked_at=self._clock(),
                )
            )
            try:
                session.commit()
                return replace(decision, lost_response=False)
            except IntegrityError:
                session.rollback()  # booked before (or voided): that decision stands
        found = self.find(reference)
        assert found is not None
        return found

    def find(self, reference: str) -> BankDecision | None:
        with self._sessions() as session:
            row = session.get(BankLedgerRow, reference)
            return None if row is None else BankDecision(row.approved, row.code, row.message)


class SqlPaymentGateway(FakePaymentGateway):
    """The gateway storing its intents in the application database (its own transactions)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        bank: FakeBank | None = None,
        *,
        clock: Callable[[], datetime] = _utc_now,
        new_id: Callable[[], str] = new_intent_id,
        stale_after: float = STALE_AFTER_SECONDS,
    ) -> None:
        """Without `bank`, a fault-free `FakeBank` booking in the database's ledger."""
        super().__init__(
            SqlIntentStore(sessions, clock=clock),
            bank or FakeBank(ledger=SqlBankLedger(sessions, clock=clock)),
            new_id=new_id,
            stale_after=stale_after,
            clock=clock,
        )


class InMemoryPaymentGateway(FakePaymentGateway):
    """The same gateway over an in-memory store, for tests without a database."""

    def __init__(
        self,
        bank: FakeBank | None = None,
        *,
        new_id: Callable[[], str] = new_intent_id,
        stale_after: float = STALE_AFTER_SECONDS,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        super().__init__(
            InMemoryIntentStore(clock=clock or _utc_now),
            bank,
            new_id=new_id,
            stale_after=stale_after,
            clock=clock,
        )
