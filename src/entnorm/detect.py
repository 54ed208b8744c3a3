"""Mention detection: the spans of a text that name something, from three sources.

- **gazetteer**: every listed name, found by its plain key over the text's words, whatever a
  statistical model thinks of them;
- **model**: the entities of a spaCy pipeline, cleaned of titles, leading articles and
  possessives, then resolved;
- **spotter**: runs of capitalized words that the first two missed, kept only when the resolver
  accepts them (a transliteration or fuzzy match), because a model misses odd variants; never
  a span of function words only ("What", "Here We").

Overlaps are settled by the longest resolved span, then by source (gazetteer, model, spotter).
Text is cut into *units*: runs of letters, digits and combining marks, an inner apostrophe kept
(``P'yŏngyang``) and a possessive ``'s`` left out. Every span starts and ends on a unit, so that
its offsets always slice the input to its text.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from spacy.lang.en.stop_words import STOP_WORDS

from .index import Index
from .keys import plain
from .resolve import SCORED_METHODS, Match
from .words import is_common_word, mention_words


def _combining_marks() -> str:
    """A regex class body of the combining marks (Mn, Mc, Me) of the Basic Multilingual Plane.

    ``re``'s ``\\w`` has letters and digits but not the marks that decomposed Latin
    (``u`` + breve) and Indic scripts put inside words.
    """
    ranges: list[tuple[int, int]] = []
    for cp in range(0x300, 0x10000):
        if unicodedata.category(chr(cp)).startswith("M"):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    return "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges)


_CHAR = f"[^\\W_]|[{_combining_marks()}]"
_UNIT = re.compile(f"(?:{_CHAR})+(?:['\u2019\u02bc](?![sS]\\b)(?:{_CHAR})+)*")
_HYPHEN = re.compile(r"[-\u2010\u2011]")
#: What may separate two units of one name: spaces, a hyphen, an abbreviation's full stop, a
#: plural's apostrophe ("Workers' Party" joined or not).
_JOIN = re.compile(
    r"[ \t\u00a0]{0,2}|[ \t]?[-\u2010\u2011][ \t]?|\.[ \t]?|\n(?=\S)|['\u2019\u02bc][ \t]?"
)


def _load_words() -> tuple[
    tuple[tuple[str, ...], ...],
    frozenset[str],
    frozenset[str],
    frozenset[str],
    frozenset[str],
    frozenset[str],
]:
    data = mention_words()
    titles = sorted(
        {tuple(_UNIT.findall(t.casefold())) for t in data["titles"]}, key=len, reverse=True
    )
    return (tuple(titles), frozenset(data["articles"]), frozenset(data["connectors"]),
            frozenset(data["not_names"]), frozenset(data["institutions"]),
            frozenset(data["missions"]), tuple(data["org_run_ons"]))  # fmt: skip


TITLES, ARTICLES, CONNECTORS, NOT_NAMES, INSTITUTIONS, MISSIONS, ORG_RUN_ONS = _load_words()
_ORG_RUN_ON = re.compile(
    r"[ \t]+(?:" + "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in ORG_RUN_ONS) + r")\b"
)


def org_run_on(text: str, end: int) -> int:
    """Where an organisation's mention ending at ``end`` ends with the words that run on after
    its name ("Yonhap| News Agency"); ``end`` when none follow."""
    m = _ORG_RUN_ON.match(text, end)
    return m.end() if m else end


def _institution_end(heads: frozenset[str], joins: str) -> re.Pattern[str]:
    """A capitalized head noun, up to five more words of the name (capitalized, connectors, or
    a lower-case word after "of", as translations write "Ministry of health"), then a joining
    word (and "the"), at the end of the searched text."""
    heads_re = "|".join(w.capitalize() for w in sorted(heads))
    word = r"(?:[A-Z][\w'\u2019-]*|of(?:[ \t]+[a-z][\w'\u2019-]*)?|the|and|for|on)"
    return re.compile(
        rf"\b(?:{heads_re})\b(?:[ \t]+{word}){{0,5}}?[ \t]+(?:{joins})[ \t]+(?:the[ \t]+)?$"
    )


#: The end of an institution's name that a place completes (see ``data/mentions.yaml``).
_ENDS_AN_INSTITUTION = (_institution_end(INSTITUTIONS, "of"), _institution_end(MISSIONS, "in"))
_TITLE_SET = frozenset(TITLES)
_LONGEST_TITLE = max(map(len, TITLES))
#: First words of the titles ("president", "secretary", ...).
TITLE_WORDS = frozenset(t[0] for t in TITLES)
#: Capitalized words that never continue a name: not-names and the first words of titles.
NOT_NAME_OR_TITLE = NOT_NAMES | TITLE_WORDS
#: First words of every article and title: most spans start with none of them.
_LEADERS = ARTICLES | TITLE_WORDS
#: spaCy labels of names; numbers, dates and quantities are not normalized.
NAME_LABELS: frozenset[str] = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
)
#: Source priority when two resolved spans are equally long (lower wins).
SOURCES = {"gazetteer": 0, "composite": 1, "model": 2, "spotter": 3, "context": 4, "partial": 5}
#: Longest run of units the spotter tries as one name (treaty titles run long).
SPOT_MAX_UNITS = 12


@dataclass(frozen=True, slots=True)
class Unit:
    """One word of the text: offsets, its compact plain key, and its shape."""

    start: int
    end: int
    key: str
    text: str
    #: Starts with a capital letter, or with a letter of a script without case (Hangul).
    capitalized: bool
    #: Capitalized, or a number, which names carry too ("Olympic Games 2020").
    namelike: bool


def _unit(m: re.Match[str]) -> Unit:
    word = m.group()
    c = word[0]
    capitalized = c.isupper() or (c.isalpha() and not c.islower())
    return Unit(m.start(), m.end(), _unit_key(word), word, capitalized,
                capitalized or word.isdigit())  # fmt: skip


@lru_cache(maxsize=65536)
def _unit_key(word: str) -> str:
    return plain(word).replace(" ", "")


_APOSTROPHES = "'\u2019\u02bc"


def units(text: str) -> list[Unit]:
    """The text's units, in order, without possessive endings ("Moon's" is one unit, "Moon")."""
    return [
        _unit(m)
        for m in _UNIT.finditer(text)
        if not (m.group() in ("s", "S") and m.start() and text[m.start() - 1] in _APOSTROPHES)
    ]


def unit_keys(name: str) -> tuple[str, ...]:
    """A name's units' keys, the gazetteer's key for it."""
    return tuple(k for m in _UNIT.finditer(name) if (k := _unit_key(m.group())))


@dataclass(frozen=True, slots=True)
class Spotting:
    """The spotter's settings: whether it runs, and the bars a span it proposes must pass."""

    #: Look for variants that neither the model nor the gazetteer found.
    enabled: bool = True
    #: The score a span must reach when only its capitals proposed it, neither a model nor the
    #: gazetteer: a capitalized word has its spelling alone as evidence, and the resolver's
    #: lower one-word bar (0.77) is for names given as names. Of 26,019 English words ranked
    #: 30,000-60,000 (below the common-word bar), each starting a sentence, 551 became scored
    #: mentions at 0.77 ("Raunchy" Ranchi, "Widens" Vienna), 312 at 0.84
    #: (``scripts/common_words.py --in-text 30000 60000``); at 0.88 the seed texts lost recall
    #: (0.987 -> 0.961 without a model).
    threshold: float = 0.84
    #: A spotted span of one word that English uses this often (wordfreq's Zipf scale: 2 is
    #: once per hundred million words) matches only a listed name: at the start of a sentence
    #: the word is more likely than a variant ("Beeline" would be Berlin, "Palais" Palau). Of
    #: the words ranked 30,000-60,000, 312 became scored mentions without this rule and 1 with
    #: it; of those ranked 60,000-120,000 (Zipf 2.0 to 1.6), 728 and 304.
    #: Real variants are rarely that common: of the one-word held-out names the splits match by
    #: score, 5 of 339 and 5 of 183 are ("Nasik", "Samar", "Kumi"); at 1.5, 12 and 9.
    word_zipf: float = 2.0


@dataclass(frozen=True, slots=True)
class Candidate:
    """A span proposed by one source, resolved or not."""

    start: int
    end: int
    source: str
    match: Match | None
    #: The label the model gave, for spans it found.
    label: str | None = None
    #: For names that several entities list ("Kim"): those entities' positions in the index.
    claimants: tuple[int, ...] = ()


class Gazetteer:
    """Every name of an index by its unit keys, found in a text by hashed n-gram lookups.

    A dictionary from the space-joined unit keys of each name, and the set of their prefixes,
    probed forward from each capitalized unit: linear in the text and constant in the table
    (see ``benchmarks/bench_gazetteer.py`` for the comparison with spaCy's PhraseMatcher).
    """

    def __init__(self, index: Index) -> None:
        self.index = index
        self._rows: dict[str, list[int]] = {}
        #: Every proper prefix of every name's keys: a scan goes on only while it is in here.
        self._prefixes: set[str] = set()
        #: Names that begin with an article ("The Gazette"), by their keys without it: found
        #: after an article in lower case ("the Gazette").
        self._bare: dict[str, list[int]] = {}
        for r, name in enumerate(index.rows.names):
            ks = unit_keys(name)
            if not ks:
                continue
            self._rows.setdefault(" ".join(ks), []).append(r)
            for k in range(1, len(ks)):
                self._prefixes.add(" ".join(ks[:k]))
            if len(ks) > 1 and ks[0] in ARTICLES:
                self._bare.setdefault(" ".join(ks[1:]), []).append(r)
                for k in range(2, len(ks)):
                    self._prefixes.add(" ".join(ks[1:k]))

    def lists(self, us: Sequence[Unit]) -> bool:
        """Whether these units spell a listed name."""
        return " ".join(u.key for u in us) in self._rows

    def find(self, text: str, us: Sequence[Unit]) -> list[tuple[int, int, list[int]]]:
        """(first unit, end unit, rows) of the longest listed name starting at each unit.

        From each capitalized unit the scan extends one unit at a time while the keys so far
        begin some listed name, so it costs a few dictionary probes per unit whatever the
        table's size. After a lower-case article, a name listed with its article ("The
        Times") counts without it: the span is the name's own words.
        """
        hits = []
        n = len(us)
        rows_of, prefixes, bare = self._rows, self._prefixes, self._bare
        for i in range(n):
            u = us[i]
            key = u.key
            after_article = i > 0 and us[i - 1].text in ARTICLES and bool(bare)
            if not u.capitalized:
                # A translation lower-cases a multi-word name's first words ("the state
                # Department"): only a loosely cased match may start here, and not at a short
                # word, which may be an article before the name ("the united States").
                if key not in prefixes or len(key) < _LOOSE_LETTERS:
                    continue
            elif key not in prefixes and key not in rows_of and not (after_article and key in bare):
                continue
            best = loose = None
            j = i + 1
            while True:
                rows = rows_of.get(key) or (bare.get(key) if after_article else None)
                if rows:
                    span = text[u.start : us[j - 1].end]
                    # In capitals, function words may be an acronym: "US" is the United States.
                    if span.isupper() or not _function_words(us[i:j]):
                        if u.capitalized and _case_fits(span, rows, self.index):
                            best = (i, j, rows)
                        elif j - i > 1 and _loosely_cased(us[i:j]):
                            loose = (i, j, rows)
                if (
                    j >= n
                    or key not in prefixes
                    or not _JOIN.fullmatch(text, us[j - 1].end, us[j].start)
                ):
                    break
                key = f"{key} {us[j].key}"
                j += 1
            # A translation lower-cases some of a listed name's words ("Eastern highlands",
            # "national security Council"): the name still counts, unless a shorter listed name
            # from here fits its case ("the Trans-Pacific Partnership agreement" is the
            # partnership).
            if best or loose:
                hits.append(best or loose)  # type: ignore[arg-type]
        return hits


#: Letters a word needs to count as a name's word when a translation lower-cased it.
_LOOSE_LETTERS = 4


def _loosely_cased(us: Sequence[Unit]) -> bool:
    """Whether a span of a listed name's units is cased as a translation may leave it: some of
    its words of at least four letters capitalized and the others in lower case ("national
    security Council", "Ministry of defence", "Eastern highlands"). Shorter words may be
    particles either way, and a name of lower-case words alone is a phrase ("the security
    council")."""
    words = [u for u in us if len(u.key) >= _LOOSE_LETTERS or u.capitalized]
    lower = sum(1 for u in words if not u.capitalized)
    return 0 < lower < len(words)


def _case_fits(span: str, rows: list[int], index: Index) -> bool:
    """Whether the text is cased like one of the names it matched.

    An acronym ("US", "UN", "RT") matches only upper-case text: "us" and "Un" are words. A
    capitalized word of a name must be capitalized in the text: in "the Trans-Pacific
    Partnership agreement", "agreement" is not the "Agreement" of the treaty's full name.
    """
    span_lower = _word_case(span, str.islower)
    for r in rows:
        name = index.rows[r].name
        if _is_acronym(name):
            if not any(c.islower() for c in span):
                return True
            continue
        name_upper = _word_case(name, str.isupper)
        if len(name_upper) != len(span_lower) or not any(
            upper and lower for upper, lower in zip(name_upper, span_lower, strict=True)
        ):
            return True
    return False


def _function_words(us: Sequence[Unit]) -> bool:
    """Whether units are English function words only (spaCy's stop words): "We" starts a
    sentence even where a table lists "we" (a spelling of Huế)."""
    return all(u.text.casefold() in STOP_WORDS for u in us)


@lru_cache(maxsize=65536)
def _word_case(text: str, test: Callable[[str], bool]) -> tuple[bool, ...]:
    """Whether each unit of ``text`` starts with a character that passes ``test``."""
    return tuple(test(u[0]) for u in _UNIT.findall(text))


@lru_cache(maxsize=65536)
def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return 0 < len(letters) <= 6 and all(c.isupper() for c in letters)


def _ends_in_title(units: Sequence[Unit]) -> bool:
    return after_title(units, len(units))


def strip_affixes(us: Sequence[Unit], i: int, j: int) -> tuple[int, int]:
    """Units i..j without leading articles and titles ("the", "President", "Speaker")."""
    changed = True
    while changed and j - i > 1:
        changed = False
        if us[i].text.casefold() not in _LEADERS:
            break
        # A title has at most _LONGEST_TITLE words: the rest of a long run is not read.
        words = [u.text.casefold() for u in us[i : min(j, i + _LONGEST_TITLE)]]
        if words[0] in ARTICLES:
            i, changed = i + 1, True
            continue
        for title in TITLES:
            if len(title) < j - i and tuple(words[: len(title)]) == title:
                i, changed = i + len(title), True
                break
    return i, j


def ends_an_institution(text: str, start: int) -> bool:
    """Whether the text before ``start`` ends an institution's name that a place completes
    ("the Russian Embassy in |North Korea", "Ministry of Defence of |Ukraine")."""
    line_start = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start)) + 1
    begin = max(line_start, start - 120)
    return any(p.search(text, begin, start) for p in _ENDS_AN_INSTITUTION)


def starts_a_sentence(text: str, start: int) -> bool:
    """Whether only spaces, opening quotes and brackets stand between ``start`` and the text's
    start or the end of a sentence (looking back a few characters, not the whole text)."""
    before = text[max(0, start - 16) : start].rstrip(" \t\"'\u201c\u2018(")
    return (not before and start <= 16) or (bool(before) and before[-1] in ".!?\n:;")


def after_title(us: Sequence[Unit], i: int) -> bool:
    """Whether the units just before unit ``i`` are a title ("President", "Mr.", "Foreign
    Minister"), in any case."""
    for n in range(1, min(i, _LONGEST_TITLE) + 1):
        if tuple(u.text.casefold() for u in us[i - n : i]) in _TITLE_SET:
            return True
    return False


def new_part(gap: str, unit: Unit) -> bool:
    """Whether a unit after ``gap`` starts a new part of a name (see ``span_parts``)."""
    return not gap or any(c.isspace() for c in gap) or unit.capitalized


@lru_cache(maxsize=65536)
def name_parts(name: str) -> tuple[str, ...]:
    """A listed name's parts (see ``span_parts``), as unit keys."""
    return span_parts(name, units(name))


def span_parts(text: str, us: Sequence[Unit], offset: int = 0) -> tuple[str, ...]:
    """A name's parts: words split at spaces, and at hyphens before a capital ("Trump-Kim"),
    but not inside a hyphenated given name ("Jae-in" is one part, so "In" is not Moon's)."""
    parts: list[str] = []
    for k, u in enumerate(us):
        if k == 0 or new_part(text[us[k - 1].end - offset : u.start - offset], u):
            parts.append(u.key)
        else:
            parts[-1] += u.key
    return tuple(parts)


class Span(Protocol):
    """Anything with character offsets: candidates, mentions."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def covered_units(us: Sequence[Unit], spans: Iterable[Span]) -> list[bool]:
    """For each unit, whether it lies inside one of ``spans``."""
    covered = [False] * len(us)
    for span in spans:
        r = unit_range(us, span.start, span.end)
        if r:
            covered[r[0] : r[1]] = [True] * (r[1] - r[0])
    return covered


def unit_range(us: Sequence[Unit], start: int, end: int) -> tuple[int, int] | None:
    """The units wholly inside [start, end), as a half-open range; None when there are none."""
    i = _bisect_start(us, start)
    j = i
    while j < len(us) and us[j].end <= end:
        j += 1
    return (i, j) if j > i else None


def _bisect_start(us: Sequence[Unit], start: int) -> int:
    lo, hi = 0, len(us)
    while lo < hi:
        mid = (lo + hi) // 2
        if us[mid].start < start:
            lo = mid + 1
        else:
            hi = mid
    return lo


def name_continues(text: str, us: Sequence[Unit], i: int, j: int) -> int:
    """The end of the name-like units that follow units i..j after one space each, at most
    ``SPOT_MAX_UNITS`` in all: where a name a model cut short may go on."""
    k = j
    while (
        k < len(us)
        and k - i < SPOT_MAX_UNITS
        and us[k].namelike
        and text[us[k - 1].end : us[k].start] == " "
    ):
        k += 1
    return k


def capitalized_runs(text: str, us: Sequence[Unit], taken: Sequence[bool]) -> list[tuple[int, int]]:
    """Maximal runs of capitalized units not yet taken, inner connectors allowed ("of", "the"),
    and the syllables a hyphen joins to a name word ("Jae-in")."""
    runs = []
    i, n = 0, len(us)
    while i < n:
        if taken[i] or not us[i].namelike:
            i += 1
            continue
        j = i + 1
        while j < n and not taken[j] and _JOIN.fullmatch(text, us[j - 1].end, us[j].start):
            # A hyphen joins a name's syllables whatever their case ("Jae-in", "Jeong-chun").
            if us[j].namelike or _HYPHEN.fullmatch(text, us[j - 1].end, us[j].start):
                j += 1
                continue
            # One or two connectors ("of", "on the") between name words.
            k = j
            while k < n and k - j < 2 and us[k].text.casefold() in CONNECTORS and not taken[k]:
                k += 1
            if k == j or k >= n or taken[k] or not us[k].namelike:
                break
            j = k
        if any(u.capitalized for u in us[i:j]):
            runs.append((i, j))
        i = j
    return runs


def spot(
    text: str,
    us: Sequence[Unit],
    i: int,
    j: int,
    resolve: Callable[[str], Match | None],
    listed: Callable[[Sequence[Unit]], bool],
    bars: Spotting,
) -> list[tuple[int, int, Match]]:
    """Matches inside one capitalized run (whose units are joined, see ``capitalized_runs``),
    longest sub-span first, never overlapping.

    A span is kept when the resolver accepts it with a score of at least ``bars.threshold``:
    only its capitals proposed it, so it needs more than the resolver's own bar for names. A
    span of one word that English uses at least ``bars.word_zipf`` (wordfreq's Zipf scale) is
    kept only when
    it is a listed name: a capitalized word starting a sentence is the word. Spans
    that are listed names are left out: the gazetteer has already judged them (an acronym in
    the wrong case, a name that several entities claim). So are spans of English function
    words only (spaCy's stop words) and spans that end in a title (a role, not a name).
    """
    found: list[tuple[int, int, Match]] = []
    free = [True] * (j - i)
    for length in range(min(SPOT_MAX_UNITS, j - i), 0, -1):
        for s in range(i, j - length + 1):
            e = s + length
            if not all(free[s - i : e - i]):
                continue
            if us[s].text.casefold() in CONNECTORS or us[e - 1].text.casefold() in CONNECTORS:
                continue
            if not any(u.capitalized for u in us[s:e]) or listed(us[s:e]):
                continue
            # A capitalized function word starts a sentence, not a name ("What" was read as
            # Hohhot, through a spelling one letter longer).
            if _function_words(us[s:e]):
                continue
            # Titles lead names; one that ends a span makes it a role ("Russian Foreign
            # Minister" was read as the ministry, one letter away), and one that starts it is
            # left out: the span without it is tried too, and a mention is the name alone.
            if _ends_in_title(us[s:e]) or strip_affixes(us, s, e)[0] != s:
                continue
            match = resolve(text[us[s].start : us[e - 1].end])
            if (
                match
                and match.method in SCORED_METHODS
                and e - s == 1
                and is_common_word(us[s].text, bars.word_zipf)
            ):
                continue
            if match and match.score >= bars.threshold:
                found.append((s, e, match))
                free[s - i : e - i] = [False] * length
    return found


class Intervals:
    """Non-overlapping half-open intervals, for overlap tests in logarithmic time."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect.bisect_right(self._starts, start)
        if k and self._ends[k - 1] > start:
            return True
        return k < len(self._starts) and self._starts[k] < end

    def add(self, start: int, end: int) -> None:
        k = bisect.bisect_right(self._starts, start)
        self._starts.insert(k, start)
        self._ends.insert(k, end)


def select(candidates: list[Candidate]) -> list[Candidate]:
    """Non-overlapping candidates: longest span first, then source priority, then position."""
    ordered = sorted(candidates, key=lambda c: (-(c.end - c.start), SOURCES[c.source], c.start))
    chosen: list[Candidate] = []
    taken = Intervals()
    for c in ordered:
        if not taken.overlaps(c.start, c.end):
            chosen.append(c)
            taken.add(c.start, c.end)
    return sorted(chosen, key=lambda c: c.start)
