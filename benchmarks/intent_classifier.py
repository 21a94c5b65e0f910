"""The alternative measured for issue 16: a classifier of intents trained at menu-compile time.

    .venv/bin/python benchmarks/intent_classifier.py dump /tmp/intents.json
    python-with-scikit-learn benchmarks/intent_classifier.py fit /tmp/intents.json

`dump` (the project's environment) writes, for the reference and the bagel feed, training
sentences generated from the feed and the phrasebook (the speech corpus's writer, labelled by
the kind of sentence it writes) with menu phrases masked as the parser masks them, and the four
parse sets with the rule parser's intent. `fit` (any Python with scikit-learn, which the project
does not depend on) trains TF-IDF word n-grams + logistic regression per feed and prints intent
accuracy of the classifier, of the rules, and of the rules with the classifier deciding only
what fell through to out_of_scope, with fit and predict times.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_SETS = (
    ("blind", "tests/data/blind_parse.jsonl", "reference"),
    ("blind-bagel", "tests/data/blind_bagel_parse.jsonl", "bagel"),
    ("dev", "../shared/eval/dev_parse.jsonl", "reference"),
    ("bagel", "tests/data/bagel_parse.jsonl", "bagel"),
)


def dump(out: Path) -> None:
    """Write masked training sentences and evaluation cases to `out`."""
    from menu import BUNDLED_FEED
    from menu.feed import read_feed_file
    from ordering.speech import corpus
    from ordering.understanding import compile_lexicon, parse
    from ordering.understanding.events import read_events
    from ordering.understanding.matching import join_split_words
    from ordering.understanding.normalize import drop_fillers, tokens
    from ordering.understanding.parser import _mask
    from ordering.understanding.phrasebook import PHRASES

    feeds = {"reference": BUNDLED_FEED, "bagel": ROOT / "tests/data/feeds/bagel-cafe.json"}
    data: dict[str, Any] = {"train": {}, "eval": []}
    lexicons = {}
    for name, feed in feeds.items():
        menu = read_feed_file(feed).menu
        lexicon = lexicons[name] = compile_lexicon(menu)

        def masked(text: str, lexicon: Any = lexicon) -> str:
            words = join_split_words(lexicon, drop_fillers(tokens(text)))
            return _mask(read_events(lexicon, words))

        writer = corpus._Writer(random.Random(5), corpus._phrases(menu))
        kinds = {
            "add_items": writer.add,
            "remove_items": writer.remove,
            "modify_items": writer.modify,
            "replace_item": writer.replace,
            "ask_menu": writer.ask_menu,
            "ask_price": writer.ask_price,
        }
        train = [(k, masked(corpus.spoken(f()))) for k, f in kinds.items() for _ in range(1500)]
        for _ in range(300):
            text = corpus.spoken(writer.off_menu())
            asked = text.startswith(("do you", "have you"))
            train.append(("ask_menu" if asked else "add_items", masked(text)))
        for intent, phrases in PHRASES.items():
            train.extend((intent, masked(corpus.spoken(p))) for p in phrases for _ in range(5))
        data["train"][name] = train
        for set_name, path, feed_name in _SETS:
            if feed_name != name:
                continue
            for line in (ROOT / path).read_text(encoding="utf-8").splitlines():
                case = json.loads(line)
                data["eval"].append(
                    {
                        "set": set_name,
                        "feed": name,
                        "want": case["expect"]["intent"],
                        "masked": masked(case["text"]),
                        "rules": parse(lexicon, case["text"]).intent,
                    }
                )
    out.write_text(json.dumps(data), encoding="utf-8")


def fit(source: Path) -> None:
    """Train per feed and print the accuracy table."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    data = json.loads(source.read_text(encoding="utf-8"))
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for feed, train in data["train"].items():
        model = make_pipeline(
            TfidfVectorizer(ngram_range=(1, 3), token_pattern=r"\S+"),
            LogisticRegression(max_iter=2000, C=10),
        )
        start = time.process_time()
        model.fit([m for _, m in train], [k for k, _ in train])
        seconds = time.process_time() - start
        cases = [case for case in data["eval"] if case["feed"] == feed]
        start = time.process_time()
        predicted = model.predict([case["masked"] for case in cases])
        per = (time.process_time() - start) / len(cases) * 1e6
        print(f"{feed}: fit {seconds:.2f} s CPU on {len(train)} sentences, {per:.0f} us each")
        for case, guess in zip(cases, predicted, strict=True):
            row = totals[case["set"]]
            fallback = guess if case["rules"] == "out_of_scope" else case["rules"]
            row[0] += guess == case["want"]
            row[1] += case["rules"] == case["want"]
            row[2] += fallback == case["want"]
            row[3] += 1
    for name, (model_ok, rules_ok, both_ok, n) in totals.items():
        print(
            f"{name:12s} intent accuracy: classifier {model_ok / n:.3f}, rules {rules_ok / n:.3f}, "
            f"rules + classifier on fall-through {both_ok / n:.3f} (n={n})"
        )


if __name__ == "__main__":
    command, path = sys.argv[1], Path(sys.argv[2])
    dump(path) if command == "dump" else fit(path)
