"""The evaluation's own comparison of a parse with its expectation, loaded from `score.py`
(a script beside the project, not a package), for benchmarks that score parses themselves."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import Any

SCORER = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "score.py"

Compare = Callable[[dict[str, Any], dict[str, Any]], list[str]]


def compare_parse(score_path: Path = SCORER) -> Compare:
    """`score.py`'s `compare_parse`: the fields of a parse that do not match (none: right)."""
    spec = importlib.util.spec_from_file_location("score", score_path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    compare: Compare = module.compare_parse
    return compare
