"""Resolve every name of a name-level split's cities against the bundled tables.

A split's kb.yaml lists GeoNames cities with their names, and mentions.tsv more spellings of
them; the bundled tables hold the cities of a million people or more (GeoNames ids too) and
curated places. Each name is resolved with the bundled tables only and counted as right (the
city's own entity, or the curated entity its GeoNames entry joins with ``same_as``), wrong
(another entity) or NIL, separately for cities that the bundled tables list and for those they
do not. For an unlisted city every match is a wrong canonical name: its rate is the bundled
tables' counterpart of a split's NIL false-match rate.

    python scripts/probe_bundled.py ../shared/eval-dev eval/tune [--show-wrong]
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import yaml

from entnorm import Normalizer, load_tables
from entnorm.aliases import bundled_paths
from entnorm.evaluate import NIL, read_cases


def split_names(directory: Path) -> dict[tuple[str, str], str]:
    """(name, city id) -> the city's canonical name, for every name a split gives a city."""
    entities = load_tables([directory / "kb.yaml"]).entities
    canonical = {e.id: e.name for e in entities}
    names = {(n, e.id): e.name for e in entities for n in (e.name, *e.aliases)}
    for case in read_cases(directory / "mentions.tsv"):
        if case.gold_id != NIL:
            names[(case.mention, case.gold_id)] = canonical[case.gold_id]
    return names


def bundled_ids() -> dict[str, str]:
    """Every bundled entry's id -> the id of the entity it resolves as (``same_as`` followed,
    which the loaded table no longer shows)."""
    ids = {}
    for path in bundled_paths():
        for e in yaml.safe_load(path.read_text("utf-8"))["entities"]:
            ids[e["id"]] = e.get("same_as") or e["id"]
    return ids


def probe(
    splits: Sequence[Path], normalizer: Normalizer
) -> tuple[dict[bool, dict[str, int]], list[str]]:
    """Counts of right, wrong and NIL for bundled (True) and unbundled (False) cities, and a
    line per wrong match."""
    names: dict[tuple[str, str], str] = {}
    for split in splits:
        names.update(split_names(split))
    ids = bundled_ids()
    counts = {listed: {"right": 0, "wrong": 0, "nil": 0} for listed in (True, False)}
    wrong = []
    for (name, city), canonical in sorted(names.items()):
        listed = city in ids
        match = normalizer.resolve(name)
        if match is None:
            outcome = "nil"
        elif listed and match.entity_id == ids[city]:
            outcome = "right"
        else:
            outcome = "wrong"
            wrong.append(f"{name}\t{match.canonical}\t(is {canonical})")
        counts[listed][outcome] += 1
    return counts, wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("splits", nargs="+", type=Path)
    parser.add_argument("--show-wrong", action="store_true", help="list every wrong match")
    args = parser.parse_args()
    counts, wrong = probe(args.splits, Normalizer(cache=False))
    for listed, c in counts.items():
        total = sum(c.values())
        label = "bundled cities" if listed else "cities not bundled"
        print(f"{label}: {total} names, right {c['right']}, wrong {c['wrong']} "
              f"({c['wrong'] / max(total, 1):.1%}), NIL {c['nil']}")  # fmt: skip
    if args.show_wrong:
        print("\n".join(wrong))


if __name__ == "__main__":
    main()
