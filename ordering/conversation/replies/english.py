"""The dialog's sentences in English, with the menu's English names."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from menu.model import Combo, Item, Menu, ModifierGroup, Slot
from menu.money import format_amount
from menu.pricing import Limits, Line
from ordering.checkout.orders import Order, OrderLine, StoreRef
from ordering.conversation.replies.protocol import Language
from ordering.understanding import Intent
from ordering.understanding.english import plural
from ordering.understanding.phrasebook import OFFERS


@dataclass(frozen=True, slots=True)
class EnglishReplies:
    menu: Menu
    language: Language = "en"

    # -- words ------------------------------------------------------------------------------
    def name(self, product_id: str) -> str:
        return self.menu.product(product_id).name.en

    def money(self, amount: int) -> str:
        return format_amount(amount, self.menu.currency)

    def describe(self, line: OrderLine | Line, *, quantity: bool = True) -> str:
        resolved = line.line if isinstance(line, OrderLine) else line
        product = self.menu.product(resolved.product)
        words = _spoken_options(self.menu, product, resolved.options)
        name = (
            product.name.en if resolved.quantity == 1 or not quantity else plural(product.name.en)
        )
        text = " ".join([*words, name])
        return f"{resolved.quantity} {text}" if quantity else text

    # -- editing ----------------------------------------------------------------------------
    def unavailable(self, line: Line, at: datetime, reason: str) -> str:
        return f"Sorry, {reason}."

    def limit(self, too_many_lines: bool, limits: Limits) -> str:
        if too_many_lines:
            return f"Sorry, an order can hold at most {limits.max_lines} different items."
        return f"Sorry, we can take at most {limits.max_quantity} of one item."

    def refused(self, reason: str) -> str:
        return f"Sorry, {reason}."

    def added(self, line: Line) -> str:
        return f"Added {self.describe(line)}."

    def too_many_of_one(self, limit: int) -> str:
        return f"Sorry, we can take at most {limit} of one item."

    def now(self, line: OrderLine | Line) -> str:
        return f"OK, {self.describe(line)}."

    def removed(self, line: OrderLine) -> str:
        return f"Removed the {self.describe(line, quantity=False)}."

    def slot_filled(self, item_id: str) -> str:
        return f"OK, {self.name(item_id)}."

    def nothing_to_change(self) -> str:
        return "There is nothing in your order to change yet."

    def option_does_not_fit(self) -> str:
        return "Sorry, that option doesn't go with that item."

    def left_off(self, option_ids: Sequence[str]) -> str:
        names = list(dict.fromkeys(self.menu.option(o).name.en.lower() for o in option_ids))
        verb, it = ("don't", "them") if len(names) > 1 else ("doesn't", "it")
        return f"Sorry, {' and '.join(names)} {verb} go with what you ordered, so I left {it} off."

    def not_in_order(self, product_id: str | None, *, that: bool = False) -> str:
        what = self.name(product_id) if product_id else ("that" if that else "such item")
        return f"There is no {what} in your order."

    def what_instead(self) -> str:
        return "What would you like instead?"

    def instead(self, line: Line) -> str:
        return f"OK, {self.describe(line)} instead."

    def in_set(self, item_id: str, combo: Combo) -> str:
        return f"OK, {self.name(item_id)} in your {combo.name.en}."

    def no_such_food(self, word: str) -> str:
        return f"Sorry, we don't have {word}."

    # -- asking -----------------------------------------------------------------------------
    def which_choice(self, combo: Combo, slot: Slot) -> str:
        names = [self.name(c.item) for c in slot.choices]
        return f"Which {slot.name.en.lower()} for the {combo.name.en}: {or_list(names)}?"

    def which_option(self, group: ModifierGroup, owner_id: str) -> str:
        names = [option.name.en.lower() for option in group.options]
        return f"What {group.name.en.lower()} for the {self.name(owner_id)}: {or_list(names)}?"

    def anything_else(self) -> str:
        return "Anything else?"

    def shall_i_place(self) -> str:
        return "Shall I place the order?"

    def not_caught(self) -> str:
        return "Sorry, I didn't catch that. What would you like?"

    def what_would_you_like(self) -> str:
        return "OK. What would you like?"

    def did_you_want(self, intent: Intent) -> str:
        return f"Sorry, did you want to {OFFERS.get(intent, 'go on')}?"

    def what_to_change(self) -> str:
        return "OK, what would you like to change?"

    # -- the order --------------------------------------------------------------------------
    def empty_order(self, *, ask: bool = False) -> str:
        return "Your order is empty. What would you like?" if ask else "Your order is empty."

    def read_back(self, order: Order, store: StoreRef, method: str) -> str:
        parts = [
            f"{self.describe(line)}, {self.money(line.line_total or 0)}" for line in order.lines
        ]
        distance = f", {store.distance_m} metres away" if store.distance_m is not None else ""
        paid_by = "voice payment" if method == "voice" else "card"
        return (
            f"That's {'; '.join(parts)}. Total {self.money(order.total)}, "
            f"for pickup at {store.name}{distance}, paid by {paid_by}. Shall I place the order?"
        )

    def you_have(self, order: Order) -> str:
        lines = "; ".join(self.describe(line) for line in order.lines)
        return f"You have {lines}. Total {self.money(order.total)} so far."

    def total_so_far(self, amount: int) -> str:
        return f"Your order comes to {self.money(amount)} so far."

    def no_store_open(self) -> str:
        return "Sorry, no store near you is open and serving now."

    def nearest_store(self, store: StoreRef) -> str:
        distance = f", {store.distance_m} metres away" if store.distance_m is not None else ""
        return f"Your nearest open store is {store.name}{distance}."

    # -- paying and cancelling --------------------------------------------------------------
    def payment_error(self, reason: str) -> str:
        return f"Sorry, the payment did not go through: {reason}."

    def paid(self, order: Order) -> str:
        return (
            f"Paid {self.money(order.total)}. Your pickup code is "
            f"{' '.join(order.pickup_code or '')}. See you soon!"
        )

    def payment_failed(self, status: str) -> str:
        return f"Sorry, the payment {status}. Say yes to try again or cancel."

    def already_paid(self, order: Order) -> str:
        return f"Your order is paid; your pickup code is {' '.join(order.pickup_code or '')}."

    def closed(self) -> str:
        return "This order is cancelled. Start a new session to order again."

    def paying_by(self, method: str) -> str:
        return f"OK, you'll pay by {'voice payment' if method == 'voice' else 'card'}."

    def already_cancelled(self) -> str:
        return "Your order is already cancelled."

    def confirm_cancel(self) -> str:
        return "Cancel the whole order? Say yes to cancel."

    def cancel_failed(self, reason: str) -> str:
        return f"Sorry, I couldn't cancel: {reason}."

    def cancelled(self, *, refunded: bool) -> str:
        return "Your order is cancelled." + (" Your payment has been refunded." if refunded else "")

    def kept(self) -> str:
        return "OK, your order stays as it is."

    # -- questions --------------------------------------------------------------------------
    def category_items(self, category_id: str, product_ids: Sequence[str]) -> str:
        names = [self.name(p) for p in product_ids]
        category = self.menu.category(category_id).name.en
        return f"{category}: {or_list(names).replace(' or ', ' and ')}."

    def category_not_served(self, category_id: str) -> str:
        return f"No {self.menu.category(category_id).name.en.lower()} is being served right now."

    def categories(self, category_ids: Sequence[str]) -> str:
        names = [self.menu.category(c).name.en.lower() for c in category_ids]
        return f"We have {or_list(names).replace(' or ', ' and ')}. What would you like?"

    def nothing_served(self) -> str:
        return "Nothing is being served right now."

    def starts_at(self, product_id: str, amount: int) -> str:
        return f"{self.name(product_id)} starts at {self.money(amount)}."

    def price_of(self, line: Line, amount: int) -> str:
        return f"{self.describe(line)} is {self.money(amount)}."

    def help(self) -> str:
        return (
            "Tell me what you'd like, for example 'two egg tarts and a large latte'. "
            "Say 'that's all' when you're done."
        )

    def out_of_scope(self) -> str:
        return "Sorry, I can only help with breakfast orders."


def _spoken_options(menu: Menu, product: Item | Combo, options: Iterable[str]) -> list[str]:
    """Option names worth saying (not the defaults nobody asked for)."""
    if not isinstance(product, Item):
        return []
    words = []
    for option_id in sorted(options):
        group = menu.group_of_option(option_id)
        if option_id != group.default:
            words.append(menu.option(option_id).name.en.lower())
    return words


def or_list(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
