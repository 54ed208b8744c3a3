"""The document stage: a text's mentions from every source, resolved with the document in view.

It takes a ``Resolver`` (the table, its index and its decision) and a text with the entities a
statistical model found there, or a spaCy ``Doc`` (``doc_mentions``), and gives frozen
``Mention`` values. ``find_mentions`` runs the steps in order:

1. gazetteer and model spans, resolved; the longest, then the most trusted, kept;
2. the spotter over capitalized runs that nothing resolved;
3. document context: a partial name ("Kim", "President Moon", "Pompeo") resolves to the entity
   whose fuller mention appears in the same text (the one mentioned most often before it, the
   nearest of equals; else the most frequent), and an abbreviation defined in the text
   ("Korean Central News Agency (KCNA)") to the entity it abbreviates. With no such mention, or
   two equally likely, it stays NIL.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, Any

from .detect import (
    CONNECTORS,
    NAME_LABELS,
    NOT_NAME_OR_TITLE,
    Candidate,
    Intervals,
    Spotting,
    Unit,
    after_title,
    capitalized_runs,
    covered_units,
    ends_an_institution,
    name_continues,
    name_parts,
    new_part,
    org_run_on,
    select,
    span_parts,
    spot,
    starts_a_sentence,
    strip_affixes,
    unit_range,
    units,
)
from .index import Index
from .keys import part_key, plain
from .resolve import Match, listed_match, type_factor
from .resolver import Resolver
from .words import DEMONYM_TYPES, PLURAL_DEMONYM_ENDINGS, is_demonym

if TYPE_CHECKING:
    from spacy.tokens import Doc

#: An abbreviation defined right after a name: "Korean Central News Agency (KCNA)".
_ABBREVIATION = re.compile(r"[ \t]*\([ \t]*([A-Z][A-Za-z&.\-]{1,11})[ \t]*\)")
#: Types whose names head longer names of other things ("Vienna Convention").
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
#: Words of one name: a space or a hyphen between them, not a full stop.
_TIGHT = re.compile(r"[ \t\u00a0]{1,2}|[-\u2010\u2011]")
DEFAULT_SPOTTING = Spotting()
_HYPHEN_GAP = re.compile(r"[-\u2010\u2011]")
#: A possessive ending a name inside a longer one ("Lee's Office").
_POSSESSIVE = re.compile(r"['\u2019]s\b")
#: What may stand between a possessive and the name it belongs to.
_SPACES = re.compile(r"[ \t\u00a0]+")
#: Longest partial name considered, in name parts ("Jong Un" of "Kim Jong Un").
PARTIAL_MAX_PARTS = 2


@dataclass(frozen=True, slots=True)
class Mention:
    """One span of a text that names something, resolved or not (NIL)."""

    #: Character offsets into the input: ``input[start:end] == text``.
    start: int
    end: int
    text: str
    #: The entity's type when resolved, else the model's label (None when it had none).
    label: str | None
    entity_id: str | None
    canonical: str | None
    score: float | None
    #: "exact", "alias", "transliteration", "fuzzy", or "context" (partial names and
    #: abbreviations resolved through another mention of the same text); None for NIL.
    method: str | None
    #: Which detector found the span: "gazetteer", "model", "spotter" or "context".
    source: str

    @property
    def resolved(self) -> bool:
        return self.entity_id is not None

    def to_dict(self) -> dict[str, Any]:
        """The mention as a mapping of its fields (JSON- and msgpack-safe)."""
        return {f: getattr(self, f) for f in _MENTION_FIELDS}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Mention:
        return cls(**data)


_MENTION_FIELDS = tuple(f.name for f in fields(Mention))


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A text and its mentions; ``text`` has every resolved mention replaced by its canonical
    name, everything else untouched."""

    original: str
    text: str
    mentions: tuple[Mention, ...]

    @property
    def resolved(self) -> tuple[Mention, ...]:
        return tuple(m for m in self.mentions if m.resolved)


ModelEntity = tuple[int, int, str]


def doc_mentions(
    resolver: Resolver, doc: Doc, *, spotting: Spotting = DEFAULT_SPOTTING
) -> list[Mention]:
    """Every mention in a spaCy doc, with the doc's entities as the model's."""
    upstream = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    return find_mentions(resolver, doc.text, upstream, spotting=spotting)


def find_mentions(
    resolver: Resolver,
    text: str,
    model_entities: Iterable[ModelEntity] = (),
    *,
    spotting: Spotting = DEFAULT_SPOTTING,
) -> list[Mention]:
    """Every mention in ``text``, sorted and non-overlapping (see the module's docstring), given
    the entities a model found there as (start, end, label)."""
    index, us = resolver.index, units(text)
    cands = _listed_and_model(resolver, text, us, model_entities)
    # A demonym stays a mention (the model's NORP, say), only not of the place; a place that
    # ends an institution's name is no mention at all.
    cands = [replace(c, match=None) if _is_demonym(text, c) else c for c in cands]
    inside: list[Candidate] = []
    kept: list[Candidate] = []
    for c in cands:
        (inside if _ends_an_institution(text, c) else kept).append(c)
    cands = kept
    chosen = select([c for c in cands if c.match])
    # The places inside a name stay taken: no other source may propose them again.
    if spotting.enabled:
        chosen = select(chosen + _spotted(resolver, text, us, chosen + inside, spotting))
    chosen = select(chosen + _composites(resolver, text, us, [*chosen, *inside]))
    context = _in_context(resolver, text, us, chosen, cands, inside)
    context += _possessive_owners(resolver, text, us, [*chosen, *context], cands, inside)
    chosen = _run_on(text, select(chosen + context))
    taken = Intervals()
    for c in chosen:
        taken.add(c.start, c.end)
    unresolved = [c for c in cands if not c.match and not taken.overlaps(c.start, c.end)]
    return [_mention(index, text, c) for c in select(chosen + unresolved)]


def _listed_and_model(
    resolver: Resolver, text: str, us: Sequence[Unit], model_entities: Iterable[ModelEntity]
) -> list[Candidate]:
    """The gazetteer's listed names and the model's entities, each resolved."""
    lookup, index = resolver.lookup, resolver.index
    cands: list[Candidate] = []
    hits = resolver.gazetteer.find(text, us)
    starts = {i for i, _, _ in hits}
    for i, j, rows in hits:
        match = lookup(text[us[i].start : us[j - 1].end])
        if (
            match is None
            and index.rows[rows[0]].keys.plain.startswith("the ")
            and len({index.rows[r].entity for r in rows}) == 1
        ):
            # "the Gazette": the listed name is "The Gazette", and the word alone may be common.
            match = lookup(index.rows[rows[0]].name)
        if match and match.type in PLACE_TYPES and _heads_a_longer_name(text, us, j, starts):
            continue
        claimants = () if match else tuple(sorted({index.rows[r].entity for r in rows}))
        cands.append(Candidate(us[i].start, us[j - 1].end, "gazetteer", match, None, claimants))
    for start, end, label in model_entities:
        if label not in NAME_LABELS or (r := unit_range(us, start, end)) is None:
            continue
        i, j = strip_affixes(us, *r)
        match = lookup(text[us[i].start : us[j - 1].end])
        # The model's label and the entity's type must agree (or be related, as taggers confuse
        # GPE and ORG): a person is no place. A listed name is the gazetteer's to find anyway,
        # and a variant the spotter's: a small model's labels of odd spellings are often wrong
        # (refusing the spotter's matches over them cost the seed texts 3 points of recall).
        if match and type_factor(label, match.type) == 0:
            match = None
        if match:
            # A model cuts a name before a word it reads as English: "Kim Chen In" (Kim Jong
            # Un through Russian) was "Kim Chen" and "In". The longest continuation that names
            # the same entity, and fits it better, is the mention.
            for k in range(name_continues(text, us, i, j), j, -1):
                longer = lookup(text[us[i].start : us[k - 1].end])
                if longer and longer.entity_id == match.entity_id and longer.score > match.score:
                    j, match = k, longer
                    break
        cands.append(Candidate(us[i].start, us[j - 1].end, "model", match, label))
    return cands


def _composites(
    resolver: Resolver, text: str, us: Sequence[Unit], found: Sequence[Candidate]
) -> list[Candidate]:
    """Bodies named within an organisation the text names ("Central Military Commission of
    the Harbour Workers' Party", "HWP Cabinet"), when the tables list the body under the
    organisation's own name (``Resolver.composites``): the longest body first."""
    composites = resolver.composites
    if not composites:
        return []
    out = []
    for c in found:
        span = unit_range(us, c.start, c.end) if c.match else None
        if span is None:
            continue
        owner = resolver.index.position[c.match.entity_id]  # type: ignore[union-attr]
        i, j = span
        for bounds in (_body_before(text, us, i), _body_after(text, us, j)):
            for a, b in bounds:
                key = "".join(u.key for u in us[a:b])
                entity = composites.get((key, owner))
                if entity is not None:
                    match = listed_match(resolver.index, entity, "composite")
                    start, end = min(us[a].start, c.start), max(us[b - 1].end, c.end)
                    out.append(Candidate(start, end, "composite", match))
                    break
    return out


#: Longest body's name tried before or after its organisation's, in units.
BODY_MAX_UNITS = 6


def _body_before(text: str, us: Sequence[Unit], i: int) -> list[tuple[int, int]]:
    """Unit ranges of the capitalized words ending just before "of (the)" and unit ``i``,
    longest first."""
    k = i - 1
    if k >= 0 and us[k].text.casefold() == "the":
        k -= 1
    if k < 1 or us[k].text != "of":
        return []
    end = k
    start = end
    while (
        start > 0
        and end - start < BODY_MAX_UNITS
        and _TIGHT.fullmatch(text, us[start - 1].end, us[start].start)
        and (us[start - 1].capitalized or us[start - 1].text in CONNECTORS)
    ):
        start -= 1
    return [(a, end) for a in range(start, end) if us[a].capitalized]


def _body_after(text: str, us: Sequence[Unit], j: int) -> list[tuple[int, int]]:
    """Unit ranges of the capitalized words right after unit ``j - 1``, longest first."""
    end = j
    while (
        end < len(us)
        and end - j < BODY_MAX_UNITS
        and us[end].capitalized
        and _TIGHT.fullmatch(text, us[end - 1].end, us[end].start)
    ):
        end += 1
    return [(j, b) for b in range(end, j, -1)]


def _run_on(text: str, chosen: list[Candidate]) -> list[Candidate]:
    """Organisations' mentions with the words that run on after their names (``News
    Agency``), where no other mention starts."""
    out = []
    for k, c in enumerate(chosen):
        if c.match is not None and c.match.type == "ORG":
            end = org_run_on(text, c.end)
            if end != c.end and (k + 1 == len(chosen) or chosen[k + 1].start >= end):
                c = replace(c, end=end)
        out.append(c)
    return out


def _spotted(
    resolver: Resolver, text: str, us: Sequence[Unit], chosen: Sequence[Candidate],
    spotting: Spotting,
) -> list[Candidate]:  # fmt: skip
    """Variants in the capitalized runs that nothing resolved."""
    found = []
    taken = covered_units(us, chosen)
    for i, j in capitalized_runs(text, us, taken):
        i, j = strip_affixes(us, i, j)
        for s, e, match in spot(text, us, i, j, resolver.lookup, resolver.gazetteer.lists,
                                spotting):  # fmt: skip
            spotted = Candidate(us[s].start, us[e - 1].end, "spotter", match)
            if not _is_demonym(text, spotted):
                found.append(spotted)
    return found


def _ends_an_institution(text: str, c: Candidate) -> bool:
    return (c.match is not None and c.match.type in PLACE_TYPES
            and ends_an_institution(text, c.start))  # fmt: skip


def _is_demonym(text: str, c: Candidate) -> bool:
    """Whether a span that matched a place is its English adjective ("North Korean",
    "Pakistani"), which the fuzzy stage finds close and which some languages' name of a
    country equals (Swahili "Pakistani"). A model's NORP or PERSON label is no help here: a
    small model gives them to "Panmunjom" and "Historic Singapore" too."""
    if c.match is None or c.match.type not in DEMONYM_TYPES:
        return False
    span = plain(text[c.start : c.end])
    return any(
        is_demonym(span, plain(n), PLURAL_DEMONYM_ENDINGS)
        for n in (c.match.canonical, c.match.explanation.matched_name)
    )


def _heads_a_longer_name(text: str, us: Sequence[Unit], j: int, starts: set[int]) -> bool:
    """Whether a place name is followed, in the same name, by a capitalized word that starts no
    listed name: "Vienna Convention", "Washington Post", "Seoul National University" name a
    treaty, a newspaper and a university, not the city. A title is no such word: in
    "US President", "US" is the country."""
    return (
        j < len(us)
        and j not in starts
        and us[j].capitalized
        and us[j].text.casefold() not in NOT_NAME_OR_TITLE
        and _TIGHT.fullmatch(text, us[j - 1].end, us[j].start) is not None
    )


def _in_context(
    resolver: Resolver,
    text: str,
    us: Sequence[Unit],
    chosen: Sequence[Candidate],
    cands: Sequence[Candidate],
    inside: Sequence[Candidate] = (),
) -> list[Candidate]:
    """Partial names and abbreviations resolved through the text's resolved mentions, and a
    person's one-part name through the tables when no mention of the text names them."""
    index = resolver.index
    abbreviations: dict[str, Match] = {}
    for c in chosen:
        m = _ABBREVIATION.match(text, c.end)
        if m and c.match:
            abbreviations.setdefault(m.group(1).replace(".", ""), c.match)
    partial = _partial_names(index, text, us, chosen)
    labels = {(c.start, c.end): c.label for c in cands if not c.match}
    antecedents = _Antecedents(index, chosen)
    # A place named within an institution's name is still named: "the Ministry of Defence of
    # Ukraine" makes Ukraine an owner of bodies.
    owners = set(antecedents.starts) | {
        index.position[c.match.entity_id] for c in inside if c.match
    }
    out: list[Candidate] = []
    taken = covered_units(us, [*chosen, *inside])
    runs = list(capitalized_runs(text, us, taken))
    # A possessive ends a run, but a body may be named across one ("the President's Office"):
    # the two runs together are tried first.
    across = [
        (a[0], b[1])
        for a, b in itertools.pairwise(runs)
        if a[1] == b[0]
        and (m := _POSSESSIVE.match(text, us[a[1] - 1].end))
        and _SPACES.fullmatch(text, m.end(), us[b[0]].start)
    ]
    spans = across + runs
    across_spans = set(across)
    spans += [r for c in cands if not c.match and (r := unit_range(us, c.start, c.end))]
    for i0, j0 in dict.fromkeys(spans):
        i, j = strip_affixes(us, i0, j0)
        if any(taken[i:j]):
            continue
        match = abbreviations.get(text[us[i].start : us[j - 1].end].replace(".", ""))
        if match:
            out.append(_context(us, i, j, match))
            taken[i:j] = [True] * (j - i)
            continue
        # A body alone, at the end of the run after a connector ("Later the Cabinet"); not the
        # end of a longer name ("Central Harbour Bureau"). A title may start it ("President's
        # Office").
        for s, _ in _part_bounds(text, us, i0, j):
            whole = s in (i0, i) or us[s - 1].text in CONNECTORS
            if whole and us[s].capitalized and not starts_a_sentence(text, us[s].start):
                body = _body_of_a_mentioned(resolver, us, s, j, owners)
                if body is not None:
                    out.append(Candidate(us[s].start, us[j - 1].end, "context", body))
                    taken[s:j] = [True] * (j - s)
                    j = s
                    break
        # Partial names never span a possessive: its runs come next on their own.
        if j == i or (i0, j0) in across_spans:
            continue
        bounds = _part_bounds(text, us, i, j)
        for size in range(min(PARTIAL_MAX_PARTS, len(bounds)), 0, -1):
            for k in range(len(bounds) - size + 1):
                s, e = bounds[k][0], bounds[k + size - 1][1]
                if any(taken[s:e]):
                    continue
                words = span_parts(text[us[s].start : us[e - 1].end], us[s:e], us[s].start)
                if size == 1 and len(words[0]) < 3:
                    continue
                key = tuple(part_key(w) for w in words)
                entity = antecedents.pick(partial.get(key, set()), us[s].start)
                if entity is not None:
                    out.append(_context(us, s, e, antecedents.match[entity]))
                    taken[s:e] = [True] * (e - s)
                elif _stands_alone(text, us, bounds, k, size) and _a_person(
                    labels.get((us[i0].start, us[j0 - 1].end)), us, s
                ):
                    match = _one_part_of_a_listed_person(resolver, key[0], words[0])
                    if match is not None:
                        out.append(Candidate(us[s].start, us[e - 1].end, "partial", match))
                        taken[s:e] = [True] * (e - s)
    return out


def _possessive_owners(
    resolver: Resolver,
    text: str,
    us: Sequence[Unit],
    found: Sequence[Candidate],
    cands: Sequence[Candidate],
    inside: Sequence[Candidate],
) -> list[Candidate]:
    """The person a possessive names at the start of a span that names nothing listed ("the
    head of Lee's Office", which a model reads as one organisation): a part of a name that the
    text uses for one person elsewhere, so that the possessive stays that person's mention.
    Only through the text's own mentions: a possessive alone says nothing of its owner's type
    ("Jordan's king")."""
    index = resolver.index
    partial = _partial_names(index, text, us, found)
    if not partial:
        return []
    antecedents = _Antecedents(index, found)
    taken = covered_units(us, [*found, *inside])
    out = []
    for c in cands:
        if c.match or (r := unit_range(us, c.start, c.end)) is None:
            continue
        i, j = strip_affixes(us, *r)
        for k in range(i, j - 1):
            if not _POSSESSIVE.match(text, us[k].end):
                continue
            if not any(taken[i : k + 1]) and all(u.capitalized for u in us[i : k + 1]):
                words = span_parts(text[us[i].start : us[k].end], us[i : k + 1], us[i].start)
                fits = partial.get(tuple(part_key(w) for w in words), set())
                entity = antecedents.pick(fits, us[i].start)
                if entity is not None:
                    out.append(_context(us, i, k + 1, antecedents.match[entity]))
            break
    return out


def _body_of_a_mentioned(
    resolver: Resolver, us: Sequence[Unit], i: int, j: int, owners: set[int]
) -> Match | None:
    """The body that units i..j name within one organisation or country the text mentions
    ("the Cabinet" in a text about Japan, "the Central Committee" in one about the
    party), when the tables list it so (``Resolver.composites``); None for none or several."""
    composites = resolver.composites
    if not composites or not owners:
        return None
    key = "".join(u.key for u in us[i:j])
    bodies = {b for o in owners if (b := composites.get((key, o))) is not None}
    if len(bodies) != 1:
        return None
    return listed_match(resolver.index, bodies.pop(), "composite")


def _partial_names(
    index: Index, text: str, us: Sequence[Unit], chosen: Sequence[Candidate]
) -> dict[tuple[str, ...], set[int]]:
    """Every proper run of parts (as ``part_key``s) of every name of every person the text
    mentions, and of the text's own spelling of it, to the people it may stand for.

    Partial names stand for people: "Moon", "Pompeo". A bare "Korean" or "North" standing for a
    place or an event is too often something else.
    """
    partial: dict[tuple[str, ...], set[int]] = {}
    listed: set[int] = set()

    def add(parts: tuple[str, ...], e: int) -> None:
        keys = tuple(part_key(p) for p in parts)
        for size in range(1, len(keys)):
            for k in range(len(keys) - size + 1):
                partial.setdefault(keys[k : k + size], set()).add(e)

    for c in chosen:
        if c.match is None or c.match.type != "PERSON":
            continue
        e = index.position[c.match.entity_id]
        if e not in listed:
            listed.add(e)
            for r in index.entity_rows[e]:
                add(name_parts(index.rows[r].name), e)
        r = unit_range(us, c.start, c.end)
        if r is not None:
            add(span_parts(text[c.start : c.end], us[r[0] : r[1]], c.start), e)
    return partial


def _stands_alone(
    text: str, us: Sequence[Unit], bounds: Sequence[tuple[int, int]], k: int, size: int
) -> bool:
    """Whether one part of a span is a name by itself: the whole span, or a part that hyphens
    join to the others ("the Moon-Abe talks" name two people). A part among spaced words is a
    given name or a surname of a longer name, which another person may share."""
    if size != 1:
        return False
    if len(bounds) == 1:
        return True
    start, end = bounds[k]
    gaps = []
    if k:
        gaps.append(text[us[start - 1].end : us[start].start])
    if k + 1 < len(bounds):
        gaps.append(text[us[end - 1].end : us[end].start])
    return all(_HYPHEN_GAP.fullmatch(g) for g in gaps)


def _a_person(label: str | None, us: Sequence[Unit], s: int) -> bool:
    """Whether a one-part span names a person: the model says so, or a title comes right
    before it ("Minister", "Mr.") and the model gave it no other label. An article is no
    title: "The Moon rose" is no person."""
    return label == "PERSON" or (label is None and after_title(us, s))


def _one_part_of_a_listed_person(resolver: Resolver, key: str, part: str) -> Match | None:
    """The one person of the tables with this part of their name (surname, or either part of
    an East Asian name); None when none or several have it."""
    people = resolver.person_parts.get(key, ())
    if len(people) != 1:
        return None
    return listed_match(resolver.index, next(iter(people)), "partial", part)


def _part_bounds(text: str, us: Sequence[Unit], i: int, j: int) -> list[tuple[int, int]]:
    """Units i..j grouped into name parts (see ``detect.span_parts``), as unit ranges."""
    bounds = [[i, i + 1]]
    for k in range(i + 1, j):
        if new_part(text[us[k - 1].end : us[k].start], us[k]):
            bounds.append([k, k + 1])
        else:
            bounds[-1][1] = k + 1
    return [(a, b) for a, b in bounds]


class _Antecedents:
    """Where each entity is mentioned, for finding a partial name's antecedent quickly."""

    def __init__(self, index: Index, found: Sequence[Candidate]) -> None:
        self.starts: dict[int, list[int]] = {}
        self.match: dict[int, Match] = {}
        for c in sorted(found, key=lambda c: c.start):
            if c.match:
                e = index.position[c.match.entity_id]
                self.starts.setdefault(e, []).append(c.start)
                self.match.setdefault(e, c.match)

    def pick(self, fits: set[int], position: int) -> int | None:
        """The preceding fitting entity mentioned most often so far (the nearest of equals),
        else the most frequent after; None on a tie or none.

        Most often, not nearest: a bare "Kim" after "Kim Jong Un ... his sister Kim Yo Jong" is
        the writer's subject, not the relative named in passing.
        """
        if not fits:
            return None
        before = []
        for e in fits:
            k = bisect.bisect_left(self.starts[e], position)
            if k:
                before.append((k, self.starts[e][k - 1], e))
        if before:
            return max(before)[2]
        counts = sorted((len(self.starts[e]), e) for e in fits)
        if len(counts) > 1 and counts[-1][0] == counts[-2][0]:
            return None
        return counts[-1][1]


def _context(us: Sequence[Unit], i: int, j: int, match: Match) -> Candidate:
    return Candidate(us[i].start, us[j - 1].end, "context", match)


def _mention(index: Index, text: str, c: Candidate) -> Mention:
    span = text[c.start : c.end]
    if c.match is None:
        types = {index.entities[e].type for e in c.claimants}
        label = c.label or (types.pop() if len(types) == 1 else None)
        return Mention(c.start, c.end, span, label, None, None, None, None, c.source)
    m = c.match
    method = "context" if c.source == "context" else m.method
    return Mention(c.start, c.end, span, m.type, m.entity_id, m.canonical, m.score, method,
                   c.source)  # fmt: skip


def replace_mentions(text: str, mentions: Sequence[Mention]) -> str:
    """``text`` with each resolved mention replaced by its canonical name."""
    parts, last = [], 0
    for m in mentions:
        if m.canonical is not None:
            parts += [text[last : m.start], m.canonical]
            last = m.end
    parts.append(text[last:])
    return "".join(parts)
