"""Importer memory: ``entnorm aliases import wikidata`` on Wikidata-shaped dumps of growing size.

Each dump (default 50 MB and 500 MB) holds the same 2,000 cities (labels and aliases in 30
languages) spread among filler items of a class the importer leaves out, as in the real dump,
where the selection is a small part. So the written table is the same and any growth of peak
memory would come from reading the dump. Each import runs in a fresh process; the baseline, in
the same run and on the same files, is a reader that loads the dump with ``json.load``.

    python benchmarks/bench_import.py [--sizes-mb 50 500] [--cities 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LANGUAGES = ["en", "de", "fr", "es", "it", "pt", "nl", "pl", "ru", "uk", "cs", "sv", "fi", "tr",
             "ar", "fa", "he", "hi", "bn", "ta", "th", "vi", "id", "zh", "ja", "ko", "el", "hu",
             "ro", "ka"]  # fmt: skip

IMPORT = """
import resource, sys, time
from entnorm.cli import main
t = time.perf_counter()
code = main(["aliases", "import", "wikidata", sys.argv[1], "-o", sys.argv[2]])
print(code, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""

NAIVE = """
import json, resource, sys, time
t = time.perf_counter()
with open(sys.argv[1], encoding="utf-8") as f:
    items = json.load(f)
print(0, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def city(i: int) -> dict:
    labels = {lang: {"language": lang, "value": f"City{i} {lang}"} for lang in LANGUAGES}
    aliases = {lang: [{"language": lang, "value": f"Town{i} {lang} {k}"} for k in range(2)]
               for lang in LANGUAGES[:10]}  # fmt: skip
    claims = {"P31": [{"mainsnak": {"datavalue": {"value": {"id": "Q515"}}}}]}
    return {"id": f"Q{i}", "type": "item", "labels": labels, "aliases": aliases, "claims": claims}


def filler(i: int) -> str:
    # A scholarly article, the most common kind of item in the real dump.
    item = {
        "id": f"Q{i}",
        "type": "item",
        "labels": {"en": {"language": "en", "value": f"A study of thing {i} " + "x" * 400}},
        "descriptions": {"en": {"language": "en", "value": "scholarly article " + "y" * 300}},
        "claims": {"P31": [{"mainsnak": {"datavalue": {"value": {"id": "Q13442814"}}}}]},
    }
    return json.dumps(item)


def write_dump(path: Path, size_mb: int, cities: int) -> None:
    filler_bytes = len(filler(10**8)) + 2
    city_bytes = sum(len(json.dumps(city(10**8 + k))) + 2 for k in range(10)) // 10
    fillers = max(0, (size_mb * 2**20 - cities * city_bytes) // filler_bytes)
    every = max(1, fillers // cities)
    with open(path, "w", encoding="utf-8") as f:
        f.write("[\n")
        lines = []
        n_city = n_fill = 0
        while n_city < cities or n_fill < fillers:
            if n_city < cities and (n_fill >= fillers or n_fill >= n_city * every):
                lines.append(json.dumps(city(1_000_000 + n_city)))
                n_city += 1
            else:
                lines.append(filler(10_000_000 + n_fill))
                n_fill += 1
            if len(lines) == 10_000:
                f.write(",\n".join(lines) + ",\n")
                lines = []
        f.write(",\n".join(lines) + "\n]\n")


def run(script: str, *args: str) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", script, *args], check=True, capture_output=True,
                         text=True).stdout.split()  # fmt: skip
    if out[0] != "0":
        raise SystemExit(f"import failed with exit code {out[0]}")
    return float(out[1]), float(out[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes-mb", type=int, nargs="+", default=[50, 500])
    parser.add_argument("--cities", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'dump':>8} {'entities':>9} {'import s':>9} {'MB/s':>6} {'peak MB':>8} "
              f"{'json.load s':>11} {'json.load MB':>12} {'ratio':>6}")  # fmt: skip
        peaks = []
        for size in args.sizes_mb:
            dump, out = Path(tmp) / f"dump{size}.json", Path(tmp) / f"out{size}.yaml"
            t = time.perf_counter()
            write_dump(dump, size, args.cities)
            mb = os.path.getsize(dump) / 2**20
            print(f"# wrote {mb:.0f} MB in {time.perf_counter() - t:.0f} s", file=sys.stderr)
            seconds, peak = run(IMPORT, str(dump), str(out))
            written = out.read_text("utf-8").count("\n  - id:")
            naive_s, naive_peak = run(NAIVE, str(dump))
            peaks.append(peak)
            print(f"{mb:>6.0f}MB {written:>9} {seconds:>9.1f} {mb / seconds:>6.1f} {peak:>8.0f} "
                  f"{naive_s:>11.1f} {naive_peak:>12.0f} {naive_peak / peak:>5.1f}x")  # fmt: skip
            dump.unlink()
        print(f"peak memory, largest dump / smallest: {peaks[-1] / peaks[0]:.2f}x "
              f"for a {args.sizes_mb[-1] / args.sizes_mb[0]:.0f}x larger dump")  # fmt: skip


if __name__ == "__main__":
    main()
