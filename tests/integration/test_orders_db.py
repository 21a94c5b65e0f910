"""Orders in the database (SQLite and PostgreSQL): schema, round trip, optimistic saves."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from menu.model import Menu
from menu.pricing import Component, Line
from ordering.checkout.orders import Order, PaymentSummary, StoreRef
from ordering.checkout.status import OrderStatus
from ordering.checkout.use_cases import get_order, save_order
from ordering.errors import ConcurrentOrderUpdate, OrderNotFound
from ordering.persistence.db import downgrade, make_engine, upgrade
from ordering.persistence.orm import OrderingBase, OrderRow
from ordering.persistence.unit_of_work import SqlUnitOfWork


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
    uow = SqlUnitOfWork(sessions)
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
        assert session.scalar(select(func.count()).select_from(OrderRow)) == 1
        assert session.scalar(select(OrderRow.total)) == 7600
        assert [line["id"] for line in session.scalar(select(OrderRow.lines)) or []] == [
            "latte",
            "panini-set",
        ]


def test_a_stale_save_loses(sessions: sessionmaker[Session], reference_menu: Menu) -> None:
    uow = SqlUnitOfWork(sessions)
    saved = save_order(uow=uow, order=full_order(reference_menu))
    save_order(uow=uow, order=saved.remove(0))
    with pytest.raises(ConcurrentOrderUpdate):
        save_order(uow=uow, order=saved.cancel())
    assert len(get_order(uow=uow, order_id="o-1").lines) == 2


def test_nothing_is_stored_without_commit(
    sessions: sessionmaker[Session], reference_menu: Menu
) -> None:
    uow = SqlUnitOfWork(sessions)
    with uow:
        uow.orders.add(full_order(reference_menu))
    with pytest.raises(OrderNotFound):
        get_order(uow=uow, order_id="o-1")


def test_lines_move_into_the_order_row_and_back(database_url: str) -> None:
    """Migration 0007 keeps every stored line, in order, both ways."""
    engine = make_engine(database_url)
    try:
        upgrade(engine, "0006")
        now = datetime(2025, 3, 18, tzinfo=UTC)
        order = {"status": "open", "currency": "CNY", "total": 0, "version": 1}
        lines = [
            {"position": 0, "product_id": "latte", "quantity": 2, "options": ["size-large"]},
            {"position": 1, "product_id": "egg-tart", "quantity": 1, "options": []},
        ]
        with engine.begin() as connection:
            for order_id in ("o-1", "o-2"):
                connection.execute(
                    text(
                        "insert into orders (id, status, currency, total, version, created_at,"
                        " updated_at) values (:id, :status, :currency, :total, :version, :now,"
                        " :now)"
                    ),
                    {"id": order_id, "now": now, **order},
                )
            for line in lines:
                connection.execute(
                    text(
                        "insert into order_lines (order_id, position, product_id, quantity,"
                        " options, choices, unit_price) values ('o-1', :position, :product_id,"
                        " :quantity, :options, '{}', 1500)"
                    ),
                    {**line, "options": json.dumps(line["options"])},
                )
        upgrade(engine)
        uow = SqlUnitOfWork(sessionmaker(engine, expire_on_commit=False))
        first = get_order(uow=uow, order_id="o-1")
        assert [(line.product, line.quantity, line.line.options) for line in first.lines] == [
            ("latte", 2, ("size-large",)),
            ("egg-tart", 1, ()),
        ]
        assert get_order(uow=uow, order_id="o-2").lines == ()

        downgrade(engine, "0006")
        with engine.connect() as connection:
            back = connection.execute(
                text("select order_id, position, product_id from order_lines order by position")
            ).all()
        assert [tuple(row) for row in back] == [("o-1", 0, "latte"), ("o-1", 1, "egg-tart")]
    finally:
        engine.dispose()
