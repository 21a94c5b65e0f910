"""Use cases around an order's life: save it, confirm and pay it, resolve a payment whose outcome
was lost, cancel it (refunding a paid order first).

The gateway runs its own transactions (a charge must survive a failed order transaction); each
order change here is one unit of work, retried when a concurrent save came first. Errors come
from `ordering.checkout.orders` and `ordering.checkout.payment`; `confirm_and_pay` raises
`PaymentOutcomeUnknown` when it cannot tell whether the customer was charged: call
`resolve_payment`, never pay again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from ordering.checkout.orders import Order, PaymentSummary, new_pickup_code
from ordering.checkout.payment import (
    ALREADY_CHARGED,
    CardNumber,
    IntentStatus,
    Method,
    PaymentGateway,
    PaymentIntent,
    PaymentRequest,
)
from ordering.checkout.status import PAYMENT_REFUNDED, OrderStatus
from ordering.errors import (
    ConcurrentOrderUpdate,
    DuplicateCharge,
    OrderAlreadyPaid,
    PaymentOutcomeUnknown,
)
from ordering.persistence.order_repository import OrderRepository
from transactions import UnitOfWork

SAVE_ATTEMPTS = 20


class OrderUnitOfWork(UnitOfWork, Protocol):
    """What these use cases need of a unit of work: the orders."""

    @property
    def orders(self) -> OrderRepository: ...


def get_order(*, uow: OrderUnitOfWork, order_id: str) -> Order:
    """The stored order."""
    with uow:
        return uow.orders.get(order_id)


def save_order(*, uow: OrderUnitOfWork, order: Order) -> Order:
    """Store a new order (version 0) or a change to a stored one; returns it as stored."""
    with uow:
        saved = uow.orders.add(order) if order.version == 0 else uow.orders.update(order)
        uow.commit()
    return saved


def _summary(intent: PaymentIntent) -> PaymentSummary:
    return PaymentSummary(
        method=intent.method.value,
        status=intent.status.value,
        amount=intent.amount,
        intent_id=intent.id,
        card_brand=intent.card_brand,
        card_last4=intent.card_last4,
    )


def _change(uow: OrderUnitOfWork, order_id: str, change: Callable[[Order], Order | None]) -> Order:
    """Apply `change` to the stored order and save it, re-reading when another save came first.
    `change` returns None when nothing is to be saved."""
    for _ in range(SAVE_ATTEMPTS):
        with uow:
            order = uow.orders.get(order_id)
            changed = change(order)
            if changed is None:
                return order
            try:
                saved = uow.orders.update(changed)
            except ConcurrentOrderUpdate:
                continue
            uow.commit()
            return saved
    raise ConcurrentOrderUpdate(order_id)


def _settle(
    *,
    uow: OrderUnitOfWork,
    gateway: PaymentGateway,
    intent: PaymentIntent,
    pickup_code: Callable[[], str],
) -> Order:
    """Record a settled intent on its order (refunding a charge the order can no longer take)."""
    if not intent.settled:
        raise PaymentOutcomeUnknown(intent.id, intent.order_id)
    refund = False

    def record(order: Order) -> Order | None:
        nonlocal refund
        refund = False
        if intent.status is IntentStatus.SUCCEEDED:
            if order.status is OrderStatus.PAID:
                return None  # one charge per order: this is it, already recorded
            if order.can_become(OrderStatus.PAID) and order.total == intent.amount:
                return order.mark_paid(_summary(intent), pickup_code=pickup_code())
            refund = True  # cancelled or changed while the payment was in flight
            return None
        failed = intent.status is IntentStatus.FAILED and intent.failure_code != ALREADY_CHARGED
        if failed and order.status in (
            OrderStatus.AWAITING_CONFIRMATION,
            OrderStatus.PAYMENT_FAILED,
        ):
            return order.mark_payment_failed(_summary(intent))
        return None

    order = _change(uow, intent.order_id, record)
    if refund:
        gateway.refund(intent.id)
    return order


def _settle_stale(
    *,
    uow: OrderUnitOfWork,
    gateway: PaymentGateway,
    order_id: str,
    pickup_code: Callable[[], str],
) -> None:
    """Settle the order's payments left `processing` past the stale window by a caller that
    died, from the bank's ledger, so that paying again answers what really happened: the
    charge that landed, or a void that frees the order for a new attempt."""
    for intent in gateway.find_by_order(order_id):
        if intent.status is IntentStatus.PROCESSING:
            settled = gateway.reconcile(intent.id)
            if settled.settled:
                _settle(uow=uow, gateway=gateway, intent=settled, pickup_code=pickup_code)


def confirm_and_pay(
    *,
    uow: OrderUnitOfWork,
    gateway: PaymentGateway,
    order_id: str,
    method: Method | str,
    card_number: str | None = None,
    idempotency_key: str,
    pickup_code: Callable[[], str] = new_pickup_code,
) -> Order:
    """Charge the order's total and record the outcome: the order comes back `paid` or
    `payment_failed`. Replaying the same key returns the same result without a second charge.

    A payment of the order left in flight by a caller that died is settled first, once stale
    (`_settle_stale`). Raises `OrderAlreadyPaid` (paid through another key),
    `InvalidTransition` (not awaiting payment), `InvalidCard`, `IdempotencyConflict`,
    `PaymentOutcomeUnknown` when the outcome is not known yet (then `resolve_payment`),
    `DuplicateCharge` when another payment of the order held the charge and then failed
    (pay again with a new key)."""
    card = CardNumber.parse(card_number) if card_number is not None else None
    _settle_stale(uow=uow, gateway=gateway, order_id=order_id, pickup_code=pickup_code)
    order = get_order(uow=uow, order_id=order_id)
    if order.status is OrderStatus.PAID:
        paid_by = order.payment.intent_id if order.payment else None
        if paid_by is not None and gateway.retrieve(paid_by).idempotency_key == idempotency_key:
            return order
        raise OrderAlreadyPaid(order.id)
    order.ensure_payable()
    request = PaymentRequest(order.id, order.total, order.currency, Method(method), card)
    try:
        intent = gateway.pay(request, idempotency_key=idempotency_key)
    except DuplicateCharge as duplicate:
        holder = gateway.retrieve(duplicate.intent_id) if duplicate.intent_id else None
        if holder is None:
            raise
        if not holder.settled:  # another payment of this order is in flight: it decides
            raise PaymentOutcomeUnknown(holder.id, order.id) from None
        if holder.status is IntentStatus.SUCCEEDED:
            _settle(uow=uow, gateway=gateway, intent=holder, pickup_code=pickup_code)
            raise OrderAlreadyPaid(order.id) from None
        raise
    return _settle(uow=uow, gateway=gateway, intent=intent, pickup_code=pickup_code)


def resolve_payment(
    *,
    uow: OrderUnitOfWork,
    gateway: PaymentGateway,
    order_id: str,
    pickup_code: Callable[[], str] = new_pickup_code,
) -> Order:
    """Find out what became of the order's payments (after `PaymentOutcomeUnknown`) and record
    it; a charge whose caller died is settled from the bank's ledger once stale. Still raises
    `PaymentOutcomeUnknown` while a charge is in flight."""
    intents = tuple(
        gateway.reconcile(i.id) if i.status is IntentStatus.PROCESSING else i
        for i in gateway.find_by_order(order_id)
    )
    charged = [i for i in intents if i.status in (IntentStatus.SUCCEEDED, IntentStatus.REFUNDED)]
    if charged:
        if charged[0].status is IntentStatus.SUCCEEDED:
            return _settle(uow=uow, gateway=gateway, intent=charged[0], pickup_code=pickup_code)
        return get_order(uow=uow, order_id=order_id)
    in_flight = [i for i in intents if i.status is IntentStatus.PROCESSING]
    if in_flight:
        raise PaymentOutcomeUnknown(in_flight[-1].id, order_id)
    failed = [
        i for i in intents if i.status is IntentStatus.FAILED and i.failure_code != ALREADY_CHARGED
    ]
    if failed:
        return _settle(uow=uow, gateway=gateway, intent=failed[-1], pickup_code=pickup_code)
    return get_order(uow=uow, order_id=order_id)


def cancel_order(*, uow: OrderUnitOfWork, gateway: PaymentGateway, order_id: str) -> Order:
    """Cancel the order; a paid order is refunded first. Refuses (`PaymentOutcomeUnknown`) while
    one of its payments is in flight."""
    order = resolve_payment(uow=uow, gateway=gateway, order_id=order_id)
    refunded: str | None = None
    if order.status is OrderStatus.PAID and order.payment and order.payment.intent_id:
        refunded = gateway.refund(order.payment.intent_id).id  # a refunded one stays refunded

    def cancel(current: Order) -> Order:
        payment = current.payment
        if (
            current.status is OrderStatus.PAID
            and payment is not None
            and payment.intent_id == refunded
            and payment.status != PAYMENT_REFUNDED
        ):
            current = current.mark_refunded()
        return current.cancel()  # `RefundRequired` if it was paid meanwhile: cancel again

    return _change(uow, order_id, cancel)
