"""Choose the resolver's confidence cut-off (``Settings.confidence``) on name-level splits.

Each split (kb.yaml + mentions.tsv) is resolved once with the decision model's cut-off switched
off, keeping for every one-word query that the fuzzy stage scored its best entity, its
evidence and the model's probability; every cut-off on a grid is then applied to those
(``decide.accepts_one_word``). The rest of the decision (the exact stages, the threshold and
margin) stays at its defaults. Prints, for NIL false matches of at most --max-nil on every
split, the cut-off with the highest summed accuracy, each split's figures there and its own
best, and the figures at the current default.

    python scripts/sweep_decision.py eval/tune ../shared/eval-dev
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from entnorm import Normalizer
from entnorm.aliases import load_tables
from entnorm.decide import Evidence, accepts_one_word
from entnorm.evaluate import NIL, read_cases
from entnorm.resolve import Settings

CUTOFFS = [c / 100 for c in range(50, 100)]

#: Per case: is NIL, is the answer right, and either the model's evidence and probability or,
#: decided without the model, whether the default settings matched anything.
Outcome = tuple[bool, bool, tuple[Evidence, float] | bool]


def outcomes(directory: str) -> list[Outcome]:
    table = load_tables([f"{directory}/kb.yaml"])
    default = Normalizer.from_table(table)
    # The same index with the cut-off off.
    open_ = Normalizer.from_table(table, settings=replace(Settings(), confidence=0.0))
    out = []
    for case in read_cases(f"{directory}/mentions.tsv"):
        m = open_.resolve(case.mention, type=case.type)
        decision: tuple[Evidence, float] | bool
        if m and m.explanation.evidence and m.explanation.confidence is not None:
            decision = (m.explanation.evidence, m.explanation.confidence)
        else:
            m = default.resolve(case.mention, type=case.type)
            decision = m is not None
        out.append((case.gold_id == NIL, bool(m and m.entity_id == case.gold_id), decision))
    return out


def figures(cases: list[Outcome], cutoff: float) -> tuple[float, float]:
    bars = Settings()
    accepted = [(nil, right) for nil, right, d in cases
                if d is True or (d and accepts_one_word(*d, cutoff=cutoff, threshold=bars.threshold,
                                                        margin=bars.margin))]  # fmt: skip
    positives = sum(1 for nil, *_ in cases if not nil)
    nils = len(cases) - positives
    return (sum(1 for nil, right in accepted if not nil and right) / positives,
            sum(1 for nil, _ in accepted if nil) / nils)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("splits", nargs="+")
    parser.add_argument("--max-nil", type=float, default=0.05)
    args = parser.parse_args()
    runs = {d: outcomes(d) for d in args.splits}
    grid = {c: {d: figures(cases, c) for d, cases in runs.items()} for c in CUTOFFS}
    ok = {c: v for c, v in grid.items() if all(nil <= args.max_nil for _, nil in v.values())}
    best = max(ok, key=lambda c: (sum(a for a, _ in ok[c].values()), c))
    print(f"best for all splits: confidence={best:.2f}")
    for d, (acc, nil) in ok[best].items():
        own = max((grid[c][d][0], c) for c in grid if grid[c][d][1] <= args.max_nil)
        print(f"  {d}: accuracy={acc:.3f} nil_false_match={nil:.3f}"
              f"  (its own best {own[0]:.3f} at {own[1]:.2f})")  # fmt: skip
    print("every cut-off near it:")
    for c in CUTOFFS:
        if abs(c - best) <= 0.04:
            row = "  ".join(f"{acc:.3f}/{nil:.3f}" for acc, nil in grid[c].values())
            print(f"  {c:.2f}: {row}")
    default = Settings().confidence
    print(f"current default confidence={default}:")
    for d, cases in runs.items():
        acc, nil = figures(cases, default)
        print(f"  {d}: accuracy={acc:.3f} nil_false_match={nil:.3f}")


if __name__ == "__main__":
    main()
