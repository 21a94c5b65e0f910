"""The `breakfast` command line (Typer + Rich). Commands validate, call one use case, render."""

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
from rich.progress import Progress
from rich.table import Table
from rich.tree import Tree

from menu.errors import MenuError
from menu.listing import MenuListing, menu_listing
from menu.model import Language
from menu.money import format_amount
from ordering import catalog
from ordering.bootstrap import Services, build_services
from ordering.conversation import use_cases as conversation
from ordering.conversation.replies import language_of
from ordering.errors import OrderingError
from ordering.hearing import hear
from ordering.logs import configure_logging, logging_config
from ordering.persistence.db import current_revision, head_revision, upgrade
from ordering.speech import SpeechError, listen_once, load_audio
from ordering.understanding import parse
from store_locator import service as store_service
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

app = typer.Typer(
    name="breakfast",
    help="Order breakfast by voice, offline: menus, understanding, stores and orders.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(
    help="The database schema (SQLite by default, PostgreSQL by URL).", no_args_is_help=True
)
menu_app = typer.Typer(help="Import and show the menu.", no_args_is_help=True)
stores_app = typer.Typer(help="Mock stores and the nearest open store.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(menu_app, name="menu")
app.add_typer(stores_app, name="stores")

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


def _parse_at(value: str | None) -> datetime:
    if value is None:
        return datetime.now(UTC)
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"'{value}' is not an ISO 8601 time (e.g. 2025-03-18T08:00:00+08:00)", param_hint="--at"
        ) from None


@contextmanager
def _clear_errors() -> Iterator[None]:
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
def _opened(
    menu_feed: Path | None = None, *, seed_menu: bool = True, migrate: bool = True
) -> Iterator[Services]:
    """The application's services for one command, closed afterwards; errors made clear."""
    with _clear_errors():
        built = build_services(menu_feed=menu_feed, seed_menu=seed_menu, migrate=migrate)
        try:
            yield built
        finally:
            built.close()


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database schema to the latest revision."""

    with _opened(migrate=False, seed_menu=False) as built:
        before = current_revision(built.engine)
        upgrade(built.engine)
        after = current_revision(built.engine)
    url = built.engine.url.render_as_string(hide_password=True)
    verb = "already at" if before == after else f"upgraded from {before or 'empty'} to"
    err.print(f"{url}: {verb} revision {after} (head {head_revision()})")


@menu_app.command("import")
def menu_import(
    feed: Annotated[Path, typer.Argument(help="A menu-feed/1 JSON file.", dir_okay=False)],
) -> None:
    """Replace the menu with FEED in one transaction (a bad feed changes nothing)."""

    with _opened(seed_menu=False) as built:
        version = catalog.import_menu(uow=built.uow(), feed_path=feed, now=datetime.now(UTC))
    err.print(
        f"imported {feed} as menu version {version.id} "
        f"(checksum {version.checksum[:12]}, {version.imported_at:%Y-%m-%d %H:%M:%S} UTC)"
    )


@menu_app.command("versions")
def menu_versions(json_output: JsonFlag = False) -> None:
    """List every imported menu version, newest last."""
    with _opened() as built:
        versions = catalog.menu_versions(uow=built.uow())
    if json_output:
        for v in versions:
            print(
                json.dumps(
                    {
                        "id": v.id,
                        "checksum": v.checksum,
                        "source": v.source,
                        "imported_at": v.imported_at.isoformat(),
                        "brand": v.brand_id,
                    }
                )
            )
        return
    table = Table("version", "imported at", "checksum", "brand", "source")
    for v in versions:
        table.add_row(
            str(v.id), f"{v.imported_at:%Y-%m-%d %H:%M:%S}", v.checksum[:12], v.brand_id, v.source
        )
    out.print(table)


@menu_app.command("show")
def menu_show(
    at: Annotated[
        str | None, typer.Option(help="ISO 8601 time to show the menu for (default: now).")
    ] = None,
    lang: Annotated[Language, typer.Option(help="Language of names: en or zh.")] = "en",
    json_output: JsonFlag = False,
    menu_feed: MenuFeedOption = None,
) -> None:
    """What can be ordered at a time, by category, with prices, options and set-meal slots."""
    moment = _parse_at(at)
    with _opened(menu_feed) as built:
        listing = menu_listing(built.menu().menu, moment, lang)
    if json_output:
        print(json.dumps(listing.to_dict(), ensure_ascii=False))
        return
    _render_listing(listing)


def _render_listing(listing: MenuListing) -> None:
    out.print(f"[bold]{listing.brand}[/] — menu at {listing.local_time} (store local time)")
    for category in listing.categories:
        tree = Tree(f"[bold cyan]{category.name}[/]")
        for product in category.products:
            price = listing.price(product.price)
            label = f"{product.name}  [green]{price}[/]"
            if not product.available:
                label = f"[dim]{product.name}  {price}  (from {product.starts_at})[/]"
            node = tree.add(label)
            if not product.available:
                continue
            for group in product.groups:
                rule = "choose 1" if group.required else f"{group.min}–{group.max}"
                options = ", ".join(
                    o.name
                    + (f" +{listing.price(o.price)}" if o.price else "")
                    + (" (default)" if o.id == group.default else "")
                    for o in group.options
                )
                node.add(f"{group.name} [dim]({rule})[/]: {options}")
            for slot in product.slots:
                choices = ", ".join(
                    c.name
                    + (f" +{listing.price(c.upcharge)}" if c.upcharge else "")
                    + (" (default)" if c.item == slot.default else "")
                    for c in slot.choices
                )
                node.add(f"{slot.name}{'' if slot.default else ' [yellow](choose)[/]'}: {choices}")
        out.print(tree)


@stores_app.command("generate")
def stores_generate(
    count: Annotated[int, typer.Option(min=1, help="How many stores.")] = DEFAULT_COUNT,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same stores.")] = (
        DEFAULT_SEED
    ),
) -> None:
    """Replace every store with COUNT mock stores across mainland Chinese cities."""
    with _opened(seed_menu=False) as built, Progress(console=err) as progress:
        task = progress.add_task("writing stores", total=count)
        version = store_service.generate_stores(
            uow=built.uow(),
            now=datetime.now(UTC),
            count=count,
            seed=seed,
            progress=lambda done, total: progress.update(task, completed=done, total=total),
        )
    err.print(
        f"{version.store_count} stores, catalogue version {version.version} ({version.source})"
    )


@stores_app.command("list")
def stores_list(json_output: JsonFlag = False) -> None:
    """Every store, in id order."""
    with _opened() as built, _store_errors():
        stores = store_service.list_stores(uow=built.uow())
    if json_output:
        for store in stores:
            _emit(store_to_dict(store))
        return
    table = Table(*STORE_COLUMNS)
    for row in store_rows(stores):
        table.add_row(*row)
    out.print(table)


@stores_app.command("nearest")
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
    with _opened() as built, _store_errors():
        result = store_service.nearest_stores(
            locator=built.stores, position=customer.position, at=moment, k=count
        )
    if json_output:
        _emit(nearest_to_dict(result))
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


def _read_lines() -> Iterator[str]:
    for raw in sys.stdin:
        yield raw.rstrip("\r\n")


@app.command("parse")
def parse_command(
    text: Annotated[
        str | None, typer.Argument(help="An utterance; without it, one utterance per stdin line.")
    ] = None,
    json_output: JsonFlag = False,
    menu_feed: MenuFeedOption = None,
) -> None:
    """Understand what a customer said: text → order-parse/1."""
    with _opened(menu_feed) as built:
        menu = built.menu().menu
        lexicon = built.lexicon()
    utterances: Iterator[str] = iter([text]) if text is not None else _read_lines()
    for utterance in utterances:
        result = parse(lexicon, utterance).to_dict()
        if json_output:
            _emit(result)
        else:
            language = language_of(utterance)
            names = {p.id: p.name.get(language) for p in menu.products()}
            _render_parse(utterance, result, menu_names=names)


def _render_parse(utterance: str, result: dict[str, Any], *, menu_names: dict[str, str]) -> None:
    out.print(f"[bold]{utterance}[/]  →  [cyan]{result['intent']}[/]")

    def describe(line: dict[str, Any]) -> str:
        name = menu_names.get(line["id"], "(the last line)") if line["id"] else "(the last line)"
        quantity = line["quantity"] if line["quantity"] is not None else "?"
        parts = [f"{quantity} × {name}"]
        if line["options"]:
            parts.append("options: " + ", ".join(line["options"]))
        if line["choices"]:
            parts.append("choices: " + ", ".join(f"{k}={v}" for k, v in line["choices"].items()))
        return "  ".join(parts)

    for line in result["items"]:
        out.print("  + " + describe(line))
    for line in result["replaced"]:
        out.print("  replaces " + describe(line))
    for key in ("payment_method", "category"):
        if result.get(key):
            out.print(f"  {key}: {result[key]}")
    if result["unmatched"]:
        out.print("  not on the menu: " + ", ".join(result["unmatched"]))


AudioFiles = Annotated[
    list[Path],
    typer.Argument(
        help="Audio files: WAV, AIFF, FLAC, OGG or MP3.", dir_okay=False, show_default=False
    ),
]


@app.command("hear")
def hear_command(
    files: AudioFiles, json_output: JsonFlag = False, menu_feed: MenuFeedOption = None
) -> None:
    """Recognise spoken orders in audio files (offline) and understand them."""
    failures = 0
    with _opened(menu_feed) as built:
        recognizer, lexicon = built.recognizer(), built.lexicon()
        names = {p.id: p.name.en for p in built.menu().menu.products()}
        for path in files:
            try:
                heard = hear(
                    load_audio(path, limits=built.audio_limits),
                    recognizer=recognizer,
                    lexicon=lexicon,
                )
            except SpeechError as error:
                failures += 1
                if json_output:
                    _emit({"file": str(path), "error": str(error)})
                err.print(f"[bold red]error:[/] {error}", highlight=False)
                continue
            result = heard.parse.to_dict()
            if json_output:
                _emit(
                    {
                        "file": str(path),
                        "transcript": heard.transcript,
                        "parse": result,
                        "confidence": round(heard.confidence, 3),
                        "decode_seconds": round(heard.decode_seconds, 4),
                        "audio_seconds": round(heard.audio_seconds, 3),
                    }
                )
            else:
                out.print(
                    f"[dim]{path}[/] ({heard.audio_seconds:.1f} s audio, "
                    f"decoded in {heard.decode_seconds:.2f} s, confidence {heard.confidence:.2f})"
                )
                out.print(f"  heard: [italic]{heard.transcript or '(nothing)'}[/]")
                _render_parse(heard.transcript, result, menu_names=names)
    if failures:
        raise typer.Exit(1)


@app.command("listen")
def listen_command(
    timeout: Annotated[float, typer.Option(help="Seconds to wait for speech to start.")] = 8.0,
    phrase_limit: Annotated[float, typer.Option(help="Longest phrase, in seconds.")] = 15.0,
    menu_feed: MenuFeedOption = None,
) -> None:
    """Listen to one order on the microphone (needs the [mic] extra and an input device). The
    speech engine loads while you speak."""
    with _opened(menu_feed) as built:
        lexicon = built.lexicon()
        names = {p.id: p.name.en for p in built.menu().menu.products()}
        warming = built.warm_recognizer_in_background()
        clip = listen_once(
            timeout=timeout,
            phrase_limit=phrase_limit,
            on_listening=lambda: err.print("listening… (speak your order)"),
        )
        warming.join()
        heard = hear(clip, recognizer=built.recognizer(), lexicon=lexicon)
    out.print(f"heard: [italic]{heard.transcript or '(nothing)'}[/]")
    _render_parse(heard.transcript, heard.parse.to_dict(), menu_names=names)


def _position(near: str) -> tuple[float, float]:
    """`--near` as "LAT,LON" or a well-known place name."""
    try:
        if "," in near and not any(c.isalpha() for c in near):
            customer = resolve_position(near=None, lat=near.split(",")[0], lon=near.split(",")[1])
        else:
            customer = resolve_position(near=near)
    except InvalidRequest as error:
        raise typer.BadParameter(str(error), param_hint="--near") from None
    return customer.position.lat, customer.position.lon


@app.command("chat")
def chat_command(
    at: Annotated[
        str | None, typer.Option(help="ISO 8601 time to order at (default: the clock, per turn).")
    ] = None,
    near: Annotated[
        str,
        typer.Option(help="Where the customer is: LAT,LON or a place such as 'People's Square'."),
    ] = "People's Square",
    card: Annotated[
        str | None, typer.Option(help="Test card number to pay with when paying by card.")
    ] = None,
    json_output: JsonFlag = False,
    menu_feed: MenuFeedOption = None,
) -> None:
    """Order by conversation: type a turn per line, or @file.wav for a spoken turn."""
    moment = _parse_at(at) if at is not None else None
    position = _position(near)
    interactive = not json_output and sys.stdin.isatty()
    with _opened(menu_feed) as built:
        loaded = built.menu()
        stored = conversation.start_conversation(
            uow=built.uow(), menu=loaded.menu, menu_checksum=loaded.checksum, near=position
        )
        if interactive:
            err.print("[bold]Breakfast[/] — what would you like? (Ctrl-D to stop)")
        status = "open"
        for number, line in enumerate(_turns(interactive), start=1):
            text = line.strip()
            if not text:
                continue
            common: dict[str, Any] = {
                "uow": built.uow,
                "session_id": stored.id,
                "menu": loaded.menu,
                "at": moment or datetime.now(UTC),
                "stores": built.store_finder(),
                "gateway": built.payments,
                "card_number": card or built.settings.card_on_file,
            }
            if text.startswith("@"):
                try:
                    clip = load_audio(text[1:], limits=built.audio_limits)
                    spoken, turn = conversation.take_spoken_turn(
                        clip=clip,
                        recognizer=built.recognizer(),
                        answer_recognizer=built.answer_recognizer,
                        lexicon=built.lexicon(),
                        **common,
                    )
                except SpeechError as error:
                    reply = f"Sorry, I couldn't hear that: {error}"
                    _chat_out(json_output, number, "", reply, status)
                    continue
                heard = spoken.transcript
            else:
                heard = text
                turn = conversation.take_turn(
                    text=text, parsed=parse(built.lexicon(), text), **common
                )
            status = turn.state.status
            _chat_out(json_output, number, heard, turn.reply, status, echo=not interactive)
            if interactive:
                _render_cart(turn.state.order.to_dict())
        _, order = conversation.get_conversation(uow=built.uow(), session_id=stored.id)
    final = order.to_dict() if order.lines or order.status.value != "open" else None
    if json_output:
        _emit({"final": final, "status": order.status.value})
    elif final is not None:
        _render_cart(final)


def _turns(interactive: bool) -> Iterator[str]:
    if not interactive:
        yield from _read_lines()
        return
    while True:
        try:
            yield input("you> ")
        except EOFError:
            return


def _chat_out(
    json_output: bool, number: int, heard: str, reply: str, status: str, *, echo: bool = False
) -> None:
    if json_output:
        _emit({"turn": number, "heard": heard, "reply": reply, "status": status})
        return
    if echo:
        out.print(f"[bold]you>[/] {heard}", highlight=False)
    out.print(f"[bold green]breakfast>[/] {reply}", highlight=False)


def _render_cart(order: dict[str, Any]) -> None:
    if not order["lines"]:
        return

    def money(amount: int | None) -> str:
        return "?" if amount is None else format_amount(amount, order["currency"])

    title = f"your order ({order['status'].replace('_', ' ')})"
    if order.get("pickup_code"):
        title += f", pickup code {order['pickup_code']} at {order['store']['name']}"
    table = Table("qty", "item", "options", "price", title=title)
    for line in order["lines"]:
        options = ", ".join(line["options"]) or ", ".join(
            f"{slot}: {choice['id']}" for slot, choice in line["choices"].items()
        )
        table.add_row(str(line["quantity"]), line["id"], options, money(line["line_total"]))
    table.add_row("", "[bold]total[/]", "", money(order["total"]))
    out.print(table)


def _emit(obj: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False) + "\n")
    sys.stdout.flush()


@app.command("serve")
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

    with _opened() as built:
        level = built.settings.log_level  # migrate and seed once, here, not in every worker
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


def main() -> None:
    app()
