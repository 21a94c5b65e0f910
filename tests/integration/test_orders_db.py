"""Orders in the database (SQLite and PostgreSQL): schema, round trip, optimistic saves."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from menu.model import Menu
from menu.pricing import Component, Line
from ordering.checkout import get_order, save_order
from ordering.db import UnitOfWork
from ordering.orders import (
    ConcurrentOrderUpdate,
    Order,
    OrderNotFound,
    OrderStatus,
    PaymentSummary,
    StoreRef,
)
from ordering.orm import OrderingBase, OrderLineRow, OrderRow


def full_order(menu: Menu) -> Order:
    order = Order.start(menu, order_id="o-1", store=StoreRef("s-9", "Nanjing Road", 380))
    order = order.add_line(menu, Line("latte", 2, ("size-large", "oat-milk")))
    order = order.add_line(
        menu,
        Line(
            "panini-set",
            choices={
                "main": Component("pork-cheese-panini", ("cheese-none",)),
                "drink": Component("latte", ("iced",)),
            },
        ),
    )
    return order.add_line(menu, Line("brewed-coffee"))  # still needs a size: unpriced


def test_the_migration_matches_the_tables(engine: Engine) -> None:
    ours = {table.name for table in OrderingBase.metadata.sorted_tables}

    def only_ours(name: str | None, kind: str, _parent: object) -> bool:
        return kind != "table" or name in ours

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": only_ours})
        assert compare_metadata(context, OrderingBase.metadata) == []


def test_an_order_round_trips(sessions: sessionmaker[Session], reference_menu: Menu) -> None:
    uow = UnitOfWork(sessions)
    order = full_order(reference_menu)
    saved = save_order(uow=uow, order=order)
    assert saved.version == 1
    loaded = get_order(uow=uow, order_id="o-1")
    assert loaded == saved
    assert loaded.to_dict() == order.to_dict()

    ready = loaded.remove(2).submit_for_confirmation()
    summary = PaymentSummary("card", "succeeded", ready.total, "pi_1", "visa", "4242")
    paid = save_order(uow=uow, order=ready.mark_paid(summary, pickup_code="0815"))
    assert paid.version == 2
    reloaded = get_order(uow=uow, order_id="o-1")
    assert reloaded == paid
    assert reloaded.status is OrderStatus.PAID
    assert reloaded.to_dict()["payment"] == {
        "method": "card",
        "status": "succeeded",
        "amount": 7600,
    }
    with sessions() as session:
        assert session.scalar(select(func.count()).select_from(OrderLineRow)) == 2
        assert session.scalar(select(OrderRow.total)) == 7600


def test_a_stale_save_loses(sessions: sessionmaker[Session], reference_menu: Menu) -> None:
    uow = UnitOfWork(sessions)
    saved = save_order(uow=uow, order=full_order(reference_menu))
    save_order(uow=uow, order=saved.remove(0))
    with pytest.raises(ConcurrentOrderUpdate):
        save_order(uow=uow, order=saved.cancel())
    assert len(get_order(uow=uow, order_id="o-1").lines) == 2


def test_nothing_is_stored_without_commit(
    sessions: sessionmaker[Session], reference_menu: Menu
) -> None:
    uow = UnitOfWork(sessions)
    with uow:
        uow.orders.add(full_order(reference_menu))
    with pytest.raises(OrderNotFound):
        get_order(uow=uow, order_id="o-1")
