"""Long documents: the peak memory and time of normalizing one text of a megabyte, against a text
of one paragraph (the baseline: the process's memory with the model loaded), each in a fresh
process with the statistical model.

Texts over ``normalizer.PIECE_LENGTH`` characters are normalized in pieces; ``--whole`` also
measures the same text as one doc (the pieces made as long as the text), as it was before.

    python benchmarks/bench_long_text.py [--size 1000000] [--whole]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

CHILD = """
import json, random, sys, time
from entnorm import Normalizer, normalizer

def peak_mb():
    # VmHWM, not ru_maxrss, which keeps the forking parent's peak across exec.
    with open("/proc/self/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmHWM")) / 1024

size, whole = int(sys.argv[1]), sys.argv[2] == "1"
rng = random.Random(0)
people = ["Moon Jae-in", "Kim Jong Un", "Vladimir Putin", "Mun Chzhe In", "Xi Jinping"]
places = ["Pyongyang", "Seoul", "Moscow", "Panmunjom", "Washington", "Beijing"]
sentences = ["{p} met officials in {g} on Tuesday.", "The talks in {g} went on, {p} said.",
             "Nobody expected {p} to visit {g} again.", "Markets in {g} were calm."]
paragraphs, n = [], 0
while n < max(size, 1):
    p = " ".join(rng.choice(sentences).format(p=rng.choice(people), g=rng.choice(places))
                 for _ in range(6))
    paragraphs.append(p)
    n += len(p) + 2
text = "\\n\\n".join(paragraphs)[:size] if size > 1000 else paragraphs[0]
if whole:
    normalizer.PIECE_LENGTH = len(text)
nm = Normalizer(model="auto")
nm.nlp.max_length = max(nm.nlp.max_length, len(text))
nm.normalize("Seoul.")
t = time.perf_counter()
result = nm.normalize(text)
print(json.dumps({"chars": len(text), "mentions": len(result.mentions),
                  "seconds": time.perf_counter() - t, "peak_mb": peak_mb()}))
"""


def measure(size: int, whole: bool) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, str(size), "1" if whole else "0"],
                         check=True, capture_output=True, text=True)  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="characters of the long text")
    parser.add_argument("--whole", action="store_true", help="also as one doc, without pieces")
    args = parser.parse_args()
    runs = [("one paragraph (baseline)", measure(0, False)),
            ("long text, in pieces", measure(args.size, False))]  # fmt: skip
    if args.whole:
        runs.append(("long text, one doc", measure(args.size, True)))
    base = runs[0][1]["peak_mb"]
    print(f"{'run':<26} {'chars':>9} {'mentions':>8} {'seconds':>8} {'peak MB':>8} {'/ base':>7}")
    for name, r in runs:
        print(f"{name:<26} {r['chars']:>9,} {r['mentions']:>8,} {r['seconds']:>8.1f} "
              f"{r['peak_mb']:>8.0f} {r['peak_mb'] / base:>6.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
