"""`breakfast serve`: the HTTP API under uvicorn, logging configured once for every worker."""

from __future__ import annotations

from typing import Annotated

import typer

from ordering.cli.common import opened
from ordering.logs import configure_logging, logging_config


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes (share the database).")] = 1,
    access_log: Annotated[
        bool,
        typer.Option(help="Log a line per request (method, path, status, duration, request id)."),
    ] = True,
) -> None:
    """Serve the HTTP API (uvicorn); sessions continue on any worker. Logs go to stderr, at
    BREAKFAST_LOG_LEVEL (default INFO), with UTC timestamps."""
    import uvicorn

    with opened() as built:
        level = built.settings.log_level  # migrate and seed once, here, not in every worker
        built.prepare_second_ear()  # and compile the second ear's model once
    configure_logging(level)
    config = logging_config(level)
    if not access_log:
        config["loggers"]["ordering.api.access"] = {"level": "WARNING"}
    uvicorn.run(
        "ordering.api:create_worker_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,  # ours: `ordering.api.access`
        log_config=config,
    )
