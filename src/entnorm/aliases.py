"""Alias tables: loading, validation and merging of the alias YAML files.

A table file looks like::

    entities:
      - id: moon-jae-in            # unique and stable, across all loaded files
        name: Moon Jae-in          # the canonical name
        type: PERSON               # a spaCy entity label
        aliases: [Mun Jae-in, 문재인, Мун Чжэ Ин]
        exact_aliases: [Moon]      # optional: matched only as written, never fuzzily
        wikidata: Q21001           # optional
        same_as: some-id           # optional: only add these names to entity "some-id"
    shared_names: [Kim]            # optional: names several entities list on purpose

Files are parsed with PyYAML's safe composer so that every value keeps its line number, and
validation reports every problem of every file at once (``AliasFileErrors``), each naming the
file and line. An alias listed by two entities is legal ("Kim", "Washington"); the index records
it as ambiguous and the resolver never picks one of them by chance.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

import numpy as np
import yaml

from ._yaml import SAFE_LOADER
from .columns import KeyLookup, StringColumn, StringLists, item_index
from .errors import AliasFileError, AliasFileErrors

if TYPE_CHECKING:
    from .layering import LayerNote

#: spaCy's entity labels (OntoNotes scheme); an entity's type must be one of them.
ENTITY_TYPES: frozenset[str] = frozenset(
    {
        "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART",
        "LAW", "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL",
        "CARDINAL", "MISC",
    }
)  # fmt: skip

_REQUIRED = ("id", "name", "type")
_OPTIONAL = ("aliases", "exact_aliases", "wikidata", "same_as")
_FIELDS = _REQUIRED + _OPTIONAL
_WIKIDATA = re.compile(r"Q[1-9][0-9]*")
_STR_TAG = "tag:yaml.org,2002:str"
#: Control characters (C0, DEL, C1), which no name holds.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
#: A letter, mark, number, punctuation or symbol: a name of none (only spaces, zero-width or
#: direction marks) is invisible.
_VISIBLE = re.compile(
    "[^\\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f"
    "\ufeff\uffa0\ufff0-\ufff8]"
)
#: YAML's own data types: a value of one that is not a string is reported where a string is
#: expected ("found timestamp '2001-12-14'"), a merge key ("<<") as an unknown field.
_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp", "binary", "merge")
)


@dataclass(frozen=True, slots=True)
class Entity:
    """One canonical entity and the names it is known by."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None
    #: Where the entity was defined ("file:line"), for messages; not part of its identity.
    source: str = field(default="", compare=False)
    #: The id of an entity defined elsewhere that this entry only adds names to (see
    #: ``load_tables``); None for an entity of its own.
    same_as: str | None = None
    #: Names matched only as written (same plain key, and Latin letters only by Latin
    #: letters), never by the fuzzy stage: exonyms in other languages ("Ungheria" for
    #: Hungary), which garbled spellings seldom come from and which would only compete with
    #: other entities' variants.
    exact_aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name, every alias, then every exact alias."""
        return (self.name, *self.aliases, *self.exact_aliases)


#: An entity's fields as saved data (``entity_row``), in order.
ENTITY_FIELDS = ("id", "name", "type", "aliases", "exact_aliases", "wikidata", "source")


def entity_row(entity: Entity) -> list[Any]:
    """An entity as a list of plain values (strings, lists of strings, None)."""
    return [list(v) if isinstance(v := getattr(entity, f), tuple) else v for f in ENTITY_FIELDS]


def entity_from_row(row: Sequence[Any]) -> Entity:
    """The entity of ``entity_row``; TypeError or ValueError for a row that is not one."""
    if len(row) != len(ENTITY_FIELDS):
        raise ValueError(f"an entity row has {len(row)} fields, not {len(ENTITY_FIELDS)}")
    id_, name, type_, aliases, exact_aliases, wikidata, source = row
    # Types checked with map and set, in C: a cache of a million names loads 200,000 rows.
    if not {type(id_), type(name), type(type_), type(source)} <= _TEXT:
        raise TypeError("an entity's id, name, type and source must be text")
    if wikidata is not None and type(wikidata) is not str:
        raise TypeError("entity field 'wikidata' is not text")
    if not isinstance(aliases, list | tuple) or not isinstance(exact_aliases, list | tuple):
        raise TypeError("an entity's aliases must be lists of names")
    aliases, exact_aliases = tuple(aliases), tuple(exact_aliases)
    if not set(map(type, aliases + exact_aliases)) <= _TEXT:
        raise TypeError("an entity's aliases must be lists of names")
    return Entity(id_, name, type_, aliases, wikidata, source, None, exact_aliases)


_TEXT = frozenset({str})

#: Entities kept made (``EntityColumns``) for the queries to come.
ENTITY_CACHE = 65536
_TEXT_FIELDS = ("id", "name", "type", "wikidata", "source")
_LIST_FIELDS = ("aliases", "exact_aliases")


class EntityColumns(Sequence[Entity]):
    """A table's entities as flat columns, each made into an ``Entity`` when it is read.

    A table loaded from the cache is ready without making an object per entity (at 200,000
    entities that was most of a warm start), and its columns are the cache's mapped arrays,
    shared by the processes that load them. Entities compare equal to a tuple of the same
    entities. ``wikidata`` is stored as "" for None.
    """

    __slots__ = ("_entity", "_fields", "_ids")

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        fields: dict[str, Sequence[Any]] = {
            f: StringColumn(arrays[f"entity_{f}"], arrays[f"entity_{f}_at"]) for f in _TEXT_FIELDS
        }
        for f in _LIST_FIELDS:
            items = StringColumn(arrays[f"entity_{f}"], arrays[f"entity_{f}_at"])
            fields[f] = StringLists(items, arrays[f"entity_{f}_lists"])
        self._fields = fields
        self._ids = KeyLookup(arrays["entity_id_hashes"], arrays["entity_id_rows"])
        n = len(fields["id"])
        if any(len(column) != n for column in fields.values()) or len(self._ids) != n:
            raise ValueError("the entity columns differ in length")
        if n and (int(self._ids.ids.min()) < 0 or int(self._ids.ids.max()) >= n):
            raise ValueError("the entity id lookup points past the entities")
        # Bounded, as the index's rows are: a long run reads only the entities it meets.
        self._entity = lru_cache(maxsize=ENTITY_CACHE)(self._make)

    @classmethod
    def of(cls, entities: Iterable[Entity]) -> EntityColumns:
        entities = list(entities)
        fields: dict[str, Any] = {
            f: StringColumn.of(getattr(e, f) or "" for e in entities) for f in _TEXT_FIELDS
        }
        for f in _LIST_FIELDS:
            fields[f] = StringLists.of([getattr(e, f) for e in entities])
        ids = KeyLookup.of((e.id, i) for i, e in enumerate(entities))
        return cls(_entity_arrays(fields, ids))

    def to_arrays(self) -> dict[str, np.ndarray]:
        """The columns as numpy arrays (what ``EntityColumns(arrays)`` takes)."""
        return _entity_arrays(self._fields, self._ids)

    def __len__(self) -> int:
        return len(self._fields["id"])

    @overload
    def __getitem__(self, i: int) -> Entity: ...
    @overload
    def __getitem__(self, i: slice) -> list[Entity]: ...
    def __getitem__(self, i: int | slice) -> Entity | list[Entity]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return self._entity(item_index(i, len(self)))

    def _make(self, i: int) -> Entity:
        f = self._fields
        return Entity(f["id"][i], f["name"][i], f["type"][i], f["aliases"][i],
                      f["wikidata"][i] or None, f["source"][i], None,
                      f["exact_aliases"][i])  # fmt: skip

    def types(self) -> frozenset[str]:
        """The entities' types, read from their column without making an entity."""
        return frozenset(self._fields["type"])

    def position(self, entity_id: str) -> int | None:
        """The position of the entity with this id, or None."""
        # Hashes may collide: the id stored at each candidate position is compared.
        ids = self._fields["id"]
        return next((i for i in self._ids.get(entity_id) if ids[i] == entity_id), None)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return EntityColumns, (self.to_arrays(),)


def _entity_arrays(fields: Mapping[str, Any], ids: KeyLookup) -> dict[str, np.ndarray]:
    """Entity columns (``StringColumn`` per text field, ``StringLists`` per list field) and
    their id lookup as the named arrays ``EntityColumns`` reads."""
    arrays: dict[str, np.ndarray] = {}
    for f in _TEXT_FIELDS:
        arrays[f"entity_{f}"], arrays[f"entity_{f}_at"] = fields[f].data, fields[f].offsets
    for f in _LIST_FIELDS:
        items = fields[f].items
        arrays[f"entity_{f}"], arrays[f"entity_{f}_at"] = items.data, items.offsets
        arrays[f"entity_{f}_lists"] = fields[f].offsets
    arrays["entity_id_hashes"], arrays["entity_id_rows"] = ids.hashes, ids.ids
    return arrays


class Positions(Mapping[str, int]):
    """Each entity's position in a sequence of entities, by id: a dict for a tuple, the
    columns' own id lookup for ``EntityColumns`` (no dict of 200,000 ids to make)."""

    __slots__ = ("_columns", "_dict", "_entities")

    def __init__(self, entities: Sequence[Entity]) -> None:
        self._entities = entities
        self._columns = entities if isinstance(entities, EntityColumns) else None
        #: Every id of a tuple; the ids looked up so far of columns.
        self._dict: dict[str, int] = (
            {} if self._columns is not None else {e.id: i for i, e in enumerate(entities)}
        )

    def __getitem__(self, entity_id: str) -> int:
        if (found := self._dict.get(entity_id)) is not None:
            return found
        if self._columns is None or (found := self._columns.position(entity_id)) is None:
            raise KeyError(entity_id)
        # Remembered: the document stage asks for the same few entities hundreds of times a
        # text, and a hashed lookup costs a digest.
        self._dict[entity_id] = found
        return found

    def __len__(self) -> int:
        return len(self._entities)

    def __iter__(self) -> Iterator[str]:
        return (e.id for e in self._entities)


@dataclass(frozen=True)
class AliasTable:
    """A validated, merged set of entities."""

    #: A tuple, or ``EntityColumns`` for a table loaded from the cache.
    entities: Sequence[Entity]
    #: How a user's tables met the tables below them, when layered (``layering.LayerNote``).
    notes: tuple[LayerNote, ...] = field(default=(), compare=False)
    #: Names that several entities list on purpose (the files' ``shared_names``): they resolve
    #: to none of them, and ``aliases check`` does not warn about them.
    shared_names: tuple[str, ...] = field(default=(), compare=False)

    @property
    def positions(self) -> Positions:
        """Each entity's position in ``entities``, by id; made on first use."""
        if (found := self.__dict__.get("_positions")) is None:
            found = Positions(self.entities)
            object.__setattr__(self, "_positions", found)
        return found

    def __len__(self) -> int:
        return len(self.entities)

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities)

    def get(self, entity_id: str) -> Entity | None:
        i = self.positions.get(entity_id)
        return None if i is None else self.entities[i]

    @property
    def alias_count(self) -> int:
        """Number of names (canonical names and aliases) in the table."""
        return sum(len(e.names) for e in self.entities)


def bundled_dir() -> Path:
    """Where the bundled alias tables are: inside the installed package, or in a checkout."""
    packaged = Path(str(resources.files("entnorm"))) / "_bundled"
    if packaged.is_dir():
        return packaged
    # An editable install imports from src/; the tables are then the repository's data/aliases,
    # which setuptools' editable finder does not map into the package.
    return Path(__file__).resolve().parents[2] / "data" / "aliases"


def bundled_paths() -> list[Path]:
    """The alias tables that ship with entnorm, in a stable order."""
    return sorted(p for p in bundled_dir().iterdir() if p.suffix in (".yaml", ".yml"))


def table_layers(
    paths: Sequence[str | Path], include_bundled: bool
) -> tuple[list[str | Path], list[Path]]:
    """The tables to load and the tables below them (``layering``): the user's over the
    bundled ones with ``include_bundled``, the bundled ones alone without ``paths``."""
    own: list[str | Path] = (
        list(paths) if paths else list(bundled_paths()) if include_bundled else []
    )
    return own, bundled_paths() if include_bundled and paths else []


def load_tables(paths: Iterable[str | Path]) -> AliasTable:
    """Load, validate and merge alias files; raise ``AliasFileErrors`` listing every problem.

    (``layering.load_layered`` loads a user's tables over the bundled ones.)"""
    errors: list[AliasFileError] = []
    shared: list[str] = []
    entities, _ = merge_same_as(read_entities(paths, errors, shared), errors)
    if errors:
        raise AliasFileErrors(errors)
    return AliasTable(tuple(entities), shared_names=tuple(dict.fromkeys(shared)))


def read_entities(
    paths: Iterable[str | Path], errors: list[AliasFileError], shared: list[str] | None = None
) -> list[Entity]:
    """Every entry of the files, in order; problems go to ``errors``, an id defined twice
    (E111) among them; the files' ``shared_names`` to ``shared``."""
    entities: list[Entity] = []
    first_seen: dict[str, str] = {}
    for path in paths:
        for entity in _load_file(Path(path), errors, shared):
            if entity.id in first_seen:
                line = int(entity.source.rsplit(":", 1)[1])
                errors.append(_err("E111", path, line, id=entity.id, first=first_seen[entity.id]))
                continue
            first_seen[entity.id] = entity.source
            entities.append(entity)
    return entities


def merge_same_as(
    entities: list[Entity], errors: list[AliasFileError], below: frozenset[str] = frozenset()
) -> tuple[list[Entity], list[Entity]]:
    """Fold entries with ``same_as`` into the entity they name, in load order; entries that name
    an entity of the tables below (ids ``below``) come back apart, for ``layering``.

    This is how a generated table (GeoNames, Wikidata) adds its spellings to an entity that a
    hand-kept table defines, instead of defining a second entity that would make every shared
    name ambiguous.
    """
    own = {e.id: i for i, e in enumerate(entities) if e.same_as is None}
    merged = list(entities)
    extends = []
    for e in entities:
        if e.same_as is None:
            continue
        target = own.get(e.same_as)
        if target is None:
            if e.same_as in below:
                extends.append(e)
                continue
            path, line = e.source.rsplit(":", 1)
            errors.append(_err("E117", path, int(line), target=e.same_as))
            continue
        t = merged[target]
        names = tuple(dict.fromkeys(n for n in (*t.aliases, e.name, *e.aliases) if n != t.name))
        exact = tuple(dict.fromkeys(n for n in (*t.exact_aliases, *e.exact_aliases)
                                    if n != t.name and n not in names))  # fmt: skip
        merged[target] = replace(t, aliases=names, exact_aliases=exact)
    return [e for e in merged if e.same_as is None], extends


def check_tables(paths: Iterable[str | Path]) -> list[AliasFileError]:
    """Validate alias files and return the problems found (an empty list when all is well)."""
    try:
        load_tables(paths)
    except AliasFileErrors as exc:
        return exc.errors
    return []


def _err(code: str, path: str | Path, line: int | None, **values: object) -> AliasFileError:
    return AliasFileError(code, path, line, **values)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _read_text(path: Path, errors: list[AliasFileError]) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        errors.append(_err("E115", path, None, reason=exc.strerror or exc))
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        errors.append(_err("E101", path, line, byte=data[exc.start], offset=exc.start))
        return None


def _load_file(
    path: Path, errors: list[AliasFileError], shared: list[str] | None = None
) -> list[Entity]:
    text = _read_text(path, errors)
    if text is None:
        return []
    try:
        # compose() builds the node graph without constructing Python objects: no tags are
        # executed (SafeLoader) and every node keeps its position for error messages.
        root = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        errors.append(_err("E102", path, line, problem=exc.problem or exc.context))
        return []
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (NUL, controls)
        line = text.count("\n", 0, exc.position) + 1
        char = chr(exc.character) if isinstance(exc.character, int) else exc.character
        errors.append(_err("E102", path, line, problem=f"{exc.reason} ({char!r})"))
        return []
    except yaml.YAMLError as exc:
        errors.append(_err("E102", path, None, problem=exc))
        return []
    if root is None:  # an empty file is an empty table
        return []
    if found := _first_unwanted(root):
        node, code = found
        errors.append(_err(code, path, _line(node), tag=node.tag))
        return []
    if not isinstance(root, yaml.MappingNode):
        errors.append(_err("E103", path, _line(root)))
        return []
    top = _mapping(root, path, errors)
    for name, (key_node, _) in top.items():
        if name not in ("entities", "shared_names"):
            errors.append(_err("E104", path, _line(key_node), field=name))
    if "shared_names" in top and shared is not None:
        shared.extend(_aliases(top["shared_names"][1], "shared_names", path, errors))
    if "entities" not in top:
        errors.append(_err("E103", path, _line(root)))
        return []
    seq = top["entities"][1]
    if isinstance(seq, yaml.ScalarNode) and seq.tag == "tag:yaml.org,2002:null":
        return []
    if not isinstance(seq, yaml.SequenceNode):
        errors.append(_err("E105", path, _line(seq)))
        return []
    return [e for node in seq.value if (e := _entity(node, path, errors)) is not None]


def _first_unwanted(node: yaml.Node) -> tuple[yaml.Node, str] | None:
    """The first node with an application tag (``!!python/...``, E116: data only, never
    objects), or reached a second time (an alias, E118), with its code; None when there is
    none. Alias tables need no aliases, and refusing them bounds the walk, and every later
    one, by the file's size: a node that holds itself never ends, and nested aliases ("billion
    laughs") expand a few lines into billions of nodes."""
    seen: set[int] = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if id(n) in seen:
            return n, "E118"
        seen.add(id(n))
        if n.tag not in _PLAIN_TAGS:
            return n, "E116"
        if isinstance(n, yaml.SequenceNode):
            stack.extend(reversed(n.value))
        elif isinstance(n, yaml.MappingNode):
            stack.extend(x for pair in reversed(n.value) for x in reversed(pair))
    return None


def _mapping(
    node: yaml.MappingNode, path: Path, errors: list[AliasFileError]
) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """The mapping's fields by name; PyYAML itself silently keeps the last of duplicate keys."""
    fields: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key, value in node.value:
        name = key.value if isinstance(key, yaml.ScalarNode) else str(key.value)
        if name in fields:
            errors.append(_err("E112", path, _line(key), field=name))
            continue
        fields[name] = (key, value)
    return fields


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    kind = node.tag.rsplit(":", 1)[-1]
    return f"{kind} {node.value!r}"


def _string(node: yaml.Node, name: str, path: Path, errors: list[AliasFileError]) -> str | None:
    # Only plain strings are accepted: "id: 123" or "name: yes" are almost always mistakes.
    if not isinstance(node, yaml.ScalarNode) or node.tag != _STR_TAG:
        errors.append(_err("E109", path, _line(node), field=name, expected="a string",
                           found=_describe(node)))  # fmt: skip
        return None
    value = node.value.strip()
    if not value:
        errors.append(_err("E110", path, _line(node), field=name))
        return None
    # Escaped in the YAML ("\x00"), these pass the reader: no name holds them.
    if control := _CONTROL.search(value):
        errors.append(_err("E119", path, _line(node), field=name, char=control.group()))
        return None
    if not _VISIBLE.search(value):
        errors.append(_err("E120", path, _line(node), field=name, value=value))
        return None
    return value


def _entity(node: yaml.Node, path: Path, errors: list[AliasFileError]) -> Entity | None:
    if not isinstance(node, yaml.MappingNode):
        errors.append(_err("E106", path, _line(node), found=_describe(node)))
        return None
    before = len(errors)
    fields = _mapping(node, path, errors)
    for name, (key_node, _) in fields.items():
        if name not in _FIELDS:
            errors.append(_err("E108", path, _line(key_node), field=name,
                               expected=", ".join(_FIELDS)))  # fmt: skip
    values: dict[str, str | None] = {}
    for name in _REQUIRED:
        if name not in fields:
            errors.append(_err("E107", path, _line(node), field=name))
        else:
            values[name] = _string(fields[name][1], name, path, errors)
    etype = values.get("type")
    if etype is not None and etype not in ENTITY_TYPES:
        errors.append(_err("E113", path, _line(fields["type"][1]), value=etype,
                           expected=", ".join(sorted(ENTITY_TYPES))))  # fmt: skip
    wikidata = None
    if "wikidata" in fields:
        wikidata = _string(fields["wikidata"][1], "wikidata", path, errors)
        if wikidata is not None and not _WIKIDATA.fullmatch(wikidata):
            errors.append(_err("E114", path, _line(fields["wikidata"][1]), value=wikidata))
    aliases = _aliases(fields["aliases"][1], "aliases", path, errors) if "aliases" in fields else []
    exact = (
        _aliases(fields["exact_aliases"][1], "exact_aliases", path, errors)
        if "exact_aliases" in fields
        else []
    )
    same_as = None
    if "same_as" in fields:
        same_as = _string(fields["same_as"][1], "same_as", path, errors)
    if len(errors) > before:
        return None
    name = values["name"]
    assert values["id"] and name and etype  # guaranteed by the checks above
    # Identical strings add nothing; the canonical name is implied.
    unique = tuple(dict.fromkeys(a for a in aliases if a != name))
    # A name listed both ways is fuzzy-matched: the plain list is the stronger claim.
    exact_only = tuple(dict.fromkeys(a for a in exact if a != name and a not in unique))
    return Entity(values["id"], name, etype, unique, wikidata, f"{path}:{_line(node)}", same_as,
                  exact_only)  # fmt: skip


def _aliases(
    node: yaml.Node, field: str, path: Path, errors: list[AliasFileError]
) -> Sequence[str]:
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return []
    if not isinstance(node, yaml.SequenceNode):
        errors.append(_err("E109", path, _line(node), field=field, expected="a list",
                           found=_describe(node)))  # fmt: skip
        return []
    return [a for item in node.value if (a := _string(item, field, path, errors))]
