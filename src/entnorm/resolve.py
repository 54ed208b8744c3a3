"""From a name to one entity or NIL: exact stages, fuzzy scoring, and the decision.

The stages run in order and the first that finds anything decides:

1. ``exact``/``alias``: the plain key equals a canonical name or an alias.
2. ``alias`` (reordered): the same content words in another order.
3. ``transliteration``/``fuzzy``: names with the same folded key, and trigram candidates, scored
   over every key view. An entity's score combines its best and second-best name, because a
   true variant is usually close to more than one recorded spelling while a look-alike of
   another place is close to one. Accepted only above a threshold *and* with a relative
   margin over the runner-up entity. Folded-key equality alone is not trusted: folding also
   merges sounds that differ (Suzhou and Xuzhou are two cities), so it only weighs in the
   score. The method is ``transliteration`` when the folded keys were equal, else ``fuzzy``.
   The scores of an entity's two closest names blend in the learned edit model's similarity
   (``score.EditModel``), which knows which letters the world's spellings of one name trade.

A name written in another system is also *read* (``readings``): Wade-Giles syllables into
pinyin ("Kuang-chou-shih" -> "guang zhou shi"), Slavic Latin spelling into English ("Macujama"
-> "matsuyama"), Chinese postal spelling into pinyin ("Kiaochow" -> "jiaozhou"), a Chinese name
in Russian, Czech or Korean into pinyin ("Хуэйчжоу", "Kchun-šan" -> "huizhou", "kun shan"), an
Arabic-script, Hebrew or Indic name with its vowels ("أوساكا" -> "usaka"), an abjad name
romanized letter by letter with its vowels ("fwkwyama" -> "fukuyama"), a name without a
Lithuanian case ending or a joined designator ("Adenas" -> "aden"). The exact stages try the
readings after the name as written, and the fuzzy stage scores them all, each entity keeping
its best score. A match through a reading is a ``transliteration``.

A name that the exact stages map to two entities (after the type filter) is ambiguous and
resolves to NIL: a wrong canonical name is worse than none.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import Indel, Levenshtein

from .aliases import Entity
from .decide import LENGTH_CAP, Evidence, accepts_one_word, decision_model, lead
from .index import Index, Row
from .keys import (
    KOREAN_SURNAMES,
    Keys,
    compact,
    folded,
    is_pinyin,
    keys,
    korean_name_key,
    part_key,
    plain,
    same_given_name,
    strip_designators,
)
from .names import (
    ORDER_WORD_ZIPF,
    Comparison,
    PartAgreement,
    alphabetic,
    compare_orgs,
    compare_persons,
    initialisms,
    is_given_name,
    parse_org,
    parse_person,
    typo_budget,
)
from .readings import readings as other_readings
from .readings import unmarked_readings
from .romanize import HAN_LETTERS, HANGUL_LETTERS, KANA_LETTERS, is_latin
from .score import ViewScore, best_view, edit_model, score_views
from .words import DEMONYM_TYPES, is_common_word, is_demonym, without_title

#: Types that are often confused with one another by taggers and by writers; a candidate of a
#: related type stays eligible, at a small cost in the fuzzy stage.
RELATED_TYPES: frozenset[frozenset[str]] = frozenset(
    frozenset(pair)
    for pair in [("GPE", "LOC"), ("LOC", "FAC"), ("GPE", "FAC"), ("ORG", "FAC"),
                 ("ORG", "NORP"), ("ORG", "GPE"), ("WORK_OF_ART", "PRODUCT"), ("LAW", "EVENT")]
)  # fmt: skip
RELATED_TYPE_FACTOR = 0.97


@dataclass(frozen=True, slots=True)
class Settings:
    """The resolver's parameters: its candidates, its scores and its decision.

    A one-word query's best entity is accepted when the decision model (``decide.DecisionModel``)
    gives it a probability of at least ``confidence``, or when folding or a reading explained
    its spelling and it reaches ``threshold`` and ``margin`` (``accepts_one_word``). The
    cut-off is chosen on ``eval/tune`` alone (``scripts/sweep_decision.py eval/tune --max-nil
    0.03``), a GeoNames split that neither the model nor the reported figures use: the best
    accuracy with at most 3% of its NIL rows matched, two points under the 5% bound because a
    held-out split matched two points more than ``eval/tune`` at the earlier cut-off (6.0%
    against 4.0% at 0.90). ``../shared/eval-dev`` is reported, never tuned on. Queries of
    several words need ``words_threshold`` and ``margin``: the model weighs figures of one
    name's letters, and names of several words are the word alignment's business.

    The settings are the same whatever table they serve; what the table changes is stated
    here: on a table of more than ``model_max_names`` names the model is left out.
    """

    #: Minimum probability, by the decision model, that a one-word query's best entity is right;
    #: None leaves the model out, and ``threshold`` and ``margin`` decide.
    confidence: float | None = 0.93
    #: The decision model decides on tables of at most this many names that the fuzzy stage
    #: scores; on larger ones the threshold and margin do. The model was fitted, and its
    #: cut-off chosen, on tables of 1,500-3,500 such names (GeoNames splits of 300 cities). On
    #: the bundled tables (24,366), a name of an unlisted place more often has a listed
    #: look-alike that leads the rest by little: with the model, 11.3% of the names of unlisted
    #: cities met another entity (``scripts/probe_bundled.py``: 497 of 4,391), by the bars 5.7%
    #: (251). The bound lies between the sizes measured, not fitted.
    model_max_names: int = 20_000
    #: Minimum entity score of a one-word query's match that folding or a reading explained,
    #: when the model's probability is lower than ``confidence`` (of every match, without the
    #: model): the bar the hand-made rules decided every one-word query by before the model
    #: (chosen then on the same two splits).
    threshold: float = 0.77
    #: Minimum relative lead of the best entity over the runner-up (see ``lead``) wherever a
    #: threshold decides: the share of the runner-up's distance from a perfect score that it
    #: closes.
    margin: float = 0.50
    #: Weight of an entity's second-best name in its score, for queries of at most
    #: ``support_words`` words. Look-alikes are one-word names (one place name close to
    #: another); a longer name's word alignment is corroboration enough, and its entity's other
    #: names are often acronyms or spellings without the second word ("El Cairo" / Cairo,
    #: Le Caire), which would only drag it down (support for two-word queries cost 2 points
    #: of accuracy on both evaluation splits).
    support: float = 0.5
    support_words: int = 1
    #: A one-word name in Latin letters that is this common in English (wordfreq's Zipf scale,
    #: 3 is once per million words) matches only a name written as it is: fuzzily, "Hope" was
    #: Kobe, "Court" Surat, "George" Gorky (Nizhny Novgorod), "Harming" Harbin. Variants are
    #: rare words (Pkhenyan, Khuejchzhou: 0); Seoul (3.9) and Bombay (3.7) are listed as
    #: written. At 3.5, 313 of the words ranked 8,000-30,000 still matched fuzzily; at 3.0, 16.
    common_word_zipf: float = 3.0
    #: Weight of the learned edit model's similarity (``score.EditModel``) in the scores of an
    #: entity's ``edit_names`` closest names; the rest is the best rule view's.
    edit_weight: float = 0.2
    edit_names: int = 2
    #: Queries of more words (trailing designators aside) are scored by the rule views alone
    #: and need ``words_threshold`` and ``margin``: the model compares the letters of one name,
    #: and several words are the word alignment's business, whose rules were set for that bar
    #: (at 0.76, "Vladimir Kolokoltsev" was Vladimir Kolotov, "Hu Jintao" Qingdao, and the
    #: Department of Justice the Department of State).
    edit_words: int = 1
    words_threshold: float = 0.84
    #: A reading of a query whose closest candidate key (folded, by edit similarity) is less
    #: similar than this is not scored: most spans a text proposes are no names, and scoring
    #: them cost most of a real news text's time. The highest floor under which no result of
    #: eval/tune changes (0.7 loses 4 of its matches): ``scripts/floor.py eval/tune``.
    floor: float = 0.65
    #: Folded keys shorter than this never match fuzzily: too many short names are near misses.
    min_fuzzy_length: int = 4
    #: Nor do keys longer than this (the longest listed names, treaties', run to about 70
    #: letters): the edit model's cost grows with the square of a name's length.
    max_fuzzy_length: int = 160
    #: Trigram candidates per query; of those, the ``closest`` by edit similarity are scored,
    #: and then every name of the best ``entities``. Not two: where threshold and margin
    #: decide (large tables), the third keeps a runner-up that the margin needs (with two,
    #: ``scripts/probe_bundled.py`` matched 273 unlisted cities' names, not 257).
    candidates: int = 64
    closest: int = 8
    entities: int = 3


@dataclass(frozen=True, slots=True)
class RunnerUp:
    """The best other entity, for judging how clear a decision was."""

    entity_id: str
    canonical: str
    score: float


@dataclass(frozen=True, slots=True)
class Explanation:
    """What decided a match: the stage, the name it matched, and every view's figure (the
    ``learned`` one, when present, is blended into the score, not a rival view)."""

    stage: str
    matched_name: str
    views: tuple[ViewScore, ...]
    #: The threshold that applied (``threshold`` or ``words_threshold``).
    threshold: float
    margin: float
    #: The query's reading that matched, when it was not the query as written: the pinyin
    #: reading of a Wade-Giles, postal, Russian (Palladius), Czech or Korean name ("guang zhou
    #: shi" for "Kuang-chou-shih", "huizhou" for "Хуэйчжоу"), the English spelling of a Slavic
    #: Latin one ("matsuyama" for "Macujama"), the vocalized reading of an Arabic-script,
    #: Hebrew or Indic one ("usaka" for "أوساكا") or of one romanized letter by letter
    #: ("fukuyama" for "fwkwyama"), a name without its Lithuanian case ending or a joined
    #: designator ("aden" for "Adenas", "suwon" for "suwonsi").
    reading: str | None = None
    #: For a one-word query the fuzzy stage scored: the decision model's probability that the
    #: entity is right, and the figures it weighed (``decide.Evidence``).
    confidence: float | None = None
    evidence: Evidence | None = None
    #: How each part of the query's name met the matched name's (``names.PartAgreement``):
    #: for a match by name parts, and for a person's or organisation's fuzzy match.
    parts: tuple[PartAgreement, ...] = ()


#: The methods of a match the fuzzy stage scored, rather than a listed name met exactly.
SCORED_METHODS = frozenset({"transliteration", "fuzzy"})


@dataclass(frozen=True, slots=True)
class Match:
    """A name resolved to one canonical entity."""

    entity_id: str
    canonical: str
    type: str
    score: float
    #: How it was found: "exact", "alias", "transliteration", "fuzzy" or "parts".
    method: str
    explanation: Explanation
    runner_up: RunnerUp | None = None


def type_factor(wanted: str | None, actual: str) -> float:
    """1 for agreeing (or unstated) types, a small cost for related ones, 0 to exclude."""
    if wanted is None or wanted == actual:
        return 1.0
    return RELATED_TYPE_FACTOR if frozenset((wanted, actual)) in RELATED_TYPES else 0.0


def resolve_name(
    index: Index, name: str, *, type: str | None = None, settings: Settings = Settings()
) -> Match | None:
    """Resolve one name against an index; None (NIL) when nothing fits clearly."""
    query = keys(name)
    if not query.plain:
        return None
    latin = is_latin(name)
    # A common English word meets only names written as it is, case aside: not Ísland
    # (Iceland) for "Island", Sŏul for "Soul" or the Thai name of Huế, which reads "we".
    common = is_common_word(name, settings.common_word_zipf)
    as_written = name.strip().casefold()
    # A name longer than any listed one is met as written or not at all: its other readings
    # (pykakasi's for kanji among them) cost more than linear time.
    long = len(query.plain_compact) > settings.max_fuzzy_length
    readings = [query] if common or long else [query, *(keys(r) for r in other_readings(name))]
    # A Wade-Giles name's readings without its aspiration marks are met exactly, never scored.
    exact_readings = readings
    if not (common or long):
        exact_readings = [*readings, *(keys(r) for r in unmarked_readings(name))]
    for reading in exact_readings:
        exact_stages = [("plain", reading.plain_compact, None)]
        if " " in reading.plain:
            exact_stages.append(("bag", reading.bag, "alias"))
        if type in (None, "PERSON") and (korean := korean_name_key(reading.plain)):
            exact_stages.append(("korean", korean, "transliteration"))
        for view, key, method in exact_stages:
            rows = [
                r
                for r in index.exact(view, key)
                if type_factor(type, index.entities[index.rows[r].entity].type) > 0
                and not (index.rows.is_exact_only(r) and is_latin(index.rows.names[r]) != latin)
                and not (common and index.rows.names[r].casefold() != as_written)
                and (view != "bag" or _reorder_fits(index, name, r))
            ]
            if rows:
                if reading is query:
                    return _decide_exact(index, rows, method, query, settings, None)
                return _decide_exact(index, rows, "transliteration", reading, settings,
                                     reading.plain)  # fmt: skip
    if type in (None, "PERSON") and (bare := without_title(name)) is not None:
        # Listed as written or not at all, a titled name is resolved without its title: the
        # title is no spelling of the name, and would only weigh on the fuzzy stage.
        return resolve_name(index, bare, type=type, settings=settings)
    if long:
        return None
    found: dict[str, tuple[list[int], float]] = {}
    by_parts = None
    if type in (None, "PERSON", "ORG"):
        by_parts = _by_parts(index, name, query, type, settings, found, as_written=common)
    if by_parts is not None or common:
        return by_parts
    return _scored(index, name, readings, type, settings, found)


def _decide_exact(
    index: Index, query_rows: list[int], method: str | None, query: Keys, settings: Settings,
    reading: str | None,
) -> Match | None:  # fmt: skip
    entities = {index.rows[r].entity for r in query_rows}
    if len(entities) > 1:
        # A canonical name outranks another entity's alias ("Georgia" the country over an
        # alias of the US state); anything else is a genuine ambiguity.
        canonical = {index.rows[r].entity for r in query_rows if index.rows[r].is_canonical}
        if len(canonical) != 1:
            return None
        entities = canonical
        query_rows = [r for r in query_rows if index.rows[r].entity in canonical]
    row = index.rows[min(query_rows, key=lambda r: (not index.rows[r].is_canonical, r))]
    if method is None:
        method = "exact" if row.is_canonical else "alias"
    views = score_views(query, row.keys)
    return _match(index, row, 1.0, method, views, settings, None, reading)


def _reorder_fits(index: Index, name: str, r: int) -> bool:
    """Whether a query with a listed person's words in another order can be that person: a
    person whose names include one in Han, kana or Hangul (East Asian names are written
    family name first, and often so in Latin letters: "Abe Shinzō"), a Korean name, or a
    name whose parts, read as the query writes them ("MEDVEDEV, Dmitry", "Medvedev Dmitry
    Anatolyevich"), all agree with the listed name's (``names.compare_persons``). "Paul
    Thomas" is not Thomas Paul."""
    entity = index.entities[index.rows[r].entity]
    listed = index.rows.names[r]
    if entity.type != "PERSON" or plain(name).split() == plain(listed).split():
        return True
    if korean_name_key(plain(listed)) or any(
        p.search(n) for n in entity.names for p in (HAN_LETTERS, KANA_LETTERS, HANGUL_LETTERS)
    ):
        return True
    q, n = parse_person(name, query=True), parse_person(listed)
    comparison = compare_persons(q, n) if q and n else None
    if comparison is None or comparison.agrees:
        return True
    # Two words turned round, the first no known given name: the listed name tells which word
    # is the given name ("Usmanov Alisher"), as ``names.parse_person`` lets a known one do.
    words, listed_words = plain(name).split(), plain(listed).split()
    return (
        len(words) == 2
        and words[::-1] == listed_words
        and not is_given_name(words[0])
        and not is_common_word(words[0], ORDER_WORD_ZIPF)
    )


#: A match by name parts needs this lead in score over another entity whose parts agree too
#: ("J. Smith" is neither John nor Jane Smith).
PARTS_LEAD = 0.05


def _by_parts(
    index: Index, name: str, query: Keys, type: str | None, settings: Settings,
    found: dict[str, tuple[list[int], float]], *, as_written: bool = False,
) -> Match | None:  # fmt: skip
    """A person or organisation whose name agrees with the query part by part
    (``names.compare_persons``, ``names.compare_orgs``): "D. A. Medvedev", "Bill Clinton",
    "Siemens Aktiengesellschaft", "OOO Romashka" in Cyrillic. Candidates are the names the
    query as written and its core ("Dmitry Medvedev", "Siemens") meet by trigrams, and those
    its core, family name, acronym or initials meet exactly (``Index.initialisms``). A
    person's names are compared in Latin or Cyrillic letters only (``names.alphabetic``): the
    parts of a name in another script are the readings' business. ``as_written``: only names
    whose words are the query's, legal forms aside (a common English word, "Shell", is no
    spelling of another name)."""
    if not index.entity_types() & {"PERSON", "ORG"}:
        return None
    if type is None:
        # Most names of no stated type are spans of text: read into parts only when they have
        # two words at least and the fuzzy stage's own candidates (searched once, ``found``)
        # hold a person or an organisation at all.
        if " " not in query.plain:
            return None
        key = query.folded_compact
        if (got := found.get(key)) is None:
            got = found[key] = _candidate_rows(index, key, settings)
        kinds = {index.entities[index.rows.entity_of(r)].type for r in got[0]}
        if not kinds & {"PERSON", "ORG"}:
            return None
    person = None
    if type in (None, "PERSON") and alphabetic(name) and not as_written:
        person = parse_person(name, query=True)
    if person is not None and not (person.given and person.family):
        person = None
    # Of a name of no stated type, only one with a legal form is read as an organisation's:
    # most such names are spans of text, and the fuzzy stage meets the rest.
    org = parse_org(name) if type in (None, "ORG") else None
    if org is not None and not (org.words and (type == "ORG" or org.forms)):
        org = None
    if person is None and org is None:
        return None
    rows: set[int] = set()
    # The query as written shares its trigram search with the fuzzy stage (``found``); its
    # core ("Dmitry Medvedev" of "MEDVEDEV, Dmitry Anatolyevich") is searched too, and the
    # family name alone looked up as listed.
    cores = [query.folded_compact]
    if person is not None:
        family = " ".join(w.text for w in person.family)
        core = f"{person.given[0].text} {family}"
        cores.append(compact(folded(core)))
        rows.update(index.exact("plain", compact(plain(core))))
        rows.update(index.exact("plain", compact(plain(family))))
    if org is not None:
        cores.append(compact(folded(" ".join(org.words))))
        rows.update(index.exact("plain", compact(" ".join(org.words))))
        # An acronym meets the names it abbreviates; a long name, its listed acronym.
        if org.acronym:
            rows.update(index.initialisms(org.acronym))
        for initials in initialisms(org.words):
            rows.update(index.exact("plain", initials))
    # A span of text (no stated type) searches no more than the fuzzy stage would: its core is
    # met exactly only.
    for key in dict.fromkeys(cores if type is not None else cores[:1]):
        if (got := found.get(key)) is None:
            got = found[key] = _candidate_rows(index, key, settings)
        rows.update(got[0])
    wanted = {"PERSON"} if org is None else {"ORG"} if person is None else {"PERSON", "ORG"}
    agreeing: list[tuple[float, int, int, Comparison]] = []
    for e in sorted({index.rows.entity_of(r) for r in rows}):
        entity = index.entities[e]
        if entity.type not in wanted or type_factor(type, entity.type) == 0:
            continue
        if entity.type == "PERSON" and surname_first(entity):
            continue
        best: tuple[float, int, Comparison] | None = None
        for r in index.entity_rows[e]:
            listed = index.rows.names[r]
            comparison = None
            if entity.type == "PERSON" and person is not None and alphabetic(listed):
                parsed = parse_person(listed)
                comparison = compare_persons(person, parsed) if parsed else None
            elif entity.type == "ORG" and org is not None:
                parsed_org = parse_org(listed)
                comparison = compare_orgs(org, parsed_org) if parsed_org else None
                # An acronym in capitals is no English word ("WHO").
                if as_written and comparison and comparison.parts[0].how not in ("same", "acronym"):
                    comparison = None
            if (
                comparison is not None
                and comparison.agrees
                and (best is None or comparison.score > best[0])
            ):
                best = (comparison.score, r, comparison)
        if best is not None:
            agreeing.append((best[0], e, best[1], best[2]))
    if not agreeing:
        return None
    agreeing.sort(key=lambda t: (-t[0], t[1]))
    if len(agreeing) > 1 and round(agreeing[0][0] - agreeing[1][0], 4) < PARTS_LEAD:
        return None
    score, e, r, comparison = agreeing[0]
    ru = None
    if len(agreeing) > 1:
        other = index.entities[agreeing[1][1]]
        ru = RunnerUp(other.id, other.name, agreeing[1][0])
    entity, row = index.entities[e], index.rows[r]
    # The letters' views would only mislead here ("D. A. Medvedev" and "Dmitry Medvedev" share
    # few): the parts decided, and they are the explanation.
    explanation = Explanation("parts", row.name, (), 0.0, PARTS_LEAD, parts=comparison.parts)
    return Match(entity.id, entity.name, entity.type, score, "parts", explanation, ru)


def _scored(
    index: Index, name: str, readings: list[Keys], type: str | None, settings: Settings,
    found: dict[str, tuple[list[int], float]],
) -> Match | None:  # fmt: skip
    # Each reading of the query is scored on its own; an entity keeps its best reading's score.
    # Readings often fold as the query does ("zhuzhangzhhu", "zhoujangzhhou"): their candidate
    # names, which depend on the folded key alone, are found once (``found``).
    best: dict[int, tuple[_Candidate, Keys]] = {}
    for query in readings:
        for cand in _entity_scores(index, query, type, settings, found):
            kept = best.get(cand.entity)
            if kept is None or cand.score > kept[0].score:
                best[cand.entity] = (cand, query)
    if not best:
        return None
    ranked = sorted(best, key=lambda e: (-best[e][0].score, e))
    e = ranked[0]
    cand, query = best[e]
    score, r, views = cand.score, cand.row, cand.views
    runner = best[ranked[1]][0] if len(ranked) > 1 else None
    runner_score = runner.score if runner else 0.0
    row = index.rows[r]
    reading = None if query is readings[0] else query.plain
    same_key = row.keys.folded_compact == query.folded_compact or reading is not None
    evidence = confidence = None
    if _one_word(query, settings):
        threshold = settings.threshold
        evidence = Evidence(
            score=score,
            lead=lead(score, runner_score),
            learned=_view_score(views, "learned"),
            runner_learned=_view_score(runner.views, "learned") if runner else 0.0,
            second_name=cand.second_name,
            log_names=math.log(len(index.entity_rows[e])),
            transliteration=float(same_key),
            pinyin=float(readings[0].pinyin and _lists_pinyin(index, e)),
            length=min(len(readings[0].plain_compact), LENGTH_CAP) / LENGTH_CAP,
            skeleton=_view_score(views, "skeleton"),
        )
        cutoff = settings.confidence if index.fuzzy_names <= settings.model_max_names else None
        if cutoff is not None:
            confidence = decision_model().probability(evidence)
        if not accepts_one_word(
            evidence,
            confidence,
            cutoff=cutoff,
            threshold=settings.threshold,
            margin=settings.margin,
        ):
            return None
    else:
        threshold = settings.words_threshold
        if score < threshold or lead(score, runner_score) < settings.margin:
            return None
        if not _name_fits(query, index.entities[e], row.name):
            return None
    parts = _parts(name, index.entities[e], row.name)
    if parts is not None and parts.contradicts:
        return None
    ru = None
    if runner:
        other = index.entities[ranked[1]]
        ru = RunnerUp(other.id, other.name, round(runner_score, 4))
    entity = index.entities[e]
    if entity.type in DEMONYM_TYPES and any(
        is_demonym(query.plain, key) for key in (row.keys.plain, plain(entity.name))
    ):
        return None
    method = "transliteration" if same_key else "fuzzy"
    return _match(index, row, score, method, views, settings, ru, reading,
                  threshold, confidence, evidence, parts.parts if parts else ())  # fmt: skip


def _parts(name: str, entity: Entity, listed: str) -> Comparison | None:
    """A scored match's query and listed name compared part by part, when both are a person's
    or an organisation's names in Latin letters that ``names`` can read (not a person written
    surname first, ``surname_first``): the match stands unless a part contradicts it
    (``names.contradiction``). The scores weigh letters, so a look-alike that differs in one
    short part ("Olga" for Oleg, "Africa" for America) can score high."""
    if not (is_latin(name) and is_latin(listed)):
        return None
    if entity.type == "PERSON" and not surname_first(entity):
        q, n = parse_person(name, query=True), parse_person(listed)
        return compare_persons(q, n) if q and n else None
    if entity.type == "ORG":
        qo, no = parse_org(name), parse_org(listed)
        return compare_orgs(qo, no) if qo and no else None
    return None


@lru_cache(maxsize=65536)
def surname_first(entity: Entity) -> bool:
    """Whether a person's English name puts the surname first: a Korean (a name in Hangul, or
    a Korean key of the canonical name), or a Chinese name (a name in Han characters, no kana,
    whose Mandarin reading starts as the English name does: 习近平, "Xi Jinping"). Japanese names
    are written given name first in English, and their characters read otherwise in Mandarin
    (星野健二 is not "Kenji Hoshino")."""
    names = entity.names
    if any(HANGUL_LETTERS.search(n) for n in names) or korean_name_key(plain(entity.name)):
        return True
    if any(KANA_LETTERS.search(n) for n in names):
        return False
    first = folded(entity.name).split()[:1]
    return bool(first) and any(
        HAN_LETTERS.search(n) and folded(n).split()[:1] == first for n in names
    )


#: The Russian endings of a surname (on its folded key), which Central Asian forms of the same
#: name drop ("Dzhaksybekova" and "Zhaksybek").
_RUSSIAN_ENDING = re.compile(r"(?<=[a-z]{5})(?:ova|eva|yeva|ov|ev|yev|ina|in)$")


def _name_fits(query: Keys, entity: Entity, name: str) -> bool:
    """``_surname_fits`` against the name that matched or the entity's canonical name."""
    return any(_surname_fits(query, entity, n) for n in dict.fromkeys((name, entity.name)))


def _surname_fits(query: Keys, entity: Entity, name: str) -> bool:
    """Whether a scored name of several words keeps a listed person's surname and given name:
    the last words' name-part keys (``keys.part_key``) within ``names.typo_budget`` edits, the first
    words alike (see below). A look-alike who shares a given name and the start of a
    surname ("Tom Hanks" and a "Tom Hankins") is another person, and so is one who shares only
    the surname; a surname without its Russian ending is the same one. A Korean name keeps its
    surname's group (``keys.KOREAN_SURNAMES``); otherwise names written surname first
    (``surname_first``) are the word alignment's alone."""
    if entity.type != "PERSON":
        return True
    q, n = query.plain.split(), plain(name).split()
    if len(q) < 2 or len(n) < 2:
        return True
    if korean_name_key(plain(name)):
        return _korean_fits(q, n)
    if surname_first(entity):
        return True
    a, b = part_key(q[-1]), part_key(n[-1])
    if (
        not same_given_name(folded(q[-1]), folded(n[-1]))
        and _RUSSIAN_ENDING.sub("", a) != _RUSSIAN_ENDING.sub("", b)
        and Levenshtein.distance(a, b) > typo_budget(max(len(a), len(b)))
    ):
        return False
    # A relative or namesake shares the surname but not the given name ("Hamza bin Laden"). A
    # given name varies more than a surname across languages (Vladimir, Volodymyr; Mikhail,
    # Michael): it must start alike and share half its letters, or share most of them. An
    # initial says too little to tell.
    if same_given_name(folded(q[0]), folded(n[0])):
        return True
    a, b = part_key(q[0]), part_key(n[0])
    if len(a) < 3:
        return True
    similarity = Indel.normalized_similarity(a, b)
    return similarity >= 0.7 or (q[0][0] == n[0][0] and similarity >= 0.5)


def _korean_fits(q: list[str], n: list[str]) -> bool:
    """Whether a query of several words can be the listed Korean name ``n`` by its surname and
    its given name's syllables (``_korean_onsets_agree``). Korean surnames are few and
    distinct: "Im Chon-il" is not Kim Jong Il. The listed name's surname is its first word's
    group, else its last's; the query may write it first or last ("Jong Un Kim"). A first word
    that is no surname may be a misspelt one ("Kem Il Sung"): the scores decide then."""
    listed, given_n = KOREAN_SURNAMES.get(n[0]), n[1:]
    if listed is None:
        listed, given_n = KOREAN_SURNAMES.get(n[-1]), n[:-1]
    first = KOREAN_SURNAMES.get(q[0])
    if first is None:
        return True
    if first == listed:
        return _korean_onsets_agree(q[1:], given_n)
    if KOREAN_SURNAMES.get(q[-1]) == listed:
        return _korean_onsets_agree(q[:-1], given_n)
    return False


#: Consonants that start a Korean syllable, by the sound romanizations share: voiced and
#: voiceless stops and affricates meet (RR against McCune-Reischauer), and so do the liquid, the
#: nasal n and nothing (the initial-sound law: Ri, Lee, Yi; Ryong, Yong). A y or w before the
#: vowel belongs to it.
_ONSETS = (("b", "b"), ("p", "b"), ("d", "d"), ("t", "d"), ("g", "g"), ("k", "g"),
           ("chzh", "j"), ("ch", "j"), ("dzh", "j"), ("dz", "j"), ("j", "j"), ("ts", "j"),
           ("z", "j"), ("cz", "j"), ("c", "j"), ("tch", "j"), ("tj", "j"), ("sh", "s"),
           ("s", "s"), ("h", "h"), ("m", "m"), ("r", ""), ("l", ""), ("n", ""))  # fmt: skip


_ONSETS_LONGEST_FIRST = sorted(_ONSETS, key=lambda o: -len(o[0]))
#: Polish and Czech write Korean j as dz or dž and y as j ("Kim Jo Dzong" is Kim Yo Jong).
_SLAVIC_J = re.compile(r"dz|cz|sz")


def _onset(syllable: str, slavic: bool = False) -> str:
    if slavic and syllable.startswith("j"):
        return ""
    for spelling, sound in _ONSETS_LONGEST_FIRST:
        if syllable.startswith(spelling):
            return sound
    return ""


def _korean_onsets_agree(given_q: list[str], given_n: list[str]) -> bool:
    """Whether two Korean given names, when both are written in separate syllables, start each
    syllable with the same consonant sound (``_ONSETS``): the vowels and finals vary across
    romanizations, the consonant that starts a syllable does not. A relative or namesake often
    shares the surname and one syllable ("Kim Jong-pil" is not Kim Jong Il)."""
    if len(given_q) != len(given_n) or len(given_q) < 2:
        return True
    slavic = [bool(_SLAVIC_J.search(" ".join(g))) for g in (given_q, given_n)]
    return all(
        _onset(a, slavic[0]) == _onset(b, slavic[1]) for a, b in zip(given_q, given_n, strict=True)
    )


def _lists_pinyin(index: Index, entity: int) -> bool:
    """Whether one of an entity's names is pinyin-shaped (a Chinese place's usually is)."""
    plain_keys = index.rows.plain
    return any(is_pinyin(plain_keys[r]) for r in index.entity_rows[entity])


def _view_score(views: tuple[ViewScore, ...], view: str) -> float:
    """A view's score among a name's views; 0 when that view did not apply."""
    return next((v.score for v in views if v.view == view), 0.0)


class _Candidate(NamedTuple):
    """One entity as the fuzzy stage scored it for one reading of a query."""

    score: float
    entity: int
    #: The deciding name's row and its views.
    row: int
    views: tuple[ViewScore, ...]
    #: The rule score of the entity's second-closest name (see ``decide.Evidence``).
    second_name: float


def _entity_scores(
    index: Index, query: Keys, type: str | None, settings: Settings,
    found: dict[str, tuple[list[int], float]],
) -> list[_Candidate]:  # fmt: skip
    """The best candidate entities for one reading of a query (``found``: the candidate rows
    of the folded keys met so far)."""
    folded = query.folded_compact
    if (got := found.get(folded)) is None:
        got = found[folded] = _candidate_rows(index, folded, settings)
    rows, closest = got
    if not rows or closest < settings.floor:
        return []
    one_word = _one_word(query, settings)
    # A name is often reached twice (as a candidate, then as one of its entity's names).
    memo: dict[int, tuple[ViewScore, ...]] = {}

    def views_of(r: int) -> tuple[ViewScore, ...]:
        if r not in memo:
            memo[r] = score_views(query, index.rows[r].keys)
        return memo[r]

    best_row: dict[int, tuple[float, int]] = {}
    for r in rows:
        row = index.rows[r]
        s = best_view(views_of(r)).score
        if s > best_row.get(row.entity, (-1.0, -1))[0]:
            best_row[row.entity] = (s, r)
    support = settings.support if len(query.plain.split()) <= settings.support_words else 0.0
    blend = bool(settings.edit_weight) and one_word
    shortlist = sorted(best_row, key=lambda e: (-best_row[e][0], e))[: settings.entities]
    scored = []
    for e in shortlist:
        factor = type_factor(type, index.entities[e].type)
        if factor == 0:
            continue
        per_name = sorted(
            ((best_view(v).score, r, v) for r in _closest_names(index, e, query, memo)
             if (v := views_of(r))),
            key=lambda t: (-t[0], t[1]),
        )  # fmt: skip
        second_name = per_name[1][0] if len(per_name) > 1 else 0.0
        if blend:
            # Only the closest names: the learned model costs a dynamic program per pair, and
            # a name further down does not become the best or the second.
            head = []
            for s, r, v in per_name[: settings.edit_names]:
                blended, views = _with_edits(s, query, index.rows[r].keys, v, settings.edit_weight)
                head.append((blended, r, views))
            per_name[: settings.edit_names] = sorted(head, key=lambda t: (-t[0], t[1]))
        top, top_row, top_views = per_name[0]
        # A name less than half the query's length (an acronym, a short form) is no
        # spelling of it and says nothing for or against it.
        least = len(query.plain_compact) // 2
        second = next(
            (
                s
                for s, r, _ in per_name[1:]
                if len(index.rows[r].keys.plain_compact) >= least
                and not _transcribes(index, r, top_row)
            ),
            top,
        )
        score = factor * (top + support * second) / (1 + support)
        scored.append(_Candidate(score, e, top_row, top_views, second_name))
    return scored


def _candidate_rows(index: Index, folded: str, settings: Settings) -> tuple[list[int], float]:
    """Rows of the names with this folded key, and of the trigram stage's closest keys; and the
    edit similarity of the closest key (1 for the key itself)."""
    rows = index.exact("folded", folded)
    closest = 1.0 if rows else 0.0
    if len(folded) >= settings.min_fuzzy_length:
        key_ids = index.candidates(folded, limit=settings.candidates)
        nearest = index.nearest(folded, key_ids, keep=settings.closest)
        closest = max([closest, *(score for _, score in nearest)])
        rows.extend(index.rows_of_keys(k for k, _ in nearest))
    return rows, closest


def _one_word(query: Keys, settings: Settings) -> bool:
    """Whether a query is one name for the edit model: at most ``edit_words`` words besides
    trailing designators ("hujisawa si" is one)."""
    return len(strip_designators(query.plain).split()) <= settings.edit_words


def _with_edits(
    score: float, query: Keys, name: Keys, views: tuple[ViewScore, ...], weight: float
) -> tuple[float, tuple[ViewScore, ...]]:
    """A name's score blended with the learned edit model's similarity, and its views with
    that figure added (``learned``) for the explanation."""
    learned = edit_model().similarity(query.plain_core, name.plain_core)
    view = ViewScore("learned", query.plain_core, name.plain_core, learned)
    return (1 - weight) * score + weight * learned, (*views, view)


def _transcribes(index: Index, r: int, of: int) -> bool:
    """Whether a name is another's spelling in another script: the same plain key, one in Latin
    letters and one not (Tianjin's 천진 and "Cheonjin").

    Such a pair is one spelling written twice, not two spellings that agree, and gives an
    entity's score no support: it let "Chongjin", another city, reach Tianjin.
    """
    names = index.rows.names
    return index.rows.plain[r] == index.rows.plain[of] and is_latin(names[r]) != is_latin(names[of])


#: Of an entity's names, this many closest by edit similarity of folded keys, and as many of
#: plain keys (plus any already scored), get every view: a generated city lists dozens of
#: spellings, and only the best two count.
ENTITY_NAMES = 6


def _closest_names(
    index: Index, entity: int, query: Keys, scored: dict[int, tuple[ViewScore, ...]]
) -> list[int]:
    rows = index.entity_rows[entity]
    if len(rows) <= ENTITY_NAMES:
        return rows
    chosen = {r for r in rows if r in scored}
    # From the index's key columns: building every name's Keys would cost more than this.
    for column, view in ((index.rows.folded, query.folded_compact),
                         (index.rows.plain, query.plain_compact)):  # fmt: skip
        names = [compact(k) for k in column.take(rows)]
        best = process.extract(view, names, scorer=Indel.normalized_similarity,
                               limit=ENTITY_NAMES)  # fmt: skip
        chosen.update(rows[i] for _, _, i in best)
    return sorted(chosen)


def listed_match(index: Index, entity: int, method: str, reading: str | None = None) -> Match:
    """A match that the text around a name decided, not the name's spelling: ``partial`` (a
    person named by one part of their name that no other person of the table has, ``reading``
    the part as written) or ``composite`` (a body named within its organisation, "the HWP
    Central Committee"). Score 1."""
    e = index.entities[entity]
    explanation = Explanation(method, e.name, (), 1.0, 0.0, reading=reading)
    return Match(e.id, e.name, e.type, 1.0, method, explanation)


def _match(
    index: Index, row: Row, score: float, method: str,
    views: tuple[ViewScore, ...], settings: Settings, runner_up: RunnerUp | None,
    reading: str | None = None, threshold: float | None = None,
    confidence: float | None = None, evidence: Evidence | None = None,
    parts: tuple[PartAgreement, ...] = (),
) -> Match:  # fmt: skip
    entity = index.entities[row.entity]
    if threshold is None:
        threshold = settings.threshold
    explanation = Explanation(method, row.name, views, threshold, settings.margin, reading,
                              confidence, evidence, parts)  # fmt: skip
    return Match(entity.id, entity.name, entity.type, round(score, 4), method, explanation,
                 runner_up)  # fmt: skip
