"""Matching keys: pure functions from a name to the views of it that the index and scorer compare.

- ``plain``: romanized (``romanize``: unidecode, with better readings of kana, Thai, Ethiopic and
  Armenian and of the letters unidecode gets wrong, such as alif), case-folded, apostrophes
  dropped (``P'yŏngyang`` -> ``pyongyang``), every other run of non-alphanumerics folded to one
  space. Spelling, spacing and hyphenation variants of one romanization meet here.
- ``folded``: the plain key rewritten by the transliteration rules of ``data/folding.yaml``, so
  that romanizations by different systems meet (``Mun Chzhe In`` and ``Moon Jae-in`` both fold to
  ``mun je in``), with trailing place designators ("shi", "hsien", "city") dropped and words that
  translations render differently ("medium"/"intermediate") folded to one.
- ``compact``: a key without its spaces, because systems disagree on syllable breaks
  (``Kim Jong Un``, ``Kim Jong-un``, ``Kimjongun``).

``readings`` gives the other spellings of a name that the resolver tries beside it: Wade-Giles,
postal, Russian (Palladius), Czech and Korean spellings of Chinese names read into pinyin,
Slavic Latin spellings into English, vocalized readings of abjad and Indic names, and names
without a case ending or a joined designator.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml

from .romanize import (
    abjad_latin_reading,
    abjad_reading,
    hangul_syllables,
    indic_reading,
    romanize,
)

_APOSTROPHES = re.compile(r"['\u2019\u02bc\u02bb`\u00b4\u2018]")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True, slots=True)
class FoldingRule:
    """One rewrite of the folded key, with a real example pair it makes equal."""

    id: str
    pattern: re.Pattern[str]
    replace: str
    why: str
    example: tuple[str, str]


@dataclass(frozen=True, slots=True)
class SynonymGroup:
    """Words that translations use interchangeably; all fold to the first."""

    words: tuple[str, ...]
    example: tuple[str, str]


def _load_data() -> dict:
    text = resources.files("entnorm").joinpath("data/folding.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _load_rules(
    data: dict,
) -> tuple[tuple[FoldingRule, ...], tuple[SynonymGroup, ...], frozenset[str], frozenset[str]]:
    rules = tuple(
        FoldingRule(r["id"], re.compile(r["pattern"]), r["replace"], r["why"], tuple(r["example"]))
        for r in data["rules"]
    )
    synonyms = tuple(SynonymGroup(tuple(g["words"]), tuple(g["example"])) for g in data["synonyms"])
    return rules, synonyms, frozenset(data["designators"]), _pinyin_syllables(data["pinyin"])


def _pinyin_syllables(p: dict) -> frozenset[str]:
    finals, i_finals, u_finals = p["finals"], p["i_finals"], p["u_finals"]
    takes = {
        "plain_and_i": finals + i_finals,
        "i_and_u": i_finals + u_finals,
        "plain": finals,
        "plain_and_bare_i": [*finals, "i"],
    }
    syllables = {
        i + f for group, inits in p["initials"].items() for i in inits for f in takes[group]
    }
    return frozenset(syllables | set(p["standalone"]))


_DATA = _load_data()
FOLDING_RULES, SYNONYM_GROUPS, DESIGNATORS, PINYIN_SYLLABLES = _load_rules(_DATA)
#: Designators that may also be a name's last syllable: dropped only after two name words.
TOWN_DESIGNATORS: frozenset[str] = frozenset(_DATA["town_designators"])
_SYNONYM = {w: g.words[0] for g in SYNONYM_GROUPS for w in g.words[1:]}
_LONGEST_SYLLABLE = max(map(len, PINYIN_SYLLABLES))


@lru_cache(maxsize=65536)
def plain(name: str) -> str:
    """The plain key: ASCII, lower case, words separated by single spaces.

    A name in a script that ``romanize`` does not transliterate (Javanese, Balinese, ...) keeps
    its own letters, case-folded, so that it still matches itself exactly.
    """
    text = romanize(name).casefold()
    text = _APOSTROPHES.sub("", text)
    key = _NON_ALNUM.sub(" ", text).strip()
    if key:
        return key
    words = unicodedata.normalize("NFKC", name).casefold().split()
    kept = (
        "".join(c for c in w if c.isalnum() or unicodedata.category(c)[0] == "M") for w in words
    )
    return " ".join(w for w in kept if w)


@lru_cache(maxsize=65536)
def folded(name: str) -> str:
    """The transliteration-folded key of a name (see ``data/folding.yaml``)."""
    return fold_plain(plain(name))


def strip_designators(key: str) -> str:
    """A plain key without trailing place designators, when a name word remains (two, for
    ``TOWN_DESIGNATORS``)."""
    words = key.split()
    while (len(words) > 1 and words[-1] in DESIGNATORS) or (
        len(words) > 2 and words[-1] in TOWN_DESIGNATORS
    ):
        words.pop()
    return " ".join(words)


def fold_plain(key: str) -> str:
    """Apply the designator and folding rules to an already plain key."""
    key = " ".join(_SYNONYM.get(w, w) for w in strip_designators(key).split())
    for rule in FOLDING_RULES:
        key = rule.pattern.sub(rule.replace, key)
    return key


_SKELETON = _DATA["skeleton"]
_SKELETON_TABLE = str.maketrans(
    {c: cls[0] for cls in _SKELETON["classes"] for c in cls[1:]}
    | {c: None for c in _SKELETON["drop"] + " "}
)
_DOUBLED = re.compile(r"(.)\1+")
_DIGITS = "0123456789"
#: Below this share of vowels among its letters, a name is written like an abjad's.
VOWEL_POOR: float = _SKELETON["vowel_poor"]
#: From this share of vowels on, and in words of at most ``SYLLABLE_LETTERS`` letters when it
#: has more than one, a name is written like a transcription into a syllabic script.
SYLLABIC_VOWELS: float = _SKELETON["syllabic_vowels"]
SYLLABLE_LETTERS: int = _SKELETON["syllable_letters"]
#: Pairs of real spellings that share a skeleton (tested).
SKELETON_EXAMPLES: tuple[tuple[str, str], ...] = tuple(map(tuple, _SKELETON["examples"]))


@lru_cache(maxsize=65536)
def skeleton(folded_key: str) -> str:
    """The consonant skeleton of a folded key (see ``data/folding.yaml``): ``mskb`` for both
    "Moscow" and "mskw"."""
    return _DOUBLED.sub(r"\1", folded_key.translate(_SKELETON_TABLE))


def _vowel_share(plain_key: str) -> float | None:
    letters = len(plain_key) - plain_key.count(" ") - sum(map(plain_key.count, _DIGITS))
    return sum(map(plain_key.count, "aeiou")) / letters if letters else None


def vowel_poor(plain_key: str) -> bool:
    """Whether a plain key has few vowels among its letters, as romanized abjads do ("mskw")."""
    share = _vowel_share(plain_key)
    return share is not None and share < VOWEL_POOR


def syllabic(plain_key: str) -> bool:
    """Whether a plain key reads like a transcription into a syllabic script, which gives every
    consonant a vowel: one word ("magunitogorusuku") or words of one syllable ("ha ba luo fu si
    ke"), at least half of the letters vowels."""
    share = _vowel_share(plain_key)
    words = plain_key.split()
    return (
        share is not None
        and share >= SYLLABIC_VOWELS
        and (len(words) == 1 or all(len(w) <= SYLLABLE_LETTERS for w in words))
    )


_WG = _DATA["wade_giles"]
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


@lru_cache(maxsize=65536)
def wade_giles_reading(name: str) -> str | None:
    """The pinyin reading of a name written in Wade-Giles syllables, or None.

    Only names of two or more parts that are all Wade-Giles syllables are read
    ("Kuang-chou-shih" -> "guang zhou shi"): a single word could be any language's. The parts
    must be hyphenated or carry a mark that pinyin does not use (an apostrophe of aspiration,
    ü, ŭ, ê): "Li Peng" is pinyin, and reading it as Wade-Giles would make it "li beng".
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    text = _APOSTROPHES.sub("'", text)
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


_SLAVIC = _DATA["slavic_latin"]
_SLAVIC_LETTERS: dict[str, str] = _SLAVIC["letters"]
_SLAVIC_KEEP_BEFORE_H = frozenset(_SLAVIC["keep_before_h"])
_SLAVIC_PATTERN = re.compile("|".join(sorted(map(re.escape, _SLAVIC_LETTERS), key=len)[::-1]))
_NOT_LATIN = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\u2019\u02bc\u02bb]")
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

    An unaccented name that reads as pinyin has none either: pinyin j and c are not y and ts,
    and reading them so made "Xinjiang" Xinyang and "Hu Jintao" Qingdao.
    """
    text = unicodedata.normalize("NFC", name).casefold()
    if _NOT_LATIN.search(text) or (text.isascii() and is_pinyin(plain(name))):
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
_PALLADIUS = _SyllableSystem(_DATA["palladius"])
_PALLADIUS_LATIN: dict[str, str] = _DATA["palladius"]["latin"]
_PALLADIUS_LATIN_PATTERN = re.compile(
    "|".join(map(re.escape, sorted(_PALLADIUS_LATIN, key=len, reverse=True)))
)
_HARD_I = re.compile(f"(?<=[{_DATA['palladius']['hard_i_after']}])й")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
#: Palladius spellings, Cyrillic and romanized, with their pinyin reading (tested).
PALLADIUS_EXAMPLES = _PALLADIUS.examples
_CZECH = _SyllableSystem(_DATA["czech"])
#: Czech spellings with their pinyin reading (tested).
CZECH_EXAMPLES = _CZECH.examples
_KOREAN = _SyllableSystem(_DATA["korean"])
_KOREAN_DESIGNATOR = re.compile(rf"[\s-]+(?:{'|'.join(_DATA['korean']['designators'])})$")
#: Korean spellings of Chinese names with their pinyin reading (tested).
KOREAN_EXAMPLES = _KOREAN.examples


def _normalized(name: str) -> str:
    return _APOSTROPHES.sub("'", unicodedata.normalize("NFC", name).casefold())


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
    (re.compile(r["pattern"]), r["replace"], tuple(r["example"])) for r in _DATA["postal"]["rules"]
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


_ENDINGS = _DATA["endings"]
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


def _spellings(name: str) -> list[str | None]:
    slavic = slavic_reading(name)
    return [wade_giles_reading(name), slavic, wade_giles_reading(slavic) if slavic else None,
            postal_reading(name), *palladius_readings(name), *czech_readings(name),
            *korean_readings(name), abjad_reading(name), indic_reading(name),
            abjad_latin_reading(name)]  # fmt: skip


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


def _splits_into_syllables(word: str) -> bool:
    reachable = [True] + [False] * len(word)
    for i in range(len(word)):
        if reachable[i]:
            for j in range(i + 1, min(len(word), i + _LONGEST_SYLLABLE) + 1):
                if word[i:j] in PINYIN_SYLLABLES:
                    reachable[j] = True
    return reachable[-1]


@lru_cache(maxsize=65536)
def is_pinyin(plain_key: str) -> bool:
    """Whether a plain key reads as pinyin: every word splits into pinyin syllables.

    Keys of four letters or fewer are never called pinyin-shaped: too many short words of
    other languages split into syllables by chance for the test to mean anything.
    """
    words = plain_key.split()
    return len(plain_key) - len(words) + 1 > 4 and all(
        w.isalpha() and _splits_into_syllables(w) for w in words
    )


def compact(key: str) -> str:
    """A key without its word breaks."""
    return key.replace(" ", "")


@dataclass(frozen=True, slots=True)
class Keys:
    """Every view of one name that the index and the scorer use.

    Only ``plain`` and ``folded`` are given; the rest derive from them once, when the keys are
    made, because the scorer reads them for every candidate of every query.
    """

    plain: str
    folded: str
    plain_compact: str = field(init=False, repr=False, compare=False)
    folded_compact: str = field(init=False, repr=False, compare=False)
    #: The compact plain key without trailing designators ("nakano" for "Nakano City").
    plain_core: str = field(init=False, repr=False, compare=False)
    #: Folded words whose plain form is not a function word ("of", "the", ...), but for the
    #: last word: no name ends in a function word, so there it is a name's syllable ("Moon Jae
    #: In", "Ting-an"). Decided on the plain words: folding can turn a name word into a
    #: function word ("Dae" folds to "de"). Folding keeps words in place, so the lists line up.
    content: tuple[str, ...] = field(init=False, repr=False, compare=False)
    #: The words that are numbers ("2018"): names that differ in them differ in identity.
    numbers: frozenset[str] = field(init=False, repr=False, compare=False)
    #: Whether the plain key reads as pinyin (see ``is_pinyin``).
    pinyin: bool = field(init=False, repr=False, compare=False)
    #: Whether the name is written like an abjad's romanization (see ``vowel_poor``); only
    #: then is its consonant skeleton (``skeleton(folded)``) compared.
    vowel_poor: bool = field(init=False, repr=False, compare=False)
    #: Whether the name, trailing designators aside, reads like a transcription into a
    #: syllabic script (see ``syllabic``); then too, as a query, its skeleton is compared.
    syllabic: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "plain_compact", compact(self.plain))
        set_(self, "folded_compact", compact(self.folded))
        core = strip_designators(self.plain)
        set_(self, "plain_core", compact(core))
        plain_words, folded_words = self.plain.split(), self.folded.split()
        paired = plain_words[: len(folded_words)]
        content = tuple(folded_words[i] for i in _content_positions(paired)) or tuple(folded_words)
        set_(self, "content", content)
        set_(self, "numbers", frozenset(w for w in plain_words if w.isdigit()))
        set_(self, "pinyin", is_pinyin(self.plain))
        set_(self, "vowel_poor", vowel_poor(self.plain))
        set_(self, "syllabic", syllabic(core))

    @property
    def bag(self) -> str:
        """Plain content words in sorted order ("Action Plan" / "Plan of Action").

        Built from plain, not folded, words: a reordering is an exact match, while a
        transliteration must pass the scored decision.
        """
        words = self.plain.split()
        return " ".join(sorted(words[i] for i in _content_positions(words)))


#: Function words that carry no identity in multi-word names.
STOPWORDS: frozenset[str] = frozenset(
    {"of", "the", "for", "on", "and", "in", "de", "la", "le", "du", "des", "al", "el", "a", "an"}
)


def _content_positions(words: list[str]) -> list[int]:
    """Positions of the words that are not function words, the last word always among them (see
    ``Keys.content``); every position when all are function words."""
    kept = [i for i, w in enumerate(words[:-1]) if w not in STOPWORDS]
    if not kept and (not words or words[-1] in STOPWORDS):
        return list(range(len(words)))
    return [*kept, len(words) - 1]


def keys(name: str) -> Keys:
    """All key views of a name."""
    p = plain(name)
    return Keys(p, fold_plain(p))
