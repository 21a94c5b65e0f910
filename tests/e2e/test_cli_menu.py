"""The `breakfast` CLI end to end (Typer's CliRunner), against SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from menu import BUNDLED_FEED
from ordering.cli import app
from tests.conftest import SECOND_FEED

runner = CliRunner()
AT_BREAKFAST = "2025-03-18T08:00:00+08:00"


def invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def listing(*args: str) -> dict:
    code, stdout, stderr = invoke("menu", "show", "--json", *args)
    assert code == 0, stderr
    return json.loads(stdout)


def products(shown: dict) -> dict[str, dict]:
    return {p["id"]: p for c in shown["categories"] for p in c["products"]}


def test_first_use_creates_the_database_with_the_bundled_menu(configured: str) -> None:
    shown = products(listing("--at", AT_BREAKFAST))
    assert shown["latte"]["price"] == {"minor": 1500, "major": 15.0, "text": "¥15.00"}
    assert shown["youtiao"]["available"] is True
    assert shown["zinger-burger"]["available"] is False
    assert shown["zinger-burger"]["starts_at"] == "10:30"
    panini_set = shown["panini-set"]
    assert [s["id"] for s in panini_set["slots"]] == ["main", "side", "drink"]
    assert panini_set["slots"][0]["default"] is None


def test_first_use_of_the_default_sqlite_file(tmp_path: Path) -> None:
    # no BREAKFAST_DATABASE_URL: the SQLite file in the data directory is created on first use
    assert products(listing("--at", AT_BREAKFAST))["egg-tart"]["available"]
    assert (tmp_path / "home-data" / "breakfast.sqlite3").exists()


def test_lunch_time_and_chinese_names(configured: str) -> None:
    shown = products(listing("--at", "2025-03-18T12:00:00+08:00", "--lang", "zh"))
    assert shown["zinger-burger"]["available"] is True
    assert shown["youtiao"]["available"] is False and shown["youtiao"]["starts_at"] == "06:00"
    assert shown["youtiao"]["name"] == "油条"


def test_import_a_second_feed_and_show_it(configured: str) -> None:
    code, _, stderr = invoke("menu", "import", str(SECOND_FEED))
    assert code == 0, stderr
    assert "imported" in stderr
    shown = listing("--at", "2025-03-18T08:00:00-05:00")
    assert shown["currency"] != "CNY"
    assert "latte" not in products(shown)
    code, stdout, _ = invoke("menu", "versions", "--json")
    assert code == 0 and len(stdout.splitlines()) == 1  # an import does not seed the bundled menu


def test_readable_menu(configured: str) -> None:
    code, stdout, _ = invoke("menu", "show", "--at", AT_BREAKFAST)
    assert code == 0
    assert "Latte" in stdout and "¥15.00" in stdout and "(from 10:30)" in stdout


def test_a_bad_feed_is_refused_with_every_problem_and_changes_nothing(
    configured: str, tmp_path: Path
) -> None:
    document = json.loads(BUNDLED_FEED.read_text(encoding="utf-8"))
    document["items"][4]["modifier_groups"].append("syrup")
    document["combos"][0]["price"] = -100
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    before = listing("--at", AT_BREAKFAST)
    code, stdout, stderr = invoke("menu", "import", str(bad))
    assert code == 1
    assert "items[4].modifier_groups[1]: unknown group 'syrup'" in stderr
    assert "combos[0].price" in stderr
    assert "Traceback" not in stderr + stdout
    assert listing("--at", AT_BREAKFAST) == before


def test_menu_option_uses_a_fresh_in_memory_database(tmp_path: Path) -> None:
    shown = listing("--menu", str(SECOND_FEED), "--at", "2025-03-18T08:00:00-05:00")
    assert shown["currency"] != "CNY"
    assert not (tmp_path / "home-data" / "breakfast.sqlite3").exists()


def test_bad_arguments_are_usage_errors(configured: str) -> None:
    code, _, stderr = invoke("menu", "show", "--at", "tomorrow-ish")
    assert code == 2 and "ISO 8601" in stderr
    code, _, stderr = invoke("menu", "show", "--lang", "fr")
    assert code == 2


def test_unreachable_database_is_a_clear_error(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ordering.config import get_settings

    monkeypatch.setenv("BREAKFAST_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    get_settings.cache_clear()
    code, stdout, stderr = invoke("menu", "show")
    assert code == 1
    assert "cannot use the database" in stderr and "Traceback" not in stderr + stdout


def test_a_bad_setting_is_named_in_a_clear_error(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from ordering.config import get_settings

    monkeypatch.setenv("BREAKFAST_LOG_LEVEL", "loud")
    get_settings.cache_clear()
    code, stdout, stderr = invoke("menu", "show")
    get_settings.cache_clear()
    assert code == 2
    assert "BREAKFAST_LOG_LEVEL" in stderr and "Traceback" not in stderr + stdout


def test_db_upgrade_is_idempotent(configured: str) -> None:
    code, _, stderr = invoke("db", "upgrade")
    assert code == 0 and "revision" in stderr
    code, _, stderr = invoke("db", "upgrade")
    assert code == 0 and "already at" in stderr
