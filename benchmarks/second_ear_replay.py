"""The second ear's proposals, clip by clip: what hearing chose, and what other ways of weighing
a proposal against Whisper's choice would have chosen (issue 15, the noise5 condition).

`record` hears each clip of a scorer manifest as `breakfast hear` does (Whisper, the second ear,
the bonus) and writes one JSON line per clip: Whisper's scored readings, its choice, the second
ear's N best, the first of them and its article swaps as hearing weighs them, and Whisper's
forced scores of its choice and of each proposal in three ways: prompted with the menu (as
hearing scores them), without the prompt, and prompted but against the encoding of silence (how
probable the prompt alone makes a reading). `replay` re-chooses from those lines under each rule
and bonus, in one process, so the rules are compared on the same Whisper decodes (Whisper varies
a little from run to run).

    BREAKFAST_DATA_DIR=/tmp/bf-data .venv/bin/python benchmarks/second_ear_replay.py record \\
        --manifest /tmp/bf-synth/manifest.jsonl --conditions noise5,clean-us --out /tmp/s.jsonl
    .venv/bin/python benchmarks/second_ear_replay.py replay /tmp/s.jsonl [--menu FEED]

Rules, each `Whisper's choice` unless the proposal's delta plus the bonus, less the cost of its
unknown words, makes it the most probable parse (pooled as `choose_scored` pools):
prompted (today's), bare (no prompt), pmi-L (prompted less L times the delta against silence),
bare-W (W of the delta without the prompt, the rest prompted). `swaps -H` is hearing's own
choice, the first proposal's article swaps among the readings H nats behind the proposal
(-0 is what hearing does, re-chosen with today's `choose_scored`).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scorer import compare_parse  # noqa: E402
from ordering.bootstrap import build_services  # noqa: E402
from ordering.speech import hearing, load_audio, whisper  # noqa: E402
from ordering.speech.corpus import spoken  # noqa: E402
from ordering.speech.readings import UNKNOWN_PENALTY, MenuWords, article_swaps, cased_like  # noqa: E402
from ordering.understanding import parse  # noqa: E402

BONUSES = (4.0, 6.0, 8.0, 10.0, 12.0)
SWAP_HANDICAPS = (0.0, 1.0, 2.0, 3.0, 4.0, 6.0, float("inf"))


def record(options: argparse.Namespace) -> None:
    whisper.SECOND_EAR_READINGS = options.nbest  # recorded; hearing is still given the first
    services = build_services(menu_feed=options.menu)
    recognizer = services.recognizer()
    lexicon = services.lexicon()
    assert isinstance(recognizer, whisper.WhisperRecognizer) and recognizer.second_ear
    compare = compare_parse()
    seen: dict[str, Any] = {}
    features, decode, transcribe = (
        recognizer._features,
        recognizer._decode,
        recognizer.transcribe,
    )

    def features_seen(clip: Any) -> Any:
        seen["window"], seen["frames"] = features(clip)
        return seen["window"], seen["frames"]

    def decode_seen(encoded: Any, voice: Any) -> Any:
        seen["encoded"] = encoded
        return decode(encoded, voice)

    def transcribe_seen(clip: Any) -> Any:
        seen["heard"] = heard = transcribe(clip)
        return dataclasses.replace(heard, proposals=heard.proposals[:1])

    chose = hearing.with_proposals

    def with_proposals_seen(heard: Any, lexicon: Any, chosen: Any) -> Any:
        seen["chosen"] = chosen
        return chose(heard, lexicon, chosen)

    vars(recognizer).update(
        _features=features_seen, _decode=decode_seen, transcribe=transcribe_seen
    )
    vars(hearing)["with_proposals"] = with_proposals_seen
    english = recognizer.voices["en"]
    bare = whisper.Voice(
        "en", english.tokenizer, None, recognizer._start_sequence(english.tokenizer, "")
    )
    wanted = set(filter(None, options.conditions.split(",")))
    rows = [json.loads(line) for line in options.manifest.open()]
    rows = [row for row in rows if not wanted or row["condition"] in wanted]
    rows = rows[: options.limit] if options.limit else rows
    with options.out.open("w") as out:
        for number, row in enumerate(rows, 1):
            clip = load_audio(options.manifest.parent / row["file"])
            heard = hearing.hear(clip, recognizer=recognizer, lexicon=lexicon)
            transcription, chosen = seen["heard"], seen["chosen"]
            line: dict[str, Any] = {
                "id": row["id"],
                "condition": row["condition"],
                "expect": row["expect"],
                "right": not compare(row["expect"], heard.parse.to_dict()),
                "heard": heard.transcript,
                "readings": list(
                    zip(transcription.alternatives, transcription.scores, strict=True)
                ),
                "chosen": chosen[0],
                "proposals": list(transcription.proposals),
            }
            if transcription.language == "en" and transcription.proposals:
                first = transcription.alternatives[0]
                written = next(
                    (t for t in transcription.alternatives if spoken(t) == chosen[0]), chosen[0]
                )
                texts = [written, *(cased_like(p, first) for p in transcription.proposals)]
                width = seen["window"].shape[-1]
                silence = np.zeros(width * whisper.FRAME_SAMPLES, dtype=np.float32)
                window = recognizer.model.feature_extractor(silence)[:, :width][None]
                silent = recognizer._encode(np.ascontiguousarray(window, dtype=np.float32))
                encoded, frames = seen["encoded"], seen["frames"]
                line |= {
                    "texts": texts,
                    # the first proposal, then its article swaps, weighed as hearing weighs them
                    "swaps": transcription.weigh(
                        [transcription.proposals[0], *article_swaps(transcription.proposals[0])]
                    )
                    if transcription.weigh
                    else [],
                    "prompted": recognizer._forced(encoded, frames, texts, english),
                    "bare": recognizer._forced(encoded, frames, texts, bare),
                    "silent": recognizer._forced(silent, frames, texts, english),
                }
            out.write(json.dumps(line) + "\n")
            print(f"\r{number}/{len(rows)}", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)


Rule = Callable[[dict[str, Any], int], float]


def _delta(kind: str) -> Rule:
    """How much more probable Whisper finds reading i than its own choice, scored `kind`."""
    return lambda line, i: float(line[kind][i] - line[kind][0])


def _pointwise(weight: float) -> Rule:
    """The prompted delta less `weight` times the delta the prompt alone gives (silence)."""
    prompted, silent = _delta("prompted"), _delta("silent")
    return lambda line, i: prompted(line, i) - weight * silent(line, i)


def _mixed(weight: float) -> Rule:
    """`weight` of the delta without the prompt, the rest of it prompted."""
    prompted, bare = _delta("prompted"), _delta("bare")
    return lambda line, i: (1 - weight) * prompted(line, i) + weight * bare(line, i)


RULES: dict[str, Rule] = {
    "prompted": _delta("prompted"),
    "bare": _delta("bare"),
    **{f"pmi-{weight:g}": _pointwise(weight) for weight in (0.25, 0.5, 1.0)},
    **{f"bare-{weight:g}": _mixed(weight) for weight in (0.25, 0.5, 0.75)},
}


def replay(options: argparse.Namespace) -> None:
    services = build_services(menu_feed=options.menu)
    lexicon = services.lexicon()
    words = MenuWords.of(services.menu().menu, "en")
    compare = compare_parse()

    def right(line: dict[str, Any], text: str) -> bool:
        return not compare(line["expect"], parse(lexicon, spoken(text)).to_dict())

    def chosen_by(line: dict[str, Any], rule: Rule, bonus: float) -> str:
        readings = [tuple(reading) for reading in line["readings"]]
        agreeing = hearing._key(parse(lexicon, spoken(line["chosen"])))
        held = [score for text, score in readings if spoken(text) == line["chosen"]]
        if "texts" not in line or not held:
            return str(line["chosen"])
        anchor = max(held) + UNKNOWN_PENALTY * words.unknown_words(line["chosen"])
        proposal = line["texts"][1]
        if hearing._key(parse(lexicon, spoken(proposal))) == agreeing:
            return str(line["chosen"])
        score = anchor + rule(line, 1) + bonus - UNKNOWN_PENALTY * words.unknown_words(proposal)
        return hearing.choose_scored([*readings, (proposal, score)], lexicon)[0]

    def with_swaps(line: dict[str, Any], handicap: float) -> str:
        """Hearing's choice with the article swaps `handicap` nats behind the proposal."""
        readings = [tuple(reading) for reading in line["readings"]]
        chosen = hearing.choose_scored(readings, lexicon)
        agreeing = hearing._key(chosen[1])
        swaps = line.get("swaps") or []
        if not swaps or hearing._key(parse(lexicon, spoken(swaps[0][0]))) == agreeing:
            return chosen[0]
        weighed = [
            (text, score - (handicap if i else 0.0)) for i, (text, score) in enumerate(swaps)
        ]
        return hearing.choose_scored([*readings, *weighed], lexicon)[0]

    totals: Counter[str] = Counter()
    scores: dict[str, Counter[str]] = defaultdict(Counter)
    for path in options.records:
        for line in map(json.loads, path.open()):
            condition = line["condition"]
            totals[condition] += 1
            scores["as heard"][condition] += line["right"]
            scores["Whisper alone"][condition] += right(line, line["chosen"])
            for handicap in SWAP_HANDICAPS:
                scores[f"swaps -{handicap:g}"][condition] += right(line, with_swaps(line, handicap))
            for name, rule in RULES.items():
                for bonus in BONUSES:
                    scores[f"{name} +{bonus:g}"][condition] += right(
                        line, chosen_by(line, rule, bonus)
                    )
    conditions = sorted(totals)
    print("| rule | " + " | ".join(conditions) + " |")
    print("| --- |" + " --- |" * len(conditions))
    for name, counts in scores.items():
        cells = " | ".join(f"{counts[c] / totals[c]:.3f}" for c in conditions)
        print(f"| {name} | {cells} |")
    print("clips: " + ", ".join(f"{c} {totals[c]}" for c in conditions))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    recording = commands.add_parser("record", help="hear each clip and write what a replay needs")
    recording.add_argument("--manifest", type=Path, required=True)
    recording.add_argument("--menu", type=Path, default=None, help="feed; default: bundled")
    recording.add_argument("--conditions", default="", help="comma-separated; default: all")
    recording.add_argument("--nbest", type=int, default=3, help="second-ear readings recorded")
    recording.add_argument("--limit", type=int, default=0, help="only the first N clips")
    recording.add_argument("--out", type=Path, required=True)
    replaying = commands.add_parser("replay", help="re-choose under each rule and bonus")
    replaying.add_argument("records", type=Path, nargs="+")
    replaying.add_argument("--menu", type=Path, default=None, help="feed; default: bundled")
    options = parser.parse_args()
    record(options) if options.command == "record" else replay(options)


if __name__ == "__main__":
    main()
