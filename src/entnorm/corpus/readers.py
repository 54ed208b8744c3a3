"""Corpus readers: records read from files and streams, lazily and in order.

Inputs are text files (one record each), directories (their files, recursively, in sorted
order), JSONL (one record a line), CSV/TSV (one record a row), or ``-`` for standard input
(JSONL, or one text with ``input_format="text"``). Every input is read lazily, so memory does not
grow with the corpus. A record that cannot be read (invalid UTF-8, a broken JSON line, a missing
or non-text field, an empty file) becomes a ``BadRecord`` naming its file and line; reading goes
on with the next.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..errors import SettingsError

INPUT_FORMATS = ("auto", "text", "jsonl", "csv", "tsv")
_BY_SUFFIX = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv"}


@dataclass(frozen=True, slots=True)
class Record:
    """One document of a corpus."""

    #: The record's id: its id field or column when it has one, else its source.
    id: str
    text: str
    #: Where it was read: "path" for a text file, "path:line" for JSONL and CSV rows.
    source: str
    #: The record's other JSONL fields or CSV columns, carried through to the output.
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BadRecord:
    """A record that could not be read, and why."""

    source: str
    reason: str


def detect_format(path: str, given: str = "auto") -> str:
    """The format of one input: as given, or by its suffix (``-`` is JSONL)."""
    if given not in INPUT_FORMATS:
        raise SettingsError("E505", value=given, expected=", ".join(INPUT_FORMATS))
    if given != "auto":
        return given
    if path == "-":
        return "jsonl"
    return _BY_SUFFIX.get(Path(path).suffix.lower(), "text")


def read_records(
    inputs: Sequence[str | Path],
    *,
    text_field: str = "text",
    id_field: str = "id",
    input_format: str = "auto",
    glob: str = "*",
    stdin: IO[bytes] | None = None,
) -> Iterator[Record | BadRecord]:
    """Every record of every input, in order (directories recursively, sorted)."""
    for given in inputs:
        name = str(given)
        if name != "-" and Path(name).is_dir():
            files = sorted(p for p in Path(name).rglob(glob) if p.is_file())
            for path in files:
                yield from _read_one(str(path), text_field, id_field, input_format, None)
        else:
            yield from _read_one(name, text_field, id_field, input_format, stdin)


def _read_one(
    name: str, text_field: str, id_field: str, given: str, stdin: IO[bytes] | None
) -> Iterator[Record | BadRecord]:
    fmt = detect_format(name, given)
    try:
        if name == "-":
            stream: IO[bytes] = stdin or sys.stdin.buffer
            yield from _read_stream(stream, "<stdin>", fmt, text_field, id_field)
            return
        with open(name, "rb") as f:
            yield from _read_stream(f, name, fmt, text_field, id_field)
    except OSError as exc:
        yield BadRecord(name, f"cannot read the file: {exc.strerror or exc}")


def _read_stream(
    f: IO[bytes], name: str, fmt: str, text_field: str, id_field: str
) -> Iterator[Record | BadRecord]:
    if fmt == "text":
        data = f.read()
        if not data:
            yield BadRecord(name, "the file is empty")
            return
        try:
            yield Record(name, data.decode("utf-8"), name)
        except UnicodeDecodeError as exc:
            yield BadRecord(name, f"not valid UTF-8 (byte {data[exc.start]:#04x} at offset "
                                  f"{exc.start})")  # fmt: skip
        return
    empty = True
    rows = _jsonl_rows(f, name) if fmt == "jsonl" else _csv_rows(f, name, fmt)
    for source, row in rows:
        empty = False
        if isinstance(row, BadRecord):
            yield row
            continue
        text = row.get(text_field)
        if text_field not in row:
            yield BadRecord(source, f"no field {text_field!r}")
        elif not isinstance(text, str):
            yield BadRecord(source, f"field {text_field!r} is {type(text).__name__}, not text")
        else:
            fields = {k: v for k, v in row.items() if k != text_field}
            rid = fields.get(id_field)
            yield Record(str(rid) if rid not in (None, "") else source, text, source, fields)
    if empty:
        yield BadRecord(name, "the file is empty")


def _jsonl_rows(f: IO[bytes], name: str) -> Iterator[tuple[str, dict | BadRecord]]:
    for line_no, raw in enumerate(f, start=1):
        source = f"{name}:{line_no}"
        if not raw.strip():
            continue
        try:
            row = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield source, BadRecord(source, f"not valid UTF-8 (byte {raw[exc.start]:#04x})")
            continue
        except json.JSONDecodeError as exc:
            yield source, BadRecord(source, f"not valid JSON: {exc.msg} at character {exc.pos}")
            continue
        if not isinstance(row, dict):
            yield source, BadRecord(source, f"a JSON {type(row).__name__}, not an object")
            continue
        yield source, row


def _csv_rows(f: IO[bytes], name: str, fmt: str) -> Iterator[tuple[str, dict | BadRecord]]:
    # Undecodable bytes become lone surrogates, so that one bad row is reported and skipped
    # without losing the rows after it.
    text = io.TextIOWrapper(f, encoding="utf-8", errors="surrogateescape", newline="")
    reader = csv.DictReader(text, delimiter="\t" if fmt == "tsv" else ",")
    for row in reader:
        source = f"{name}:{reader.line_num}"
        values = [*row.keys(), *row.values()]
        if any(isinstance(v, str) and _undecodable(v) for v in values):
            yield source, BadRecord(source, "not valid UTF-8")
        elif None in row or any(v is None for v in row.values()):
            yield source, BadRecord(source, "the row does not have as many cells as the header")
        else:
            yield source, dict(row)


def _undecodable(s: str) -> bool:
    return any("\udc80" <= c <= "\udcff" for c in s)
