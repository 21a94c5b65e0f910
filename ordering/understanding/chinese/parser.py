"""`parse_chinese(lexicon, text)`: one Chinese utterance to `order-parse/1`."""

from __future__ import annotations

from dataclasses import dataclass

from ordering.understanding.chinese import cues, grammar
from ordering.understanding.chinese.lexicon import ChineseLexicon
from ordering.understanding.chinese.lines import build_lines
from ordering.understanding.chinese.segment import Token, segment
from ordering.understanding.chinese.unmatched import unknown_foods
from ordering.understanding.drafts import Lines, finish_line, reference_line
from ordering.understanding.order_parse import OrderParse, ParsedLine

_FOOD_INTENTS = frozenset(
    {"add_items", "remove_items", "modify_items", "replace_item", "ask_price", "ask_menu"}
)


@dataclass(frozen=True, slots=True)
class _Utterance:
    tokens: list[Token]
    masked: str

    @property
    def has_products(self) -> bool:
        return any(token.products for token in self.tokens)

    @property
    def has_options(self) -> bool:
        return any(token.options and not token.products for token in self.tokens)

    @property
    def words(self) -> list[str]:
        """The words said, without marks and tone particles."""
        return [
            token.text
            for token in self.tokens
            if token.kind != "mark" and token.text not in grammar.PARTICLES
        ]


def _mask(tokens: list[Token]) -> str:
    parts: list[str] = []
    for token in tokens:
        if token.products:
            parts.append(cues.ITEM)
        elif token.options:
            parts.append(cues.OPT)
        elif token.kind == "qty":
            parts.append(cues.QTY)
        elif token.kind == "mark":
            parts.append(",")
        else:
            parts.append(token.text)
    return "".join(parts)


def _lines(lexicon: ChineseLexicon, built: Lines) -> tuple[ParsedLine, ...]:
    return tuple(finish_line(lexicon.rules, draft) for draft in built.drafts)


def _lines_or_reference(lexicon: ChineseLexicon, built: Lines) -> tuple[ParsedLine, ...]:
    if built.product_drafts():
        return _lines(lexicon, built)
    if built.pronoun or built.loose_quantity is not None or built.loose_options:
        return (reference_line(built.loose_quantity, built.loose_options),)
    return ()


def _split_at_verb(tokens: list[Token]) -> tuple[list[Token], list[Token], bool] | None:
    """(before, after, backwards) around the first change verb; `backwards` when the new thing
    comes first ("用美式代替拿铁")."""
    for index, token in enumerate(tokens):
        if token.kind == "word" and token.text in grammar.REPLACE_VERBS:
            before = [t for t in tokens[:index] if not t.is_word("把", "将", "用", "拿")]
            after = tokens[index + 1 :]
            return before, after, token.text in grammar.REPLACE_BACKWARDS
    return None


def _split_not_but(tokens: list[Token]) -> tuple[list[Token], list[Token]] | None:
    """(old, new) of "不要拿铁了，要美式" / "拿铁不要了，换美式"."""
    for index, token in enumerate(tokens):
        if not token.is_word("不要", "不要了", "别要"):
            continue
        rest = tokens[index + 1 :]
        if token.text == "不要" and rest and rest[0].products:
            end = 1
            while end < len(rest) and (
                rest[end].kind in ("food", "qty")
                and not rest[end].products
                or rest[end].is_word("了", "的")
            ):
                end += 1
            old, new = rest[:end], rest[end:]
        else:
            old, new = tokens[:index], rest
        if any(t.products for t in old) and any(t.products for t in new):
            return old, new
    return None


def _replacement(lexicon: ChineseLexicon, utterance: _Utterance) -> OrderParse | None:
    tokens = utterance.tokens
    split = _split_at_verb(tokens)
    if split is not None:
        before, after, backwards = split
        new_tokens, old_tokens = (before, after) if backwards else (after, before)
    else:
        pair = _split_not_but(tokens)
        if pair is None:
            return None
        old_tokens, new_tokens = pair
    new, old = build_lines(lexicon, new_tokens), build_lines(lexicon, old_tokens)
    if new.product_drafts():
        return OrderParse(
            "replace_item",
            _lines(lexicon, new),
            _lines_or_reference(lexicon, old) or (reference_line(None, []),),
        )
    # "拿铁换成大杯", "改成两个": a change to the line, not a new one
    if new.loose_quantity is None and not new.loose_options:
        return None
    both = build_lines(lexicon, [*old_tokens, *new_tokens])
    lines = _lines_or_reference(lexicon, both)
    if not both.product_drafts():
        lines = (reference_line(new.loose_quantity, new.loose_options),)
    return OrderParse("modify_items", lines)


def _ask_menu(lexicon: ChineseLexicon, utterance: _Utterance) -> OrderParse:
    category = _category(lexicon, utterance.tokens)
    kept = [
        token
        for token in utterance.tokens
        if not (category is not None and token.meaning.category == category)
    ]
    built = build_lines(lexicon, kept)
    return OrderParse("ask_menu", _lines(lexicon, built), category=category)


_WHAT = frozenset({"有什么", "什么", "有哪些", "哪些", "哪种", "有啥", "啥", "哪几种", "有没有"})


def _category(lexicon: ChineseLexicon, tokens: list[Token]) -> str | None:
    """The one category the question names: a word of the feed's categories, else the words
    right after (or before) "有什么"/"哪些" when they end the names of one category's products
    ("有什么粥", "汉堡有哪些")."""
    named = {token.meaning.category for token in tokens if token.meaning.category}
    if len(named) == 1:
        return next(iter(named))
    if named:
        return None
    found: set[str] = set()
    for index, token in enumerate(tokens):
        if not (token.kind == "word" and token.text in _WHAT):
            continue
        after = _run(tokens[index + 1 :])
        before = _run(tokens[:index][::-1])[::-1]
        for run in (after, before):
            category = lexicon.category_named("".join(t.text for t in run))
            if category is not None:
                found.add(category)
    return next(iter(found)) if len(found) == 1 else None


def _run(tokens: list[Token]) -> list[Token]:
    """The food or unknown words at the start of `tokens`."""
    out: list[Token] = []
    for token in tokens:
        kind_noun = token.kind == "word" and token.text in grammar.KIND_NOUNS
        if not (token.kind in ("unknown", "food") or kind_noun) or token.options:
            break
        out.append(token)
    return out


def _item_intent(lexicon: ChineseLexicon, utterance: _Utterance) -> OrderParse | None:
    masked = utterance.masked
    if cues.REPLACE.search(masked) or utterance.has_products:
        replaced = _replacement(lexicon, utterance)
        if replaced is not None:
            return replaced
    built = build_lines(lexicon, utterance.tokens)
    referred = bool(built.product_drafts()) or built.pronoun
    if cues.REMOVE.search(masked) and referred:
        return OrderParse("remove_items", _lines_or_reference(lexicon, built))
    framed = bool(cues.ORDER_FRAME.search(masked))
    counted = any(draft.quantity is not None for draft in built.product_drafts())
    if cues.MODIFY.search(masked) and not (framed or counted):
        lines = _lines_or_reference(lexicon, built)
        if lines:
            return OrderParse("modify_items", lines)
    if built.product_drafts():
        return OrderParse("add_items", _lines(lexicon, built))
    if unknown_foods(utterance.tokens) and (framed or _starts_with_quantity(utterance.tokens)):
        return OrderParse("add_items")
    if built.loose_options:
        return OrderParse("modify_items", _lines_or_reference(lexicon, built))
    if built.loose_quantity is not None and framed:
        return OrderParse("add_items", (reference_line(built.loose_quantity, []),))
    return None


def _starts_with_quantity(tokens: list[Token]) -> bool:
    return bool(tokens) and tokens[0].kind == "qty"


def _classify(lexicon: ChineseLexicon, utterance: _Utterance) -> OrderParse:
    masked = utterance.masked
    products = utterance.has_products
    words = utterance.words
    if not words:
        return OrderParse("out_of_scope")
    referred = products or any(t.text in grammar.REFERENCES for t in utterance.tokens)
    if cues.OTHER_REQUESTS.search(masked):
        return OrderParse("out_of_scope")
    if cues.PRICE.search(masked):
        return OrderParse("ask_price", _lines(lexicon, build_lines(lexicon, utterance.tokens)))
    if cues.PAY.search(masked) and not products:
        return OrderParse("pay", payment_method=cues.payment_method(masked))
    if not products and cues.HELP.search(masked):
        return OrderParse("help")
    if not products and cues.REPEAT.search(masked):
        return OrderParse("repeat")
    if not products and cues.STORE.search(masked):
        return OrderParse("ask_store")
    if not referred and cues.CANCEL.search(masked):
        return OrderParse("cancel_order")
    if cues.MENU.search(masked):
        return _ask_menu(lexicon, utterance)
    if not products and not utterance.has_options:
        if cues.FINISH.search(masked):
            return OrderParse("finish")
        if cues.is_confirmation(words):
            return OrderParse("confirm")
    found = _item_intent(lexicon, utterance)
    if found is not None:
        return found
    if cues.DENY.search(masked):
        return OrderParse("deny")
    if cues.is_confirmation(words):
        return OrderParse("confirm")
    return OrderParse("out_of_scope")


def _with_unmatched(parsed: OrderParse, tokens: list[Token]) -> OrderParse:
    if parsed.intent not in _FOOD_INTENTS:
        return parsed
    foods = unknown_foods(tokens)
    if not foods:
        return parsed
    return OrderParse(
        parsed.intent,
        parsed.items,
        parsed.replaced,
        parsed.payment_method,
        parsed.category,
        foods,
    )


def parse_chinese(lexicon: ChineseLexicon, text: str) -> OrderParse:
    """What one Chinese utterance says, as `order-parse/1`."""
    tokens = segment(lexicon, text)
    utterance = _Utterance(tokens, _mask(tokens))
    return _with_unmatched(_classify(lexicon, utterance), tokens)
