"""Choose the resolver's threshold and margin on name-level splits (kb.yaml + mentions.tsv).

Each split is resolved once with the decision switched off, keeping every query's best entity,
its score and the runner-up's; then every (threshold, margin) pair on a grid is applied to those
figures. The threshold of queries of several words (``Settings.words_threshold``) stays at its
default: it is the word rules' bar, set for running text. Prints, for NIL false matches of at
most --max-nil on every split, the pair with the highest summed accuracy, each split's figures
there, and each split's own best.

    python scripts/sweep_decision.py eval/tune ../shared/eval-dev
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from entnorm import Normalizer
from entnorm.aliases import load_tables
from entnorm.evaluate import NIL, read_cases
from entnorm.resolve import Settings, lead

THRESHOLDS = [t / 100 for t in range(60, 100)]
MARGINS = [m / 100 for m in range(0, 100, 2)]


def outcomes(directory: str) -> list[tuple[bool, bool, float, float]]:
    """Per case: is NIL, is the best entity right, its score, the runner-up's score."""
    table = load_tables([f"{directory}/kb.yaml"])
    normalizer = Normalizer.from_table(table, settings=replace(Settings(), threshold=0.0,
                                                               margin=0.0))  # fmt: skip
    out = []
    for case in read_cases(f"{directory}/mentions.tsv"):
        m = normalizer.resolve(case.mention, type=case.type)
        runner = m.runner_up.score if m and m.runner_up else 0.0
        out.append((case.gold_id == NIL, bool(m and m.entity_id == case.gold_id),
                    m.score if m else -1.0, runner))  # fmt: skip
    return out


def figures(cases: list, threshold: float, margin: float) -> tuple[float, float]:
    accepted = [(nil, right) for nil, right, s, r in cases
                if s >= threshold and lead(s, r) >= margin]  # fmt: skip
    positives = sum(1 for nil, *_ in cases if not nil)
    nils = len(cases) - positives
    return (sum(1 for nil, right in accepted if not nil and right) / positives,
            sum(1 for nil, _ in accepted if nil) / nils)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("splits", nargs="+")
    parser.add_argument("--max-nil", type=float, default=0.05)
    parser.add_argument(
        "--min-threshold",
        type=float,
        default=0.0,
        help="only thresholds from this one (running text needs a higher bar)",
    )
    args = parser.parse_args()
    runs = {d: outcomes(d) for d in args.splits}
    grid = {(t, m): {d: figures(c, t, m) for d, c in runs.items()}
            for t in THRESHOLDS if t >= args.min_threshold for m in MARGINS}  # fmt: skip
    ok = {k: v for k, v in grid.items() if all(nil <= args.max_nil for _, nil in v.values())}
    best = max(ok, key=lambda k: (sum(a for a, _ in ok[k].values()), k))
    print(f"best for all splits: threshold={best[0]:.2f} margin={best[1]:.2f}")
    for d, (acc, nil) in ok[best].items():
        own = max((grid[k][d][0], k) for k in grid if grid[k][d][1] <= args.max_nil)
        print(f"  {d}: accuracy={acc:.3f} nil_false_match={nil:.3f}"
              f"  (its own best {own[0]:.3f} at {own[1][0]:.2f}/{own[1][1]:.2f})")  # fmt: skip
    default = Settings()
    print(f"current defaults threshold={default.threshold} margin={default.margin}:")
    for d, c in runs.items():
        acc, nil = figures(c, default.threshold, default.margin)
        print(f"  {d}: accuracy={acc:.3f} nil_false_match={nil:.3f}")


if __name__ == "__main__":
    main()
