"""What the dialog remembers between turns and the two collaborators it is handed.

`DialogState` is all a conversation carries from one turn to the next (stored by
`ordering.persistence.session_repository`); `StoreFinder` and `Cashier` are the only things the
dialog asks of the world, so it runs the same in the CLI, the HTTP API and the tests.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol

from ordering.checkout.orders import Order, StoreRef

QuestionKind = Literal["group", "slot", "confirm", "cancel", "intent"]


@dataclass(frozen=True, slots=True)
class Question:
    """What the system last asked, so a bare answer can be understood."""

    kind: QuestionKind
    line: int | None = None
    id: str | None = None  # the option group or slot asked about
    slot: str | None = None  # for a group of a set-meal component: its slot

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Question:
        return cls(**data)


@dataclass(frozen=True, slots=True)
class DialogState:
    order: Order
    question: Question | None = None
    last_line: int | None = None
    payment_method: str = "voice"
    last_reply: str = ""

    @property
    def status(self) -> str:
        return self.order.status.value


@dataclass(frozen=True, slots=True)
class TurnResult:
    reply: str
    state: DialogState


class StoreFinder(Protocol):
    def nearest_open(self, at: datetime) -> StoreRef | None: ...


class Cashier(Protocol):
    """Places and cancels orders for the dialog (`ordering.checkout` behind it)."""

    def place(self, order: Order, *, method: str) -> Order:
        """Confirm and pay; returns the order as paid or payment_failed."""
        ...

    def cancel(self, order: Order) -> Order:
        """Cancel (refunding first when paid)."""
        ...
