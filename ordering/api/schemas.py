"""Request and response bodies, with the examples the OpenAPI document shows."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    TypeAdapter,
    WithJsonSchema,
    model_validator,
)

from menu.model import Language
from ordering.understanding import Intent, PaymentMethod

AT_EXAMPLE = "2025-03-18T08:00:00+08:00"


# RFC 3339 (what `format: date-time` means) with seconds and an offset, in the years 1970 to
# 2200 as written: far-off years overflowed when converted to UTC or to a store's time zone.
# Written out as a pattern, so that the OpenAPI document says exactly what is accepted (no Unix
# times, no date alone, no missing seconds or offset). Plain ECMA-262 and Python alike: no
# named groups, and `[0-9]` rather than `\d` (in Python any script's digit).
AT_PATTERN = (
    r"^(19[7-9][0-9]|2[01][0-9][0-9]|2200)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"T([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9])(?:\.([0-9]+))?"
    r"(?:Z|([+-])([01][0-9]|2[0-3]):([0-5][0-9]))$"
)
_AT = re.compile(AT_PATTERN.removeprefix("^").removesuffix("$"))
AT_DESCRIPTION = (
    "ISO 8601 (RFC 3339) date and time with seconds and an offset (`Z` or `±hh:mm`), "
    "in the years 1970 to 2200"
)


def _moment(value: object) -> datetime:
    """An aware datetime from text matching AT_PATTERN; ValueError for anything else."""
    # Only text: a number is not a time here, though pydantic would read it as a Unix time.
    match = _AT.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"the time must be {AT_DESCRIPTION}, e.g. {AT_EXAMPLE}")
    year, month, day, hour, minute, second, fraction, sign, offset_h, offset_m = match.groups()
    offset = timedelta(hours=int(offset_h or 0), minutes=int(offset_m or 0))
    # datetime itself refuses a day the month does not have (2025-02-29): a ValueError too.
    return datetime(
        int(year),
        int(month),
        int(day),
        int(hour),
        int(minute),
        int(second),
        int((fraction or "").ljust(6, "0")[:6]),
        tzinfo=timezone(-offset if sign == "-" else offset),
    )


Moment = Annotated[
    datetime,
    PlainValidator(_moment),
    WithJsonSchema(
        {"type": "string", "format": "date-time", "pattern": AT_PATTERN, "examples": [AT_EXAMPLE]}
    ),
]
"""A time a client gives (`at`): exactly what its JSON Schema says, as an aware datetime."""
AT_SCHEMA: dict[str, Any] = TypeAdapter(Moment).json_schema()


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
    model_config = ConfigDict(
        strict=True, json_schema_extra={"examples": [{"text": "two large oat lattes please"}]}
    )

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


# -- audio -------------------------------------------------------------------------------------

AUDIO_DESCRIPTION = (
    "an audio file: WAV, AIFF, FLAC, OGG or MP3 (8-192 kHz, 1-8 channels); an empty or "
    "unreadable file, or one outside those bounds, is a 422 `unreadable-audio`, a clip over "
    "the duration limit a 413 `audio-too-long`"
)
AUDIO_SCHEMA: dict[str, Any] = {
    "type": "string",
    "format": "binary",
    "minLength": 1,
    "description": AUDIO_DESCRIPTION,
}


# -- sessions and turns ------------------------------------------------------------------------


def _not_null(value: object) -> object:
    if value is None:
        raise ValueError("leave the field out rather than send null")
    return value


NotNull = BeforeValidator(_not_null)
"""For an optional field that may be left out but is never null (its schema says no null)."""


def _without_null(schema: dict[str, Any]) -> None:
    """Schema of a model whose optional fields are `NotNull`: each property the type it has
    when given (pydantic writes `anyOf [T, null]` with a null default)."""
    for name, prop in schema.get("properties", {}).items():
        branches = [b for b in prop.get("anyOf", ()) if b != {"type": "null"}]
        if "anyOf" in prop and len(branches) == 1:
            del prop["anyOf"]
            prop.pop("default", None)
            schema["properties"][name] = {**branches[0], **prop}


# Where a customer is, as JSON Schema: `lat` and `lon` together, or `near`, not both.
WHERE_RULES: dict[str, Any] = {
    "dependentRequired": {"lat": ["lon"], "lon": ["lat"]},
    "not": {"required": ["near", "lat"]},
}
NEAR_DESCRIPTION = (
    "a well-known place (landmark, station, airport, district or city centre, in English or "
    "Chinese; case, word order and small typos are forgiven); an unknown one is a 422"
)


def _where_schema(schema: dict[str, Any]) -> None:
    _without_null(schema)
    schema.update(WHERE_RULES)


def _session_schema(schema: dict[str, Any]) -> None:
    _where_schema(schema)
    schema["examples"] = [{"lat": 31.2304, "lon": 121.4737}, {"near": "Bund"}]


def _nearest_schema(schema: dict[str, Any]) -> None:
    _where_schema(schema)
    schema["anyOf"] = [{"required": ["lat"]}, {"required": ["near"]}]


Latitude = Annotated[
    Annotated[float, Field(ge=-90, le=90)] | None, NotNull, Field(examples=[31.2304])
]
Longitude = Annotated[
    Annotated[float, Field(ge=-180, le=180)] | None, NotNull, Field(examples=[121.4737])
]
Near = Annotated[
    Annotated[str, Field(min_length=1, max_length=200)] | None,
    NotNull,
    Field(description=NEAR_DESCRIPTION, examples=["The Bund"]),
]


def _one_place(lat: float | None, lon: float | None, near: str | None) -> None:
    """WHERE_RULES, as validation: a breach is a 422 `invalid-request`, like any other request
    the schema does not describe. (No place at all is the store locator's to refuse.)"""
    if (lat is None) != (lon is None):
        raise ValueError("give lat and lon together")
    if lat is not None and near is not None:
        raise ValueError("give lat and lon, or near, not both")


class SessionIn(BaseModel):
    """Where the customer is: `lat` and `lon`, or a well-known place (`near`); neither: People's
    Square."""

    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra=_session_schema)

    lat: Latitude = None
    lon: Longitude = None
    near: Near = None

    @model_validator(mode="after")
    def _where(self) -> SessionIn:
        _one_place(self.lat, self.lon, self.near)
        return self


class NearestQuery(BaseModel):
    """The query of `GET /stores/nearest`: where (`lat` and `lon`, or `near`), when, how many."""

    # Unknown query parameters are ignored, as FastAPI does for the parameters it declares.
    model_config = ConfigDict(extra="ignore", json_schema_extra=_nearest_schema)

    lat: Latitude = None
    lon: Longitude = None
    near: Near = None
    at: Annotated[Moment | None, NotNull, Field(description=AT_DESCRIPTION)] = None
    k: int = Field(default=1, ge=1, le=50, description="how many stores")

    @model_validator(mode="after")
    def _where(self) -> NearestQuery:
        _one_place(self.lat, self.lon, self.near)
        return self


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
        strict=True,
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


# What `CardNumber.parse` reads: 12 to 19 digits, with any spaces or dashes between them. Its
# check digit is not a pattern: a number that fails it is a 422 `invalid-card`.
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


class HealthOut(BaseModel):
    status: Literal["ok"]
    database: Literal["ok"]


# What a request the schema allows can still be refused for, by operation, status and problem
# type: its input names something the server looks up (a place, a clip's content, a card's
# check digit, a feed's references), which no schema can spell out. Anything else a
# schema-valid request is refused with is a disagreement between schema and validation (the
# API's schemathesis test and benchmark hold it to this).
SCHEMA_VALID_REFUSALS: dict[str, dict[int, frozenset[str]]] = {
    "GET /stores/nearest": {422: frozenset({"invalid-store-query"})},  # an unknown place
    "POST /sessions": {422: frozenset({"invalid-store-query"})},
    "POST /transcribe": {422: frozenset({"unreadable-audio"})},  # bytes that are not audio
    "POST /sessions/{session_id}/turns": {422: frozenset({"unreadable-audio"})},
    "POST /orders/{order_id}/pay": {
        422: frozenset({"invalid-card"}),  # a wrong check digit
        402: frozenset({"payment-declined"}),  # a test card the bank declines
    },
    "POST /admin/menu": {422: frozenset({"invalid-feed"})},  # a feed breaking the format's rules
}

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
