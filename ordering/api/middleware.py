"""ASGI middleware: the request body size limit, and an access log that names no secrets."""

from __future__ import annotations

import json
import logging
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ordering.api.errors import PROBLEM_JSON, PayloadTooLarge, problem_type

log = logging.getLogger("ordering.api.access")


class BodyLimit:
    """Refuse bodies over `max_bytes` with 413: at once from Content-Length, else while reading
    (a chunked upload is cut off as soon as it passes the limit)."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await _too_large(send, self.max_bytes, scope.get("path", ""))
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise PayloadTooLarge(self.max_bytes)
            return message

        await self.app(scope, limited, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None


async def _too_large(send: Send, limit: int, path: str) -> None:
    body = json.dumps(
        {
            "type": problem_type("payload-too-large"),
            "title": "Payload Too Large",
            "status": 413,
            "detail": f"the request body is larger than {limit} bytes",
            "instance": path,
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", PROBLEM_JSON.encode()),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


REQUEST_ID = b"x-request-id"
_REQUEST_ID_CHARACTERS = frozenset(
    b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ._-"
)


class AccessLog:
    """One line per request: request id, method, path (no query string, no headers), status,
    duration. The request id is the client's `X-Request-ID` when it is a plain token of up to
    64 characters, else a new one; it is sent back in the response's `X-Request-ID`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = _request_id(scope)
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [*message.get("headers", ()), (REQUEST_ID, request_id.encode())]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            log.info(
                "%s %s %s %d %.1f ms",
                request_id,
                scope.get("method", ""),
                scope.get("path", ""),
                status,
                (time.perf_counter() - started) * 1000,
            )


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == REQUEST_ID:
            if 0 < len(value) <= 64 and set(value) <= _REQUEST_ID_CHARACTERS:
                return str(value.decode("ascii"))
            break
    return uuid.uuid4().hex
