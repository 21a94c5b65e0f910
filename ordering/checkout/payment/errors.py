"""The payment gateway's errors.

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

from ordering.errors import OrderingError


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
