"""The payment gateway: Stripe-like payment intents in front of a fake bank.

Every `pay` call carries an idempotency key: the same key with the same request returns the
stored intent (never a second charge); the same key with a different request is refused. The
intent's life is `ordering.checkout.payment.model`; where intents live, `stores`; the bank that
decides, `bank`. A lost response ("outcome unknown") is resolved by `retrieve`/`find_by_order`,
never by paying again.

A gateway process that dies while the bank is deciding leaves its intent `processing`;
`reconcile` settles such an intent once it is older than `stale_after`: the bank's booked
decision if there is one, or else a void booked first, so a charge arriving later is refused
rather than taken twice.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker

from ordering.checkout.payment.bank import FakeBank, SqlBankLedger
from ordering.checkout.payment.model import (
    ALREADY_CHARGED,
    IntentStatus,
    PaymentIntent,
    PaymentRequest,
    utc_now,
)
from ordering.checkout.payment.stores import InMemoryIntentStore, IntentStore, SqlIntentStore
from ordering.errors import (
    DuplicateCharge,
    IdempotencyConflict,
    IntentNotFound,
    InvalidPaymentRequest,
    NotRefundable,
    PaymentOutcomeUnknown,
)

# The name operators filter the payment lines by; kept when the module moved into checkout/.
log = logging.getLogger("ordering.payment")

STALE_AFTER_SECONDS = 60.0  # a bank call still unanswered after this is treated as lost


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
        self._now = clock or utc_now

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


class SqlPaymentGateway(FakePaymentGateway):
    """The gateway storing its intents in the application database (its own transactions)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        bank: FakeBank | None = None,
        *,
        clock: Callable[[], datetime] = utc_now,
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
            InMemoryIntentStore(clock=clock or utc_now),
            bank,
            new_id=new_id,
            stale_after=stale_after,
            clock=clock,
        )
