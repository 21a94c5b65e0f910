"""Every stored moment comes back aware and in UTC, on SQLite (which keeps no offset) and
PostgreSQL alike, whatever offset it was written with."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, insert, select

from menu.orm import MenuVersionRow
from ordering.persistence.orm import BankLedgerRow, PaymentIntentRow
from store_locator.orm import StoreCatalogRow
from timestamps import UtcDateTime

SHANGHAI = timezone(timedelta(hours=8))


def test_every_table_stores_moments_in_the_one_utc_type() -> None:
    columns = [
        MenuVersionRow.__table__.c.imported_at,
        StoreCatalogRow.__table__.c.changed_at,
        PaymentIntentRow.__table__.c.created_at,
        PaymentIntentRow.__table__.c.updated_at,
        BankLedgerRow.__table__.c.booked_at,
    ]
    assert all(isinstance(column.type, UtcDateTime) for column in columns)


def test_a_moment_round_trips_as_the_same_utc_instant(database_url: str) -> None:
    engine = create_engine(database_url)
    table = Table("moments", MetaData(), Column("id", Integer, primary_key=True),
                  Column("at", UtcDateTime()))  # fmt: skip
    written = datetime(2025, 3, 18, 8, 0, tzinfo=SHANGHAI)
    try:
        table.create(engine)
        with engine.begin() as connection:
            connection.execute(insert(table).values(id=1, at=written))
            read = connection.scalar(select(table.c.at))
        assert read == written and read.utcoffset() == timedelta(0)
        assert read == datetime(2025, 3, 18, 0, 0, tzinfo=UTC)
        with pytest.raises(Exception, match="naive"), engine.begin() as connection:
            connection.execute(insert(table).values(id=2, at=datetime(2025, 3, 18, 8, 0)))
    finally:
        table.drop(engine, checkfirst=True)
        engine.dispose()
