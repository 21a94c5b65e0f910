"""`breakfast hear` end to end: real audio, real recogniser, the contract's JSON lines."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from menu import BUNDLED_FEED
from ordering.cli import app

SAMPLES = sorted((Path(__file__).parents[2] / "ordering" / "data" / "samples").glob("*.wav"))
runner = CliRunner()


def test_hear_json_follows_the_contract(tmp_path: Path) -> None:
    result = runner.invoke(app, ["hear", "--menu", str(BUNDLED_FEED), "--json", *map(str, SAMPLES)])
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["file"] for line in lines] == [str(path) for path in SAMPLES]
    for line in lines:
        assert {"file", "transcript", "parse", "decode_seconds", "audio_seconds"} <= set(line)
        assert line["parse"]["intent"] == "add_items"
        assert 0 < line["decode_seconds"] and line["audio_seconds"] > 2  # speed: benchmarks/
    ordered = {item["id"] for line in lines for item in line["parse"]["items"]}
    assert {"latte", "egg-tart", "congee-set", "americano"} <= ordered


def test_a_bad_file_gets_an_error_line_and_exit_code_1(tmp_path: Path) -> None:
    bad = tmp_path / "notes.wav"
    bad.write_text("not audio", encoding="utf-8")
    result = runner.invoke(app, ["hear", "--json", str(bad), str(SAMPLES[0])])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0]["file"] == str(bad) and "not a readable" in lines[0]["error"]
    assert lines[1]["transcript"]
    assert "Traceback" not in result.stderr


def test_readable_output_shows_what_was_heard() -> None:
    result = runner.invoke(app, ["hear", str(SAMPLES[-1])])
    assert result.exit_code == 0
    assert "heard:" in result.stdout and "Latte" in result.stdout


def test_listen_without_a_microphone_says_so() -> None:
    # No PyAudio or input device here (as on most servers and in CI).
    result = runner.invoke(app, ["listen", "--timeout", "1"])
    assert result.exit_code == 1
    assert "no microphone available" in result.stderr
    assert "listening" not in result.stderr and "Traceback" not in result.stderr


def test_pocketsphinx_still_hears_when_chosen(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ordering.config import get_settings

    monkeypatch.setenv("BREAKFAST_SPEECH_ENGINE", "sphinx")
    get_settings.cache_clear()
    try:
        result = runner.invoke(
            app, ["hear", "--menu", str(BUNDLED_FEED), "--json", str(SAMPLES[1])]
        )
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.stderr
    [line] = [json.loads(text) for text in result.stdout.splitlines()]
    assert {item["id"] for item in line["parse"]["items"]} == {"americano"}
