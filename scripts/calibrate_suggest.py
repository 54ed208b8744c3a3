"""Calibrate the confidence of ``aliases suggest`` (``src/entnorm/data/suggest.yaml``) on a
name-level split that the suggestions' reported figures do not use.

Every mention of the split is resolved against its kb.yaml, by the resolver as it is and by the
suggester's relaxed one (``suggest.RELAXED``). Each match found by spelling (fuzzy or
transliteration) is binned by its score; a bin's confidence is the share of its matches that are
right, smoothed (right + 1) / (matches + 2), and made never to fall as the score rises.

    python scripts/calibrate_suggest.py eval/tune -o src/entnorm/data/suggest.yaml
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from entnorm import Resolver, Settings
from entnorm.evaluate import NIL, read_cases
from entnorm.suggest import RELAXED

EDGES = (0.0, 0.8, 0.85, 0.9, 0.95, 1.01)


def bins(resolver: Resolver, split: Path) -> list[list[float]]:
    """[low, high, confidence, matches] per score bin."""
    counts = [[0, 0] for _ in EDGES[:-1]]
    for case in read_cases(split / "mentions.tsv"):
        match = resolver.resolve(case.mention)
        if match is None or match.method not in ("fuzzy", "transliteration"):
            continue
        k = next(i for i in range(len(EDGES) - 1) if match.score < EDGES[i + 1])
        counts[k][0] += int(case.gold_id != NIL and match.entity_id == case.gold_id)
        counts[k][1] += 1
    rows, floor = [], 0.0
    for i, (right, n) in enumerate(counts):
        floor = max(floor, (right + 1) / (n + 2))
        rows.append([EDGES[i], EDGES[i + 1], round(floor, 3), n])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("split", type=Path, help="a directory with kb.yaml and mentions.tsv")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args()
    strict = Resolver.from_yaml([args.split / "kb.yaml"], settings=Settings(), cache=False)
    relaxed = Resolver(strict.table, settings=RELAXED, index=strict.index)
    data = {"split": str(args.split), "resolved": bins(strict, args.split),
            "relaxed": bins(relaxed, args.split)}  # fmt: skip
    header = (
        f"# Written by scripts/calibrate_suggest.py {args.split}: per score bin [low, high,\n"
        "# confidence, matches] of the resolver's matches by spelling, and the relaxed one's.\n"
    )
    text = yaml.safe_dump(data, sort_keys=False, default_flow_style=None)
    args.output.write_text(header + text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
