"""Wikidata: the JSON dump (``latest-all.json``: one entity a line, inside one JSON array).

Labels and aliases in every language become the entity's names; the English label (else the
first label) is its canonical name; ``P31`` (instance of) decides the type. Data: Wikidata,
CC0 1.0.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..aliases import Entity
from . import BadLine, OnBadLine, fail, read_lines, unique_aliases

ATTRIBUTION = "Data from Wikidata (https://www.wikidata.org), CC0 1.0."
#: ``P31`` classes to spaCy labels. Items of no listed class are left out.
INSTANCE_TYPES = {
    "Q5": "PERSON",  # human
    "Q6256": "GPE", "Q3624078": "GPE", "Q515": "GPE", "Q1549591": "GPE",  # country, city
    "Q486972": "GPE", "Q5119": "GPE", "Q10864048": "GPE",  # settlement, capital, region
    "Q43229": "ORG", "Q4830453": "ORG", "Q327333": "ORG", "Q484652": "ORG",  # organization
    "Q1616075": "ORG", "Q11032": "ORG", "Q7278": "ORG",  # news agency, newspaper, party
    "Q1190554": "EVENT", "Q198": "EVENT", "Q159821": "EVENT",  # event, war, Olympic Games
    "Q131569": "LAW", "Q93288": "LAW", "Q820655": "LAW",  # treaty, contract, statute
    "Q23442": "LOC", "Q8502": "LOC", "Q4022": "LOC", "Q23397": "LOC",  # island, mountain, river
    "Q41176": "FAC", "Q1248784": "FAC", "Q12323": "FAC",  # building, airport, dam
}  # fmt: skip


def read_dump(
    paths: Iterable[Path],
    languages: frozenset[str] | None = None,
    on_bad_line: OnBadLine = fail,
) -> Iterator[Entity]:
    """Entities of Wikidata JSON dumps, a line at a time; ``languages`` limits the names."""
    for path in paths:
        for line_no, line in read_lines(path, on_bad_line):
            line = line.strip().rstrip(",")
            if line in ("", "[", "]"):
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                on_bad_line(BadLine(f"{path}:{line_no}", f"not a JSON entity ({exc.msg})"))
                continue
            if not isinstance(item, dict):
                on_bad_line(BadLine(f"{path}:{line_no}", "not a JSON object"))
                continue
            try:
                entity = _entity(item, languages)
            except (AttributeError, KeyError, TypeError) as exc:
                on_bad_line(
                    BadLine(f"{path}:{line_no}", f"not shaped like a Wikidata entity ({exc!r})")
                )
                continue
            if entity is not None:
                yield entity


def _entity(item: dict, languages: frozenset[str] | None) -> Entity | None:
    qid = item.get("id")
    if not isinstance(qid, str) or not qid.startswith("Q"):
        return None
    claims = item.get("claims", {}).get("P31", [])
    classes = [
        c.get("mainsnak", {}).get("datavalue", {}).get("value", {}).get("id") for c in claims
    ]
    etype = next((INSTANCE_TYPES[c] for c in classes if c in INSTANCE_TYPES), None)
    if etype is None:
        return None
    labels = {k: v["value"] for k, v in item.get("labels", {}).items()
              if languages is None or k in languages}  # fmt: skip
    if not labels:
        return None
    name = labels.get("en") or next(iter(labels.values()))
    names = [*labels.values()]
    for lang, aliases in item.get("aliases", {}).items():
        if languages is None or lang in languages:
            names.extend(a["value"] for a in aliases)
    return Entity(f"wikidata:{qid}", name, etype, unique_aliases(name, names), qid)
