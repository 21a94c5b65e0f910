"""A gateway process that dies while the bank decides: the intent is settled from the bank's
ledger once stale, and a charge that had not been booked can never land afterwards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ordering.payment import (
    FakeBank,
    InMemoryPaymentGateway,
    IntentStatus,
    Method,
    PaymentIntent,
    PaymentRequest,
)


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
