"""The ``Resolver``: one compiled alias table, its index and its decision settings.

Everything that resolves a name, in Python, in a document or in a spaCy pipeline, goes through
one Resolver, built one way::

    Resolver.bundled()                                  # the tables entnorm ships
    Resolver.from_yaml(["my.yaml"], include_bundled=True)
    Resolver(table, settings=Settings(...))             # a table loaded or generated in code

The classmethods only load a table; the constructor is the one place that decides what a
Resolver does with it, so one table gives the same answers however it was loaded.

A Resolver serializes to bytes (``to_bytes``, msgpack: strings, numbers and lists, never code)
holding its entities, the keys of every name and its settings; ``from_bytes`` rebuilds the index
from them without computing a key again. Pickling goes through the same bytes, so that worker
processes and cluster workers receive data, not objects.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import srsly

from ._version import __version__
from .aliases import AliasTable, entity_from_row, entity_row, table_layers
from .cache import load_indexed, rules_key
from .detect import Gazetteer, name_parts
from .errors import SettingsError, StateError
from .index import Index
from .keys import part_key
from .layering import load_layered
from .resolve import Match, Settings, resolve_name, surname_first
from .romanize import HAN_LETTERS, KANA_LETTERS, is_latin

_T = TypeVar("_T")
#: The layout of ``to_bytes``; a Resolver reads only its own.
FORMAT = 1
#: Distinct strings whose resolution ``lookup`` remembers.
LOOKUP_CACHE_SIZE = 200_000


class Resolver:
    """Resolves names against one compiled alias table.

    Args:
        table: the entities to resolve to.
        settings: the resolver's parameters (``Settings()`` by default; see ``Settings`` for
            what a table's size changes).
        index: the table's index when it is already built (from the cache); built otherwise.
    """

    def __init__(
        self, table: AliasTable, *, settings: Settings | None = None, index: Index | None = None
    ) -> None:
        self.table = table
        self.settings = settings if settings is not None else Settings()
        self.index = index if index is not None else Index(table)
        self._gazetteer: Gazetteer | None = None
        self._person_parts: Mapping[str, frozenset[int]] | None = None
        self._composites: Mapping[tuple[str, int], int] | None = None
        self._lock = threading.Lock()
        # Texts of one corpus repeat their names and their capitalized non-names ("According",
        # "Speaking"), and resolution is deterministic, so the document stage's lookups are
        # remembered.
        self.lookup = lru_cache(maxsize=LOOKUP_CACHE_SIZE)(self._lookup)

    @classmethod
    def bundled(cls, *, settings: Settings | None = None, cache: bool = True) -> Resolver:
        """A resolver over the alias tables that ship with entnorm."""
        return cls.from_yaml((), include_bundled=True, settings=settings, cache=cache)

    @classmethod
    def from_yaml(
        cls, paths: Sequence[str | Path], *, include_bundled: bool = False,
        settings: Settings | None = None, cache: bool = True,
    ) -> Resolver:  # fmt: skip
        """A resolver over alias YAML files; with ``include_bundled``, layered over the bundled
        tables (``layering``: the same entity under either id becomes one, the user's entry
        and names win).

        ``cache`` keeps the compiled index in the user's cache directory and loads it from
        there while the tables are unchanged (``entnorm.cache``).
        """
        if isinstance(paths, (str, Path)):
            raise SettingsError("E504", value=str(paths))
        own, base = table_layers(paths, include_bundled)
        if cache:
            table, index = load_indexed(own, base=base)
        else:
            table = load_layered(own, base)
            index = Index(table)
        return cls(table, settings=settings, index=index)

    def resolve(self, name: str, *, type: str | None = None) -> Match | None:
        """The entity ``name`` refers to, or None when nothing fits clearly (NIL).

        ``type`` (a spaCy label) keeps to entities of that type and of related types."""
        return resolve_name(self.index, name, type=type, settings=self.settings)

    def _lookup(self, name: str) -> Match | None:
        return self.resolve(name)

    def canonicalize(self, name: str, *, type: str | None = None) -> str:
        """The canonical name for ``name``, or ``name`` unchanged when nothing fits."""
        match = self.resolve(name, type=type)
        return match.canonical if match else name

    def clear_cache(self) -> None:
        """Forget what ``lookup`` remembered (it never goes stale: for benchmarks)."""
        self.lookup.cache_clear()  # type: ignore[attr-defined]

    def _built(self, attr: str, build: Callable[[Index], _T]) -> _T:
        """A structure over the index, built once on first use (by one thread)."""
        value = getattr(self, attr)
        if value is None:
            with self._lock:
                value = getattr(self, attr)
                if value is None:
                    value = build(self.index)
                    setattr(self, attr, value)
        return value

    @property
    def gazetteer(self) -> Gazetteer:
        """Every listed name, for finding them in texts; built on first use."""
        return self._built("_gazetteer", Gazetteer)

    @property
    def person_parts(self) -> Mapping[str, frozenset[int]]:
        """The people of the table by the ``part_key`` of their surname, the part that names
        them alone in running text: the last part of every name of several parts, or the first
        for a person written surname first (``resolve.surname_first``). Built on first use."""
        return self._built("_person_parts", _person_parts)

    @property
    def composites(self) -> Mapping[tuple[str, int], int]:
        """Names of bodies within a listed organisation, by the part that names the body and
        the organisation: "Central Committee of the Harbour Workers' Party" (or "HWP Central
        Committee") under ("centralcommittee", the party's position) when the party's name is
        listed. The text's other spellings of the organisation then name the body too. A key
        two entities share is left out. Built on first use."""
        return self._built("_composites", _composites)

    def to_bytes(self) -> bytes:
        """The resolver as msgpack data: its entities, every name's keys and its settings."""
        entities = [entity_row(e) for e in self.table.entities]
        return srsly.msgpack_dumps({
            "format": FORMAT, "entnorm": __version__, "rules": rules_key(),
            "settings": asdict(self.settings), "entities": entities,
            "index": self.index.to_state(),
        })  # fmt: skip

    @classmethod
    def from_bytes(cls, data: bytes, *, where: str = "<bytes>") -> Resolver:
        """A resolver from ``to_bytes()``; ``where`` names the source in errors (E401, E402)."""
        try:
            state = srsly.msgpack_loads(data)
        except Exception as exc:  # msgpack raises several kinds for data that is not its own
            raise StateError("E401", where=where, reason=f"not msgpack: {exc}") from exc
        if not isinstance(state, dict) or "format" not in state:
            raise StateError("E401", where=where, reason="no format field")
        if state["format"] != FORMAT:
            raise StateError("E402", where=where, found=state["format"], expected=FORMAT)
        try:
            entities = tuple(entity_from_row(row) for row in state["entities"])
            table = AliasTable(entities)
            # Keys saved under other rules (another entnorm, an edited folding.yaml) are made
            # again: queries are keyed by the rules in force.
            if state.get("rules") == rules_key():
                index = Index.from_state(entities, state["index"])
            else:
                index = Index(table)
            settings = Settings(**state["settings"])
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise StateError("E401", where=where, reason=repr(exc)) from exc
        return cls(table, settings=settings, index=index)

    def to_disk(self, path: str | Path) -> None:
        """Write ``to_bytes()`` to a file."""
        Path(path).write_bytes(self.to_bytes())

    @classmethod
    def from_disk(cls, path: str | Path) -> Resolver:
        """A resolver from a file that ``to_disk`` wrote."""
        return cls.from_bytes(Path(path).read_bytes(), where=str(path))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_from_bytes, (self.to_bytes(),))

    def __repr__(self) -> str:
        return (f"Resolver({len(self.table)} entities, {len(self.index.rows)} names, "
                f"{self.settings!r})")  # fmt: skip


#: Shorter part keys name nobody alone ("Li", "Ri").
_MIN_PART = 3


def _person_parts(index: Index) -> dict[str, frozenset[int]]:
    found: dict[str, set[int]] = {}
    for e, entity in enumerate(index.entities):
        if entity.type != "PERSON":
            continue
        first = surname_first(entity)
        # A Japanese person's aliases come in either order ("Abe Shinzō"): the canonical
        # name's surname only.
        japanese = not first and any(
            p.search(n) for n in entity.names for p in (HAN_LETTERS, KANA_LETTERS)
        )
        names = (entity.name,) if japanese else entity.names
        for name in names:
            parts = name_parts(name)
            if len(parts) < 2 or not is_latin(name):
                continue
            key = part_key(parts[0] if first else parts[-1])
            if len(key) >= _MIN_PART:
                found.setdefault(key, set()).add(e)
    return {k: frozenset(v) for k, v in found.items()}


#: The types of an organisation or country that lists bodies ("Cabinet of Japan").
_OWNER_TYPES = frozenset({"ORG", "GPE"})


def _composites(index: Index) -> dict[tuple[str, int], int]:
    found: dict[tuple[str, int], set[int]] = {}
    for e, entity in enumerate(index.entities):
        if entity.type != "ORG":
            continue
        for r in index.entity_rows[e]:
            words = index.rows.plain[r].split()
            for body, owner_words in _splits(index.rows.names[r], words):
                rows = index.exact("plain", "".join(owner_words))
                owners = {index.rows[x].entity for x in rows}
                if len(owners) != 1 or (owner := owners.pop()) == e:
                    continue
                if index.entities[owner].type in _OWNER_TYPES:
                    for key in _body_keys(body):
                        found.setdefault((key, owner), set()).add(e)
    return {k: v.pop() for k, v in found.items() if len(v) == 1}


def _body_keys(body: list[str]) -> list[str]:
    """A body's name as a key, and inverted round its "of (the)" as English also writes it
    ("Office of the President", "President's Office"; "Ministry of Defence", "Defence
    Ministry")."""
    keys = ["".join(body)]
    if body.count("of") == 1 and 0 < (k := body.index("of")) < len(body) - 1:
        rest = body[k + 1 :]
        if rest[0] == "the":
            rest = rest[1:]
        if rest:
            keys.append("".join(rest + body[:k]))
    return keys


def _splits(name: str, words: list[str]) -> Iterator[tuple[list[str], list[str]]]:
    """(body, organisation) word lists of a body's name: before and after an "of" ("Central
    Committee" / "Harbour Workers' Party"), and after an acronym that starts it ("HWP" /
    "Central Committee")."""
    for i, w in enumerate(words):
        if w == "of" and 0 < i < len(words) - 1:
            rest = words[i + 1 :]
            yield words[:i], rest[1:] if rest[0] == "the" and len(rest) > 1 else rest
    first = name.split()[0] if name.split() else ""
    if len(words) > 1 and first.isupper() and first.isalpha() and len(first) <= 6:
        yield words[1:], words[:1]


def _from_bytes(data: bytes) -> Resolver:
    return Resolver.from_bytes(data, where="<pickle>")
