"""Gazetteer at scale: entnorm's hashed unit-key scan against spaCy's PhraseMatcher.

Both find every listed name in the same text, built from the same synthetic table (see
``bench_resolve.py``). Reports build time, peak memory growth and matching time per 100k words,
for each size, in fresh processes.

    python benchmarks/bench_gazetteer.py                # 100k and 1M aliases; about 5 minutes
    python benchmarks/bench_gazetteer.py --sizes 100000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_resolve import synthetic_table

FILLER = [
    "the",
    "talks",
    "in",
    "of",
    "and",
    "said",
    "that",
    "on",
    "Tuesday",
    "officials",
    "would",
    "meet",
    "again",
    "after",
]


def corpus(table, words: int = 100_000, seed: int = 2) -> str:
    """Filler words with one listed name in about every eight words."""
    rng = random.Random(seed)
    out, n = [], 0
    while n < words:
        if rng.random() < 0.125:
            name = rng.choice(rng.choice(table.entities).names)
            out.append(name)
            n += len(name.split())
        else:
            out.append(rng.choice(FILLER))
            n += 1
    return " ".join(out)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(kind: str, size: int) -> dict:
    table = synthetic_table(size)
    text = corpus(table)
    before = peak_mb()
    t = time.perf_counter()
    if kind == "entnorm":
        from entnorm.detect import Gazetteer, units
        from entnorm.index import Index

        index = Index(table)
        t = time.perf_counter()  # the resolver's index exists anyway; time the gazetteer alone
        before = peak_mb()
        gazetteer = Gazetteer(index)
        build = time.perf_counter() - t

        def find() -> int:
            return len(gazetteer.find(text, units(text)))
    else:
        import spacy
        from spacy.matcher import PhraseMatcher

        nlp = spacy.blank("en")
        matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        names = [n for e in table.entities for n in e.names]
        for start in range(0, len(names), 10_000):
            chunk = names[start : start + 10_000]
            matcher.add("NAME", list(nlp.tokenizer.pipe(chunk)))
        build = time.perf_counter() - t

        def find() -> int:
            return len(matcher(nlp.make_doc(text)))

    grown = peak_mb() - before
    find()
    t = time.perf_counter()
    hits = find()
    match = time.perf_counter() - t
    words = len(text.split())
    return {"kind": kind, "aliases": table.alias_count, "build_s": round(build, 1),
            "memory_mb": round(grown), "match_s_per_100k_words": round(match * 100_000 / words, 3),
            "hits": hits}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run(args.one[0], int(args.one[1]))))
        return
    print(f"{'aliases':>9} {'gazetteer':>14} {'build s':>8} {'memory MB':>10} "
          f"{'match s/100k words':>19} {'hits':>7}")  # fmt: skip
    for size in args.sizes:
        for kind in ("entnorm", "phrasematcher"):
            out = subprocess.run(
                [sys.executable, __file__, "--one", kind, str(size)],
                check=True, capture_output=True, text=True,
            ).stdout  # fmt: skip
            r = json.loads(out)
            print(f"{r['aliases']:>9} {kind:>14} {r['build_s']:>8} {r['memory_mb']:>10} "
                  f"{r['match_s_per_100k_words']:>19} {r['hits']:>7}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
