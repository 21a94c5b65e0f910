"""The menu, the nearest stores, and understanding text or speech without a session."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, File, Query, UploadFile

from menu.listing import menu_listing
from menu.model import Language
from ordering.api.audio import hear_upload
from ordering.api.deps import LexiconDep, MenuDep, ServicesDep
from ordering.api.schemas import (
    AT_EXAMPLE,
    MenuOut,
    Moment,
    NearestOut,
    OrderParseOut,
    ParseIn,
    TranscribeOut,
    problems,
)
from ordering.understanding import parse
from store_locator import service as store_service
from store_locator.cli_support import nearest_to_dict, resolve_position

router = APIRouter()

At = Annotated[
    Moment | None,
    Query(description="ISO 8601 time with an offset (default: now)", examples=[AT_EXAMPLE]),
]


@router.get("/menu", tags=["menu"], response_model=MenuOut, responses=problems(503))
def get_menu(menu: MenuDep, at: At = None, lang: Language = "en") -> dict[str, Any]:
    """What can be ordered at a time, by category, with prices, options and set-meal slots."""
    return menu_listing(menu.menu, at or datetime.now(UTC), lang).to_dict()


@router.get("/stores/nearest", tags=["stores"], response_model=NearestOut, responses=problems(503))
def nearest_stores(
    services: ServicesDep,
    lat: Annotated[float | None, Query(ge=-90, le=90, examples=[31.2304])] = None,
    lon: Annotated[float | None, Query(ge=-180, le=180, examples=[121.4737])] = None,
    near: Annotated[
        str | None, Query(max_length=200, description="a well-known place instead of lat/lon")
    ] = None,
    at: At = None,
    k: Annotated[int, Query(ge=1, le=50, description="how many stores")] = 1,
) -> dict[str, Any]:
    """The nearest stores open and serving breakfast at a time, nearest first."""
    customer = resolve_position(lat=lat, lon=lon, near=near)
    result = store_service.nearest_stores(
        locator=services.stores, position=customer.position, at=at or datetime.now(UTC), k=k
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
    audio: Annotated[UploadFile, File(description="a WAV, AIFF or FLAC clip")],
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
