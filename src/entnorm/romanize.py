"""Reading native scripts into Latin letters, before and beside unidecode.

unidecode transliterates letter by letter. For most scripts that is what romanizations do; for
some it is not how anyone writes a name: it spells Japanese kana one by one ("kashiyugaru" for
カシュガル, Kashgar), writes Hangul ㅊ as c ("ceonan" for 천안, Cheonan), keeps Thai vowels in
written order, adds a vowel to every Ethiopic consonant and drops the Arabic alif and the inherent
vowel of Indic consonants. ``romanize`` reads kana, Hangul, Thai, Ethiopic and Armenian, and
the Latin, Cyrillic and Arabic-script letters that unidecode gets wrong, by the rules of
``data/scripts.yaml`` and leaves the rest to unidecode. ``abjad_reading`` and ``indic_reading``
give vocalized readings of Arabic-script, Hebrew and Indic names, and ``abjad_latin_reading``
of abjad names romanized letter by letter in Latin, which the resolver tries beside the
letter-by-letter ones.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

from unidecode import unidecode

from ._yaml import safe_load


def _load() -> dict:
    text = resources.files("entnorm").joinpath("data/scripts.yaml").read_text("utf-8")
    return safe_load(text)


SCRIPT_DATA = _load()
#: (native spelling, its reading) pairs from ``data/scripts.yaml``, per section (tested).
EXAMPLES: dict[str, tuple[tuple[str, str], ...]] = {
    section: tuple(map(tuple, rules["examples"])) for section, rules in SCRIPT_DATA.items()
}

_KANA = SCRIPT_DATA["kana"]
_KANA_RANGE = re.compile(r"[\u3041-\u30fa\u30fc]")
_HEPBURN: dict[str, str] = _KANA["hepburn"]
_SMALL_Y: dict[str, str] = _KANA["small_y"]
_Y_ABSORBING = tuple(_KANA["y_absorbing"])
_SMALL_VOWELS: dict[str, str] = _KANA["small_vowels"]
_SOKUON = frozenset(_KANA["sokuon"])
_LONG_VOWEL = frozenset(_KANA["long_vowel"])
_VOWELS = "aiueo"


def _kana(text: str) -> str:
    syllables: list[str] = []
    double = False
    for c in text:
        last = syllables[-1] if syllables else ""
        if c in _SMALL_Y and len(last) > 1 and last.endswith("i"):
            base = last[:-1]
            syllables[-1] = base + ("" if base.endswith(_Y_ABSORBING) else "y") + _SMALL_Y[c]
        elif c in _SMALL_VOWELS and last and last[-1] in _VOWELS:
            base = last[:-1]
            vowel = _SMALL_VOWELS[c]
            # ウィ, ウェ, ウォ: a bare u before a small i, e or o is the glide w.
            syllables[-1] = ("w" if base == "" and vowel in "ieo" else base) + vowel
        elif c in _SOKUON:
            double = True
        elif c in _LONG_VOWEL:
            pass
        else:
            s = c
            if _KANA_RANGE.match(c):
                s = unidecode(c).lower()
                s = _HEPBURN.get(s, s)
                if double and s and s[0] not in _VOWELS + "n":
                    s = ("t" if s.startswith("ch") else s[0]) + s
            double = False
            syllables.append(s)
    return "".join(syllables)


_THAI = SCRIPT_DATA["thai"]
_THAI_RANGE = re.compile(r"[\u0e00-\u0e7f]")
_THAI_LEADING = frozenset(_THAI["leading_vowels"])
_THAI_CLOSER = _THAI["short_closer"]
_THAI_LETTERS = str.maketrans(_THAI["letters"])


def _is_thai_consonant(c: str) -> bool:
    return "\u0e01" <= c <= "\u0e2e"


def _thai(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c in _THAI_LEADING and i + 1 < len(text) and _is_thai_consonant(text[i + 1]):
            out += [text[i + 1], c]
            i += 2
            if text[i : i + 1] == _THAI_CLOSER:
                i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out).translate(_THAI_LETTERS)


_ETHIOPIC_RANGE = re.compile(r"[\u1200-\u1357]")
_ETHIOPIC_VOWELS: list[str] = SCRIPT_DATA["ethiopic"]["vowels"]
# The vowel each order has in Unicode's character names (HA HU HI HAA HEE HE HO).
_ETHIOPIC_NAME_VOWELS = ("A", "U", "I", "AA", "EE", "E", "O")


@lru_cache(maxsize=512)
def _ethiopic_letter(c: str) -> str:
    order = (ord(c) - 0x1200) % 8
    if order == 7:
        return c
    sixth = chr(ord(c) - order + 5)
    name = unicodedata.name(c, "").split(" ")[-1]
    sixth_name = unicodedata.name(sixth, "").split(" ")[-1]
    # Some rows (the labialized qw, kw, gw series) do not follow the seven orders: read those
    # by unidecode.
    if not sixth_name.endswith("E") or name != sixth_name[:-1] + _ETHIOPIC_NAME_VOWELS[order]:
        return c
    consonant = unidecode(sixth)
    if not consonant.endswith("e"):
        return c
    return consonant[:-1] + _ETHIOPIC_VOWELS[order]


def _ethiopic(text: str) -> str:
    return "".join(_ethiopic_letter(c) if _ETHIOPIC_RANGE.match(c) else c for c in text)


_ARMENIAN = SCRIPT_DATA["armenian"]["letters"]
_ARMENIAN_RANGE = re.compile(r"[\u0530-\u058f]")
_ARMENIAN_PATTERN = re.compile("|".join(map(re.escape, _ARMENIAN)))


def _armenian(text: str) -> str:
    return _ARMENIAN_PATTERN.sub(lambda m: _ARMENIAN[m.group()], text)


ARABIC_LETTERS: dict[str, str] = SCRIPT_DATA["arabic_letters"]["letters"]
_ARABIC_RANGE = re.compile(r"[\u0600-\u06ff]")
_ARABIC_TABLE = str.maketrans(ARABIC_LETTERS)
_UYGHUR_VOWELS = re.compile("[" + SCRIPT_DATA["arabic_letters"]["uyghur_vowels"] + "]")
_UYGHUR_TABLE = str.maketrans(ARABIC_LETTERS | SCRIPT_DATA["arabic_letters"]["uyghur_letters"])


def _arabic(text: str) -> str:
    return text.translate(_UYGHUR_TABLE if _UYGHUR_VOWELS.search(text) else _ARABIC_TABLE)


_LATIN_LETTERS: dict[str, str] = SCRIPT_DATA["latin_cyrillic_letters"]["letters"]
_LATIN_LETTERS_RANGE = re.compile("[" + "".join(_LATIN_LETTERS) + "]")
_LATIN_TABLE = str.maketrans(_LATIN_LETTERS)


def _latin(text: str) -> str:
    return text.translate(_LATIN_TABLE)


_HANGUL = SCRIPT_DATA["hangul"]
#: Runs of Hangul syllables: liaison and consonant meetings happen within a word.
_HANGUL_RANGE = re.compile(r"[\uac00-\ud7a3]+")
_SYLLABLES_PER_INITIAL = 21 * 28
_SILENT_INITIAL = _HANGUL["initials"].index("")
_CLASHES = {(final, initial): both for final, initial, both in _HANGUL["clashes"]}


def _jamo(syllable: str) -> tuple[int, int, int]:
    n = ord(syllable) - 0xAC00
    return n // _SYLLABLES_PER_INITIAL, n % _SYLLABLES_PER_INITIAL // 28, n % 28


def _hangul_word(word: str) -> str:
    jamo = [_jamo(c) for c in word]
    out: list[str] = []
    initial = _HANGUL["initials"][jamo[0][0]]
    for i, (_, medial, final) in enumerate(jamo):
        out += [initial, _HANGUL["medials"][medial]]
        following = jamo[i + 1][0] if i + 1 < len(jamo) else None
        coda = _HANGUL["finals"][final]
        if following is None:
            out.append(coda)
            break
        initial = _HANGUL["initials"][following]
        if following == _SILENT_INITIAL:
            initial = _HANGUL["linked"][final]
        elif (coda, initial) in _CLASHES:
            out.append(_CLASHES[coda, initial])
            initial = ""
        else:
            out.append(coda)
    return "".join(out)


def hangul_syllables(text: str) -> str:
    """Hangul spelt syllable by syllable in RR letters, without liaison or sound changes
    (상라오 "sangrao"; its plain key is "sangnao"): how transcriptions of foreign names are
    read, syllable for syllable. Other characters are kept."""
    return _HANGUL_RANGE.sub(
        lambda m: "".join(
            _HANGUL["initials"][i] + _HANGUL["medials"][v] + _HANGUL["finals"][f]
            for i, v, f in map(_jamo, m.group())
        ),
        text,
    )


def _hangul(text: str) -> str:
    return _HANGUL_RANGE.sub(lambda m: _hangul_word(m.group()), text)


_READERS = (
    (_LATIN_LETTERS_RANGE, _latin),
    (_HANGUL_RANGE, _hangul),
    (_KANA_RANGE, _kana),
    (_THAI_RANGE, _thai),
    (_ETHIOPIC_RANGE, _ethiopic),
    (_ARMENIAN_RANGE, _armenian),
    (_ARABIC_RANGE, _arabic),
)


#: Letters of the East Asian scripts, which say how a person's name is ordered.
HANGUL_LETTERS = re.compile(r"[\u1100-\u11ff\uac00-\ud7a3]")
HAN_LETTERS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
KANA_LETTERS = re.compile(r"[\u3040-\u30ff]")


def is_latin(name: str) -> bool:
    """Whether every letter of a name is a Latin letter (with or without diacritics)."""
    return all("LATIN" in unicodedata.name(c, "") for c in name if c.isalpha())


def romanize(name: str) -> str:
    """A name in Latin letters: kana, Hangul, Thai, Ethiopic, Armenian and some Latin, Cyrillic and
    Arabic-script letters read by the rules of ``data/scripts.yaml``, then unidecode."""
    if name.isascii():
        return name
    for script, read in _READERS:
        if script.search(name):
            name = read(name)
    return unidecode(name)
