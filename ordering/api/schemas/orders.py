"""order/1 and paying for it."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
)

from ordering.api.schemas.common import ORDER_EXAMPLE, examples
from ordering.understanding import PaymentMethod

# -- order/1 -----------------------------------------------------------------------------------


class ComponentOut(BaseModel):
    id: str
    options: list[str]


class OrderLineOut(BaseModel):
    id: str = Field(description="item or combo id of the menu")
    quantity: int
    options: list[str] = Field(description="all options in force, defaults included, sorted")
    choices: dict[str, ComponentOut] = Field(description="combo slot → chosen item")
    unit_price: int | None = Field(description="minor units; null while a choice is missing")
    line_total: int | None


class StoreRefOut(BaseModel):
    id: str
    name: str
    distance_m: int | None


class PaymentOut(BaseModel):
    method: str
    status: str
    amount: int


class OrderOut(BaseModel):
    """An order (`order/1`)."""

    model_config = examples(ORDER_EXAMPLE)

    id: str
    status: Literal["open", "awaiting_confirmation", "paid", "payment_failed", "cancelled"]
    currency: str
    total: int = Field(description="minor units (fen for CNY)")
    lines: list[OrderLineOut]
    store: StoreRefOut | None
    pickup_code: str | None
    payment: PaymentOut | None


CARD_PATTERN = r"^[ -]*(?:[0-9][ -]*){12,19}$"


class PayIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={
            "examples": [
                {"method": "voice"},
                {"method": "card", "card_number": "4242424242424242"},
            ],
            # A voice payment takes no card number (422 `invalid-payment` otherwise).
            "if": {"properties": {"method": {"const": "voice"}}},
            "then": {"properties": {"card_number": {"type": "null"}}},
        },
    )

    method: PaymentMethod
    card_number: Annotated[str, Field(max_length=40, pattern=CARD_PATTERN)] | None = Field(
        default=None,
        description="test card for the card method (never stored); default: the card on file",
    )
