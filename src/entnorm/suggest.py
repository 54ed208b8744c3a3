"""Growing alias tables: suggestions from a corpus, merging accepted ones, and table lint.

``suggest`` normalizes a corpus and collects what the tables do not list:

- spellings the resolver matched to a listed entity that are none of its names (a variant it
  found by spelling: an alias; a part of a name it found through the text: a short form),
  with the resolver's score as their confidence;
- names that nothing resolved (the model's unresolved entities, and capitalized spans that no
  source resolved), clustered by the resolver's folded key and then by edit similarity between
  folded keys; a cluster of names of several words close to a listed entity (by a relaxed
  resolver) becomes proposed aliases of it, and any other a proposed new entity named by its
  most frequent spelling, but only when it can be a name: the model calls it a name of a thing
  (not a group of people, a date or a number), and it holds no digit, no sentence's end, is no
  title or role and no common English word.

Every suggestion carries its count and up to three contexts with their documents. Nothing changes
a table until the user, having read and edited the suggestions, runs ``merge``, which adds the
accepted entities and aliases to one table file, keeping its comments and order.
"""

from __future__ import annotations

import io
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Indel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from spacy.lang.en.stop_words import STOP_WORDS

from ._yaml import safe_load
from .aliases import ENTITY_TYPES, AliasTable, check_tables
from .corpus import BadRecord, Record, normalize_corpus
from .detect import (
    NAME_LABELS,
    NOT_NAMES,
    TITLE_WORDS,
    Unit,
    after_title,
    capitalized_runs,
    covered_units,
    starts_a_sentence,
    strip_affixes,
    units,
)
from .document import NormalizedText
from .errors import AliasFileErrors, InputError
from .keys import folded, part_key, plain
from .layering import collisions, shared_keys
from .normalizer import Normalizer
from .resolve import SCORED_METHODS, Settings
from .resolver import Resolver
from .words import is_common_word

#: Folded keys at least this similar join one cluster of unknown names.
CLUSTER_SIMILARITY = 0.85
#: A relaxed resolver proposes the entity an unresolved name may be a variant of: for a one-word
#: name, one the decision model finds likelier right than not, on a table of any size: a
#: proposal is reviewed before it is used.
RELAXED = Settings(confidence=0.5, threshold=0.70, words_threshold=0.70, margin=0.05,
                   model_max_names=2**62)  # fmt: skip
#: Words that alone never make a new entity: function words, days and months.
_NOT_NEW_NAMES = NOT_NAMES | STOP_WORDS
#: The model's labels of names of things: a new entity has one of them (not NORP, a group of
#: people, nor DATE, CARDINAL, ...).
NEW_ENTITY_LABELS = frozenset(NAME_LABELS - {"NORP"})
#: The sightings a new entity needs.
NEW_ENTITY_MIN_COUNT = 2
#: A one-word new entity is no word that English uses this often (wordfreq's Zipf scale): a
#: capitalized "Advertisement" or "Screen" is page furniture, not a name.
COMMON_WORD_ZIPF = 2.5
#: A digit, or a sentence's end inside a span: a date, a number or two sentences, not a name.
_NOT_A_NAME = re.compile(r"\d|[.!?][\s\"”“]|[\"“”]")
#: The methods by which the text, not the spelling, resolved a mention: part of a name.
SHORT_METHODS = frozenset({"context", "partial"})


@lru_cache(maxsize=1)
def _calibration() -> dict[str, list[list[float]]]:
    text = resources.files("entnorm").joinpath("data/suggest.yaml").read_text("utf-8")
    return safe_load(text)  # type: ignore[no-any-return]


def confidence(score: float, how: str) -> float | None:
    """How likely a proposed alias is right: the share of right matches among the resolver's
    (``how`` fuzzy, transliteration, exact or alias) or the relaxed resolver's (relaxed) matches of
    that score on a split the reported figures do not use (``data/suggest.yaml``, written by
    ``scripts/calibrate_suggest.py``). None for a short form or a match by name parts
    (``parts``), which no such split measures."""
    # A listed name folded or reordered ("exact", "alias") is the resolver's too, at its score.
    resolved = SCORED_METHODS | {"exact", "alias"}
    table = "relaxed" if how == "relaxed" else "resolved" if how in resolved else None
    if table is None:
        return None
    return next((c for low, high, c, _ in _calibration()[table] if low <= score < high),
                _calibration()[table][-1][2])  # fmt: skip


#: A review's decision on a suggestion, kept in the suggestions file.
DECISION = "decision"
ACCEPTED, REJECTED = "accepted", "rejected"
#: Characters either side of a mention in a context, and contexts kept per suggestion.
CONTEXT = 60
CONTEXTS = 3


@dataclass
class _Cluster:
    spellings: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)
    contexts: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Suggestions:
    """Proposed new entities (most frequent first) and proposed aliases and short forms of
    listed entities (most confident first)."""

    new_entities: tuple[dict[str, Any], ...]
    new_aliases: tuple[dict[str, Any], ...]
    records: int
    failed: int


def suggest(
    records: Iterable[Record | BadRecord],
    normalizer: Normalizer,
    *,
    min_count: int = 2,
    min_confidence: float = 0.0,
    workers: int = 1,
    rejected: Iterable[tuple[str, str]] = (),
) -> Suggestions:
    """Read a corpus and propose what the tables should learn from it (see module docstring),
    most confident first; never what a review rejected (``rejected``: (entity id, alias), and
    ("", name) for new entities, as ``load_rejected`` gives them)."""
    unknown: dict[str, _Cluster] = defaultdict(_Cluster)
    found: dict[tuple[str, str], dict[str, Any]] = {}
    names = {e.id: {n.casefold() for n in e.names} for e in normalizer.table}
    n = failed = 0
    for item in normalize_corpus(records, normalizer, workers=workers):
        n += 1
        if isinstance(item, BadRecord):
            failed += 1
            continue
        _gather(item.record.id, item.normalized, unknown, found, names)
    # A part of a name is a short form of a person only when it is the part that names them
    # alone (the surname): a given name the text tied to someone is no name of theirs to list.
    resolver = normalizer.resolver
    found = {
        k: a for k, a in found.items()
        if a["kind"] != "short"
        or resolver.index.position.get(a["entity"]) in resolver.person_parts.get(
            part_key(a["alias"]), ())
    }  # fmt: skip
    for a in found.values():
        _add_evidence(a, resolver)
    relaxed = Resolver(normalizer.table, settings=RELAXED, index=normalizer.index)
    has_model = "ner" in normalizer.nlp.pipe_names
    new_entities, proposed = _propose(unknown, relaxed, min_count, has_model)
    new_aliases = [a for a in found.values() if a["count"] >= min_count] + proposed
    refused = set(rejected)
    new_aliases = [a for a in new_aliases if (a["confidence"] or 0.0) >= min_confidence
                   and (a["entity"], a["alias"]) not in refused]  # fmt: skip
    new_entities = [e for e in new_entities if ("", e["name"]) not in refused]
    new_entities.sort(key=lambda e: (-sum(e["counts"].values()), e["name"]))
    new_aliases.sort(key=lambda a: (-(a["confidence"] or 0.0), -a["count"], a["entity"],
                                    a["alias"]))  # fmt: skip
    return Suggestions(tuple(new_entities), tuple(new_aliases), n, failed)


def _gather(
    doc: str, normalized: NormalizedText, unknown: dict[str, _Cluster],
    found: dict[tuple[str, str], dict[str, Any]], names: dict[str, set[str]],
) -> None:  # fmt: skip
    """One text's unresolved names, by folded key, and its resolved mentions whose spelling is
    none of their entity's names."""
    text = normalized.original
    for start, end, label in _unresolved(text, normalized.mentions):
        span = text[start:end]
        key = folded(span).replace(" ", "")
        if not key or key.isdigit():
            continue
        cluster = unknown[key]
        cluster.spellings[span] += 1
        if label:
            cluster.labels[label] += 1
        _add_context(cluster.contexts, doc, text, start, end)
    for m in normalized.mentions:
        if not m.entity_id or m.method == "composite":
            continue
        if m.text.casefold() in names.get(m.entity_id, ()):
            continue
        entry = found.setdefault((m.entity_id, m.text), {
            "entity": m.entity_id, "canonical": m.canonical, "alias": m.text,
            "kind": "short" if m.method in SHORT_METHODS else "alias",
            "how": m.method, "score": 0.0, "confidence": None, "count": 0, "contexts": [],
        })  # fmt: skip
        entry["count"] += 1
        entry["score"] = max(entry["score"], round(m.score or 0.0, 3))
        # By how it was first found, as ``kind`` and ``how`` say: not by the last sighting.
        entry["confidence"] = confidence(entry["score"], entry["how"])
        _add_context(entry["contexts"], doc, text, m.start, m.end)


def _add_evidence(alias: dict[str, Any], resolver: Resolver) -> None:
    """The listed name a spelling matched and the view that compared them best (a spelling
    the text resolved as part of a name matched none)."""
    if alias["how"] not in SCORED_METHODS | {"parts"}:
        return
    match = resolver.lookup(alias["alias"])
    if match is None or match.entity_id != alias["entity"]:
        return
    views = [v for v in match.explanation.views if v.view != "learned"]
    alias["matched"] = match.explanation.matched_name
    if match.explanation.parts:
        alias["parts"] = [str(p) for p in match.explanation.parts]
    if views:
        best = max(views, key=lambda v: v.score)
        alias["view"] = f"{best.view} {best.query_key} ~ {best.name_key} ({best.score:.2f})"


def _add_context(contexts: list[dict[str, str]], doc: str, text: str, start: int, end: int) -> None:
    if len(contexts) < CONTEXTS:
        contexts.append({"doc": doc, "text": _context(text, start, end)})


def _propose(
    unknown: dict[str, _Cluster], relaxed: Resolver, min_count: int, has_model: bool
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """New entities, and aliases of listed ones that the relaxed resolver finds, from the
    clusters of unknown names seen at least ``min_count`` times."""
    new_entities: list[dict[str, Any]] = []
    new_aliases: list[dict[str, Any]] = []
    taken_ids = {e.id for e in relaxed.table}
    for cluster in _merge_clusters(unknown):
        total = sum(cluster.spellings.values())
        if total < min_count:
            continue
        spellings = [s for s, _ in cluster.spellings.most_common()]
        # One word close to a listed name is a short form or another name, rarely a spelling.
        match = relaxed.resolve(spellings[0]) if " " in spellings[0].strip() else None
        if match is not None:
            new_aliases += [
                {"entity": match.entity_id, "canonical": match.canonical, "alias": s,
                 "kind": "alias", "how": "relaxed", "score": round(match.score, 3),
                 "confidence": confidence(match.score, "relaxed"),
                 "count": cluster.spellings[s], "contexts": cluster.contexts}
                for s in spellings
            ]  # fmt: skip
            continue
        label, agreeing = cluster.labels.most_common(1)[0] if cluster.labels else (None, 0)
        # A new entity needs more than one sighting, whatever the aliases' bar (a name seen
        # once is as likely a misreading as an entity the tables lack), and a model that
        # calls it the same kind of name as often.
        seen = agreeing if has_model else total
        if seen < NEW_ENTITY_MIN_COUNT or not _can_be_a_new_name(spellings[0], label, has_model):
            continue
        new_entities.append({
            "id": _new_id(spellings[0], taken_ids), "name": spellings[0],
            "type": label if label in ENTITY_TYPES else "MISC", "aliases": spellings[1:],
            "counts": dict(cluster.spellings.most_common()), "contexts": cluster.contexts,
        })  # fmt: skip
    return new_entities, new_aliases


def _can_be_a_new_name(name: str, label: str | None, has_model: bool) -> bool:
    """Whether a cluster of unresolved spans may be a new entity: with a model, one it calls a
    name of a thing; without, one of several words. Never a date or number, two sentences, a
    title or role, or a common English word."""
    if has_model and label not in NEW_ENTITY_LABELS:
        return False
    if not has_model and " " not in name.strip():
        return False
    if _NOT_A_NAME.search(name):
        return False
    us = units(name)
    if not us or all(u.text.casefold() in TITLE_WORDS | _NOT_NEW_NAMES for u in us):
        return False
    if after_title(us, len(us)):
        return False
    return not (len(us) == 1 and is_common_word(name, COMMON_WORD_ZIPF))


def _unresolved(text: str, mentions) -> list[tuple[int, int, str | None]]:
    """Unresolved model spans, and capitalized spans that no mention covers."""
    out = [(m.start, m.end, m.label) for m in mentions if m.entity_id is None]
    us = units(text)
    runs = capitalized_runs(text, us, covered_units(us, mentions))
    for i, j in (piece for run in runs for piece in _sentences(text, us, *run)):
        i, j = strip_affixes(us, i, j)
        # A function word capitalized because a sentence begins ("On Monday ...") is not
        # part of a name, and neither is a lone capital that only says so ("Officials said").
        while j - i > 1 and us[i].text.casefold() in STOP_WORDS:
            i += 1
        if j - i == 1 and starts_a_sentence(text, us[i].start):
            continue
        if all(u.text.casefold() in _NOT_NEW_NAMES for u in us[i:j]):
            continue
        out.append((us[i].start, us[j - 1].end, None))
    return out


def _sentences(text: str, us: Sequence[Unit], i: int, j: int) -> list[tuple[int, int]]:
    """A run of capitals cut where a sentence ends inside it: a full stop after a word longer
    than an abbreviation ("St. Petersburg" stays whole)."""
    pieces, start = [], i
    for k in range(i + 1, j):
        gap = text[us[k - 1].end : us[k].start]
        if gap.startswith(".") and gap[1:2].isspace() and len(us[k - 1].text) > 3:
            pieces.append((start, k))
            start = k
    return [*pieces, (start, j)]


def _merge_clusters(clusters: dict[str, _Cluster]) -> list[_Cluster]:
    """Clusters of equal folded keys, joined when their keys are close (most frequent first)."""
    order = sorted(clusters, key=lambda k: (-sum(clusters[k].spellings.values()), k))
    merged: list[tuple[str, _Cluster]] = []
    for key in order:
        c = clusters[key]
        for head, target in merged:
            if Indel.normalized_similarity(key, head) >= CLUSTER_SIMILARITY:
                target.spellings.update(c.spellings)
                target.labels.update(c.labels)
                break
        else:
            merged.append((key, replace(c, spellings=Counter(c.spellings),
                                        labels=Counter(c.labels))))  # fmt: skip
    return [c for _, c in merged]


def _context(text: str, start: int, end: int) -> str:
    before = text[max(0, start - CONTEXT) : start]
    after = text[end : end + CONTEXT]
    return " ".join(f"{before}[{text[start:end]}]{after}".split())


def _new_id(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", plain(name)).strip("-") or "entity"
    candidate, k = base, 2
    while candidate in taken:
        candidate, k = f"{base}-{k}", k + 1
    taken.add(candidate)
    return candidate


def write_suggestions(suggestions: Suggestions, path: Path, command: str) -> None:
    """Write reviewable YAML: proposed entities and aliases, with counts and contexts."""
    yaml = round_trip_yaml()
    doc = CommentedMap()
    doc["new_entities"] = [dict(e) for e in suggestions.new_entities]
    doc["new_aliases"] = [dict(a) for a in suggestions.new_aliases]
    doc.yaml_set_start_comment(
        f"Suggestions from: {command}\n"
        f"{suggestions.records} records read, {suggestions.failed} unreadable.\n"
        "Review: delete what is wrong, fix names, ids and types; kind (alias or short form),\n"
        "how it was found, confidence, counts and contexts are for reading only.\n"
        "Then apply with: entnorm aliases merge THIS_FILE INTO.yaml"
    )
    atomic_write(path, dump_yaml(yaml, doc))


def merge(suggestions_path: Path, into: Path) -> tuple[int, int]:
    """Add the accepted entities and aliases of a suggestions file to one table file: every
    one in the file, except those a review (``aliases review``) rejected or left undecided
    once it has decided any.

    The table keeps its comments and order; the result is validated (with the table alone)
    before it replaces the file. Returns (entities added, aliases added).
    """
    yaml = round_trip_yaml()
    try:
        accepted = yaml.load(suggestions_path.read_text("utf-8")) or {}
        table = yaml.load(into.read_text("utf-8"))
    except OSError as exc:
        raise InputError("E301", path=exc.filename, reason=exc.strerror) from exc
    except Exception as exc:  # ruamel raises many kinds; all mean "not YAML we can merge"
        raise InputError("E315", path=f"{suggestions_path} or {into}", reason=exc) from exc
    if not isinstance(table, dict) or not isinstance(table.get("entities"), list):
        raise InputError("E316", path=into)
    entities = table["entities"]
    by_id = {e.get("id"): e for e in entities if isinstance(e, dict)}
    added_entities = added_aliases = 0
    reviewed = any(
        isinstance(p, dict) and DECISION in p
        for p in [*(accepted.get("new_entities") or []), *(accepted.get("new_aliases") or [])]
    )

    def taken(proposal: Any) -> bool:
        return not reviewed or proposal.get(DECISION) == ACCEPTED

    for proposal in filter(taken, accepted.get("new_entities") or []):
        entity = CommentedMap(
            (k, proposal[k]) for k in ("id", "name", "type", "aliases", "wikidata")
            if proposal.get(k) not in (None, [])
        )  # fmt: skip
        if "aliases" in entity:
            entity["aliases"] = _flow([str(a) for a in entity["aliases"]])
        entities.append(entity)
        by_id[entity.get("id")] = entity
        added_entities += 1
    missing = []
    for proposal in filter(taken, accepted.get("new_aliases") or []):
        entity = by_id.get(proposal.get("entity"))
        if entity is None:
            missing.append(str(proposal.get("entity")))
            continue
        aliases = entity.get("aliases")
        if aliases is None:
            aliases = entity["aliases"] = _flow([])
        if proposal["alias"] not in aliases and proposal["alias"] != entity.get("name"):
            aliases.append(str(proposal["alias"]))
            added_aliases += 1
    if missing:
        raise InputError("E317", path=suggestions_path, into=into,
                         ids=", ".join(sorted(set(missing))))  # fmt: skip
    text = dump_yaml(yaml, table)
    tmp = into.with_name(f".{into.name}.merge.tmp")
    tmp.write_text(text, encoding="utf-8")
    problems = check_tables([tmp])
    if problems:
        tmp.unlink()
        raise AliasFileErrors(problems)
    os.replace(tmp, into)
    return added_entities, added_aliases


def lint(table: AliasTable) -> list[str]:
    """Legal but doubtful things in loaded tables, one message each, with file:line: a
    hand-kept entity without aliases (a generated one, of id ``source:N``, lists what its
    source lists), and names that several entities share, unless a table lists them among
    its ``shared_names``."""
    messages = [
        f"{e.source}: {e.id!r} has no aliases"
        for e in table.entities
        if not e.aliases and not e.exact_aliases and ":" not in e.id
    ]
    intended = shared_keys(table)
    for kind, key, owners in collisions(table):
        if key in intended:
            continue
        ids = ", ".join(sorted(table.entities[i].id for i in owners))
        where = table.entities[min(owners)].source
        if kind == "plain":
            messages.append(f"{where}: the name {key!r} is listed by {ids} "
                            "(ambiguous: it resolves to none of them)")  # fmt: skip
        else:
            messages.append(f"{where}: names of {ids} fold to the same key {key!r} "
                            "(a hidden collision: their variants compete)")  # fmt: skip
    return messages


def rejected_path(table: Path) -> Path:
    """The file beside a table that remembers what its reviews rejected."""
    return table.with_name(table.name + ".rejected.yaml")


def remember_rejected(table: Path, rejected: Iterable[tuple[str, str]]) -> None:
    """Add (entity id, alias) pairs, and ("", name) for new entities, to ``table``'s file of
    rejected suggestions."""
    known = load_rejected(table) | set(rejected)
    rows = [{"entity": e, "name": n} if e else {"name": n} for e, n in sorted(known)]
    atomic_write(rejected_path(table), dump_yaml(round_trip_yaml(), {"rejected": rows}))


def load_rejected(table: Path) -> set[tuple[str, str]]:
    """What reviews of ``table`` rejected (see ``remember_rejected``); empty when none was."""
    path = rejected_path(table)
    if not path.exists():
        return set()
    try:
        rows = (round_trip_yaml().load(path.read_text("utf-8")) or {}).get("rejected") or []
    except Exception as exc:  # ruamel raises many kinds
        raise InputError("E315", path=path, reason=exc) from exc
    return {(str(r.get("entity", "")), str(r["name"])) for r in rows
            if isinstance(r, dict) and "name" in r}  # fmt: skip


def round_trip_yaml() -> YAML:
    """ruamel's round trip, as the tables are written: comments, order and quoting kept."""
    yaml = YAML()  # round-trip: comments, order and quoting survive
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _flow(items: list[str]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def dump_yaml(yaml: YAML, data: Any) -> str:
    """``data`` as YAML text."""
    buf = io.StringIO()
    yaml.dump(data, buf)
    return buf.getvalue()


def atomic_write(path: Path, text: str) -> None:
    """``text`` into ``path`` whole: written aside, then renamed."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
