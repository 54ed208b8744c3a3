"""The ``Normalizer``: alias tables and their index, held together, and the module-level API."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from .aliases import AliasTable, bundled_paths, load_tables
from .index import Index
from .resolve import Match, Settings, resolve_name


class Normalizer:
    """Resolves names against a set of alias tables.

    Args:
        aliases: alias YAML files to load. ``None`` (the default) loads the bundled tables.
        include_bundled: with ``aliases`` given, also load the bundled tables (default False).
        settings: decision parameters (threshold, margin, ...); the defaults favour precision.
    """

    def __init__(
        self,
        aliases: Sequence[str | Path] | None = None,
        *,
        include_bundled: bool = False,
        settings: Settings | None = None,
    ) -> None:
        paths: list[str | Path] = []
        if aliases is None or include_bundled:
            paths.extend(bundled_paths())
        if aliases is not None:
            if isinstance(aliases, (str, Path)):
                raise TypeError("aliases must be a list of paths, not a single path")
            paths.extend(aliases)
        self.table: AliasTable = load_tables(paths)
        self.settings = settings or Settings()
        self.index = Index(self.table)

    @classmethod
    def from_table(cls, table: AliasTable, *, settings: Settings | None = None) -> Normalizer:
        """A normalizer over an already loaded (or generated) table."""
        self = cls.__new__(cls)
        self.table = table
        self.settings = settings or Settings()
        self.index = Index(table)
        return self

    def resolve(self, name: str, *, type: str | None = None) -> Match | None:
        """The entity ``name`` refers to, or None when nothing fits clearly (NIL)."""
        return resolve_name(self.index, name, type=type, settings=self.settings)

    def canonicalize(self, name: str, *, type: str | None = None) -> str:
        """The canonical name for ``name``, or ``name`` unchanged when nothing fits."""
        match = self.resolve(name, type=type)
        return match.canonical if match else name

    def resolve_many(self, names: Iterable[str], *, type: str | None = None) -> list[Match | None]:
        return [self.resolve(n, type=type) for n in names]


_default: Normalizer | None = None
_default_lock = threading.Lock()


def default_normalizer() -> Normalizer:
    """The normalizer over the bundled tables, built on first use and shared."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Normalizer()
    return _default


def resolve(name: str, *, type: str | None = None) -> Match | None:
    """Resolve ``name`` with the bundled tables; None when no entity fits clearly."""
    return default_normalizer().resolve(name, type=type)


def canonicalize(name: str, *, type: str | None = None) -> str:
    """The canonical name of ``name`` with the bundled tables, or ``name`` unchanged."""
    return default_normalizer().canonicalize(name, type=type)
