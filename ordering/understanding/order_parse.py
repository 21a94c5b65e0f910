"""`order-parse/1`: what one utterance says, as frozen values with their JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

Intent = Literal[
    "add_items",
    "remove_items",
    "modify_items",
    "replace_item",
    "confirm",
    "deny",
    "finish",
    "cancel_order",
    "ask_menu",
    "ask_price",
    "ask_store",
    "pay",
    "repeat",
    "help",
    "out_of_scope",
]
INTENTS: tuple[Intent, ...] = get_args(Intent)

PaymentMethod = Literal["voice", "card"]


@dataclass(frozen=True, slots=True)
class Choice:
    """A set-meal slot filled by the customer: the item and the options said about it."""

    slot: str
    item: str
    options: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedLine:
    """One line of an utterance.

    `id` is an item or combo id, or None for "that"/"it" (the last line talked about).
    `quantity` is None when no number was said. `options` are the option ids said, sorted, and
    always allowed on the item. `pending` holds option words that could not be resolved without
    knowing the item ("make it large"): each entry lists the candidate option ids.
    """

    id: str | None
    quantity: int | None = None
    options: tuple[str, ...] = ()
    choices: tuple[Choice, ...] = ()
    pending: tuple[tuple[str, ...], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "quantity": self.quantity,
            "options": sorted(self.options),
            "choices": {choice.slot: choice.item for choice in self.choices},
        }


@dataclass(frozen=True, slots=True)
class OrderParse:
    """The meaning of one utterance (`order-parse/1`)."""

    intent: Intent
    items: tuple[ParsedLine, ...] = ()
    replaced: tuple[ParsedLine, ...] = ()
    payment_method: PaymentMethod | None = None
    category: str | None = None
    unmatched: tuple[str, ...] = ()
    confidence: float = field(default=1.0, compare=False)
    """How sure the parser is, 0 to 1; not part of the contract JSON, for the dialog."""
    alternative: Intent | None = field(default=None, compare=False)
    """When unsure: the intent the customer may have meant, to ask about."""
    unplaced: tuple[str, ...] = field(default=(), compare=False)
    """Options said beside products, none of which can take them ("a waffle with oat milk"):
    not part of the contract JSON; to a recogniser, a sign of a mishearing."""

    def to_dict(self) -> dict[str, Any]:
        """The contract JSON object (`order-parse/1`: confidence is no part of it)."""
        return {
            "intent": self.intent,
            "items": [line.to_dict() for line in self.items],
            "replaced": [line.to_dict() for line in self.replaced],
            "payment_method": self.payment_method,
            "category": self.category,
            "unmatched": list(self.unmatched),
        }
