"""What every command shares: the consoles, the common options, and the one place where our
errors become exit code 1 (or 2 for a bad setting) with a clear message, never a traceback."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich.console import Console

from menu.errors import MenuError
from ordering.bootstrap import Services, build_services
from ordering.errors import OrderingError

out = Console()
err = Console(stderr=True)

MenuFeedOption = Annotated[
    Path | None,
    typer.Option(
        "--menu",
        help="Use this menu-feed/1 file (in a fresh in-memory database), not the configured menu.",
        dir_okay=False,
    ),
]
JsonFlag = Annotated[bool, typer.Option("--json", help="One JSON object per line on stdout.")]


def parse_time(value: str | None) -> datetime:
    """`--at` as an aware time; now when it is not given."""
    if value is None:
        return datetime.now(UTC)
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"'{value}' is not an ISO 8601 time (e.g. 2025-03-18T08:00:00+08:00)", param_hint="--at"
        ) from None


@contextmanager
def clear_errors() -> Iterator[None]:
    """Our own errors end the command with exit code 1 and a message, never a traceback."""
    try:
        yield
    except (MenuError, OrderingError) as error:
        err.print(f"[bold red]error:[/] {error}", highlight=False, markup=True)
        raise typer.Exit(1) from None
    except ValidationError as error:  # only settings are validated this way here
        for problem in error.errors():
            name = "BREAKFAST_" + "_".join(str(part) for part in problem["loc"]).upper()
            err.print(f"[bold red]error:[/] {name}: {problem['msg']}", highlight=False)
        raise typer.Exit(2) from None


@contextmanager
def opened(
    menu_feed: Path | None = None, *, seed_menu: bool = True, migrate: bool = True
) -> Iterator[Services]:
    """The application's services for one command, closed afterwards; errors made clear."""
    with clear_errors():
        built = build_services(menu_feed=menu_feed, seed_menu=seed_menu, migrate=migrate)
        try:
            yield built
        finally:
            built.close()


def read_lines() -> Iterator[str]:
    """Standard input, a line at a time, without its line ending."""
    for raw in sys.stdin:
        yield raw.rstrip("\r\n")


def emit(obj: dict[str, Any]) -> None:
    """One JSON object on a line of standard output, flushed (the `--json` output)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()
