"""A compiled index cache, so that a process with large tables is ready quickly.

Loading alias YAML and computing every name's keys is most of a normalizer's start-up (about 70 s
at a million aliases). The result, the validated table and its index, is stored as a pickle
keyed by a hash of everything it depends on: the tables' bytes in order, the folding and
mention data and the code entnorm ships, entnorm's version and Python's. Any change makes a new
key; stale entries are simply never read again.

Safety: each writer writes its own temporary file in the cache directory and renames it into
place, so concurrent writers never leave a torn file (the last complete one wins, and all are
equal). A file that cannot be read back (truncated, corrupt, from another Python) is ignored
with a warning and rebuilt. The cache directory is the user's own (``ENTNORM_CACHE_DIR``, else
``$XDG_CACHE_HOME/entnorm``, else ``~/.cache/entnorm``); like any pickle, its files must not be
writable by others.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
import warnings
from collections.abc import Sequence
from functools import cache
from importlib import resources
from importlib.metadata import version
from pathlib import Path

from ._version import __version__
from .aliases import AliasTable
from .errors import CacheWarning
from .index import Index
from .layering import load_layered

FORMAT = 1


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
    entry = directory / f"{key}.pickle"
    if entry.exists():
        try:
            with open(entry, "rb") as f:
                table, index = pickle.load(f)
            if isinstance(table, AliasTable) and isinstance(index, Index):
                return table, index
            raise TypeError("not an entnorm index")
        except Exception as exc:  # a torn or foreign file: any failure means rebuild
            warnings.warn(CacheWarning("W002", path=entry, reason=repr(exc)), stacklevel=3)
    table = load_layered(paths, base)
    index = Index(table)
    _store(entry, (table, index))
    return table, index


def _store(entry: Path, value: object) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=f".{entry.stem}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, entry)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as exc:
        # A read-only or full disk costs start-up time, never a result.
        warnings.warn(CacheWarning("W003", path=entry, reason=exc), stacklevel=3)
