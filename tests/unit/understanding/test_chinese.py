"""Chinese utterances: the same `order-parse/1` as English, with the feed's Chinese names."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from menu.feed import read_feed_file
from menu.model import Menu
from ordering.understanding import Lexicon, compile_lexicon, parse
from ordering.understanding.chinese.numerals import numeral_value
from ordering.understanding.chinese.segment import segment
from tests.conftest import SECOND_FEED
from tests.unit.understanding.test_parse import check, line

CHINESE_PACKAGE = Path(__file__).parents[3] / "ordering" / "understanding" / "chinese"


@pytest.fixture(scope="session")
def bagel_lexicon() -> Lexicon:
    return compile_lexicon(read_feed_file(SECOND_FEED).menu)


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("一", 1),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十五", 25),
        ("一百零五", 105),
        ("3", 3),
        ("几", None),
        ("二三", None),
    ],
)
def test_numerals(said: str, value: int | None) -> None:
    units = [said] if said.isdigit() else list(said)
    assert numeral_value(units) == value


def test_segmentation_prefers_whole_names(lexicon: Lexicon) -> None:
    assert lexicon.chinese is not None
    assert [t.text for t in segment(lexicon.chinese, "一杯热牛奶")] == ["一杯", "热牛奶"]
    assert [t.text for t in segment(lexicon.chinese, "不要蛋挞了")] == ["不要", "蛋挞", "了"]
    assert [t.text for t in segment(lexicon.chinese, "大杯冰美式")] == ["大杯", "冰", "美式"]


def test_quantities_and_measure_words(lexicon: Lexicon) -> None:
    check(lexicon, "三碗皮蛋粥", "add_items", line("century-egg-congee", 3))
    check(lexicon, "来根油条", "add_items", line("youtiao", 1))
    check(lexicon, "我要豆浆", "add_items", line("soy-milk"))
    check(lexicon, "十二个蛋挞", "add_items", line("egg-tart", 12))
    check(lexicon, "半打蛋挞", "add_items", line("egg-tart", 6))
    check(lexicon, "拿铁两杯，薯饼一个", "add_items", line("latte", 2), line("hash-brown", 1))
    check(lexicon, "2杯美式", "add_items", line("americano", 2))


def test_options_before_and_after_the_item(lexicon: Lexicon) -> None:
    check(lexicon, "两杯大杯冰拿铁", "add_items", line("latte", 2, "iced", "size-large"))
    check(
        lexicon,
        "拿铁，大杯，冰的，燕麦奶",
        "add_items",
        line("latte", None, "iced", "oat-milk", "size-large"),
    )
    check(
        lexicon,
        "大杯豆浆不加糖",
        "add_items",
        line("soy-milk", None, "size-large-drink", "sugar-none"),
    )
    check(lexicon, "一个薯饼，要辣酱", "add_items", line("hash-brown", 1, "sauce-chili"))
    check(lexicon, "橙汁少放点冰", "add_items", line("orange-juice", None, "ice-less"))
    check(lexicon, "一杯热牛奶", "add_items", line("hot-milk", 1))
    check(
        lexicon,
        "两杯拿铁，一杯冰的一杯热的",
        "add_items",
        line("latte", 1, "iced"),
        line("latte", 1, "hot"),
    )


def test_several_items_and_sets(lexicon: Lexicon) -> None:
    check(
        lexicon,
        "两个茶叶蛋、一根油条还要一杯奶茶",
        "add_items",
        line("tea-egg", 2),
        line("youtiao", 1),
        line("milk-tea", 1),
    )
    check(
        lexicon,
        "一个帕尼尼套餐，猪柳帕尼尼，蛋挞，拿铁",
        "add_items",
        line(
            "panini-set",
            1,
            choices={"main": "pork-cheese-panini", "side": "egg-tart", "drink": "latte"},
        ),
    )
    check(
        lexicon, "一个粥套餐，还要一根油条", "add_items", line("congee-set", 1), line("youtiao", 1)
    )


def test_mixed_chinese_and_english(lexicon: Lexicon) -> None:
    check(lexicon, "一杯 latte", "add_items", line("latte", 1))
    check(
        lexicon,
        "两个 egg tarts 和一杯 large latte",
        "add_items",
        line("egg-tart", 2),
        line("latte", 1, "size-large"),
    )


def test_changes(lexicon: Lexicon) -> None:
    check(lexicon, "我不要奶茶了", "remove_items", line("milk-tea"))
    check(lexicon, "去掉一个蛋挞", "remove_items", line("egg-tart", 1))
    check(lexicon, "这个不要了", "remove_items", line(None))
    check(
        lexicon, "把豆浆换成橙汁", "replace_item", line("orange-juice"), replaced=[line("soy-milk")]
    )
    check(lexicon, "用美式代替拿铁", "replace_item", line("americano"), replaced=[line("latte")])
    check(lexicon, "换成一杯奶茶", "replace_item", line("milk-tea", 1), replaced=[line(None)])
    check(lexicon, "美式改成中杯", "modify_items", line("americano", None, "size-medium"))
    check(lexicon, "改成三个", "modify_items", line(None, 3))
    check(lexicon, "要冰的", "modify_items", line(None, None, "iced"))


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("就这些吧", "finish"),
        ("没有了", "finish"),
        ("好的", "confirm"),
        ("确认下单", "confirm"),
        ("不是", "deny"),
        ("不对", "deny"),
        ("取消订单", "cancel_order"),
        ("菜单有什么", "ask_menu"),
        ("一共多少钱", "ask_price"),
        ("附近的门店在哪", "ask_store"),
        ("在哪里取餐", "ask_store"),
        ("再说一遍", "repeat"),
        ("我该怎么点", "help"),
        ("帮我放首歌", "out_of_scope"),
        ("你好", "out_of_scope"),
    ],
)
def test_intents_without_items(lexicon: Lexicon, text: str, intent: str) -> None:
    check(lexicon, text, intent)


def test_questions(lexicon: Lexicon) -> None:
    check(lexicon, "有什么饮品", "ask_menu", category="drinks")
    check(lexicon, "有哪些粥", "ask_menu", category="congee")
    check(lexicon, "两根油条多少钱", "ask_price", line("youtiao", 2))
    check(lexicon, "我用刷卡付", "pay", payment_method="card")
    check(lexicon, "语音支付吧", "pay", payment_method="voice")


def test_off_menu_food(lexicon: Lexicon) -> None:
    check(lexicon, "来一碗牛肉面", "add_items", unmatched=["牛肉面"])
    check(lexicon, "我要一份炒饭和一个蛋挞", "add_items", line("egg-tart", 1), unmatched=["炒饭"])
    check(lexicon, "给我讲个故事", "out_of_scope")


def test_another_feed(bagel_lexicon: Lexicon) -> None:
    check(
        bagel_lexicon, "两个原味贝果，加奶油奶酪", "add_items", line("plain-bagel", 2, "cc-plain")
    )
    check(
        bagel_lexicon,
        "一杯大杯冷萃加燕麦奶",
        "add_items",
        line("cold-brew", 1, "cup-large", "milk-oat"),
    )
    check(
        bagel_lexicon,
        "来个贝果套餐，全料贝果，卡布奇诺",
        "add_items",
        line("bagel-deal", 1, choices={"bagel": "everything-bagel", "beverage": "cappuccino"}),
    )
    check(
        bagel_lexicon,
        "丹佛煎蛋卷不要洋葱",
        "add_items",
        line("denver-omelette", None, "onion-none"),
    )
    check(bagel_lexicon, "有什么果汁", "ask_menu", category="cold-drinks")


def _literals(path: Path) -> list[str]:
    """The string literals of a module that are not docstrings."""
    tree = ast.parse(path.read_text("utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    docstrings |= {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


@pytest.mark.parametrize("feed", ["reference", "bagel"])
def test_no_menu_word_is_written_in_the_code(menu: Menu, feed: str) -> None:
    """Every food word comes from the feed: no string in the package's code holds a product's
    or a multi-character option's Chinese name, nor a product id."""
    chosen = menu if feed == "reference" else read_feed_file(SECOND_FEED).menu
    literals = [text for path in CHINESE_PACKAGE.glob("*.py") for text in _literals(path)]
    names = [p.name.zh for p in chosen.products()] + [p.id for p in chosen.products()]
    names += [o.name.zh for g in chosen.modifier_groups for o in g.options if len(o.name.zh) > 1]
    assert [name for name in names if any(name in text for text in literals)] == []


def test_english_is_untouched(lexicon: Lexicon) -> None:
    check(
        lexicon,
        "two egg tarts and a large latte",
        "add_items",
        line("egg-tart", 2),
        line("latte", 1, "size-large"),
    )
    assert parse(lexicon, "").intent == "out_of_scope"
