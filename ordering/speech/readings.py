"""Hold what Whisper heard to the menu: menu-consistent readings near its N best, scored
against the audio.

Whisper's mistakes on real orders are near misses the menu can repair ("Ice Melco" for "iced
mocha", "60-nounce" for "sixteen ounce"). Wherever one to three words of a reading sound close
to a name or alias of the feed without being one, the name is put in their place; each new
reading is scored against the same audio by forced decoding, anchored on the beam score of the
reading it came from (forced decoding gives no end-of-text probability; the beam does). A
content word no name of the feed uses costs `UNKNOWN_PENALTY` nats, so that a menu-shaped
reading beats a near miss Whisper only slightly preferred. All vocabulary is the feed's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from menu.model import Aliases, Combo, Item, Language, Localized, Menu
from ordering.speech.corpus import spoken
from ordering.speech.recognizer import Transcription
from ordering.understanding.english import article
from ordering.understanding.numbers import NUMBER_WORDS
from ordering.understanding.vocabulary import ARTICLES

MAX_SPAN = 3  # words a substitution replaces, at most
CLOSE = 0.40  # sound distance over the longer key's length, at most
PER_SPAN = 2  # closest names tried per span
MAX_READINGS = 12  # substituted readings scored per clip, at most
BASES = 2  # distinct N-best readings substitutions start from
UNKNOWN_PENALTY = 4.0  # nats per content word no name of the feed uses
# Nats a reading gains when the second ear proposed it (`ordering.speech.whisper`): it wins
# when Whisper scores it within this of Whisper's own best. Measured in one run, 120 real clips
# each of clean and kitchen-24, 60 espeak-ng clips each of clean-us, clean-gb and noise5:
# Whisper alone 0.983, 0.967; 0.817, 0.767, 0.517. Bonus 0: 0.992, 0.967; 0.850, 0.800, 0.733.
# 5: 0.992, 0.967; 0.867, 0.850, 0.817. 8: 0.983, 0.967; 0.917, 0.867, 0.817. 10: 0.958,
# 0.942; 0.917, 0.883, 0.817 (real orders lost to the second ear's "a lot" for "large").
SECOND_EAR_BONUS = 8.0
# Words a substitution may not swallow alone: they carry the sentence, not the menu.
FUNCTION_WORDS = (
    frozenset(
        "a an the i i'd id i'll ill i'm im me my can could get give make brew pour order want "
        "wanna would like please and with of to for in on at it is be just also one that this may "
        "might need have has had will do let us we you your yes no thanks thank but or so um uh "
        "oh okay ok hi hello hey".split()
    )
    | NUMBER_WORDS
)  # numbers count things; they never name them
_VOWELS = frozenset("aeiouy")
_TOKEN = re.compile(r"[^\s\-]+")
_EDGE = re.compile(r"^([^\w']*)(.*?)([^\w']*)$")


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def sound_key(text: str) -> str:
    """Spelling folded towards sound, the same on both sides: enough for near misses."""
    key = re.sub(r"[^a-z]", "", text.lower())
    for spelt, sound in (
        ("tch", "ch"), ("ph", "f"), ("ck", "k"), ("qu", "kw"), ("x", "ks"), ("ce", "se"),
        ("ci", "si"), ("cy", "sy"), ("c", "k"), ("q", "k"), ("z", "s"), ("wh", "w"),
        ("kh", "k"), ("gh", "g"),
    ):  # fmt: skip
        key = key.replace(spelt, sound)
    return re.sub(r"(.)\1+", r"\1", key)


@lru_cache(maxsize=200_000)
def sound_distance(one: str, other: str) -> float:
    """Levenshtein over sound keys; vowels cost half (accents and noise blur them most)."""

    def weight(letter: str) -> float:
        return 0.5 if letter in _VOWELS else 1.0

    previous = [0.0]
    for letter in other:
        previous.append(previous[-1] + weight(letter))
    for a in one:
        current = [previous[0] + weight(a)]
        for j, b in enumerate(other, 1):
            swap = 0.0 if a == b else (0.5 if a in _VOWELS and b in _VOWELS else 1.0)
            current.append(
                min(previous[j] + weight(a), current[j - 1] + weight(b), previous[j - 1] + swap)
            )
        previous = current
    return previous[-1]


def _new_words_only(groups: Sequence[Sequence[str]]) -> list[list[str]]:
    """Option names that add a word the earlier ones did not say: the prompt is Whisper's
    vocabulary, and its room (half the decoder's 448 positions) is better spent on every
    word once than on "A little skim milk, Some skim milk, Lots of skim milk" for each milk."""
    said: set[str] = set()
    kept: list[list[str]] = []
    for names in groups:
        kept.append([])
        for name in names:
            words = set(spoken(name).split()) or {name}  # a Chinese name is one "word"
            if not words <= said:
                kept[-1].append(name)
                said |= words
    return kept


def ordered(names: Sequence[str], language: Language) -> list[str]:
    """English names as a customer orders them, each with its article ("A Latte, an
    Americano"): the prompt sets the style Whisper writes in, and a bare list of names taught
    it to write bare names, dropping the unstressed "a" that says how many. Measured on
    espeak-ng's voices, 60 clips each, clean-us / clean-gb: bare names 0.617 / 0.450, with
    articles 0.833 / 0.750, with "I'd like" before them 0.817 / 0.717. Other languages keep
    the bare names."""
    if language != "en" or not names:
        return list(names)
    with_articles = [f"{article(name.lower())} {name}" for name in names]
    return [with_articles[0][:1].upper() + with_articles[0][1:], *with_articles[1:]]


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str  # as the feed writes it
    words: str  # as spoken (`ordering.speech.corpus.spoken`)
    key: str  # sound key of the words


@dataclass(frozen=True, slots=True)
class MenuWords:
    """The names and aliases of a feed's products and options in one language, for the
    decoder's prompt and for the readings."""

    prompt: str
    phrases: tuple[Phrase, ...]
    known: frozenset[str]

    @classmethod
    def of(cls, menu: Menu, language: Language = "en") -> MenuWords:
        products: list[Item | Combo] = [*menu.items, *menu.combos]
        used = list(menu.modifier_groups)
        names = [product.name.get(language) for product in products]
        option_names = _new_words_only([[o.name.get(language) for o in g.options] for g in used])
        prompt = " ".join(
            ", ".join(part) + "." for part in [ordered(names, language), *option_names] if part
        )  # "A Latte, a Mocha, ... . Small, Medium, Large. ..."
        named: list[tuple[Localized, Aliases]] = [(p.name, p.aliases) for p in products]
        named += [(o.name, o.aliases) for group in used for o in group.options]
        texts: list[str] = []
        for name, aliases in named:
            texts.extend([name.get(language), *(aliases.en if language == "en" else aliases.zh)])
        phrases: dict[str, Phrase] = {}
        for text in texts:
            words = spoken(text)
            if words and len(words.split()) <= MAX_SPAN and words not in phrases:
                phrases[words] = Phrase(text, words, sound_key(words))
        known = {word for text in texts for word in spoken(text).split()}
        known |= {_singular(word) for word in known}
        return cls(prompt, tuple(phrases.values()), frozenset(known))

    def unknown_words(self, text: str) -> int:
        """Content words of `text` that no name or alias of the feed uses."""
        return sum(
            1
            for word in spoken(text).split()
            if word not in FUNCTION_WORDS and word not in self.known
            and _singular(word) not in self.known
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Substitution:
    closeness: float
    start: int
    end: int
    replacement: str


def _cased(phrase: str, like: str) -> str:
    """The phrase cased like the words it replaces (Whisper's scores depend on orthography)."""
    core = _EDGE.match(like)
    if core is not None and core.group(2)[:1].isupper():
        return " ".join(word[:1].upper() + word[1:] for word in phrase.split())
    return phrase.lower()


def substitutions(text: str, words: MenuWords) -> list[Substitution]:
    """Spans of `text` that sound like a feed phrase without being it: a span holds a word the
    feed does not know (the near miss), is not only function words, and crosses no
    punctuation; a phrase whose words are a strict subset of the span's does not shorten it."""
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    plain = [spoken(token) for _, _, token in tokens]
    exact = {phrase.words for phrase in words.phrases}
    found: list[Substitution] = []
    for i in range(len(tokens)):
        for j in range(i + 1, min(len(tokens), i + MAX_SPAN) + 1):
            span = " ".join(word for word in plain[i:j] if word).split()
            if not span or " ".join(span) in exact or all(w in FUNCTION_WORDS for w in span):
                continue
            if not any(w not in words.known and w not in FUNCTION_WORDS for w in span):
                continue
            if any(re.search(r"[,.;:!?]$", tokens[k][2]) for k in range(i, j - 1)):
                continue
            key = sound_key(" ".join(span))
            if len(key) < 3:
                continue
            near: list[tuple[float, Phrase]] = []
            for phrase in words.phrases:
                longer = max(len(phrase.key), len(key))
                if abs(len(phrase.key) - len(key)) > CLOSE * longer + 1:
                    continue
                if set(phrase.words.split()) < set(span):
                    continue
                distance = sound_distance(key, phrase.key) / longer
                if distance <= CLOSE:
                    near.append((distance, phrase))
            near.sort(key=lambda pair: pair[0])
            for distance, phrase in near[:PER_SPAN]:
                first, last = _EDGE.match(tokens[i][2]), _EDGE.match(tokens[j - 1][2])
                start = tokens[i][0] + (len(first.group(1)) if first else 0)
                end = tokens[j - 1][1] - (len(last.group(3)) if last else 0)
                found.append(
                    Substitution(distance, start, end, _cased(phrase.text, text[start:end]))
                )
    return found


@dataclass(frozen=True, slots=True)
class Candidate:
    text: str
    base: int  # rank of the N-best reading it came from
    closeness: float  # 0 for the N-best readings themselves


def near_readings(alternatives: Sequence[str], words: MenuWords) -> list[Candidate]:
    """Menu-consistent readings near the first `BASES` distinct readings, closest first: one
    per substitution, and all the best non-overlapping ones at once (two near misses)."""
    seen = set(alternatives)
    bases: list[int] = []
    for rank, text in enumerate(alternatives):
        if all(spoken(text) != spoken(alternatives[other]) for other in bases):
            bases.append(rank)
    made: list[Candidate] = []
    for rank in bases[:BASES]:
        text = alternatives[rank]
        found = substitutions(text, words)
        made.extend(
            Candidate(text[: s.start] + s.replacement + text[s.end :], rank, s.closeness)
            for s in found
        )
        chosen: list[Substitution] = []
        for s in sorted(found, key=lambda s: s.closeness):
            if all(s.end <= c.start or s.start >= c.end for c in chosen):
                chosen.append(s)
        if len(chosen) > 1:
            joined = text
            for s in sorted(chosen, key=lambda s: s.start, reverse=True):
                joined = joined[: s.start] + s.replacement + joined[s.end :]
            made.append(Candidate(joined, rank, 0.1 * len(chosen)))
    made.sort(key=lambda candidate: candidate.closeness)
    kept: list[Candidate] = []
    for candidate in made:
        if candidate.text not in seen and len(kept) < MAX_READINGS:
            seen.add(candidate.text)
            kept.append(candidate)
    return kept


def scored_readings(heard: Transcription, words: MenuWords) -> list[tuple[str, float]]:
    """Every reading worth parsing, with its log probability given the audio (less the cost
    of words the feed does not know): the N best, and the menu-consistent ones near them."""
    texts = list(heard.alternatives)
    scores = list(heard.scores)
    nearby = near_readings(texts, words) if heard.rescore is not None else []
    if nearby and heard.rescore is not None:
        bases = sorted({candidate.base for candidate in nearby})
        forced = heard.rescore([texts[rank] for rank in bases] + [c.text for c in nearby])
        anchor = {rank: scores[rank] - score for rank, score in zip(bases, forced, strict=False)}
        for candidate, score in zip(nearby, forced[len(bases) :], strict=True):
            texts.append(candidate.text)
            scores.append(score + anchor[candidate.base])
    return [
        (text, score - UNKNOWN_PENALTY * words.unknown_words(text))
        for text, score in zip(texts, scores, strict=True)
    ]


def proposed_readings(
    heard: Transcription, words: MenuWords, proposed: Sequence[str]
) -> list[tuple[str, float]]:
    """Readings a second ear proposed (`ordering.speech.whisper`), scored like the others:
    each is forced against the audio and anchored on the first of Whisper's N best (`heard`,
    before its readings were held to the menu), less the cost of words the feed does not know,
    plus `SECOND_EAR_BONUS`. A proposal Whisper already wrote (the same words) takes that
    reading's score, without a forced pass."""
    if heard.rescore is None or not heard.alternatives or not proposed:
        return []  # nothing to score them against
    said: dict[str, float] = {}
    for text, score in zip(heard.alternatives, heard.scores, strict=True):
        said.setdefault(spoken(text), score)
    first = heard.alternatives[0]
    new = [cased_like(text, first) for text in proposed if spoken(text) not in said]
    raw = {spoken(text): said[spoken(text)] for text in proposed if spoken(text) in said}
    if new:
        raw |= {spoken(text): score for text, score in zip(new, anchored(heard, new), strict=True)}
    return [
        (text, raw[spoken(text)] + SECOND_EAR_BONUS - UNKNOWN_PENALTY * words.unknown_words(text))
        for text in (cased_like(text, first) for text in proposed)
    ]


def article_swaps(text: str) -> list[str]:
    """The text with one article swapped, for each article it says: "a"/"an" for "the" and
    "the" for "a"/"an". The article is the shortest, least stressed word of an order, and both
    ears mishear it most (the second ear's language model leans to "a"), yet it says how many:
    "a latte" is one, "the latte" leaves the quantity unsaid. Measured with the swaps among
    the second ear's proposals (`score.py audio`, docs/benchmarks.md): espeak-ng clean-us
    0.917 → 0.933, clean-gb 0.850 → 0.867, noise5 0.800 → 0.833, the real recordings the same
    in every condition. Dropping the article as a third variant lost right "a"s."""
    words = text.split(" ")
    swaps: list[str] = []
    for index, word in enumerate(words):
        lowered = word.lower()
        if lowered == "the":
            following = words[index + 1] if index + 1 < len(words) else ""
            swap = article(following.lower()) if following else ""
        elif lowered in ARTICLES:
            swap = "the"
        else:
            continue
        if swap:
            swap = swap.capitalize() if word[:1].isupper() else swap
            swaps.append(" ".join([*words[:index], swap, *words[index + 1 :]]))
    return swaps


def anchored(heard: Transcription, texts: Sequence[str]) -> list[float]:
    """Log probabilities of `texts` given the audio, comparable with the beam's: forced
    scores (which have no end of text) shifted by the first reading's beam score less its
    forced score."""
    assert heard.rescore is not None and heard.alternatives
    forced = heard.rescore([heard.alternatives[0], *texts])
    return [score + heard.scores[0] - forced[0] for score in forced[1:]]


def cased_like(text: str, reading: str) -> str:
    """A text written the way the recogniser wrote its reading (capital, full stop, "I" for
    "i"): Whisper's probabilities depend on orthography."""
    if reading[:1].isupper():
        text = re.sub(r"\bi\b", "I", text)
        text = text[:1].upper() + text[1:]
    if reading.rstrip().endswith(".") and not text.endswith("."):
        text += "."
    return text
