"""The menu, the nearest stores, and understanding text or speech without a session."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, UploadFile

from menu.listing import menu_listing
from menu.model import Language
from ordering.api.audio import hear_upload
from ordering.api.deps import LexiconDep, MenuDep, NearestQueryDep, ServicesDep
from ordering.api.schemas import (
    AT_DESCRIPTION,
    AT_EXAMPLE,
    AUDIO_DESCRIPTION,
    MenuOut,
    Moment,
    NearestOut,
    NearestQuery,
    OrderParseOut,
    ParseIn,
    TranscribeOut,
    problems,
)
from ordering.understanding import parse
from store_locator import use_cases as store_use_cases
from store_locator.cli_support import nearest_to_dict, resolve_position

router = APIRouter()

At = Annotated[
    Moment | None,
    Query(description=f"{AT_DESCRIPTION} (default: now)", examples=[AT_EXAMPLE]),
]

# The query as one object (`style: form, explode: true`, i.e. `?lat=…&lon=…`): only an object
# can say that `lat` and `lon` go together, instead of `near`.
NEAREST_QUERY: dict[str, Any] = {
    "parameters": [
        {
            "name": "query",
            "in": "query",
            "required": True,
            "style": "form",
            "explode": True,
            "schema": NearestQuery.model_json_schema(),
        }
    ]
}


@router.get("/menu", tags=["menu"], response_model=MenuOut, responses=problems(503))
def get_menu(menu: MenuDep, at: At = None, lang: Language = "en") -> dict[str, Any]:
    """What can be ordered at a time, by category, with prices, options and set-meal slots."""
    return menu_listing(menu.menu, at or datetime.now(UTC), lang).to_dict()


@router.get(
    "/stores/nearest",
    tags=["stores"],
    response_model=NearestOut,
    responses=problems(503),
    openapi_extra=NEAREST_QUERY,
)
def nearest_stores(services: ServicesDep, query: NearestQueryDep) -> dict[str, Any]:
    """The nearest stores open and serving breakfast at a time, nearest first."""
    customer = resolve_position(lat=query.lat, lon=query.lon, near=query.near)
    result = store_use_cases.nearest_stores(
        locator=services.stores,
        position=customer.position,
        at=query.at or datetime.now(UTC),
        k=query.k,
    )
    return nearest_to_dict(result)


@router.post(
    "/parse", tags=["understanding"], response_model=OrderParseOut, responses=problems(413)
)
def parse_text(body: ParseIn, lexicon: LexiconDep) -> dict[str, Any]:
    """Understand what a customer said: text → `order-parse/1`."""
    return parse(lexicon, body.text).to_dict()


@router.post(
    "/transcribe",
    tags=["understanding"],
    response_model=TranscribeOut,
    responses=problems(413, 503),
)
def transcribe(
    audio: Annotated[
        UploadFile,
        File(description=AUDIO_DESCRIPTION, json_schema_extra={"minLength": 1}),
    ],
    services: ServicesDep,
    lexicon: LexiconDep,
) -> dict[str, Any]:
    """Recognise a spoken order (offline) and understand it."""
    heard = hear_upload(audio.file.read(), services=services, lexicon=lexicon)
    return {
        "transcript": heard.transcript,
        "parse": heard.parse.to_dict(),
        "confidence": round(heard.confidence, 3),
        "decode_seconds": round(heard.decode_seconds, 4),
        "audio_seconds": round(heard.audio_seconds, 3),
    }
