"""Payments: a Stripe-like gateway of payment intents in front of a fake bank.

    gateway ──▶ stores ──▶ model ──▶ cards
       │          │          ▲
       └──▶ bank ─┴──────────┘

The names the rest of the application uses are gathered here; each lives in one module. The
errors are `PaymentError` and below, in `ordering.errors`.
"""

from ordering.checkout.payment.bank import BankDecision, FakeBank, SqlBankLedger
from ordering.checkout.payment.cards import CardNumber, card_brand, luhn_valid
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
    "FakeBank",
    "InMemoryPaymentGateway",
    "IntentStatus",
    "Method",
    "PaymentGateway",
    "PaymentIntent",
    "PaymentRequest",
    "SqlBankLedger",
    "SqlPaymentGateway",
    "card_brand",
    "luhn_valid",
]
