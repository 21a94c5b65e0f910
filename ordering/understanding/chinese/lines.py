"""Group tokens into order lines: each product with its own quantity, options and set choices.

Rules, all generic Chinese:
- a quantity opens a phrase; the next product takes it ("两杯拿铁"); a quantity after a product
  with none of its own is that product's ("拿铁两杯");
- an option right before a product (only other options or 的 between) describes it ("大杯冰美式");
  any other option describes the line said last that allows it ("美式，大杯，不加糖");
- items named after a set meal that are choices of its open slots fill them, unless a word such
  as 还要/另外 comes between ("粥套餐，牛肉粥，油条");
- "一杯冰的一杯热的" after "两杯拿铁" splits that line; "都要大杯" puts the option on every line;
- quantities and options with no product ("改成两个", "大杯") are loose: the parser turns them
  into a line about "that" when the intent refers to the last line.
"""

from __future__ import annotations

from ordering.understanding.chinese import grammar
from ordering.understanding.chinese.lexicon import ChineseLexicon
from ordering.understanding.chinese.segment import Token
from ordering.understanding.drafts import (
    Candidates,
    Component,
    Draft,
    Lines,
    Target,
    accepts,
    apply_to_all,
    split_parents,
    targets_back,
)

_BETWEEN_OPTION_AND_PRODUCT = frozenset({"的", "要", "一点"})


class _Builder:
    def __init__(self, lexicon: ChineseLexicon, tokens: list[Token]) -> None:
        self.lexicon = lexicon
        self.tokens = tokens
        self.drafts: list[Draft] = []
        self.quantity: Token | None = None
        self.options: list[Candidates] = []
        self.last: Target | None = None
        self.open_set: Draft | None = None
        self.set_broken = False
        self.all_pending = False
        self.all_options: list[Candidates] = []
        self.loose_quantity: int | None = None
        self.loose_options: list[Candidates] = []
        self.pronoun = False

    # ------------------------------------------------------------------ options
    def _accepts(self, target: Target, candidates: Candidates) -> bool:
        return accepts(self.lexicon.rules, target, candidates)

    def _targets_back(self) -> list[Target]:
        return targets_back(self.last, self.drafts)

    def _attach_back(self, candidates: Candidates, *, skip: Draft | None = None) -> bool:
        for target in self._targets_back():
            if target is not skip and self._accepts(target, candidates):
                target.options.append(candidates)
                return True
        return False

    def _option(self, index: int, candidates: Candidates) -> None:
        if self.all_pending:
            self.all_options.append(candidates)
        elif self._product_follows(index):
            self.options.append(candidates)
        elif self.quantity is not None and self.quantity.counted:
            self.options.append(candidates)  # "一杯冰的": settled when the phrase closes
        elif not self._attach_back(candidates):
            self.loose_options.append(candidates)

    def _product_follows(self, index: int) -> bool:
        for token in self.tokens[index + 1 :]:
            if token.kind == "food" and token.products:
                return True
            if token.kind == "food" and token.options:
                continue
            if token.kind == "word" and token.text in _BETWEEN_OPTION_AND_PRODUCT:
                continue
            return False
        return False

    # ------------------------------------------------------------------ phrases
    def _close(self) -> None:
        quantity, options = self.quantity, self.options
        self.quantity, self.options = None, []
        if quantity is None and not options:
            return
        parent = self._last_item()
        value = quantity.value if quantity is not None else None
        if (
            quantity is not None
            and quantity.counted
            and options
            and parent is not None
            and parent.quantity is not None
            and parent.quantity > 1
        ):
            child = Draft(parent.product, value, [*parent.options, *options], parent=parent)
            self.drafts.append(child)
            self.last = child
            return
        last = self.last
        if quantity is not None and isinstance(last, Draft) and last.quantity is None:
            last.quantity = value  # "拿铁两杯"
        elif quantity is not None and quantity.counted and self.loose_quantity is None:
            self.loose_quantity = value
        for candidates in options:
            if not self._attach_back(candidates):
                self.loose_options.append(candidates)

    def _last_item(self) -> Draft | None:
        for draft in reversed(self.drafts):
            if draft.parent is None and draft.product is not None:
                return None if self.lexicon.rules.is_combo(draft.product) else draft
        return None

    # ------------------------------------------------------------------ products
    def _product(self, index: int, token: Token) -> None:
        previous = self.tokens[index - 1] if index > 0 else None
        if (
            previous is not None
            and previous.products
            and previous.products[0] == token.products[0]
            and self.quantity is None
            and not self.options
        ):
            return  # one product named twice ("拿铁，拿铁咖啡")
        quantity, options = self.quantity, self.options
        self.quantity, self.options = None, []
        if self._fill_slot(token, quantity, options):
            return
        product = token.products[0]
        draft = Draft(product, quantity.value if quantity is not None else None)
        self.drafts.append(draft)
        self.last = draft
        for candidates in options:
            if self._accepts(draft, candidates) or not self._attach_back(candidates, skip=draft):
                draft.options.append(candidates)
        if self.lexicon.rules.is_combo(product):
            self.open_set = draft
            self.set_broken = False
        else:
            self.open_set = None

    def _fill_slot(self, token: Token, quantity: Token | None, options: list[Candidates]) -> bool:
        combo = self.open_set
        if combo is None or combo.product is None or self.set_broken:
            return False
        if quantity is not None and quantity.value not in (1, combo.quantity, None):
            return False
        filled = {component.slot for component in combo.components}
        for item in token.products:
            for slot in self.lexicon.rules.combos[combo.product]:
                if slot.id not in filled and item in slot.choices:
                    component = Component(slot.id, item, list(options))
                    combo.components.append(component)
                    self.last = component
                    return True
        return False

    # ------------------------------------------------------------------ words
    def _word(self, index: int, token: Token) -> None:
        following = self.tokens[index + 1] if index + 1 < len(self.tokens) else None
        text = token.text
        if token.kind == "mark" or text in grammar.SEPARATORS:
            self._close()
            if text in grammar.BREAKS_SET_MEAL:
                self.set_broken = True
            self.all_pending = False
            return
        if text in grammar.ALL_WORDS:
            self._close()
            self.all_pending = True
            return
        if text in grammar.REFERENCES and not (following is not None and following.products):
            self.pronoun = True

    def _food(self, index: int, token: Token) -> None:
        if token.products and token.options:
            # a word both a product and an option ("培根"): an option of the line just said
            # when that line takes it and no number asks for a product of its own
            if self.quantity is None and self.last is not None:
                if self._accepts(self.last, token.options):
                    self._option(index, token.options)
                    return
            self._product(index, token)
        elif token.products:
            self._product(index, token)
        elif token.options:
            self._option(index, token.options)

    def _quantity(self, token: Token) -> None:
        self._close()
        self.quantity = token

    def build(self) -> Lines:
        for index, token in enumerate(self.tokens):
            if token.kind == "qty":
                self._quantity(token)
            elif token.kind == "food":
                self._food(index, token)
            else:
                self._word(index, token)
        self._close()
        apply_to_all(self.lexicon.rules, self.drafts, self.all_options, self.loose_options)
        split_parents(self.drafts)
        return Lines(self.drafts, self.loose_quantity, self.loose_options, self.pronoun)


def build_lines(lexicon: ChineseLexicon, tokens: list[Token]) -> Lines:
    """Lines, loose quantity and options, and whether "那个"/"它" was said, for these tokens."""
    return _Builder(lexicon, tokens).build()
