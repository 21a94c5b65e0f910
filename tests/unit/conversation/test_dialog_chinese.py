"""A conversation in Chinese: the language of each turn decides the language of its reply."""

from __future__ import annotations

import re

import pytest

from menu.model import Menu
from ordering.conversation.replies import language_of
from ordering.understanding import Lexicon, compile_lexicon
from tests.unit.conversation.test_dialog import Conversation, OneStore

_LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture(scope="module")
def lexicon(reference_menu: Menu) -> Lexicon:
    return compile_lexicon(reference_menu)


@pytest.fixture
def chat(reference_menu: Menu, lexicon: Lexicon) -> Conversation:
    return Conversation(reference_menu, lexicon)


def english_words(reply: str) -> list[str]:
    """Latin words of a reply other than the store's name (the catalogue has one spelling)."""
    return _LATIN_WORD.findall(reply.replace("Shanghai Xujiahui", ""))


def test_language_of_a_turn() -> None:
    assert language_of("一杯拿铁") == "zh"
    assert language_of("一杯 latte") == "zh"
    assert language_of("a latte") == "en"


def test_a_whole_order_in_chinese(chat: Conversation) -> None:
    reply = chat.say("两个蛋挞和一杯拿铁")
    assert "葡式蛋挞" in reply and "杯型" in reply and "大杯" in reply
    assert chat.say("大杯").endswith("还需要别的吗？")
    reply = chat.say("就这些")
    assert "2份葡式蛋挞，¥15.00" in reply and "1份拿铁（大杯），¥20.00" in reply
    assert "合计¥35.00" in reply and "距离420米" in reply and reply.endswith("要下单吗？")
    assert chat.state.status == "awaiting_confirmation"
    reply = chat.say("好的")
    assert chat.state.status == "paid"
    assert "已支付¥35.00" in reply and "取餐码是0 4 2 7" in reply
    assert all(english_words(said) == [] for said in chat.replies)


def test_questions_and_refusals_in_chinese(chat: Conversation) -> None:
    assert "咖啡有：" in chat.say("有什么咖啡")
    assert "香辣鸡腿堡" in chat.say("一个香辣鸡腿堡") and "10:30" in chat.replies[-1]
    assert chat.lines() == []
    assert "没有披萨" in chat.say("我要一个披萨")
    chat.say("来个粥套餐")
    assert "¥15.00" in chat.say("多少钱")
    assert "离您最近的营业门店" in chat.say("最近的店在哪里")
    assert "刷卡" in chat.say("刷卡")
    assert "取消整个订单" in chat.say("取消订单")
    assert chat.say("是的") == "您的订单已取消。"
    assert all(english_words(said) == [] for said in chat.replies)


def test_bare_chinese_answers_to_a_set_question(chat: Conversation) -> None:
    assert "猪柳芝士帕尼尼" in chat.say("一个帕尼尼套餐")
    chat.say("猪柳的")
    line = chat.state.order.to_dict()["lines"][0]
    assert line["choices"]["main"]["id"] == "pork-cheese-panini"


def test_each_turn_is_answered_in_its_own_language(chat: Conversation) -> None:
    assert chat.say("an americano").startswith("Added 1 Americano")
    assert chat.say("中杯") == "好的，1份美式咖啡（中杯）。还需要别的吗？"
    assert chat.say("that's all").startswith("That's 1 medium Americano, ¥15.00.")


def test_no_store_open_in_chinese(reference_menu: Menu, lexicon: Lexicon) -> None:
    chat = Conversation(reference_menu, lexicon, stores=OneStore(None))
    chat.say("一根油条")
    assert chat.say("就这些") == "抱歉，您附近现在没有营业的门店。"


def test_an_answer_that_says_more_than_was_asked(chat: Conversation) -> None:
    chat.say("一杯拿铁")
    assert chat.say("大杯，冰的") == "好的，1份拿铁（冰、大杯）。还需要别的吗？"
    assert chat.lines() == [("latte", 1, ["iced", "size-large", "whole-milk"])]
