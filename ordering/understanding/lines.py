"""Group events into order lines: each product with its own quantity, options and set choices.

Rules, all generic:
- a quantity opens a noun phrase; the next product takes it ("two large lattes");
- an option right before a product (only other options, articles or "on the" between) describes
  that product; any other option describes the line said last that allows it ("a latte with
  oat milk", "two soy milks, no sugar, and ...");
- items named right after a set meal that are choices of its still-open slots fill them;
- "one iced and one hot" after "two lattes" splits that line; "both iced" applies to every line;
- quantities and options with no product ("make that three", "make it large") are loose: the
  caller turns them into a line about "that" when the intent refers to the last line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
from ordering.understanding.events import Event, OptionWord, ProductWord, Qty, Word
from ordering.understanding.lexicon import Lexicon
from ordering.understanding.vocabulary import BREAKS_SET_MEAL, CONJUNCTIONS, CONTAINERS

_PRE_GAP = frozenset({"the", "a", "an", "my", "on", "to", "in", "for", "of", "your", "that"})
_DETERMINERS = frozenset({"the", "my", "this", "that", "those", "these", "your", "our", "some"})
_PRONOUNS = frozenset({"it", "that", "this", "them", "those", "these", "one", "ones"})
_ALL_WORDS = frozenset({"both", "all", "each", "every"})
_NEGATORS = frozenset({"no", "without", "hold", "minus", "nix"})


@dataclass(slots=True)
class _Phrase:
    quantity: Qty | None = None
    determiner: bool = False
    of_chain: bool = False
    with_seen: bool = False
    options: list[Candidates] = field(default_factory=list)

    def empty(self) -> bool:
        return self.quantity is None and not self.options


class _Builder:
    def __init__(self, lexicon: Lexicon, events: list[Event]) -> None:
        self.lexicon = lexicon
        self.events = events
        self.drafts: list[Draft] = []
        self.phrase = _Phrase()
        self.last: Target | None = None
        self.open_set: Draft | None = None
        self.set_broken = False
        self.negate_next = False
        self.skip_quantity = False
        self.all_pending = False
        self.all_options: list[Candidates] = []
        self.loose_quantity: int | None = None
        self.loose_options: list[Candidates] = []
        self.dropped: list[Candidates] = []
        self.pronoun = False

    # ------------------------------------------------------------------ options
    def _accepts(self, target: Target, candidates: Candidates) -> bool:
        return accepts(self.lexicon.rules, target, candidates)

    def _targets_back(self) -> list[Target]:
        return targets_back(self.last, self.drafts)

    def _attach_after(self, candidates: Candidates) -> None:
        targets = self._targets_back()
        for target in targets:
            if self._accepts(target, candidates):
                target.options.append(candidates)
                return
        if not targets:
            self.loose_options.append(candidates)
        elif isinstance(self.last, Draft) and self.last.product is None:
            self.last.options.append(candidates)
        else:
            self.dropped.append(candidates)

    def _negated(self, candidates: Candidates) -> Candidates:
        """For "no X" with an option X: the "none" option of X's group, if the feed has one."""
        nones: list[str] = []
        for option in candidates:
            group = self.lexicon.rules.option_group[option]
            none = self.lexicon.none_option.get(group)
            if none is not None and none not in nones:
                nones.append(none)
        return tuple(nones)

    def _option(self, index: int, event: OptionWord) -> None:
        candidates = event.candidates
        if not candidates:
            self.negate_next = False
            return  # a negated group the feed has no "none" option for: no option
        if self.negate_next:
            candidates = self._negated(candidates)
            self.negate_next = False
            if not candidates:
                return
        if self.all_pending:
            self.all_options.append(candidates)
            return
        if self._product_follows(index):
            self.phrase.options.append(candidates)
            return
        quantity = self.phrase.quantity
        if quantity is not None and quantity.kind != "article":
            self.phrase.options.append(candidates)  # "one iced": a line of its own, see _close
            return
        if quantity is not None:
            self.phrase.quantity = None  # "make it a small": the article counts nothing
        self._attach_after(candidates)

    def _product_follows(self, index: int) -> bool:
        for event in self.events[index + 1 :]:
            if isinstance(event, ProductWord) or (
                isinstance(event, Word) and event.text in ("one", "ones")
            ):
                return True
            if isinstance(event, OptionWord):
                continue
            if isinstance(event, Qty) and event.kind == "article":
                continue
            if isinstance(event, Word) and (event.text in _PRE_GAP or event.text in CONTAINERS):
                continue  # "a hot cup of milk": the frame is between the option and the product
            return False
        return False

    # ------------------------------------------------------------------ phrases
    def _close(self) -> None:
        phrase = self.phrase
        self.phrase = _Phrase()
        quantity = phrase.quantity
        if quantity is None and not phrase.options:
            return
        counted = quantity is not None and quantity.kind != "article"
        parent = self._last_item_draft()
        if counted and phrase.options and parent is not None and quantity is not None:
            child = Draft(
                parent.product,
                quantity.value,
                [*parent.options, *phrase.options],
                parent=parent,
                text=parent.text,
                span=parent.span,
            )
            self.drafts.append(child)
            self.last = child
            return
        if counted and quantity is not None and self.loose_quantity is None:
            self.loose_quantity = quantity.value
        for candidates in phrase.options:
            self._attach_after(candidates)

    def _last_item_draft(self) -> Draft | None:
        for draft in reversed(self.drafts):
            if draft.parent is None and draft.product is not None:
                return draft if not self.lexicon.rules.is_combo(draft.product) else None
        return None

    # ------------------------------------------------------------------ products
    def _product(self, index: int, event: ProductWord) -> None:
        previous = self.events[index - 1] if index > 0 else None
        if (
            isinstance(previous, ProductWord)
            and previous.ids[0] == event.ids[0]
            and self.drafts
            and self.phrase.empty()
        ):
            return  # "two eggs sunny side up": one product named twice
        if self.lexicon.rules.is_combo(event.ids[0]) and self._names_context(index):
            return  # "swap the bacon for sausage in the griddle breakfast": where, not what
        phrase = self.phrase
        self.phrase = _Phrase()
        self.negate_next = False
        quantity = phrase.quantity
        if self._fill_slot(event, quantity, phrase.options):
            return
        product = event.ids[0]
        draft = Draft(
            product,
            quantity.value if quantity is not None else None,
            text=event.text,
            span=(event.start, event.end),
        )
        self.drafts.append(draft)
        self.last = draft
        for candidates in phrase.options:
            if self._accepts(draft, candidates):
                draft.options.append(candidates)
            else:
                self._attach_after_previous(draft, candidates)
        if self.lexicon.rules.is_combo(product):
            self.open_set = draft
            self.set_broken = False
        else:
            self.open_set = None

    def _names_context(self, index: int) -> bool:
        position = index - 1
        while position >= 0 and isinstance(self.events[position], Word):
            word = self.events[position]
            assert isinstance(word, Word)
            if word.text in ("in", "from", "inside", "of"):
                return bool(self.drafts)
            if word.text not in _DETERMINERS:
                return False
            position -= 1
        return False

    def _attach_after_previous(self, draft: Draft, candidates: Candidates) -> None:
        """A describing word that does not fit the next product may belong to the one before."""
        for target in self._targets_back():
            if target is not draft and self._accepts(target, candidates):
                target.options.append(candidates)
                return
        draft.options.append(candidates)

    def _fill_slot(
        self, event: ProductWord, quantity: Qty | None, options: list[Candidates]
    ) -> bool:
        combo = self.open_set
        if combo is None or combo.product is None or self.set_broken:
            return False
        if (
            quantity is not None
            and quantity.kind != "article"
            and quantity.value
            not in (
                1,
                combo.quantity,
                None,
            )
        ):
            return False
        filled = {component.slot for component in combo.components}
        for item in event.ids:
            for slot in self.lexicon.rules.combos[combo.product]:
                if slot.id not in filled and item in slot.choices:
                    component = Component(slot.id, item, list(options))
                    combo.components.append(component)
                    self.last = component
                    return True
        return False

    # ------------------------------------------------------------------ words
    def _word(self, index: int, event: Word) -> None:
        word = event.text
        following = self.events[index + 1] if index + 1 < len(self.events) else None
        if word in CONJUNCTIONS:
            self._close()
            if word in BREAKS_SET_MEAL:
                self.set_broken = True
            self.all_pending = False
            return
        if word == "with":
            quantity = self.phrase.quantity
            if quantity is not None and quantity.kind != "article" and not self.phrase.options:
                self.phrase.with_seen = True
            else:
                self._close()
            return
        if word == "not" and isinstance(following, Qty):
            self.skip_quantity = True
            return
        if word in _NEGATORS:
            self.negate_next = isinstance(following, OptionWord) or (
                isinstance(following, Word) and following.text in ("the", "any")
            )
            return
        if word in _ALL_WORDS and isinstance(following, OptionWord):
            self._close()
            self.all_pending = True
            return
        if word in ("one", "ones") and self._elliptical_one():
            return
        if word == "last" and not isinstance(following, ProductWord):
            self.pronoun = True  # "the last one", "the last item"
        if word in _PRONOUNS and not isinstance(following, ProductWord):
            if not (word == "that" and isinstance(following, OptionWord)):
                self.pronoun = True
        if word in _DETERMINERS:
            if self.phrase.quantity is None:
                self.phrase.determiner = True
            return
        if word == "of" and self.phrase.quantity is not None:
            self.phrase.of_chain = True

    def _elliptical_one(self) -> bool:
        """For "a small latte and a large one": a new line of the last item, own options only."""
        phrase = self.phrase
        parent = self._last_item_draft()
        if phrase.quantity is None or not phrase.options or parent is None:
            return False
        self.phrase = _Phrase()
        draft = Draft(parent.product, phrase.quantity.value, list(phrase.options), text=parent.text)
        self.drafts.append(draft)
        self.last = draft
        return True

    def _quantity(self, event: Qty) -> None:
        if self.skip_quantity:
            self.skip_quantity = False
            return
        if self.phrase.quantity is not None and self.phrase.of_chain and not self.phrase.options:
            return  # "one of the two lattes": the first number counts
        said = self.phrase.quantity
        if (
            event.kind == "article"
            and self.phrase.options
            and (said is None or said.kind == "article")
        ):
            return  # "a dark roast, a triple shot mocha": the article starts the phrase again
        self._close()
        self.phrase.quantity = event

    def build(self) -> Lines:
        for index, event in enumerate(self.events):
            if isinstance(event, Word):
                self._word(index, event)
            elif isinstance(event, Qty):
                self._quantity(event)
            elif isinstance(event, OptionWord):
                self._option(index, event)
            else:
                self._product(index, event)
        self._close()
        apply_to_all(self.lexicon.rules, self.drafts, self.all_options, self.loose_options)
        split_parents(self.drafts)
        return Lines(
            self.drafts, self.loose_quantity, self.loose_options, self.pronoun, self.dropped
        )


def build_lines(lexicon: Lexicon, events: list[Event]) -> Lines:
    """Lines, loose quantity/options and whether "it"/"that" was said, for these events."""
    return _Builder(lexicon, events).build()
