"""Checkout use cases over in-memory orders and the in-memory gateway."""

from __future__ import annotations

import pytest

from menu.model import Menu
from menu.pricing import Line
from ordering.checkout.orders import Order
from ordering.checkout.payment import (
    FakeBank,
    InMemoryPaymentGateway,
    IntentStatus,
    Method,
    PaymentRequest,
)
from ordering.checkout.status import OrderStatus
from ordering.checkout.use_cases import (
    cancel_order,
    confirm_and_pay,
    get_order,
    resolve_payment,
    save_order,
)
from ordering.errors import (
    ConcurrentOrderUpdate,
    IdempotencyConflict,
    InvalidCard,
    InvalidTransition,
    OrderAlreadyPaid,
    OrderNotFound,
    PaymentOutcomeUnknown,
)
from ordering.persistence.unit_of_work import InMemoryUnitOfWork

S = OrderStatus


@pytest.fixture
def uow() -> InMemoryUnitOfWork:
    return InMemoryUnitOfWork()


@pytest.fixture
def gateway() -> InMemoryPaymentGateway:
    return InMemoryPaymentGateway()


def waiting_order(uow: InMemoryUnitOfWork, menu: Menu, order_id: str = "o-1") -> Order:
    order = Order.start(menu, order_id=order_id)
    order = order.add_line(menu, Line("latte", 2, ("size-large",)))
    order = order.add_line(menu, Line("egg-tart"))
    return save_order(uow=uow, order=order.submit_for_confirmation())


def code() -> str:
    return "0042"


def test_save_and_get(uow: InMemoryUnitOfWork, reference_menu: Menu) -> None:
    saved = waiting_order(uow, reference_menu)
    assert saved.version == 1
    assert get_order(uow=uow, order_id="o-1") == saved
    with pytest.raises(ConcurrentOrderUpdate):
        save_order(uow=uow, order=Order.start(reference_menu, order_id="o-1"))
    with pytest.raises(OrderNotFound, match="'nope'"):
        get_order(uow=uow, order_id="nope")


def test_a_stale_save_is_refused(uow: InMemoryUnitOfWork, reference_menu: Menu) -> None:
    saved = waiting_order(uow, reference_menu)
    save_order(uow=uow, order=saved.reopen())
    with pytest.raises(ConcurrentOrderUpdate):
        save_order(uow=uow, order=saved.cancel())


def test_pay_by_voice(
    uow: InMemoryUnitOfWork, gateway: InMemoryPaymentGateway, reference_menu: Menu
) -> None:
    order = waiting_order(uow, reference_menu)
    paid = confirm_and_pay(
        uow=uow,
        gateway=gateway,
        order_id=order.id,
        method="voice",
        idempotency_key="k",
        pickup_code=code,
    )
    assert (paid.status, paid.pickup_code) == (S.PAID, "0042")
    assert paid.to_dict()["payment"] == {"method": "voice", "status": "succeeded", "amount": 4750}
    assert get_order(uow=uow, order_id=order.id) == paid


def test_a_declined_card_then_a_good_one(
    uow: InMemoryUnitOfWork, gateway: InMemoryPaymentGateway, reference_menu: Menu
) -> None:
    order = waiting_order(uow, reference_menu)
    failed = confirm_and_pay(
        uow=uow,
        gateway=gateway,
        order_id=order.id,
        method="card",
        card_number="4000 0000 0000 9995",
        idempotency_key="k1",
    )
    assert failed.status is S.PAYMENT_FAILED
    assert failed.payment is not None and failed.payment.card_last4 == "9995"
    paid = confirm_and_pay(
        uow=uow,
        gateway=gateway,
        order_id=order.id,
        method="card",
        card_number="4242424242424242",
        idempotency_key="k2",
    )
    assert paid.status is S.PAID
    assert paid.payment is not None and (paid.payment.card_brand, paid.payment.card_last4) == (
        "visa",
        "4242",
    )


def test_replaying_the_key_returns_the_paid_order(
    uow: InMemoryUnitOfWork, gateway: InMemoryPaymentGateway, reference_menu: Menu
) -> None:
    order = waiting_order(uow, reference_menu)

    def pay(key: str) -> Order:
        return confirm_and_pay(
            uow=uow, gateway=gateway, order_id=order.id, method="voice", idempotency_key=key
        )

    first = pay("k")
    assert pay("k") == first
    with pytest.raises(OrderAlreadyPaid):
        pay("other")
    assert len(gateway.find_by_order(order.id)) == 1


def test_an_order_not_awaiting_payment_is_refused(
    uow: InMemoryUnitOfWork, gateway: InMemoryPaymentGateway, reference_menu: Menu
) -> None:
    order = save_order(
        uow=uow,
        order=Order.start(reference_menu, order_id="o-2").add_line(reference_menu, Line("youtiao")),
    )
    with pytest.raises(InvalidTransition, match="open cannot become paid"):
        confirm_and_pay(
            uow=uow, gateway=gateway, order_id=order.id, method="voice", idempotency_key="k"
        )
    assert gateway.find_by_order(order.id) == ()


def test_bad_card_and_reused_key_charge_nothing(
    uow: InMemoryUnitOfWork, gateway: InMemoryPaymentGateway, reference_menu: Menu
) -> None:
    order = waiting_order(uow, reference_menu)
    with pytest.raises(InvalidCard):
        confirm_and_pay(
            uow=uow,
            gateway=gateway,
            order_id=order.id,
            method="card",
            card_number="4242 4242 4242 4241",
            idempotency_key="k",
        )
    other = waiting_order(uow, reference_menu, "o-2")
    confirm_and_pay(
        uow=uow, gateway=gateway, order_id=other.id, method="voice", idempotency_key="k"
    )
    with pytest.raises(IdempotencyConflict):
        confirm_and_pay(
            uow=uow, gateway=gateway, order_id=order.id, method="voice", idempotency_key="k"
        )
    assert get_order(uow=uow, order_id=order.id).status is S.AWAITING_CONFIRMATION


def test_outcome_unknown_is_resolved_without_a_second_charge(
    uow: InMemoryUnitOfWork, reference_menu: Menu
) -> None:
    gateway = InMemoryPaymentGateway(FakeBank(lost_response_rate=1.0))
    order = waiting_order(uow, reference_menu)
    with pytest.raises(PaymentOutcomeUnknown):
        confirm_and_pay(
            uow=uow, gateway=gateway, order_id=order.id, method="voice", idempotency_key="k"
        )
    assert get_order(uow=uow, order_id=order.id).status is S.AWAITING_CONFIRMATION
    resolved = resolve_payment(uow=uow, gateway=gateway, order_id=order.id, pickup_code=code)
    assert resolved.status is S.PAID
    assert [i.status for i in gateway.find_by_order(order.id)] == [IntentStatus.SUCCEEDED]


def test_resolve_records_a_lost_failure(uow: InMemoryUnitOfWork, reference_menu: Menu) -> None:
    gateway = InMemoryPaymentGateway(FakeBank(lost_response_rate=1.0, failure_rate=1.0))
    order = waiting_order(uow, reference_menu)
    with pytest.raises(PaymentOutcomeUnknown):
        confirm_and_pay(
            uow=uow, gateway=gateway, order_id=order.id, method="voice", idempotency_key="k"
        )
    resolved = resolve_payment(uow=uow, gateway=gateway, order_id=order.id)
    assert resolved.status is S.PAYMENT_FAILED


def test_cancel_an_unpaid_order(
    uow: InMemoryUnitOfWork, gateway: InMemoryPaymentGateway, reference_menu: Menu
) -> None:
    order = waiting_order(uow, reference_menu)
    cancelled = cancel_order(uow=uow, gateway=gateway, order_id=order.id)
    assert cancelled.status is S.CANCELLED and cancelled.payment is None
    with pytest.raises(InvalidTransition, match="cancelled cannot become cancelled"):
        cancel_order(uow=uow, gateway=gateway, order_id=order.id)


def test_cancelling_a_paid_order_refunds_it(
    uow: InMemoryUnitOfWork, gateway: InMemoryPaymentGateway, reference_menu: Menu
) -> None:
    order = waiting_order(uow, reference_menu)
    paid = confirm_and_pay(
        uow=uow, gateway=gateway, order_id=order.id, method="voice", idempotency_key="k"
    )
    cancelled = cancel_order(uow=uow, gateway=gateway, order_id=order.id)
    assert cancelled.status is S.CANCELLED
    assert cancelled.to_dict()["payment"] == {
        "method": "voice",
        "status": "refunded",
        "amount": 4750,
    }
    assert paid.payment is not None and paid.payment.intent_id is not None
    assert gateway.retrieve(paid.payment.intent_id).status is IntentStatus.REFUNDED


def test_a_charge_landing_on_a_cancelled_order_is_refunded(
    uow: InMemoryUnitOfWork, gateway: InMemoryPaymentGateway, reference_menu: Menu
) -> None:
    order = waiting_order(uow, reference_menu)
    # The charge lands after the order was read for payment and before its result is recorded.
    request = PaymentRequest(order.id, order.total, "CNY", Method.VOICE)
    intent = gateway.pay(request, idempotency_key="k")
    save_order(uow=uow, order=get_order(uow=uow, order_id=order.id).cancel())
    resolved = resolve_payment(uow=uow, gateway=gateway, order_id=order.id)
    assert resolved.status is S.CANCELLED
    assert gateway.retrieve(intent.id).status is IntentStatus.REFUNDED
