"""Layering: a user's alias tables over the bundled ones (or any tables below them).

A user writes a table without knowing the bundled ids, and must lose no answer by loading it
with ``include_bundled``. So, for each of the user's entities, in this order:

1. **the same id** as an entity below: the user's entry takes its place, keeping the names of
   the one below as further aliases (``same-id``);
2. **the same entity under another id**: the same Wikidata id, the same GeoNames id (an id
   ``geonames:N``), or the same canonical name (plain key) and type: one entity, with the
   user's id, name and type and both entries' names (``same-entity``);
3. **a name that the user lists and an entity below of the same kind lists too** (by plain key;
   places with places, organisations with organisations) leaves the entity below
   (``name-taken``): the user's entity answers to it, instead of the name becoming ambiguous
   between the two. An entity's own (canonical) name never leaves it.

Each of these is a ``LayerNote`` (``AliasTable.notes``), which ``entnorm aliases check`` prints
as a note, not an error. Duplicate ids *within* one layer stay errors (E111).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .aliases import AliasTable, Entity, load_tables, merge_same_as, read_entities
from .errors import AliasFileError, AliasFileErrors
from .keys import compact, folded, plain

_GEONAMES = "geonames:"
#: The default ``Settings.min_fuzzy_length`` (resolve.py sits above this module).
_MIN_FUZZY = 4


@dataclass(frozen=True, slots=True)
class LayerNote:
    """How one of the user's entities met an entity of the tables below it."""

    #: The user's entity's "file:line".
    source: str
    #: "same-id", "same-entity" or "name-taken".
    kind: str
    user_id: str
    base_id: str
    #: For "same-entity", what made them one ("wikidata Q1", "geonames:1", "name and type");
    #: for "name-taken", the name that left the entity below.
    detail: str = ""

    def __str__(self) -> str:
        if self.kind == "same-id":
            what = f"{self.user_id!r} replaces the entity of that id below it, keeping its names"
        elif self.kind == "same-entity":
            what = (f"{self.user_id!r} is {self.base_id!r} below it ({self.detail}): one entity, "
                    "with this id and name")  # fmt: skip
        else:
            what = (f"the name {self.detail!r} resolves to {self.user_id!r}, no longer to "
                    f"{self.base_id!r}")  # fmt: skip
        return f"{self.source}: note: {what}"


def load_layered(paths: Iterable[str | Path], base: Iterable[str | Path] = ()) -> AliasTable:
    """The tables of ``paths`` over those of ``base`` (see the module's docstring); without a
    base, simply ``load_tables(paths)``. Raises ``AliasFileErrors`` for every problem of
    either layer."""
    base = list(base)
    if not base:
        return load_tables(paths)
    errors: list[AliasFileError] = []
    shared: list[str] = []
    below, _ = merge_same_as(read_entities(base, errors, shared), errors)
    own, extends = merge_same_as(read_entities(paths, errors, shared), errors,
                                 frozenset(e.id for e in below))  # fmt: skip
    if errors:
        raise AliasFileErrors(errors)
    entities, notes = layer(below, own, extends)
    return AliasTable(entities, notes, tuple(dict.fromkeys(shared)))


def layer(
    below: Sequence[Entity], own: Sequence[Entity], extends: Sequence[Entity] = ()
) -> tuple[tuple[Entity, ...], tuple[LayerNote, ...]]:
    """The user's entities ``own`` over ``below``; ``extends`` are the user's ``same_as``
    entries that name an entity below (their names join it)."""
    kept: list[Entity | None] = list(below)
    position = {e.id: i for i, e in enumerate(below)}
    for e in extends:
        i = position[e.same_as]  # type: ignore[index]
        target = kept[i]
        assert target is not None
        kept[i] = _with_names(target, (e.name, *e.aliases), e.exact_aliases)
    by_wikidata = {e.wikidata: i for i, e in enumerate(below) if e.wikidata}
    by_geonames = {e.id: i for i, e in enumerate(below) if e.id.startswith(_GEONAMES)}
    by_name = {(_key(e.name), e.type): i for i, e in enumerate(below)}
    notes: list[LayerNote] = []
    merged: list[Entity] = []
    for u in own:
        found = _same(u, position, by_wikidata, by_geonames, by_name)
        if found is not None and kept[found[0]] is not None:
            i, kind, detail = found
            b = kept[i]
            assert b is not None
            notes.append(LayerNote(u.source, kind, u.id, b.id, detail))
            u = _with_names(u, (b.name, *b.aliases), b.exact_aliases)
            u = replace(u, wikidata=u.wikidata or b.wikidata)
            kept[i] = None
        merged.append(u)
    # Only the names the user wrote: names an entity below shares with another entity below stay
    # as ambiguous as they were. A name moves between entities of one kind only (a user's club
    # named "Seoul" leaves the city its names), and an entity's own name never moves.
    owner = {_key(n): m for u, m in zip(own, merged, strict=True) for n in u.names}
    for i, b in enumerate(kept):
        if b is None:
            continue
        taken = [
            n for n in (*b.aliases, *b.exact_aliases)
            if (m := owner.get(_key(n))) is not None and _one_kind(m.type, b.type)
        ]  # fmt: skip
        for name in taken:
            notes.append(LayerNote(b.source, "name-taken", owner[_key(name)].id, b.id, name))
        if taken:
            aliases = tuple(n for n in b.aliases if n not in taken)
            exact = tuple(n for n in b.exact_aliases if n not in taken)
            kept[i] = replace(b, aliases=aliases, exact_aliases=exact)
    return tuple(e for e in kept if e is not None) + tuple(merged), tuple(notes)


def _same(
    u: Entity, position: dict[str, int], by_wikidata: dict[str, int],
    by_geonames: dict[str, int], by_name: dict[tuple[str, str], int],
) -> tuple[int, str, str] | None:  # fmt: skip
    if u.id in position:
        return position[u.id], "same-id", ""
    if u.wikidata and u.wikidata in by_wikidata:
        return by_wikidata[u.wikidata], "same-entity", f"wikidata {u.wikidata}"
    if u.id.startswith(_GEONAMES) and u.id in by_geonames:
        return by_geonames[u.id], "same-entity", u.id
    if (k := (_key(u.name), u.type)) in by_name:
        return by_name[k], "same-entity", "name and type"
    return None


def _with_names(e: Entity, names: Iterable[str], exact: Iterable[str]) -> Entity:
    aliases = tuple(dict.fromkeys(n for n in (*e.aliases, *names) if n != e.name))
    exact_aliases = tuple(dict.fromkeys(
        n for n in (*e.exact_aliases, *exact) if n != e.name and n not in aliases
    ))  # fmt: skip
    return replace(e, aliases=aliases, exact_aliases=exact_aliases)


#: Kinds of entity whose names a user's entity may take from one below.
_KINDS = (frozenset({"GPE", "LOC", "FAC"}), frozenset({"ORG", "NORP"}))


def _one_kind(a: str, b: str) -> bool:
    return a == b or any(a in kind and b in kind for kind in _KINDS)


def _key(name: str) -> str:
    return compact(plain(name))


def collisions(table: AliasTable) -> list[tuple[str, str, tuple[int, ...]]]:
    """Keys that names of several entities share: ("plain", key, entity positions) for a plain
    key (the name resolves to none of them), ("folded", key, ...) for a folded key only (their
    variants compete). Exact aliases never meet the fuzzy stage, so only plain keys count for
    them."""
    plain_owner: dict[str, set[int]] = {}
    folded_owner: dict[str, set[int]] = {}
    for i, e in enumerate(table.entities):
        for name in e.names:
            plain_owner.setdefault(_key(name), set()).add(i)
        for name in (e.name, *e.aliases):
            folded_owner.setdefault(compact(folded(name)), set()).add(i)
    found = []
    seen = set()
    for key, owners in sorted(plain_owner.items()):
        if len(owners) > 1 and key:
            seen.add(frozenset(owners))
            found.append(("plain", key, tuple(sorted(owners))))
    for key, owners in sorted(folded_owner.items()):
        # Shorter folded keys never match fuzzily (``Settings.min_fuzzy_length``).
        if len(owners) > 1 and len(key) >= _MIN_FUZZY and frozenset(owners) not in seen:
            found.append(("folded", key, tuple(sorted(owners))))
    return found


def shared_keys(table: AliasTable) -> frozenset[str]:
    """The plain and folded keys of a table's ``shared_names``."""
    return frozenset(k for n in table.shared_names for k in (_key(n), compact(folded(n))))
