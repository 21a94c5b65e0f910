"""Pronunciations (ARPAbet, as PocketSphinx dictionaries spell them) for words a dictionary lacks.

espeak-ng, when installed, says how a word sounds in IPA; `ipa_to_arpabet` maps that to ARPAbet.
Without espeak-ng a small letter-to-sound rule set gives a usable guess.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable

# IPA (as espeak-ng writes it for en-us) to ARPAbet; longest symbols are tried first.
# fmt: off
_IPA = {
    "tʃ": "CH", "dʒ": "JH", "eɪ": "EY", "aɪ": "AY", "aʊ": "AW", "ɔɪ": "OY", "oʊ": "OW",
    "əʊ": "OW", "ɪə": "IH R", "ɛə": "EH R", "ʊə": "UH R", "iː": "IY", "uː": "UW", "ɑː": "AA",
    "ɔː": "AO", "ɜː": "ER", "oː": "OW", "aː": "AA", "ɚ": "ER", "ɝ": "ER",
    "p": "P", "b": "B", "t": "T", "d": "D", "k": "K", "ɡ": "G", "g": "G", "f": "F", "v": "V",
    "θ": "TH", "ð": "DH", "s": "S", "z": "Z", "ʃ": "SH", "ʒ": "ZH", "h": "HH", "m": "M",
    "n": "N", "ŋ": "NG", "l": "L", "ɹ": "R", "r": "R", "j": "Y", "w": "W", "ɾ": "D",
    "i": "IY", "ɪ": "IH", "e": "EH", "ɛ": "EH", "æ": "AE", "ɑ": "AA", "ɒ": "AA", "ɔ": "AO",
    "o": "OW", "ʊ": "UH", "u": "UW", "ʌ": "AH", "ə": "AH", "ɐ": "AH", "ᵻ": "IH", "a": "AE",
    "ɬ": "L", "x": "K", "ç": "HH", "ʔ": "T",  # en-us espeak writes a glottal t ("button")
}
# fmt: on
_IPA_KEYS = sorted(_IPA, key=len, reverse=True)
_IGNORED = set("ˈˌː.ˑ-_ \u0303\u0329")
_SYLLABIC = re.compile("([nlmɹ])\u0329")

# Letter-to-sound fallback: digraphs first, then single letters.
# fmt: off
_LETTERS = {
    "tch": "CH", "sch": "SH K", "ch": "CH", "sh": "SH", "th": "TH", "ph": "F", "ng": "NG",
    "ck": "K", "qu": "K W", "ee": "IY", "ea": "IY", "oo": "UW", "ou": "AW", "ow": "OW",
    "ai": "EY", "ay": "EY", "oa": "OW", "oi": "OY", "oy": "OY", "ie": "IY", "au": "AO",
    "a": "AE", "b": "B", "c": "K", "d": "D", "e": "EH", "f": "F", "g": "G", "h": "HH", "i": "IH",
    "j": "JH", "k": "K", "l": "L", "m": "M", "n": "N", "o": "AA", "p": "P", "q": "K", "r": "R",
    "s": "S", "t": "T", "u": "AH", "v": "V", "w": "W", "x": "K S", "y": "Y", "z": "Z",
}
# fmt: on
_LETTER_KEYS = sorted(_LETTERS, key=len, reverse=True)


def ipa_to_arpabet(ipa: str) -> str:
    """`"kəndʒˈiː"` → `"K AH N JH IY"`; symbols it does not know are dropped."""
    ipa = _SYLLABIC.sub(r"ə\1", ipa)  # "n̩" is a whole syllable: "AH N"
    phones: list[str] = []
    position = 0
    while position < len(ipa):
        if ipa[position] in _IGNORED:
            position += 1
            continue
        for key in _IPA_KEYS:
            if ipa.startswith(key, position):
                if _IPA[key]:
                    phones.extend(_IPA[key].split())
                position += len(key)
                break
        else:
            position += 1
    return " ".join(phones)


def letters_to_arpabet(word: str) -> str:
    """A rough guess from spelling alone, for machines without espeak-ng."""
    letters = re.sub(r"[^a-z]", "", word.lower())
    phones: list[str] = []
    position = 0
    while position < len(letters):
        for key in _LETTER_KEYS:
            if letters.startswith(key, position):
                phones.extend(_LETTERS[key].split())
                position += len(key)
                break
        else:
            position += 1
    if letters.endswith("e") and len(phones) > 2 and phones[-1] == "EH":
        phones.pop()  # a silent final e
    return " ".join(phones)


def espeak_available() -> bool:
    return shutil.which("espeak-ng") is not None


def pronounce(words: Iterable[str], *, voice: str = "en-us") -> dict[str, str]:
    """ARPAbet for each word: from espeak-ng when available (one call for all), else letters."""
    words = [word for word in dict.fromkeys(words) if re.search(r"[a-z]", word)]
    spoken = espeak_pronunciations(words, voice=voice)
    return {word: spoken.get(word) or letters_to_arpabet(word) for word in words}


def espeak_pronunciations(words: Iterable[str], *, voice: str) -> dict[str, str]:
    """ARPAbet for each word as espeak-ng says it in `voice` (an accent such as en-gb), in one
    call; empty when espeak-ng is missing or fails."""
    words = [word for word in dict.fromkeys(words) if re.search(r"[a-z]", word)]
    if not words or not espeak_available():
        return {}
    result = subprocess.run(
        ["espeak-ng", "-q", "--ipa", "-v", voice],
        input="\n".join(word.replace("'", "") for word in words).encode("utf-8"),
        capture_output=True,
        check=False,
        timeout=60,
    )
    lines = result.stdout.decode("utf-8", errors="replace").splitlines()
    lines = [line.strip() for line in lines if line.strip()]
    if result.returncode != 0 or len(lines) != len(words):
        return {}
    pronounced = {word: ipa_to_arpabet(ipa) for word, ipa in zip(words, lines, strict=True)}
    return {word: phones for word, phones in pronounced.items() if phones}
