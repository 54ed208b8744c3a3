"""The Dask engine's cost: records per second of ``entnorm normalize`` on one corpus with
``--engine local --workers 1``, ``--workers 2`` and ``--engine dask --workers 2`` (a local
cluster of two processes), each run a separate process in the same run; the engine's overhead
is the Dask run's time over the local run's with as many workers. Every run's output is checked
to be the same rows.

    python benchmarks/bench_dask.py [--docs 6000] [--model auto|none] [--partition-size 256K]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_batch import write_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=6000)
    parser.add_argument("--model", default="auto")
    parser.add_argument("--partition-size", default="256K")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        write_corpus(corpus, args.docs)
        print(f"{args.docs} documents, model {args.model}, parts of {args.partition_size}")
        runs = [("local", 1, []), ("local", 2, []),
                ("dask", 2, ["--partition-size", args.partition_size])]  # fmt: skip
        print(f"{'engine':<7} {'workers':>7} {'seconds':>8} {'docs/s':>8} {'/ local':>8}")
        local: dict[int, float] = {}
        outputs = []
        for engine, workers, extra in runs:
            out = Path(tmp) / f"{engine}{workers}.jsonl"
            cmd = [sys.executable, "-m", "entnorm.cli", "normalize", str(corpus), "-o", str(out),
                   "--model", args.model, "--workers", str(workers), "--engine", engine,
                   "--quiet", *extra]  # fmt: skip
            t = time.perf_counter()
            subprocess.run(cmd, check=True)
            seconds = time.perf_counter() - t
            outputs.append(out.read_bytes())
            if engine == "local":
                local[workers] = seconds
            ratio = f"{seconds / local[workers]:>7.2f}x" if engine == "dask" else ""
            speed = args.docs / seconds
            print(f"{engine:<7} {workers:>7} {seconds:>8.2f} {speed:>8.0f} {ratio:>8}")
        print("same rows in every run:", all(o == outputs[0] for o in outputs))


if __name__ == "__main__":
    main()
