"""Sessions (conversations) and their turns."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

from ordering.api.schemas.common import AT_DESCRIPTION, AT_EXAMPLE, ORDER_EXAMPLE, Moment, examples
from ordering.api.schemas.orders import OrderOut

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
    model_config = examples(
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
    model_config = examples(
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
