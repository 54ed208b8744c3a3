"""The Resolver: one construction path, and its bytes (data, never code) round-trip."""

from __future__ import annotations

import pickle

import pytest
import srsly

from entnorm import Match, Resolver, Settings, StateError, load_tables
from entnorm.resolver import FORMAT

from .conftest import DATA

QUERIES = ["Phyongyang", "Pyongyang", "Kaesong", "Atlantis", "Moskva", "P'yŏngyang", ""]


@pytest.fixture(scope="module")
def small() -> Resolver:
    return Resolver.from_yaml([DATA / "small_split" / "kb.yaml"], cache=False)


def answers(resolver: Resolver) -> list[Match | None]:
    return [resolver.resolve(q) for q in QUERIES]


def test_every_construction_path_gives_the_same_answers(small: Resolver) -> None:
    table = load_tables([DATA / "small_split" / "kb.yaml"])
    Resolver.from_yaml([DATA / "small_split" / "kb.yaml"])  # writes the cache entry
    cached = Resolver.from_yaml([DATA / "small_split" / "kb.yaml"])  # reads it
    assert answers(Resolver(table)) == answers(small) == answers(cached)
    assert Resolver(table).settings == small.settings == Settings()


def test_bytes_round_trip_keeps_every_answer_and_setting(small: Resolver) -> None:
    tuned = Resolver(small.table, settings=Settings(threshold=0.8), index=small.index)
    again = Resolver.from_bytes(tuned.to_bytes())
    assert again.settings == tuned.settings
    assert again.table.entities == tuned.table.entities
    assert answers(again) == answers(tuned)
    assert again.index.rows.names == tuned.index.rows.names


def test_a_resolver_pickles_through_its_bytes(small: Resolver) -> None:
    data = pickle.dumps(small)
    # The pickle holds the bytes and the function that reads them, not the index's objects.
    assert len(data) < len(small.to_bytes()) + 200
    assert answers(pickle.loads(data)) == answers(small)


def test_to_disk_and_from_disk(small: Resolver, tmp_path) -> None:
    small.to_disk(tmp_path / "r.bin")
    assert answers(Resolver.from_disk(tmp_path / "r.bin")) == answers(small)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "E401"),
        (b"not msgpack at all \xc1", "E401"),
        (srsly.msgpack_dumps([1, 2, 3]), "E401"),
        (srsly.msgpack_dumps({"format": FORMAT + 1}), "E402"),
        (srsly.msgpack_dumps({"format": FORMAT, "entities": [[1]]}), "E401"),
    ],
    ids=["empty", "garbage", "a-list", "newer-format", "bad-entity"],
)
def test_bytes_that_are_not_a_resolver_are_a_coded_error(data: bytes, code: str) -> None:
    with pytest.raises(StateError) as error:
        Resolver.from_bytes(data, where="here.bin")
    assert error.value.code == code and "here.bin" in str(error.value)


def test_damaged_state_is_refused(small: Resolver) -> None:
    state = srsly.msgpack_loads(small.to_bytes())
    state["index"]["names"] = state["index"]["names"][:-1]
    with pytest.raises(StateError, match="E401"):
        Resolver.from_bytes(srsly.msgpack_dumps(state))
    state = srsly.msgpack_loads(small.to_bytes())
    state["settings"]["no_such_setting"] = 1
    with pytest.raises(StateError, match="E401"):
        Resolver.from_bytes(srsly.msgpack_dumps(state))


def test_lookup_remembers_and_forgets(small: Resolver) -> None:
    assert small.lookup("Phyongyang") == small.resolve("Phyongyang")
    assert small.lookup.cache_info().currsize >= 1  # type: ignore[attr-defined]
    small.clear_cache()
    assert small.lookup.cache_info().currsize == 0  # type: ignore[attr-defined]


def test_keys_saved_under_other_rules_are_made_again(small: Resolver) -> None:
    state = srsly.msgpack_loads(small.to_bytes())
    state["rules"] = "older rules"
    state["index"]["folded"] = ["stale"] * len(state["index"]["folded"])
    again = Resolver.from_bytes(srsly.msgpack_dumps(state))
    assert again.index.rows.folded == small.index.rows.folded
    assert answers(again) == answers(small)
