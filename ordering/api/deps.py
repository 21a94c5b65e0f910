"""Dependencies, declared once as `Annotated` aliases for the routes to use."""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, cast

from fastapi import Depends, Header, Path, Request
from fastapi.exceptions import RequestValidationError
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from menu.feed import LoadedFeed
from ordering.api.errors import NotAuthenticated
from ordering.api.schemas import Moment, NearestQuery, TurnIn
from ordering.api.state import AppState, MenuSnapshot
from ordering.bootstrap import Services
from ordering.config import Settings
from ordering.conversation import use_cases as conversation
from ordering.understanding import Lexicon

ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"


# Dependencies that do no I/O are `async def`: FastAPI runs a plain `def` dependency in its
# threadpool, a hop that costs more than they do. Those a typed turn uses take the request
# itself rather than another dependency: each level costs FastAPI tens of microseconds.


def _state(request: Request) -> AppState:
    return cast(AppState, request.app.state.breakfast)


async def get_state(request: Request) -> AppState:
    return _state(request)


State = Annotated[AppState, Depends(get_state)]


async def get_services(request: Request) -> Services:
    return _state(request).services


async def get_settings_of_app(state: State) -> Settings:
    return state.settings


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings_of_app)]


async def get_menu_snapshot(request: Request) -> MenuSnapshot:
    """The current menu and its lexicon: at once when at hand; otherwise read (a query at most
    every few seconds) and compiled in the threadpool, never on the event loop."""
    menus = _state(request).menus
    snapshot = menus.ready()
    if snapshot is None:
        snapshot = await run_in_threadpool(menus.current)
    return snapshot


Snapshot = Annotated[MenuSnapshot, Depends(get_menu_snapshot)]


async def get_menu(snapshot: Snapshot) -> LoadedFeed:
    return snapshot.menu


async def get_lexicon(snapshot: Snapshot) -> Lexicon:
    return snapshot.lexicon


MenuDep = Annotated[LoadedFeed, Depends(get_menu)]
LexiconDep = Annotated[Lexicon, Depends(get_lexicon)]

# -- who may see what ----------------------------------------------------------------------

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="SessionToken",
    description="The token `POST /sessions` returned; it opens that session and its order only.",
)
api_key = APIKeyHeader(
    name="X-API-Key", auto_error=False, scheme_name="AdminKey", description="The admin API key."
)


async def session_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str | None:
    return credentials.credentials if credentials is not None else None


Token = Annotated[str | None, Depends(session_token)]
SessionId = Annotated[str, Path(pattern=ID_PATTERN, description="The session id.")]
OrderId = Annotated[str, Path(pattern=ID_PATTERN, description="The order id.")]


async def session_bearer(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> conversation.Bearer:
    """What the client presented; the use case checks it against the session it reads, in the
    same query (a wrong or missing token is a 404, never 401/403)."""
    return conversation.Bearer(credentials.credentials if credentials is not None else None)


SessionBearer = Annotated[conversation.Bearer, Depends(session_bearer)]


def owned_order(order_id: OrderId, token: Token, services: ServicesDep) -> str:
    """The order id, if the bearer token is that of the session owning it; 404 otherwise."""
    conversation.authorize_order(uow=services.uow(), order_id=order_id, token=token)
    return order_id


OwnedOrder = Annotated[str, Depends(owned_order)]


async def require_admin(
    key: Annotated[str | None, Depends(api_key)], settings: SettingsDep
) -> None:
    expected = settings.admin_api_key
    if expected is None or key is None:
        raise NotAuthenticated()
    if not hmac.compare_digest(key.encode(), expected.get_secret_value().encode()):
        raise NotAuthenticated()


Admin = Depends(require_admin)


_JSON_OBJECT = TypeAdapter(dict[str, Any])


async def admin_json_object(request: Request, _: Annotated[None, Admin]) -> dict[str, Any]:
    """The request's JSON object, read only once the admin key has been checked: FastAPI
    decodes a declared body before any dependency runs, which answered a key-less request
    with invalid JSON 422 instead of 401."""
    try:
        return _JSON_OBJECT.validate_json(await request.body())
    except ValidationError as error:
        raise _invalid(error.errors()) from None


AdminJsonObject = Annotated[dict[str, Any], Depends(admin_json_object)]

IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        description="The same key replays the first attempt's result: never a second charge.",
        examples=["pay-9b0c2d4e-1"],
    ),
]

# -- a turn: typed (JSON) or spoken (multipart) ---------------------------------------------


@dataclass(frozen=True, slots=True)
class TurnRequest:
    text: str | None
    audio: bytes | None
    at: datetime | None


def _invalid(errors: Sequence[Any]) -> RequestValidationError:
    return RequestValidationError(errors)


_MOMENT = TypeAdapter(Moment)
TURN_FORM_FIELDS = frozenset({"audio", "at"})


async def turn_request(request: Request) -> TurnRequest:
    """A JSON `{"text", "at"}` body, or a multipart form with an `audio` file and `at`."""
    content_type = request.headers.get("content-type", "").lower()
    if content_type.startswith("multipart/form-data"):
        async with request.form(max_files=1, max_fields=4) as form:
            # As the JSON body (extra="forbid"): a field the form does not have is a mistake.
            unknown = sorted(set(form.keys()) - TURN_FORM_FIELDS)
            if unknown:
                raise _invalid(
                    [
                        {"loc": ("body", name), "msg": "unknown field", "type": "extra_forbidden"}
                        for name in unknown
                    ]
                )
            audio, at = form.get("audio"), form.get("at")
            if not isinstance(audio, UploadFile):
                raise _invalid(
                    [
                        {
                            "loc": ("body", "audio"),
                            "msg": "an audio file is required",
                            "type": "missing",
                        }
                    ]
                )
            data = await audio.read()
        try:
            moment = None if at is None else _MOMENT.validate_python(at)
        except ValidationError as error:
            raise _invalid(
                [{**e, "loc": ("body", "at", *e["loc"])} for e in error.errors()]
            ) from None
        return TurnRequest(None, data, moment)
    if not content_type.startswith("application/json"):
        raise _invalid(
            [
                {
                    "loc": ("body",),
                    "msg": "send application/json or multipart/form-data",
                    "type": "content_type",
                }
            ]
        )
    try:
        parsed = TurnIn.model_validate_json(await request.body())
    except ValidationError as error:
        raise _invalid(error.errors()) from None
    return TurnRequest(parsed.text, None, parsed.at)


TurnInput = Annotated[TurnRequest, Depends(turn_request)]


async def nearest_query(request: Request) -> NearestQuery:
    """`GET /stores/nearest`'s query, read as one object so that its schema can say how its
    parameters go together (see `NearestQuery`)."""
    try:
        return NearestQuery.model_validate(dict(request.query_params))
    except ValidationError as error:
        raise _invalid([{**e, "loc": ("query", *e["loc"])} for e in error.errors()]) from None


NearestQueryDep = Annotated[NearestQuery, Depends(nearest_query)]
