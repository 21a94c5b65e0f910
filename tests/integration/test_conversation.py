"""Conversations live in the database: any process can take the next turn (SQLite and
PostgreSQL), and a repeated confirmation never charges twice."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from ordering.bootstrap import Services, build_services
from ordering.config import Settings
from ordering.conversation import use_cases as conversation
from ordering.errors import SessionNotFound
from ordering.understanding import parse

AT = datetime.fromisoformat("2025-03-18T08:00:00+08:00")
NEAR = (31.2304, 121.4737)


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=database_url, data_dir=tmp_path, store_count=500)


@pytest.fixture
def two_processes(settings: Settings) -> Iterator[tuple[Services, Services]]:
    first, second = build_services(settings), build_services(settings)
    yield first, second
    first.close()
    second.close()


def turn(
    services: Services, session_id: str, text: str, bearer: conversation.Bearer | None = None
) -> conversation.StoredTurn:
    return conversation.take_turn(
        uow=services.uow,
        session_id=session_id,
        text=text,
        parsed=parse(services.lexicon(), text),
        menu=services.menu().menu,
        at=AT,
        stores=services.store_finder(),
        gateway=services.payments,
        bearer=bearer,
    )


def test_a_session_started_in_one_process_continues_in_another(
    two_processes: tuple[Services, Services],
) -> None:
    first, second = two_processes
    loaded = first.menu()
    started = conversation.start_conversation(
        uow=first.uow(), menu=loaded.menu, menu_checksum=loaded.checksum, near=NEAR
    )
    assert "size" in turn(first, started.id, "an americano").reply
    turn(second, started.id, "small")  # the pending question is remembered in the database
    assert turn(first, started.id, "that's all").state.status == "awaiting_confirmation"
    paid = turn(second, started.id, "yes").state.order
    assert paid.status.value == "paid" and paid.total == 1200
    # "yes" again: nothing more is charged
    again = turn(first, started.id, "yes")
    assert "pickup code" in again.reply
    intents = first.payments.find_by_order(paid.id)
    assert [i.status.value for i in intents].count("succeeded") == 1


def test_a_turn_needs_the_session_token_when_a_bearer_is_given(
    two_processes: tuple[Services, Services],
) -> None:
    services, _ = two_processes
    loaded = services.menu()
    token = conversation.new_session_token()
    started = conversation.start_conversation(
        uow=services.uow(),
        menu=loaded.menu,
        menu_checksum=loaded.checksum,
        near=NEAR,
        token_hash=conversation.token_digest(token),
    )
    for wrong in (None, "not-the-token"):
        with pytest.raises(SessionNotFound):
            turn(services, started.id, "a latte", bearer=conversation.Bearer(wrong))
    taken = turn(services, started.id, "a large latte", bearer=conversation.Bearer(token))
    assert taken.number == 1
    stored, order = conversation.get_conversation(uow=services.uow(), session_id=started.id)
    assert stored.version == 1 and [line.product for line in order.lines] == ["latte"]


def test_an_unknown_session_is_a_clear_error(two_processes: tuple[Services, Services]) -> None:
    first, _ = two_processes
    with pytest.raises(SessionNotFound):
        turn(first, "no-such-session", "a latte")
