"""Start-up: a fresh process building a Normalizer, with a cold and then a warm index cache.

For each table set (the bundled tables; synthetic tables of 10k, 100k and 1M aliases written as
YAML), runs ``Normalizer(paths, model="none")`` in a new process twice against an empty cache
directory: the first builds and stores the index (cold: the baseline, loading the YAML without
the cache), the second loads it (warm). Reports the time to import entnorm, the construction's
time, the process's peak memory, and what the warm process holds for the table: its resident
memory after the construction less its resident memory before, per alias. The bar for "ready
quickly" is a fresh process's ``import spacy`` alone, measured in the same run.

    python benchmarks/bench_startup.py [--aliases 10000 100000 1000000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from bench_resolve import synthetic_table

CHILD = """
import json, os, sys, time
def resident():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
def peak_mb():
    # VmHWM, not ru_maxrss, which keeps the forking parent's peak across exec.
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmHWM")) / 1024
t0 = time.perf_counter()
from entnorm import Normalizer
t = time.perf_counter()
before = resident()
normalizer = Normalizer(json.loads(sys.argv[1]) or None, model="none")
print(json.dumps({"import": t - t0, "seconds": time.perf_counter() - t,
                  "held_bytes": resident() - before,
                  "peak_mb": peak_mb()}))
"""
SPACY = """
import json, time
t = time.perf_counter()
import spacy
print(json.dumps({"seconds": time.perf_counter() - t}))
"""


def measure(paths: list[str], cache: str, script: str = CHILD) -> dict:
    env = {**os.environ, "ENTNORM_CACHE_DIR": cache}
    out = subprocess.run([sys.executable, "-c", script, json.dumps(paths)], env=env,
                         check=True, capture_output=True, text=True).stdout  # fmt: skip
    return json.loads(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--aliases", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        spacy = min(measure([], tmp, SPACY)["seconds"] for _ in range(3))
        print(f"import spacy alone: {spacy:.2f} s (best of 3)")
        print(f"{'tables':<20} {'names':>8} {'import s':>8} {'cold s':>8} {'warm s':>8} "
              f"{'cold MB':>8} {'warm MB':>8} {'held B/name':>11} {'ready/spacy':>11}")  # fmt: skip
        runs = [("bundled", [], None)]
        for n in args.aliases:
            big = Path(tmp) / f"synthetic-{n}.yaml"
            table = synthetic_table(n)
            rows = [{"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases)}
                    for e in table.entities]  # fmt: skip
            big.write_text(yaml.safe_dump({"entities": rows}, allow_unicode=True), "utf-8")
            runs.append((f"synthetic {n}", [str(big)], table.alias_count))
        for label, paths, names in runs:
            cache = tempfile.mkdtemp(dir=tmp)
            cold, warm = measure(paths, cache), measure(paths, cache)
            ready = warm["import"] + warm["seconds"]
            held = f"{warm['held_bytes'] / names:.0f}" if names else ""
            print(f"{label:<20} {names or '':>8} {warm['import']:>8.2f} {cold['seconds']:>8.2f} "
                  f"{warm['seconds']:>8.2f} {cold['peak_mb']:>8.0f} {warm['peak_mb']:>8.0f} "
                  f"{held:>11} {ready / spacy:>10.2f}x", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
