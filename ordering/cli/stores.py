"""`breakfast stores`: generate and list the mock stores, find the nearest open one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.progress import Progress
from rich.table import Table

from ordering.cli.common import JsonFlag, emit, err, opened, out
from store_locator import use_cases as store_use_cases
from store_locator.cli_support import (
    NEAREST_COLUMNS,
    STORE_COLUMNS,
    empty_message,
    nearest_rows,
    nearest_title,
    nearest_to_dict,
    parse_at,
    parse_k,
    resolve_position,
    store_rows,
    store_to_dict,
)
from store_locator.errors import InvalidRequest, StoreLocatorError
from store_locator.generate import DEFAULT_COUNT, DEFAULT_SEED


def stores_generate(
    count: Annotated[int, typer.Option(min=1, help="How many stores.")] = DEFAULT_COUNT,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same stores.")] = (
        DEFAULT_SEED
    ),
) -> None:
    """Replace every store with COUNT mock stores across mainland Chinese cities."""
    with opened(seed_menu=False) as built, Progress(console=err) as progress:
        task = progress.add_task("writing stores", total=count)
        version = store_use_cases.generate_stores(
            uow=built.uow(),
            now=datetime.now(UTC),
            count=count,
            seed=seed,
            progress=lambda done, total: progress.update(task, completed=done, total=total),
        )
    err.print(
        f"{version.store_count} stores, catalogue version {version.version} ({version.source})"
    )


def stores_list(json_output: JsonFlag = False) -> None:
    """Every store, in id order."""
    with opened() as built, _store_errors():
        stores = store_use_cases.list_stores(uow=built.uow())
    if json_output:
        for store in stores:
            emit(store_to_dict(store))
        return
    table = Table(*STORE_COLUMNS)
    for row in store_rows(stores):
        table.add_row(*row)
    out.print(table)


def stores_nearest(
    lat: Annotated[str | None, typer.Option(help="Customer latitude (-90 to 90).")] = None,
    lon: Annotated[str | None, typer.Option(help="Customer longitude (-180 to 180).")] = None,
    near: Annotated[
        str | None, typer.Option(help="A well-known place instead: 'People's Square'.")
    ] = None,
    at: Annotated[str | None, typer.Option(help="ISO 8601 time (default: now).")] = None,
    k: Annotated[str, typer.Option(help="How many stores.")] = "1",
    json_output: JsonFlag = False,
) -> None:
    """The nearest stores open and serving breakfast at a time, nearest first."""
    with _store_errors():
        customer = resolve_position(lat=lat, lon=lon, near=near)
        moment = parse_at(at)
        count = parse_k(k)
    with opened() as built, _store_errors():
        result = store_use_cases.nearest_stores(
            locator=built.stores, position=customer.position, at=moment, k=count
        )
    if json_output:
        emit(nearest_to_dict(result))
    else:
        table = Table(*NEAREST_COLUMNS, title=nearest_title(result, customer))
        for row in nearest_rows(result):
            table.add_row(*row)
        out.print(table)
    message = empty_message(result)
    if message:
        err.print(message)


@contextmanager
def _store_errors() -> Iterator[None]:
    """A bad request is a usage error (exit 2); anything else the store locator refuses, 1."""
    try:
        yield
    except InvalidRequest as error:
        err.print(f"[bold red]error:[/] {error}", highlight=False)
        raise typer.Exit(2) from None
    except StoreLocatorError as error:
        err.print(f"[bold red]error:[/] {error}", highlight=False)
        raise typer.Exit(1) from None
