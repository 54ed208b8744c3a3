"""Readings: the other spellings of a name that the resolver tries beside it.

A name written in another romanization system, or in a script whose vowels are not written, is
*read* into the spelling that the tables more likely list:

- Wade-Giles syllables into pinyin ("Kuang-chou-shih" -> "guang zhou shi");
- Slavic Latin orthographies into English ("Macujama" -> "matsuyama");
- Chinese postal romanization into pinyin ("Kiaochow" -> "jiaozhou");
- Chinese names in Russian (Palladius, Cyrillic or romanized), Czech or Korean into pinyin
  ("Хуэйчжоу", "Kchun-šan" -> "huizhou", "kun shan");
- Arabic-script, Hebrew and Indic names with their vowels ("أوساكا" -> "usaka"), and abjad
  names romanized letter by letter ("fwkwyama" -> "fukuyama");
- names without a Lithuanian case ending or a joined designator ("Adenas" -> "aden").

Every system's rules are data (``data/folding.yaml`` and ``data/scripts.yaml``), each with
example pairs that the tests check. ``readings`` gives them all for one name.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache, lru_cache

from unidecode import unidecode

from .keys import (
    APOSTROPHES,
    FOLDING_DATA,
    KOREAN_SURNAMES,
    PINYIN_SYLLABLES,
    is_pinyin,
    korean_name_key,
    plain,
)
from .romanize import ARABIC_LETTERS, HAN_LETTERS, SCRIPT_DATA, hangul_syllables, romanize


def _longest_first(groups: Iterable[str]) -> re.Pattern[str]:
    """A pattern matching any of the letter groups, the longest where several start alike
    ("shch" before "sh"), as a table of spellings is read."""
    return re.compile("|".join(map(re.escape, sorted(groups, key=len, reverse=True))))


_VOWELS = "aiueo"

_WG = FOLDING_DATA["wade_giles"]
_WG_WHOLE: dict[str, str] = _WG["whole"]
_WG_INITIALS = sorted(
    ((i["wg"], i["pinyin"], i.get("palatal", i["pinyin"])) for i in _WG["initials"]),
    key=lambda i: -len(i[0]),
)
_WG_FINALS = sorted(_WG["finals"].items(), key=lambda f: -len(f[0]))
_WG_O_AS_E, _WG_O_AS_UO = frozenset(_WG["o_as_e"]), frozenset(_WG["o_as_uo"])
#: Wade-Giles spellings with their pinyin reading (tested).
WADE_GILES_EXAMPLES: tuple[tuple[str, str], ...] = tuple(map(tuple, _WG["examples"]))
_WADE_GILES_MARK = re.compile(r"[a-z]-[a-z]|[a-z]'|[üŭê]")
_SYLLABLE_BREAK = re.compile(r"[\s\-\u2010\u2011]+")


def _wade_giles_syllable(syllable: str) -> str | None:
    if syllable in _WG_WHOLE:
        return _WG_WHOLE[syllable]
    initial = palatal = ""
    final = syllable
    for wg, pinyin, palatal_pinyin in _WG_INITIALS:
        if syllable.startswith(wg):
            initial, palatal, final = pinyin, palatal_pinyin, syllable[len(wg) :]
            break
    if final[:1] in ("i", "ü"):
        initial = palatal
    for wg, pinyin in _WG_FINALS:
        if final.endswith(wg):
            final = final[: len(final) - len(wg)] + pinyin
            break
    if final == "o" and initial in _WG_O_AS_E:
        final = "e"
    elif final == "o" and initial in _WG_O_AS_UO:
        final = "uo"
    reading = initial + final
    return reading if reading in PINYIN_SYLLABLES else None


#: Initials that Wade-Giles aspirates with an apostrophe ("p'ing" is ping, "ping" bing).
_WG_ASPIRABLE = ("ch", "ts", "tz", "k", "p", "t")
#: At most this many readings of a name written without its aspiration marks.
WG_UNMARKED_READINGS = 8


@lru_cache(maxsize=65536)
def wade_giles_readings(name: str) -> tuple[str, ...]:
    """The pinyin readings of a name in Wade-Giles: ``wade_giles_reading``, and, when the name
    carries no apostrophe at all, the readings with one or more unmarked initials read as
    aspirated: writers and transliterations drop the marks ("Hsi Chin-ping" is "xi jin ping",
    not only "xi jin bing"; "Li Ko-chiang" is "li ke qiang"). At most
    ``WG_UNMARKED_READINGS``, the marked reading first. The resolver meets the others with its
    exact stages only (``unmarked_readings``): scored, they matched look-alikes ("Ta-yeh" read
    "ta ye" came close to Taipei)."""
    first = wade_giles_reading(name)
    if first is None or "'" in APOSTROPHES.sub("'", name):
        return (first,) if first else ()
    text = unicodedata.normalize("NFKC", name).casefold()
    choices: list[list[str]] = []
    for part in (p for p in _SYLLABLE_BREAK.split(text) if p):
        options = [part]
        initial = next((i for i in _WG_ASPIRABLE if part.startswith(i)), None)
        if initial:
            options.append(f"{initial}'{part[len(initial) :]}")
        choices.append(options)
    # Each syllable's readings first, then their combinations in order until enough are found:
    # a long name has exponentially many.
    read = [[r for o in options if (r := _wade_giles_syllable(o))] for options in choices]
    found: dict[str, None] = {}
    for combination in itertools.product(*read):
        found[" ".join(combination)] = None
        if len(found) == WG_UNMARKED_READINGS:
            break
    return tuple(found)


def unmarked_readings(name: str) -> tuple[str, ...]:
    """The readings of a Wade-Giles name without its aspiration marks beyond ``readings``'
    (``wade_giles_readings`` but its first): for the exact stages only."""
    return wade_giles_readings(name)[1:]


@lru_cache(maxsize=65536)
def wade_giles_reading(name: str) -> str | None:
    """The pinyin reading of a name written in Wade-Giles syllables, or None.

    Only names of two or more parts that are all Wade-Giles syllables are read
    ("Kuang-chou-shih" -> "guang zhou shi"): a single word could be any language's. The parts
    must be hyphenated or carry a mark that pinyin does not use (an apostrophe of aspiration,
    ü, ŭ, ê): "Li Peng" is pinyin, and reading it as Wade-Giles would make it "li beng".
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    text = APOSTROPHES.sub("'", text)
    if not _WADE_GILES_MARK.search(text):
        return None
    parts = [p for p in _SYLLABLE_BREAK.split(text) if p]
    if len(parts) < 2:
        return None
    readings = []
    for part in parts:
        # Keep the diaeresis (ü is not u in Wade-Giles) and the breve (ŭ), drop other marks.
        bare = "".join(
            c for c in unicodedata.normalize("NFD", part)
            if unicodedata.category(c) != "Mn" or c in "\u0308\u0306"
        )  # fmt: skip
        reading = _wade_giles_syllable(unicodedata.normalize("NFC", bare))
        if reading is None:
            return None
        readings.append(reading)
    return " ".join(readings)


_SLAVIC = FOLDING_DATA["slavic_latin"]
_SLAVIC_LETTERS: dict[str, str] = _SLAVIC["letters"]
_SLAVIC_KEEP_BEFORE_H = frozenset(_SLAVIC["keep_before_h"])
_SLAVIC_PATTERN = _longest_first(_SLAVIC_LETTERS)
#: Letters that only a Slavic Latin orthography writes.
_SLAVIC_MARK = re.compile(r"dz|cz|sz|rz|[čšžżźśćťďň]")
_NOT_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\u2018\u2019\u02bc\u02bb]")
#: Slavic Latin spellings with their English reading (tested).
SLAVIC_EXAMPLES: tuple[tuple[str, str], ...] = tuple(map(tuple, _SLAVIC["examples"]))


def _slavic_letter(m: re.Match[str]) -> str:
    letters = m.group()
    if letters in _SLAVIC_KEEP_BEFORE_H and m.string[m.end() : m.end() + 1] == "h":
        return letters
    return _SLAVIC_LETTERS[letters]


@lru_cache(maxsize=65536)
def slavic_reading(name: str) -> str | None:
    """The English reading of a name in a Slavic Latin orthography ("Macujama" ->
    "matsuyama"), or None when the name has none of its letters or is not in Latin script.
    A Korean name is read only with a mark of Slavic spelling (``_SLAVIC_MARK``).

    An unaccented name that reads as pinyin has none either: pinyin j and c are not y and ts,
    and reading them so made "Xinjiang" Xinyang and "Hu Jintao" Qingdao.
    """
    text = unicodedata.normalize("NFC", name).casefold()
    if _NOT_LATIN.search(text) or (text.isascii() and is_pinyin(plain(name))):
        return None
    # A Korean name's j is English j unless the name spells as Polish or Czech: read so, "Kim
    # Jong-il" was a listed Kim Yong-il.
    if korean_name_key(plain(name)) and not _SLAVIC_MARK.search(text):
        return None
    reading = _SLAVIC_PATTERN.sub(_slavic_letter, text)
    return reading if reading != text else None


_LABIALS = frozenset("bpmf")


class _SyllableSystem:
    """A romanization of Chinese that spells syllable for syllable, read back into pinyin.

    Its table of every pinyin syllable's spelling is built from the pinyin syllables by the
    system's initials and finals (``data/folding.yaml``); a word is read when all of it splits
    into the system's syllables, fewest first. A spelling of two pinyin syllables (Korean 장 is
    jiang and zhang) gives a reading for each, up to ``MAX_READINGS``.
    """

    def __init__(self, rules: dict) -> None:
        self.rules = rules
        self.marks = re.compile("|".join(rules["marks"]))
        self.examples: tuple[tuple[str, str], ...] = tuple(map(tuple, rules["examples"]))
        table: dict[str, list[str]] = {}
        # The syllable list spells ü after j, q, x both with u and with v (jue, jve): one reading,
        # in the standard u-spelling.
        for syllable in sorted(PINYIN_SYLLABLES):
            for written in self._write(syllable):
                options = table.setdefault(written, [])
                if syllable.replace("v", "u") not in options:
                    options.append(syllable.replace("v", "u"))
        self.table = {written: tuple(options) for written, options in table.items()}
        self.longest = max(map(len, table))

    def _write(self, syllable: str) -> list[str]:
        rules = self.rules
        if syllable in rules["whole"]:
            return [rules["whole"][syllable]]
        initial = next((i for i in ("zh", "ch", "sh") if syllable.startswith(i)), syllable[:1])
        if initial not in rules["initials"]:
            initial = ""
        final = syllable[len(initial) :].replace("v", "u")
        if initial and final in ("o", "uo") and (final == "o") != (initial in _LABIALS):
            # The syllable list pairs every initial with o and uo; pinyin writes o after b, p,
            # m, f (bo, mo) and uo after the others (duo, luo): Palladius ло is luo, not lo.
            return []
        if initial in ("j", "q", "x") and final.startswith("u"):
            written = rules["palatal_u"].get(final)
        elif final == "i" and initial in ("z", "c", "s", "zh", "ch", "sh", "r"):
            kind = "dental_i" if len(initial) == 1 and initial != "r" else "retroflex_i"
            written = rules.get(kind, rules["finals"]["i"])
        elif initial in rules.get("glideless_after", ()) and final in rules["glideless"]:
            written = rules["glideless"][final]
        else:
            written = rules["finals"].get(final)
        if written is None:
            return []
        spellings = rules["initials"].get(initial, "")
        return [i + written for i in ([spellings] if isinstance(spellings, str) else spellings)]

    def split(self, word: str) -> list[tuple[str, ...]] | None:
        """The pinyin syllables of a word, each with its alternatives, or None when it does not
        split into syllables."""
        # Fewest syllables: "хуэй" is hui, not hu + ei; "чжоу" zhou, not zhuo + wu.
        best: list[list[tuple[str, ...]] | None] = [[]] + [None] * len(word)
        for i in range(len(word)):
            here = best[i]
            if here is None:
                continue
            if word[i] in self.rules.get("separators", ""):
                if best[i + 1] is None:
                    best[i + 1] = here
                continue
            for j in range(i + 1, min(len(word), i + self.longest) + 1):
                pinyin = self.table.get(word[i:j])
                known = best[j]
                if pinyin is not None and (known is None or len(here) + 1 < len(known)):
                    best[j] = [*here, pinyin]
        return best[-1]

    def read(self, text: str) -> tuple[str, ...]:
        """The pinyin readings of a name in this system's letters: none when a word does not
        split into syllables or the name has only one ("Khan" is not han)."""
        words = [self.split(w) for w in _SYLLABLE_BREAK.split(text) if w]
        if None in words or sum(len(w) for w in words if w) < _MIN_SYLLABLES:
            return ()
        # Capped at every syllable: a long name of ambiguous syllables has exponentially many.
        found = [""]
        for w in words:
            for i, options in enumerate(w or ()):
                glue = " " if i == 0 and found != [""] else ""
                found = [f + glue + o for f in found for o in options][:MAX_READINGS]
        return tuple(found)


#: Readings of one name in one syllable system, at most (Korean 장 is jiang and zhang).
MAX_READINGS = 4
_MIN_SYLLABLES = 2
_PALLADIUS = _SyllableSystem(FOLDING_DATA["palladius"])
_PALLADIUS_LATIN: dict[str, str] = FOLDING_DATA["palladius"]["latin"]
_PALLADIUS_LATIN_PATTERN = _longest_first(_PALLADIUS_LATIN)
_HARD_I = re.compile(f"(?<=[{FOLDING_DATA['palladius']['hard_i_after']}])й")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
#: Palladius spellings, Cyrillic and romanized, with their pinyin reading (tested).
PALLADIUS_EXAMPLES = _PALLADIUS.examples
_CZECH = _SyllableSystem(FOLDING_DATA["czech"])
#: Czech spellings with their pinyin reading (tested).
CZECH_EXAMPLES = _CZECH.examples
_KOREAN = _SyllableSystem(FOLDING_DATA["korean"])
_KOREAN_DESIGNATOR = re.compile(rf"[\s-]+(?:{'|'.join(FOLDING_DATA['korean']['designators'])})$")
#: Korean spellings of Chinese names with their pinyin reading (tested).
KOREAN_EXAMPLES = _KOREAN.examples


def _normalized(name: str) -> str:
    return APOSTROPHES.sub("'", unicodedata.normalize("NFC", name).casefold())


@lru_cache(maxsize=65536)
def palladius_readings(name: str) -> tuple[str, ...]:
    """The pinyin readings of a Chinese name written in the Palladius system, in Cyrillic or
    romanized ("Хуэйчжоу", "Khuejchzhou" -> "huizhou"); none for other names."""
    text = _normalized(name)
    if not _CYRILLIC.search(text):
        if not text.isascii() or not _PALLADIUS.marks.search(text):
            return ()
        text = _PALLADIUS_LATIN_PATTERN.sub(lambda m: _PALLADIUS_LATIN[m.group()], text)
        text = _HARD_I.sub("ы", text)
    return _PALLADIUS.read(text)


@lru_cache(maxsize=65536)
def korean_readings(name: str) -> tuple[str, ...]:
    """The pinyin readings of a Chinese name in Korean, in Hangul or romanized ("창더 시",
    "changdeo si" -> "changde", "cangde"); none for other names."""
    text = hangul_syllables(_normalized(name))
    if not text.isascii() or not _KOREAN.marks.search(text):
        return ()
    return _KOREAN.read(_KOREAN_DESIGNATOR.sub("", text))


@lru_cache(maxsize=65536)
def czech_readings(name: str) -> tuple[str, ...]:
    """The pinyin readings of a Chinese name in the Czech transcription ("Kchun-šan" ->
    "kun shan", "Ťin-čou" -> "jin zhou"); none for other names."""
    text = _normalized(name)
    return _CZECH.read(text) if _CZECH.marks.search(text) else ()


_POSTAL = tuple(
    (re.compile(r["pattern"]), r["replace"], tuple(r["example"]))
    for r in FOLDING_DATA["postal"]["rules"]
)
#: Postal spellings with their pinyin reading, one per rule (tested).
POSTAL_EXAMPLES: tuple[tuple[str, str], ...] = tuple(example for _, _, example in _POSTAL)


@lru_cache(maxsize=65536)
def postal_reading(name: str) -> str | None:
    """The pinyin reading of a name in Chinese postal romanization ("Kiaochow" -> "jiaozhou"),
    or None: for names that are not in Latin letters, are pinyin already, or whose rewriting
    does not split into pinyin syllables ("Moscow")."""
    if not name.isascii():
        return None
    key = plain(name)
    if is_pinyin(key):
        return None
    reading = key
    for pattern, replace, _ in _POSTAL:
        reading = pattern.sub(replace, reading)
    return reading if reading != key and is_pinyin(reading) else None


_ENDINGS = FOLDING_DATA["endings"]
_ENDING = re.compile(
    "|".join(
        rf"(?<=[a-z]{{{kind['min_stem']}}})(?:{'|'.join(kind['endings'])})$"
        for kind in (_ENDINGS["case_endings"], _ENDINGS["joined_designators"])
    )
)
#: Names with an ending that is not part of the name, and their reading without it (tested).
ENDING_EXAMPLES: tuple[tuple[str, str], ...] = tuple(map(tuple, _ENDINGS["examples"]))


@lru_cache(maxsize=65536)
def ending_reading(name: str) -> str | None:
    """A Latin-script name without a Lithuanian case ending or a joined designator on its last
    word ("Adenas" -> "aden", "Nagasakishi" -> "nagasaki"), or None when it has neither."""
    if _NOT_LATIN.search(name):
        return None
    key = plain(name)
    reading = _ENDING.sub("", key)
    return reading if reading != key else None


_ABJAD = SCRIPT_DATA["abjad"]
_ABJAD_RANGE = re.compile(r"[\u0590-\u05ff\u0600-\u06ff]")
_ABJAD_LETTERS: dict[str, str] = _ABJAD["letters"]
_VOWEL_LETTERS: dict[str, str] = _ABJAD["vowel_letters"]
_LONG_A = frozenset(_ABJAD["long_a"])
_INITIAL_ALIFS = frozenset(_ABJAD["initial_alifs"])
_FINAL_A = frozenset(_ABJAD["final_a"])


def abjad_reading(name: str) -> str | None:
    """A vocalized reading of an Arabic-script or Hebrew name ("usaka" for أوساكا), or None
    when the name has no such letters."""
    if name.isascii() or not _ABJAD_RANGE.search(name):
        return None
    out: list[str] = []
    after_consonant = False
    for i, c in enumerate(name):
        before = name[i - 1] if i else " "
        after = name[i + 1] if i + 1 < len(name) else " "
        if c in _VOWEL_LETTERS:
            initial_alif = before in _INITIAL_ALIFS and (i == 1 or not name[i - 2].isalpha())
            if initial_alif or (after_consonant and after not in _LONG_A):
                if initial_alif:
                    out[-1] = ""
                out.append(_VOWEL_LETTERS[c])
                after_consonant = False
            else:
                out.append(unidecode(c))
                after_consonant = True
            continue
        if c in _FINAL_A and not after.isalpha():
            out.append("a")
        else:
            out.append(_ABJAD_LETTERS.get(c, ARABIC_LETTERS.get(c, c)))
        after_consonant = bool(_ABJAD_RANGE.match(c)) and c not in _LONG_A
    return unidecode("".join(out))


_ABJAD_LATIN = SCRIPT_DATA["abjad_latin"]
_LATIN_VOWEL_LETTERS: dict[str, str] = _ABJAD_LATIN["vowel_letters"]
_LATIN_DIGRAPHS: dict[str, str] = _ABJAD_LATIN["letters"]
_LATIN_WORD = re.compile(r"[a-z]+")
_OTHER_VOWELS = frozenset("eiou")
_MIN_LETTERS = 4


def _vocalize_latin(word: str) -> tuple[str, bool]:
    """A word with its w and y read as vowels where an abjad's vowel letters stand, and
    whether one stood where only a vowel letter can (after a consonant or an initial alif)."""
    out: list[str] = []
    marked = after_consonant = False
    for i, c in enumerate(word):
        vowel_follows = i + 1 < len(word) and word[i + 1] in _VOWELS
        if c in _LATIN_VOWEL_LETTERS and not vowel_follows:
            if i == 1 and word[0] == "a":
                out[0] = ""
                marked = True
            elif after_consonant:
                marked = True
            elif not (i and word[i - 1] in _VOWELS):
                out.append(c)
                continue
            out.append(_LATIN_VOWEL_LETTERS[c])
            after_consonant = False
            continue
        out.append(c)
        after_consonant = c not in _VOWELS and c not in _LATIN_VOWEL_LETTERS
    return "".join(out), marked


def abjad_latin_reading(name: str) -> str | None:
    """A vocalized reading of an abjad name romanized letter by letter in Latin ("fukuyama"
    for "fwkwyama"), or None when the name is not one: it has vowel letters other than a, fewer
    than four letters, or no w or y where only a vowel letter can stand."""
    if not name.isascii():
        return None
    letters = _LATIN_WORD.findall(name.casefold())
    # Such a romanization writes no vowel letter but a (alif): "Mysore" and "Sydney" are not
    # one. Fewer than four letters is a code ("ASW"), not a name.
    if _OTHER_VOWELS.intersection("".join(letters)) or sum(map(len, letters)) < _MIN_LETTERS:
        return None
    words = [_vocalize_latin(w) for w in letters]
    if not any(marked for _, marked in words):
        return None
    reading = " ".join(w for w, _ in words)
    for digraph, read in _LATIN_DIGRAPHS.items():
        reading = reading.replace(digraph, read)
    return reading


_INDIC_RANGE = re.compile(r"[\u0900-\u0dff]")
_DROPS_FINAL = frozenset(SCRIPT_DATA["indic"]["drops_final"])


@lru_cache(maxsize=1024)
def _indic_kind(c: str) -> str | None:
    """What an Indic character is, from its Unicode name: a consonant (with an inherent vowel),
    a vowel sign or virama (which replace that vowel), a nukta (which changes the consonant,
    not its vowel), a chillu (a bare consonant), another letter or mark, or None outside the
    scripts."""
    if not _INDIC_RANGE.match(c):
        return None
    name = unicodedata.name(c, "")
    if "VIRAMA" in name:
        return "virama"
    if "NUKTA" in name:
        return "nukta"
    if "VOWEL SIGN" in name:
        return "sign"
    if " LETTER " in name:
        if "CHILLU" in name:
            return "chillu"
        letters = unidecode(c)
        if letters[:1].isalpha() and letters[0].lower() not in "aeiou" and "VOCALIC" not in name:
            return "consonant"
    return "other"


def _inherent_vowel(consonant: str, word_ends: bool) -> str:
    script = unicodedata.name(consonant, "").split(" ")[0]
    return "" if word_ends and script in _DROPS_FINAL else "a"


def indic_reading(name: str) -> str | None:
    """A reading of a name in an Indic script with the inherent vowels ("bannuu" for बन्नू),
    or None when the name has no such letters."""
    if name.isascii() or not _INDIC_RANGE.search(name):
        return None
    out: list[str] = []
    # The consonant whose inherent vowel is not yet decided.
    pending: str | None = None
    for c in name:
        kind = _indic_kind(c)
        if pending is not None:
            if kind == "nukta":
                continue
            if kind in ("sign", "virama"):
                if kind == "sign":
                    out.append(unidecode(c))
                pending = None
                continue
            out.append(_inherent_vowel(pending, word_ends=kind is None))
            pending = None
        if kind == "consonant":
            pending = c
            out.append(unidecode(c))
        elif kind == "chillu":
            out.append(unicodedata.name(c).split(" ")[-1].lower())
        elif kind not in ("virama", "nukta"):
            out.append(unidecode(c) if kind else c)
    if pending is not None:
        out.append(_inherent_vowel(pending, word_ends=True))
    return unidecode("".join(out))


_KO_CYRILLIC = FOLDING_DATA["korean_cyrillic"]
_KO_CYRILLIC_LETTERS: dict[str, list[str]] = _KO_CYRILLIC["letters"]
_KO_CYRILLIC_PATTERN = _longest_first(_KO_CYRILLIC_LETTERS)
#: Korean names in Cyrillic with a Latin spelling of the same person (tested).
KOREAN_CYRILLIC_EXAMPLES: tuple[tuple[str, str], ...] = tuple(map(tuple, _KO_CYRILLIC["examples"]))
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")


def _korean_cyrillic_syllable(word: str) -> list[str]:
    """The Latin spellings of one Cyrillic syllable; none when a letter has no Korean reading
    (Ш, Ф, Щ: the name is not Korean)."""
    spellings = [""]
    read = 0
    for m in _KO_CYRILLIC_PATTERN.finditer(word):
        if m.start() != read:
            return []
        read = m.end()
        options = _KO_CYRILLIC_LETTERS[m.group()]
        # A final en is n or ng; a final er is l.
        if m.end() == len(word) and m.group() in ("\u043d", "\u0440"):
            options = ["n", "ng"] if m.group() == "\u043d" else ["l"]
        spellings = [s + o for s in spellings for o in options][:MAX_READINGS]
    return spellings if read == len(word) else []


@lru_cache(maxsize=65536)
def korean_cyrillic_readings(name: str) -> tuple[str, ...]:
    """Latin readings of a Korean name in Cyrillic ("Ким Чен Ын" -> "kim jeong eun", ...), at
    most ``MAX_READINGS`` x 2; none for a name that is not Cyrillic or has no Korean surname
    (``keys.KOREAN_SURNAMES``) first or last."""
    words = _CYRILLIC_WORD.findall(name.casefold())
    if len(words) < 2 or len(words) > 4 or "".join(words) != re.sub(r"[\s\-]", "", name.casefold()):
        return ()
    options = [_korean_cyrillic_syllable(w) for w in words]
    if not all(options) or not any(o in KOREAN_SURNAMES for o in (*options[0], *options[-1])):
        return ()
    found = [""]
    for i, choices in enumerate(options):
        found = [f + (" " if i else "") + c for f in found for c in choices][: 2 * MAX_READINGS]
    return tuple(found)


_KO_LATIN: dict[str, str] = _KO_CYRILLIC["latin"]
_KO_LATIN_PATTERN = _longest_first(_KO_LATIN)
_KO_LATIN_MARK = re.compile("|".join(_KO_CYRILLIC["latin_marks"]))
#: Korean names romanized from the Russian with a Latin spelling of the same person (tested).
KOREAN_RUSSIAN_LATIN_EXAMPLES: tuple[tuple[str, str], ...] = tuple(
    map(tuple, _KO_CYRILLIC["latin_examples"])
)


@lru_cache(maxsize=65536)
def korean_russian_latin_readings(name: str) -> tuple[str, ...]:
    """Latin readings of a Korean name romanized from its Russian form ("Kim Ir Sen" -> "kim il
    seong", ...): written back in Cyrillic and read as ``korean_cyrillic_readings`` reads it;
    none for a name that is not in ASCII letters or has no Russian-romanization mark."""
    text = name.casefold()
    if not text.isascii() or not _KO_LATIN_MARK.search(text):
        return ()
    return korean_cyrillic_readings(_KO_LATIN_PATTERN.sub(lambda m: _KO_LATIN[m.group()], text))


_POLIVANOV: dict[str, str] = FOLDING_DATA["polivanov"]["letters"]
_POLIVANOV_PATTERN = _longest_first(_POLIVANOV)
#: Japanese names in Cyrillic with their Hepburn spelling (tested).
POLIVANOV_EXAMPLES: tuple[tuple[str, str], ...] = tuple(
    map(tuple, FOLDING_DATA["polivanov"]["examples"])
)
_JAPANESE_WORD_END = re.compile(r"[аеёиоуыэюян]$")
#: Letter groups that Polivanov writes and Russian seldom does: дз, си, ти, цу, э.
_POLIVANOV_MARK = re.compile("\u0434\u0437|\u0441\u0438|\u0442\u0438|\u0446\u0443|\u044d")


@lru_cache(maxsize=65536)
def polivanov_reading(name: str) -> str | None:
    """The Hepburn reading of a Japanese name in Cyrillic ("Хиросима" -> "hiroshima"), or None
    for a name not in Cyrillic, with a word that no Japanese syllable ends, or without a letter
    group Polivanov writes and Russian seldom does (``_POLIVANOV_MARK``)."""
    words = _CYRILLIC_WORD.findall(name.casefold())
    if not words or not all(_JAPANESE_WORD_END.search(w) for w in words):
        return None
    if not _POLIVANOV_MARK.search(name.casefold()):
        return None
    if "".join(words) != re.sub(r"[\s\-]", "", name.casefold()):
        return None
    reading = " ".join(_POLIVANOV_PATTERN.sub(lambda m: _POLIVANOV[m.group()], w) for w in words)
    return plain(reading)


class _Orthography:
    """One language's way of spelling names, read into English (``data/folding.yaml``,
    ``orthographies``)."""

    def __init__(self, rules: dict) -> None:
        self.marks = re.compile("|".join(rules["marks"]))
        self.foreign = re.compile(f"[^\\Wa-z0-9_{rules['alphabet']}]")
        self.letters: dict[str, str] = rules["letters"]
        self.pattern = _longest_first(self.letters)
        self.dotless_capital_i = bool(rules.get("dotless_capital_i"))
        self.examples: tuple[tuple[str, str], ...] = tuple(map(tuple, rules["examples"]))

    def read(self, name: str) -> str | None:
        text = unicodedata.normalize("NFC", name)
        # The marks are looked for as written: any capital I would be a dotless i otherwise,
        # and "Isaac" Turkish.
        folded = text.casefold()
        if not self.marks.search(folded) or self.foreign.search(folded):
            return None
        if self.dotless_capital_i:
            folded = text.replace("\u0130", "i").replace("I", "\u0131").casefold()
        reading = plain(self.pattern.sub(lambda m: self.letters[m.group()], folded))
        return reading if reading != plain(name) else None


_ORTHOGRAPHIES = {
    language: _Orthography(rules) for language, rules in FOLDING_DATA["orthographies"].items()
}
#: Names in another language's spelling with their English reading, by language (tested).
ORTHOGRAPHY_EXAMPLES: tuple[tuple[str, str, str], ...] = tuple(
    (language, name, reading)
    for language, orthography in _ORTHOGRAPHIES.items()
    for name, reading in orthography.examples
)


@lru_cache(maxsize=65536)
def orthography_reading(language: str, name: str) -> str | None:
    """The English reading of a Latin-script name in one language's spelling ("Michail
    Gorbatschow" in German -> "mikhail gorbachov"), or None when the name has none of that
    spelling's marks (``data/folding.yaml``, ``orthographies``) or is not in Latin script.

    A Chinese name in pinyin or Wade-Giles has none: their ou and ch are not French ("Guangzhou"
    is not "guangzhu")."""
    if _NOT_LATIN.search(name) or wade_giles_reading(name):
        return None
    if name.isascii() and is_pinyin(plain(name)):
        return None
    return _ORTHOGRAPHIES[language].read(name)


#: Hepburn's long vowels, which English spellings of Japanese names write short (Tōkyō, Tokyo):
#: not before another vowel, where the letters are two syllables (Inoue, i-no-u-e).
_LONG_VOWEL = re.compile(r"(?<=o)[ou](?![aeiou])|(?<=u)u(?![aeiou])")


# The optional readers are looked for once a process: a missing module would otherwise be
# searched for on disk for every new name.
@cache
def _lazy_pinyin() -> Callable[..., list[str]] | None:
    try:
        from pypinyin import lazy_pinyin
    except ImportError:
        return None
    return lazy_pinyin


@cache
def _kakasi() -> object | None:
    try:
        import pykakasi
    except ImportError:
        return None
    return pykakasi.kakasi()


@lru_cache(maxsize=65536)
def japanese_readings(name: str) -> tuple[str, ...]:
    """The Hepburn readings of a name with kanji, read as Japanese by pykakasi ("長崎" ->
    "nagasaki", where the romanizer reads the characters as Chinese): long vowels short, and as
    read, since two vowels may be two syllables; none without kanji or without pykakasi
    (``pip install entnorm[scripts]``)."""
    if not HAN_LETTERS.search(name) or (kakasi := _kakasi()) is None:
        return ()
    words = []
    for part in kakasi.convert(name):  # type: ignore[attr-defined]
        # A character Japanese does not write (simplified Chinese) comes back unread or empty:
        # the name is not Japanese.
        if HAN_LETTERS.search(part["hepburn"]) or (
            HAN_LETTERS.search(part["orig"]) and not part["hepburn"].strip()
        ):
            return ()
        words.append(part["hepburn"])
    read = " ".join(words)
    return tuple(r for r in dict.fromkeys((plain(_LONG_VOWEL.sub("", read)), plain(read))) if r)


@lru_cache(maxsize=65536)
def chinese_reading(name: str) -> str | None:
    """The pinyin reading of a name with Chinese characters by pypinyin, which reads a
    character by the word it stands in ("重庆" -> "chong qing", where the romanizer, one
    character at a time, gives "zhong qing"); None without such characters, without pypinyin
    (``pip install entnorm[scripts]``) or when it reads as the romanizer does."""
    if not HAN_LETTERS.search(name) or (lazy_pinyin := _lazy_pinyin()) is None:
        return None
    reading = plain(" ".join(lazy_pinyin(name, errors="default")))
    return reading if reading and reading != plain(romanize(name)) else None


_ARTICLE = FOLDING_DATA["arabic_article"]
# Not after a hyphen ("Aix-en-Provence"), and before a capital ("Chou En-lai" is no article).
_ARTICLE_FORM = re.compile(
    r"(?<![^\W\d_])(?<![-\u2010\u2011])(?i:"
    + "|".join(_ARTICLE["forms"])
    + r")[-\u2010\u2011](?=[^\W\d_a-z])"
)
#: Names with the Arabic article in another form, and their reading with al- (tested).
ARTICLE_EXAMPLES: tuple[tuple[str, str], ...] = tuple(map(tuple, _ARTICLE["examples"]))


@lru_cache(maxsize=65536)
def article_reading(name: str) -> str | None:
    """The name with its Arabic article written al- ("Hafez el-Assad" -> "hafez al assad",
    "az-Zawahiri" -> "al zawahiri"), or None when it has no other hyphened form of it."""
    if not any(m.group()[:2].casefold() != "al" for m in _ARTICLE_FORM.finditer(name)):
        return None
    return plain(_ARTICLE_FORM.sub("al-", name))


def _spellings(name: str) -> list[str | None]:
    slavic = slavic_reading(name)
    return [wade_giles_reading(name), slavic, wade_giles_reading(slavic) if slavic else None,
            postal_reading(name), *palladius_readings(name), *czech_readings(name),
            *korean_readings(name), abjad_reading(name), indic_reading(name),
            abjad_latin_reading(name), *korean_cyrillic_readings(name),
            *korean_russian_latin_readings(name),
            polivanov_reading(name),
            *(orthography_reading(language, name) for language in _ORTHOGRAPHIES),
            *(japanese := japanese_readings(name)),
            *(ending_reading(j) for j in japanese),
            chinese_reading(name), article_reading(name)]  # fmt: skip


def readings(name: str) -> tuple[str, ...]:
    """Other readings of a name that the resolver tries beside it: its Wade-Giles reading, its
    Slavic Latin reading, the Wade-Giles reading of that, its postal, Palladius, Czech and
    Korean readings, and the vocalized reading of an Arabic-script, Hebrew or Indic name or of
    an abjad name romanized letter by letter; then the name without a Lithuanian case ending or
    a joined designator, and that stem's readings (first occurrences, in order)."""
    found = _spellings(name)
    stem = ending_reading(name)
    if stem:
        found += [stem, *_spellings(stem)]
    return tuple(dict.fromkeys(r for r in found if r))
