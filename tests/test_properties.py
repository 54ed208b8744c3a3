"""Invariants over arbitrary input, checked with hypothesis."""

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from entnorm import Normalizer
from entnorm.keys import keys

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
    # A name two entities list is ambiguous by design (see aliases check): NIL is right there.
    assume(not _shared(normalizer, name))
    match = normalizer.resolve(name, type=entity.type)
    assert match is not None and match.entity_id == entity.id, (name, match)


# --- whole texts ----------------------------------------------------------------------------

_TEXT_NORMALIZER = Normalizer(model="none")
pieces = (
    st.text(max_size=12)
    | st.sampled_from(
        ["Mun Chzhe In", "Pkhenyan", "Moon", "Kim", "President", "the", "Seoul's", "US", "us",
         "(KCNA)", "Korean Central News Agency", "Jae-in", "평양", "Пхеньян", "\n\n", "-", ". "]
    )
)  # fmt: skip
texts = st.lists(pieces, max_size=25).map(" ".join) | st.text(max_size=200)


@FAST
@given(text=texts)
def test_mentions_slice_the_input_sorted_and_disjoint(text: str) -> None:
    result = _TEXT_NORMALIZER.normalize(text)
    assert result.original == text
    for m in result.mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
    for a, b in zip(result.mentions, result.mentions[1:], strict=False):
        assert a.end <= b.start
    assert _TEXT_NORMALIZER.normalize(text) == result


@FAST
@given(text=texts)
def test_the_normalized_text_only_changes_resolved_mentions(text: str) -> None:
    result = _TEXT_NORMALIZER.normalize(text)
    rebuilt, last = [], 0
    for m in result.mentions:
        if m.canonical is not None:
            rebuilt += [text[last : m.start], m.canonical]
            last = m.end
    assert result.text == "".join([*rebuilt, text[last:]])
    if not result.resolved:
        assert result.text == text


def _shared(normalizer: Normalizer, name: str) -> bool:
    k = keys(name)
    rows = [*normalizer.index.exact("plain", k.plain_compact)]
    if " " in k.plain:
        rows += normalizer.index.exact("bag", k.bag)
    return len({normalizer.index.rows[r].entity for r in rows}) > 1


@FAST
@given(text=st.text(alphabet=" \n.。ab", max_size=300), length=st.integers(4, 60))
def test_pieces_cut_a_text_into_bounded_slices_that_join_to_it(text: str, length: int) -> None:
    from entnorm.normalizer import pieces

    cut = pieces(text, length)
    assert "".join(piece for _, piece in cut) == text
    for offset, piece in cut:
        assert text[offset : offset + len(piece)] == piece and len(piece) <= length
