"""A user's tables layered over the bundled ones (entnorm.layering): nothing lost, the user wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from entnorm import AliasFileErrors, Entity, Resolver
from entnorm.layering import layer, load_layered

BELOW = (
    Entity("tass", "TASS", "ORG", ("ITAR-TASS",), source="b.yaml:1"),
    Entity("iso3166:UA", "Ukraine", "GPE", ("Ukraina",), wikidata="Q212", source="b.yaml:4"),
    Entity("geonames:1", "Busan", "GPE", ("Pusan",), source="b.yaml:7"),
    Entity("port-a", "Port A", "GPE", ("Harbour Town",), source="b.yaml:10"),
    Entity("port-b", "Port B", "GPE", ("Harbour Town",), source="b.yaml:13"),
    Entity("old-name", "Oldham Works", "ORG", ("Works",), source="b.yaml:16"),
)


def ids(entities) -> list[str]:
    return [e.id for e in entities]


def test_the_same_id_replaces_the_entity_below_and_keeps_its_names() -> None:
    mine = Entity("tass", "TASS", "ORG", ("TASS News Agency",), source="u.yaml:1")
    entities, notes = layer(BELOW, [mine])
    tass = next(e for e in entities if e.id == "tass")
    assert tass.aliases == ("TASS News Agency", "ITAR-TASS") and tass.source == "u.yaml:1"
    assert ids(entities).count("tass") == 1
    assert [(n.kind, n.user_id, n.base_id) for n in notes] == [("same-id", "tass", "tass")]


@pytest.mark.parametrize(
    ("mine", "detail"),
    [
        (Entity("ukraine", "Ukraine", "GPE", (), source="u.yaml:1"), "name and type"),
        (
            Entity("ua", "Ukraine (country)", "GPE", (), wikidata="Q212", source="u.yaml:1"),
            "wikidata Q212",
        ),
        (Entity("geonames:1", "Busan", "GPE", (), source="u.yaml:1"), ""),
    ],
    ids=["name-and-type", "wikidata", "geonames-id"],
)
def test_the_same_entity_under_another_id_is_one_entity(mine: Entity, detail: str) -> None:
    entities, notes = layer(BELOW, [mine])
    assert mine.id in ids(entities) and len(entities) == len(BELOW)
    merged = next(e for e in entities if e.id == mine.id)
    assert merged.name == mine.name
    assert notes[0].detail == detail


def test_a_name_the_user_lists_leaves_the_entity_below() -> None:
    mine = Entity("my-works", "Newham Works", "ORG", ("Works",), source="u.yaml:1")
    entities, notes = layer(BELOW, [mine])
    old = next(e for e in entities if e.id == "old-name")
    assert old.aliases == ()
    assert [(n.kind, n.detail) for n in notes] == [("name-taken", "Works")]
    assert "resolves to 'my-works'" in str(notes[0])


def test_ambiguity_among_the_tables_below_stays() -> None:
    mine = Entity("port-a", "Port A", "GPE", (), source="u.yaml:1")
    entities, _ = layer(BELOW, [mine])
    assert "Harbour Town" in next(e for e in entities if e.id == "port-b").aliases
    assert "Harbour Town" in next(e for e in entities if e.id == "port-a").aliases


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_user_table_with_a_bundled_id_loads_over_the_bundled_tables(tmp_path) -> None:
    table = write(
        tmp_path,
        "mine.yaml",
        """\
entities:
  - id: tass
    name: TASS
    type: ORG
    aliases: [Russian News Agency]
  - id: zorbaville
    name: Zorbaville
    type: GPE
  - id: extra-names
    name: Pyongyang
    type: GPE
    same_as: pyongyang
""",
    )
    resolver = Resolver.from_yaml([table], include_bundled=True, cache=False)
    assert resolver.canonicalize("Russian News Agency") == "TASS"
    assert resolver.canonicalize("ITAR-TASS") == "TASS"  # the bundled entry's name is kept
    assert resolver.canonicalize("Pkhenyan") == "Pyongyang"
    assert resolver.resolve("Zorbaville").entity_id == "zorbaville"
    assert any(n.kind == "same-id" for n in resolver.table.notes)
    Resolver.from_yaml([table], include_bundled=True)  # writes the cache entry
    cached = Resolver.from_yaml([table], include_bundled=True)  # reads it
    assert cached.table.entities == resolver.table.entities


def test_duplicate_ids_within_the_user_tables_are_still_errors(tmp_path) -> None:
    text = "entities:\n  - {id: a, name: A, type: ORG}\n"
    first, second = write(tmp_path, "a.yaml", text), write(tmp_path, "b.yaml", text)
    with pytest.raises(AliasFileErrors, match="E111"):
        load_layered([first, second], base=[write(tmp_path, "base.yaml", "entities: []\n")])


def test_a_name_moves_only_between_entities_of_one_kind() -> None:
    mine = Entity("seoul-fc", "Seoul FC", "ORG", ("Ukraina",), source="u.yaml:1")
    entities, notes = layer(BELOW, [mine])
    assert "Ukraina" in next(e for e in entities if e.id == "iso3166:UA").aliases
    assert notes == ()
