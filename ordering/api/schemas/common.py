"""What every body shares: times as clients give them, the RFC 9457 problem, and the problems
each route declares."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    TypeAdapter,
    WithJsonSchema,
)

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


def examples(*cases: dict[str, Any]) -> ConfigDict:
    """A model config showing `cases` as the schema's examples in the OpenAPI document."""
    return ConfigDict(json_schema_extra={"examples": list(cases)})


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
