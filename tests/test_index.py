"""The candidate index (entnorm.index): exact lookups, trigram candidates, its saved state."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from entnorm import AliasTable, Entity
from entnorm.index import Index, trigrams
from entnorm.keys import keys

TABLE = AliasTable((
    Entity("pyongyang", "Pyongyang", "GPE", ("P'yŏngyang", "Pkhenyan"),
           exact_aliases=("Pjöngjang",)),
    Entity("busan", "Busan", "GPE", ("Pusan",)),
    Entity("action-plan", "Joint Comprehensive Plan of Action", "LAW", ("JCPOA",)),
    Entity("dots", "Dots", "ORG", ("...",)),
))  # fmt: skip


@pytest.fixture(scope="module")
def index() -> Index:
    return Index(TABLE)


def names(index: Index, rows: list[int]) -> list[str]:
    return [index.rows[r].name for r in rows]


def test_exact_views(index: Index) -> None:
    assert names(index, index.exact("plain", keys("pyongyang").plain_compact)) == [
        "Pyongyang", "P'yŏngyang"]  # fmt: skip
    assert names(index, index.exact("folded", keys("Pusan").folded_compact)) == ["Busan", "Pusan"]
    bag = keys("Plan of Action Joint Comprehensive").bag
    assert names(index, index.exact("bag", bag)) == ["Joint Comprehensive Plan of Action"]
    assert index.exact("plain", "atlantis") == []


def test_exact_aliases_are_found_exactly_only(index: Index) -> None:
    row = index.exact("plain", keys("Pjöngjang").plain_compact)
    assert names(index, row) == ["Pjöngjang"] and index.rows[row[0]].exact_only
    assert row[0] not in index.entity_rows[index.position["pyongyang"]]
    assert index.fuzzy_names == sum(len(rows) for rows in index.entity_rows) == 8


def test_a_name_of_punctuation_only_is_left_out(index: Index) -> None:
    assert "..." not in index.rows.names
    assert names(index, index.entity_rows[index.position["dots"]]) == ["Dots"]


def test_candidates_share_trigrams_and_are_bounded(index: Index) -> None:
    query = keys("Pkhenjan").folded_compact
    found = index.candidates(query, limit=2)
    assert len(found) <= 2
    entities = {index.rows[r].entity for r in index.rows_of_keys(found)}
    assert entities == {index.position["pyongyang"]}
    assert index.candidates("zzzzqqq") == []
    closest = index.closest(query, index.candidates(query), keep=1)
    assert len(closest) == 1


def test_trigrams_are_padded() -> None:
    assert trigrams("ab") == ["^ab", "ab$"]


def test_the_state_rebuilds_the_same_lookups(index: Index) -> None:
    again = Index.from_state(TABLE.entities, index.to_state())
    for view in ("by_plain", "by_folded", "by_bag"):
        assert getattr(again, view) == getattr(index, view)
    assert again.entity_rows == index.entity_rows
    assert again.fuzzy_keys == index.fuzzy_keys
    assert [again.rows[r].keys for r in range(len(again.rows))] == [
        index.rows[r].keys for r in range(len(index.rows))]  # fmt: skip
    query = keys("Pkhenjan").folded_compact
    assert again.candidates(query) == index.candidates(query)


def test_state_with_columns_of_different_lengths_is_refused(index: Index) -> None:
    state = index.to_state()
    state["plain"] = state["plain"][:-1]
    with pytest.raises(ValueError, match="differ in length"):
        Index.from_state(TABLE.entities, state)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_candidates_never_raise_and_are_deterministic(index: Index, text: str) -> None:
    key = keys(text).folded_compact
    first = index.candidates(key, limit=3)
    assert first == index.candidates(key, limit=3) and len(first) <= 3


@pytest.mark.parametrize(
    ("name", "acronyms"),
    [("Организация Объединённых Наций", ["OON"]), ("Служба безпеки України", ["SBU"]),
     ("Министерство иностранных дел", ["MID"]), ("Harbour Authority", []), ("МИД", [])],
)  # fmt: skip
def test_acronyms_of_native_script_names(name: str, acronyms: list[str]) -> None:
    from entnorm.index import native_acronyms

    assert native_acronyms(Entity("x", "X", "ORG", (name,))) == acronyms
    assert native_acronyms(Entity("x", "X", "GPE", (name,))) == []


def test_an_acronym_of_a_native_name_is_found_as_written_in_capitals() -> None:
    from entnorm import Normalizer, Resolver

    table = AliasTable((Entity("sbu", "Security Service of Ukraine", "ORG",
                               ("Служба безпеки України",)),))  # fmt: skip
    resolver = Resolver(table)
    assert resolver.canonicalize("SBU") == "Security Service of Ukraine"
    n = Normalizer.from_resolver(resolver, model="none")
    assert [m.canonical for m in n.normalize("The SBU said so.").mentions] == [
        "Security Service of Ukraine"]  # fmt: skip
    assert [m.canonical for m in n.normalize("The sbu said so.").mentions] == []


def test_state_saved_before_the_flags_were_kept_still_loads(index: Index) -> None:
    state = dict(index.to_state())
    del state["flags"]
    again = Index.from_state(TABLE.entities, state)
    assert np.array_equal(again.rows.flags, index.rows.flags)
