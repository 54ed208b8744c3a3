"""CSV/TSV tables: one entity a row.

Columns (a header row is required, names case-insensitive): ``id``, ``name``, ``type`` and
optionally ``aliases`` (several separated by ``|``), ``wikidata``, and any number of ``alias``
columns (one alias each). Unknown columns are an error, so that a typo is not silently lost.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..aliases import ENTITY_TYPES, Entity
from ..errors import EntnormError
from . import open_source, unique_aliases

REQUIRED = ("id", "name", "type")
OPTIONAL = ("aliases", "alias", "wikidata")


def read_table(paths: Iterable[Path]) -> Iterator[Entity]:
    for path in paths:
        delimiter = "\t" if Path(path).suffix.lower() == ".tsv" else ","
        with open_source(path, newline="") as f:
            reader = csv.reader(f, delimiter=delimiter)
            header = [h.strip().casefold() for h in next(reader, [])]
            missing = [c for c in REQUIRED if c not in header]
            unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
            if missing or unknown:
                raise EntnormError(
                    f"{path}:1: columns must be id, name, type[, aliases][, alias...]"
                    f"[, wikidata]; missing {missing or 'none'}, unknown {unknown or 'none'}"
                )
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                yield _entity(path, reader.line_num, header, row)


def _entity(path: Path, line: int, header: list[str], row: list[str]) -> Entity:
    if len(row) != len(header):
        raise EntnormError(f"{path}:{line}: {len(row)} cells for {len(header)} columns")
    cells = {h: v.strip() for h, v in zip(header, row, strict=True) if h != "alias"}
    aliases = [a for h, v in zip(header, row, strict=True) if h == "alias" for a in [v]]
    aliases += cells.get("aliases", "").split("|")
    for field in REQUIRED:
        if not cells[field]:
            raise EntnormError(f"{path}:{line}: empty {field!r}")
    if cells["type"] not in ENTITY_TYPES:
        raise EntnormError(f"{path}:{line}: unknown type {cells['type']!r}")
    names = unique_aliases(cells["name"], aliases)
    return Entity(cells["id"], cells["name"], cells["type"], names, cells.get("wikidata") or None)
