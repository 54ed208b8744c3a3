"""Flat columns for large tables: strings in one buffer, lists of ids in one array.

A Python string costs about fifty bytes before its first letter, and a list of ids eight per id
plus its own header; at a million names that was most of an index's memory. Here a column of
strings is one UTF-8 buffer with offsets, and a column of id lists is one array of ids with
offsets (the CSR layout). Both are plain numpy arrays, so that they can be saved and mapped
from disk as they are, and an item is decoded only when it is read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from itertools import pairwise
from typing import Any, overload

import numpy as np


def _offsets(lengths: Sequence[int]) -> np.ndarray:
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(np.asarray(lengths, dtype=np.int64), out=offsets[1:])
    return offsets


def _covers(offsets: np.ndarray, length: int) -> bool:
    """Whether offsets run from 0 to ``length`` without going back."""
    return (
        offsets.ndim == 1 and len(offsets) >= 1 and offsets[0] == 0 and offsets[-1] == length
        and bool(np.all(offsets[1:] >= offsets[:-1]))
    )  # fmt: skip


def int_view(array: np.ndarray, dtype: type | None = None) -> memoryview:
    """An integer array (as ``dtype``, when given) as a memoryview of Python ints: read at C
    speed, where indexing a numpy array costs a numpy scalar per read."""
    array = np.ascontiguousarray(array, dtype=dtype)
    return memoryview(array).cast("B").cast(array.dtype.char)


def item_index(i: int, n: int) -> int:
    """``i`` as an index into a sequence of ``n`` items, counted from the end when negative;
    IndexError past either end (which also ends iteration by ``__getitem__``)."""
    if i < 0:
        i += n
    if not 0 <= i < n:
        raise IndexError(i)
    return i


class StringColumn(Sequence[str]):
    """Strings stored as one UTF-8 buffer (``data``) and ``len + 1`` offsets into it."""

    __slots__ = ("_n", "_offsets", "_view", "data", "offsets")

    def __init__(self, data: np.ndarray, offsets: np.ndarray) -> None:
        if not _covers(offsets, len(data)):
            raise ValueError("the offsets do not cover the string buffer")
        self.data = data
        self.offsets = offsets
        # Reading through memoryviews gives Python ints and bytes at C speed; indexing the
        # numpy arrays themselves costs a numpy scalar per read.
        self._view = memoryview(data) if len(data) else memoryview(b"")
        self._offsets = int_view(offsets, np.int64)
        self._n = len(offsets) - 1

    @classmethod
    def of(cls, strings: Iterable[str]) -> StringColumn:
        # A table may hold a lone surrogate (YAML reads "\ud800"): stored, not refused.
        encoded = [s.encode("utf-8", "surrogatepass") for s in strings]
        data = np.frombuffer(b"".join(encoded), dtype=np.uint8)
        return cls(data, _offsets([len(b) for b in encoded]))

    def __len__(self) -> int:
        return self._n

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._n))]
        i = item_index(i, self._n)
        return str(self._view[self._offsets[i] : self._offsets[i + 1]], "utf-8", "surrogatepass")

    def __iter__(self) -> Iterator[str]:
        view = self._view
        for start, end in pairwise(self.offsets.tolist()):
            yield str(view[start:end], "utf-8", "surrogatepass")

    def take(self, indices: Sequence[int]) -> list[str]:
        """The strings at ``indices`` (each in range), read in one loop: a query reads dozens."""
        view, offsets = self._view, self._offsets
        return [str(view[offsets[i] : offsets[i + 1]], "utf-8", "surrogatepass") for i in indices]

    def __reduce__(self) -> tuple[Any, ...]:
        # A memoryview does not pickle; the arrays do.
        return StringColumn, (self.data, self.offsets)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StringColumn):
            return NotImplemented
        return np.array_equal(self.offsets, other.offsets) and np.array_equal(self.data, other.data)

    __hash__ = None  # type: ignore[assignment]


class StringLists(Sequence[tuple[str, ...]]):
    """Lists of strings: every item in one ``StringColumn`` (``items``), and ``len + 1``
    offsets of each list's first item."""

    __slots__ = ("_offsets", "items", "offsets")

    def __init__(self, items: StringColumn, offsets: np.ndarray) -> None:
        if not _covers(offsets, len(items)):
            raise ValueError("the offsets do not cover the list items")
        self.items = items
        self.offsets = offsets
        self._offsets = int_view(offsets, np.int64)

    @classmethod
    def of(cls, lists: Sequence[Sequence[str]]) -> StringLists:
        items = StringColumn.of(s for strings in lists for s in strings)
        return cls(items, _offsets([len(strings) for strings in lists]))

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @overload
    def __getitem__(self, i: int) -> tuple[str, ...]: ...
    @overload
    def __getitem__(self, i: slice) -> list[tuple[str, ...]]: ...
    def __getitem__(self, i: int | slice) -> tuple[str, ...] | list[tuple[str, ...]]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = item_index(i, len(self))
        return tuple(self.items.take(range(self._offsets[i], self._offsets[i + 1])))

    def __reduce__(self) -> tuple[Any, ...]:
        return StringLists, (self.items, self.offsets)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StringLists):
            return NotImplemented
        return np.array_equal(self.offsets, other.offsets) and self.items == other.items

    __hash__ = None  # type: ignore[assignment]


class IdLists(Sequence[list[int]]):
    """Lists of integer ids stored as one ``values`` array and ``len + 1`` offsets into it."""

    __slots__ = ("_offsets", "_values", "offsets", "values")

    def __init__(self, values: np.ndarray, offsets: np.ndarray) -> None:
        if not _covers(offsets, len(values)):
            raise ValueError("the offsets do not cover the id array")
        self.values = values
        self.offsets = offsets
        self._values = int_view(values, np.int32)
        self._offsets = int_view(offsets, np.int64)

    @classmethod
    def of(cls, lists: Sequence[Sequence[int]]) -> IdLists:
        values = np.fromiter((i for ids in lists for i in ids), dtype=np.int32)
        return cls(values, _offsets([len(ids) for ids in lists]))

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @overload
    def __getitem__(self, i: int) -> list[int]: ...
    @overload
    def __getitem__(self, i: slice) -> list[list[int]]: ...
    def __getitem__(self, i: int | slice) -> list[int] | list[list[int]]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = item_index(i, len(self))
        return self._values[self._offsets[i] : self._offsets[i + 1]].tolist()

    def __reduce__(self) -> tuple[Any, ...]:
        return IdLists, (self.values, self.offsets)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, IdLists):
            return NotImplemented
        return np.array_equal(self.offsets, other.offsets) and np.array_equal(
            self.values, other.values
        )

    __hash__ = None  # type: ignore[assignment]


def key_hash(key: str) -> int:
    """A 64-bit hash of a key, the same in every process (``hash`` is salted per process, and a
    saved index must find its keys again)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


class KeyLookup:
    """A multimap from string keys to ids as two arrays sorted by the keys' 64-bit hashes: 12
    bytes an entry, where a dict of lists cost over a hundred. Two keys may share a hash, so
    ``get`` can return ids of another key: callers compare the key they stored."""

    __slots__ = ("_hashes", "_ids", "hashes", "ids")

    def __init__(self, hashes: np.ndarray, ids: np.ndarray) -> None:
        if hashes.shape != ids.shape:
            raise ValueError("a key lookup's hashes and ids differ in length")
        self.hashes = hashes
        self.ids = ids
        self._hashes = int_view(hashes, np.uint64)
        self._ids = int_view(ids, np.int32)

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, int]]) -> KeyLookup:
        keys, ids = [], []
        for key, i in pairs:
            keys.append(key_hash(key))
            ids.append(i)
        hashes = np.array(keys, dtype=np.uint64)
        # Stable: the ids of one key stay in the order they came (row order).
        order = np.argsort(hashes, kind="stable")
        return cls(hashes[order], np.array(ids, dtype=np.int32)[order])

    def get(self, key: str) -> list[int]:
        h = key_hash(key)
        i = int(self.hashes.searchsorted(np.uint64(h)))
        hashes, ids, found = self._hashes, self._ids, []
        # A key has a few entries at most: read on from the first, in Python ints.
        while i < len(hashes) and hashes[i] == h:
            found.append(ids[i])
            i += 1
        return found

    def __reduce__(self) -> tuple[Any, ...]:
        return KeyLookup, (self.hashes, self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, KeyLookup):
            return NotImplemented
        return np.array_equal(self.hashes, other.hashes) and np.array_equal(self.ids, other.ids)

    __hash__ = None  # type: ignore[assignment]
