"""Resolver scaling: build time, memory per alias and resolve latency at 10k, 100k and 1M aliases.

Each size runs in a fresh process (so that peak memory is that size's alone) on a synthetic
table: romanized-syllable names of one to three words, five names per entity, four of them
spelling variants of the first. Queries are drawn from the table with a fixed seed:

- exact: a listed name as written;
- fuzzy: a listed name with one character substituted, dropped or doubled, so that no exact
  key finds it and the trigram stage must.

The baselines are what users write without entnorm: rapidfuzz ``process.extractOne`` over every
name's plain key with ``WRatio`` (the usual choice) and with ``ratio`` (edit similarity alone, the
fastest), measured on the same fuzzy queries in the same process. It is linear in the
table, so it is timed on fewer queries at the large sizes. The memory baseline is what that
baseline holds: the names' plain keys as a Python list.

    python benchmarks/bench_resolve.py                 # 10k, 100k, 1M
    python benchmarks/bench_resolve.py --sizes 10000 100000
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc

SYLLABLES = [
    c + v
    for c in ["", "b", "ch", "d", "g", "h", "j", "k", "kh", "l", "m", "n", "p", "r", "s", "sh",
              "t", "ts", "v", "y", "z", "zh"]
    for v in ["a", "e", "i", "o", "u", "ai", "ao", "ei", "ia", "ou", "an", "en", "in", "ang", "ong"]
]  # fmt: skip
NAMES_PER_ENTITY = 5
QUERIES = 2000


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def variant(name: str, rng: random.Random) -> str:
    """One character changed, dropped or doubled (never the first)."""
    i = rng.randrange(1, len(name))
    op = rng.choice("sdi")
    if op == "s":
        return name[:i] + rng.choice("aeiouknrst") + name[i + 1 :]
    if op == "d":
        return name[:i] + name[i + 1 :]
    return name[:i] + name[i] + name[i:]


def synthetic_table(n_aliases: int, seed: int = 0):
    from entnorm import AliasTable, Entity

    rng = random.Random(seed)
    entities = []
    for e in range(n_aliases // NAMES_PER_ENTITY):
        name = " ".join(word(rng) for _ in range(rng.choice((1, 1, 2, 2, 3))))
        aliases = {variant(name, rng) for _ in range(NAMES_PER_ENTITY - 1)} - {name}
        entities.append(Entity(f"e{e}", name, "GPE", tuple(sorted(aliases))))
    return AliasTable(tuple(entities))


def percentiles(samples_s: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in samples_s)
    return {
        "p50_ms": round(statistics.median(ms), 4),
        "p99_ms": round(ms[min(len(ms) - 1, int(len(ms) * 0.99))], 4),
    }


def timed(fn, queries: list[str]) -> list[float]:
    out = []
    for q in queries:
        t = time.perf_counter()
        fn(q)
        out.append(time.perf_counter() - t)
    return out


def run_size(n_aliases: int) -> dict:
    from rapidfuzz import fuzz, process

    from entnorm import Normalizer
    from entnorm.keys import plain

    table = synthetic_table(n_aliases)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    normalizer = Normalizer.from_table(table)
    build_s = time.perf_counter() - t
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # What a built index keeps, traced in a second build (tracing would slow the timed one):
    # the process's RSS keeps the build's scratch, which Python does not give back.
    gc.collect()
    tracemalloc.start()
    kept = Normalizer.from_table(table)
    gc.collect()
    kept_bytes = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    n_names = table.alias_count

    rng = random.Random(1)
    picks = [rng.choice(table.entities) for _ in range(QUERIES)]
    exact_q = [rng.choice(e.names) for e in picks]
    fuzzy_q = [variant(e.name, rng) for e in picks]
    exact_t = timed(normalizer.resolve, exact_q)
    fuzzy_t = timed(normalizer.resolve, fuzzy_q)
    found = sum(
        1 for e, q in zip(picks, fuzzy_q, strict=True)
        if (m := normalizer.resolve(q)) is not None and m.entity_id == e.id
    )  # fmt: skip

    choices = [plain(n) for e in table.entities for n in e.names]
    # Counted, not traced: the keys are cached strings the build made already.
    list_bytes = sys.getsizeof(choices) + sum(map(sys.getsizeof, choices))
    n_base = max(20, min(QUERIES, 20_000_000 // n_aliases))
    base_t = timed(
        lambda q: process.extractOne(plain(q), choices, scorer=fuzz.WRatio), fuzzy_q[:n_base]
    )
    # The plainest baseline: edit similarity alone, which rapidfuzz computes fastest.
    ratio_t = timed(
        lambda q: process.extractOne(plain(q), choices, scorer=fuzz.ratio), fuzzy_q[:n_base]
    )
    result = {
        "aliases": n_names,
        "entities": len(table),
        "build_s": round(build_s, 2),
        # ru_maxrss is in KiB on Linux; the peak grew by what the index holds.
        "bytes_per_alias": round((rss_after - rss_before) * 1024 / n_names),
        # What the built index keeps once the build's scratch is freed (the table excluded).
        "steady_bytes_per_alias": round(kept_bytes / n_names),
        "names_list_bytes_per_alias": round(list_bytes / n_names),
        "exact": percentiles(exact_t),
        "fuzzy": percentiles(fuzzy_t),
        "fuzzy_resolved_right": round(found / len(fuzzy_q), 3),
        "baseline_extractOne": percentiles(base_t),
        "baseline_extractOne_ratio": percentiles(ratio_t),
        "baseline_queries": n_base,
    }
    result["fuzzy_p50_speedup"] = round(
        result["baseline_extractOne"]["p50_ms"] / result["fuzzy"]["p50_ms"], 1
    )
    result["fuzzy_p50_speedup_ratio"] = round(
        result["baseline_extractOne_ratio"]["p50_ms"] / result["fuzzy"]["p50_ms"], 1
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_size(args.one)))
        return
    print(
        f"{'aliases':>9} {'build s':>8} {'peak B':>7} {'kept B':>7} {'list B':>7} "
        f"{'exact p50/p99 ms':>17} "
        f"{'fuzzy p50/p99 ms':>17} {'right':>6} {'WRatio / ratio p50 ms':>22} {'speedup':>14}"
    )
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(size)],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        r = json.loads(out)
        print(
            f"{r['aliases']:>9} {r['build_s']:>8} {r['bytes_per_alias']:>7} "
            f"{r['steady_bytes_per_alias']:>7} {r['names_list_bytes_per_alias']:>7} "
            f"{r['exact']['p50_ms']:>8}/{r['exact']['p99_ms']:<8} "
            f"{r['fuzzy']['p50_ms']:>8}/{r['fuzzy']['p99_ms']:<8} "
            f"{r['fuzzy_resolved_right']:>6} "
            f"{r['baseline_extractOne']['p50_ms']:>10} / "
            f"{r['baseline_extractOne_ratio']['p50_ms']:<9} "
            f"{r['fuzzy_p50_speedup']:>6}x / {r['fuzzy_p50_speedup_ratio']}x",
            flush=True,
        )


if __name__ == "__main__":
    main()
