"""What the resolver's floor (``Settings.floor``) changes on a name-level split: each mention
is resolved against the split's kb.yaml with no floor and with each floor given, and the script
prints how many results differ and how many of those were right without the floor.

    python scripts/floor.py eval/tune [--floors 0.6 0.65 0.7 0.75 0.8]
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from entnorm import Resolver, Settings
from entnorm.evaluate import read_cases


def changes(split: Path, floors: Sequence[float]) -> tuple[int, list[tuple[float, int, int]]]:
    """The names matched without a floor, and for each floor how many results it changes and
    how many of those were right without it."""
    cases = read_cases(split / "mentions.tsv")
    floorless = Resolver.from_yaml([split / "kb.yaml"], settings=Settings(floor=0.0), cache=False)

    def ids(resolver: Resolver) -> list[str | None]:
        return [m.entity_id if (m := resolver.resolve(c.mention)) else None for c in cases]

    base = ids(floorless)
    rows = []
    for floor in floors:
        settings = replace(floorless.settings, floor=floor)
        got = ids(Resolver(floorless.table, settings=settings, index=floorless.index))
        changed = [k for k, (a, b) in enumerate(zip(base, got, strict=True)) if a != b]
        rows.append((floor, len(changed), sum(base[k] == cases[k].gold_id for k in changed)))
    return sum(i is not None for i in base), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("split", type=Path, help="a directory with kb.yaml and mentions.tsv")
    parser.add_argument("--floors", type=float, nargs="+", default=[0.6, 0.65, 0.7, 0.75, 0.8])
    args = parser.parse_args()
    matched, rows = changes(args.split, args.floors)
    print(f"{matched} names matched without a floor")
    print("floor  changed  right without it")
    for floor, changed, right in rows:
        print(f"{floor:5.2f}  {changed:7d}  {right:5d}")


if __name__ == "__main__":
    main()
