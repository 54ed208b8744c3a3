"""Corpus readers: records read from files and streams, lazily and in order.

Inputs are text files (one record each), directories (their files, recursively, in sorted
order), JSONL (one record a line), CSV/TSV (one record a row), or ``-`` for standard input
(JSONL, or one text with ``input_format="text"``). Every input is read lazily, so memory does not
grow with the corpus. A record that cannot be read (invalid UTF-8, a broken JSON line, JSON that
is not text, a missing or non-text field, a CSV row that is not strictly valid, a record over
``MAX_RECORD_BYTES``, an empty file) becomes a ``BadRecord`` naming its file and line; reading
goes on with the next.
"""

from __future__ import annotations

import base64
import csv
import datetime
import fnmatch
import io
import json
import math
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..errors import InputError, SettingsError

INPUT_FORMATS = ("auto", "text", "jsonl", "csv", "tsv", "parquet")
#: The longest record read, in bytes (a JSONL line, a CSV cell, a text file): far above a long
#: book's (a novel is about a megabyte), far below what would exhaust memory. Longer records
#: are reported as bad, not read.
MAX_RECORD_BYTES = 64 * 1024 * 1024
BOM = "\ufeff".encode()
_SURROGATE = re.compile("[\ud800-\udfff]")
_BY_SUFFIX = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv",
              ".parquet": "parquet"}  # fmt: skip


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


@dataclass(frozen=True, slots=True)
class Part:
    """A slice of the inputs that a worker reads on its own: a whole file, a block of a JSONL
    file's lines (``offset`` and ``length`` in bytes, at line ends), or a run of a Parquet
    file's row groups (``offset`` and ``length`` count row groups); ``first_line`` is the
    number of its first line or row, so that records keep the sources ``read_records`` gives
    them."""

    name: str
    fmt: str
    offset: int = 0
    #: None: to the end of the file.
    length: int | None = None
    first_line: int = 1

    @property
    def whole(self) -> bool:
        return self.offset == 0 and self.length is None


def plan_parts(
    inputs: Sequence[str], *, input_format: str = "auto", glob: str = "*",
    block_bytes: int = 64 * 1024 * 1024,
) -> list[Part]:  # fmt: skip
    """The inputs as parts, in ``read_records``'s order: each file whole, but a JSONL file
    longer than ``block_bytes`` in blocks of about that size, cut at line ends (found by reading
    it once), and a Parquet file in runs of row groups of about that size (from its footer).
    Paths may be fsspec URLs ("s3://bucket/corpus/"). Standard input cannot be split among
    workers (E364)."""
    parts = []
    for name in map(str, inputs):
        if name == "-":
            raise InputError("E364")
        for path in input_files(name, glob):
            fmt = detect_format(path, input_format)
            if fmt not in ("jsonl", "parquet"):
                parts.append(Part(path, fmt))
                continue
            try:
                with open_input(path) as f:
                    split = _blocks if fmt == "jsonl" else _row_groups
                    parts.extend(split(f, path, block_bytes))
            except Exception:  # reading it whole reports why, as a bad record
                parts.append(Part(path, fmt))
    return parts


def input_files(name: str, glob: str = "*") -> list[str]:
    """A file, or the files of a directory that ``glob`` picks, recursively, sorted."""
    if "://" not in name:
        if Path(name).is_dir():
            return [str(p) for p in sorted(p for p in Path(name).rglob(glob) if p.is_file())]
        return [name]
    import fsspec

    fs, root = fsspec.core.url_to_fs(name)
    if not fs.isdir(root):
        return [name]
    found = sorted(p for p in fs.find(root) if fnmatch.fnmatch(p.rsplit("/", 1)[-1], glob))
    return [fs.unstrip_protocol(p) for p in found]


def _blocks(f: IO[bytes], name: str, size: int) -> list[Part]:
    parts, start, first, pos, line = [], 0, 1, 0, 1
    blank = True
    while piece := f.readline(size):
        # A file of blank lines only is read whole, which reports it as empty.
        blank = blank and not (piece.removeprefix(BOM) if pos == 0 else piece).strip()
        pos += len(piece)
        if piece.endswith(b"\n"):
            line += 1
            if pos - start >= size:
                parts.append(Part(name, "jsonl", start, pos - start, first))
                start, first = pos, line
    if not parts or blank:
        return [Part(name, "jsonl")]
    if pos > start:
        parts.append(Part(name, "jsonl", start, None, first))
    return parts


def _row_groups(f: IO[bytes], name: str, size: int) -> list[Part]:
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(f).metadata
    parts, start, first, row, gathered = [], 0, 1, 1, 0
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        gathered += group.total_byte_size
        row += group.num_rows
        if gathered >= size:
            parts.append(Part(name, "parquet", start, g + 1 - start, first))
            start, first, gathered = g + 1, row, 0
    if start < meta.num_row_groups:
        parts.append(Part(name, "parquet", start, meta.num_row_groups - start, first))
    if not parts or parts == [Part(name, "parquet", 0, meta.num_row_groups, 1)]:
        return [Part(name, "parquet")]
    return parts


def _parquet_rows(
    f: IO[bytes], name: str, part: Part | None
) -> Iterator[tuple[str, dict | BadRecord]]:
    """The rows of a Parquet file (of ``part``'s row groups), one row group in memory at a
    time; values that JSON cannot hold as they are (dates, decimals, NaN) made plain."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield name, BadRecord(name, "reading Parquet needs pyarrow: pip install pyarrow")
        return
    try:
        reader = pq.ParquetFile(f)
        groups = range(reader.metadata.num_row_groups)
    except Exception as exc:  # pyarrow raises errors of many kinds
        yield name, BadRecord(name, f"not a Parquet file ({exc})")
        return
    row = 1
    if part is not None and not part.whole:
        groups = range(part.offset, part.offset + (part.length or 0))
        row = part.first_line
    for g in groups:
        for values in reader.read_row_group(g).to_pylist():
            source = f"{name}:{row}"
            row += 1
            yield source, {str(k): _plain(v) for k, v in values.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return str(value)  # decimals, durations


def open_input(name: str) -> IO[bytes]:
    """A file for reading: a local path, or an fsspec URL."""
    if "://" not in name:
        return open(name, "rb")
    import fsspec

    return fsspec.open(name, "rb").open()  # type: ignore[no-any-return]


def read_part(
    part: Part, *, text_field: str = "text", id_field: str = "id"
) -> Iterator[Record | BadRecord]:
    """The records of one part, as ``read_records`` gives them."""
    try:
        with open_input(part.name) as f:
            if part.fmt == "parquet":
                yield from _read_stream(f, part.name, part.fmt, text_field, id_field,
                                        part=part)  # fmt: skip
                return
            if part.whole:
                yield from _read_stream(f, part.name, part.fmt, text_field, id_field)
                return
            f.seek(part.offset)
            block = _Block(f, part.length)
            yield from _read_stream(block, part.name, part.fmt, text_field, id_field,  # type: ignore[arg-type]
                                    first_line=part.first_line, whole=False)  # fmt: skip
    except OSError as exc:
        yield BadRecord(part.name, f"cannot read the file: {exc.strerror or exc}")


class _Block:
    """The next ``length`` bytes of a file (all of it for None), read by lines."""

    def __init__(self, f: IO[bytes], length: int | None) -> None:
        self.f, self.left = f, length

    def readline(self, limit: int = -1) -> bytes:
        if self.left is None:
            return self.f.readline(limit)
        if self.left <= 0:
            return b""
        line = self.f.readline(self.left if limit < 0 else min(limit, self.left))
        self.left -= len(line)
        return line


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
    f: IO[bytes], name: str, fmt: str, text_field: str, id_field: str, *,
    first_line: int = 1, whole: bool = True, part: Part | None = None,
) -> Iterator[Record | BadRecord]:  # fmt: skip
    if fmt == "text":
        data = f.read(MAX_RECORD_BYTES + 1)
        if not data:
            yield BadRecord(name, "the file is empty")
            return
        if len(data) > MAX_RECORD_BYTES:
            yield BadRecord(name, f"over the limit of {MAX_RECORD_BYTES:,} bytes a record")
            return
        try:
            yield Record(name, data.decode("utf-8"), name)
        except UnicodeDecodeError as exc:
            yield BadRecord(name, f"not valid UTF-8 (byte {data[exc.start]:#04x} at offset "
                                  f"{exc.start})")  # fmt: skip
        return
    empty = whole and (part is None or part.whole)
    if fmt == "parquet":
        if name == "<stdin>":
            yield BadRecord(name, "Parquet is read from files, not from standard input")
            return
        rows = _parquet_rows(f, name, part)
    elif fmt == "jsonl":
        rows = _jsonl_rows(f, name, first_line)
    else:
        rows = _csv_rows(f, name, fmt)
    for source, row in rows:
        empty = False
        if isinstance(row, BadRecord):
            yield row
            continue
        yield record_of(row, source, text_field, id_field)
    if empty:
        yield BadRecord(name, "the file is empty")


def record_of(
    row: dict[str, Any], source: str, text_field: str = "text", id_field: str = "id"
) -> Record | BadRecord:
    """A record from a JSON object or CSV row: its text field, its id (else ``source``), the
    other fields carried."""
    text = row.get(text_field)
    if text_field not in row:
        return BadRecord(source, f"no field {text_field!r}")
    if not isinstance(text, str):
        return BadRecord(source, f"field {text_field!r} is {type(text).__name__}, not text")
    fields = {k: v for k, v in row.items() if k != text_field}
    rid = fields.get(id_field)
    return Record(str(rid) if rid not in (None, "") else source, text, source, fields)


def _jsonl_rows(
    f: IO[bytes], name: str, first_line: int = 1
) -> Iterator[tuple[str, dict | BadRecord]]:
    for line_no, raw in enumerate(_lines(f), start=first_line):
        source = f"{name}:{line_no}"
        if isinstance(raw, int):
            yield source, BadRecord(source, f"a line of {raw:,} bytes, over the limit of "
                                            f"{MAX_RECORD_BYTES:,}")  # fmt: skip
            continue
        if line_no == 1:
            raw = raw.removeprefix(BOM)
        if not raw.strip():
            continue
        try:
            row = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
        except UnicodeDecodeError as exc:
            yield source, BadRecord(source, f"not valid UTF-8 (byte {raw[exc.start]:#04x})")
            continue
        except json.JSONDecodeError as exc:
            yield source, BadRecord(source, f"not valid JSON: {exc.msg} at character {exc.pos}")
            continue
        except (ValueError, RecursionError) as exc:
            # Numbers of thousands of digits, NaN and Infinity, arrays nested thousands deep.
            reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
            yield source, BadRecord(source, f"not valid JSON: {reason}")
            continue
        if not isinstance(row, dict):
            yield source, BadRecord(source, f"a JSON {type(row).__name__}, not an object")
            continue
        # A \ud800 escape is valid JSON but no text: it cannot be written as UTF-8, and the
        # tokenizer fails on it.
        if b"\\u" in raw and (where := _surrogate(row)) is not None:
            reason = f"field {where!r} holds a lone surrogate (such as \\ud800), not text"
            yield source, BadRecord(source, reason)
            continue
        yield source, row


def _lines(f: IO[bytes]) -> Iterator[bytes | int]:
    """The lines of ``f``; a line over ``MAX_RECORD_BYTES`` is skipped, and its length given
    in its place, without ever holding it whole."""
    while line := f.readline(MAX_RECORD_BYTES + 1):
        if len(line) <= MAX_RECORD_BYTES or line.endswith(b"\n"):
            yield line
            continue
        length = len(line)
        while (rest := f.readline(1 << 20)) and not rest.endswith(b"\n"):
            length += len(rest)
        yield length + len(rest)


def _no_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def _surrogate(row: dict[str, Any]) -> str | None:
    """The field of a JSON object (top level) whose value, or a key or string in it, holds a
    lone surrogate; None when none does."""
    for key, value in row.items():
        stack = [key, value]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                if _SURROGATE.search(item):
                    return key
            elif isinstance(item, dict):
                stack.extend(item.keys())
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
    return None


def _csv_rows(f: IO[bytes], name: str, fmt: str) -> Iterator[tuple[str, dict | BadRecord]]:
    # Undecodable bytes become lone surrogates, so that one bad row is reported and skipped
    # without losing the rows after it. utf-8-sig drops a byte order mark.
    text = io.TextIOWrapper(f, encoding="utf-8-sig", errors="surrogateescape", newline="")
    # Strict: a quote that is never closed is an error at the end of the file, not a cell
    # that silently holds the rest of it.
    reader = csv.reader(text, delimiter="\t" if fmt == "tsv" else ",", strict=True)
    # The csv module's limit is per process; a cell of a long document is no error here.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_RECORD_BYTES))
    header: list[str] | None = None
    while True:
        # The plain reader, not DictReader, whose skipping of blank lines hides line numbers.
        first = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            source = f"{name}:{first}"
            reason = f"not valid {fmt.upper()} ({exc})"
            if "end of data" in str(exc):
                reason += (": a quote opened in this row is never closed, and the rest of the "
                           "file was read as its cell")  # fmt: skip
            yield source, BadRecord(source, reason)
            if header is None:
                return
            continue
        if not row:
            continue
        if header is None:
            header = row
            continue
        source = f"{name}:{first}"
        if any(_undecodable(v) for v in (*header, *row)):
            yield source, BadRecord(source, "not valid UTF-8")
        elif len(row) != len(header):
            yield source, BadRecord(source, "the row does not have as many cells as the header")
        else:
            yield source, dict(zip(header, row, strict=True))


def _undecodable(s: str) -> bool:
    return any("\udc80" <= c <= "\udcff" for c in s)
