"""The app factory: `create_app(settings)` wires the routes, limits and error handlers; the
services are built when the app starts (or handed in, for tests) and closed when it stops."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from starlette.staticfiles import StaticFiles

from ordering.api.errors import PROBLEM_JSON, install_error_handlers
from ordering.api.middleware import AccessLog, BodyLimit
from ordering.api.routes import admin, catalog, orders, sessions
from ordering.api.state import AppState, MenuWatch
from ordering.bootstrap import Services, build_services
from ordering.config import Settings, get_settings
from ordering.logs import configure_logging
from ordering.web import STATIC_DIR

DESCRIPTION = """\
Order breakfast by text or voice, offline. Start a session (`POST /sessions`), keep its token,
and take turns (`POST /sessions/{id}/turns`) until the order is placed; or pay an order awaiting
confirmation yourself (`POST /orders/{id}/pay` with an `Idempotency-Key`).

A session and its order are visible only with the session's bearer token: without it, or with
another's, they do not exist (404). Every error is an RFC 9457 `application/problem+json`.
"""


def create_app(
    settings: Settings | None = None,
    *,
    services: Services | None = None,
    prepare_database: bool = True,
    warm_speech: bool = False,
) -> FastAPI:
    """The API. With `services`, use them (the caller closes them); otherwise build them at
    startup from `settings` (migrating and seeding the database unless `prepare_database` is
    False, as for the workers `breakfast serve` starts after preparing it once). With
    `warm_speech` (the workers of `breakfast serve`), the speech engine loads and warms up at
    start, so the first spoken turn waits for neither."""
    api = services.settings if services is not None else (settings or get_settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        built = services or build_services(
            api, migrate=prepare_database, seed_menu=prepare_database
        )
        try:
            built.lexicon()  # compile once now, not in the first customer's request
            if warm_speech:  # in the background: the API serves text while the model loads
                built.warm_recognizer_in_background()
            app.state.breakfast = AppState(
                built, api, MenuWatch(built, interval=api.menu_check_seconds)
            )
            yield
        finally:
            if services is None:
                built.close()

    app = FastAPI(
        title="Breakfast voice ordering",
        version="1.0.0",
        summary="Offline voice breakfast ordering: menu, stores, understanding, orders.",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    if services is not None:
        # Usable without running the lifespan (e.g. a test client not used as a context manager).
        app.state.breakfast = AppState(
            services, api, MenuWatch(services, interval=api.menu_check_seconds)
        )
    for router in (catalog.router, sessions.router, orders.router, admin.router):
        app.include_router(router)
    # The screen (static HTML/CSS/JS) at `/`; mounted last, so API routes take precedence.
    app.mount("/", StaticFiles(directory=STATIC_DIR, html=True), name="screen")
    install_error_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=api.max_body_bytes)
    app.add_middleware(AccessLog)
    app.openapi = _openapi_with_problems(app)  # type: ignore[method-assign]
    return app


def create_worker_app() -> FastAPI:
    """The factory `breakfast serve` gives uvicorn: the database is already prepared. Logging
    is set up here too, for a uvicorn started by hand with its own logging configuration."""
    configure_logging(get_settings().log_level)
    return create_app(prepare_database=False, warm_speech=True)


def _openapi_with_problems(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """Error responses are documented as `application/problem+json`, validation errors too."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title,
            version=app.version,
            summary=app.summary,
            description=app.description,
            routes=app.routes,
        )
        problem = {"schema": {"$ref": "#/components/schemas/Problem"}}
        for path in schema.get("paths", {}).values():
            for operation in path.values():
                for status, response in operation.get("responses", {}).items():
                    if status.isdigit() and int(status) >= 400:
                        response["content"] = {PROBLEM_JSON: problem}
                        if status == "422":
                            response["description"] = (
                                "The request is malformed, or asks for something the menu "
                                "or stores cannot do"
                            )
        components = schema.get("components", {}).get("schemas", {})
        for unused in ("HTTPValidationError", "ValidationError"):
            components.pop(unused, None)
        app.openapi_schema = schema
        return schema

    return openapi
