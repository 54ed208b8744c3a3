"""Evaluation: of names (accuracy and NIL false matches) and of documents (span + canonical).

Name level:

The mentions file is a TSV with a header row and the columns ``mention``, ``gold_id`` (an entity
id, or ``NIL`` for a name that must not be matched), ``type`` (may be empty) and optionally
``source``. One figure without the other means nothing: any resolver reaches full accuracy by
matching everything, and no false matches by matching nothing.

Document level: texts are normalized whole and their resolved mentions scored strictly (exact
span and canonical name) against a gold JSONL, with precision, recall and F1 overall and per type.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .normalizer import Normalizer

NIL = "NIL"


@dataclass(frozen=True, slots=True)
class NameCase:
    mention: str
    gold_id: str
    type: str | None
    source: str = ""


@dataclass(frozen=True, slots=True)
class NameMiss:
    """One case the resolver got wrong: a missed or wrong match, or a NIL that was matched."""

    case: NameCase
    predicted_id: str | None
    score: float | None


def _share(part: int, whole: int) -> float:
    """``part / whole``, 0 for an empty whole (a figure of nothing measured)."""
    return part / whole if whole else 0.0


@dataclass(frozen=True, slots=True)
class NameEvaluation:
    positives: int
    correct: int
    nils: int
    nil_matched: int
    errors: tuple[NameMiss, ...]

    @property
    def accuracy(self) -> float:
        """Share of non-NIL cases resolved to their gold entity."""
        return _share(self.correct, self.positives)

    @property
    def nil_false_match_rate(self) -> float:
        """Share of NIL cases that were matched to some entity."""
        return _share(self.nil_matched, self.nils)


def read_cases(path: str | Path) -> list[NameCase]:
    """Read a mentions TSV (header: mention, gold_id, type[, source])."""
    path = Path(path)
    cases = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or header[:2] != ["mention", "gold_id"]:
            raise InputError("E303", path=path)
        for line_no, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) < 2:
                raise InputError("E304", path=path, line=line_no)
            etype = row[2] if len(row) > 2 and row[2] else None
            cases.append(NameCase(row[0], row[1], etype, row[3] if len(row) > 3 else ""))
    return cases


def evaluate_names(normalizer: Normalizer, cases: Iterable[NameCase]) -> NameEvaluation:
    """Resolve every case (with its type) and count hits, misses and NIL false matches."""
    positives = correct = nils = nil_matched = 0
    errors = []
    for case in cases:
        match = normalizer.resolve(case.mention, type=case.type)
        predicted = match.entity_id if match else None
        if case.gold_id == NIL:
            nils += 1
            nil_matched += predicted is not None
        else:
            positives += 1
            correct += predicted == case.gold_id
        if predicted != (None if case.gold_id == NIL else case.gold_id):
            errors.append(NameMiss(case, predicted, match.score if match else None))
    return NameEvaluation(positives, correct, nils, nil_matched, tuple(errors))


def evaluate_split(directory: str | Path) -> NameEvaluation:
    """Evaluate a ``kb.yaml`` + ``mentions.tsv`` split, resolving against that kb alone."""
    directory = Path(directory)
    normalizer = Normalizer([directory / "kb.yaml"])
    return evaluate_names(normalizer, read_cases(directory / "mentions.tsv"))


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """A hand-checked mention: document, character offsets, canonical name, type."""

    doc: str
    start: int
    end: int
    canonical: str | None
    type: str | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class SpanError:
    """A gold mention not predicted exactly ("miss"), or a prediction not in gold ("extra")."""

    kind: str
    doc: str
    start: int
    end: int
    text: str
    gold: str | None
    predicted: str | None


@dataclass(frozen=True, slots=True)
class Counts:
    gold: int
    predicted: int
    correct: int

    @property
    def precision(self) -> float:
        return _share(self.correct, self.predicted)

    @property
    def recall(self) -> float:
        return _share(self.correct, self.gold)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class DocumentEvaluation:
    """Strict span + canonical scores over all documents, and per gold/predicted type."""

    overall: Counts
    by_type: dict[str, Counts]
    errors: tuple[SpanError, ...]


def read_spans(path: str | Path) -> list[GoldSpan]:
    """Read a gold (or ignore) JSONL: {"doc", "start", "end", "canonical"?, "type"?, "text"?}."""
    path = Path(path)
    spans = []
    with path.open(encoding="utf-8") as f:
        for line_no, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                span = GoldSpan(
                    row["doc"], int(row["start"]), int(row["end"]),
                    row.get("canonical"), row.get("type"), row.get("text", ""),
                )  # fmt: skip
                spans.append(span)
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError("E305", path=path, line=line_no, reason=repr(exc)) from exc
    return spans


def evaluate_documents(
    normalizer: Normalizer,
    texts: Mapping[str, str],
    gold: Iterable[GoldSpan],
    ignore: Iterable[GoldSpan] = (),
) -> DocumentEvaluation:
    """Normalize each text and score its resolved mentions against the gold spans.

    A prediction is correct when its span and canonical name equal a gold row's; predictions
    overlapping an ignored span are not scored (the rules of ``score_mentions.py``).
    """
    gold_by = {(g.doc, g.start, g.end): g for g in gold if g.doc in texts}
    ignored = [i for i in ignore if i.doc in texts]
    predicted: dict[tuple[str, int, int], tuple[str, str | None, str]] = {}
    for doc, result in zip(texts, normalizer.pipe(texts.values()), strict=True):
        for m in result.resolved:
            if any(i.start < m.end and m.start < i.end for i in ignored if i.doc == doc):
                continue
            predicted[(doc, m.start, m.end)] = (m.canonical or "", m.label, m.text)
    tally: dict[str, list[int]] = {}

    def count(t: str | None, slot: int) -> None:
        tally.setdefault(t or "?", [0, 0, 0])[slot] += 1

    errors = []
    for key, g in sorted(gold_by.items()):
        count(g.type, 0)
        p = predicted.get(key)
        if p and p[0] == g.canonical:
            count(g.type, 2)
        else:
            errors.append(SpanError("miss", *key, g.text, g.canonical, p[0] if p else None))
    for key, (canonical, label, text) in sorted(predicted.items()):
        g = gold_by.get(key)
        count(g.type if g and g.canonical == canonical else label, 1)
        if not g:  # a wrong canonical on a gold span is already listed as a miss
            errors.append(SpanError("extra", *key, text, None, canonical))
    by_type = {t: Counts(*v) for t, v in sorted(tally.items())}
    overall = Counts(
        sum(c.gold for c in by_type.values()),
        sum(c.predicted for c in by_type.values()),
        sum(c.correct for c in by_type.values()),
    )
    return DocumentEvaluation(overall, by_type, tuple(errors))


def evaluate_gold_file(
    normalizer: Normalizer, gold: str | Path, texts_dir: str | Path,
    ignore: str | Path | None = None,
) -> DocumentEvaluation:  # fmt: skip
    """Evaluate on a gold JSONL whose ``doc`` fields name files in ``texts_dir``."""
    spans = read_spans(gold)
    texts = _read_texts(spans, texts_dir)
    return evaluate_documents(normalizer, texts, spans, read_spans(ignore) if ignore else ())


def _read_texts(spans: Iterable[GoldSpan], texts_dir: str | Path) -> dict[str, str]:
    """The documents the spans name, from ``texts_dir``, in the order first named."""
    texts = {}
    for doc in dict.fromkeys(s.doc for s in spans):
        path = Path(texts_dir) / doc
        try:
            texts[doc] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InputError("E302", path=path, offset=exc.start) from exc
    return texts


@dataclass(frozen=True, slots=True)
class SuggestionEvaluation:
    """How right ``aliases suggest`` is on a gold file (see ``evaluate_suggestions``)."""

    #: Suggestions (proposed aliases and proposed entities), and those that are right.
    suggested: int
    right: int
    #: Distinct multi-word spellings in gold that the table does not list, and those suggested
    #: for their entity.
    spellings: int
    found: int
    #: What was suggested wrongly, and the spellings not found, for error analysis.
    wrong: tuple[str, ...]
    missed: tuple[str, ...]

    @property
    def precision(self) -> float:
        return _share(self.right, self.suggested)

    @property
    def recall(self) -> float:
        return _share(self.found, self.spellings)


def evaluate_suggestions(
    normalizer: Normalizer, gold: str | Path, texts_dir: str | Path,
    ignore: str | Path | None = None, *, min_count: int = 1,
) -> SuggestionEvaluation:  # fmt: skip
    """Run ``aliases suggest`` over the gold file's texts with ``normalizer``'s table and score
    it. Precision: suggested aliases whose text the gold links to the suggested entity, over all
    suggestions; a proposed new entity is right only when every name of it is a span the
    annotators left unlinked (``ignore``). Recall: of the distinct multi-word spellings in gold
    that are no listed name of any entity, those suggested as aliases of their entity."""
    from .corpus import Record
    from .suggest import suggest

    spans = read_spans(gold)
    records = [Record(doc, text, doc) for doc, text in _read_texts(spans, texts_dir).items()]
    result = suggest(records, normalizer, min_count=min_count)
    canonical = {e.id: e.name for e in normalizer.table}
    linked = {(s.text, s.canonical) for s in spans if s.canonical}
    unlinked = {s.text for s in read_spans(ignore)} if ignore else set()
    wrong = []
    right = 0
    for a in result.new_aliases:
        if (a["alias"], canonical.get(a["entity"])) in linked:
            right += 1
        else:
            wrong.append(f"alias {a['alias']!r} of {canonical.get(a['entity'])!r}")
    for e in result.new_entities:
        if all(n in unlinked for n in (e["name"], *e["aliases"])):
            right += 1
        else:
            wrong.append(f"entity {e['name']!r} ({e['type']}) {list(e['aliases'])}")
    listed = {n.casefold() for e in normalizer.table for n in e.names}
    wanted = {
        (s.text, s.canonical)
        for s in spans
        if s.canonical and " " in s.text.strip() and s.text.casefold() not in listed
    }
    proposed = {(a["alias"], canonical.get(a["entity"])) for a in result.new_aliases}
    missed = tuple(sorted(f"{t!r} -> {c!r}" for t, c in wanted - proposed))
    suggested = len(result.new_aliases) + len(result.new_entities)
    return SuggestionEvaluation(suggested, right, len(wanted), len(wanted & proposed),
                                tuple(wrong), missed)  # fmt: skip


@dataclass(frozen=True, slots=True)
class PairCounts:
    """Match decisions on labelled name pairs of one class."""

    true_pos: int = 0
    false_pos: int = 0
    true_neg: int = 0
    false_neg: int = 0

    @property
    def pairs(self) -> int:
        return self.true_pos + self.false_pos + self.true_neg + self.false_neg

    @property
    def accuracy(self) -> float:
        return _share(self.true_pos + self.true_neg, self.pairs)

    @property
    def precision(self) -> float:
        return _share(self.true_pos, self.true_pos + self.false_pos)

    @property
    def recall(self) -> float:
        return _share(self.true_pos, self.true_pos + self.false_neg)


def evaluate_pairs(path: str | Path) -> tuple[PairCounts, dict[str, PairCounts], list[str]]:
    """Score the resolver on labelled name pairs: a TSV with a header and the columns
    ``class``, ``type``, ``name``, ``listed`` and ``match`` (1 or 0). Each ``name`` is resolved,
    with its type, against a table that holds one entity, named ``listed``; a pair is matched
    when it resolves to it. Returns the counts overall and by class, and the pairs decided
    wrongly."""
    from .aliases import AliasTable, Entity
    from .resolver import Resolver

    path = Path(path)
    tallies: dict[str, Counter[str]] = defaultdict(Counter)
    wrong = []
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for line_no, row in enumerate(rows, start=2):
        try:
            cls, etype, name, listed = row["class"], row["type"], row["name"], row["listed"]
            gold = {"1": True, "0": False}[row["match"].strip()]
        except (KeyError, AttributeError) as exc:
            raise InputError("E305", path=path, line=line_no, reason=repr(exc)) from exc
        table = AliasTable([Entity("e", listed, etype)])
        got = (m := Resolver(table).resolve(name, type=etype)) is not None and m.entity_id == "e"
        field = {(True, True): "true_pos", (False, True): "false_pos",
                 (False, False): "true_neg", (True, False): "false_neg"}[(gold, got)]  # fmt: skip
        tallies[""][field] += 1
        tallies[cls][field] += 1
        if gold != got:
            wrong.append(f"{cls}\t{name!r} ~ {listed!r}: {'missed' if gold else 'matched'}")
    counts = {cls: PairCounts(**tally) for cls, tally in tallies.items()}
    overall = counts.pop("", PairCounts())
    return overall, dict(sorted(counts.items())), wrong
