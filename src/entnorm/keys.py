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

The other spellings of a name that the resolver tries beside it are ``readings``' business.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ._yaml import safe_load
from .romanize import romanize

APOSTROPHES = re.compile(r"['\u2019\u02bc\u02bb`\u00b4\u2018]")
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
    return safe_load(text)


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


FOLDING_DATA = _load_data()
FOLDING_RULES, SYNONYM_GROUPS, DESIGNATORS, PINYIN_SYLLABLES = _load_rules(FOLDING_DATA)
#: Designators that may also be a name's last syllable: dropped only after two name words.
TOWN_DESIGNATORS: frozenset[str] = frozenset(FOLDING_DATA["town_designators"])
_SYNONYM = {w: g.words[0] for g in SYNONYM_GROUPS for w in g.words[1:]}
_LONGEST_SYLLABLE = max(map(len, PINYIN_SYLLABLES))


@lru_cache(maxsize=65536)
def plain(name: str) -> str:
    """The plain key: ASCII, lower case, words separated by single spaces.

    A name in a script that ``romanize`` does not transliterate (Javanese, Balinese, ...) keeps
    its own letters, case-folded, so that it still matches itself exactly.
    """
    text = romanize(name).casefold()
    text = APOSTROPHES.sub("", text)
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


_SKELETON = FOLDING_DATA["skeleton"]
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
        core = strip_designators(self.plain)
        self._derive(core, is_pinyin(self.plain), vowel_poor(self.plain), syllabic(core))

    def _derive(self, core: str, pinyin: bool, poor: bool, syllables: bool) -> None:
        set_ = object.__setattr__
        set_(self, "plain_compact", compact(self.plain))
        set_(self, "folded_compact", compact(self.folded))
        set_(self, "plain_core", compact(core))
        plain_words, folded_words = self.plain.split(), self.folded.split()
        paired = plain_words[: len(folded_words)]
        content = tuple(folded_words[i] for i in _content_positions(paired)) or tuple(folded_words)
        set_(self, "content", content)
        set_(self, "numbers", frozenset(w for w in plain_words if w.isdigit()))
        set_(self, "pinyin", pinyin)
        set_(self, "vowel_poor", poor)
        set_(self, "syllabic", syllables)

    @property
    def flags(self) -> int:
        """``pinyin``, ``vowel_poor`` and ``syllabic`` as bits 0-2 (``with_flags``)."""
        return self.pinyin | self.vowel_poor << 1 | self.syllabic << 2

    @classmethod
    def with_flags(cls, plain: str, folded: str, flags: int) -> Keys:
        """The keys of a name whose ``flags`` were worked out before (an index keeps them):
        the same as ``Keys(plain, folded)``, without the tests that make them."""
        self = object.__new__(cls)
        object.__setattr__(self, "plain", plain)
        object.__setattr__(self, "folded", folded)
        self._derive(strip_designators(plain), bool(flags & 1), bool(flags & 2), bool(flags & 4))
        return self

    @property
    def bag(self) -> str:
        """Plain content words in sorted order ("Action Plan" / "Plan of Action").

        Built from plain, not folded, words: a reordering is an exact match, while a
        transliteration must pass the scored decision.
        """
        return bag(self.plain)


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


def bag(plain_key: str) -> str:
    """A plain key's content words in sorted order (see ``Keys.bag``)."""
    words = plain_key.split()
    return " ".join(sorted(words[i] for i in _content_positions(words)))


#: Rewrites of one name part of a person (``part_key``), with their example pairs (tested).
NAME_PART_RULES: tuple[FoldingRule, ...] = tuple(
    FoldingRule(r["id"], re.compile(r["pattern"]), r["replace"], r["why"], tuple(r["example"]))
    for r in FOLDING_DATA["name_parts"]
)


@lru_cache(maxsize=65536)
def part_key(part: str) -> str:
    """The key of one part of a person's name (a given name or a surname, hyphenated syllables
    together): its plain key rewritten by the name-part rules (``data/folding.yaml``), then
    folded and compacted, so that Russian, Ukrainian, English and Japanese-through-Russian
    spellings of one part meet ("Yeltsin" and "Eltsin", "Kotsiubynskyi" and "Kotsiubynsky")."""
    key = compact(plain(part))
    for rule in NAME_PART_RULES:
        key = rule.pattern.sub(rule.replace, key)
    return compact(fold_plain(key))


def _given_names() -> dict[str, int]:
    groups: dict[str, set[int]] = {}
    for n, group in enumerate(FOLDING_DATA["given_names"]):
        for name in group:
            groups.setdefault(folded(name), set()).add(n)
    return {key: min(found) for key, found in groups.items() if len(found) == 1}


#: The folded key of each listed form of a given name, to its group (``data/folding.yaml``,
#: ``given_names``).
GIVEN_NAMES: dict[str, int] = _given_names()


def same_given_name(a: str, b: str) -> bool:
    """Whether two folded words are forms of one given name in different languages ("pyotr" and
    "petro", "gyrylo" and "cyril" as folding writes them)."""
    group = GIVEN_NAMES.get(a)
    return group is not None and group == GIVEN_NAMES.get(b)


_KOREAN = FOLDING_DATA["korean_names"]
#: Each spelling of a Korean surname, to its group's key ("lee", "ri", "yi" -> "i").
KOREAN_SURNAMES: dict[str, str] = {v: group[0] for group in _KOREAN["surnames"] for v in group}
#: Rewrites of a Korean given name's syllables (``korean_name_key``), with example pairs.
KOREAN_NAME_RULES: tuple[FoldingRule, ...] = tuple(
    FoldingRule(r["id"], re.compile(r["pattern"]), r["replace"], "", tuple(r["example"]))
    for r in _KOREAN["syllables"]
)
_KOREAN_SYLLABLES = re.compile(r"(?:[bcdghjkmnprstwy]{0,3}[aeiou]{1,3}(?:ng|n|l|k|p|t|m)?){1,2}")
#: A Korean given name has one to three syllables (spaced, hyphenated or joined).
_KOREAN_GIVEN_SYLLABLES = 3


@lru_cache(maxsize=65536)
def korean_name_key(plain_key: str) -> str | None:
    """The key of a Korean person's name in any of its romanizations (``data/folding.yaml``,
    ``korean_names``): the surname's group and the given name's syllables rewritten, so that
    "Park Bong-joo", "Bong-joo Park" and "Pak Pong-ju" meet. None for a plain key that is
    not a surname with a given name of Korean syllables."""
    words = plain_key.split()
    if not 2 <= len(words) <= 4:
        return None
    for surname, given in ((words[0], words[1:]), (words[-1], words[:-1])):
        group = KOREAN_SURNAMES.get(surname)
        if group is None or not _korean_given(given):
            continue
        key = "".join(given)
        for rule in KOREAN_NAME_RULES:
            key = rule.pattern.sub(rule.replace, key)
        return f"{group} {key}"
    return None


def _korean_given(words: list[str]) -> bool:
    syllables = 0
    for w in words:
        if not _KOREAN_SYLLABLES.fullmatch(w):
            return False
        syllables += len(re.findall(r"[aeiou]+", w))
    return syllables <= _KOREAN_GIVEN_SYLLABLES


def keys(name: str) -> Keys:
    """All key views of a name."""
    p = plain(name)
    return Keys(p, fold_plain(p))
