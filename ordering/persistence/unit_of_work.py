"""The application's units of work: the database one, and one over in-memory orders for tests.

Both implement the one `transactions.UnitOfWork` protocol; the use cases say which repositories
they need (`ordering.checkout.use_cases.OrderUnitOfWork` needs `orders`).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from menu.repository import MenuRepository
from ordering.persistence.order_repository import InMemoryOrderRepository, SqlOrderRepository
from ordering.persistence.session_repository import SessionRepository
from store_locator.repository import StoreRepository
from transactions import SessionUnitOfWork, UnitOfWorkBase


class SqlUnitOfWork(SessionUnitOfWork):
    """One database transaction with every repository of the application on its session."""

    menus: MenuRepository
    stores: StoreRepository
    orders: SqlOrderRepository
    sessions: SessionRepository

    def open_repositories(self, session: Session) -> None:
        self.menus = MenuRepository(session)
        self.stores = StoreRepository(session)
        self.orders = SqlOrderRepository(session)
        self.sessions = SessionRepository(session)


class InMemoryUnitOfWork(UnitOfWorkBase):
    """A unit of work over in-memory orders, for tests without a database (writes are immediate:
    it does not roll back)."""

    def __init__(self, orders: InMemoryOrderRepository | None = None) -> None:
        self.orders = orders or InMemoryOrderRepository()
        self.commits = 0

    def commit(self) -> None:
        self.commits += 1
