"""`breakfast chat`: order by conversation, typed or spoken, turn by turn."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Annotated, Any

import typer
from rich.table import Table

from menu.money import format_amount
from ordering.cli.common import (
    JsonFlag,
    MenuFeedOption,
    emit,
    err,
    opened,
    out,
    parse_time,
    read_lines,
)
from ordering.conversation import use_cases as conversation
from ordering.speech import SpeechError, load_audio
from ordering.understanding import parse
from store_locator.cli_support import resolve_position
from store_locator.errors import InvalidRequest


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
    moment = parse_time(at) if at is not None else None
    position = _position(near)
    interactive = not json_output and sys.stdin.isatty()
    with opened(menu_feed) as built:
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
        emit({"final": final, "status": order.status.value})
    elif final is not None:
        _render_cart(final)


def _turns(interactive: bool) -> Iterator[str]:
    if not interactive:
        yield from read_lines()
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
        emit({"turn": number, "heard": heard, "reply": reply, "status": status})
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
