"""Payment requests and intents, and the intent's life, defined once.

An intent goes `requires_confirmation → processing → succeeded | failed`, and a succeeded one
may become `refunded`. Each step is a `Transition` (its source, its target, the fields it sets
and what it does to the order's charge slot); both intent stores apply the same transitions,
the in-memory one to its dict and the SQL one as a conditional UPDATE, so the two cannot tell
the life of an intent differently.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal

from ordering.checkout.payment.cards import CardNumber
from ordering.errors import InvalidPaymentRequest


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


def utc_now() -> datetime:
    """The default clock of the stores, the ledgers and the gateway."""
    return datetime.now(UTC)


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


_S = IntentStatus
ALLOWED: Mapping[IntentStatus, frozenset[IntentStatus]] = {
    _S.REQUIRES_CONFIRMATION: frozenset({_S.PROCESSING}),
    _S.PROCESSING: frozenset({_S.SUCCEEDED, _S.FAILED}),
    _S.SUCCEEDED: frozenset({_S.REFUNDED}),
    _S.FAILED: frozenset(),
    _S.REFUNDED: frozenset(),
}

ChargeSlot = Literal["keep", "take", "free"]


@dataclass(frozen=True, slots=True)
class Transition:
    """One step of an intent's life: only an intent still in `source` moves to `target`.

    `charge_slot` says what the step does to the order's one charge slot: `take` it (before the
    bank is asked, so a second charge of the order is refused), `free` it (a declined charge
    lets the order try again) or `keep` it as it is.
    """

    source: IntentStatus
    target: IntentStatus
    charge_slot: ChargeSlot = "keep"
    failure_code: str | None = None
    failure_message: str | None = None

    def __post_init__(self) -> None:
        if self.target not in ALLOWED[self.source]:
            raise ValueError(f"a payment intent cannot go from {self.source} to {self.target}")

    @property
    def changes(self) -> dict[str, Any]:
        """The fields the step sets besides `status` and `updated_at`."""
        if self.target is IntentStatus.FAILED:
            return {"failure_code": self.failure_code, "failure_message": self.failure_message}
        return {}

    def apply(self, intent: PaymentIntent, *, at: datetime) -> PaymentIntent:
        """`intent` after this step (the stores check its status first, atomically)."""
        if intent.status is not self.source:
            raise ValueError(f"payment {intent.id} is {intent.status}, not {self.source}")
        return replace(intent, status=self.target, updated_at=at, **self.changes)


CLAIM = Transition(_S.REQUIRES_CONFIRMATION, _S.PROCESSING, charge_slot="take")
REFUND = Transition(_S.SUCCEEDED, _S.REFUNDED)


def settlement(*, approved: bool, code: str | None, message: str | None) -> Transition:
    """`processing → succeeded`, or `processing → failed` with the bank's reason."""
    if approved:
        return Transition(_S.PROCESSING, _S.SUCCEEDED)
    return Transition(
        _S.PROCESSING, _S.FAILED, charge_slot="free", failure_code=code, failure_message=message
    )
