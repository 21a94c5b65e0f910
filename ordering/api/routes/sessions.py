"""Conversations: start one (and get its token), take typed or spoken turns, read it back."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Response

from ordering.api.audio import decode_upload
from ordering.api.deps import (
    MenuDep,
    ServicesDep,
    SessionBearer,
    SessionId,
    Snapshot,
    TurnInput,
)
from ordering.api.schemas import (
    AT_EXAMPLE,
    AT_SCHEMA,
    AUDIO_DESCRIPTION,
    AUDIO_SCHEMA,
    SessionCreatedOut,
    SessionIn,
    SessionOut,
    TurnIn,
    TurnOut,
    problems,
)
from ordering.checkout.orders import Order
from ordering.conversation import use_cases as conversation
from ordering.understanding import parse
from store_locator.cli_support import resolve_position

router = APIRouter(tags=["sessions"])

DEFAULT_PLACE = "People's Square"

TURN_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": TurnIn.model_json_schema(),
                "examples": {
                    "typed": {"value": {"text": "a large latte please", "at": AT_EXAMPLE}},
                },
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "audio": {
                            **AUDIO_SCHEMA,
                            "description": f"the customer's turn: {AUDIO_DESCRIPTION}",
                        },
                        "at": {**AT_SCHEMA, "description": "the turn's time (default: now)"},
                    },
                    "required": ["audio"],
                    "additionalProperties": False,
                },
            },
        },
    }
}

# Where a new session leads, for clients and for stateful testing: its id, its order's id, and
# its token (every one of these operations needs it).
_AUTHORIZATION = "Bearer {$response.body#/token}"
SESSION_LINKS: dict[str, Any] = {
    name: {
        "operationId": operation_id,
        "parameters": {location: value, "header.Authorization": _AUTHORIZATION},
    }
    for name, operation_id, location, value in (
        (
            "ReadSession",
            "read_session_sessions__session_id__get",
            "path.session_id",
            "$response.body#/id",
        ),
        (
            "TakeTurn",
            "take_turn_sessions__session_id__turns_post",
            "path.session_id",
            "$response.body#/id",
        ),
        (
            "ReadOrder",
            "read_order_orders__order_id__get",
            "path.order_id",
            "$response.body#/order/id",
        ),
        (
            "PayOrder",
            "pay_order_orders__order_id__pay_post",
            "path.order_id",
            "$response.body#/order/id",
        ),
        (
            "CancelOrder",
            "cancel_order_orders__order_id__cancel_post",
            "path.order_id",
            "$response.body#/order/id",
        ),
    )
}


@router.post(
    "/sessions",
    status_code=201,
    response_model=SessionCreatedOut,
    responses={**problems(413), 201: {"links": SESSION_LINKS}},
)
def start_session(
    response: Response, menu: MenuDep, services: ServicesDep, body: SessionIn | None = None
) -> dict[str, Any]:
    """Start a conversation and its empty order. The token in the answer is shown once: send it
    as `Authorization: Bearer …` to continue the conversation and to see or pay its order."""
    place = body or SessionIn()
    if place.lat is None and place.lon is None and place.near is None:
        place = SessionIn(near=DEFAULT_PLACE)
    customer = resolve_position(lat=place.lat, lon=place.lon, near=place.near)
    token = conversation.new_session_token()
    stored = conversation.start_conversation(
        uow=services.uow(),
        menu=menu.menu,
        menu_checksum=menu.checksum,
        near=(customer.position.lat, customer.position.lon),
        token_hash=conversation.token_digest(token),
    )
    response.headers["Location"] = f"/sessions/{stored.id}"
    order = Order.start(menu.menu, order_id=stored.order_id)
    return {"id": stored.id, "token": token, "order": order.to_dict()}


@router.get(
    "/sessions/{session_id}",
    response_model=SessionOut,
    responses=problems(404),
)
def read_session(
    session_id: SessionId, bearer: SessionBearer, services: ServicesDep
) -> dict[str, Any]:
    """The conversation's state and its order."""
    stored, order = conversation.get_conversation(
        uow=services.uow(), session_id=session_id, bearer=bearer
    )
    return {
        "id": stored.id,
        "status": order.status.value,
        "turns": stored.version,
        "last_reply": stored.last_reply,
        "order": order.to_dict(),
    }


@router.post(
    "/sessions/{session_id}/turns",
    response_model=TurnOut,
    responses=problems(404, 409, 413, 503),
    openapi_extra=TURN_BODY,
)
def take_turn(
    session_id: SessionId,
    bearer: SessionBearer,
    turn: TurnInput,
    services: ServicesDep,
    snapshot: Snapshot,
) -> dict[str, Any]:
    """One customer turn, typed (JSON) or spoken (multipart `audio`): the reply, the status and
    the order as it now stands."""
    common: dict[str, Any] = {
        "uow": services.uow,
        "session_id": session_id,
        "bearer": bearer,
        "menu": snapshot.menu.menu,
        "at": turn.at or datetime.now(UTC),
        "stores": services.store_finder(),
        "gateway": services.payments,
        "card_number": services.settings.card_on_file,
    }
    confidence = None
    if turn.audio is not None:
        spoken, result = conversation.take_spoken_turn(
            clip=decode_upload(turn.audio, services=services),
            recognizer=services.recognizer(),
            answer_recognizer=services.answer_recognizer,
            lexicon=snapshot.lexicon,
            **common,
        )
        heard, confidence = spoken.transcript, round(spoken.confidence, 3)
    else:
        heard = turn.text or ""
        result = conversation.take_turn(text=heard, parsed=parse(snapshot.lexicon, heard), **common)
    return {
        "turn": result.number,
        "heard": heard,
        "reply": result.reply,
        "status": result.state.status,
        "order": result.state.order.to_dict(),
        "confidence": confidence,
    }
