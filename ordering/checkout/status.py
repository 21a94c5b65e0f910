"""The order's statuses and the moves between them, as data (`Order` enforces them).

    open ──submit──▶ awaiting_confirmation ──▶ paid ──(refunded)──▶ cancelled
     ▲  ◀──reopen──        │    ▲                ▲
     │                     ▼    │ (retry)        │ (late or retried success)
     └──────reopen──── payment_failed ───────────┘

Apart from `orders` so that the errors that name a status (`ordering.errors.InvalidTransition`)
need not import the aggregate that raises them.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class OrderStatus(StrEnum):
    OPEN = "open"
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    PAID = "paid"
    PAYMENT_FAILED = "payment_failed"
    CANCELLED = "cancelled"


_S = OrderStatus
TRANSITIONS: Mapping[OrderStatus, frozenset[OrderStatus]] = {
    _S.OPEN: frozenset({_S.AWAITING_CONFIRMATION, _S.CANCELLED}),
    _S.AWAITING_CONFIRMATION: frozenset({_S.OPEN, _S.PAID, _S.PAYMENT_FAILED, _S.CANCELLED}),
    # A failed payment may be retried (another failure is recorded, or a success settles it),
    # the order reopened for changes, or cancelled.
    _S.PAYMENT_FAILED: frozenset(
        {_S.OPEN, _S.AWAITING_CONFIRMATION, _S.PAID, _S.PAYMENT_FAILED, _S.CANCELLED}
    ),
    _S.PAID: frozenset({_S.CANCELLED}),  # only once refunded: see `Order.cancel`
    _S.CANCELLED: frozenset(),
}

# Payment summary statuses an order records (the gateway's intent statuses that matter here).
PAYMENT_SUCCEEDED = "succeeded"
PAYMENT_FAILED = "failed"
PAYMENT_REFUNDED = "refunded"
