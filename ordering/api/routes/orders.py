"""An order, seen, paid or cancelled by the holder of its session's token."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from ordering.api.deps import IdempotencyKey, OwnedOrder, ServicesDep
from ordering.api.errors import PaymentDeclined
from ordering.api.schemas import OrderOut, PayIn, problems
from ordering.checkout import use_cases as checkout
from ordering.checkout.status import OrderStatus

router = APIRouter(tags=["orders"])


@router.get("/orders/{order_id}", response_model=OrderOut, responses=problems(404))
def read_order(order_id: OwnedOrder, services: ServicesDep) -> dict[str, Any]:
    """The order (`order/1`)."""
    return checkout.get_order(uow=services.uow(), order_id=order_id).to_dict()


@router.post(
    "/orders/{order_id}/pay",
    response_model=OrderOut,
    responses=problems(402, 404, 409, 413, 503),
)
def pay_order(
    order_id: OwnedOrder, key: IdempotencyKey, body: PayIn, services: ServicesDep
) -> dict[str, Any]:
    """Confirm and pay an order awaiting confirmation. Retrying with the same Idempotency-Key
    replays the first result and never charges twice; on 503 retry with the same key."""
    card = body.card_number
    if body.method == "card" and card is None:
        card = services.settings.card_on_file
    order = checkout.confirm_and_pay(
        uow=services.uow(),
        gateway=services.payments,
        order_id=order_id,
        method=body.method,
        card_number=card,
        # Scoped to the order, so that one client's keys never collide with another's.
        idempotency_key=f"api:{order_id}:{key}",
    )
    if order.status is OrderStatus.PAYMENT_FAILED and order.payment and order.payment.intent_id:
        intent = services.payments.retrieve(order.payment.intent_id)
        raise PaymentDeclined(order, intent.failure_code, intent.failure_message)
    return order.to_dict()


@router.post(
    "/orders/{order_id}/cancel",
    response_model=OrderOut,
    responses=problems(404, 409, 503),
)
def cancel_order(order_id: OwnedOrder, services: ServicesDep) -> dict[str, Any]:
    """Cancel the order; a paid order is refunded first."""
    return checkout.cancel_order(
        uow=services.uow(), gateway=services.payments, order_id=order_id
    ).to_dict()
