"""Alembic environment: runs on the connection `ordering.persistence.db.upgrade` hands over."""

from alembic import context
from sqlalchemy import create_engine

from menu.orm import MenuBase
from ordering.persistence.orm import OrderingBase
from store_locator.orm import StoreBase

target_metadata = [MenuBase.metadata, StoreBase.metadata]
target_metadata.append(OrderingBase.metadata)
config = context.config
connection = config.attributes.get("connection")

if connection is None:  # `alembic` run by hand: use the configured URL
    from ordering.config import get_settings

    engine = create_engine(get_settings().resolved_database_url())
    with engine.begin() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
