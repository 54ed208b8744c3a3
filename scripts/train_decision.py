"""Fit the decision model (``src/entnorm/data/decision.yaml``) on name-level training splits.

Each split (kb.yaml + mentions.tsv, built by ``scripts/make_training_splits.sh``) is resolved
with the decision switched off; every one-word query that the fuzzy stage scored gives its
``decide.Evidence`` and whether its best entity is the right one (a NIL row's never is). A
logistic regression with a small L2 penalty is fitted to those by gradient descent on
standardized figures, and its weights are written back on the figures' own scale. Deterministic.

    python scripts/train_decision.py /tmp/splits/train-? -o src/entnorm/data/decision.yaml

The training splits must be other cities than the splits that measure the model, and the edit
model (``scripts/train_edits.py --exclude``) must not have been trained on their names either:
its similarity, a feature here, is higher on names it has seen. The cut-off
(``Settings.confidence``) is chosen afterwards on the evaluation splits with
``scripts/sweep_decision.py``.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

import numpy as np
import yaml

from entnorm import Normalizer
from entnorm.aliases import load_tables
from entnorm.decide import FEATURES
from entnorm.evaluate import read_cases
from entnorm.resolve import Settings

#: The decision switched off: every scored candidate comes back with its evidence.
OPEN = replace(Settings(), confidence=0.0, threshold=0.0)


def examples(split: Path) -> tuple[list[tuple[float, ...]], list[bool]]:
    """Evidence and outcome of every one-word query of a split that the fuzzy stage scored."""
    normalizer = Normalizer.from_table(load_tables([split / "kb.yaml"]), settings=OPEN)
    x, y = [], []
    for case in read_cases(split / "mentions.tsv"):
        m = normalizer.resolve(case.mention, type=case.type)
        if m and m.explanation.evidence:
            x.append(m.explanation.evidence.values())
            y.append(m.entity_id == case.gold_id)
    return x, y


def fit(x: np.ndarray, y: np.ndarray, l2: float, iterations: int) -> tuple[np.ndarray, float]:
    """Logistic regression weights and bias, on the scale of ``x``."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    w = np.zeros(z.shape[1])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-z @ w))
        grad = z.T @ (p - y) / len(y)
        grad[1:] += l2 * w[1:]
        w -= grad
    weights = w[1:] / scale
    return weights, float(w[0] - weights @ mean)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("splits", nargs="+", type=Path)
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--l2", type=float, default=1e-3)
    ap.add_argument("--iterations", type=int, default=4000)
    args = ap.parse_args()
    xs, ys = [], []
    for split in args.splits:
        x, y = examples(split)
        print(f"{split}: {len(y)} scored one-word queries, {sum(y)} with the right entity first")
        xs += x
        ys += y
    x, y = np.array(xs), np.array(ys, dtype=float)
    weights, bias = fit(x, y, args.l2, args.iterations)
    p = 1.0 / (1.0 + np.exp(-(x @ weights + bias)))
    log_loss = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    print(f"{len(y)} examples, log loss {log_loss:.4f}")
    for name, w in zip(FEATURES, weights, strict=True):
        print(f"  {name:16} {w:+.4f}")
    header = (
        "# The decision model (entnorm.decide): logistic regression weights over the fuzzy\n"
        "# stage's evidence. Written by scripts/train_decision.py; regenerate, do not edit.\n"
        f"# Fitted on {len(y)} scored one-word queries of {len(args.splits)} GeoNames splits"
        f" (log loss {log_loss:.4f}).\n"
    )
    data = {"bias": round(bias, 6),
            "weights": {n: round(float(w), 6)
                        for n, w in zip(FEATURES, weights, strict=True)}}  # fmt: skip
    args.output.write_text(header + yaml.safe_dump(data, sort_keys=False), "utf-8")


if __name__ == "__main__":
    main()
