"""The order aggregate: lines, merging, limits, every transition, `order/1`."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime
from itertools import product

import pytest

from menu.errors import LimitExceeded, OptionNotAllowed, UnknownProduct
from menu.model import Menu
from menu.pricing import Component, Limits, Line
from ordering.checkout.orders import Order, PaymentSummary, StoreRef, new_pickup_code
from ordering.checkout.status import TRANSITIONS, OrderStatus
from ordering.errors import (
    IncompleteOrder,
    InvalidTransition,
    LineNotFound,
    OrderAlreadyPaid,
    OrderError,
    OrderingError,
    OrderNotEditable,
    PaymentMismatch,
    ProductUnavailable,
    RefundRequired,
)

S = OrderStatus
LARGE_LATTE = Line("latte", 1, ("size-large",))  # 1500 + 500, hot and whole milk by default


def paid_summary(amount: int) -> PaymentSummary:
    return PaymentSummary("voice", "succeeded", amount, intent_id="pi_1")


def failed_summary(amount: int) -> PaymentSummary:
    return PaymentSummary("card", "failed", amount, "pi_2", "visa", "0002")


@pytest.fixture
def order(reference_menu: Menu) -> Order:
    return Order.start(reference_menu, order_id="o-1").add_line(reference_menu, LARGE_LATTE)


def in_status(order: Order, status: OrderStatus) -> Order:
    """The order driven to `status` through allowed transitions only."""
    if status is S.OPEN:
        return order
    waiting = order.submit_for_confirmation()
    if status is S.AWAITING_CONFIRMATION:
        return waiting
    if status is S.PAID:
        return waiting.mark_paid(paid_summary(order.total), pickup_code="0042")
    if status is S.PAYMENT_FAILED:
        return waiting.mark_payment_failed(failed_summary(order.total))
    return waiting.cancel()


def move(order: Order, target: OrderStatus) -> Order:
    """Ask the order to become `target` through the method that does it."""
    if target is S.OPEN:
        return order.reopen()
    if target is S.AWAITING_CONFIRMATION:
        return order.submit_for_confirmation()
    if target is S.PAID:
        return order.mark_paid(paid_summary(order.total), pickup_code="0042")
    if target is S.PAYMENT_FAILED:
        return order.mark_payment_failed(failed_summary(order.total))
    return order.cancel()


# -- lines ---------------------------------------------------------------------------------------


def test_a_new_order_is_open_and_empty(reference_menu: Menu) -> None:
    order = Order.start(reference_menu, order_id="o-1")
    assert (order.status, order.lines, order.total, order.currency) == (S.OPEN, (), 0, "CNY")


def test_lines_are_resolved_and_priced(order: Order) -> None:
    (line,) = order.lines
    assert line.line.options == ("hot", "size-large", "whole-milk")
    assert (line.unit_price, line.line_total, order.total) == (2000, 2000, 2000)


def test_identical_lines_merge(reference_menu: Menu, order: Order) -> None:
    # Defaults said out loud make the same line: quantities add.
    same = Line("latte", 2, ("whole-milk", "size-large", "hot"))
    merged = order.add_line(reference_menu, same)
    assert [(line.product, line.quantity) for line in merged.lines] == [("latte", 3)]
    assert merged.total == 6000


def test_different_options_make_another_line(reference_menu: Menu, order: Order) -> None:
    more = order.add_line(reference_menu, Line("latte", 1, ("size-large", "oat-milk")))
    assert [line.quantity for line in more.lines] == [1, 1]
    assert more.total == 2000 + 2300


def test_combos_merge_only_with_the_same_choices(reference_menu: Menu) -> None:
    order = Order.start(reference_menu)
    order = order.add_line(reference_menu, Line("congee-set"))
    order = order.add_line(
        reference_menu, Line("congee-set", choices={"side": Component("youtiao")})
    )
    order = order.add_line(
        reference_menu, Line("congee-set", choices={"side": Component("tea-egg")})
    )
    assert [line.quantity for line in order.lines] == [2, 1]


def test_the_merged_quantity_is_limited(reference_menu: Menu) -> None:
    order = Order.start(reference_menu).add_line(reference_menu, Line("egg-tart", 15))
    with pytest.raises(LimitExceeded, match="at most 20"):
        order.add_line(reference_menu, Line("egg-tart", 6))
    assert order.add_line(reference_menu, Line("egg-tart", 5)).lines[0].quantity == 20


def test_the_number_of_lines_is_limited(reference_menu: Menu) -> None:
    order = Order(id="o", currency="CNY", limits=Limits(max_lines=2))
    order = order.add_line(reference_menu, Line("egg-tart"))
    order = order.add_line(reference_menu, Line("youtiao"))
    with pytest.raises(LimitExceeded, match="at most 2 lines"):
        order.add_line(reference_menu, Line("tea-egg"))


def test_set_quantity_and_remove(reference_menu: Menu, order: Order) -> None:
    order = order.add_line(reference_menu, Line("egg-tart"))
    assert order.set_quantity(1, 4).lines[1].quantity == 4
    with pytest.raises(LimitExceeded):
        order.set_quantity(1, 21)
    with pytest.raises(LimitExceeded, match="at least 1"):
        order.set_quantity(1, 0)
    assert [line.product for line in order.remove(0).lines] == ["egg-tart"]
    with pytest.raises(LineNotFound):
        order.remove(2)
    with pytest.raises(LineNotFound):
        order.set_quantity(-1, 2)


def test_replace_puts_the_new_line_in_place(reference_menu: Menu, order: Order) -> None:
    order = order.add_line(reference_menu, Line("egg-tart", 2))
    changed = order.replace(reference_menu, 0, Line("americano", 1, ("size-small",)))
    assert [line.product for line in changed.lines] == ["americano", "egg-tart"]
    assert changed.total == 1200 + 1500


def test_replace_merges_into_an_equal_line(reference_menu: Menu, order: Order) -> None:
    order = order.add_line(reference_menu, Line("egg-tart", 2))
    changed = order.replace(reference_menu, 0, Line("egg-tart", 1))
    assert [(line.product, line.quantity) for line in changed.lines] == [("egg-tart", 3)]


def test_menu_errors_pass_through(reference_menu: Menu, order: Order) -> None:
    with pytest.raises(UnknownProduct):
        order.add_line(reference_menu, Line("pizza"))
    with pytest.raises(OptionNotAllowed):
        order.add_line(reference_menu, Line("egg-tart", 1, ("oat-milk",)))


def test_incomplete_lines_wait_for_a_choice(reference_menu: Menu) -> None:
    order = Order.start(reference_menu).add_line(reference_menu, Line("latte"))
    assert order.lines[0].unit_price is None
    assert order.total == 0 and not order.is_complete
    assert [(n, m.id) for n, m in order.missing(reference_menu)] == [(0, "coffee-size")]
    with pytest.raises(IncompleteOrder, match="latte"):
        order.submit_for_confirmation()
    fixed = order.replace(reference_menu, 0, Line("latte", 1, ("size-small",)))
    assert fixed.submit_for_confirmation().status is S.AWAITING_CONFIRMATION


def test_an_empty_order_cannot_be_confirmed(reference_menu: Menu) -> None:
    with pytest.raises(IncompleteOrder, match="nothing"):
        Order.start(reference_menu).submit_for_confirmation()


def test_products_outside_their_dayparts_are_refused(reference_menu: Menu) -> None:
    breakfast = datetime(2025, 3, 18, 8, 0)
    order = Order.start(reference_menu)
    with pytest.raises(ProductUnavailable, match="served from 10:30"):
        order.add_line(reference_menu, Line("zinger-burger"), at=breakfast)
    assert order.add_line(reference_menu, Line("youtiao"), at=breakfast).lines


@pytest.mark.parametrize("status", [s for s in S if s is not S.OPEN])
def test_lines_change_only_while_open(order: Order, reference_menu: Menu, status: S) -> None:
    locked = in_status(order, status)
    changes: tuple[Callable[[], Order], ...] = (
        lambda: locked.add_line(reference_menu, Line("egg-tart")),
        lambda: locked.set_quantity(0, 2),
        lambda: locked.remove(0),
        lambda: locked.replace(reference_menu, 0, Line("egg-tart")),
        lambda: locked.set_store(None),
    )
    for change in changes:
        with pytest.raises(OrderNotEditable, match=status.value):
            change()


# -- transitions -------------------------------------------------------------------------------


ALLOWED = {(source, target) for source, targets in TRANSITIONS.items() for target in targets}


def test_the_transition_table() -> None:
    assert ALLOWED == {
        (S.OPEN, S.AWAITING_CONFIRMATION),
        (S.OPEN, S.CANCELLED),
        (S.AWAITING_CONFIRMATION, S.OPEN),
        (S.AWAITING_CONFIRMATION, S.PAID),
        (S.AWAITING_CONFIRMATION, S.PAYMENT_FAILED),
        (S.AWAITING_CONFIRMATION, S.CANCELLED),
        (S.PAYMENT_FAILED, S.OPEN),
        (S.PAYMENT_FAILED, S.AWAITING_CONFIRMATION),
        (S.PAYMENT_FAILED, S.PAID),
        (S.PAYMENT_FAILED, S.PAYMENT_FAILED),
        (S.PAYMENT_FAILED, S.CANCELLED),
        (S.PAID, S.CANCELLED),
    }


@pytest.mark.parametrize(
    ("source", "target"),
    sorted(ALLOWED - {(S.PAID, S.CANCELLED)}),
    ids=lambda s: s.value,
)
def test_every_allowed_transition(order: Order, source: S, target: S) -> None:
    assert move(in_status(order, source), target).status is target


@pytest.mark.parametrize(
    ("source", "target"),
    sorted(set(product(S, S)) - ALLOWED),
    ids=lambda s: s.value,
)
def test_every_forbidden_transition_is_refused(order: Order, source: S, target: S) -> None:
    current = in_status(order, source)
    with pytest.raises(InvalidTransition) as refused:
        move(current, target)
    assert (refused.value.current, refused.value.target) == (source, target)
    assert f"{source.value} cannot become {target.value}" in str(refused.value)
    assert isinstance(refused.value, OrderError | OrderingError)


def test_a_paid_order_is_cancelled_only_after_its_refund(order: Order) -> None:
    paid = in_status(order, S.PAID)
    with pytest.raises(RefundRequired, match="refunded first"):
        paid.cancel()
    refunded = paid.mark_refunded()
    assert refunded.status is S.PAID and refunded.payment is not None
    assert refunded.payment.status == "refunded"
    cancelled = refunded.cancel()
    assert cancelled.status is S.CANCELLED
    assert cancelled.to_dict()["payment"] == {
        "method": "voice",
        "status": "refunded",
        "amount": 2000,
    }


@pytest.mark.parametrize("status", [s for s in S if s is not S.PAID])
def test_only_a_paid_order_has_something_to_refund(order: Order, status: S) -> None:
    with pytest.raises(PaymentMismatch):
        in_status(order, status).mark_refunded()


def test_paying_twice_says_already_paid(order: Order) -> None:
    with pytest.raises(OrderAlreadyPaid, match="already been paid"):
        in_status(order, S.PAID).ensure_payable()


def test_a_payment_must_match_the_order(order: Order) -> None:
    waiting = order.submit_for_confirmation()
    with pytest.raises(PaymentMismatch, match="does not match the order total 2000"):
        waiting.mark_paid(paid_summary(1999), pickup_code="0001")
    with pytest.raises(PaymentMismatch):
        waiting.mark_paid(failed_summary(2000), pickup_code="0001")
    with pytest.raises(PaymentMismatch):
        waiting.mark_payment_failed(paid_summary(2000))


def test_a_failed_payment_can_be_retried(order: Order) -> None:
    failed = in_status(order, S.PAYMENT_FAILED)
    again = failed.mark_payment_failed(failed_summary(2000))
    paid = again.mark_paid(paid_summary(2000), pickup_code="1234")
    assert (paid.status, paid.pickup_code) == (S.PAID, "1234")


# -- order/1 -------------------------------------------------------------------------------------


def test_order_1_json(reference_menu: Menu) -> None:
    order = Order.start(
        reference_menu, order_id="o-7", store=StoreRef("s-1", "People's Square", 412)
    )
    order = order.add_line(reference_menu, Line("latte", 1, ("size-large",)))
    order = order.add_line(
        reference_menu,
        Line("panini-set", choices={"main": Component("bacon-egg-panini", ("cheese-extra",))}),
    )
    order = order.submit_for_confirmation()
    order = order.mark_paid(paid_summary(order.total), pickup_code="4821")
    assert order.to_dict() == {
        "id": "o-7",
        "status": "paid",
        "currency": "CNY",
        "total": 2000 + 2600,
        "lines": [
            {
                "id": "latte",
                "quantity": 1,
                "options": ["hot", "size-large", "whole-milk"],
                "choices": {},
                "unit_price": 2000,
                "line_total": 2000,
            },
            {
                "id": "panini-set",
                "quantity": 1,
                "options": [],
                "choices": {
                    "drink": {
                        "id": "brewed-coffee",
                        "options": ["hot", "size-medium", "whole-milk"],
                    },
                    "main": {"id": "bacon-egg-panini", "options": ["cheese-extra"]},
                    "side": {"id": "hash-brown", "options": []},
                },
                "unit_price": 2600,
                "line_total": 2600,
            },
        ],
        "store": {"id": "s-1", "name": "People's Square", "distance_m": 412},
        "pickup_code": "4821",
        "payment": {"method": "voice", "status": "succeeded", "amount": 4600},
    }


def test_an_open_order_has_no_store_code_or_payment(order: Order) -> None:
    data = order.to_dict()
    assert (data["status"], data["store"], data["pickup_code"], data["payment"]) == (
        "open",
        None,
        None,
        None,
    )


def test_pickup_codes_are_four_digits_and_repeatable_with_a_seed() -> None:
    first = [new_pickup_code(random.Random(7)) for _ in range(3)]
    assert first == [new_pickup_code(random.Random(7)) for _ in range(3)]
    codes = {new_pickup_code() for _ in range(200)}
    assert all(len(code) == 4 and code.isdigit() for code in codes)
    assert len(codes) > 100
