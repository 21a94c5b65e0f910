"""Request and response bodies, with the examples the OpenAPI document shows."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from menu.model import Language
from ordering.understanding import Intent, PaymentMethod

AT_EXAMPLE = "2025-03-18T08:00:00+08:00"


def _plausible(moment: datetime) -> datetime:
    # Far-off years overflow when converted to a store's time zone.
    if not 1970 <= moment.astimezone(UTC).year <= 2200:
        raise ValueError("the time must be between the years 1970 and 2200")
    return moment


Moment = Annotated[AwareDatetime, AfterValidator(_plausible)]


ORDER_EXAMPLE: dict[str, Any] = {
    "id": "9b0c2d4e5f6a47b8a1c2d3e4f5a6b7c8",
    "status": "paid",
    "currency": "CNY",
    "total": 2000,
    "lines": [
        {
            "id": "latte",
            "quantity": 1,
            "options": ["hot", "size-large", "whole-milk"],
            "choices": {},
            "unit_price": 2000,
            "line_total": 2000,
        }
    ],
    "store": {"id": "sh-0001", "name": "People's Square", "distance_m": 412},
    "pickup_code": "4821",
    "payment": {"method": "voice", "status": "succeeded", "amount": 2000},
}


def _examples(*examples: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": list(examples)})


class Problem(BaseModel):
    """An RFC 9457 problem (`application/problem+json`); extra members per problem type."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "type": "https://breakfast-voice.example/problems/order-not-found",
                    "title": "Order not found",
                    "status": 404,
                    "detail": "there is no order '3f2a…'",
                    "instance": "/orders/3f2a…",
                }
            ]
        },
    )

    type: str = Field(description="a URI naming the problem type, or about:blank")
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None


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

    model_config = _examples(ORDER_EXAMPLE)

    id: str
    status: Literal["open", "awaiting_confirmation", "paid", "payment_failed", "cancelled"]
    currency: str
    total: int = Field(description="minor units (fen for CNY)")
    lines: list[OrderLineOut]
    store: StoreRefOut | None
    pickup_code: str | None
    payment: PaymentOut | None


# -- order-parse/1 -----------------------------------------------------------------------------


class ParsedLineOut(BaseModel):
    id: str | None = Field(description="item or combo id; null for 'that'/'it'")
    quantity: int | None
    options: list[str]
    choices: dict[str, str]


class OrderParseOut(BaseModel):
    """What one utterance says (`order-parse/1`)."""

    model_config = _examples(
        {
            "intent": "add_items",
            "items": [
                {"id": "latte", "quantity": 2, "options": ["oat-milk", "size-large"], "choices": {}}
            ],
            "replaced": [],
            "payment_method": None,
            "category": None,
            "unmatched": [],
        }
    )

    intent: Intent
    items: list[ParsedLineOut]
    replaced: list[ParsedLineOut]
    payment_method: PaymentMethod | None
    category: str | None
    unmatched: list[str]


class ParseIn(BaseModel):
    model_config = _examples({"text": "two large oat lattes please"})

    text: str = Field(max_length=2000, description="what the customer said")


class TranscribeOut(BaseModel):
    model_config = _examples(
        {
            "transcript": "two egg tarts and a large latte",
            "parse": {
                "intent": "add_items",
                "items": [
                    {"id": "egg-tart", "quantity": 2, "options": [], "choices": {}},
                    {"id": "latte", "quantity": 1, "options": ["size-large"], "choices": {}},
                ],
                "replaced": [],
                "payment_method": None,
                "category": None,
                "unmatched": [],
            },
            "confidence": 0.87,
            "decode_seconds": 0.41,
            "audio_seconds": 2.6,
        }
    )

    transcript: str
    parse: OrderParseOut
    confidence: float
    decode_seconds: float
    audio_seconds: float


# -- the menu ----------------------------------------------------------------------------------


class MoneyOut(BaseModel):
    minor: int
    major: float
    text: str


class MenuOptionOut(BaseModel):
    id: str
    name: str
    price: MoneyOut


class MenuGroupOut(BaseModel):
    id: str
    name: str
    min: int
    max: int
    default: str | None
    options: list[MenuOptionOut]


class MenuChoiceOut(BaseModel):
    item: str
    name: str
    upcharge: MoneyOut
    options: list[str]


class MenuSlotOut(BaseModel):
    id: str
    name: str
    default: str | None
    choices: list[MenuChoiceOut]


class MenuProductOut(BaseModel):
    id: str
    kind: str
    name: str
    price: MoneyOut
    available: bool
    starts_at: str | None = Field(description="HH:MM when not available at the time asked")
    groups: list[MenuGroupOut]
    slots: list[MenuSlotOut]


class MenuCategoryOut(BaseModel):
    id: str
    name: str
    products: list[MenuProductOut]


class MenuOut(BaseModel):
    """What can be ordered at a time, by category."""

    model_config = _examples(
        {
            "brand": "Morning Bell",
            "currency": "CNY",
            "local_time": "08:00",
            "lang": "en",
            "categories": [
                {
                    "id": "coffee",
                    "name": "Coffee",
                    "products": [
                        {
                            "id": "americano",
                            "kind": "item",
                            "name": "Americano",
                            "price": {"minor": 1500, "major": 15.0, "text": "¥15.00"},
                            "available": True,
                            "starts_at": None,
                            "groups": [],
                            "slots": [],
                        }
                    ],
                }
            ],
        }
    )

    brand: str
    currency: str
    local_time: str
    lang: Language
    categories: list[MenuCategoryOut]


class MenuImportOut(BaseModel):
    model_config = _examples(
        {"version": 2, "checksum": "5d41402abc4b2a76b9719d911017c592", "brand": "bagel-cafe"}
    )

    version: int
    checksum: str
    brand: str
    imported_at: datetime


# -- stores ------------------------------------------------------------------------------------


class NearbyStoreOut(BaseModel):
    id: str
    name: str
    lat: float
    lon: float
    distance_m: int
    open: bool


class NearestOut(BaseModel):
    model_config = _examples(
        {
            "stores": [
                {
                    "id": "sh-0001",
                    "name": "People's Square",
                    "lat": 31.2304,
                    "lon": 121.4737,
                    "distance_m": 412,
                    "open": True,
                }
            ]
        }
    )

    stores: list[NearbyStoreOut]


# -- sessions and turns ------------------------------------------------------------------------


class SessionIn(BaseModel):
    """Where the customer is: `lat`/`lon`, or a well-known place; default People's Square."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"lat": 31.2304, "lon": 121.4737}, {"near": "Bund"}]},
    )

    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    near: str | None = Field(default=None, max_length=200)


class SessionCreatedOut(BaseModel):
    model_config = _examples(
        {
            "id": "q3V9mJtL0b5t2Gk1yZlW0n8cJ6xRfPpA",
            "token": "a-secret-bearer-token-shown-once",
            "order": {
                "id": "9b0c2d4e5f6a47b8a1c2d3e4f5a6b7c8",
                "status": "open",
                "currency": "CNY",
                "total": 0,
                "lines": [],
                "store": None,
                "pickup_code": None,
                "payment": None,
            },
        }
    )

    id: str = Field(description="the session id (unguessable)")
    token: str = Field(description="bearer token for this session and its order; shown once")
    order: OrderOut


class SessionOut(BaseModel):
    id: str
    status: str
    turns: int = Field(description="how many turns the conversation has taken")
    last_reply: str
    order: OrderOut


class TurnIn(BaseModel):
    """A typed turn."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"text": "a large latte please", "at": AT_EXAMPLE}]},
    )

    text: str = Field(min_length=1, max_length=2000)
    at: Moment | None = Field(default=None, description="the turn's time (default: now)")


class TurnOut(BaseModel):
    model_config = _examples(
        {
            "turn": 1,
            "heard": "a large latte please",
            "reply": "One large latte. Anything else?",
            "status": "open",
            "order": ORDER_EXAMPLE,
            "confidence": None,
        }
    )

    turn: int
    heard: str
    reply: str
    status: str
    order: OrderOut
    confidence: float | None = Field(description="how sure the recogniser was (audio turns)")


class PayIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"method": "voice"}, {"method": "card", "card_number": "4242424242424242"}]
        },
    )

    method: PaymentMethod
    card_number: str | None = Field(
        default=None, max_length=40, description="test card for the card method (never stored)"
    )


class HealthOut(BaseModel):
    status: Literal["ok"]
    database: Literal["ok"]


PROBLEM_DESCRIPTIONS: dict[int, str] = {
    400: "The body cannot be parsed (malformed JSON or multipart form)",
    401: "Not authenticated (admin routes: a missing or wrong X-API-Key)",
    402: "Payment declined by the bank; the problem's `order` is payment_failed",
    404: "Not found, or not yours: a missing or wrong session token looks the same",
    409: "Conflict with the order's state, a concurrent change, or a reused idempotency key",
    413: "The body is over the size limit, or the audio over the duration limit",
    422: "The request is malformed, or asks for something the menu or stores cannot do",
    503: "Temporarily unavailable (database, recogniser, or a payment outcome not known yet: "
    "retry the same request, with the same Idempotency-Key, after Retry-After seconds)",
}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for the problems a route can answer with (always 400 and 422: malformed
    and invalid requests)."""
    return {
        status: {"model": Problem, "description": PROBLEM_DESCRIPTIONS[status]}
        for status in sorted({*statuses, 400, 422})
    }
