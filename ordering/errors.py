"""The application's errors: one tree, one root. Menu errors come from `menu.errors`, store
errors from `store_locator.errors`; the API maps all of them to problem types in one place
(`ordering.api.errors.RULES`), the CLI to exit code 1 and a message (`ordering.cli.common`).

OrderingError
├── DatabaseUnavailable           the configured database cannot be reached or used
├── InvalidInput                  a command-line or API argument is malformed
├── OrderError                    the order aggregate (`ordering.checkout.orders`)
│   ├── OrderNotFound             no order with that id
│   ├── InvalidTransition         the state machine forbids going from one status to another
│   │   ├── OrderAlreadyPaid      a second payment for an order that is paid
│   │   └── RefundRequired        a paid order is cancelled only after its refund
│   ├── OrderNotEditable          lines change only while the order is open
│   ├── LineNotFound              no line at that position
│   ├── IncompleteOrder           nothing to confirm, or a line still needs a choice
│   ├── ProductUnavailable        outside the product's dayparts ("served from 10:30")
│   ├── PaymentMismatch           a payment that does not fit the order (status or amount)
│   └── ConcurrentOrderUpdate     someone else saved the order first: read it again and retry
├── PaymentError                  the payment gateway (`ordering.checkout.payment`)
│   ├── InvalidPaymentRequest     a malformed request (amount, method without or with a card)
│   │   └── InvalidCard           not a card number (length, digits, Luhn); never echoed
│   ├── IdempotencyConflict       an idempotency key reused for a different request
│   ├── DuplicateCharge           the order already has a charge in flight or done
│   ├── PaymentOutcomeUnknown     no definitive answer: check the intent again, never pay again
│   ├── IntentNotFound            no payment intent with that id
│   └── NotRefundable             only a succeeded payment can be refunded
├── ConversationError             stored conversations (`ordering.conversation.use_cases`)
│   ├── SessionNotFound           no conversation with that id (or not the caller's)
│   └── ConcurrentTurn            another turn of the conversation was saved first
├── SpeechError                   hearing audio (`ordering.speech.errors`, drawn there)
└── ApiError                      raised by the HTTP edge itself (`ordering.api.errors`)
"""

from __future__ import annotations

from ordering.checkout.status import OrderStatus


class OrderingError(Exception):
    """Base of every error this package raises on purpose."""


class DatabaseUnavailable(OrderingError):
    pass


class InvalidInput(OrderingError):
    pass


# -- the order -------------------------------------------------------------------------------


class OrderError(OrderingError):
    """Base of the order aggregate's errors."""


class OrderNotFound(OrderError):
    def __init__(self, order_id: str) -> None:
        self.order_id = order_id
        super().__init__(f"there is no order '{order_id}'")


class InvalidTransition(OrderError):
    def __init__(self, current: OrderStatus, target: OrderStatus, reason: str = "") -> None:
        self.current = current
        self.target = target
        message = f"an order that is {current.value} cannot become {target.value}"
        super().__init__(f"{message}: {reason}" if reason else message)


class OrderAlreadyPaid(InvalidTransition):
    def __init__(self, order_id: str) -> None:
        self.order_id = order_id
        super().__init__(
            OrderStatus.PAID, OrderStatus.PAID, f"order '{order_id}' has already been paid"
        )


class RefundRequired(InvalidTransition):
    def __init__(self) -> None:
        super().__init__(
            OrderStatus.PAID, OrderStatus.CANCELLED, "its payment must be refunded first"
        )


class OrderNotEditable(OrderError):
    def __init__(self, status: OrderStatus) -> None:
        self.status = status
        super().__init__(f"the lines of an order that is {status.value} cannot change")


class LineNotFound(OrderError):
    pass


class IncompleteOrder(OrderError):
    pass


class ProductUnavailable(OrderError):
    pass


class PaymentMismatch(OrderError):
    pass


class ConcurrentOrderUpdate(OrderError):
    def __init__(self, order_id: str) -> None:
        self.order_id = order_id
        super().__init__(f"order '{order_id}' was changed by someone else; read it again")


# -- payments --------------------------------------------------------------------------------


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


# -- conversations ---------------------------------------------------------------------------


class ConversationError(OrderingError):
    """Base of the stored conversations' errors."""


class SessionNotFound(ConversationError):
    def __init__(self, session_id: str) -> None:
        super().__init__(f"no conversation '{session_id}'")


class ConcurrentTurn(ConversationError):
    def __init__(self, session_id: str) -> None:
        super().__init__(f"conversation '{session_id}' took another turn at the same time")
