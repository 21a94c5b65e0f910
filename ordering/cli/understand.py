"""`breakfast parse`, `hear` and `listen`: understand a typed, recorded or spoken order."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from ordering.cli.common import JsonFlag, MenuFeedOption, emit, err, opened, out, read_lines
from ordering.conversation.replies import language_of
from ordering.speech import SpeechError, listen_once, load_audio
from ordering.speech.hearing import hear
from ordering.understanding import parse


def parse_command(
    text: Annotated[
        str | None, typer.Argument(help="An utterance; without it, one utterance per stdin line.")
    ] = None,
    json_output: JsonFlag = False,
    menu_feed: MenuFeedOption = None,
) -> None:
    """Understand what a customer said: text → order-parse/1."""
    with opened(menu_feed) as built:
        menu = built.menu().menu
        lexicon = built.lexicon()
    utterances: Iterator[str] = iter([text]) if text is not None else read_lines()
    for utterance in utterances:
        result = parse(lexicon, utterance).to_dict()
        if json_output:
            emit(result)
        else:
            language = language_of(utterance)
            names = {p.id: p.name.get(language) for p in menu.products()}
            render_parse(utterance, result, menu_names=names)


def render_parse(utterance: str, result: dict[str, Any], *, menu_names: dict[str, str]) -> None:
    """An utterance and its parse as lines for people (products by their menu names)."""
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


def hear_command(
    files: AudioFiles, json_output: JsonFlag = False, menu_feed: MenuFeedOption = None
) -> None:
    """Recognise spoken orders in audio files (offline) and understand them."""
    failures = 0
    with opened(menu_feed) as built:
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
                    emit({"file": str(path), "error": str(error)})
                err.print(f"[bold red]error:[/] {error}", highlight=False)
                continue
            result = heard.parse.to_dict()
            if json_output:
                emit(
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
                render_parse(heard.transcript, result, menu_names=names)
    if failures:
        raise typer.Exit(1)


def listen_command(
    timeout: Annotated[float, typer.Option(help="Seconds to wait for speech to start.")] = 8.0,
    phrase_limit: Annotated[float, typer.Option(help="Longest phrase, in seconds.")] = 15.0,
    menu_feed: MenuFeedOption = None,
) -> None:
    """Listen to one order on the microphone (needs the [mic] extra and an input device). The
    speech engine loads while you speak."""
    with opened(menu_feed) as built:
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
    render_parse(heard.transcript, heard.parse.to_dict(), menu_names=names)
