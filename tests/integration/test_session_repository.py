"""A turn's save (SQLite and PostgreSQL): the session and its order are saved both or neither,
each only if still at the version the turn read."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy.orm import Session, sessionmaker

from menu.model import Menu
from menu.pricing import Line
from ordering.checkout.orders import Order
from ordering.errors import ConcurrentOrderUpdate, ConcurrentTurn
from ordering.persistence.session_repository import StoredConversation
from ordering.persistence.unit_of_work import SqlUnitOfWork


def started(uow: SqlUnitOfWork, menu: Menu) -> tuple[StoredConversation, Order]:
    order = Order.start(menu, order_id="o-1")
    stored = StoredConversation("s-1", "o-1", (31.2, 121.5), None, None, "voice", "", "sum", 0)
    with uow:
        uow.orders.add(order)
        uow.sessions.add(stored)
        uow.commit()
    with uow:
        return uow.sessions.get_with_order("s-1")


def stored_now(uow: SqlUnitOfWork) -> tuple[StoredConversation, Order]:
    with uow:
        return uow.sessions.get_with_order("s-1")


def test_a_turn_saves_the_session_and_its_order_together(
    sessions: sessionmaker[Session], reference_menu: Menu
) -> None:
    uow = SqlUnitOfWork(sessions)
    stored, order = started(uow, reference_menu)
    changed = order.add_line(reference_menu, Line("latte", 2, ("size-large",)))
    with uow:
        saved = uow.sessions.update_with_order(
            dataclasses.replace(stored, last_reply="Two large lattes."), changed
        )
        uow.commit()
    assert saved.version == 2
    after, its_order = stored_now(uow)
    assert (after.version, after.last_reply) == (1, "Two large lattes.")
    assert its_order == saved and its_order.total == saved.total > 0


def test_an_order_changed_meanwhile_saves_neither(
    sessions: sessionmaker[Session], reference_menu: Menu
) -> None:
    uow = SqlUnitOfWork(sessions)
    stored, order = started(uow, reference_menu)
    with uow:  # e.g. POST /orders/{id}/cancel between the turn's read and its save
        uow.orders.update(order.cancel())
        uow.commit()
    with uow, pytest.raises(ConcurrentOrderUpdate):
        uow.sessions.update_with_order(
            dataclasses.replace(stored, last_reply="One latte."),
            order.add_line(reference_menu, Line("latte")),
        )
    after, its_order = stored_now(uow)
    assert (after.version, after.last_reply) == (0, "")
    assert its_order.status.value == "cancelled" and its_order.lines == ()


def test_a_session_saved_meanwhile_saves_neither(
    sessions: sessionmaker[Session], reference_menu: Menu
) -> None:
    uow = SqlUnitOfWork(sessions)
    stored, order = started(uow, reference_menu)
    with uow:  # another turn of the same conversation came first
        uow.sessions.update(dataclasses.replace(stored, last_reply="first"))
        uow.commit()
    with uow, pytest.raises(ConcurrentTurn):
        uow.sessions.update_with_order(
            dataclasses.replace(stored, last_reply="second"),
            order.add_line(reference_menu, Line("latte")),
        )
    after, its_order = stored_now(uow)
    assert (after.version, after.last_reply) == (1, "first")
    assert its_order == order
