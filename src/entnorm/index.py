"""The candidate index: every name of every entity, reachable by exact key or by shared n-grams.

Exact dictionaries answer most queries in one lookup per key view. For the rest, an inverted
index maps each character trigram of a folded key to the keys containing it, stored as one
sorted numpy array (CSR layout: ``offsets`` into ``postings``). A query reads only the posting
lists of its own rarest trigrams, up to a fixed number of entries, so the work is bounded
whatever the size of the table.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, overload

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from .aliases import AliasTable, Entity, EntityColumns, Positions
from .columns import IdLists, KeyLookup, StringColumn, int_view, item_index
from .keys import Keys, bag, compact, keys, korean_name_key, plain
from .names import initialisms
from .romanize import HANGUL_LETTERS, is_latin

#: Posting entries a query reads, at most: its rarest trigrams are read first, and commoner ones
#: only while they fit. This bounds the candidate stage's work whatever the table's size; the
#: rare trigrams are also the ones that tell a name from its neighbours.
READ_BUDGET = 20_000
#: Rows kept built (with their ``Keys``) for the queries to come.
ROW_CACHE = 65536
#: Trigrams always read, however long their lists, so that a query of common trigrams only
#: still finds candidates.
MIN_TRIGRAMS = 3


@dataclass(frozen=True, slots=True)
class Row:
    """One name of one entity, with its key views."""

    entity: int
    name: str
    keys: Keys
    is_canonical: bool
    #: Listed under ``exact_aliases``: found by the exact stages only.
    exact_only: bool = False


class Rows(Sequence[Row]):
    """The index's names, kept as flat columns (``columns``) and made into ``Row`` objects on
    first use: a query touches a few dozen rows, and a ``Keys`` object per name cost most of
    the memory and start-up time of a large table."""

    def __init__(
        self, entity: np.ndarray, names: StringColumn, plain: StringColumn,
        folded: StringColumn, canonical: np.ndarray, exact_only: np.ndarray, flags: np.ndarray,
    ) -> None:  # fmt: skip
        columns = (entity, names, plain, folded, canonical, exact_only, flags)
        if len({len(c) for c in columns}) != 1:
            raise ValueError("the index's columns differ in length")
        self.entity = entity
        self.names = names
        #: Plain and folded keys of each name, from which its ``Keys`` are rebuilt.
        self.plain = plain
        self.folded = folded
        self.canonical = canonical
        self.exact_only = exact_only
        #: ``Keys.flags`` of each name, so that a name's keys are made without their tests.
        self.flags = flags
        # Python ints at C speed (numpy's scalar indexing costs a microsecond a read).
        self._ints = tuple(int_view(c) for c in (entity, canonical, exact_only, flags))
        self._n = len(names)
        # Bounded: a long run over a large table would otherwise keep a Row for every name it
        # ever met, which is the memory the columns save.
        self._row = lru_cache(maxsize=ROW_CACHE)(self._make_row)

    @classmethod
    def of(cls, rows: Sequence[Row]) -> Rows:
        return cls(
            np.fromiter((r.entity for r in rows), dtype=np.int32, count=len(rows)),
            StringColumn.of(r.name for r in rows),
            StringColumn.of(r.keys.plain for r in rows),
            StringColumn.of(r.keys.folded for r in rows),
            np.fromiter((r.is_canonical for r in rows), dtype=np.uint8, count=len(rows)),
            np.fromiter((r.exact_only for r in rows), dtype=np.uint8, count=len(rows)),
            np.fromiter((r.keys.flags for r in rows), dtype=np.uint8, count=len(rows)),
        )

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, r: int) -> Row: ...
    @overload
    def __getitem__(self, r: slice) -> list[Row]: ...
    def __getitem__(self, r: int | slice) -> Row | list[Row]:
        if isinstance(r, slice):
            return [self[i] for i in range(*r.indices(self._n))]
        if 0 <= r < self._n:  # without a call: a query reads dozens of rows
            return self._row(r)
        return self._row(item_index(r, self._n))

    def is_exact_only(self, r: int) -> bool:
        return bool(self._ints[2][r])

    def entity_of(self, r: int) -> int:
        """A row's entity, without making the row."""
        return int(self._ints[0][r])

    def _make_row(self, r: int) -> Row:
        entity, canonical, exact_only, flags = self._ints
        keys = Keys.with_flags(self.plain[r], self.folded[r], flags[r])
        return Row(entity[r], self.names[r], keys, bool(canonical[r]), bool(exact_only[r]))

    def __getstate__(self) -> tuple[object, ...]:
        return (self.entity, self.names, self.plain, self.folded, self.canonical,
                self.exact_only, self.flags)  # fmt: skip

    def __setstate__(self, state: tuple) -> None:
        self.__init__(*state)  # type: ignore[misc]

    def to_state(self) -> dict[str, Any]:
        return {"entity": self.entity.tobytes(), "names": list(self.names),
                "plain": list(self.plain), "folded": list(self.folded),
                "canonical": self.canonical.tobytes(),
                "exact_only": self.exact_only.tobytes(), "flags": self.flags.tobytes()}  # fmt: skip

    @classmethod
    def from_state(cls, state: Mapping[str, Any]) -> Rows:
        return cls(
            np.frombuffer(state["entity"], dtype=np.int32).copy(),
            StringColumn.of(state["names"]),
            StringColumn.of(state["plain"]),
            StringColumn.of(state["folded"]),
            np.frombuffer(state["canonical"], dtype=np.uint8).copy(),
            np.frombuffer(state["exact_only"], dtype=np.uint8).copy(),
            # State saved before the flags were kept has them made again.
            np.frombuffer(state["flags"], dtype=np.uint8).copy()
            if "flags" in state
            else np.fromiter(
                (Keys(p, f).flags for p, f in zip(state["plain"], state["folded"], strict=True)),
                dtype=np.uint8,
            ),
        )


def trigrams(key: str) -> list[str]:
    """Character trigrams of a compact key, padded so that short keys still have some."""
    padded = f"^{key}$"
    return [padded[i : i + 3] for i in range(len(padded) - 2)]


#: Words of a native-script name that its acronym leaves out: prepositions and conjunctions.
_ACRONYM_MIN_WORD = 3
_ACRONYM_WORD = re.compile(r"\w+")


def native_acronyms(entity: Entity) -> list[str]:
    """Acronyms of an organisation's names in other scripts, romanized: the initials of each
    name's words of three letters or more ("Организация Объединённых Наций" -> "OON",
    "Головне управління розвідки" -> "GUR"), which translations print as they are. Exact
    aliases: found only as written, in capitals."""
    if entity.type != "ORG":
        return []
    found = []
    for name in entity.names:
        if is_latin(name):
            continue
        words = [w for w in _ACRONYM_WORD.findall(name) if len(w) >= _ACRONYM_MIN_WORD]
        if len(words) >= 2 and all(w[0].isalpha() for w in words):
            acronym = plain("".join(w[0] for w in words)).upper()
            # Two letters are too often an English abbreviation too ("MR", "FP").
            if 3 <= len(acronym) <= 6 and acronym.isascii() and acronym.isalpha():
                found.append(acronym)
    return list(dict.fromkeys(found))


def _korean_person(entity: Entity) -> bool:
    """Whether a person's names are keyed as a Korean's (``keys.korean_name_key``): a name in
    Hangul, or a canonical name that reads as a Korean name and is written as Korean names are
    (a hyphenated given name, or three words: "Pak Pong-ju", "Kim Jong Un"). "Dan Lee" has a
    Korean surname and a syllable, but is no Korean name."""
    if entity.type != "PERSON":
        return False
    if any(HANGUL_LETTERS.search(n) for n in entity.names):
        return True
    words = entity.name.split()
    return bool(korean_name_key(plain(entity.name))) and (
        len(words) >= 3 or any("-" in w for w in words)
    )


#: Each exact view's key of a row (``Index.exact``), as ``Index._link`` makes it.
_VIEW_KEY: dict[str, Callable[[Rows, int], str | None]] = {
    "plain": lambda rows, r: compact(rows.plain[r]),
    "folded": lambda rows, r: compact(rows.folded[r]),
    "bag": lambda rows, r: bag(rows.plain[r]),
    "korean": lambda rows, r: korean_name_key(rows.plain[r]),
}


class Index:
    """Exact and n-gram lookups from key views to the rows (names) of an alias table."""

    #: Organisations' names by their initials (``initialisms``), and the entities' types
    #: (``entity_types``), made on first use.
    _initialisms: dict[str, list[int]] | None = None
    _types: frozenset[str] | None = None

    def __init__(self, table: AliasTable) -> None:
        rows: list[Row] = []
        for e_idx, entity in enumerate(table.entities):
            fuzzy_names = 1 + len(entity.aliases)
            listed = set()
            for n_idx, name in enumerate(entity.names):
                k = keys(name)
                listed.add(k.plain_compact)
                if k.plain:  # a name of punctuation only has nothing to match on
                    rows.append(Row(e_idx, name, k, n_idx == 0, n_idx >= fuzzy_names))
            for acronym in native_acronyms(entity):
                if (k := keys(acronym)).plain and k.plain_compact not in listed:
                    rows.append(Row(e_idx, acronym, k, False, True))
                    listed.add(k.plain_compact)
        self._link(table.entities, Rows.of(rows))

    @classmethod
    def from_state(cls, entities: Sequence[Entity], state: Mapping[str, Any]) -> Index:
        """An index rebuilt from ``to_state()`` without computing any name's keys again."""
        self = cls.__new__(cls)
        self._link(entities, Rows.from_state(state))
        return self

    def to_state(self) -> dict[str, Any]:
        """The index's names and their keys as plain data (strings, lists and bytes): what
        ``from_state`` needs, and nothing executable."""
        return self.rows.to_state()

    def _link(self, entities: Sequence[Entity], rows: Rows) -> None:
        """The lookups over the rows: exact dictionaries, each entity's names, trigrams."""
        self.entities: Sequence[Entity] = entities
        #: Each entity's position in ``entities``, by id.
        self.position: Mapping[str, int] = Positions(entities)
        self.rows = rows
        entity_rows: list[list[int]] = [[] for _ in entities]
        by_plain: list[tuple[str, int]] = []
        by_folded: list[tuple[str, int]] = []
        by_bag: list[tuple[str, int]] = []
        by_korean: list[tuple[str, int]] = []
        fuzzy_keys: list[str] = []
        fuzzy_rows: list[list[int]] = []
        fuzzy_id: dict[str, int] = {}
        gram_id: dict[str, int] = {}
        gram_of: array[int] = array("i")
        key_of: array[int] = array("i")
        korean_people = [_korean_person(e) for e in entities]
        exact_only = rows.exact_only.tolist()
        columns = zip(rows.entity.tolist(), rows.plain, rows.folded, strict=True)
        for row, (e_idx, p, f) in enumerate(columns):
            by_plain.append((compact(p), row))
            if " " in p:
                by_bag.append((bag(p), row))
            if korean_people[e_idx] and (korean := korean_name_key(p)):
                by_korean.append((korean, row))
            if exact_only[row]:
                continue
            entity_rows[e_idx].append(row)
            fc = compact(f)
            by_folded.append((fc, row))
            kid = fuzzy_id.get(fc)
            if kid is None:
                kid = fuzzy_id[fc] = len(fuzzy_keys)
                fuzzy_keys.append(fc)
                fuzzy_rows.append([])
                # In order: gram ids, and the saved arrays, are then the same in every process.
                for g in dict.fromkeys(trigrams(fc)):
                    gram_of.append(gram_id.setdefault(g, len(gram_id)))
                    key_of.append(kid)
            fuzzy_rows[kid].append(row)
        #: Rows by each exact view's key (``exact``); people's names by ``korean_name_key``,
        #: one Korean name in every romanization.
        self.by_plain = KeyLookup.of(by_plain)
        self.by_folded = KeyLookup.of(by_folded)
        self.by_bag = KeyLookup.of(by_bag)
        self.by_korean = KeyLookup.of(by_korean)
        #: Row ids of each entity's names that the fuzzy stage scores (all but exact aliases),
        #: by entity position.
        self.entity_rows = IdLists.of(entity_rows)
        #: Unique folded compact keys and the rows that have each.
        self.fuzzy_keys = StringColumn.of(fuzzy_keys)
        self.fuzzy_rows = IdLists.of(fuzzy_rows)
        #: How many names the fuzzy stage scores (every name but exact aliases).
        self.fuzzy_names = int(self.entity_rows.offsets[-1])
        self._grams = StringColumn.of(gram_id)
        self._gram_id = gram_id
        grams = np.frombuffer(gram_of, dtype=np.int32)
        order = np.argsort(grams, kind="stable")
        self._postings = np.frombuffer(key_of, dtype=np.int32)[order].copy()
        counts = np.bincount(grams, minlength=len(gram_id))
        self._offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        self._offsets_view = int_view(self._offsets, np.int64)

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Every lookup of the index as a numpy array of numbers (``from_arrays``): data that a
        cache saves and maps back without computing a key, and nothing executable."""
        rows = self.rows
        out = {"row_entity": rows.entity, "row_canonical": rows.canonical,
               "row_exact_only": rows.exact_only, "row_flags": rows.flags,
               "postings": self._postings,
               "postings_at": self._offsets}  # fmt: skip
        strings = {"row_names": rows.names, "row_plain": rows.plain, "row_folded": rows.folded,
                   "fuzzy_keys": self.fuzzy_keys, "grams": self._grams}  # fmt: skip
        for name, column in strings.items():
            out[name], out[f"{name}_at"] = column.data, column.offsets
        for name, ids in (("entity_rows", self.entity_rows), ("fuzzy_rows", self.fuzzy_rows)):
            out[name], out[f"{name}_at"] = ids.values, ids.offsets
        for view in _VIEW_KEY:
            lookup = getattr(self, f"by_{view}")
            out[f"{view}_hashes"], out[f"{view}_rows"] = lookup.hashes, lookup.ids
        return out

    @classmethod
    def from_arrays(cls, entities: Sequence[Entity], arrays: Mapping[str, np.ndarray]) -> Index:
        """The index of ``to_arrays()`` over the same entities; ValueError (or KeyError) for
        arrays that do not make one."""
        self = cls.__new__(cls)
        a = arrays
        self.entities = entities
        self.position = Positions(entities)
        names = ("row_names", "row_plain", "row_folded", "fuzzy_keys", "grams")
        strings = {name: StringColumn(a[name], a[f"{name}_at"]) for name in names}
        self.rows = Rows(
            a["row_entity"], strings["row_names"], strings["row_plain"], strings["row_folded"],
            a["row_canonical"], a["row_exact_only"], a["row_flags"],
        )  # fmt: skip
        self.entity_rows = IdLists(a["entity_rows"], a["entity_rows_at"])
        self.fuzzy_rows = IdLists(a["fuzzy_rows"], a["fuzzy_rows_at"])
        self.fuzzy_keys = strings["fuzzy_keys"]
        for view in _VIEW_KEY:
            setattr(self, f"by_{view}", KeyLookup(a[f"{view}_hashes"], a[f"{view}_rows"]))
        self._grams = strings["grams"]
        self._gram_id = {g: i for i, g in enumerate(self._grams)}
        self._postings, self._offsets = a["postings"], a["postings_at"]
        self._offsets_view = int_view(self._offsets, np.int64)
        n_rows, n_keys = len(self.rows), len(self.fuzzy_keys)
        bounds = [(self.rows.entity, len(self.entities)), (self.entity_rows.values, n_rows),
                  (self.fuzzy_rows.values, n_rows), (self._postings, n_keys)]  # fmt: skip
        bounds += [(getattr(self, f"by_{v}").ids, n_rows) for v in _VIEW_KEY]
        if len(self.entity_rows) != len(self.entities) or len(self.fuzzy_rows) != n_keys:
            raise ValueError("the index's id lists do not fit its entities and keys")
        if len(self._offsets) != len(self._grams) + 1 or self._offsets[-1] != len(self._postings):
            raise ValueError("the trigram offsets do not cover the postings")
        for ids, bound in bounds:
            if len(ids) and (int(ids.min()) < 0 or int(ids.max()) >= bound):
                raise ValueError("an index array points past its target")
        self.fuzzy_names = int(self.entity_rows.offsets[-1])
        return self

    def exact(self, view: str, key: str) -> list[int]:
        """Rows whose ``view`` key ('plain', 'folded', 'bag' or 'korean') equals ``key``."""
        key_of, rows = _VIEW_KEY[view], self.rows
        # A 64-bit hash is shared by another key about once in 10^13 lookups at a million
        # names; each row's key is compared all the same.
        return [r for r in getattr(self, f"by_{view}").get(key) if key_of(rows, r) == key]

    def candidates(self, folded_compact: str, *, limit: int = 32) -> list[int]:
        """Ids of the fuzzy keys sharing the most trigrams with a folded compact query key."""
        offsets, spans = self._offsets_view, []
        for g in set(trigrams(folded_compact)):
            gid = self._gram_id.get(g)
            if gid is not None:
                start, end = offsets[gid], offsets[gid + 1]
                spans.append((end - start, start, end))
        if not spans:
            return []
        spans.sort()
        rare, read = [], 0
        for length, start, end in spans:
            if len(rare) >= MIN_TRIGRAMS and read + length > READ_BUDGET:
                break
            rare.append(self._postings[start:end])
            read += length
        hits = np.concatenate(rare)
        hits.sort()
        # Each key's hits are one run of the sorted array: its start and its length.
        starts = np.flatnonzero(np.concatenate(([True], hits[1:] != hits[:-1])))
        ids, counts = hits[starts], np.diff(np.append(starts, len(hits)))
        if len(ids) > limit:
            top = np.argpartition(-counts, limit)[:limit]
            ids, counts = ids[top], counts[top]
        # Most shared trigrams first; ties by id keep the order deterministic.
        return [int(i) for _, i in sorted(zip((-counts).tolist(), ids.tolist(), strict=True))]

    def closest(self, folded_compact: str, key_ids: list[int], *, keep: int) -> list[int]:
        """The ``keep`` keys of ``key_ids`` most similar to the query key, by Indel similarity
        (``nearest`` without the similarities)."""
        return [k for k, _ in self.nearest(folded_compact, key_ids, keep=keep)]

    def nearest(
        self, folded_compact: str, key_ids: list[int], *, keep: int
    ) -> list[tuple[int, float]]:
        """The ``keep`` keys of ``key_ids`` most similar to the query key, each with its Indel
        similarity; all of them, in their order, when there are no more.

        Shared trigrams find candidates; edit similarity (in rapidfuzz's C code, one call for
        all) orders them better, so that the scorer's slower views see only the best few.
        """
        choices = self.fuzzy_keys.take(key_ids)
        if len(key_ids) <= keep:
            return [(k, Indel.normalized_similarity(folded_compact, c))
                    for k, c in zip(key_ids, choices, strict=True)]  # fmt: skip
        best = process.extract(
            folded_compact, choices, scorer=Indel.normalized_similarity, limit=keep
        )
        # extract breaks ties by position, i.e. by trigram rank: deterministic.
        return [(key_ids[i], score) for _, score, i in best]

    def rows_of_keys(self, key_ids: Iterable[int]) -> list[int]:
        return [row for kid in key_ids for row in self.fuzzy_rows[kid]]

    def entity_types(self) -> frozenset[str]:
        """The types of the table's entities (a stage for people and organisations has nothing
        to do on a table of places)."""
        if self._types is None:
            entities = self.entities
            self._types = (
                entities.types() if isinstance(entities, EntityColumns)
                else frozenset(e.type for e in entities)
            )  # fmt: skip
        return self._types

    def initialisms(self, acronym: str) -> list[int]:
        """Rows of organisations' names in Latin letters whose initials are ``acronym`` (lower
        case; ``names.initialisms``: "nato" for North Atlantic Treaty Organization). Built on
        the first call: only an organisation's acronym asks, and most tables list it."""
        if self._initialisms is None:
            found: dict[str, list[int]] = {}
            for e, entity in enumerate(self.entities):
                if entity.type != "ORG":
                    continue
                for r in self.entity_rows[e]:
                    if is_latin(self.rows.names[r]):
                        for initials in initialisms(tuple(self.rows.plain[r].split())):
                            found.setdefault(initials, []).append(r)
            self._initialisms = found
        return self._initialisms.get(acronym, [])
