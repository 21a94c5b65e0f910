"""The drills of `benchmarks/drills.py` in bounded form: two workers on PostgreSQL, a few orders
per drill, the whole hostile corpora. Each drill must keep every rule: no order charged twice,
none left unsettled once the stale window has passed, no 5xx but the documented 503 "retry"
problems, every 4xx a problem, and the server's memory during hostile uploads within budget.

The drill restarting PostgreSQL restarts the server every test here uses (127.0.0.1:5432)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks import drills

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def options(tmp_path_factory: pytest.TempPathFactory, postgres_admin_url: str) -> drills.Options:
    return drills.Options(
        database_url=postgres_admin_url,
        workers=2,
        rounds=3,
        requests=4,
        concurrency=8,
        bank_delay=0.5,
        stale_after=3.0,
        folder=Path(tmp_path_factory.mktemp("drills")),
    )


@pytest.fixture(scope="module")
def server(options: drills.Options) -> Iterator[drills.Server]:
    """One server for all the drills (starting one takes seconds), in a schema of its own."""
    with drills.fresh_schema(options.database_url) as url, drills.serving(url, options) as server:
        yield server


@pytest.mark.parametrize("name", list(drills.DRILLS))
def test_the_drill_keeps_every_rule(
    name: str, server: drills.Server, options: drills.Options
) -> None:
    report = drills.run(name, server, options)
    assert report.answers, report.explain()
    assert report.double_charges in (None, 0), report.explain()
    assert report.unsettled in (None, 0), report.explain()
    assert report.bad_5xx == 0, report.explain()
    if report.peak_rss_mb is not None:
        assert report.peak_rss_mb <= options.memory_budget_mb, report.explain()
    assert report.ok, report.explain()


def test_the_table_shows_every_rule() -> None:
    report = drills.Report("same-key", charges_max=1, double_charges=0, unsettled=0)
    report.answers = [
        drills.Answer("pay", 200),
        drills.Answer("pay", 503),
        drills.Answer("x", None),
    ]
    table = drills.table([report])
    assert "charges/order" in table and "unsettled" in table and "peak RSS" in table
    assert "200×1 503×1 err×1" in table and " ok" in table
