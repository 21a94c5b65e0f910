"""Payments: a Stripe-like gateway of payment intents in front of a fake bank.

    gateway ──▶ stores ──▶ model ──▶ cards
       │          │          ▲
       └──▶ bank ─┴──────────┘        errors: every module's

The names the rest of the application uses are gathered here; each lives in one module.
"""

from ordering.checkout.payment.bank import BankDecision, FakeBank, SqlBankLedger
from ordering.checkout.payment.cards import CardNumber, card_brand, luhn_valid
from ordering.checkout.payment.errors import (
    DuplicateCharge,
    IdempotencyConflict,
    IntentNotFound,
    InvalidCard,
    InvalidPaymentRequest,
    NotRefundable,
    PaymentError,
    PaymentOutcomeUnknown,
)
from ordering.checkout.payment.gateway import (
    InMemoryPaymentGateway,
    PaymentGateway,
    SqlPaymentGateway,
)
from ordering.checkout.payment.model import (
    ALREADY_CHARGED,
    IntentStatus,
    Method,
    PaymentIntent,
    PaymentRequest,
)

__all__ = [
    "ALREADY_CHARGED",
    "BankDecision",
    "CardNumber",
    "DuplicateCharge",
    "FakeBank",
    "IdempotencyConflict",
    "InMemoryPaymentGateway",
    "IntentNotFound",
    "IntentStatus",
    "InvalidCard",
    "InvalidPaymentRequest",
    "Method",
    "NotRefundable",
    "PaymentError",
    "PaymentGateway",
    "PaymentIntent",
    "PaymentOutcomeUnknown",
    "PaymentRequest",
    "SqlBankLedger",
    "SqlPaymentGateway",
    "card_brand",
    "luhn_valid",
]
