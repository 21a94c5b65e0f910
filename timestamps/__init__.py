"""One column type for moments in time, shared by every table: UTC in, UTC out.

SQLite keeps no offset: a `DateTime(timezone=True)` there stores an aware moment's wall time
and reads it back naive, so a +08:00 time came back eight hours off unless each reader fixed it
up. `UtcDateTime` writes every moment as UTC and reads every moment back aware, in UTC, on any
database; a naive moment is refused, never guessed. It lives apart from `menu`,
`store_locator` and `ordering` so that all three can use it without knowing each other.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import DateTime
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UtcDateTime(TypeDecorator[datetime]):
    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"a naive datetime cannot be stored: {value.isoformat()}")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
