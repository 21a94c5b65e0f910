"""Logging, configured once: one format, UTC timestamps, the level from the settings.

`breakfast serve` hands `logging_config` to uvicorn, which applies it in every worker process;
anything else that runs the app calls `configure_logging`. Log lines never carry secrets: the
access log names the path (no query string, no headers), payments only a card's brand and last
four digits.
"""

from __future__ import annotations

import logging
import logging.config
import time
from typing import Any, Literal

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
DATE_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


class UtcFormatter(logging.Formatter):
    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        return time.strftime(datefmt or DATE_FORMAT, time.gmtime(record.created))


def logging_config(level: LogLevel) -> dict[str, Any]:
    """A `logging.config.dictConfig` for the application and uvicorn alike. Uvicorn's own
    access log is left out: `ordering.api.access` writes one line per request, with its
    status, duration and request id."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "utc": {"()": UtcFormatter, "format": FORMAT, "datefmt": DATE_FORMAT},
        },
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "utc",
                "stream": "ext://sys.stderr",
            },
        },
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            "uvicorn": {"level": level},
            "uvicorn.error": {"level": level},
            "uvicorn.access": {"handlers": [], "propagate": False, "level": "WARNING"},
            "alembic": {"level": "WARNING"},  # a line per plugin, in every process
        },
    }


def configure_logging(level: LogLevel) -> None:
    """Apply `logging_config`, once per process (later calls only change the level)."""
    root = logging.getLogger()
    if any(isinstance(handler.formatter, UtcFormatter) for handler in root.handlers):
        root.setLevel(level)
        return
    logging.config.dictConfig(logging_config(level))
