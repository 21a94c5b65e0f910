"""`parse(lexicon, text)`: one utterance to `order-parse/1`."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ordering.understanding import intents as cues
from ordering.understanding.chinese.parser import parse_chinese
from ordering.understanding.chinese.script import has_chinese
from ordering.understanding.confidence import judge
from ordering.understanding.drafts import Lines, finish_line, reference_line, unplaced
from ordering.understanding.events import Event, OptionWord, ProductWord, Qty, Word, read_events
from ordering.understanding.lexicon import Lexicon, Phrase, keys_of
from ordering.understanding.lines import build_lines
from ordering.understanding.matching import join_split_words
from ordering.understanding.normalize import drop_fillers, singular, tokens
from ordering.understanding.order_parse import Intent, OrderParse, ParsedLine
from ordering.understanding.replacements import PRONOUNS, is_word, products_in, split_replacement
from ordering.understanding.unmatched import (
    food_nouns,
    starts_like_an_order,
    unknown_foods,
    unknown_word,
)
from ordering.understanding.vocabulary import GLUE

_FOOD_INTENTS = frozenset(
    {"add_items", "remove_items", "modify_items", "replace_item", "ask_price", "ask_menu"}
)


@dataclass(frozen=True, slots=True)
class _Utterance:
    words: list[str]
    events: list[Event]
    masked: str

    @property
    def has_products(self) -> bool:
        return any(isinstance(event, ProductWord) for event in self.events)

    @property
    def has_options(self) -> bool:
        return any(isinstance(event, OptionWord) for event in self.events)

    @property
    def has_said_options(self) -> bool:
        """An option word said as it is, not only guessed from a slip ("i like your shirt")."""
        return any(isinstance(event, OptionWord) and not event.guessed for event in self.events)


def _mask(events: list[Event]) -> str:
    parts: list[str] = []
    for event in events:
        if isinstance(event, ProductWord):
            parts.append(cues.ITEM)
        elif isinstance(event, OptionWord):
            parts.append(cues.OPT)
        else:
            parts.append(event.text)
    return " ".join(parts)


def _drop_set_defaults(lexicon: Lexicon, events: list[Event]) -> list[Event]:
    """Drop the set default in "a burger set with orange juice instead of coffee"."""
    for index in range(len(events) - 2):
        first, second = events[index], events[index + 1]
        if not (
            isinstance(first, Word)
            and first.text == "instead"
            and isinstance(second, Word)
            and second.text == "of"
        ):
            continue
        end = index + 2
        while end < len(events) and isinstance(events[end], Word | Qty):
            end += 1
        if end >= len(events) or not isinstance(events[end], ProductWord):
            continue
        said = events[end]
        assert isinstance(said, ProductWord)
        before = [e for e in events[:index] if isinstance(e, ProductWord)]
        sets = [e for e in before if lexicon.rules.is_combo(e.ids[0])]
        if not sets or before[-1] is sets[-1]:
            continue
        slots = lexicon.rules.combos[sets[-1].ids[0]]
        if any(item in slot.choices for slot in slots for item in said.ids):
            return [*events[:index], *events[end + 1 :]]
    return events


def _lines(lexicon: Lexicon, built: Lines) -> tuple[ParsedLine, ...]:
    return tuple(finish_line(lexicon.rules, draft) for draft in built.drafts)


def _lines_or_reference(lexicon: Lexicon, built: Lines) -> tuple[ParsedLine, ...]:
    """The product lines; with none, one line about "that" if anything was said about it."""
    if built.product_drafts():
        return _lines(lexicon, built)
    if built.pronoun or built.loose_quantity is not None or built.loose_options:
        return (reference_line(built.loose_quantity, built.loose_options),)
    return ()


def _replacement(lexicon: Lexicon, utterance: _Utterance) -> OrderParse | None:
    events = utterance.events
    split = split_replacement(events)
    if split is None:
        if (
            cues.INSTEAD.search(utterance.masked)
            and utterance.has_products
            and not _is_change(utterance.masked, events)
        ):
            new = build_lines(lexicon, events)
            return OrderParse("replace_item", _lines(lexicon, new), (reference_line(None, []),))
        return None
    new_events, old_events = split
    new, old = build_lines(lexicon, new_events), build_lines(lexicon, old_events)
    if new.product_drafts() and not old.product_drafts() and not old.pronoun:
        if old.loose_quantity is not None:  # "two hash browns instead of one": a new count
            return OrderParse("modify_items", _lines(lexicon, new))
        return None
    if not new.product_drafts() or not (old.product_drafts() or old.pronoun):
        return None
    return OrderParse("replace_item", _lines(lexicon, new), _lines_or_reference(lexicon, old))


def _is_changing(utterance: _Utterance) -> bool:
    return not cues.CHANGE_WORDS.isdisjoint(utterance.words) and bool(
        cues.CHANGE.search(utterance.masked)
    )


def _is_change(masked: str, events: list[Event]) -> bool:
    """A change said about one product ("can the latte be oat milk instead"), not a new one."""
    return len({p.ids[0] for p in products_in(events)}) == 1 and bool(
        cues.CHANGE.search(masked) or cues.MODIFY.search(masked)
    )


def _category(
    lexicon: Lexicon, words: list[str], *, infer: bool = True
) -> tuple[str | None, set[int]]:
    """The one category the words name, and the word positions that named it; with `infer`,
    a word that heads product names of one category only ("burgers") names that category."""
    keys = [singular(word) for word in words]
    found: dict[str, set[int]] = {}
    for start in range(len(keys)):
        best: tuple[int, str] | None = None
        for end in range(start + 1, len(keys) + 1):
            phrase: Phrase = tuple(keys[start:end])
            if phrase not in lexicon.category_prefixes:
                break
            if phrase in lexicon.categories:
                best = (end, lexicon.categories[phrase])
        if best is not None:
            found.setdefault(best[1], set()).update(range(start, best[0]))
    if not found and infer:
        for position, key in enumerate(keys):
            if key in lexicon.head_categories and words[position] not in GLUE:
                found.setdefault(lexicon.head_categories[key], set()).add(position)
    if len(found) == 1:
        category, positions = next(iter(found.items()))
        return category, positions
    return None, set().union(*found.values()) if found else set()


def _ask_menu(lexicon: Lexicon, utterance: _Utterance) -> OrderParse:
    category, positions = _category(lexicon, utterance.words)
    events = [
        event
        for event in utterance.events
        if not (
            isinstance(event, ProductWord) and positions.intersection(range(event.start, event.end))
        )
    ]
    built = build_lines(lexicon, events)
    return OrderParse("ask_menu", _lines(lexicon, built), category=category)


def _count_named(built: Lines) -> Lines:
    """ "make the egg tarts five", "hash browns, three of them": a number said after the one
    product named, which had none, is its count."""
    drafts = built.product_drafts()
    if built.loose_quantity is not None and len(drafts) == 1 and drafts[0].quantity is None:
        drafts[0].quantity = built.loose_quantity
        built.loose_quantity = None
    return built


def _refers_back_to_new(events: list[Event]) -> bool:
    """True for "a bagel with a fried egg on it": "it" points back at a product this utterance
    introduces as new (counted or with an article, never "the"/"my")."""
    previous: Event | None = None
    seen_product = False
    for event in events:
        if isinstance(event, ProductWord):
            if not isinstance(previous, Qty):
                return False
            seen_product = True
        elif seen_product and is_word(event, *PRONOUNS):
            return True
        if not isinstance(event, OptionWord):
            previous = event
    return False


def _imperative(events: list[Event]) -> bool:
    """ "brew a house coffee", "pour me two teas": a verb, then a counted or new product."""
    rest = events[1:]
    if rest and is_word(rest[0], "me", "us"):
        rest = rest[1:]
    return bool(events) and isinstance(events[0], Word) and bool(rest) and isinstance(rest[0], Qty)


def _item_intent(lexicon: Lexicon, utterance: _Utterance) -> OrderParse | None:
    masked = utterance.masked
    if cues.MAY_REPLACE.search(masked):
        replaced = _replacement(lexicon, utterance)
        if replaced is not None:
            return replaced
    built = _count_named(build_lines(lexicon, utterance.events))
    referred = bool(built.product_drafts()) or built.pronoun
    if cues.REMOVE.search(masked) and referred:
        return OrderParse("remove_items", _lines_or_reference(lexicon, built))
    changed = _is_changing(utterance) or (
        bool(cues.MODIFY.search(masked)) and not _refers_back_to_new(utterance.events)
    )
    if changed or (
        cues.REPLACE_VERB.search(masked) and (built.loose_options or built.product_drafts())
    ):
        lines = _lines_or_reference(lexicon, built)
        if lines:
            return OrderParse("modify_items", lines)
    if built.product_drafts():
        if _unknown_words(masked) and not (
            cues.ORDER_FRAME.search(masked)
            or starts_like_an_order(utterance.events)
            or _imperative(utterance.events)
        ):
            return OrderParse("out_of_scope")  # "my milk went sour in the fridge"
        return OrderParse(
            "add_items", _lines(lexicon, built), unplaced=unplaced(lexicon.rules, built)
        )
    if food_nouns(utterance.events) and (
        cues.ORDER_FRAME.search(masked) or starts_like_an_order(utterance.events)
    ):
        return OrderParse("add_items")
    if built.loose_options and utterance.has_said_options:
        return OrderParse("modify_items", _lines_or_reference(lexicon, built))
    if built.loose_quantity is not None and (
        cues.ORDER_FRAME.search(masked) or starts_like_an_order(utterance.events)
    ):
        return OrderParse("add_items", (reference_line(built.loose_quantity, []),))
    return None


def _unknown_words(text: str) -> list[str]:
    return [
        word for word in text.split() if word not in (cues.ITEM, cues.OPT) and unknown_word(word)
    ]


def _about_something_else(lexicon: Lexicon, rest: str) -> bool:
    """True when a question's object is words no menu and no common food has ("do you have
    wifi", "what's the price of bitcoin")."""
    unknown = [
        key
        for key in map(singular, _unknown_words(rest))
        if key not in lexicon.vocabulary and key not in lexicon.descriptions.category_words
    ]
    return bool(unknown) and not any(singular(word) in lexicon.food_heads for word in rest.split())


def _classify(lexicon: Lexicon, utterance: _Utterance) -> OrderParse:
    masked = utterance.masked
    products = utterance.has_products
    if not masked or (
        not cues.OUT_OF_SCOPE_WORDS.isdisjoint(utterance.words)
        and cues.OUT_OF_SCOPE.search(" ".join(utterance.words))
    ):
        return OrderParse("out_of_scope")
    words = utterance.words
    if not cues.PRICE_WORDS.isdisjoint(words) and cues.PRICE.search(masked):
        built = build_lines(lexicon, utterance.events)
        if (
            not built.drafts
            and not built.pronoun
            and _about_something_else(lexicon, cues.PRICE.sub(" ", masked))
        ):
            return OrderParse("out_of_scope")  # "what's the price of bitcoin"
        return OrderParse("ask_price", _lines(lexicon, built))
    if not cues.PAY_WORDS.isdisjoint(words) and cues.PAY.search(masked):
        return OrderParse("pay", payment_method=cues.payment_method(masked))
    if not products and cues.STORE.search(masked):
        return OrderParse("ask_store")
    if not products and cues.HELP.search(masked):
        return OrderParse("help")
    if not products and cues.REPEAT.search(masked):
        return OrderParse("repeat")
    if not products and cues.CANCEL.search(masked):
        return OrderParse("cancel_order")
    if cues.MENU.search(masked):
        asked = _ask_menu(lexicon, utterance)
        if not asked.category and not asked.items and not products:
            if _about_something_else(lexicon, cues.MENU.sub(" ", masked)):
                return OrderParse("out_of_scope")
        return asked
    if not products and not utterance.has_options:
        if cues.is_agreeing_finish(masked):
            return OrderParse("confirm")
        if cues.FINISH.search(masked):
            return OrderParse("finish")
        if cues.is_confirmation(masked):
            return OrderParse("confirm")
    if (
        cues.CATEGORY_QUESTION.search(masked)
        and _category(lexicon, utterance.words, infer=False)[0]
    ):
        return _ask_menu(lexicon, utterance)
    found = _item_intent(lexicon, utterance)
    if found is not None:
        return found
    if cues.DENY.search(masked):
        return OrderParse("deny")
    if cues.is_confirmation(masked):
        return OrderParse("confirm")
    return OrderParse("out_of_scope")


def _with_unmatched(lexicon: Lexicon, parsed: OrderParse, events: list[Event]) -> OrderParse:
    if parsed.intent not in _FOOD_INTENTS:
        return parsed
    foods = tuple(
        food
        for food in unknown_foods(events, lexicon.product_words, lexicon.descriptions.shared_heads)
        if parsed.intent != "ask_menu" or keys_of(food) not in lexicon.categories
    )
    return replace(parsed, unmatched=foods) if foods else parsed


def parse(lexicon: Lexicon, text: str) -> OrderParse:
    """What one utterance says, as `order-parse/1`."""
    if lexicon.chinese is not None and has_chinese(text):
        return parse_chinese(lexicon.chinese, text)
    words = join_split_words(lexicon, drop_fillers(tokens(text)))
    events = _drop_set_defaults(lexicon, read_events(lexicon, words))
    utterance = _Utterance(words, events, _mask(events))
    parsed = _with_unmatched(lexicon, _classify(lexicon, utterance), events)
    judged = judge(lexicon, events, utterance.masked, parsed)
    if judged.confidence == 1.0 and judged.alternative is None:
        return parsed
    return replace(parsed, confidence=judged.confidence, alternative=judged.alternative)


def intent_of(lexicon: Lexicon, text: str) -> Intent:
    """Only the intent of an utterance."""
    return parse(lexicon, text).intent
