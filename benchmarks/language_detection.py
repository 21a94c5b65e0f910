"""How often English clips would be heard as another language when customers may speak several:
each clip of a scorer manifest is encoded and its language detected among `--languages`
(as `BREAKFAST_SPEECH_LANGUAGES` does), without decoding.

    .venv/bin/python benchmarks/language_detection.py \\
        --manifest /tmp/breakfast-real/manifest.jsonl \\
        --menu ../shared/eval/real/coffee-maker-menu.json \\
        [--languages en,zh] [--conditions clean,kitchen-6]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from pathlib import Path

from menu.feed import read_feed_file
from ordering.speech import load_audio
from ordering.speech.readings import MenuWords
from ordering.speech.whisper import WhisperRecognizer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--manifest", type=Path, required=True)
    parser.add_argument("--menu", type=Path, required=True)
    parser.add_argument("--languages", default="en,zh")
    parser.add_argument("--conditions", default="", help="comma-separated; default: all")
    options = parser.parse_args()
    menu = read_feed_file(options.menu).menu
    languages = options.languages.split(",")
    recognizer = WhisperRecognizer(
        "base",
        data_dir=Path(tempfile.gettempdir()) / "breakfast-bench-models",
        words={language: MenuWords.of(menu, language) for language in languages},
    )
    wanted = set(filter(None, options.conditions.split(",")))
    heard_as: Counter[tuple[str, str]] = Counter()
    for line in options.manifest.read_text().splitlines():
        case = json.loads(line)
        if wanted and case["condition"] not in wanted:
            continue
        path = Path(case["file"])
        clip = load_audio(path if path.is_absolute() else options.manifest.parent / path)
        encoded = recognizer._encode(recognizer._features(clip)[0])
        heard_as[(case["condition"], recognizer._voice_of(encoded).language)] += 1
    for (condition, language), count in sorted(heard_as.items()):
        print(f"{condition:12s} heard as {language}: {count}")


if __name__ == "__main__":
    main()
