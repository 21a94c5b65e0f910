"""The dialog, turn by turn, with a fixed store and a checkout that always succeeds."""

from __future__ import annotations

from datetime import datetime

import pytest

from menu.model import Menu
from ordering.checkout.orders import Order, PaymentSummary, StoreRef
from ordering.checkout.status import OrderStatus
from ordering.conversation.dialog import DialogState, respond
from ordering.understanding import Lexicon, compile_lexicon, parse

BREAKFAST = datetime.fromisoformat("2025-03-18T08:00:00+08:00")


NEARBY = StoreRef("s-1", "Shanghai Xujiahui", 420)


class OneStore:
    def __init__(self, store: StoreRef | None = NEARBY) -> None:
        self.store = store

    def nearest_open(self, at: datetime) -> StoreRef | None:
        return self.store


class AlwaysPays:
    def place(self, order: Order, *, method: str) -> Order:
        return order.mark_paid(PaymentSummary(method, "succeeded", order.total), pickup_code="0427")

    def cancel(self, order: Order) -> Order:
        if order.status is OrderStatus.PAID:
            order = order.mark_refunded()
        return order.cancel()


@pytest.fixture(scope="module")
def lexicon(reference_menu: Menu) -> Lexicon:
    return compile_lexicon(reference_menu)


class Conversation:
    def __init__(self, menu: Menu, lexicon: Lexicon, at: datetime = BREAKFAST, stores=None):  # type: ignore[no-untyped-def]
        self.menu, self.lexicon, self.at = menu, lexicon, at
        self.stores = stores or OneStore()
        self.state = DialogState(Order.start(menu))
        self.replies: list[str] = []

    def say(self, text: str) -> str:
        result = respond(
            self.state,
            text,
            parse(self.lexicon, text),
            menu=self.menu,
            at=self.at,
            stores=self.stores,
            cashier=AlwaysPays(),
        )
        self.state = result.state
        self.replies.append(result.reply)
        return result.reply

    def lines(self) -> list[tuple[str, int, list[str]]]:
        lines = self.state.order.to_dict()["lines"]
        return [(line["id"], line["quantity"], line["options"]) for line in lines]


@pytest.fixture
def chat(reference_menu: Menu, lexicon: Lexicon) -> Conversation:
    return Conversation(reference_menu, lexicon)


def test_asks_for_a_required_size_and_understands_a_bare_answer(chat: Conversation) -> None:
    assert "size" in chat.say("could I have an americano").lower()
    chat.say("a big one")
    assert chat.lines() == [("americano", 1, ["hot", "size-large"])]


def test_an_option_no_item_ordered_can_take_is_left_off_and_said_so(chat: Conversation) -> None:
    reply = chat.say("two egg tarts with oat milk")
    assert "oat milk doesn't go with what you ordered, so I left it off" in reply
    assert chat.lines() == [("egg-tart", 2, [])]
    assert "left" not in chat.say("and a large latte with oat milk")


def test_asks_which_item_for_a_set_slot_and_understands_a_description(chat: Conversation) -> None:
    assert "panini" in chat.say("one panini set please").lower()
    chat.say("the bacon one")
    line = chat.state.order.to_dict()["lines"][0]
    assert line["choices"]["main"]["id"] == "bacon-egg-panini"
    assert line["unit_price"] == 2400


def test_read_back_then_yes_pays_and_gives_a_pickup_code(chat: Conversation) -> None:
    chat.say("two egg tarts")
    reply = chat.say("that's everything")
    assert "Shall I place the order" in reply and "Shanghai Xujiahui" in reply and "¥15.00" in reply
    assert chat.state.status == "awaiting_confirmation"
    assert "0 4 2 7" in chat.say("yes please")
    assert chat.state.status == "paid"


@pytest.mark.parametrize(
    "text", ["yes place the order", "place the order", "sure thing", "charge my card"]
)
def test_other_ways_of_agreeing_at_the_read_back_keep_it(chat: Conversation, text: str) -> None:
    chat.say("two egg tarts")
    chat.say("that's all")
    chat.say(text)
    assert chat.state.status in ("paid", "awaiting_confirmation")  # never reopened


def test_an_unsure_turn_is_asked_about_instead_of_guessed(chat: Conversation) -> None:
    chat.say("two egg tarts")
    chat.say("that's all")
    assert chat.say("yeah go on then") == "Sorry, did you want to place the order?"
    assert chat.state.status == "awaiting_confirmation"
    assert "0 4 2 7" in chat.say("yes")
    assert chat.state.status == "paid"


def test_no_to_an_unsure_turn_reopens_like_any_no(chat: Conversation) -> None:
    chat.say("a hash brown")
    chat.say("that's all")
    chat.say("yeah go on then")
    assert "change" in chat.say("no")
    assert chat.state.status == "open"


def test_no_at_the_read_back_reopens_for_changes(chat: Conversation) -> None:
    chat.say("a hash brown and a tea egg")
    chat.say("that's all")
    chat.say("no")
    assert chat.state.status == "open"
    chat.say("remove the tea egg")
    assert chat.lines() == [("hash-brown", 1, [])]


def test_lunch_items_are_refused_at_breakfast_with_their_start(chat: Conversation) -> None:
    reply = chat.say("a zinger burger and a tea egg")
    assert "10:30" in reply
    assert chat.lines() == [("tea-egg", 1, [])]


def test_limits_are_enforced(chat: Conversation) -> None:
    assert "at most 20" in chat.say("twenty one tea eggs")
    assert chat.lines() == []
    chat.say("two tea eggs")
    assert "at most 20" in chat.say("make that forty")
    assert chat.lines() == [("tea-egg", 2, [])]


def test_corrections_removals_and_replacements_hit_the_right_line(chat: Conversation) -> None:
    chat.say("a small latte and three egg tarts")
    chat.say("make the latte iced")
    chat.say("take off one egg tart")
    chat.say("change the latte to a small americano")
    assert sorted(chat.lines()) == [
        ("americano", 1, ["hot", "size-small"]),
        ("egg-tart", 2, []),
    ]


def test_identical_lines_are_merged(chat: Conversation) -> None:
    chat.say("a tea egg")
    chat.say("another tea egg")
    assert chat.lines() == [("tea-egg", 2, [])]


def test_unknown_food_is_said_not_invented(chat: Conversation) -> None:
    reply = chat.say("a pizza and a youtiao")
    assert "pizza" in reply
    assert chat.lines() == [("youtiao", 1, [])]


def test_cancel_asks_first(chat: Conversation) -> None:
    chat.say("a youtiao")
    assert "cancel" in chat.say("cancel my order").lower()
    chat.say("no")
    assert chat.state.status == "open"
    chat.say("cancel the order")
    chat.say("yes")
    assert chat.state.status == "cancelled"


def test_questions_are_answered(chat: Conversation) -> None:
    assert "Latte" in chat.say("what coffee do you have")
    assert "¥" in chat.say("how much is a large latte")
    assert "Shanghai Xujiahui" in chat.say("where is the nearest store")
    chat.say("an egg tart")
    assert "egg tart" in chat.say("what's in my order").lower()


def test_card_payment_is_remembered(chat: Conversation) -> None:
    chat.say("a tea egg")
    chat.say("I'll pay by card")
    chat.say("that's all")
    chat.say("yes")
    assert chat.state.order.to_dict()["payment"]["method"] == "card"


def test_no_open_store_is_a_clear_answer(reference_menu: Menu, lexicon: Lexicon) -> None:
    chat = Conversation(reference_menu, lexicon, stores=OneStore(None))
    chat.say("a tea egg")
    assert "no store" in chat.say("that's all").lower()
    assert chat.state.status == "open"


def test_nothing_orderable_before_opening(reference_menu: Menu, lexicon: Lexicon) -> None:
    chat = Conversation(
        reference_menu, lexicon, at=datetime.fromisoformat("2025-03-18T05:30:00+08:00")
    )
    assert "06:00" in chat.say("a hash brown")
    assert "empty" in chat.say("that's all").lower()


def test_a_new_item_does_not_answer_the_pending_question(chat: Conversation) -> None:
    chat.say("an americano")
    chat.say("two egg tarts and a large latte")
    lines = {line[0]: line for line in chat.lines()}
    assert lines["latte"] == ("latte", 1, ["hot", "size-large", "whole-milk"])
    assert lines["americano"] == ("americano", 1, ["hot"])  # still asking its size
    assert "size for the Americano" in chat.replies[-1]
