"""SQLAlchemy tables for orders and for the payment gateway's intents.

The payment tables belong to the gateway, a component of its own: no foreign key ties an intent
to an order. Two unique constraints make duplicate charges impossible whatever the concurrency:
`idempotency_key` (one stored result per key) and `charge_order_id` (set while an intent of the
order is being charged or has been charged, so at most one charge per order).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from timestamps import UtcDateTime

ID = String(64)


class OrderingBase(DeclarativeBase):
    pass


class OrderRow(OrderingBase):
    __tablename__ = "orders"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    status: Mapped[str] = mapped_column(String(32), index=True)
    currency: Mapped[str] = mapped_column(String(3))
    total: Mapped[int] = mapped_column(Integer)
    store_id: Mapped[str | None] = mapped_column(String(120))
    store_name: Mapped[str | None] = mapped_column(String(300))
    store_distance_m: Mapped[int | None] = mapped_column(Integer)
    pickup_code: Mapped[str | None] = mapped_column(String(8))
    payment_method: Mapped[str | None] = mapped_column(String(16))
    payment_status: Mapped[str | None] = mapped_column(String(32))
    payment_amount: Mapped[int | None] = mapped_column(Integer)
    payment_intent_id: Mapped[str | None] = mapped_column(ID)
    payment_card_brand: Mapped[str | None] = mapped_column(String(32))
    payment_card_last4: Mapped[str | None] = mapped_column(String(4))
    # The lines, in order: [{"id", "quantity", "options", "choices": {slot: {"id", "options"}},
    # "unit_price"}]. They are only ever read and written with their order, so a turn reads and
    # saves an order in one statement each.
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON, server_default="[]")
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class PaymentIntentRow(OrderingBase):
    __tablename__ = "payment_intents"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    order_id: Mapped[str] = mapped_column(ID, index=True)
    amount: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    method: Mapped[str] = mapped_column(String(16))
    card_brand: Mapped[str | None] = mapped_column(String(32))
    card_last4: Mapped[str | None] = mapped_column(String(4))
    status: Mapped[str] = mapped_column(String(32))
    failure_code: Mapped[str | None] = mapped_column(String(64))
    failure_message: Mapped[str | None] = mapped_column(String(300))
    idempotency_key: Mapped[str] = mapped_column(String(255), unique=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    charge_order_id: Mapped[str | None] = mapped_column(ID, unique=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class BankLedgerRow(OrderingBase):
    """The fake bank's own book: one decision per charge reference (the intent id), so a
    gateway that lost its answer can ask what happened, and a voided charge never lands."""

    __tablename__ = "bank_ledger"

    reference: Mapped[str] = mapped_column(ID, primary_key=True)
    approved: Mapped[bool] = mapped_column(Boolean)
    code: Mapped[str | None] = mapped_column(String(64))
    message: Mapped[str | None] = mapped_column(String(300))
    booked_at: Mapped[datetime] = mapped_column(UtcDateTime())


ORDERING_TABLES = (OrderRow, PaymentIntentRow, BankLedgerRow)


class DialogSessionRow(OrderingBase):
    """A conversation: its order and what the dialog remembers between turns, so any process
    can take the next turn. `version` guards against two turns saved at once."""

    __tablename__ = "dialog_sessions"

    id: Mapped[str] = mapped_column(ID, primary_key=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    near_lat: Mapped[float] = mapped_column(Float)
    near_lon: Mapped[float] = mapped_column(Float)
    question: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    last_line: Mapped[int | None] = mapped_column(Integer)
    payment_method: Mapped[str] = mapped_column(String(16))
    last_reply: Mapped[str] = mapped_column(Text)
    menu_checksum: Mapped[str] = mapped_column(String(64))
    # SHA-256 (hex) of the bearer token an API client continues the conversation with; None
    # for conversations that are not reachable over HTTP (the `chat` command's).
    token_hash: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    version: Mapped[int] = mapped_column(Integer)
