"""On PostgreSQL: 50 threads confirm and pay the same order at once; exactly one charge."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session, sessionmaker

from menu.model import Menu
from menu.pricing import Component, Line
from ordering.checkout.orders import Order
from ordering.checkout.payment import (
    FakeBank,
    IntentStatus,
    Method,
    PaymentRequest,
    SqlPaymentGateway,
)
from ordering.checkout.status import OrderStatus
from ordering.checkout.use_cases import confirm_and_pay, get_order, resolve_payment, save_order
from ordering.errors import DuplicateCharge, OrderAlreadyPaid, PaymentOutcomeUnknown
from ordering.persistence.db import upgrade
from ordering.persistence.orm import PaymentIntentRow
from ordering.persistence.unit_of_work import SqlUnitOfWork
from tests.conftest import _postgres_schema_url

THREADS = 50
pytestmark = pytest.mark.postgres


@pytest.fixture
def engine(postgres_admin_url: str) -> Iterator[Engine]:
    for url in _postgres_schema_url(postgres_admin_url):
        # One connection per thread, so the database, not the pool, decides who waits.
        engine = create_engine(url, pool_size=THREADS + 5, max_overflow=0)
        try:
            upgrade(engine)
            warm(engine)
            yield engine
        finally:
            engine.dispose()


def warm(engine: Engine) -> None:
    """Open every pooled connection up front, so that threads race on rows, not on connecting."""
    connections = [engine.connect() for _ in range(THREADS)]
    for connection in connections:
        connection.close()


@pytest.fixture
def sessions(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@pytest.fixture
def order(sessions: sessionmaker[Session], reference_menu: Menu) -> Order:
    order = Order.start(reference_menu, order_id="o-race")
    order = order.add_line(reference_menu, Line("latte", 2, ("size-large", "oat-milk")))
    order = order.add_line(
        reference_menu, Line("congee-set", 1, choices={"side": Component("hash-brown")})
    )
    return save_order(uow=SqlUnitOfWork(sessions), order=order.submit_for_confirmation())


def race(attempt: Callable[[int], str]) -> Counter[str]:
    """Run `attempt(n)` for n in 0..THREADS-1, all released at the same moment."""
    start = threading.Barrier(THREADS)

    def run(n: int) -> str:
        start.wait()
        return attempt(n)

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        return Counter(pool.map(run, range(THREADS)))


def charges(sessions: sessionmaker[Session], order_id: str) -> list[PaymentIntentRow]:
    with sessions() as session:
        return list(
            session.scalars(
                select(PaymentIntentRow).where(
                    PaymentIntentRow.order_id == order_id,
                    PaymentIntentRow.status == IntentStatus.SUCCEEDED.value,
                )
            )
        )


def confirm_and_pay_race(
    sessions: sessionmaker[Session], order: Order, key: Callable[[int], str]
) -> Counter[str]:
    gateway = SqlPaymentGateway(sessions, FakeBank(delay=0.2))

    def attempt(n: int) -> str:
        try:
            paid = confirm_and_pay(
                uow=SqlUnitOfWork(sessions),  # one per thread: it holds its session
                gateway=gateway,
                order_id=order.id,
                method="card",
                card_number="4242 4242 4242 4242",
                idempotency_key=key(n),
            )
        except OrderAlreadyPaid:
            return "already paid"
        except PaymentOutcomeUnknown:
            return "outcome unknown"
        return paid.status.value

    outcomes = race(attempt)
    assert set(outcomes) <= {"paid", "already paid", "outcome unknown"}, outcomes
    uow = SqlUnitOfWork(sessions)
    final = resolve_payment(uow=uow, gateway=gateway, order_id=order.id)
    assert final.status is OrderStatus.PAID
    assert final == get_order(uow=uow, order_id=order.id)
    [charge] = charges(sessions, order.id)
    assert charge.amount == order.total == final.total
    assert final.payment is not None and final.payment.intent_id == charge.id
    assert final.payment.amount == order.total
    return outcomes


def test_fifty_threads_one_key_charge_once(sessions: sessionmaker[Session], order: Order) -> None:
    outcomes = confirm_and_pay_race(sessions, order, lambda n: "same-key")
    assert outcomes["paid"] >= 1
    with sessions() as session:
        intents = list(session.scalars(select(PaymentIntentRow)))
    assert len(intents) == 1  # every duplicate found the stored intent of the key


def test_fifty_threads_fifty_keys_charge_once(
    sessions: sessionmaker[Session], order: Order
) -> None:
    outcomes = confirm_and_pay_race(sessions, order, lambda n: f"key-{n}")
    assert outcomes["paid"] == 1
    with sessions() as session:
        intents = list(
            session.scalars(select(PaymentIntentRow).where(PaymentIntentRow.order_id == order.id))
        )
    # The 49 refused attempts withdrew their intents: one order once collected 24 failed rows.
    assert [intent.status for intent in intents] == ["succeeded"]


def test_the_constraint_alone_stops_duplicate_charges(sessions: sessionmaker[Session]) -> None:
    # Straight at the gateway, with no order check in front: only the database decides.
    gateway = SqlPaymentGateway(sessions, FakeBank(delay=0.2))
    request = PaymentRequest("o-raw", 4200, "CNY", Method.VOICE)

    def attempt(n: int) -> str:
        try:
            return gateway.pay(request, idempotency_key=f"raw-{n % 10}").status.value
        except DuplicateCharge:
            return "duplicate"

    outcomes = race(attempt)
    [charge] = charges(sessions, "o-raw")
    assert charge.amount == 4200
    assert outcomes["succeeded"] >= 1 and outcomes["failed"] == 0
    assert outcomes["duplicate"] >= 1  # the unique charge slot, not luck, stopped them
    assert len(gateway.find_by_order("o-raw")) == 1  # refused attempts left no intents behind
