from menu.model import Menu
from ordering.speech.corpus import (
    corpus,
    number_words,
    off_menu_foods,
    plural,
    spoken,
    vocabulary,
)
from ordering.speech.pronounce import ipa_to_arpabet, letters_to_arpabet, pronounce


def test_ipa_maps_to_arpabet() -> None:
    assert ipa_to_arpabet("kəndʒˈiː") == "K AH N JH IY"
    assert ipa_to_arpabet("tʃˈiːz") == "CH IY Z"


def test_letters_give_a_guess_without_espeak() -> None:
    assert letters_to_arpabet("congee") == "K AA NG IY"
    assert letters_to_arpabet("chip") == "CH IH P"
    assert letters_to_arpabet("plate") == "P L AE T"  # a silent final e


def test_espeak_pronounces_words_the_dictionary_lacks() -> None:
    phones = pronounce(["youtiao", "congee"])
    assert phones["congee"] == "K AH N JH IY"
    assert phones["youtiao"].startswith("Y UW")


def test_spoken_form_is_what_a_recogniser_writes() -> None:
    assert spoken("Two Egg-Tarts, & 1 Latte!") == "two egg tarts and one latte"
    assert number_words(42) == "forty two"
    assert number_words(25) == "twenty five" and number_words(20) == "twenty"
    assert plural("egg tart") == "egg tarts" and plural("hash brown") == "hash browns"
    assert plural("fries") == "fries" and plural("berry") == "berries"
    assert plural("glass") == "glasses"


def test_corpus_is_deterministic_and_covers_every_name(reference_menu: Menu) -> None:
    first, second = corpus(reference_menu, sentences=500), corpus(reference_menu, sentences=500)
    assert first == second
    words = set(vocabulary(first))
    for product in reference_menu.products():
        assert set(spoken(product.name.en).split()) <= words


def test_corpus_words_come_from_the_feed_or_generic_english(
    reference_menu: Menu, second_feed_menu: Menu
) -> None:
    reference_only = set(vocabulary(corpus(reference_menu, sentences=300))) - set(
        vocabulary(corpus(second_feed_menu, sentences=3000))
    )
    feed_words = (
        {
            word
            for product in reference_menu.products()
            for text in (product.name.en, *product.aliases.en)
            for word in spoken(text).split()
        }
        | {
            word
            for group in reference_menu.modifier_groups
            for option in group.options
            for text in (option.name.en, *option.aliases.en)
            for word in spoken(text).split()
        }
        | {word for c in reference_menu.categories for word in spoken(c.name.en).split()}
    )
    feed_words |= {plural(word) for word in feed_words}
    generic_foods = {word for food in off_menu_foods() for word in food.split()}
    assert reference_only <= feed_words | generic_foods


def test_corpus_orders_food_the_menu_lacks_so_the_recogniser_can_hear_it(
    reference_menu: Menu,
) -> None:
    foods = off_menu_foods()
    assert len(foods) > 100
    assert all(food and not food.startswith("#") and food == spoken(food) for food in foods)
    text = "\n".join(corpus(reference_menu, sentences=3000))
    heard = [food for food in foods if f"a {food}\n" in text or f" {food} " in text]
    assert len(heard) > 20


def test_glottal_and_syllabic_consonants_keep_their_sounds() -> None:
    assert ipa_to_arpabet("ʌnswˈiːʔn̩d") == "AH N S W IY T AH N D"  # "unsweetened"
    assert ipa_to_arpabet("bˈʌʔn̩") == "B AH T AH N"  # "button"


def test_corpus_speaks_every_intent_and_uses_articles_well(reference_menu: Menu) -> None:
    sentences = corpus(reference_menu, sentences=3000)
    text = "\n".join(sentences)
    for cue in (
        "remove the",
        "instead of",
        "make it",
        "how much",
        "pay by card",
        "that's all",
        "cancel my order",
        "nearest store",
        "repeat",
        "help",
        "what do you have",
    ):
        assert cue in text, cue
    assert not any(" an latte" in f" {s}" or " a americano" in f" {s}" for s in sentences)
