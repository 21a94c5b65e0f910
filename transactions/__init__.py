"""One unit of work for every package: a transaction that rolls back unless it is committed.

`UnitOfWork` is the one protocol the use cases of `menu`, `store_locator` and `ordering` take as
`uow=`; a use case that needs repositories names them in a protocol that extends it
(`store_locator.use_cases.StoresUnitOfWork` adds `stores`). `UnitOfWorkBase` writes the context
manager once; `SessionUnitOfWork` is the one SQLAlchemy implementation, so each package's unit of
work only opens its repositories on the session. It lives apart from the packages, like
`timestamps`, so that all of them can use it without knowing each other.
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self

from sqlalchemy.orm import Session, sessionmaker


class UnitOfWork(Protocol):
    """One transaction: enter it, work, `commit()`; leaving without committing rolls back."""

    def __enter__(self) -> Self: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
        /,
    ) -> None: ...

    def commit(self) -> None: ...


class UnitOfWorkBase:
    """The context-manager half of every `UnitOfWork`, written once: entering begins the
    transaction, leaving ends it (rolling back whatever was not committed)."""

    def begin(self) -> None:
        """Start the transaction."""

    def end(self) -> None:
        """Roll back what was not committed and let the transaction go."""

    def commit(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        self.begin()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.end()


class SessionUnitOfWork(UnitOfWorkBase):
    """A `UnitOfWork` on a SQLAlchemy session: repositories share it; leaving without
    `commit()` rolls back. One per thread: it holds its session. Subclasses open their
    repositories in `open_repositories`."""

    session: Session

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def open_repositories(self, session: Session) -> None:
        """Give the repositories this unit of work offers the transaction's session."""

    def begin(self) -> None:
        self.session = self._sessions()
        self.open_repositories(self.session)

    def end(self) -> None:
        self.session.rollback()
        self.session.close()

    def commit(self) -> None:
        self.session.commit()
