"""CSV/TSV tables: one entity a row.

Columns (a header row is required, names case-insensitive): ``id``, ``name``, ``type`` and
optionally ``aliases`` (several separated by ``|``), ``wikidata``, and any number of ``alias``
columns (one alias each). Unknown columns are an error, so that a typo is not silently lost; a
row with the wrong number of cells, an empty required cell or an unknown type is a bad line.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..aliases import ENTITY_TYPES, Entity
from ..errors import InputError
from . import BadLine, OnBadLine, fail, open_source, unique_aliases

REQUIRED = ("id", "name", "type")
OPTIONAL = ("aliases", "alias", "wikidata")


def read_table(paths: Iterable[Path], on_bad_line: OnBadLine = fail) -> Iterator[Entity]:
    for path in paths:
        delimiter = "\t" if Path(path).suffix.lower() == ".tsv" else ","
        with open_source(path, newline="") as f:
            reader = csv.reader(f, delimiter=delimiter)
            header = [h.strip().casefold() for h in next(reader, [])]
            missing = [c for c in REQUIRED if c not in header]
            unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
            if missing or unknown:
                raise InputError("E312", path=path, missing=missing or "none",
                                 unknown=unknown or "none")  # fmt: skip
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                problem = _problem(header, row)
                if problem:
                    on_bad_line(BadLine(f"{path}:{reader.line_num}", problem))
                else:
                    yield _entity(header, row)


def _problem(header: list[str], row: list[str]) -> str | None:
    if len(row) != len(header):
        return f"{len(row)} cells for {len(header)} columns"
    cells = dict(zip(header, (v.strip() for v in row), strict=True))
    for field in REQUIRED:
        if not cells[field]:
            return f"empty {field!r}"
    if cells["type"] not in ENTITY_TYPES:
        return f"unknown type {cells['type']!r}"
    return None


def _entity(header: list[str], row: list[str]) -> Entity:
    cells = {h: v.strip() for h, v in zip(header, row, strict=True) if h != "alias"}
    aliases = [a for h, v in zip(header, row, strict=True) if h == "alias" for a in [v]]
    aliases += cells.get("aliases", "").split("|")
    names = unique_aliases(cells["name"], aliases)
    return Entity(cells["id"], cells["name"], cells["type"], names, cells.get("wikidata") or None)
