"""Batch runs: a corpus normalized into one output file, safely.

- The output is written to ``OUTPUT.partial`` and renamed to ``OUTPUT`` only when the run is
  complete, so that a complete-looking output is always complete.
- Every ``checkpoint_every`` records, both partial files are flushed to disk and a checkpoint
  (``OUTPUT.checkpoint``) records how many input records they hold and their sizes in bytes;
  it is replaced atomically. A run killed at any moment (``kill -9`` included) resumes from the
  last checkpoint: the partial files are cut back to the recorded sizes and the records after it
  are read again, so that every input record appears in the output exactly once.
- Records that cannot be read go to the errors file (default ``OUTPUT.errors.jsonl``) with their
  location and reason; the run goes on, and its summary says how many failed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import CheckpointError, SettingsError
from ..normalizer import Normalizer
from .engine import Result, normalize_corpus
from .readers import BadRecord, Record

OUTPUT_FORMATS = ("jsonl", "csv")
MENTION_COLUMNS = ["id", "source", "start", "end", "text", "label", "entity_id", "canonical",
                   "score", "method"]  # fmt: skip


@dataclass(frozen=True, slots=True)
class BatchSummary:
    records: int
    normalized: int
    failed: int
    resumed_from: int
    output: Path
    errors: Path | None


@dataclass(frozen=True, slots=True)
class _Checkpoint:
    job: str
    records: int
    failed: int
    output_bytes: int
    errors_bytes: int


def job_fingerprint(inputs: Sequence[str | Path], options: dict[str, Any]) -> str:
    """What a checkpoint must match to be resumed: the inputs and every option that changes
    the output."""
    text = json.dumps({"inputs": [str(p) for p in inputs], **options}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def run_batch(
    records: Iterable[Record | BadRecord],
    normalizer: Normalizer,
    output: Path,
    *,
    job: str,
    output_format: str = "jsonl",
    errors: Path | None = None,
    resume: bool = False,
    workers: int = 1,
    batch_size: int = 64,
    checkpoint_every: int = 200,
    progress: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Normalize ``records`` into ``output`` (see the module's docstring)."""
    if output_format not in OUTPUT_FORMATS:
        raise SettingsError("E501", value=output_format, expected=", ".join(OUTPUT_FORMATS))
    errors = errors or output.with_name(output.name + ".errors.jsonl")
    partial = output.with_name(output.name + ".partial")
    errors_partial = errors.with_name(errors.name + ".partial")
    checkpoint_path = output.with_name(output.name + ".checkpoint")

    state = _start(checkpoint_path, job, resume, partial, errors_partial)
    done, failed = state.records, state.failed
    with open(partial, "ab") as out, open(errors_partial, "ab") as err:
        if output_format == "csv" and out.tell() == 0:
            out.write(_csv_line(MENTION_COLUMNS))
        rest = itertools.islice(records, done, None)
        results = normalize_corpus(rest, normalizer, workers=workers, batch_size=batch_size)
        try:
            for item in results:
                if isinstance(item, BadRecord):
                    err.write(_json_line({"source": item.source, "reason": item.reason}))
                    failed += 1
                else:
                    out.write(_format(item, output_format))
                done += 1
                if progress:
                    progress(done)
                if done % checkpoint_every == 0:
                    _save_checkpoint(checkpoint_path, job, done, failed, out, err)
        except BaseException:
            # Interrupted (Ctrl-C) or failed: what was written so far is kept for --resume.
            _save_checkpoint(checkpoint_path, job, done, failed, out, err)
            raise
        _sync(out)
        _sync(err)
    os.replace(partial, output)
    if failed:
        os.replace(errors_partial, errors)
    else:
        errors_partial.unlink()
    checkpoint_path.unlink(missing_ok=True)
    return BatchSummary(done, done - failed, failed, state.records, output,
                        errors if failed else None)  # fmt: skip


def _start(
    checkpoint_path: Path, job: str, resume: bool, partial: Path, errors_partial: Path
) -> _Checkpoint:
    """Where the run starts: its checkpoint, when resumed, with the partial files cut back to
    what it vouches for; else the beginning, with the partial files emptied."""
    state = _load_checkpoint(checkpoint_path)
    if state is not None and not resume:
        raise CheckpointError("E351", path=checkpoint_path)
    if state is not None and state.job != job:
        raise CheckpointError("E352", path=checkpoint_path)
    state = state or _Checkpoint(job, 0, 0, 0, 0)
    _truncate(partial, state.output_bytes)
    _truncate(errors_partial, state.errors_bytes)
    return state


def _format(result: Result, output_format: str) -> bytes:
    record, normalized = result.record, result.normalized
    mentions = [
        {k: v for k, v in asdict(m).items() if k != "source"} for m in normalized.mentions
    ]  # fmt: skip
    if output_format == "jsonl":
        return _json_line({"id": record.id, "source": record.source, "mentions": mentions,
                           "normalized": normalized.text, "fields": record.fields})  # fmt: skip
    return b"".join(
        _csv_line([record.id, record.source, *(m[c] for c in MENTION_COLUMNS[2:])])
        for m in mentions
    )


def _json_line(row: dict[str, Any]) -> bytes:
    return (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")


def _csv_line(cells: Sequence[Any]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(["" if c is None else c for c in cells])
    return buf.getvalue().encode("utf-8")


def _sync(f: IO[bytes]) -> None:
    f.flush()
    os.fsync(f.fileno())


def _truncate(path: Path, size: int) -> None:
    with open(path, "ab") as f:
        f.truncate(size)


def _save_checkpoint(
    path: Path, job: str, done: int, failed: int, out: IO[bytes], err: IO[bytes]
) -> None:
    # The data first, then the checkpoint that vouches for it, replaced in one step.
    _sync(out)
    _sync(err)
    state = _Checkpoint(job, done, failed, out.tell(), err.tell())
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(asdict(state), f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _load_checkpoint(path: Path) -> _Checkpoint | None:
    if not path.exists():
        return None
    try:
        return _Checkpoint(**json.loads(path.read_text("utf-8")))
    except (ValueError, TypeError) as exc:
        raise CheckpointError("E353", path=path, reason=exc) from exc
