"""Sentences a customer might say to this menu, to train the recogniser's language model.

Every menu word comes from the feed (names, aliases, options, categories, set-meal slots); the
glue is generic English for the contract's fifteen intents (ordering, removing, changing and
replacing lines, questions about the menu, prices and stores, paying, yes/no, finishing,
cancelling, asking for help or a repeat, and talk that is not about ordering at all), and a few
sentences ask for common foods the menu may lack (`data/off_menu_foods.txt`), so that they are
heard as what they are and the dialog can say the menu lacks them.
Sampling is seeded, so the same menu always gives the same corpus and the same model.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from menu.model import Combo, Item, Menu
from ordering.understanding.english import article, common_foods, number_words, plural
from ordering.understanding.phrasebook import (
    ASK_MENU,
    ASK_PRICE,
    ASK_SET,
    CANCEL,
    CONFIRM,
    DENY,
    FINISH,
    HELP,
    LEAD_FILLERS,
    MAKE,
    MENU_GENERIC,
    ORDER_LEADS,
    ORDER_TAILS,
    OUT_OF_SCOPE,
    PAY,
    PRICE_GENERIC,
    REMOVE_VERBS,
    REPEAT,
    REPLACE_VERBS,
    STORE,
)

__all__ = [
    "CORPUS_VERSION",
    "INTENT_PHRASES",
    "article",
    "corpus",
    "number_words",
    "off_menu_foods",
    "plural",
    "spoken",
    "vocabulary",
]

_T = TypeVar("_T")

CORPUS_VERSION = "10"  # bump when the generator changes, so cached models are rebuilt

# fmt: off

# Weight of orders for food the menu lacks, among the kinds of sentence (about % of them).
OFF_MENU_WEIGHT = 3.0
# A third of all orders just name the thing ("a large latte"); the rest start with a lead.
BARE_ORDER_SHARE = 0.35
# (quantity phrase, plural noun?, weight); "A" is the article a/an chosen for the noun.
QUANTITIES: tuple[tuple[str, bool, float], ...] = (
    ("A", False, 34), ("", False, 10), ("one", False, 8), ("two", True, 8), ("three", True, 4),
    ("four", True, 2), ("five", True, 1.5), ("six", True, 1.5), ("seven", True, 0.5),
    ("eight", True, 0.5), ("nine", True, 0.3), ("ten", True, 1), ("eleven", True, 0.2),
    ("twelve", True, 0.6), ("fifteen", True, 0.3), ("twenty", True, 0.4),
    ("a couple of", True, 1.5), ("a couple", True, 0.3), ("half a dozen", True, 0.8),
    ("a dozen", True, 0.8), ("two dozen", True, 0.3), ("some", True, 1.5), ("the", False, 4),
    ("another", False, 2), ("one more", False, 1.5), ("an extra", False, 1),
    ("a pair of", True, 0.6), ("a cup of", False, 0.4), ("a bowl of", False, 0.4),
    ("a glass of", False, 0.4), ("a slice of", False, 0.2), ("my", False, 0.5),
)
REFERENCES = ("the", "the", "my", "that", "this", "one", "the two", "those two", "both", "a", "two",
              "three")

# fmt: on

# Every fixed phrase, once: the model knows them all even if sampling skips one.
INTENT_PHRASES = (
    *CONFIRM,
    *DENY,
    *FINISH,
    *CANCEL,
    *STORE,
    *PAY,
    *REPEAT,
    *HELP,
    *OUT_OF_SCOPE,
    *MENU_GENERIC,
    *PRICE_GENERIC,
)


_DIGITS = re.compile(r"\d+")
_CURLY_QUOTES = re.compile(r"[\u2019\u2018`]")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_UNSPOKEN = re.compile(r"[^a-z' ]+")


def spoken(text: str) -> str:
    """Text as a recogniser writes it: lower case, digits as words ("16-ounce" -> "sixteen
    ounce", "12oz" -> "twelve oz", "1,000"), no punctuation or hyphens."""
    text = text.lower().replace("&", " and ").replace("%", " percent ")
    text = _THOUSANDS.sub("", _CURLY_QUOTES.sub("'", text))
    text = _DIGITS.sub(lambda m: f" {number_words(int(m.group()))} ", text)
    text = _UNSPOKEN.sub(" ", text)
    words = [word.strip("'") for word in text.split()]
    return " ".join(word for word in words if word)


@dataclass(frozen=True, slots=True)
class _Phrases:
    item_names: dict[str, tuple[str, ...]]
    off_menu_foods: tuple[str, ...]
    option_words: dict[str, tuple[str, ...]]  # item id -> option phrases allowed on it
    all_options: tuple[str, ...]
    category_names: tuple[str, ...]
    item_ids: tuple[str, ...]
    combos: tuple[Combo, ...]


def _names(product: Item | Combo) -> tuple[str, ...]:
    names = [spoken(product.name.en), *(spoken(alias) for alias in product.aliases.en)]
    return tuple(dict.fromkeys(name for name in names if name))


def off_menu_foods() -> tuple[str, ...]:
    """Common foods and drinks (`english.common_foods`), so the recogniser hears what a
    customer asks for even when the menu lacks it."""
    return tuple(spoken(food) for food in common_foods())


def _phrases(menu: Menu) -> _Phrases:
    item_names = {product.id: _names(product) for product in menu.products()}
    option_words: dict[str, tuple[str, ...]] = {}
    for item in menu.items:
        words: list[str] = []
        for group in menu.groups_of(item.id):
            for option in group.options:
                words.append(spoken(option.name.en))
                words.extend(spoken(alias) for alias in option.aliases.en)
        option_words[item.id] = tuple(dict.fromkeys(word for word in words if word))
    all_options = tuple(dict.fromkeys(w for words in option_words.values() for w in words))
    categories = tuple(spoken(c.name.en) for c in menu.categories)
    # Food made only of the menu's own name words ("orange" beside "orange juice") is left to
    # the menu: heard alone, such words would steal from the menu's names ("a large latte").
    menu_words = {word for group in item_names.values() for name in group for word in name.split()}
    return _Phrases(
        item_names,
        tuple(food for food in off_menu_foods() if not set(food.split()) <= menu_words),
        option_words,
        all_options,
        tuple(c for c in categories if c),
        tuple(item.id for item in menu.items),
        tuple(menu.combos),
    )


_PREFIX_OPTION = re.compile(
    r"^(no|with|without|extra|less|more|add|hold|half|double|light|on|an|a)\b"
)


class _Writer:
    """Seeded sentence maker for one menu."""

    def __init__(self, rng: random.Random, phrases: _Phrases) -> None:
        self.rng = rng
        self.p = phrases
        self._amounts = [q for q, _, _ in QUANTITIES]
        self._many = {q: many for q, many, _ in QUANTITIES}
        self._weights = [w for _, _, w in QUANTITIES]

    def pick(self, options: Sequence[_T]) -> _T:
        return self.rng.choice(options)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def name(self, item_id: str) -> str:
        names = self.p.item_names[item_id]
        # The feed's own name a little more often than each alias.
        return names[0] if self.chance(0.3) else self.pick(names)

    def options_for(self, item_id: str) -> tuple[str, ...]:
        return self.p.option_words.get(item_id, ())

    def item(self, item_id: str, *, amount: str | None = None, max_options: int = 2) -> str:
        """`[quantity] [options] name [with options]` for one item."""
        if amount is None:
            amount = self.rng.choices(self._amounts, self._weights)[0]
        name = self.name(item_id)
        if self._many.get(amount, False) and self.chance(0.85):
            name = plural(name)
        before: list[str] = []
        after: list[str] = []
        options = self.options_for(item_id)
        count = self.rng.choice((0, 0, 0, 1, 1, 2)) if options else 0
        for _ in range(min(count, max_options)):
            option = self.pick(options)
            if option in before or option in after:
                continue
            if _PREFIX_OPTION.match(option) or self.chance(0.35):
                after.append(option)
            else:
                before.append(option)
        head = " ".join([*before, name])
        if amount == "A":
            amount = article(head)
        words = [amount, head]
        for n, option in enumerate(after):
            if _PREFIX_OPTION.match(option):
                # "with no sugar" as often as "no sugar"; never "with with sugar"
                glue = "" if option.startswith("with") else self.pick(("", "with"))
            else:
                glue = self.pick(("with", "with", ""))
            if n:
                glue = self.pick(("and", "and", "")) + " " + glue
            words.append(f"{glue} {option}")
        return " ".join(" ".join(words).split())

    def item_list(self, count: int) -> str:
        parts = [self.item(self.pick(self.p.item_ids)) for _ in range(count)]
        if len(parts) == 1:
            return parts[0]
        if len(parts) > 2 and self.chance(0.6):
            return " ".join(parts[:-1]) + " and " + parts[-1]
        joiners = (" and ", " and ", " and ", " and also ", " plus ", " with ", " and then ")
        return self.pick(joiners).join(parts)

    def combo(self) -> str:
        combo = self.pick(self.p.combos)
        head = self.item(combo.id, amount=self.rng.choice(("A", "A", "A", "one", "two", "the")))
        parts = [
            self.item(choice.item, amount=self.pick(("", "", "A")), max_options=1)
            for slot in combo.slots
            if self.chance(0.55)
            for choice in (self.pick(slot.choices),)
        ]
        if not parts:
            return head
        rest = (
            " and ".join(parts) if len(parts) < 3 else ", ".join(parts[:-1]) + " and " + parts[-1]
        )
        return f"{head} {self.pick(('with', 'with', 'with', 'and', ''))} {rest}"

    # --- intents ---------------------------------------------------------------------------

    def add(self) -> str:
        count = self.rng.choices((1, 2, 3), (62, 28, 10))[0]
        return f"{self.lead()} {self.item_list(count)}{self.pick(ORDER_TAILS)}"

    def add_combo(self) -> str:
        if not self.p.combos:
            return self.add()
        return f"{self.lead()} {self.combo()}{self.pick(ORDER_TAILS)}"

    def off_menu(self) -> str:
        """An order or a question naming food the menu lacks ("can i get a pizza")."""
        food = self.pick(self.p.off_menu_foods)
        amount = self.rng.choices(("A", "", "two", "some"), (6, 2, 1, 1))[0]
        named = f"{article(food)} {food}" if amount == "A" else f"{amount} {food}".strip()
        if self.chance(0.2):
            return f"{self.pick(('do you have', 'do you sell', 'have you got'))} {food}"
        return f"{self.lead()} {named}{self.pick(ORDER_TAILS)}"

    def lead(self) -> str:
        return "" if self.chance(BARE_ORDER_SHARE) else self.pick(ORDER_LEADS)

    def reference(self, item_id: str) -> str:
        ref = self.pick(REFERENCES)
        amount = {
            "the two": "the two",
            "those two": "those two",
            "a": "A",
            "one": "one",
            "two": "two",
            "three": "three",
        }
        return self.item(item_id, amount=amount.get(ref, ref), max_options=1)

    def remove(self) -> str:
        item = self.reference(self.pick(self.p.item_ids))
        verb = self.pick(REMOVE_VERBS)
        body = self.pick(
            (
                f"{verb} {item}",
                f"{verb} {item}",
                f"take {item} off",
                f"take {item} out",
                f"no {item}",
                f"without {item}",
                f"can you {verb} {item}",
                f"please {verb} {item}",
                f"{verb} {item} from my order",
                f"i don't want {item} anymore",
                f"i changed my mind about {item}",
            )
        )
        return f"{self.pick(LEAD_FILLERS)} {body}{self.pick(('', '', ' please', ' thanks'))}"

    def modify(self) -> str:
        item_id = self.pick(self.p.item_ids)
        options = self.options_for(item_id) or self.p.all_options or ("two",)
        target = self.pick(
            ("it", "it", "that", "that", "this", "them", "those", "both", "mine", "one of them")
        )
        if self.chance(0.35):
            target = self.reference(item_id)
        option = self.pick(options)
        size_like = option if _PREFIX_OPTION.match(option) else f"{article(option)} {option}"
        change = self.pick(
            (
                option,
                option,
                size_like,
                number_words(self.rng.randint(1, 6)),
                number_words(self.rng.randint(1, 12)),
                f"{option} please",
                f"with {option}" if not _PREFIX_OPTION.match(option) else option,
            )
        )
        body = self.pick(
            (
                f"{self.pick(MAKE)} {target} {change}",
                f"{self.pick(MAKE)} {target} {change}",
                f"{self.pick(MAKE)} {target} {change}",
                f"change {target} to {change}",
                f"switch {target} to {change}",
                f"{option} on {target}",
                f"{option} for {target}",
                f"add {option} to {target}",
                f"put {option} on {target}",
                f"i'd like {target} {option}",
                f"can i have {target} {option}",
                f"can i get {target} {option}",
                f"{option} please",
                f"{option} instead",
                f"not {number_words(self.rng.randint(1, 5))} "
                f"{number_words(self.rng.randint(1, 6))}",
                f"actually {number_words(self.rng.randint(2, 6))}",
            )
        )
        return f"{self.pick(LEAD_FILLERS)} {body}"

    def replace(self) -> str:
        old = self.reference(self.pick(self.p.item_ids))
        new = self.item(self.pick(self.p.item_ids), amount=self.pick(("A", "A", "", "one", "two")))
        verb = self.pick(REPLACE_VERBS)
        sep = {"swap": "for", "trade": "for", "exchange": "for", "replace": "with"}.get(verb)
        sep = sep or self.pick(("to", "to", "for", "with", "into"))
        body = self.pick(
            (
                f"{verb} {old} {sep} {new}",
                f"{verb} {old} {sep} {new}",
                f"can you {verb} {old} {sep} {new}",
                f"i'd like to {verb} {old} {sep} {new}",
                f"instead of {old} can i get {new}",
                f"instead of {old} i'll have {new}",
                f"can i have {new} instead of {old}",
                f"i'll have {new} instead of {old}",
                f"{new} instead of {old}",
                f"actually make {old} {new}",
                f"make {old} {new} instead",
                f"give me {new} instead",
                f"{verb} that {sep} {new}",
                f"{verb} it {sep} {new}",
            )
        )
        return f"{self.pick(LEAD_FILLERS)} {body}"

    def ask_menu(self) -> str:
        if self.chance(0.3):
            return self.pick(MENU_GENERIC)
        category = self.pick(self.p.category_names) if self.p.category_names else "food"
        thing = category if self.chance(0.6) else plural(self.name(self.pick(self.p.item_ids)))
        if self.p.combos and self.chance(0.12):
            combo = self.name(self.pick(self.p.combos).id)
            return self.pick(ASK_SET).format(combo=combo, a=article(combo))
        return self.pick(ASK_MENU).format(thing=thing)

    def ask_price(self) -> str:
        if self.chance(0.2):
            return self.pick(PRICE_GENERIC)
        item_id = self.pick(self.p.item_ids + tuple(c.id for c in self.p.combos))
        one = self.item(item_id, amount=self.pick(("A", "A", "the", "the", "one")), max_options=1)
        many = self.item(item_id, amount=self.pick(("two", "three", "the", "")), max_options=1)
        name = self.name(item_id)
        other = self.item(self.pick(self.p.item_ids))  # drawn before the pick, as always
        template = self.pick(ASK_PRICE)
        return template.format(one=one, many=many, names=plural(name), other=other)


def _sample(rng: random.Random, kinds: Sequence[tuple[Callable[[], str], float]]) -> str:
    makers = [maker for maker, _ in kinds]
    weights = [weight for _, weight in kinds]
    return rng.choices(makers, weights)[0]()


def corpus(menu: Menu, *, sentences: int = 40000, seed: int = 7) -> list[str]:
    """Seeded sample of sentences for the menu, plus every name and fixed phrase once."""
    rng = random.Random(seed)
    phrases = _phrases(menu)
    writer = _Writer(rng, phrases)

    def fixed(choices: Sequence[str]) -> Callable[[], str]:
        return lambda: writer.pick(choices)

    kinds: list[tuple[Callable[[], str], float]] = [
        (writer.add, 48),
        (writer.add_combo, 8 if phrases.combos else 0),
        (writer.off_menu, OFF_MENU_WEIGHT if phrases.off_menu_foods else 0),
        (writer.modify, 8),
        (writer.remove, 6),
        (writer.replace, 6),
        (writer.ask_menu, 4),
        (writer.ask_price, 4),
        (fixed(PAY), 3),
        (fixed(CONFIRM), 2.5),
        (fixed(DENY), 1.5),
        (fixed(FINISH), 2.5),
        (fixed(CANCEL), 1.5),
        (fixed(STORE), 2),
        (fixed(REPEAT), 1.5),
        (fixed(HELP), 1.5),
        (fixed(OUT_OF_SCOPE), 1.5),
    ]
    out: list[str] = list(INTENT_PHRASES)
    for names in phrases.item_names.values():
        out.extend(names)
        out.extend(plural(name) for name in names)
        out.extend(f"{article(name)} {name}" for name in names)
    for words in phrases.option_words.values():
        out.extend(words)
        out.extend(f"make it {word}" for word in words)
    out.extend(f"what {name} do you have" for name in phrases.category_names)
    out.extend(number_words(n) for n in range(1, 21))
    out.extend(_sample(rng, kinds) for _ in range(sentences))
    return [text for text in (spoken(sentence) for sentence in out) if text]


def vocabulary(sentences: Iterable[str]) -> list[str]:
    """The distinct words of `sentences`, sorted."""
    return sorted({word for sentence in sentences for word in sentence.split()})
