"""A compiled index cache, so that a process with large tables is ready quickly.

Loading alias YAML and computing every name's keys is most of a normalizer's start-up (about 70 s
at a million aliases). The result, the validated table and its index, is stored in a directory
keyed by a hash of everything it depends on: the tables' bytes in order, the folding and mention
data and the code entnorm ships, entnorm's version and Python's. Any change makes a new key;
stale entries are simply never read again.

The entry is data only, never code: the index's arrays as ``.npy`` files (read with
``allow_pickle=False``, and mapped, not copied: processes that load one entry share its pages),
the entities' columns likewise (``aliases.EntityColumns``), the layering notes as msgpack, and a
JSON header naming the format and each array's type and shape.
Nothing read from it is executed, whoever wrote it; a file that does not fit the header or the
index (truncated, corrupt, foreign) makes the entry be rebuilt, with one warning.

Each writer builds its entry in a temporary directory of the cache directory and renames it into
place, so concurrent writers never leave a torn entry (the first complete one stays; all are the
same bytes). The header, written last, holds a digest of every file, so that a reader finds a
corrupt file, or one of another build of the entry, before using it; a bad entry is renamed
aside before it is deleted, so that another process's new entry is never deleted with it. The
cache directory is ``ENTNORM_CACHE_DIR``, else ``$XDG_CACHE_HOME/entnorm``, else
``~/.cache/entnorm``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Sequence
from dataclasses import asdict
from functools import cache
from importlib import resources
from importlib.metadata import version
from pathlib import Path

import numpy as np
import srsly

from ._version import __version__
from .aliases import AliasTable, EntityColumns
from .errors import CacheWarning
from .index import Index
from .layering import LayerNote, load_layered

FORMAT = 3


def cache_dir() -> Path:
    if env := os.environ.get("ENTNORM_CACHE_DIR"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "entnorm"


@cache
def rules_key() -> str:
    """A hash of everything that turns a name into its keys: the rule files, entnorm's code,
    its version, Python's, and unidecode's (which romanizes). An index built under another
    key would hold keys that queries no longer make."""
    h = hashlib.sha256()
    h.update(f"{FORMAT} {__version__} {sys.version_info[:2]} {version('unidecode')}".encode())
    for name in ("folding.yaml", "mentions.yaml", "scripts.yaml"):
        h.update(resources.files("entnorm").joinpath("data", name).read_bytes())
    # The code that builds keys and the index, too: an edited checkout must not be served an
    # index its code would no longer build.
    for module in sorted(Path(__file__).parent.rglob("*.py")):
        h.update(module.read_bytes())
    return h.hexdigest()[:32]


def cache_key(paths: Sequence[str | Path], base: Sequence[str | Path] = ()) -> str:
    h = hashlib.sha256()
    h.update(rules_key().encode())
    for path in [*base, "\0layer", *paths] if base else paths:
        if path == "\0layer":  # where the tables below end and the user's begin
            h.update(b"\0layer\0")
            continue
        data = Path(path).read_bytes()
        h.update(f"\0{Path(path).resolve()}\0{len(data)}\0".encode())
        h.update(data)
    return h.hexdigest()[:32]


def load_indexed(
    paths: Sequence[str | Path], directory: Path | None = None, *,
    base: Sequence[str | Path] = (),
) -> tuple[AliasTable, Index]:  # fmt: skip
    """The tables of ``paths`` (over those of ``base``, see ``layering``) and their index, from
    the cache when it holds them."""
    directory = directory or cache_dir()
    try:
        key = cache_key(paths, base)
    except OSError:
        # An unreadable table: loading reports it with file and line.
        table = load_layered(paths, base)
        return table, Index(table)
    entry = directory / key
    if entry.exists():
        try:
            return _read(entry)
        except FileNotFoundError:
            pass  # another process set the entry aside as it was read: build it again
        except Exception as exc:  # a torn or foreign entry: any failure means rebuild
            warnings.warn(CacheWarning("W002", path=entry, reason=repr(exc)), stacklevel=3)
            _set_aside(entry)
    table = load_layered(paths, base)
    index = Index(table)
    # A table edited while it loaded was read under another key than its bytes now make:
    # stored, its entry would be served stale for good. Only an entry its key describes is kept.
    try:
        unchanged = cache_key(paths, base) == key
    except OSError:
        unchanged = False
    if unchanged:
        _store(entry, table, index)
    return table, index


def _set_aside(entry: Path) -> None:
    """Rename a bad entry out of the way, then delete it: a rename is atomic, so a process that
    stores the entry again meanwhile is not deleted with it."""
    trash = entry.with_name(f".{entry.name}.{os.getpid()}.trash")
    try:
        os.rename(entry, trash)
    except OSError:
        return  # gone already, or replaced: nothing of ours to delete
    shutil.rmtree(trash, ignore_errors=True)


def _digest(data: bytes | memoryview) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _read(entry: Path) -> tuple[AliasTable, Index]:
    header = json.loads((entry / "header.json").read_text("utf-8"))
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValueError(f"not an entry of cache format {FORMAT}")
    raw = (entry / "tables.msgpack").read_bytes()
    # Every file's digest is in the header, written last: a file that is corrupt, or from
    # another build of the entry, is found before it is used.
    if _digest(raw) != header["tables"]:
        raise ValueError("tables.msgpack does not match the header")
    tables = srsly.msgpack_loads(raw)
    notes = tuple(LayerNote(**note) for note in tables["notes"])
    arrays = {}
    for name, spec in header["arrays"].items():
        path = entry / f"{name}.npy"
        # An empty array has no bytes to map.
        mode = "r" if spec["shape"] != [0] else None
        array = np.load(path, mmap_mode=mode, allow_pickle=False)
        if array.dtype.str != spec["dtype"] or list(array.shape) != spec["shape"]:
            raise ValueError(f"{path.name} is not the array the header names")
        if _digest(_bytes_of(array)) != spec["digest"]:
            raise ValueError(f"{path.name} does not match the header")
        # A plain array over the mapped bytes: numpy's memmap class costs time on every read.
        arrays[name] = array.view(np.ndarray)
    entities = EntityColumns(arrays)
    table = AliasTable(entities, notes=notes, shared_names=tuple(tables["shared_names"]))
    return table, Index.from_arrays(entities, arrays)


#: A temporary or set-aside directory this old is a killed writer's: no build takes this long.
STALE_SECONDS = 6 * 3600


def _sweep(directory: Path) -> None:
    """Delete what killed writers left: temporary directories and set-aside entries older than
    ``STALE_SECONDS``."""
    cutoff = time.time() - STALE_SECONDS
    for path in directory.glob(".*"):
        if path.suffix in (".tmp", ".trash") and path.is_dir():
            try:
                if path.stat().st_mtime < cutoff:
                    shutil.rmtree(path, ignore_errors=True)
            except OSError:
                continue


def _bytes_of(array: np.ndarray) -> memoryview:
    return memoryview(np.ascontiguousarray(array)).cast("B")


def _store(entry: Path, table: AliasTable, index: Index) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        _sweep(entry.parent)
        tmp = Path(tempfile.mkdtemp(dir=entry.parent, prefix=f".{entry.name}.", suffix=".tmp"))
        try:
            entities = table.entities
            if not isinstance(entities, EntityColumns):
                entities = EntityColumns.of(entities)
            arrays = {**index.to_arrays(), **entities.to_arrays()}
            for name, array in arrays.items():
                np.save(tmp / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)
            tables = {"notes": [asdict(note) for note in table.notes],
                      "shared_names": list(table.shared_names)}  # fmt: skip
            raw = srsly.msgpack_dumps(tables)
            (tmp / "tables.msgpack").write_bytes(raw)
            header = {"format": FORMAT, "entnorm": __version__, "tables": _digest(raw),
                      "arrays": {name: {"dtype": a.dtype.str, "shape": list(a.shape),
                                        "digest": _digest(_bytes_of(a))}
                                 for name, a in arrays.items()}}  # fmt: skip
            # The header last: an entry without one is never read as whole.
            (tmp / "header.json").write_text(json.dumps(header), "utf-8")
            try:
                os.rename(tmp, entry)
            except OSError:
                if not (entry / "header.json").exists():
                    raise
                # Another process stored the same entry first.
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    except OSError as exc:
        # A read-only or full disk costs start-up time, never a result.
        warnings.warn(CacheWarning("W003", path=entry, reason=exc), stacklevel=3)
