"""Errors of the HTTP edge, and the one place where every error becomes an RFC 9457 problem.

OrderingError
└── ApiError
    ├── NotAuthenticated    an admin route without the right X-API-Key (401)
    └── PaymentDeclined     the bank declined the charge; the order is payment_failed (402)
PayloadTooLarge (starlette HTTPException, 413): a body over the size limit, raised while it is
read (FastAPI passes HTTP exceptions through its body parsing untouched).

Every other error is one of ours (`menu.errors`, `ordering.errors`, `store_locator.errors`), mapped
below to a status and a problem type; a database connection found broken (the server restarted
under a busy pool) is a 503 to retry; anything else is a 500 whose details stay in the log.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from http import HTTPStatus
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import iter_route_contexts
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from menu.errors import InvalidFeed, MenuError, NoMenuLoaded, PricingError
from ordering.checkout.orders import Order
from ordering.errors import (
    ConcurrentOrderUpdate,
    ConcurrentTurn,
    DatabaseUnavailable,
    DuplicateCharge,
    IdempotencyConflict,
    IncompleteOrder,
    IntentNotFound,
    InvalidCard,
    InvalidInput,
    InvalidPaymentRequest,
    InvalidTransition,
    LineNotFound,
    NotRefundable,
    OrderAlreadyPaid,
    OrderingError,
    OrderNotEditable,
    OrderNotFound,
    PaymentMismatch,
    PaymentOutcomeUnknown,
    ProductUnavailable,
    RefundRequired,
    SessionNotFound,
)
from ordering.speech import AudioError, AudioTooLong, RecognizerUnavailable, SpeechError
from store_locator.errors import InvalidRequest, NoStores, StoreLocatorError

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
PROBLEM_BASE = "https://breakfast-voice.example/problems/"


class ApiError(OrderingError):
    """Base of the errors the HTTP edge raises itself."""


class NotAuthenticated(ApiError):
    def __init__(self) -> None:
        super().__init__("this route needs a valid X-API-Key header")


class PaymentDeclined(ApiError):
    def __init__(self, order: Order, code: str | None, message: str | None) -> None:
        self.order = order
        self.code = code
        super().__init__(f"the payment was declined: {message or code or 'no reason given'}")


class PayloadTooLarge(StarletteHTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes")


# Most specific first: the first rule whose class matches decides.
RULES: tuple[tuple[type[Exception], int, str, str], ...] = (
    (NotAuthenticated, 401, "not-authenticated", "Not authenticated"),
    (PaymentDeclined, 402, "payment-declined", "Payment declined"),
    (AudioTooLong, 413, "audio-too-long", "Audio too long"),
    (SessionNotFound, 404, "session-not-found", "Session not found"),
    (OrderNotFound, 404, "order-not-found", "Order not found"),
    (IntentNotFound, 404, "payment-not-found", "Payment not found"),
    (OrderAlreadyPaid, 409, "order-already-paid", "Order already paid"),
    (RefundRequired, 409, "refund-required", "Refund required"),
    (InvalidTransition, 409, "invalid-transition", "Not allowed in the order's status"),
    (OrderNotEditable, 409, "order-not-editable", "Order not editable"),
    (IncompleteOrder, 409, "incomplete-order", "Order incomplete"),
    (PaymentMismatch, 409, "payment-mismatch", "Payment does not fit the order"),
    (ConcurrentOrderUpdate, 409, "concurrent-update", "Changed concurrently"),
    (ConcurrentTurn, 409, "concurrent-turn", "Another turn at the same time"),
    (IdempotencyConflict, 409, "idempotency-conflict", "Idempotency key reused"),
    (DuplicateCharge, 409, "duplicate-charge", "Order already being charged"),
    (NotRefundable, 409, "not-refundable", "Not refundable"),
    (PaymentOutcomeUnknown, 503, "payment-outcome-unknown", "Payment outcome not known yet"),
    (InvalidCard, 422, "invalid-card", "Invalid card"),
    (InvalidPaymentRequest, 422, "invalid-payment", "Invalid payment request"),
    (ProductUnavailable, 422, "product-unavailable", "Product not served now"),
    (LineNotFound, 422, "line-not-found", "No such line"),
    (AudioError, 422, "unreadable-audio", "Unreadable audio"),
    (RecognizerUnavailable, 503, "recognizer-unavailable", "Speech recogniser unavailable"),
    (SpeechError, 422, "speech-error", "Speech error"),
    (InvalidFeed, 422, "invalid-feed", "Invalid menu feed"),
    (PricingError, 422, "cannot-price", "Cannot price the line"),
    (NoMenuLoaded, 503, "no-menu", "No menu loaded"),
    (MenuError, 422, "menu-error", "Menu error"),
    (InvalidRequest, 422, "invalid-store-query", "Invalid store query"),
    (NoStores, 503, "no-stores", "No stores"),
    (StoreLocatorError, 500, "store-data-error", "Store data error"),
    (DatabaseUnavailable, 503, "database-unavailable", "Database unavailable"),
    (InvalidInput, 422, "invalid-input", "Invalid input"),
    (OrderingError, 422, "unprocessable", "Request cannot be processed"),
)

# Problem types for plain HTTP errors (routing, size limit, validation).
HTTP_TYPES: Mapping[int, str] = {413: "payload-too-large", 422: "invalid-request"}


def problem_type(slug: str) -> str:
    return PROBLEM_BASE + slug


def problem_response(
    status: int,
    *,
    slug: str | None,
    title: str | None = None,
    detail: str | None = None,
    instance: str | None = None,
    headers: Mapping[str, str] | None = None,
    **extensions: Any,
) -> JSONResponse:
    """An `application/problem+json` response."""
    body: dict[str, Any] = {
        "type": problem_type(slug) if slug else "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if instance:
        body["instance"] = instance
    body.update(extensions)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def _ours(request: Request, error: Exception) -> JSONResponse:
    status, slug, title = next(
        ((s, slug, t) for kind, s, slug, t in RULES if isinstance(error, kind)),
        (500, "internal-error", "Internal error"),
    )
    extensions: dict[str, Any] = {}
    headers: dict[str, str] = {}
    if isinstance(error, InvalidFeed):
        extensions["errors"] = [{"path": p.path, "message": p.message} for p in error.problems]
    if isinstance(error, PaymentDeclined):
        extensions["order"] = error.order.to_dict()
        extensions["decline_code"] = error.code
    if isinstance(error, PaymentOutcomeUnknown):
        headers["Retry-After"] = "1"
    if status >= 500:
        log.error("%s %s failed: %s", request.method, request.url.path, type(error).__name__)
    detail = str(error) if isinstance(error, (MenuError, OrderingError)) else None
    if isinstance(error, StoreLocatorError):
        detail = str(error)
    return problem_response(
        status,
        slug=slug,
        title=title,
        detail=detail,
        instance=request.url.path,
        headers=headers,
        **extensions,
    )


def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
    status, headers = error.status_code, dict(error.headers or {})
    detail = error.detail if isinstance(error.detail, str) else None
    if status in (404, 405):
        # A method an API path lacks falls through to the screen mounted at `/`, whose static
        # files answer 404 (GET) or 405 with their own `Allow: GET, HEAD`: the path's routes say.
        methods = _route_methods(request)
        if methods and request.method not in methods:
            status, detail = 405, "Method Not Allowed"
            headers["Allow"] = ", ".join(sorted(methods))
    return problem_response(
        status,
        slug=HTTP_TYPES.get(status),
        detail=detail,
        instance=request.url.path,
        headers=headers,
    )


def _route_methods(request: Request) -> set[str]:
    """The methods of the app's routes whose path is the request's (none for the mount)."""
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        if route.methods:
            match, _ = route.matches(request.scope)
            if match is not Match.NONE:
                methods |= route.methods
    return methods


def _invalid(request: Request, error: RequestValidationError) -> JSONResponse:
    # Never echo the input: it may hold a card number.
    errors = [
        {
            "loc": [str(part) for part in e.get("loc", ())],
            "msg": e.get("msg", ""),
            "type": e.get("type", ""),
        }
        for e in error.errors()
    ]
    return problem_response(
        422,
        slug="invalid-request",
        title="Invalid request",
        detail="the request does not match the API's schema",
        instance=request.url.path,
        errors=errors,
    )


def _database(request: Request, error: DBAPIError) -> JSONResponse:
    # A lost connection, or none to be had (the server restarting, refusing, shutting down):
    # the request may be retried. Anything else the database refused is our bug.
    unreachable = isinstance(error, OperationalError | InterfaceError)
    if not (error.connection_invalidated or unreachable):
        return _unexpected(request, error)
    log.error("%s %s met an unreachable database", request.method, request.url.path)
    return problem_response(
        503,
        slug="database-unavailable",
        title="Database unavailable",
        detail="the database cannot be reached just now; retry the request",
        instance=request.url.path,
        headers={"Retry-After": "1"},
    )


def _unexpected(request: Request, error: Exception) -> JSONResponse:
    log.error(
        "%s %s failed unexpectedly: %s", request.method, request.url.path, type(error).__name__
    )
    return problem_response(500, slug="internal-error", title="Internal error")


_E = TypeVar("_E", bound=Exception)


def _handler(
    kind: type[_E], handle: Callable[[Request, _E], JSONResponse]
) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
    """`handle` as the async handler Starlette registers for `kind` (it does no I/O)."""

    async def handler(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, kind)
        return handle(request, error)

    return handler


def install_error_handlers(app: FastAPI) -> None:
    """Every error becomes a problem: ours, HTTP ones, validation, and the unexpected."""
    for kind in (MenuError, OrderingError, StoreLocatorError):
        app.add_exception_handler(kind, _handler(kind, _ours))
    app.add_exception_handler(StarletteHTTPException, _handler(StarletteHTTPException, _http))
    app.add_exception_handler(RequestValidationError, _handler(RequestValidationError, _invalid))
    app.add_exception_handler(DBAPIError, _handler(DBAPIError, _database))
    app.add_exception_handler(Exception, _handler(Exception, _unexpected))
