"""Invariants over arbitrary input, checked with hypothesis."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entnorm import Normalizer

names = st.text(max_size=40) | st.sampled_from(
    ["Mun Chzhe In", "Pkhenyan", "Kim Chen Yn", "Stiven Biegun", "Moskva", "Peking", "USSR"]
)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(name=names, etype=st.none() | st.sampled_from(["PERSON", "GPE", "ORG", "FOO"]))
def test_never_raises_and_is_deterministic(normalizer: Normalizer, name: str, etype) -> None:
    first = normalizer.resolve(name, type=etype)
    assert first == normalizer.resolve(name, type=etype)
    if first is not None:
        assert 0.0 <= first.score <= 1.0


@FAST
@given(name=names)
def test_canonicalize_is_idempotent(normalizer: Normalizer, name: str) -> None:
    once = normalizer.canonicalize(name)
    assert normalizer.canonicalize(once) == once


@FAST
@given(data=st.data())
def test_every_listed_name_resolves_to_its_entity(normalizer: Normalizer, data) -> None:
    entity = data.draw(st.sampled_from(normalizer.table.entities))
    name = data.draw(st.sampled_from(entity.names))
    match = normalizer.resolve(name, type=entity.type)
    assert match is not None and match.entity_id == entity.id, (name, match)
