"""Name-level evaluation: accuracy on variants and the NIL false-match rate, measured together.

The mentions file is a TSV with a header row and the columns ``mention``, ``gold_id`` (an entity
id, or ``NIL`` for a name that must not be matched), ``type`` (may be empty) and optionally
``source``. One figure without the other means nothing: any resolver reaches full accuracy by
matching everything, and no false matches by matching nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import EntnormError
from .normalizer import Normalizer

NIL = "NIL"


@dataclass(frozen=True, slots=True)
class NameCase:
    mention: str
    gold_id: str
    type: str | None
    source: str = ""


@dataclass(frozen=True, slots=True)
class NameError:
    """One case the resolver got wrong: a missed or wrong match, or a NIL that was matched."""

    case: NameCase
    predicted_id: str | None
    score: float | None


@dataclass(frozen=True, slots=True)
class NameEvaluation:
    positives: int
    correct: int
    nils: int
    nil_matched: int
    errors: tuple[NameError, ...]

    @property
    def accuracy(self) -> float:
        """Share of non-NIL cases resolved to their gold entity."""
        return self.correct / self.positives if self.positives else 0.0

    @property
    def nil_false_match_rate(self) -> float:
        """Share of NIL cases that were matched to some entity."""
        return self.nil_matched / self.nils if self.nils else 0.0


def read_cases(path: str | Path) -> list[NameCase]:
    """Read a mentions TSV (header: mention, gold_id, type[, source])."""
    path = Path(path)
    cases = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or header[:2] != ["mention", "gold_id"]:
            raise EntnormError(f"{path}:1: expected a header 'mention<TAB>gold_id<TAB>type'")
        for line_no, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) < 2:
                raise EntnormError(f"{path}:{line_no}: expected at least 2 columns, found 1")
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
            errors.append(NameError(case, predicted, match.score if match else None))
    return NameEvaluation(positives, correct, nils, nil_matched, tuple(errors))


def evaluate_split(directory: str | Path) -> NameEvaluation:
    """Evaluate a ``kb.yaml`` + ``mentions.tsv`` split, resolving against that kb alone."""
    directory = Path(directory)
    normalizer = Normalizer([directory / "kb.yaml"])
    return evaluate_names(normalizer, read_cases(directory / "mentions.tsv"))
