"""The payment gateway and checkout on the database (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from menu.model import Menu
from menu.pricing import Line
from ordering.checkout.orders import Order
from ordering.checkout.payment import (
    CardNumber,
    FakeBank,
    IntentStatus,
    Method,
    PaymentRequest,
    SqlPaymentGateway,
)
from ordering.checkout.status import OrderStatus
from ordering.checkout.use_cases import cancel_order, confirm_and_pay, resolve_payment, save_order
from ordering.errors import (
    DuplicateCharge,
    IdempotencyConflict,
    OrderAlreadyPaid,
    PaymentOutcomeUnknown,
)
from ordering.persistence.orm import PaymentIntentRow
from ordering.persistence.unit_of_work import SqlUnitOfWork

CARD = "4242 4242 4242 4242"


def request(number: str | None = CARD, *, order_id: str = "o-1") -> PaymentRequest:
    if number is None:
        return PaymentRequest(order_id, 2000, "CNY", Method.VOICE)
    return PaymentRequest(order_id, 2000, "CNY", Method.CARD, CardNumber.parse(number))


def succeeded(sessions: sessionmaker[Session], order_id: str) -> list[PaymentIntentRow]:
    with sessions() as session:
        return list(
            session.scalars(
                select(PaymentIntentRow).where(
                    PaymentIntentRow.order_id == order_id,
                    PaymentIntentRow.status == IntentStatus.SUCCEEDED.value,
                )
            )
        )


def test_pay_replay_and_conflict(sessions: sessionmaker[Session]) -> None:
    gateway = SqlPaymentGateway(sessions)
    first = gateway.pay(request(), idempotency_key="k")
    assert first.status is IntentStatus.SUCCEEDED
    assert gateway.pay(request(), idempotency_key="k") == first
    with pytest.raises(IdempotencyConflict):
        gateway.pay(request("5555 5555 5555 4444"), idempotency_key="k")
    assert gateway.retrieve(first.id) == first
    assert gateway.find_by_order("o-1") == (first,)


def test_the_database_allows_one_charge_per_order(sessions: sessionmaker[Session]) -> None:
    gateway = SqlPaymentGateway(sessions)
    first = gateway.pay(request(None), idempotency_key="k1")
    with pytest.raises(DuplicateCharge) as duplicate:
        gateway.pay(request(None), idempotency_key="k2")
    assert duplicate.value.intent_id == first.id
    assert len(succeeded(sessions, "o-1")) == 1
    now = datetime.now(UTC)
    with sessions() as session, pytest.raises(IntegrityError):
        session.add(
            PaymentIntentRow(
                id="pi_forged",
                order_id="o-1",
                amount=2000,
                currency="CNY",
                method="voice",
                status="succeeded",
                idempotency_key="k3",
                fingerprint="x",
                charge_order_id="o-1",
                created_at=now,
                updated_at=now,
            )
        )
        session.commit()


def test_a_declined_charge_frees_the_order(sessions: sessionmaker[Session]) -> None:
    gateway = SqlPaymentGateway(sessions)
    declined = gateway.pay(request("4000 0000 0000 0002"), idempotency_key="k1")
    assert (declined.status, declined.failure_code) == (IntentStatus.FAILED, "card_declined")
    assert gateway.pay(request(), idempotency_key="k2").status is IntentStatus.SUCCEEDED


def test_a_lost_response_is_checked_not_repeated(sessions: sessionmaker[Session]) -> None:
    gateway = SqlPaymentGateway(sessions, FakeBank(lost_response_rate=1.0))
    with pytest.raises(PaymentOutcomeUnknown) as unknown:
        gateway.pay(request(), idempotency_key="k")
    assert gateway.retrieve(unknown.value.intent_id).status is IntentStatus.SUCCEEDED
    assert gateway.pay(request(), idempotency_key="k").id == unknown.value.intent_id
    assert len(gateway.find_by_order("o-1")) == 1


def test_refund(sessions: sessionmaker[Session]) -> None:
    gateway = SqlPaymentGateway(sessions)
    paid = gateway.pay(request(), idempotency_key="k")
    assert gateway.refund(paid.id).status is IntentStatus.REFUNDED
    assert gateway.refund(paid.id).status is IntentStatus.REFUNDED


def test_no_card_number_reaches_the_database(
    sessions: sessionmaker[Session], engine: Engine
) -> None:
    gateway = SqlPaymentGateway(sessions)
    gateway.pay(request("4000 0000 0000 9995"), idempotency_key="k1")
    gateway.pay(request(), idempotency_key="k2")
    with engine.connect() as connection:
        rows = connection.execute(text("select * from payment_intents")).all()
    dump = repr(rows)
    assert "4242424242424242" not in dump and "4000000000009995" not in dump
    assert "9995" in dump and "4242" in dump


def test_checkout_pays_and_cancels_with_a_refund(
    sessions: sessionmaker[Session], reference_menu: Menu
) -> None:
    uow = SqlUnitOfWork(sessions)
    gateway = SqlPaymentGateway(sessions)
    order = Order.start(reference_menu, order_id="o-9").add_line(reference_menu, Line("youtiao", 3))
    order = save_order(uow=uow, order=order.submit_for_confirmation())
    failed = confirm_and_pay(
        uow=uow,
        gateway=gateway,
        order_id="o-9",
        method="card",
        card_number="4000 0000 0000 0002",
        idempotency_key="a",
    )
    assert failed.status is OrderStatus.PAYMENT_FAILED
    paid = confirm_and_pay(
        uow=uow, gateway=gateway, order_id="o-9", method="voice", idempotency_key="b"
    )
    assert paid.status is OrderStatus.PAID and paid.pickup_code is not None
    with pytest.raises(OrderAlreadyPaid):
        confirm_and_pay(
            uow=uow, gateway=gateway, order_id="o-9", method="voice", idempotency_key="c"
        )
    [charge] = succeeded(sessions, "o-9")
    assert charge.amount == order.total == 1050
    cancelled = cancel_order(uow=uow, gateway=gateway, order_id="o-9")
    assert cancelled.status is OrderStatus.CANCELLED
    assert cancelled.to_dict()["payment"]["status"] == "refunded"
    assert resolve_payment(uow=uow, gateway=gateway, order_id="o-9") == cancelled
    with sessions() as session:
        statuses = session.scalars(
            select(PaymentIntentRow.status).where(PaymentIntentRow.order_id == "o-9")
        )
        assert sorted(statuses) == ["failed", "refunded"]  # "c" never reached the bank
        count = session.scalar(select(func.count()).select_from(PaymentIntentRow))
        assert count == 2
