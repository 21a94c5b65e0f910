"""`breakfast chat` and `breakfast stores` end to end, per the evaluation contract."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from menu import BUNDLED_FEED
from ordering.cli import app

SAMPLES = Path(__file__).parents[2] / "ordering" / "data" / "samples"
runner = CliRunner()
AT = "2025-03-18T08:00:00+08:00"
PEOPLES_SQUARE = "31.2304,121.4737"


def chat(turns: list[str], *extra: str) -> list[dict]:
    result = runner.invoke(
        app,
        [
            "chat",
            "--menu",
            str(BUNDLED_FEED),
            "--at",
            AT,
            "--near",
            PEOPLES_SQUARE,
            "--json",
            *extra,
        ],
        input="\n".join(turns) + "\n",
    )
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_a_whole_order_is_paid_with_a_pickup_code() -> None:
    lines = chat(["can I get a coffee", "large", "that's all", "yes"])
    assert [line["turn"] for line in lines[:-1]] == [1, 2, 3, 4]
    assert [line["status"] for line in lines[:-1]] == [
        "open",
        "open",
        "awaiting_confirmation",
        "paid",
    ]
    final = lines[-1]["final"]
    assert lines[-1]["status"] == "paid" and final["total"] == 1400
    assert final["lines"][0]["options"] == ["hot", "size-large", "whole-milk"]
    assert final["payment"] == {"method": "voice", "status": "succeeded", "amount": 1400}
    assert len(final["pickup_code"]) == 4 and final["store"]["distance_m"] >= 0


def test_a_chinese_chat_is_answered_in_chinese() -> None:
    lines = chat(["来杯咖啡", "大杯", "就这些", "确认"])
    replies = [line["reply"] for line in lines[:-1]]
    assert replies[0] == "好的，加了1份现煮咖啡。现煮咖啡要什么杯型：小杯、中杯还是大杯？"
    assert replies[2].startswith("您点了：1份现煮咖啡（大杯），¥14.00。合计¥14.00，在")
    code = " ".join(lines[-1]["final"]["pickup_code"])
    assert replies[3] == f"已支付¥14.00。您的取餐码是{code}。一会儿见！"
    assert lines[-1]["status"] == "paid" and lines[-1]["final"]["total"] == 1400


def test_a_declined_card_leaves_the_order_unpaid() -> None:
    lines = chat(["a tea egg", "pay by card", "that's all", "yes"], "--card", "4000 0000 0000 0002")
    assert lines[-1]["status"] == "payment_failed"
    assert "4000" not in json.dumps(lines)


def test_a_spoken_turn_is_heard() -> None:
    wav = SAMPLES / "two-egg-tarts-and-a-large-latte.wav"
    lines = chat([f"@{wav}", "that's all"])
    assert "latte" in lines[0]["heard"]
    ids = {line["id"] for line in lines[-1]["final"]["lines"]}
    assert ids == {"egg-tart", "latte"}


def test_a_bad_audio_turn_is_answered_not_crashed(tmp_path: Path) -> None:
    bad = tmp_path / "x.wav"
    bad.write_text("nope", encoding="utf-8")
    lines = chat([f"@{bad}", "a tea egg"])
    assert "couldn't hear" in lines[0]["reply"]
    assert lines[-1]["final"]["lines"][0]["id"] == "tea-egg"


def test_no_input_gives_a_null_final() -> None:
    assert chat([]) == [{"final": None, "status": "open"}]


def test_bad_near_is_a_usage_error() -> None:
    result = runner.invoke(app, ["chat", "--near", "91,500", "--json"], input="")
    assert result.exit_code == 2


def test_stores_nearest_json_and_errors(configured: str) -> None:
    result = runner.invoke(
        app,
        [
            "stores",
            "nearest",
            "--lat",
            "31.2304",
            "--lon",
            "121.4737",
            "--at",
            AT,
            "--k",
            "3",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    stores = json.loads(result.stdout)["stores"]
    assert len(stores) == 3 and all(s["open"] for s in stores)
    assert [s["distance_m"] for s in stores] == sorted(s["distance_m"] for s in stores)
    for bad in (
        ["--lat", "91", "--lon", "0"],
        ["--lat", "nan", "--lon", "0"],
        ["--lat", "x", "--lon", "1"],
    ):
        assert runner.invoke(app, ["stores", "nearest", *bad]).exit_code == 2


def test_stores_generate_and_list(configured: str) -> None:
    result = runner.invoke(app, ["stores", "generate", "--count", "300", "--seed", "5"])
    assert result.exit_code == 0, result.stderr
    listed = runner.invoke(app, ["stores", "list", "--json"])
    assert len(listed.stdout.splitlines()) == 300
