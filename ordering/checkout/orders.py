"""The order aggregate and its state machine (pure: no database, no payment gateway).

    open ──submit──▶ awaiting_confirmation ──▶ paid ──(refunded)──▶ cancelled
     ▲  ◀──reopen──        │    ▲                ▲
     │                     ▼    │ (retry)        │ (late or retried success)
     └──────reopen──── payment_failed ───────────┘
    open, awaiting_confirmation and payment_failed can be cancelled; a paid order only once its
    payment has been refunded (the cancelling use case refunds first).

Lines change only while the order is `open`. Pricing follows `menu.pricing`; its errors
(`UnknownProduct`, `OptionNotAllowed`, `LimitExceeded`, ...) come from `menu.errors`.

Its errors are `OrderError` and below, in `ordering.errors`.
"""

from __future__ import annotations

import dataclasses
import random
import secrets
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from menu.model import Menu
from menu.pricing import (
    DEFAULT_LIMITS,
    Limits,
    Line,
    MissingChoice,
    check_limits,
    missing_choices,
    resolve_line,
    unit_price,
)
from ordering.checkout.status import (
    PAYMENT_FAILED,
    PAYMENT_REFUNDED,
    PAYMENT_SUCCEEDED,
    TRANSITIONS,
    OrderStatus,
)
from ordering.errors import (
    IncompleteOrder,
    InvalidTransition,
    LineNotFound,
    OrderAlreadyPaid,
    OrderNotEditable,
    PaymentMismatch,
    ProductUnavailable,
    RefundRequired,
)


def new_order_id() -> str:
    """A fresh random order id."""
    return uuid.uuid4().hex


def new_pickup_code(rng: random.Random | None = None) -> str:
    """Four digits; deterministic with a seeded `rng`, from `secrets` otherwise."""
    number = rng.randrange(10_000) if rng is not None else secrets.randbelow(10_000)
    return f"{number:04d}"


@dataclass(frozen=True, slots=True)
class StoreRef:
    """The store the order is picked up from, as the customer was told about it."""

    id: str
    name: str
    distance_m: int | None = None


@dataclass(frozen=True, slots=True)
class PaymentSummary:
    """What the order knows of its payment: never a card number, at most brand and last four."""

    method: str
    status: str
    amount: int
    intent_id: str | None = None
    card_brand: str | None = None
    card_last4: str | None = None


@dataclass(frozen=True, slots=True)
class OrderLine:
    """A resolved line (defaults applied) and its unit price; None while a choice is missing.

    Three lines, three moments: `understanding.ParsedLine` is what was heard (ids may be
    missing), `menu.pricing.Line` what is asked of the menu, `OrderLine` what the order holds.
    """

    line: Line
    unit_price: int | None

    @property
    def quantity(self) -> int:
        return self.line.quantity

    @property
    def product(self) -> str:
        return self.line.product

    @property
    def line_total(self) -> int | None:
        return None if self.unit_price is None else self.unit_price * self.line.quantity

    def same_as(self, line: Line) -> bool:
        """True when `line` (resolved) orders the very same thing, whatever the quantity."""
        mine = self.line
        return (
            mine.product == line.product
            and tuple(sorted(mine.options)) == tuple(sorted(line.options))
            and dict(mine.choices) == dict(line.choices)
        )

    def to_dict(self) -> dict[str, Any]:
        line = self.line
        return {
            "id": line.product,
            "quantity": line.quantity,
            "options": sorted(line.options),
            "choices": {
                slot: {"id": component.item, "options": sorted(component.options)}
                for slot, component in sorted(line.choices.items())
            },
            "unit_price": self.unit_price,
            "line_total": self.line_total,
        }


def _priced(menu: Menu, line: Line) -> OrderLine:
    resolved = resolve_line(menu, line)
    if missing_choices(menu, resolved):
        return OrderLine(resolved, None)
    return OrderLine(resolved, unit_price(menu, resolved))


def _served_from(menu: Menu, product_id: str, at: datetime) -> None:
    if menu.is_available(product_id, at):
        return
    start = menu.next_start(product_id, at)
    name = menu.product(product_id).name.en
    when = f": served from {start:%H:%M}" if start is not None else ""
    raise ProductUnavailable(f"{name} is not served now{when}")


@dataclass(frozen=True, slots=True)
class Order:
    """An order: lines while open, then confirmation, payment, pickup code; `version` counts
    saves (optimistic concurrency in the repository)."""

    id: str
    currency: str
    status: OrderStatus = OrderStatus.OPEN
    lines: tuple[OrderLine, ...] = ()
    store: StoreRef | None = None
    pickup_code: str | None = None
    payment: PaymentSummary | None = None
    limits: Limits = field(default=DEFAULT_LIMITS, compare=False)
    version: int = 0

    @classmethod
    def start(
        cls, menu: Menu, *, order_id: str | None = None, store: StoreRef | None = None
    ) -> Order:
        """An empty open order in the menu's currency."""
        return cls(id=order_id or new_order_id(), currency=menu.currency, store=store)

    # -- reading ---------------------------------------------------------------------------

    @property
    def total(self) -> int:
        """Sum of the priced line totals (lines still missing a choice count nothing yet)."""
        return sum(line.line_total or 0 for line in self.lines)

    @property
    def is_complete(self) -> bool:
        return bool(self.lines) and all(line.unit_price is not None for line in self.lines)

    def missing(self, menu: Menu) -> tuple[tuple[int, MissingChoice], ...]:
        """What must still be asked, as (line index, missing choice), in asking order."""
        return tuple(
            (index, choice)
            for index, line in enumerate(self.lines)
            for choice in missing_choices(menu, line.line)
        )

    def find(self, product_id: str) -> tuple[int, ...]:
        """Indexes of the lines ordering `product_id`."""
        return tuple(n for n, line in enumerate(self.lines) if line.product == product_id)

    def can_become(self, target: OrderStatus) -> bool:
        return target in TRANSITIONS[self.status]

    def to_dict(self) -> dict[str, Any]:
        """The order as `order/1` JSON."""
        payment = self.payment
        return {
            "id": self.id,
            "status": self.status.value,
            "currency": self.currency,
            "total": self.total,
            "lines": [line.to_dict() for line in self.lines],
            "store": None
            if self.store is None
            else {
                "id": self.store.id,
                "name": self.store.name,
                "distance_m": self.store.distance_m,
            },
            "pickup_code": self.pickup_code,
            "payment": None
            if payment is None
            else {"method": payment.method, "status": payment.status, "amount": payment.amount},
        }

    # -- lines (only while open) -------------------------------------------------------------

    def add_line(self, menu: Menu, line: Line, *, at: datetime | None = None) -> Order:
        """Add a line; an identical line (same product, options, choices) gets the quantities
        added instead. With `at`, products outside their dayparts are refused."""
        self._editable()
        if at is not None:
            _served_from(menu, line.product, at)
        new = _priced(menu, line)
        return self._with_lines(self._merged(list(self.lines), new))

    def set_quantity(self, index: int, quantity: int) -> Order:
        """Change the quantity of one line (1 to the limit)."""
        self._editable()
        current = self._line(index)
        lines = list(self.lines)
        lines[index] = dataclasses.replace(
            current, line=dataclasses.replace(current.line, quantity=quantity)
        )
        return self._with_lines(lines)

    def remove(self, index: int) -> Order:
        """Drop one line."""
        self._editable()
        self._line(index)
        return self._with_lines([line for n, line in enumerate(self.lines) if n != index])

    def replace(self, menu: Menu, index: int, line: Line, *, at: datetime | None = None) -> Order:
        """Put `line` in place of the line at `index` (merging if it equals another line)."""
        self._editable()
        self._line(index)
        if at is not None:
            _served_from(menu, line.product, at)
        new = _priced(menu, line)
        lines = list(self.lines)
        for n, other in enumerate(lines):
            if n != index and other.same_as(new.line):
                del lines[index]
                return self._with_lines(self._merged(lines, new))
        lines[index] = new
        return self._with_lines(lines)

    def set_store(self, store: StoreRef | None) -> Order:
        self._editable()
        return dataclasses.replace(self, store=store)

    # -- transitions ---------------------------------------------------------------------------

    def submit_for_confirmation(self) -> Order:
        """Ask the customer to confirm: every line complete, at least one line."""
        self._check(OrderStatus.AWAITING_CONFIRMATION)
        if not self.lines:
            raise IncompleteOrder("there is nothing in the order yet")
        incomplete = [line.product for line in self.lines if line.unit_price is None]
        if incomplete:
            raise IncompleteOrder(f"a choice is still needed for {', '.join(incomplete)}")
        return dataclasses.replace(self, status=OrderStatus.AWAITING_CONFIRMATION)

    def reopen(self) -> Order:
        """Back to editing (the customer wants a change before paying)."""
        self._check(OrderStatus.OPEN)
        return dataclasses.replace(self, status=OrderStatus.OPEN)

    def ensure_payable(self) -> None:
        """Refuse, as the transition to `paid` would, when the order cannot take a payment now."""
        if self.status is OrderStatus.PAID:
            raise OrderAlreadyPaid(self.id)
        self._check(OrderStatus.PAID)

    def mark_paid(self, payment: PaymentSummary, *, pickup_code: str) -> Order:
        """Record a succeeded payment of exactly the total, and the pickup code."""
        self.ensure_payable()
        if payment.status != PAYMENT_SUCCEEDED:
            raise PaymentMismatch(f"a payment that {payment.status} does not pay the order")
        if payment.amount != self.total:
            raise PaymentMismatch(
                f"a payment of {payment.amount} does not match the order total {self.total}"
            )
        return dataclasses.replace(
            self, status=OrderStatus.PAID, payment=payment, pickup_code=pickup_code
        )

    def mark_payment_failed(self, payment: PaymentSummary) -> Order:
        """Record a failed payment attempt."""
        self._check(OrderStatus.PAYMENT_FAILED)
        if payment.status != PAYMENT_FAILED:
            raise PaymentMismatch(f"a payment that {payment.status} is not a failed payment")
        return dataclasses.replace(self, status=OrderStatus.PAYMENT_FAILED, payment=payment)

    def mark_refunded(self) -> Order:
        """Record that the payment of a paid order has been refunded (it can now be cancelled)."""
        if self.status is not OrderStatus.PAID or self.payment is None:
            raise PaymentMismatch(f"an order that is {self.status.value} has nothing to refund")
        return dataclasses.replace(
            self, payment=dataclasses.replace(self.payment, status=PAYMENT_REFUNDED)
        )

    def cancel(self) -> Order:
        """Cancel an unpaid order, or a paid one whose payment has been refunded."""
        self._check(OrderStatus.CANCELLED)
        if self.status is OrderStatus.PAID and (
            self.payment is None or self.payment.status != PAYMENT_REFUNDED
        ):
            raise RefundRequired()
        return dataclasses.replace(self, status=OrderStatus.CANCELLED)

    # -- helpers ---------------------------------------------------------------------------------

    def _check(self, target: OrderStatus) -> None:
        if target not in TRANSITIONS[self.status]:
            raise InvalidTransition(self.status, target)

    def _editable(self) -> None:
        if self.status is not OrderStatus.OPEN:
            raise OrderNotEditable(self.status)

    def _line(self, index: int) -> OrderLine:
        if not 0 <= index < len(self.lines):
            raise LineNotFound(f"the order has no line {index + 1}")
        return self.lines[index]

    def _merged(self, lines: list[OrderLine], new: OrderLine) -> list[OrderLine]:
        for n, line in enumerate(lines):
            if line.same_as(new.line):
                quantity = line.quantity + new.quantity
                lines[n] = dataclasses.replace(
                    line, line=dataclasses.replace(line.line, quantity=quantity)
                )
                return lines
        return [*lines, new]

    def _with_lines(self, lines: list[OrderLine]) -> Order:
        check_limits([line.line for line in lines], self.limits)
        return dataclasses.replace(self, lines=tuple(lines))
