"""Batch throughput: documents per second with 1 and 2 workers on the same corpus, same run.

Writes a JSONL corpus of short news-like documents (the templates of ``bench_text.py``), then
runs ``entnorm normalize`` on it with ``--workers 1`` and ``--workers 2`` as separate processes,
reporting wall time, documents per second, the speed-up, and peak memory (the largest resident
set of the run's processes, workers included).

    python benchmarks/bench_batch.py [--docs 6000] [--model auto|none]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_text import generated_texts


def write_corpus(path: Path, docs: int) -> list[str]:
    """A JSONL corpus of short documents (2-3 sentences), like news snippets or social media
    posts; its texts."""
    texts = [" ".join(t.split(". ")[:3]) for t in generated_texts(docs, seed=3)]
    with path.open("w", encoding="utf-8") as f:
        for i, text in enumerate(texts):
            f.write(json.dumps({"id": i, "text": text}) + "\n")
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=6000)
    parser.add_argument("--model", default="auto")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        texts = write_corpus(corpus, args.docs)
        words = sum(len(t.split()) for t in texts)
        print(f"{args.docs} documents, {words} words, model {args.model}")
        print(f"{'workers':>7} {'seconds':>8} {'docs/s':>8} {'speed-up':>9} {'peak MB':>8}")
        base = None
        for workers in (1, 2):
            out = Path(tmp) / f"out{workers}.jsonl"
            cmd = [sys.executable, "-m", "entnorm.cli", "normalize", str(corpus), "-o", str(out),
                   "--model", args.model, "--workers", str(workers), "--quiet"]  # fmt: skip
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            t = time.perf_counter()
            subprocess.run(cmd, check=True)
            seconds = time.perf_counter() - t
            peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
            base = base or seconds
            print(f"{workers:>7} {seconds:>8.2f} {args.docs / seconds:>8.0f} "
                  f"{base / seconds:>8.2f}x {peak:>8.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
