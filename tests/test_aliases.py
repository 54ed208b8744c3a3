import pickle
from pathlib import Path

import numpy as np
import pytest

from entnorm import AliasFileErrors, AliasTable, Entity, Normalizer, SettingsError, load_tables
from entnorm.aliases import EntityColumns, bundled_paths, check_tables

from .conftest import DATA

BAD = DATA / "bad"


@pytest.mark.parametrize(
    ("fixture", "code", "line", "says"),
    [
        ("not_mapping.yaml", "E103", 1, "top level must be a mapping"),
        ("syntax.yaml", "E102", 4, "not valid YAML"),
        ("unknown_top.yaml", "E104", 2, "'entitys'"),
        ("entities_not_list.yaml", "E105", 2, "list of mappings"),
        ("entity_not_mapping.yaml", "E106", 2, "found str 'Moon Jae-in'"),
        ("missing_field.yaml", "E107", 2, "'type'"),
        ("unknown_field.yaml", "E108", 5, "'alias'"),
        ("wrong_type.yaml", "E109", 2, "must be a string, found int '42'"),
        ("empty_name.yaml", "E110", 3, "'name' must not be empty"),
        ("duplicate_id.yaml", "E111", 5, "duplicate id 'a'"),
        ("duplicate_field.yaml", "E112", 4, "'name' appears twice"),
        ("unknown_entity_type.yaml", "E113", 4, "'CITY'"),
        ("bad_wikidata.yaml", "E114", 5, "'12345'"),
        ("aliases_not_list.yaml", "E109", 5, "must be a list"),
    ],
    ids=lambda v: v if isinstance(v, str) and v.endswith(".yaml") else "",
)
def test_bad_file_gives_code_file_and_line(fixture: str, code: str, line: int, says: str) -> None:
    path = BAD / fixture
    with pytest.raises(AliasFileErrors) as info:
        load_tables([path])
    errors = info.value.errors
    assert [e.code for e in errors] == [code]
    assert errors[0].line == line
    assert errors[0].path == str(path)
    assert says in str(errors[0])
    assert str(errors[0]).startswith(f"{path}:{line}: {code}")


def test_non_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(
        "entities:\n  - id: a\n    name: Jos\xe9\n    type: PERSON\n".encode("latin-1")
    )
    (error,) = check_tables([path])
    assert (error.code, error.line) == ("E101", 3)
    assert "not valid UTF-8" in str(error)


def test_missing_file_is_reported(tmp_path: Path) -> None:
    (error,) = check_tables([tmp_path / "nope.yaml"])
    assert error.code == "E115"


def test_duplicate_id_across_files_names_the_first(tmp_path: Path) -> None:
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("entities:\n  - {id: x, name: Ex, type: ORG}\n", encoding="utf-8")
    b.write_text("entities:\n\n  - {id: x, name: Ex Two, type: ORG}\n", encoding="utf-8")
    (error,) = check_tables([a, b])
    assert (error.code, error.path, error.line) == ("E111", str(b), 3)
    assert f"{a}:2" in error.message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(
        "entities:\n  - {id: a, name: A}\n  - {id: b, name: B, type: NOPE}\n", encoding="utf-8"
    )
    assert [e.code for e in check_tables([path])] == ["E107", "E113"]


def test_empty_file_and_empty_list_are_empty_tables(tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    (tmp_path / "none.yaml").write_text("entities:\n", encoding="utf-8")
    assert len(load_tables([tmp_path / "empty.yaml", tmp_path / "none.yaml"])) == 0


def test_yaml_tags_are_not_executed(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text("entities: !!python/object/apply:os.system ['true']\n", encoding="utf-8")
    (error,) = check_tables([path])
    assert (error.code, error.line) == ("E116", 1)
    assert "python/object/apply:os.system" in error.message


def test_entity_fields_and_dedup() -> None:
    table = load_tables([DATA / "small_split" / "kb.yaml"])
    busan = table.get("busan")
    assert busan == Entity("busan", "Busan", "GPE", ("Pusan", "부산"))
    assert busan.names == ("Busan", "Pusan", "부산")
    assert busan.source.endswith("kb.yaml:6")


def test_bundled_tables_are_valid_and_split_by_domain() -> None:
    paths = bundled_paths()
    assert {p.name for p in paths} >= {"people.yaml", "places.yaml", "organizations.yaml"}
    assert check_tables(paths) == []


def test_shared_alias_is_ambiguous_not_resolved_by_chance() -> None:
    n = Normalizer([DATA / "ambiguous.yaml"])
    assert n.resolve("Washington") is None
    # Still two GPE candidates:
    assert n.resolve("Washington", type="GPE") is None
    person = n.resolve("Washington", type="PERSON")
    assert person is not None and person.entity_id == "george-washington"
    # A canonical name outranks another entity's alias.
    assert n.resolve("Washington, D.C.").entity_id == "washington-dc"


def test_a_single_path_is_refused() -> None:
    with pytest.raises(SettingsError) as error:
        Normalizer(DATA / "ambiguous.yaml")  # type: ignore[arg-type]
    assert error.value.code == "E504"


def test_same_as_adds_names_to_an_entity_of_another_file(tmp_path) -> None:
    curated = tmp_path / "curated.yaml"
    curated.write_text("entities:\n  - {id: pyongyang, name: Pyongyang, type: GPE, "
                       "aliases: [평양]}\n", encoding="utf-8")  # fmt: skip
    imported = tmp_path / "imported.yaml"
    imported.write_text(
        "entities:\n"
        "  - {id: 'geonames:1871859', name: Pyongyang, type: GPE, same_as: pyongyang,\n"
        "     aliases: [Pchjongjang, 평양]}\n"
        "  - {id: 'geonames:1', name: Nowhere, type: GPE, same_as: no-such-id}\n",
        encoding="utf-8",
    )
    with pytest.raises(AliasFileErrors) as info:
        load_tables([curated, imported])
    [error] = info.value.errors
    assert (error.code, error.line) == ("E117", 4)
    imported.write_text(imported.read_text("utf-8").rsplit("  - {id: 'geonames:1',", 1)[0],
                        encoding="utf-8")  # fmt: skip
    [entity] = load_tables([curated, imported]).entities
    assert (entity.id, entity.aliases) == ("pyongyang", ("평양", "Pchjongjang"))


def test_exact_aliases_match_as_written_but_never_fuzzily(tmp_path) -> None:
    table = tmp_path / "t.yaml"
    table.write_text(
        "entities:\n"
        "  - id: hungary\n"
        "    name: Hungary\n"
        "    type: GPE\n"
        "    aliases: [Magyarország]\n"
        "    exact_aliases: [Ungheria, Hongrie, Hungary, Magyarország]\n"
        "  - {id: punggye-ri, name: Punggye-ri, type: FAC, aliases: [Пхунгери]}\n",
        encoding="utf-8",
    )
    [hungary, _] = load_tables([table]).entities
    # The canonical name and the plain aliases are not repeated as exact aliases.
    assert hungary.exact_aliases == ("Ungheria", "Hongrie")
    assert hungary.names == ("Hungary", "Magyarország", "Ungheria", "Hongrie")
    n = Normalizer([table], model="none")
    assert n.resolve("ungheria").method == "alias"
    assert n.resolve("Ungherria") is None  # an exact alias is no fuzzy candidate
    assert n.canonicalize("Magyarorszag") == "Hungary"
    # Nor does it compete with another entity's variants.
    assert n.canonicalize("Punheri") == "Punggye-ri"
    assert [m.canonical for m in n.normalize("Ungheria and Hongrie").mentions] == ["Hungary"] * 2


def test_an_exact_alias_in_another_script_matches_that_script_only(tmp_path) -> None:
    # Malayalam for Senegal reads "seng" in Latin letters, a syllable of Chinese names.
    table = tmp_path / "t.yaml"
    table.write_text(
        "entities:\n"
        "  - {id: sn, name: Senegal, type: GPE, exact_aliases: [\u0d38\u0d46\u0d28\u0d17\u0d7d]}\n",
        encoding="utf-8",
    )
    n = Normalizer([table], model="none")
    assert n.resolve("\u0d38\u0d46\u0d28\u0d17\u0d7d").canonical == "Senegal"
    assert n.resolve("Seng") is None


def test_exact_aliases_must_be_a_list_of_strings(tmp_path) -> None:
    table = tmp_path / "t.yaml"
    table.write_text("entities:\n  - {id: a, name: A, type: GPE, exact_aliases: Ay}\n", "utf-8")
    [error] = check_tables([table])
    assert error.code == "E109" and "'exact_aliases' must be a list" in error.message


def test_same_as_keeps_exact_aliases_exact(tmp_path) -> None:
    curated = tmp_path / "curated.yaml"
    curated.write_text("entities:\n  - {id: hu, name: Hungary, type: GPE, aliases: [Ungarn]}\n",
                       encoding="utf-8")  # fmt: skip
    imported = tmp_path / "imported.yaml"
    imported.write_text(
        "entities:\n  - {id: 'iso3166:HU', name: Hungary, type: GPE, same_as: hu,\n"
        "     aliases: [Magyarország], exact_aliases: [Ungheria, Ungarn]}\n",
        encoding="utf-8",
    )
    [entity] = load_tables([curated, imported]).entities
    assert entity.aliases == ("Ungarn", "Magyarország")
    assert entity.exact_aliases == ("Ungheria",)


def test_shared_names_must_be_a_list_of_names(tmp_path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("entities: []\nshared_names: Harbour\n", encoding="utf-8")
    assert [e.code for e in check_tables([path])] == ["E109"]
    path.write_text("entities: []\nshared_names: [Harbour, Port]\n", encoding="utf-8")
    assert load_tables([path]).shared_names == ("Harbour", "Port")


def test_an_entity_row_round_trips_and_a_bad_one_is_refused() -> None:
    from entnorm.aliases import Entity, entity_from_row, entity_row

    entity = Entity("kyiv", "Kyiv", "GPE", ("Kiev", "Київ"), "Q1899", "t.yaml:3",
                    exact_aliases=("Kijów",))  # fmt: skip
    assert entity_from_row(entity_row(entity)) == entity
    row = entity_row(entity)
    for field, bad in ((3, "Kiev"), (3, ["Kiev", 7]), (0, 5), (6, None), (5, 12), (4, 12)):
        broken = list(row)
        broken[field] = bad
        with pytest.raises(TypeError):
            entity_from_row(broken)
    with pytest.raises(ValueError):
        entity_from_row(row[:-1])


ENTITIES = (
    Entity("moon", "Moon Jae-in", "PERSON", ("문재인", "Mun Jae-in"), "Q21001", "t.yaml:2",
           exact_aliases=("Moon",)),
    Entity("kaesong", "Kaesong", "GPE", (), None, "t.yaml:9"),
    Entity("empty", "\ud800", "ORG", ("",)),
)  # fmt: skip


def test_entity_columns_read_back_every_entity() -> None:
    columns = EntityColumns.of(ENTITIES)
    assert len(columns) == 3 and list(columns) == list(ENTITIES)
    assert columns == ENTITIES and ENTITIES == columns  # noqa: SIM300 (both sides)
    assert columns[-1] == ENTITIES[-1]
    assert columns[0].wikidata == "Q21001" and columns[1].wikidata is None
    assert columns[0].source == "t.yaml:2" and columns[0].exact_aliases == ("Moon",)
    assert [columns.position(e.id) for e in ENTITIES] == [0, 1, 2]
    assert columns.position("nobody") is None
    assert EntityColumns(columns.to_arrays()) == columns
    assert pickle.loads(pickle.dumps(columns)) == columns
    with pytest.raises(IndexError):
        columns[3]


def test_a_table_of_entity_columns_answers_as_one_of_a_tuple() -> None:
    columns, plain = AliasTable(EntityColumns.of(ENTITIES)), AliasTable(ENTITIES)
    assert columns == plain
    for table in (columns, plain):
        assert table.get("kaesong") == ENTITIES[1] and table.get("nobody") is None
        assert dict(table.positions) == {"moon": 0, "kaesong": 1, "empty": 2}
        assert table.alias_count == 7


def test_entity_columns_that_do_not_fit_together_are_refused() -> None:
    arrays = EntityColumns.of(ENTITIES).to_arrays()
    shorter = EntityColumns.of(ENTITIES[:2]).to_arrays()
    with pytest.raises(ValueError, match="differ in length"):
        EntityColumns({**arrays, "entity_type": shorter["entity_type"],
                       "entity_type_at": shorter["entity_type_at"]})  # fmt: skip
    with pytest.raises(ValueError, match="points past"):
        EntityColumns({**arrays, "entity_id_rows": np.array([0, 1, 5], dtype=np.int32)})
