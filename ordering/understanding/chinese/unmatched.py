"""Food the customer asked for that is not on the menu ("我要一个披萨" -> "披萨").

A run of unknown characters counts as a food only where an order puts a food: right after a
quantity ("一份炒面") or an order verb ("我要披萨"). The number and measure word are not part
of it, nor are tone particles.
"""

from __future__ import annotations

from ordering.understanding.chinese import grammar
from ordering.understanding.chinese.segment import Token

_CLOSERS = grammar.SEPARATORS | {"吧", "吗", "呢", "啊", "呀", "了", "的", "谢谢", "就好"}
_OPENERS = grammar.ORDER_VERBS | {"和", "跟", "还有", "还要", "再来", "再要", "加"}


def unknown_foods(tokens: list[Token]) -> tuple[str, ...]:
    """The unknown food words of an utterance, in order."""
    foods: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        opens = token.kind == "qty" or (token.kind == "word" and token.text in _OPENERS)
        index += 1
        if not opens:
            continue
        while index < len(tokens) and tokens[index].kind == "qty":
            index += 1
        run = ""
        while index < len(tokens) and tokens[index].kind == "unknown":
            run += tokens[index].text
            index += 1
        ends = (
            index >= len(tokens)
            or tokens[index].kind == "mark"
            or (
                tokens[index].kind == "word"
                and (tokens[index].text in grammar.PARTICLES or tokens[index].text in _CLOSERS)
            )
        )
        describes = (
            index + 1 < len(tokens)
            and tokens[index].text == "的"
            and bool(tokens[index + 1].products)
        )
        if run and ends and not describes and run not in grammar.PARTICLES:
            foods.append(run)  # a food ends the phrase ("给我讲个笑话" is no order of 讲个)
    return tuple(foods)
