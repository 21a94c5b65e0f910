"""Store and load orders. The caller's unit of work owns the transaction.

Saves are optimistic: `update` changes a row only if its `version` is still the one that was
read, so two concurrent writers cannot both win (`ConcurrentOrderUpdate` for the loser).
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Protocol, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.orm import Session

from menu.pricing import Component, Line
from ordering.orders import (
    ConcurrentOrderUpdate,
    Order,
    OrderLine,
    OrderNotFound,
    OrderStatus,
    PaymentSummary,
    StoreRef,
)
from ordering.orm import OrderLineRow, OrderRow


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


class SqlOrderRepository:
    def __init__(self, session: Session, *, clock: Callable[[], datetime] = _utc_now) -> None:
        self._session = session
        self._clock = clock

    def add(self, order: Order) -> Order:
        stored = dataclasses.replace(order, version=1)
        now = self._clock()
        self._session.add(OrderRow(id=order.id, created_at=now, **_columns(stored, now)))
        self._session.flush()  # the order row must exist before its lines point at it
        self._add_lines(stored)
        self._session.flush()
        return stored

    def get(self, order_id: str) -> Order:
        row = self._session.get(OrderRow, order_id, populate_existing=True)
        if row is None:
            raise OrderNotFound(order_id)
        lines = self._session.scalars(
            select(OrderLineRow)
            .where(OrderLineRow.order_id == order_id)
            .order_by(OrderLineRow.position)
        )
        return _order(row, [_line(line) for line in lines])

    def update(self, order: Order) -> Order:
        stored = dataclasses.replace(order, version=order.version + 1)
        statement = (
            update(OrderRow)
            .where(OrderRow.id == order.id, OrderRow.version == order.version)
            .values(**_columns(stored, self._clock()))
            .execution_options(synchronize_session=False)
        )
        result = cast(CursorResult[tuple[()]], self._session.execute(statement))
        if result.rowcount != 1:
            raise ConcurrentOrderUpdate(order.id)
        self._session.execute(delete(OrderLineRow).where(OrderLineRow.order_id == order.id))
        self._add_lines(stored)
        self._session.flush()
        return stored

    def _add_lines(self, order: Order) -> None:
        self._session.add_all(
            OrderLineRow(
                order_id=order.id,
                position=n,
                product_id=line.product,
                quantity=line.quantity,
                options=list(line.line.options),
                choices={
                    slot: {"id": c.item, "options": list(c.options)}
                    for slot, c in line.line.choices.items()
                },
                unit_price=line.unit_price,
            )
            for n, line in enumerate(order.lines)
        )


def _columns(order: Order, now: datetime) -> dict[str, Any]:
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
        "version": order.version,
        "updated_at": now,
    }


def _line(row: OrderLineRow) -> OrderLine:
    choices = {
        slot: Component(str(value["id"]), tuple(value["options"]))
        for slot, value in row.choices.items()
    }
    line = Line(row.product_id, row.quantity, tuple(row.options), choices)
    return OrderLine(line, row.unit_price)


def _order(row: OrderRow, lines: list[OrderLine]) -> Order:
    store = None
    if row.store_id is not None:
        store = StoreRef(row.store_id, row.store_name or "", row.store_distance_m)
    payment = None
    if row.payment_method is not None:
        payment = PaymentSummary(
            method=row.payment_method,
            status=row.payment_status or "",
            amount=row.payment_amount or 0,
            intent_id=row.payment_intent_id,
            card_brand=row.payment_card_brand,
            card_last4=row.payment_card_last4,
        )
    return Order(
        id=row.id,
        currency=row.currency,
        status=OrderStatus(row.status),
        lines=tuple(lines),
        store=store,
        pickup_code=row.pickup_code,
        payment=payment,
        version=row.version,
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
