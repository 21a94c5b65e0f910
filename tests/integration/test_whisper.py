"""Real recordings of real people through the real Whisper model (no mocks), held to the menu;
the model files are checked; the readings machinery on its own."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from menu.feed import read_feed_file
from menu.model import Menu
from ordering.speech import (
    RecognizerUnavailable,
    SphinxRecognizer,
    Transcription,
    compile_menu_model,
    load_audio,
)
from ordering.speech.corpus import spoken
from ordering.speech.hearing import (
    MAX_ANSWERS,
    UNPLACED_PENALTY,
    choose_scored,
    hear,
    with_answers,
    with_proposals,
)
from ordering.speech.readings import (
    SECOND_EAR_BONUS,
    MenuWords,
    article_swaps,
    near_readings,
    proposed_readings,
    scored_readings,
)
from ordering.speech.whisper import (
    ALIGN_ADDS,
    MODELS,
    WhisperRecognizer,
    _checked,
    model_dir,
    unlooped,
)
from ordering.understanding import compile_lexicon, parse

REAL = Path(__file__).parents[2] / "ordering" / "data" / "samples" / "real"


@pytest.fixture(scope="module")
def coffee() -> Menu:
    return read_feed_file(REAL / "coffee-maker-menu.json").menu


@pytest.fixture(scope="module")
def whisper(coffee: Menu, tmp_path_factory: pytest.TempPathFactory) -> WhisperRecognizer:
    return WhisperRecognizer(
        "base", data_dir=tmp_path_factory.mktemp("whisper"), words={"en": MenuWords.of(coffee)}
    )


@pytest.fixture(scope="module")
def default_ear(coffee: Menu, tmp_path_factory: pytest.TempPathFactory) -> WhisperRecognizer:
    """As `breakfast` hears by default: Whisper with PocketSphinx as its second ear."""
    folder = tmp_path_factory.mktemp("whisper")
    second = SphinxRecognizer(compile_menu_model(coffee, folder))
    return WhisperRecognizer(
        "base", data_dir=folder, words={"en": MenuWords.of(coffee)}, second_ear=second
    )


def cases() -> list[dict[str, object]]:
    return [json.loads(line) for line in (REAL / "cases.jsonl").read_text().splitlines()]


@pytest.mark.parametrize("case", cases(), ids=lambda case: str(case["file"])[:8])
def test_real_people_are_heard_right(
    case: dict[str, object],
    whisper: WhisperRecognizer,
    default_ear: WhisperRecognizer,
    coffee: Menu,
) -> None:
    for recognizer in (whisper, default_ear):  # alone, and as `breakfast` hears by default
        heard = hear(
            load_audio(REAL / str(case["file"])),
            recognizer=recognizer,
            lexicon=compile_lexicon(coffee),
        )
        expect = case["expect"]
        assert isinstance(expect, dict)
        got = heard.parse.to_dict()
        assert got["intent"] == expect["intent"], heard.transcript
        [line], [wanted] = got["items"], expect["items"]
        assert line["id"] == wanted["id"], heard.transcript
        assert line["quantity"] in wanted["quantity"], heard.transcript
        assert sorted(line["options"]) == sorted(wanted["options"]), heard.transcript
        assert heard.confidence > 0.5


def test_the_transcription_carries_scores_and_can_rescore(whisper: WhisperRecognizer) -> None:
    clip = load_audio(REAL / str(cases()[0]["file"]))
    heard = whisper.transcribe(clip)
    assert len(heard.scores) == len(heard.alternatives) >= 2
    assert heard.rescore is not None
    right, wrong = heard.rescore(["a large cappuccino", "a tall glass of orange juice"])
    assert right > wrong
    # a reading longer than the decoder can hold (a hallucinated loop) scores nothing, and
    # the next one is still scored
    loop, again = heard.rescore(["latte " * 500, "a large cappuccino"])
    assert loop == float("-inf") and again == pytest.approx(right, abs=1e-3)
    # at the boundary: the longest text that fits is scored, one token more is not
    voice = whisper.voices["en"]
    room = whisper.model.max_length - len(voice.start) - ALIGN_ADDS
    assert len(voice.tokenizer.encode(" latte" * 3)) == 3  # one token a word
    longest, too_long = heard.rescore(["latte" + " latte" * (room - 1), "latte" + " latte" * room])
    assert longest > float("-inf") and too_long == float("-inf")


def test_the_joined_base_model_is_checked_and_made_once(tmp_path: Path) -> None:
    folder = model_dir("base", tmp_path)
    assert (folder / "model.bin").stat().st_size > 100_000_000
    assert model_dir("base", tmp_path) == folder
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]  # no partial left behind


def test_a_damaged_or_unknown_model_is_a_clear_error(tmp_path: Path) -> None:
    fake = tmp_path / "config.json"
    fake.write_text("{}")
    with pytest.raises(RecognizerUnavailable, match="damaged"):
        _checked(fake, MODELS["tiny.en"].files[1][1])
    with pytest.raises(RecognizerUnavailable, match="missing"):
        _checked(tmp_path / "nope.bin", "0" * 64)
    with pytest.raises(RecognizerUnavailable, match="unknown Whisper model"):
        model_dir("large-v3", tmp_path)


def test_text_as_recognisers_write_it_becomes_words() -> None:
    assert spoken("A 16-ounce Iced Mocha, please!") == "a sixteen ounce iced mocha please"
    assert spoken("2 lattes, 12oz") == "two lattes twelve oz"
    assert spoken("I'd like 120 of them") == "i'd like one hundred twenty of them"


def test_near_misses_are_put_right_from_the_feed_only(coffee: Menu) -> None:
    words = MenuWords.of(coffee)
    readings = [c.text for c in near_readings(["Can I get an Ice Melco?"], words)]
    assert "Can I get an Ice Mocha?" in readings  # "ice mocha" is an alias of the feed
    assert near_readings(["Can I get an iced mocha?"], words) == []  # nothing to put right
    # Every substituted name is the feed's.
    for text in readings:
        added = set(spoken(text).split()) - set(spoken("Can I get an Ice Melco?").split())
        assert added and added <= words.known, text


def test_readings_are_scored_by_their_sound_and_their_words(coffee: Menu) -> None:
    words = MenuWords.of(coffee)
    heard = Transcription(
        ("Can I get an Ice Melco?",),
        0.0,
        1.0,
        scores=(-5.0,),
        rescore=lambda texts: [-6.0 if "Melco" in text else -6.5 for text in texts],
    )
    scored = dict(scored_readings(heard, words))
    # The near miss loses the penalty for a word the feed does not know; the menu's reading
    # is anchored on the beam score (-5.0) plus the forced-score difference (-0.5).
    assert scored["Can I get an Ice Mocha?"] == pytest.approx(-5.5)
    assert scored["Can I get an Ice Melco?"] < scored["Can I get an Ice Mocha?"]


def test_a_second_ear_s_reading_is_scored_by_whisper_like_any_other(coffee: Menu) -> None:
    words = MenuWords.of(coffee)
    lexicon = compile_lexicon(coffee)
    asked: list[str] = []
    forced = {"Can I get a latte?": -3.0, "Can I get a mocha": -4.0}

    def rescore(texts: Sequence[str]) -> list[float]:
        asked.extend(texts)
        return [forced.get(t, -30.0) for t in texts]  # any other reading: far less probable

    heard = Transcription(("Can I get a latte?",), 0.0, 1.0, scores=(-2.0,), rescore=rescore)
    # cased like Whisper's reading, anchored on its beam score (-2.0) less its forced one (-3.0)
    [(text, score)] = proposed_readings(heard, words, ["can i get a mocha"])
    assert text == "Can I get a mocha" and score == pytest.approx(-3.0 + SECOND_EAR_BONUS)
    # a reading Whisper already wrote takes its score, without a forced pass
    asked.clear()
    assert proposed_readings(heard, words, ["can i get a latte"]) == [
        ("Can I get a latte", -2.0 + SECOND_EAR_BONUS)
    ]
    assert asked == []
    # without a way to score them, proposals are not taken on trust
    blind = Transcription(("Can I get a latte?",), 0.0, 1.0, scores=(-2.0,))
    assert proposed_readings(blind, words, ["can i get a mocha"]) == []

    # Hearing weighs a proposal only when it means something else than Whisper's choice.
    def with_proposal(proposal: str) -> Transcription:
        return Transcription(
            heard.alternatives,
            0.0,
            1.0,
            scores=heard.scores,
            rescore=rescore,
            proposals=(proposal,),
            weigh=lambda texts: proposed_readings(heard, words, texts),
        )

    latte = ("Can I get a latte?", parse(lexicon, "can i get a latte"), 1.0)
    asked.clear()
    assert with_proposals(with_proposal("can i get a latte please"), lexicon, latte) == latte
    assert asked == []  # the same order: no forced pass, the choice stands
    _, result, _ = with_proposals(with_proposal("can i get a mocha"), lexicon, latte)
    assert [line.id for line in result.items] == ["mocha"]  # within the bonus of Whisper's best
    forced["Can I get a mocha"] = -4.0 - SECOND_EAR_BONUS  # now further from it than the bonus
    _, result, _ = with_proposals(with_proposal("can i get a mocha"), lexicon, latte)
    assert [line.id for line in result.items] == ["latte"]


def test_each_article_of_a_proposal_is_swapped_in_turn() -> None:
    assert article_swaps("i'll have a latte and the oj") == [
        "i'll have the latte and the oj",
        "i'll have a latte and an oj",
    ]
    assert article_swaps("An Americano.") == ["The Americano."]
    assert article_swaps("two lattes") == []
    assert article_swaps("give me the") == []  # nothing after it to choose a/an for


def _with_proposal(
    reading: tuple[str, float], forced: dict[str, float], proposal: str, words: MenuWords
) -> Transcription:
    """Whisper's one reading (text, beam score), forced scores from `forced` (any other text
    far less probable, -30), and the second ear's proposal, weighed as Whisper weighs it."""
    whisper = Transcription(
        (reading[0],),
        0.0,
        1.0,
        scores=(reading[1],),
        rescore=lambda texts: [forced.get(t, -30.0) for t in texts],
    )
    return replace(
        whisper,
        proposals=(proposal,),
        weigh=lambda texts: proposed_readings(whisper, words, texts),
    )


def test_whisper_judges_the_article_a_second_ear_proposes(coffee: Menu) -> None:
    words = MenuWords.of(coffee)
    lexicon = compile_lexicon(coffee)
    # Whisper heard a latte; the second ear a mocha, with the "a" its language model leans to,
    # where the customer said "the": Whisper finds the mocha probable only with "the".
    forced = {"Can I get a latte?": -3.0, "Can I get a mocha": -14.0, "Can I get the mocha": -3.5}
    heard = _with_proposal(("Can I get a latte?", -2.0), forced, "can i get a mocha", words)
    latte = ("Can I get a latte?", parse(lexicon, "can i get a latte"), 1.0)
    text, result, _ = with_proposals(heard, lexicon, latte)
    assert text == "can i get the mocha"
    assert [(line.id, line.quantity) for line in result.items] == [("mocha", None)]
    forced["Can I get the mocha"] = -14.0  # neither article borne out: Whisper's latte stands
    _, result, _ = with_proposals(heard, lexicon, latte)
    assert [line.id for line in result.items] == ["latte"]


def test_a_proposal_does_not_preempt_a_reading_without_its_stray_first_word(coffee: Menu) -> None:
    words = MenuWords.of(coffee)
    lexicon = compile_lexicon(coffee)
    forced = {"Bruce small latte.": -6.0, "Two small lattes.": -20.0}
    heard = _with_proposal(("Bruce small latte.", -7.0), forced, "two small lattes", words)
    chosen = choose_scored(list(zip(heard.alternatives, heard.scores, strict=True)), lexicon)
    assert chosen[0] == "small latte"  # "brew a small latte", its first words misheard
    # The proposal makes sense too, but Whisper finds it far less probable (-20 - 1 + bonus).
    text, result, _ = with_proposals(heard, lexicon, chosen)
    assert text == "small latte" and [line.quantity for line in result.items] == [None]


def test_an_expected_answer_is_heard_only_when_the_audio_bears_it_out(coffee: Menu) -> None:
    lexicon = compile_lexicon(coffee)
    forced = {"Lodge.": -3.0, "Large.": -3.5, "Small.": -14.0, "Play some music.": -2.0}

    def transcription(first: str) -> Transcription:
        return Transcription(
            (first,),
            0.0,
            1.0,
            scores=(-2.5,),
            rescore=lambda texts: [forced.get(t, -20.0) for t in texts],
        )

    answers = ("large", "small")
    readings = dict(with_answers(transcription("Lodge."), answers))
    # cased like the reading, anchored on its beam score (-2.5) less its forced score (-3.0)
    assert readings == {"Lodge.": -2.5, "Large.": pytest.approx(-3.0), "Small.": -13.5}
    text, result, confidence = choose_scored(list(readings.items()), lexicon)
    assert text == "large" and result.intent == "modify_items" and confidence > 0.35
    # only the shortest answers are scored (each costs a pass over the prompt)
    many = [" ".join(["large", *["please"] * n]) for n in range(12)]
    scored = [t for t, _ in with_answers(transcription("Lodge."), many)]
    assert len(scored) == 1 + MAX_ANSWERS and "Large." in scored
    # something else, said clearly, still makes the answer win only at a share too small to act on
    readings = dict(with_answers(transcription("Play some music."), answers))
    *_, confidence = choose_scored(list(readings.items()), lexicon)
    assert confidence < 0.35


def test_each_clip_is_heard_in_its_language_among_the_feeds(
    coffee: Menu, tmp_path_factory: pytest.TempPathFactory
) -> None:
    both = WhisperRecognizer(
        "base",
        data_dir=tmp_path_factory.mktemp("whisper"),
        words={"en": MenuWords.of(coffee, "en"), "zh": MenuWords.of(coffee, "zh")},
    )
    assert both.languages == ("en", "zh")
    assert both.voices["zh"].start != both.voices["en"].start  # its own prompt and language
    heard = both.transcribe(load_audio(REAL / str(cases()[0]["file"])))
    assert heard.language == "en" and "cappuccino" in heard.text.lower()
    english_only = WhisperRecognizer(
        "tiny.en", data_dir=tmp_path_factory.mktemp("tiny"), words={"zh": None, "en": None}
    )
    assert english_only.languages == ("en",)  # an English-only model hears English alone


def test_readings_in_other_languages_are_parsed_as_written(coffee: Menu) -> None:
    lexicon = compile_lexicon(coffee)
    assert choose_scored([("两杯拿铁。", -1.0)], lexicon, language="zh")[0] == "两杯拿铁。"
    assert choose_scored([("Two 16-ounce lattes.", -1.0)], lexicon)[0] == (
        "two sixteen ounce lattes"
    )


def test_a_hallucinated_loop_is_read_as_what_it_repeats() -> None:
    said = "may i have a double shot house coffee with sweetener"
    assert unlooped(f"{said} " * 18 + "may i have a double") == said
    assert unlooped("Hi. A latte, a latte, a latte, a latte.") == "Hi. A latte"
    # what people say twice, or a short word said three times, is not a loop
    assert unlooped("Two lattes and two lattes.") == "Two lattes and two lattes."
    assert unlooped("Yes yes yes.") == "Yes yes yes."
    assert unlooped("I want a latte latte latte.") == "I want a latte latte latte."


def test_the_prompt_orders_the_feeds_names_and_says_each_word_once(coffee: Menu) -> None:
    english = MenuWords.of(coffee).prompt
    # as a customer orders: each name with its article (Whisper then writes the "a")
    assert english.startswith("An Americano, a Cappuccino, ")
    for product in coffee.products():
        assert product.name.en in english
    # an option whose words were all said before adds nothing ("A little skim milk")
    assert "Skim milk" in english and "A little skim milk" not in english
    said = set(spoken(english).split())
    for group in coffee.modifier_groups:
        for option in group.options:
            assert set(spoken(option.name.en).split()) <= said
    chinese = MenuWords.of(coffee, "zh").prompt
    assert chinese.startswith(f"{next(coffee.products()).name.zh}, ")  # bare names


def test_a_prompt_too_long_loses_whole_names_from_its_end(whisper: WhisperRecognizer) -> None:
    voice = whisper.voices["en"]
    names = ", ".join(f"a Blueberry Cream Cheese Bagel number {n}" for n in range(80))
    start = whisper._start_sequence(voice.tokenizer, f"An Americano, {names}.")
    prompt = start[1 : -len(voice.tokenizer.sot_sequence) - 1]  # between sot_prev and the start
    assert len(prompt) <= whisper.model.max_length // 2 - 1
    text = voice.tokenizer.decode(prompt)
    assert text.startswith(" An Americano, a Blueberry") and text.endswith(".")
    last = text.rsplit(", ", 1)[1]  # a whole name, and a full stop after it
    assert last.removesuffix(".").rsplit(" ", 1)[0] == "a Blueberry Cream Cheese Bagel number"
    assert whisper._start_sequence(voice.tokenizer, "A Latte. Small, Large.")[1:-4] == (
        voice.tokenizer.encode(" A Latte. Small, Large.")
    )


def test_a_stray_first_word_does_not_make_an_order_out_of_scope(coffee: Menu) -> None:
    lexicon = compile_lexicon(coffee)
    text, result, confidence = choose_scored([("Bruce small latte, please.", -2.0)], lexicon)
    assert (text, result.intent) == ("small latte please", "add_items")
    assert [line.id for line in result.items] == ["latte"] and confidence == 1.0
    # a first word of the feed, or one that carries the sentence, is never left out
    for said in ("Play some music.", "Latte is my favourite word.", "My latte went cold."):
        assert choose_scored([(said, -2.0)], lexicon)[1] == parse(lexicon, spoken(said))


def test_an_option_no_product_takes_costs_a_reading_its_lead(reference_menu: Menu) -> None:
    """ "Oat milk" on egg tarts is a sign of a mishearing: a reading that says one loses
    `UNPLACED_PENALTY` nats, so a nearly as probable reading that makes sense of it wins; yet a
    customer who did say one is heard saying it when nothing else comes close."""
    lexicon = compile_lexicon(reference_menu)
    stray = "Two egg tarts with oat milk."
    sensible = "Two egg tarts and a latte with oat milk."
    assert parse(lexicon, spoken(stray)).unplaced == ("oat-milk",)
    assert not parse(lexicon, spoken(sensible)).unplaced
    close = [(stray, -3.0), (sensible, -3.0 - UNPLACED_PENALTY / 2)]
    text, result, _ = choose_scored(close, lexicon)
    assert text == spoken(sensible)
    assert [line.id for line in result.items] == ["egg-tart", "latte"]
    far = [(stray, -3.0), (sensible, -3.0 - 2 * UNPLACED_PENALTY)]
    assert choose_scored(far, lexicon)[0] == spoken(stray)


def test_a_parse_makes_sense_when_any_of_its_readings_does(coffee: Menu) -> None:
    """Readings pool by parse, words not understood aside: the first of them has a stray word,
    the most probable says the order cleanly, and a less probable one means something else."""
    lexicon = compile_lexicon(coffee)
    readings = [
        ("A latte, a blorp.", -7.0),
        ("The latte, please.", -7.7),
        ("A latte, please.", -4.9),
    ]
    assert parse(lexicon, spoken(readings[0][0])).unmatched == ("blorp",)
    text, result, _ = choose_scored(readings, lexicon)
    assert text == "a latte please"
    assert [(line.id, line.quantity) for line in result.items] == [("latte", 1)]
    assert not result.unmatched
