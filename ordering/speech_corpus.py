"""Sentences a customer might say to this menu, to train the recogniser's language model.

Every food word comes from the feed (names, aliases, options, categories, slot choices); the
glue (ordering phrases, quantities, intents of the evaluation contract) is generic English.
Sampling is seeded, so the same menu always gives the same corpus and the same model.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass

from menu.model import Combo, Item, Menu

CORPUS_VERSION = "3"  # bump when the generator changes, so cached models are rebuilt

_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
# fmt: off
_TENS = {30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy", 80: "eighty",
         90: "ninety"}

LEADS = (
    "", "", "", "i'd like", "i would like", "can i get", "can i have", "could i get",
    "could i have", "i'll have", "i'll take", "i want", "give me", "let me get", "let me have",
    "may i have", "i'd like to order", "get me", "and", "also", "plus",
)
QUANTITIES = (
    "a", "a", "a", "an", "one", "one", "two", "two", "three", "four", "five", "six", "ten",
    "twelve", "twenty", "a couple of", "a couple", "half a dozen", "a dozen", "some",
    "another", "one more", "an extra", "a pair of", "a cup of", "a bowl of", "a glass of", "",
)
TAILS = ("", "", "", " please", " thanks", " thank you", " for me", " as well", " too")
JOINERS = (" and ", " and ", " and also ", " plus ", " with ", " and then ")
INTENT_PHRASES = (
    "yes", "yes please", "yeah", "yep", "sure", "correct", "that's right", "okay", "ok",
    "sounds good", "perfect", "go ahead", "confirm", "no", "nope", "no thanks", "not yet",
    "that's wrong", "that's all", "that's it", "that is all", "nothing else", "i'm done",
    "that'll be all", "no that's it", "that's everything", "done", "finish my order",
    "cancel", "cancel my order", "cancel the order", "forget it", "never mind", "start over",
    "what do you have", "what's on the menu", "show me the menu", "what can i get",
    "what do you have to drink", "what do you have to eat", "how much is it",
    "how much is that", "what's the total", "how much does it cost",
    "where is the nearest store", "which store", "where do i pick it up",
    "which store is closest", "where is my order", "pay", "pay with voice",
    "pay by voice", "voice payment", "pay with my voice", "pay with card", "pay by card",
    "pay with a card", "pay with credit card", "card", "i'll pay by card", "repeat that",
    "say that again", "what did you say", "repeat my order", "what's in my order",
    "read my order back", "help", "i need help", "what can you do", "how does this work",
    "what's the weather", "tell me a joke", "what time is it", "play some music",
    "make that one", "make that two", "make that three", "make it two", "actually make that two",
    "no wait", "actually", "sorry", "hmm", "um", "uh", "oh",
)
# fmt: on


def number_words(value: int) -> str:
    """0–99 as English words (`42` → `"forty two"`)."""
    if value < len(_NUMBER_WORDS):
        return _NUMBER_WORDS[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return _TENS[tens * 10] + (f" {_NUMBER_WORDS[ones]}" if ones else "")
    return " ".join(_NUMBER_WORDS[int(d)] for d in str(value))


def spoken(text: str) -> str:
    """Text as a recogniser writes it: lower case, digits as words, no punctuation."""
    text = text.lower().replace("&", " and ")
    text = re.sub(r"\d+", lambda m: f" {number_words(int(m.group()))} ", text)
    text = re.sub(r"[^a-z' ]+", " ", text)
    words = [word.strip("'") for word in text.split()]
    return " ".join(word for word in words if word)


@dataclass(frozen=True, slots=True)
class _Phrases:
    item_names: dict[str, tuple[str, ...]]
    option_words: dict[str, tuple[str, ...]]  # item id -> option phrases allowed on it
    category_names: tuple[str, ...]


def _names(product: Item | Combo) -> tuple[str, ...]:
    names = [spoken(product.name.en), *(spoken(alias) for alias in product.aliases.en)]
    return tuple(dict.fromkeys(name for name in names if name))


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
    categories = tuple(spoken(c.name.en) for c in menu.categories)
    return _Phrases(item_names, option_words, categories)


def plural(phrase: str) -> str:
    """English plural of a phrase's last word (`"egg tart"` → `"egg tarts"`)."""
    head, _, last = phrase.rpartition(" ")
    if re.search(r"[^s]s$", last):
        return phrase  # already plural ("fries", "hash browns")
    if re.search(r"(ss|sh|ch|x|z)$", last):
        last += "es"
    elif re.search(r"[^aeiou]y$", last):
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}".strip()


# fmt: off
_MANY = {"two", "three", "four", "five", "six", "ten", "twelve", "twenty", "a couple of",
         "half a dozen", "a dozen", "some", "a pair of"}
# fmt: on


def _item_phrase(rng: random.Random, phrases: _Phrases, item_id: str, quantity: bool) -> str:
    name = rng.choice(phrases.item_names[item_id])
    amount = rng.choice(QUANTITIES) if quantity else ""
    if amount in _MANY and not name.endswith("s") and rng.random() < 0.8:
        name = plural(name)
    options = phrases.option_words.get(item_id, ())
    before: list[str] = []
    after: list[str] = []
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
        if not options:
            break
        option = rng.choice(options)
        if rng.random() < 0.5:
            before.append(option)
        else:
            after.append(rng.choice(("with ", "", "no ", "")) + option)
    words = [amount, *before, name]
    if after:
        words.append(" and ".join(after) if rng.random() < 0.5 else " ".join(after))
    return " ".join(word for word in words if word)


def _combo_phrase(rng: random.Random, menu: Menu, phrases: _Phrases, combo: Combo) -> str:
    parts = [f"{rng.choice(QUANTITIES)} {rng.choice(phrases.item_names[combo.id])}"]
    for slot in combo.slots:
        if rng.random() < 0.6:
            choice = rng.choice(slot.choices)
            parts.append(_item_phrase(rng, phrases, choice.item, quantity=rng.random() < 0.5))
    joiner = rng.choice((" with ", " and ", " with "))
    return parts[0] + (joiner + " and ".join(parts[1:]) if len(parts) > 1 else "")


def corpus(menu: Menu, *, sentences: int = 12000, seed: int = 7) -> list[str]:
    """Seeded sample of order sentences for the menu, plus every name and intent phrase once."""
    rng = random.Random(seed)
    phrases = _phrases(menu)
    item_ids = [item.id for item in menu.items]
    out: list[str] = list(INTENT_PHRASES)
    for names in phrases.item_names.values():
        out.extend(names)
        out.extend(plural(name) for name in names)
    for words in phrases.option_words.values():
        out.extend(words)
        out.extend(f"make it {word}" for word in words)
    out.extend(f"what {name} do you have" for name in phrases.category_names)
    out.extend(number_words(n) for n in range(1, 21))
    for _ in range(sentences):
        kind = rng.random()
        if kind < 0.55:
            count = rng.choice((1, 1, 1, 2, 2, 3))
            body = rng.choice(JOINERS).join(
                _item_phrase(rng, phrases, rng.choice(item_ids), quantity=True)
                for _ in range(count)
            )
        elif kind < 0.68 and menu.combos:
            body = _combo_phrase(rng, menu, phrases, rng.choice(menu.combos))
        elif kind < 0.74:
            body = f"{rng.choice(('remove', 'cancel', 'take off', 'no', 'drop'))} the " + (
                _item_phrase(rng, phrases, rng.choice(item_ids), quantity=False)
            )
        elif kind < 0.80:
            first = _item_phrase(rng, phrases, rng.choice(item_ids), quantity=False)
            second = _item_phrase(rng, phrases, rng.choice(item_ids), quantity=True)
            verb = rng.choice(("change the", "swap the", "replace the", "instead of the"))
            body = f"{verb} {first} {rng.choice(('to', 'for', 'with'))} {second}"
        elif kind < 0.86:
            body = (
                rng.choice(
                    ("make that", "make it", "actually make that", "change that to", "make them")
                )
                + " "
                + rng.choice(
                    (
                        number_words(rng.randint(1, 12)),
                        rng.choice(phrases.option_words.get(rng.choice(item_ids)) or ("two",)),
                    )
                )
            )
        elif kind < 0.92:
            body = (
                f"{rng.choice(('how much is', 'how much does', 'what does', 'price of'))} "
                + (_item_phrase(rng, phrases, rng.choice(item_ids), quantity=True))
                + rng.choice(("", " cost"))
            )
        else:
            body = rng.choice(INTENT_PHRASES)
            if rng.random() < 0.3:
                body = f"{rng.choice(('no wait', 'actually', 'um', 'uh', 'sorry'))} {body}"
        out.append(f"{rng.choice(LEADS)} {body}{rng.choice(TAILS)}".strip())
    return [spoken(sentence) for sentence in out if spoken(sentence)]


def vocabulary(sentences: Iterable[str]) -> list[str]:
    return sorted({word for sentence in sentences for word in sentence.split()})
