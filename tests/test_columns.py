"""Flat columns (entnorm.columns): strings and id lists read back as they were stored."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from entnorm.columns import IdLists, KeyLookup, StringColumn, StringLists, key_hash


@given(st.lists(st.text(st.characters(codec=None, exclude_categories=()))))
def test_a_string_column_reads_back_every_string(strings: list[str]) -> None:
    column = StringColumn.of(strings)
    assert len(column) == len(strings)
    assert list(column) == strings
    assert [column[i] for i in range(len(strings))] == strings
    assert column[:] == strings
    backwards = list(range(len(strings)))[::-1]
    assert column.take(backwards) == [strings[i] for i in backwards]
    if strings:
        assert column[-1] == strings[-1]
    assert pickle.loads(pickle.dumps(column)) == column


@given(st.lists(st.lists(st.integers(min_value=0, max_value=2**31 - 1))))
def test_id_lists_read_back_every_list(lists: list[list[int]]) -> None:
    column = IdLists.of(lists)
    assert len(column) == len(lists)
    assert [column[i] for i in range(len(lists))] == lists
    assert pickle.loads(pickle.dumps(column)) == column


@given(st.lists(st.lists(st.text(max_size=5), max_size=4)))
def test_string_lists_read_back_every_list(lists: list[list[str]]) -> None:
    column = StringLists.of(lists)
    assert len(column) == len(lists)
    assert list(column) == [tuple(strings) for strings in lists]
    assert pickle.loads(pickle.dumps(column)) == column


def test_reading_past_the_end_raises_index_error() -> None:
    column, ids, lists = (
        StringColumn.of(["a", "b"]),
        IdLists.of([[1], []]),
        StringLists.of([[], ["a"]]),
    )
    for seq in (column, ids, lists):
        with pytest.raises(IndexError):
            seq[2]
        with pytest.raises(IndexError):
            seq[-3]


def test_offsets_that_do_not_cover_the_buffer_are_refused() -> None:
    with pytest.raises(ValueError, match="offsets"):
        StringColumn(np.frombuffer(b"abc", dtype=np.uint8), np.array([0, 2], dtype=np.int64))
    with pytest.raises(ValueError, match="offsets"):
        IdLists(np.array([1, 2], dtype=np.int32), np.array([1, 2], dtype=np.int64))
    with pytest.raises(ValueError, match="offsets"):  # going back
        StringColumn(np.frombuffer(b"abc", dtype=np.uint8), np.array([0, 2, 1, 3]))
    with pytest.raises(ValueError, match="offsets"):
        StringLists(StringColumn.of(["a", "b"]), np.array([0, 3], dtype=np.int64))


@given(st.lists(st.tuples(st.text(max_size=4), st.integers(0, 1000))))
def test_a_key_lookup_answers_as_a_dict_of_lists(pairs: list[tuple[str, int]]) -> None:
    expected: dict[str, list[int]] = {}
    for key, i in pairs:
        expected.setdefault(key, []).append(i)
    lookup = KeyLookup.of(pairs)
    assert len(lookup) == len(pairs)
    for key, ids in expected.items():
        assert lookup.get(key) == ids
    assert lookup.get("\0absent") == [] or "\0absent" in expected


def test_key_hashes_are_the_same_in_every_process() -> None:
    # A saved index finds its keys again only if the hash is not salted per process.
    assert key_hash("pyongyang") == 0x9BB9D166B56F6B7A
