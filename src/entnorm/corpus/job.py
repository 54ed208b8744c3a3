"""Batch runs: a corpus normalized into one output file, safely.

- Before anything is read, a run that would write over its inputs is refused (``check_paths``).
- A run holds ``OUTPUT.lock``: a second run on the same output stops at once.
- The output is written to ``OUTPUT.partial`` and renamed to ``OUTPUT`` only when the run is
  complete, so that a complete-looking output is always complete.
- Every ``checkpoint_every`` records, both partial files are flushed to disk and a checkpoint
  (``OUTPUT.checkpoint``) records how many input records they hold, their sizes in bytes and the
  run's fingerprint (``job_fingerprint``: inputs by content, tables, options); it is replaced
  atomically. A run killed at any moment (``kill -9`` included) resumes from the last
  checkpoint: the partial files are cut back to the recorded sizes and the records after it are
  read again, so that every input record appears in the output exactly once. A resume is
  refused when anything in the fingerprint changed, or when the partial files are shorter than
  the checkpoint says.
- Records that cannot be read or normalized go to the errors file (default
  ``OUTPUT.errors.jsonl``) with their location and reason; the run goes on, and its summary
  says how many failed.
"""

from __future__ import annotations

import csv
import fcntl
import hashlib
import io
import itertools
import json
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import CheckpointError, InputError, SettingsError
from ..normalizer import Normalizer
from .engine import Result, normalize_corpus
from .readers import BadRecord, Record, input_files

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


#: The checkpoint's layout; a checkpoint of another is refused, not guessed at.
CHECKPOINT_FORMAT = 2


@dataclass(frozen=True, slots=True)
class _Checkpoint:
    job: dict[str, Any]
    records: int
    failed: int
    output_bytes: int
    errors_bytes: int
    format: int = CHECKPOINT_FORMAT


def job_fingerprint(
    inputs: Sequence[str | Path], options: dict[str, Any], *, tables: str = "", glob: str = "*"
) -> dict[str, Any]:
    """What a checkpoint must match to be resumed: every input file's path, size and content
    hash (directories as the files ``glob`` picks from them, as the readers do: a file written
    again with the same bytes holds the same records), the tables (``tables``: a hash of them,
    ``cache.cache_key``) and every option that changes the output. Standard input and other
    streams are fingerprinted as streams: they cannot be read again, so a run over them cannot
    be resumed."""
    files = []
    for given in map(str, inputs):
        if given == "-":
            files.append({"path": "-", "stream": True})
        else:
            files.extend(_file_print(name) for name in input_files(given, glob))
    return {"inputs": files, "tables": tables, "options": options}


def _file_print(name: str) -> dict[str, Any]:
    if "://" in name:
        # Another filesystem: its own checksum (an object store's ETag, say) stands for the
        # content, which is not read twice.
        import fsspec

        try:
            fs, path = fsspec.core.url_to_fs(name)
            return {"path": name, "size": fs.size(path), "checksum": str(fs.checksum(path))}
        except OSError:
            return {"path": name, "missing": True}
    path = Path(name)
    try:
        st = path.stat()
    except OSError:
        return {"path": str(path), "missing": True}  # the readers report it as a bad record
    if not stat.S_ISREG(st.st_mode):
        return {"path": str(path), "stream": True}
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return {"path": str(path), "size": st.st_size, "sha256": digest.hexdigest()}


def job_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What differs between two fingerprints, in words (empty when they match)."""
    changes = []
    old_files = {f["path"]: f for f in old.get("inputs", ())}
    new_files = {f["path"]: f for f in new.get("inputs", ())}
    for path in dict.fromkeys([*old_files, *new_files]):
        before, after = old_files.get(path), new_files.get(path)
        if before is None or after is None:
            changes.append(f"input {path} was {'added' if before is None else 'removed'}")
        elif before != after:
            how = (
                f"size {before.get('size')} -> {after.get('size')}"
                if before.get("size") != after.get("size")
                else "its content"
            )
            changes.append(f"input {path} changed ({how})")
    order = [f["path"] for f in old.get("inputs", ())], [f["path"] for f in new.get("inputs", ())]
    if not changes and order[0] != order[1]:
        changes.append("the inputs are in another order")
    if old.get("tables") != new.get("tables"):
        changes.append("the alias tables (or entnorm's rules) changed")
    old_options, new_options = old.get("options", {}), new.get("options", {})
    for key in sorted(set(old_options) | set(new_options)):
        if old_options.get(key) != new_options.get(key):
            changes.append(f"option {key}: {old_options.get(key)!r} -> {new_options.get(key)!r}")
    return changes


def check_paths(
    inputs: Sequence[str | Path], output: Path, errors: Path, *, directory_ok: bool = False
) -> None:
    """Refuse, before anything is read or written, a run that would write over its inputs: an
    output (or its errors, partial, checkpoint and lock files) that is an input or inside an
    input directory, the errors file the output itself, an output that is a directory (unless
    ``directory_ok``: a directory of parts) or a symbolic link (the output is replaced whole:
    the link, not its target, would be)."""
    if output.is_dir() and not directory_ok:
        raise InputError("E361", path=output, what="the output")
    if output.is_symlink() or errors.is_symlink():
        raise InputError("E362", path=output if output.is_symlink() else errors)
    if _same(output, errors):
        raise InputError("E363", path=output)
    written = {
        "the output": output,
        "the errors file": errors,
        "the output's partial file": _partial(output),
        "the errors' partial file": _partial(errors),
        "the checkpoint": _checkpoint_path(output),
        "the lock": _lock_path(output),
    }
    for given in inputs:
        if str(given) == "-" or "://" in str(given):
            continue
        source = Path(given)
        for what, path in written.items():
            if _same(path, source) or (source.is_dir() and _inside(path, source)):
                raise InputError("E360", path=path, what=what, input=source)


def errors_path(output: Path, errors: Path | None = None) -> Path:
    """The errors file of a run: as given, else ``OUTPUT.errors.jsonl``."""
    return errors or output.with_name(output.name + ".errors.jsonl")


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def _inside(path: Path, directory: Path) -> bool:
    return path.resolve().is_relative_to(directory.resolve())


def _partial(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


def _checkpoint_path(output: Path) -> Path:
    return output.with_name(output.name + ".checkpoint")


def _lock_path(output: Path) -> Path:
    return output.with_name(output.name + ".lock")


def run_batch(
    records: Iterable[Record | BadRecord],
    normalizer: Normalizer,
    output: Path,
    *,
    job: dict[str, Any],
    inputs: Sequence[str | Path] = (),
    output_format: str = "jsonl",
    errors: Path | None = None,
    resume: bool = False,
    workers: int = 1,
    batch_size: int = 64,
    checkpoint_every: int = 200,
    progress: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Normalize ``records`` (read from ``inputs``, fingerprinted as ``job``, see
    ``job_fingerprint``) into ``output`` (see the module's docstring)."""
    if output_format not in OUTPUT_FORMATS:
        raise SettingsError("E501", value=output_format, expected=", ".join(OUTPUT_FORMATS))
    errors = errors_path(output, errors)
    check_paths(inputs, output, errors)
    with output_lock(_lock_path(output), output):
        return _run(records, normalizer, output, errors, job, output_format, resume, workers,
                    batch_size, checkpoint_every, progress)  # fmt: skip


def _run(
    records: Iterable[Record | BadRecord], normalizer: Normalizer, output: Path, errors: Path,
    job: dict[str, Any], output_format: str, resume: bool, workers: int, batch_size: int,
    checkpoint_every: int, progress: Callable[[int], None] | None,
) -> BatchSummary:  # fmt: skip
    partial, errors_partial = _partial(output), _partial(errors)
    checkpoint_path = _checkpoint_path(output)
    state = _start(checkpoint_path, job, resume, partial, errors_partial)
    done, failed = state.records, state.failed
    with open(partial, "ab") as out, open(errors_partial, "ab") as err:
        if output_format == "csv" and out.tell() == 0:
            out.write(_csv_line(MENTION_COLUMNS))
        rest = itertools.islice(records, done, None)
        results = normalize_corpus(rest, normalizer, workers=workers, batch_size=batch_size)
        # A stream cannot be read again from where a run stopped: no checkpoint to resume
        # from, so that the same command simply runs again.
        resumable = not any(f.get("stream") for f in job["inputs"])
        # What the files hold after the last whole record: an interrupt between writing a
        # record and counting it must not leave a checkpoint that counts its bytes only.
        mark = (done, failed, out.tell(), err.tell())
        try:
            for item in results:
                if isinstance(item, BadRecord):
                    err.write(json_line(error_row(item)))
                    failed += 1
                else:
                    out.write(_format(item, output_format))
                done += 1
                mark = (done, failed, out.tell(), err.tell())
                if progress:
                    progress(done)
                if resumable and done % checkpoint_every == 0:
                    _save_checkpoint(checkpoint_path, job, mark, out, err)
        except BaseException:
            # Interrupted (Ctrl-C) or failed: what was written so far is kept for --resume.
            if resumable:
                _save_checkpoint(checkpoint_path, job, mark, out, err)
            raise
        _sync(out)
        _sync(err)
    # The checkpoint goes first: killed after it, the complete partial files are simply
    # written again by the next run; a checkpoint never outlives the files it describes.
    checkpoint_path.unlink(missing_ok=True)
    if failed:
        os.replace(errors_partial, errors)
    else:
        errors_partial.unlink()
    # Last, so that a complete-looking output means a complete run.
    os.replace(partial, output)
    return BatchSummary(done, done - failed, failed, state.records, output,
                        errors if failed else None)  # fmt: skip


@contextmanager
def output_lock(lock: Path, output: Path) -> Iterator[None]:
    """Hold ``lock`` for the run: a second run on the same output stops at once (E354). The
    kernel releases the lock of a killed process."""
    while True:
        f = open(lock, "a+b")  # noqa: SIM115 (held for the run, closed below)
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.close()
            raise CheckpointError("E354", path=output, lock=lock) from None
        # The holder before us may have removed the file after we opened it: then our lock is
        # on a file nobody else can see, and we take the lock again on the one that is there.
        try:
            if os.stat(lock).st_ino == os.fstat(f.fileno()).st_ino:
                break
        except FileNotFoundError:
            pass
        f.close()
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)
        f.close()


def _start(
    checkpoint_path: Path, job: dict[str, Any], resume: bool, partial: Path, errors_partial: Path
) -> _Checkpoint:
    """Where the run starts: its checkpoint, when resumed, with the partial files cut back to
    what it vouches for; else the beginning, with the partial files emptied."""
    state = _load_checkpoint(checkpoint_path)
    if state is not None and not resume:
        raise CheckpointError("E351", path=checkpoint_path)
    streams = [f["path"] for f in job["inputs"] if f.get("stream")]
    if state is not None and streams:
        raise CheckpointError("E356", path=checkpoint_path, input=streams[0])
    if state is not None and (changes := job_changes(state.job, job)):
        raise CheckpointError("E352", path=checkpoint_path, changes="; ".join(changes))
    if state is None:
        state = _Checkpoint(job, 0, 0, 0, 0)
    else:
        # The checkpoint vouches for bytes on disk; files shorter than that were lost or
        # replaced, and padding them would put zeros in the output.
        for path, size in ((partial, state.output_bytes), (errors_partial, state.errors_bytes)):
            found = path.stat().st_size if path.exists() else None
            if found is None and size == 0:
                continue
            if found is None or found < size:
                raise CheckpointError("E355", path=checkpoint_path, partial=path,
                                      expected=size, found=found or 0)  # fmt: skip
    _truncate(partial, state.output_bytes)
    _truncate(errors_partial, state.errors_bytes)
    return state


def result_row(result: Result) -> dict[str, Any]:
    """A normalized record as the JSONL output holds it."""
    record, normalized = result.record, result.normalized
    mentions = [
        {k: v for k, v in asdict(m).items() if k != "source"} for m in normalized.mentions
    ]  # fmt: skip
    return {"id": record.id, "source": record.source, "mentions": mentions,
            "normalized": normalized.text, "fields": record.fields}  # fmt: skip


def error_row(bad: BadRecord) -> dict[str, Any]:
    """A bad record as the errors file holds it."""
    return {"source": bad.source, "reason": bad.reason}


def _format(result: Result, output_format: str) -> bytes:
    row = result_row(result)
    if output_format == "jsonl":
        return json_line(row)
    return b"".join(
        _csv_line([row["id"], row["source"], *(m[c] for c in MENTION_COLUMNS[2:])])
        for m in row["mentions"]
    )


def json_line(row: dict[str, Any]) -> bytes:
    """One line of JSONL output."""
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
    path: Path, job: dict[str, Any], mark: tuple[int, int, int, int], out: IO[bytes],
    err: IO[bytes],
) -> None:  # fmt: skip
    """A checkpoint of ``mark`` (records, failed, output and errors bytes): the data first,
    then the checkpoint that vouches for it, replaced in one step. Bytes past the mark are
    cut off by the resume."""
    _sync(out)
    _sync(err)
    state = _Checkpoint(job, *mark)
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
        state = _Checkpoint(**json.loads(path.read_text("utf-8")))
    except (ValueError, TypeError) as exc:
        raise CheckpointError("E353", path=path, reason=exc) from exc
    if state.format != CHECKPOINT_FORMAT or not isinstance(state.job, dict):
        raise CheckpointError("E353", path=path, reason="written by another version of entnorm")
    return state
