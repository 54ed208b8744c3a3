"""Normalization on a Dask cluster: bags, dataframes, and the corpus run of ``--engine dask``.

Needs the extra: ``pip install 'entnorm[dask]'``.

- ``normalize_bag``: a bag of records (``Record``, JSON objects or texts) to a bag of the rows
  ``entnorm normalize`` writes (bad records as its errors file's rows).
- ``normalize_dataframe``: a dataframe with ``mentions`` (a list of structs), ``normalized``
  and ``error`` columns added.
- ``run_corpus``: the command's run: the inputs planned as parts (``readers.plan_parts``), one
  task per part, each part's output written whole by its task (a temporary file renamed), a
  resume that skips the parts already written.

The normalizer travels to the workers once, as the resolver's bytes (``Resolver.to_bytes``), the
model's name and the spotter's settings; each worker process builds its pipeline from them once
and keeps it for every later task (keyed by a hash of what was shipped). A worker lost during a
run loses nothing: the scheduler runs its tasks again elsewhere, and a part is only ever written
whole, under its own name.
"""

from __future__ import annotations

import hashlib
import json
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .corpus.engine import Result, batches, normalize_batch
from .corpus.job import (
    BatchSummary,
    error_row,
    job_changes,
    json_line,
    output_lock,
    result_row,
)
from .corpus.readers import BadRecord, Part, Record, plan_parts, read_part, record_of
from .detect import Spotting
from .errors import CheckpointError, InputError, SettingsError
from .normalizer import Normalizer
from .resolver import Resolver

try:
    import dask
    import dask.bag as db
    import dask.dataframe as dd
    import fsspec
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq
    from distributed import Client, LocalCluster, as_completed
except ImportError as exc:  # pragma: no cover - the extra's absence is tested by the CLI
    raise SettingsError("E506", missing=exc.name) from exc

__all__ = ["normalize_bag", "normalize_dataframe", "run_corpus"]

#: The run's description in a directory of parts: its fingerprint and its parts.
MANIFEST = "_entnorm.json"
MANIFEST_FORMAT = 1
#: The columns ``normalize_dataframe`` adds; ``mentions`` as Arrow structs, for Parquet.
DASK_FORMATS = ("jsonl", "parquet")
MENTION_TYPE = pa.list_(
    pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()),
               ("label", pa.string()), ("entity_id", pa.string()),
               ("canonical", pa.string()), ("score", pa.float64()), ("method", pa.string())])
)  # fmt: skip
#: The rows of a Parquet output: as the JSONL rows, ``fields`` as a JSON text (records differ in
#: their fields).
ROW_SCHEMA = pa.schema([("id", pa.string()), ("source", pa.string()), ("mentions", MENTION_TYPE),
                        ("normalized", pa.string()), ("fields", pa.string())])  # fmt: skip


@dataclass(frozen=True, slots=True)
class Shipped:
    """What a worker needs to build the normalizer: sent once per worker, not per task."""

    key: str
    resolver: bytes
    model: str
    spotting: Spotting

    @classmethod
    def of(cls, normalizer: Normalizer) -> Shipped:
        data = normalizer.resolver.to_bytes()
        spotting = normalizer.spotting
        key = hashlib.sha256(data + repr((normalizer.model, spotting)).encode()).hexdigest()
        return cls(key, data, normalizer.model, spotting)


_built: dict[str, tuple[Normalizer, threading.Lock]] = {}
_built_lock = threading.Lock()


def _normalizer(shipped: Shipped) -> tuple[Normalizer, threading.Lock]:
    """The worker process's normalizer for ``shipped``, built on its first task. A worker runs
    tasks in threads; spaCy pipelines are not made for concurrent calls, so each has a lock."""
    with _built_lock:
        if shipped.key not in _built:
            # One table at a time: a worker that served another run frees its memory.
            _built.clear()
            resolver = Resolver.from_bytes(shipped.resolver, where="the shipped resolver")
            normalizer = Normalizer.from_resolver(resolver, model=shipped.model,
                                                  spotting=shipped.spotting)  # fmt: skip
            _built[shipped.key] = (normalizer, threading.Lock())
        return _built[shipped.key]


def _normalized(shipped: Shipped, records: list[Record | BadRecord]) -> list[Result | BadRecord]:
    normalizer, lock = _normalizer(shipped)
    with lock:
        return normalize_batch(normalizer, records)


def _shipped(normalizer: Normalizer | None, resolver: Resolver | None, model: str,
             spotting: bool | Spotting) -> Shipped:  # fmt: skip
    if normalizer is None:
        normalizer = Normalizer.from_resolver(resolver or Resolver.bundled(), model=model,
                                              spotting=spotting)  # fmt: skip
    return Shipped.of(normalizer)


# -- bags and dataframes


def normalize_bag(
    bag: db.Bag, *, normalizer: Normalizer | None = None, resolver: Resolver | None = None,
    model: str = "auto", spotting: bool | Spotting = True, text_field: str = "text",
    id_field: str = "id",
) -> db.Bag:  # fmt: skip
    """``bag``'s records normalized: each a row as ``entnorm normalize`` writes it (``id``,
    ``source``, ``mentions``, ``normalized``, ``fields``), or, for a record that cannot be read
    or normalized, a row of its errors file (``source``, ``reason``).

    Elements may be ``Record`` values, JSON objects (the text in ``text_field``, the id in
    ``id_field``) or texts (their id and source ``partition:index``). The normalizer is
    ``normalizer``, else one over ``resolver`` (the bundled tables by default) with ``model``
    and ``spotting``."""
    shipped = dask.delayed(_shipped(normalizer, resolver, model, spotting), pure=True)
    # Each partition is told its number, for the sources of its texts.
    numbers = db.from_sequence(range(bag.npartitions), npartitions=bag.npartitions)
    return bag.map_partitions(_bag_partition, numbers, shipped, text_field, id_field)


def _bag_partition(
    items: Iterable[Any], number: list[int], shipped: Shipped, text_field: str, id_field: str
) -> list[dict[str, Any]]:
    records = [_as_record(item, f"{number[0]}:{i}", text_field, id_field)
               for i, item in enumerate(items)]  # fmt: skip
    return [error_row(r) if isinstance(r, BadRecord) else result_row(r)
            for r in _normalized(shipped, records)]  # fmt: skip


def _as_record(item: Any, source: str, text_field: str, id_field: str) -> Record | BadRecord:
    if isinstance(item, (Record, BadRecord)):
        return item
    if isinstance(item, str):
        return Record(source, item, source)
    if isinstance(item, dict):
        return record_of(item, source, text_field, id_field)
    return BadRecord(source, f"a {type(item).__name__}, not a record, an object or a text")


def normalize_dataframe(
    ddf: dd.DataFrame, *, column: str = "text", normalizer: Normalizer | None = None,
    resolver: Resolver | None = None, model: str = "auto", spotting: bool | Spotting = True,
) -> dd.DataFrame:  # fmt: skip
    """``ddf`` with three columns added: ``mentions`` (a list of structs: start, end, text,
    label, entity_id, canonical, score, method), ``normalized`` (the text with each resolved
    mention replaced by its canonical name) and ``error`` (why a row's ``column`` could not be
    normalized, else null; its mentions are then empty and its normalized text null)."""
    if column not in ddf.columns:
        raise SettingsError("E507", column=column, columns=", ".join(map(str, ddf.columns)))
    shipped = dask.delayed(_shipped(normalizer, resolver, model, spotting), pure=True)
    meta = ddf._meta.assign(
        mentions=pd.Series([], dtype=pd.ArrowDtype(MENTION_TYPE)),
        normalized=pd.Series([], dtype=pd.ArrowDtype(pa.string())),
        error=pd.Series([], dtype=pd.ArrowDtype(pa.string())),
    )
    return ddf.map_partitions(_frame_partition, shipped, column, meta=meta)


def _frame_partition(frame: pd.DataFrame, shipped: Shipped, column: str) -> pd.DataFrame:
    records: list[Record | BadRecord] = [
        Record(str(i), text, str(i)) if isinstance(text, str)
        else BadRecord(str(i), f"{column} is {type(text).__name__}, not text")
        for i, text in enumerate(frame[column])
    ]  # fmt: skip
    mentions, normalized, errors = [], [], []
    for r in _normalized(shipped, records):
        if isinstance(r, BadRecord):
            mentions.append([])
            normalized.append(None)
            errors.append(r.reason)
        else:
            mentions.append([{k: v for k, v in asdict(m).items() if k != "source"}
                             for m in r.normalized.mentions])  # fmt: skip
            normalized.append(r.normalized.text)
            errors.append(None)
    return frame.assign(
        mentions=pd.Series(mentions, index=frame.index, dtype=pd.ArrowDtype(MENTION_TYPE)),
        normalized=pd.Series(normalized, index=frame.index, dtype=pd.ArrowDtype(pa.string())),
        error=pd.Series(errors, index=frame.index, dtype=pd.ArrowDtype(pa.string())),
    )


# -- the corpus run of ``entnorm normalize --engine dask``


@contextmanager
def connect(scheduler: str | None, workers: int) -> Iterator[tuple[Client, str | None]]:
    """A client of the scheduler at ``scheduler``, else of a new local cluster of ``workers``
    processes of one thread each (closed with the client); and the local cluster's dashboard
    address."""
    if scheduler:
        try:
            client = Client(scheduler, timeout="15s")
        except (OSError, TimeoutError) as exc:
            raise InputError("E366", address=scheduler, reason=exc) from exc
        with client:
            yield client, None
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=":0") as cluster, Client(cluster) as client:  # fmt: skip
        yield client, cluster.dashboard_link


def run_corpus(
    inputs: Sequence[str], output: str, normalizer: Normalizer, client: Client, *,
    job: dict[str, Any], text_field: str = "text", id_field: str = "id",
    input_format: str = "auto", glob: str = "*", resume: bool = False,
    block_bytes: int = 64 * 1024 * 1024, errors: str | None = None,
    output_format: str = "jsonl", progress: Callable[[int, int], None] | None = None,
) -> BatchSummary:  # fmt: skip
    """Normalize the inputs on ``client``'s cluster into ``output``: a directory of part files
    (``part-00000.jsonl``, its bad records in ``part-00000.errors.jsonl``) when ``output`` ends
    with "/" or is one, else one file (and ``OUTPUT.errors.jsonl``) put together from the parts
    in order: for JSONL, byte for byte what ``--engine local`` writes. ``output_format``
    "parquet" writes the rows as Parquet (``ROW_SCHEMA``; the errors stay JSONL).
    ``progress(done, total)`` counts parts."""
    if output_format not in DASK_FORMATS:
        raise SettingsError("E508", value=output_format)
    out_fs, out_root = _fs(output)
    single = not (output.endswith("/") or out_fs.isdir(out_root))
    parts_dir = output + ".parts" if single else output.rstrip("/")
    fs, root = _fs(parts_dir)
    parts = plan_parts(inputs, input_format=input_format, glob=glob, block_bytes=block_bytes)
    # A local output is locked as ``--engine local`` locks one; object stores have no lock.
    lock = output_lock(Path(parts_dir + ".lock"), Path(output)) if "://" not in output else None
    with lock or nullcontext():
        _claim(fs, root, parts_dir, job, parts, resume)
        return _run_parts(client, normalizer, fs, root, parts_dir, parts, output, single,
                          errors, output_format, text_field, id_field, progress)  # fmt: skip


def _run_parts(
    client: Client, normalizer: Normalizer, fs: Any, root: str, parts_dir: str,
    parts: list[Part], output: str, single: bool, errors: str | None, output_format: str,
    text_field: str, id_field: str, progress: Callable[[int, int], None] | None,
) -> BatchSummary:  # fmt: skip
    todo = [i for i in range(len(parts))
            if not fs.exists(_part_path(root, i, ext=output_format))]  # fmt: skip
    shipped = client.scatter(Shipped.of(normalizer), broadcast=True, hash=False)
    run = uuid.uuid4().hex
    futures = {
        client.submit(_run_part, parts_dir, i, parts[i], shipped, text_field, id_field,
                      output_format, key=f"entnorm-part-{i}-{run}", pure=False): i
        for i in todo
    }  # fmt: skip
    # Each part's (records, bad records): from its task, or counted in the file a run before
    # this one wrote.
    counts: dict[int, tuple[int, int]] = {}
    if progress:
        progress(len(parts) - len(todo), len(parts))
    for future in as_completed(futures):
        # A lost worker's tasks are run again by the scheduler; an error of the task's own is
        # the same on every worker, and ends the run (the parts written so far stay).
        i = futures[future]
        if future.status == "error":
            raise InputError("E367", part=i, name=parts[i].name, reason=repr(future.exception()))
        counts[i] = future.result()
        if progress:
            progress(len(parts) - len(todo) + len(counts), len(parts))
    for i in range(len(parts)):
        if i not in counts:
            counts[i] = _counted(fs, root, i, output_format)
    return _finish(fs, root, parts_dir, counts, output if single else None, errors,
                   output_format)  # fmt: skip


def _fs(path: str) -> tuple[Any, str]:
    return fsspec.core.url_to_fs(path)  # type: ignore[no-any-return]


def _part_path(root: str, i: int, kind: str = "", ext: str = "jsonl") -> str:
    return f"{root}/part-{i:05d}{kind}.{ext}"


def _claim(
    fs: Any, root: str, where: str, job: dict[str, Any], parts: list[Part], resume: bool
) -> None:
    """Write the run's manifest into the parts directory, or check that the one there is this
    run's when resuming."""
    manifest = f"{root}/{MANIFEST}"
    planned = {"format": MANIFEST_FORMAT, "job": job, "parts": [asdict(p) for p in parts]}
    if fs.exists(manifest):
        if not resume:
            raise CheckpointError("E368", path=where)
        with fs.open(manifest, "rb") as f:
            found = json.loads(f.read())
        changes = job_changes(found.get("job", {}), job)
        if not changes and found.get("parts") != planned["parts"]:
            changes = ["the inputs are cut into other parts"]
        if changes or found.get("format") != MANIFEST_FORMAT:
            raise CheckpointError("E352", path=f"{where}/{MANIFEST}",
                                  changes="; ".join(changes) or "another format")  # fmt: skip
        return
    if fs.exists(root) and fs.ls(root):
        raise InputError("E365", path=where)
    fs.makedirs(root, exist_ok=True)
    _write_whole(fs, manifest, json.dumps(planned).encode())


def _write_whole(fs: Any, path: str, data: bytes) -> None:
    """``data`` at ``path``, all of it or nothing: written aside, then renamed."""
    head, _, name = path.rpartition("/")
    tmp = f"{head}/.{name}.{uuid.uuid4().hex}.tmp"
    with fs.open(tmp, "wb") as f:
        f.write(data)
    fs.mv(tmp, path)


def _run_part(
    parts_dir: str, i: int, part: Part, shipped: Shipped, text_field: str, id_field: str,
    output_format: str,
) -> tuple[int, int]:  # fmt: skip
    """One task: a part read, normalized and written whole (its errors first, so that a part
    whose output exists is complete). The number of its records and of its bad ones."""
    fs, root = _fs(parts_dir)
    rows: list[dict[str, Any]] = []
    err = bytearray()
    records = failed = 0
    for batch in batches(read_part(part, text_field=text_field, id_field=id_field), 64):
        for r in _normalized(shipped, batch):
            records += 1
            if isinstance(r, BadRecord):
                failed += 1
                err += json_line(error_row(r))
            else:
                rows.append(result_row(r))
    if err:
        _write_whole(fs, _part_path(root, i, ".errors"), bytes(err))
    ext = output_format
    _write_whole(fs, _part_path(root, i, ext=ext), _encode(rows, output_format))
    return records, failed


def _encode(rows: list[dict[str, Any]], output_format: str) -> bytes:
    if output_format == "jsonl":
        return b"".join(map(json_line, rows))
    table = pa.Table.from_pylist(
        [{**row, "fields": json.dumps(row["fields"], ensure_ascii=False)} for row in rows],
        schema=ROW_SCHEMA,
    )
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    return bytes(sink.getvalue())


def _counted(fs: Any, root: str, i: int, output_format: str) -> tuple[int, int]:
    """The records and bad records of a part written before this run."""
    with fs.open(_part_path(root, i, ext=output_format), "rb") as f:
        good = (
            pq.ParquetFile(f).metadata.num_rows if output_format == "parquet" else sum(1 for _ in f)
        )
    bad = 0
    if fs.exists(_part_path(root, i, ".errors")):
        with fs.open(_part_path(root, i, ".errors"), "rb") as f:
            bad = sum(1 for _ in f)
    return good + bad, bad


def _finish(
    fs: Any, root: str, parts_dir: str, counts: dict[int, tuple[int, int]], single: str | None,
    errors: str | None, output_format: str,
) -> BatchSummary:  # fmt: skip
    """The run's summary; for a single output, the parts put together in order (written aside
    and renamed, then the parts removed)."""
    n = len(counts)
    records = sum(r for r, _ in counts.values())
    failed = sum(b for _, b in counts.values())
    if single is None:
        return BatchSummary(records, records - failed, failed, 0, Path(parts_dir),
                            Path(parts_dir) if failed else None)  # fmt: skip
    errors = errors or single + ".errors.jsonl"
    if failed:
        _join(fs, [_part_path(root, i, ".errors") for i in range(n)], errors, "jsonl")
    _join(fs, [_part_path(root, i, ext=output_format) for i in range(n)], single, output_format)
    fs.rm(root, recursive=True)
    return BatchSummary(records, records - failed, failed, 0, Path(single),
                        Path(errors) if failed else None)  # fmt: skip


def _join(fs: Any, paths: list[str], output: str, output_format: str) -> None:
    """The files at ``paths`` (those that exist) one after another in ``output``, written aside
    and renamed: JSONL by their bytes, Parquet by their row groups."""
    out_fs, out_path = _fs(output)
    head, _, name = out_path.rpartition("/")
    tmp = f"{head}/.{name}.{uuid.uuid4().hex}.tmp"
    with out_fs.open(tmp, "wb") as out:
        if output_format == "parquet":
            with pq.ParquetWriter(out, ROW_SCHEMA) as writer:
                for path in paths:
                    with fs.open(path, "rb") as f:
                        writer.write_table(pq.read_table(f, schema=ROW_SCHEMA))
        else:
            for path in paths:
                if fs.exists(path):
                    with fs.open(path, "rb") as f:
                        while chunk := f.read(1 << 20):
                            out.write(chunk)
    out_fs.mv(tmp, out_path)
