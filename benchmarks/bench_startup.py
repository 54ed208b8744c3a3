"""Start-up: a fresh process building a Normalizer, with a cold and then a warm index cache.

For each table set (the bundled tables; a synthetic table of 100k aliases written as YAML), runs
``Normalizer(paths, model="none")`` in a new process twice against an empty cache directory:
the first builds and stores the index (cold), the second loads it (warm). Reports wall time of
the construction (imports excluded) and the process's peak memory.

    python benchmarks/bench_startup.py [--aliases 100000]
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
import json, resource, sys, time
from entnorm import Normalizer
paths = json.loads(sys.argv[1])
t = time.perf_counter()
Normalizer(paths or None, model="none")
print(json.dumps({"seconds": time.perf_counter() - t,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(paths: list[str], cache: str) -> dict:
    env = {**os.environ, "ENTNORM_CACHE_DIR": cache}
    out = subprocess.run([sys.executable, "-c", CHILD, json.dumps(paths)], env=env,
                         check=True, capture_output=True, text=True).stdout  # fmt: skip
    return json.loads(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--aliases", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "synthetic.yaml"
        table = synthetic_table(args.aliases)
        rows = [{"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases)}
                for e in table.entities]  # fmt: skip
        big.write_text(yaml.safe_dump({"entities": rows}, allow_unicode=True), "utf-8")
        print(f"{'tables':<28} {'names':>8} {'cold s':>8} {'warm s':>8} {'cold MB':>8} "
              f"{'warm MB':>8}")  # fmt: skip
        runs = [
            ("bundled", [], None),
            (f"synthetic {args.aliases}", [str(big)], table.alias_count),
        ]
        for label, paths, names in runs:
            cache = tempfile.mkdtemp(dir=tmp)
            cold, warm = measure(paths, cache), measure(paths, cache)
            print(f"{label:<28} {names or '':>8} {cold['seconds']:>8.2f} {warm['seconds']:>8.2f} "
                  f"{cold['peak_mb']:>8.0f} {warm['peak_mb']:>8.0f}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
