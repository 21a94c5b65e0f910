"""The fake bank and its ledger: decides charges like a test-mode bank, books each once.

`FakeBank` decides: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined,
4000 0000 0000 9995 has insufficient funds, other Luhn-valid numbers succeed; a seeded failure
rate, a lost-response rate and a delay allow fault tests. The bank books every decision in its
ledger under the intent's id, once, so a void booked first refuses a charge arriving later.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol, cast

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from ordering.checkout.payment.cards import CardNumber
from ordering.checkout.payment.model import Transition, settlement
from ordering.persistence.orm import BankLedgerRow


@dataclass(frozen=True, slots=True)
class BankDecision:
    approved: bool
    code: str | None = None
    message: str | None = None
    lost_response: bool = False  # the bank decided, but the answer does not reach the caller

    @property
    def settlement(self) -> Transition:
        """The intent's step this decision settles it by."""
        return settlement(approved=self.approved, code=self.code, message=self.message)


TEST_CARDS: dict[str, tuple[str, str] | None] = {
    "4242424242424242": None,
    "4000000000000002": ("card_declined", "the card was declined"),
    "4000000000009995": ("insufficient_funds", "the card has insufficient funds"),
    "4000000000000069": ("expired_card", "the card has expired"),
    "4000000000000119": ("processing_error", "the bank could not process the card"),
}


VOIDED = BankDecision(False, "not_charged", "the bank never completed this charge")


class BankLedger(Protocol):
    """The bank's own book: one decision per reference (the intent id), booked once."""

    def book(self, reference: str, decision: BankDecision) -> BankDecision:
        """Book `decision` unless the reference has one already; return what stands."""
        ...

    def find(self, reference: str) -> BankDecision | None: ...


class InMemoryBankLedger:
    def __init__(self) -> None:
        self._book: dict[str, BankDecision] = {}
        self._lock = threading.Lock()

    def book(self, reference: str, decision: BankDecision) -> BankDecision:
        with self._lock:
            return self._book.setdefault(reference, replace(decision, lost_response=False))

    def find(self, reference: str) -> BankDecision | None:
        with self._lock:
            return self._book.get(reference)


class SqlBankLedger:
    """The fake bank's book in its own table (the bank is a separate party: no foreign keys)."""

    def __init__(self, sessions: sessionmaker[Session], *, clock: Callable[[], datetime]) -> None:
        self._sessions = sessions
        self._clock = clock

    def book(self, reference: str, decision: BankDecision) -> BankDecision:
        with self._sessions() as session:
            session.add(
                BankLedgerRow(
                    reference=reference,
                    approved=decision.approved,
                    code=decision.code,
                    message=decision.message,
                    booked_at=self._clock(),
                )
            )
            try:
                session.commit()
                return replace(decision, lost_response=False)
            except IntegrityError:
                session.rollback()  # booked before (or voided): that decision stands
        found = self.find(reference)
        assert found is not None
        return found

    def find(self, reference: str) -> BankDecision | None:
        with self._sessions() as session:
            row = session.get(BankLedgerRow, reference)
            return None if row is None else BankDecision(row.approved, row.code, row.message)


class FakeBank:
    """Decides charges like a test-mode bank. Faults: `failure_rate` declines at random,
    `lost_response_rate` loses the answer after the charge, `delay` seconds per call; the
    randomness comes from `seed` so fault tests are repeatable."""

    def __init__(
        self,
        *,
        failure_rate: float = 0.0,
        lost_response_rate: float = 0.0,
        delay: float = 0.0,
        seed: int | None = 0,
        sleep: Callable[[float], None] = time.sleep,
        ledger: BankLedger | None = None,
    ) -> None:
        self.ledger: BankLedger = ledger or InMemoryBankLedger()
        for name, rate in (
            ("failure_rate", failure_rate),
            ("lost_response_rate", lost_response_rate),
        ):
            if not 0.0 <= rate <= 1.0:
                raise ValueError(f"{name} must be between 0 and 1")
        self.failure_rate = failure_rate
        self.lost_response_rate = lost_response_rate
        self.delay = delay
        self._rng = random.Random(seed)
        self._rng_lock = threading.Lock()  # only keeps the seeded sequence intact across threads
        self._sleep = sleep

    def _draw(self) -> float:
        with self._rng_lock:
            return self._rng.random()

    def charge(
        self, *, amount: int, currency: str, card: CardNumber | None, reference: str
    ) -> BankDecision:
        """Decide one charge (`card` None is a voice payment, confirmed by the customer) and
        book it under `reference`; a reference already booked (or voided) keeps its decision."""
        if self.delay > 0:
            self._sleep(self.delay)
        fails, loses = self._draw() < self.failure_rate, self._draw() < self.lost_response_rate
        if card is not None and TEST_CARDS.get(card.digits) is not None:
            code, message = cast(tuple[str, str], TEST_CARDS[card.digits])
            decision = BankDecision(False, code, message)
        elif fails:
            decision = BankDecision(False, "processing_error", "the bank is unavailable (fault)")
        else:
            decision = BankDecision(True)
        booked = self.ledger.book(reference, decision)
        return replace(booked, lost_response=loses)

    def void(self, reference: str) -> BankDecision:
        """Close `reference`: its booked decision, or a void that refuses any later charge."""
        return self.ledger.book(reference, VOIDED)
