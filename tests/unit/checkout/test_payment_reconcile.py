"""A gateway process that dies while the bank decides: the intent is settled from the bank's
ledger once stale, and a charge that had not been booked can never land afterwards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from menu.model import Menu
from menu.pricing import Line
from ordering.checkout.orders import Order
from ordering.checkout.payment import (
    FakeBank,
    InMemoryPaymentGateway,
    IntentStatus,
    Method,
    PaymentIntent,
    PaymentRequest,
)
from ordering.checkout.status import OrderStatus
from ordering.checkout.use_cases import confirm_and_pay, get_order, save_order
from ordering.errors import OrderAlreadyPaid, PaymentOutcomeUnknown
from ordering.persistence.unit_of_work import InMemoryUnitOfWork


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 3, 18, 0, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def interrupted(gateway: InMemoryPaymentGateway, *, bank_booked: bool) -> PaymentIntent:
    """What a dead process leaves: an intent claimed for the bank and never finished."""
    request = PaymentRequest("order-1", 1500, "CNY", Method.VOICE)
    intent = gateway.store.insert(
        PaymentIntent(
            "pi_1", "order-1", 1500, "CNY", Method.VOICE, IntentStatus.REQUIRES_CONFIRMATION,
            "key-1", request.fingerprint(),
        )
    )  # fmt: skip
    assert gateway.store.claim(intent.id, intent.order_id)
    if bank_booked:
        gateway.bank.charge(amount=1500, currency="CNY", card=None, reference=intent.id)
    return intent


def test_a_charge_the_bank_booked_is_settled_as_succeeded_once_stale() -> None:
    clock = Clock()
    gateway = InMemoryPaymentGateway(FakeBank(), stale_after=60, clock=clock)
    intent = interrupted(gateway, bank_booked=True)
    assert gateway.reconcile(intent.id).status is IntentStatus.PROCESSING  # maybe still in flight
    clock.now += timedelta(seconds=61)
    assert gateway.reconcile(intent.id).status is IntentStatus.SUCCEEDED


def test_a_charge_the_bank_never_booked_is_voided_and_can_never_land() -> None:
    clock = Clock()
    gateway = InMemoryPaymentGateway(FakeBank(), stale_after=60, clock=clock)
    intent = interrupted(gateway, bank_booked=False)
    clock.now += timedelta(seconds=61)
    settled = gateway.reconcile(intent.id)
    assert settled.status is IntentStatus.FAILED and settled.failure_code == "not_charged"
    late = gateway.bank.charge(amount=1500, currency="CNY", card=None, reference=intent.id)
    assert not late.approved  # the late answer is the void, not a charge
    retry = gateway.pay(PaymentRequest("order-1", 1500, "CNY", Method.VOICE), idempotency_key="k2")
    assert retry.status is IntentStatus.SUCCEEDED  # the order's charge slot was freed
    statuses = [i.status for i in gateway.find_by_order("order-1")]
    assert statuses.count(IntentStatus.SUCCEEDED) == 1


def waiting_order(uow: InMemoryUnitOfWork, menu: Menu) -> Order:
    order = Order.start(menu, order_id="order-1").add_line(menu, Line("latte", 2, ("size-large",)))
    return save_order(uow=uow, order=order.submit_for_confirmation())


def died_in_the_bank_call(
    gateway: InMemoryPaymentGateway, order: Order, key: str, *, bank_booked: bool
) -> None:
    """What a worker killed inside the bank call leaves: its intent claimed, never finished."""
    request = PaymentRequest(order.id, order.total, order.currency, Method.VOICE)
    intent = gateway.store.insert(
        PaymentIntent(
            "pi_dead", order.id, order.total, order.currency, Method.VOICE,
            IntentStatus.REQUIRES_CONFIRMATION, key, request.fingerprint(),
        )
    )  # fmt: skip
    assert gateway.store.claim(intent.id, order.id)
    if bank_booked:
        gateway.bank.charge(amount=order.total, currency="CNY", card=None, reference=intent.id)


@pytest.mark.parametrize("same_key", [True, False], ids=["same-key", "new-key"])
@pytest.mark.parametrize("bank_booked", [True, False], ids=["charged", "never-charged"])
def test_paying_again_after_the_stale_window_answers_the_true_outcome(
    reference_menu: Menu, same_key: bool, bank_booked: bool
) -> None:
    """Once, every retry of the pay route answered 'outcome unknown' forever: only a
    conversation turn ran the clean-up that settles a payment its worker left in flight."""
    clock = Clock()
    gateway = InMemoryPaymentGateway(FakeBank(), stale_after=60, clock=clock)
    uow = InMemoryUnitOfWork()
    order = waiting_order(uow, reference_menu)
    died_in_the_bank_call(gateway, order, "key-1", bank_booked=bank_booked)
    key = "key-1" if same_key else "key-2"

    def pay() -> Order:
        return confirm_and_pay(
            uow=uow, gateway=gateway, order_id=order.id, method="voice", idempotency_key=key
        )

    with pytest.raises(PaymentOutcomeUnknown):  # the dead worker's charge may still land
        pay()
    clock.now += timedelta(seconds=61)
    if bank_booked and not same_key:
        with pytest.raises(OrderAlreadyPaid):  # paid by the first attempt, not charged again
            pay()
        settled = get_order(uow=uow, order_id=order.id)
    else:
        settled = pay()
    charges = [i for i in gateway.find_by_order(order.id) if i.status is IntentStatus.SUCCEEDED]
    if bank_booked:
        assert settled.status is OrderStatus.PAID and [i.id for i in charges] == ["pi_dead"]
    elif same_key:  # the charge was voided: that attempt failed, and says so
        assert settled.status is OrderStatus.PAYMENT_FAILED and not charges
        assert settled.payment is not None and settled.payment.intent_id == "pi_dead"
    else:  # the void freed the order for the new attempt
        assert settled.status is OrderStatus.PAID and len(charges) == 1
        assert charges[0].id != "pi_dead"
