"""Store and load orders. The caller's unit of work owns the transaction.

Saves are optimistic: `update` changes a row only if its `version` is still the one that was
read, so two concurrent writers cannot both win (`ConcurrentOrderUpdate` for the loser).
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import Row, bindparam, insert, select, update
from sqlalchemy.orm import Session

from menu.pricing import Component, Line
from ordering.checkout.orders import Order, OrderLine, PaymentSummary, StoreRef
from ordering.checkout.status import OrderStatus
from ordering.errors import ConcurrentOrderUpdate, OrderNotFound
from ordering.persistence.orm import OrderingBase


class OrderRepository(Protocol):
    def add(self, order: Order) -> Order:
        """Store a new order; returns it as stored (version 1)."""
        ...

    def get(self, order_id: str) -> Order:
        """The stored order; `OrderNotFound` when there is none."""
        ...

    def update(self, order: Order) -> Order:
        """Store a changed order read at `order.version`; `ConcurrentOrderUpdate` if another
        save came first. Returns it with the new version."""
        ...


def _utc_now() -> datetime:
    return datetime.now(UTC)


ORDERS = OrderingBase.metadata.tables["orders"]
# The columns an `Order` is made of, labelled `orders_<name>` so that a turn can select them
# next to its conversation's (the total is the lines' sum; the times are for people).
ORDER_COLUMNS = tuple(
    column.label(f"orders_{column.name}")
    for column in ORDERS.c
    if column.name not in ("total", "created_at", "updated_at")
)

# Core statements built once: SQLAlchemy compiles each once per process, psycopg prepares them
# on each connection, and none of the ORM's per-object bookkeeping runs for an order.
_SELECT = select(*ORDER_COLUMNS).where(ORDERS.c.id == bindparam("order_id"))
_INSERT = insert(ORDERS)
# The SET clause is the parameters' columns; the row must still be at the version read.
_UPDATE = update(ORDERS).where(
    ORDERS.c.id == bindparam("read_id"), ORDERS.c.version == bindparam("read_version")
)


class SqlOrderRepository:
    def __init__(self, session: Session, *, clock: Callable[[], datetime] = _utc_now) -> None:
        self._session = session
        self._clock = clock

    def add(self, order: Order) -> Order:
        stored = dataclasses.replace(order, version=1)
        now = self._clock()
        self._session.connection().execute(
            _INSERT, {"id": order.id, "created_at": now, **order_columns(stored, now)}
        )
        return stored

    def get(self, order_id: str) -> Order:
        row = self._session.connection().execute(_SELECT, {"order_id": order_id}).first()
        if row is None:
            raise OrderNotFound(order_id)
        return order_from_row(row)

    def update(self, order: Order) -> Order:
        stored = dataclasses.replace(order, version=order.version + 1)
        parameters = {
            "read_id": order.id,
            "read_version": order.version,
            **order_columns(stored, self._clock()),
        }
        result = self._session.connection().execute(_UPDATE, parameters)
        if result.rowcount != 1:
            raise ConcurrentOrderUpdate(order.id)
        return stored


def order_columns(order: Order, now: datetime) -> dict[str, Any]:
    """The columns of the orders table an order sets when it is saved."""
    store, payment = order.store, order.payment
    return {
        "status": order.status.value,
        "currency": order.currency,
        "total": order.total,
        "store_id": store.id if store else None,
        "store_name": store.name if store else None,
        "store_distance_m": store.distance_m if store else None,
        "pickup_code": order.pickup_code,
        "payment_method": payment.method if payment else None,
        "payment_status": payment.status if payment else None,
        "payment_amount": payment.amount if payment else None,
        "payment_intent_id": payment.intent_id if payment else None,
        "payment_card_brand": payment.card_brand if payment else None,
        "payment_card_last4": payment.card_last4 if payment else None,
        "lines": [_line_document(line) for line in order.lines],
        "version": order.version,
        "updated_at": now,
    }


def _line_document(line: OrderLine) -> dict[str, Any]:
    asked = line.line
    return {
        "id": asked.product,
        "quantity": asked.quantity,
        "options": list(asked.options),
        "choices": {
            slot: {"id": c.item, "options": list(c.options)} for slot, c in asked.choices.items()
        },
        "unit_price": line.unit_price,
    }


def _line(document: dict[str, Any]) -> OrderLine:
    choices = {
        slot: Component(str(value["id"]), tuple(value["options"]))
        for slot, value in document["choices"].items()
    }
    line = Line(document["id"], document["quantity"], tuple(document["options"]), choices)
    return OrderLine(line, document["unit_price"])


def order_from_row(row: Row[Any]) -> Order:
    """The order in a row selected with `ORDER_COLUMNS`."""
    store = None
    if row.orders_store_id is not None:
        store = StoreRef(
            row.orders_store_id, row.orders_store_name or "", row.orders_store_distance_m
        )
    payment = None
    if row.orders_payment_method is not None:
        payment = PaymentSummary(
            method=row.orders_payment_method,
            status=row.orders_payment_status or "",
            amount=row.orders_payment_amount or 0,
            intent_id=row.orders_payment_intent_id,
            card_brand=row.orders_payment_card_brand,
            card_last4=row.orders_payment_card_last4,
        )
    return Order(
        id=row.orders_id,
        currency=row.orders_currency,
        status=OrderStatus(row.orders_status),
        lines=tuple(_line(document) for document in row.orders_lines),
        store=store,
        pickup_code=row.orders_pickup_code,
        payment=payment,
        version=row.orders_version,
    )


class InMemoryOrderRepository:
    """The same contract over a dict shared by every unit of work that is handed it."""

    def __init__(self) -> None:
        self.orders: dict[str, Order] = {}
        self._lock = threading.Lock()

    def add(self, order: Order) -> Order:
        with self._lock:
            if order.id in self.orders:
                raise ConcurrentOrderUpdate(order.id)
            stored = dataclasses.replace(order, version=1)
            self.orders[order.id] = stored
            return stored

    def get(self, order_id: str) -> Order:
        with self._lock:
            try:
                return self.orders[order_id]
            except KeyError:
                raise OrderNotFound(order_id) from None

    def update(self, order: Order) -> Order:
        with self._lock:
            current = self.orders.get(order.id)
            if current is None or current.version != order.version:
                raise ConcurrentOrderUpdate(order.id)
            stored = dataclasses.replace(order, version=order.version + 1)
            self.orders[order.id] = stored
            return stored
