"""Growing tables: aliases suggest, aliases merge, and the warnings of aliases check."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from entnorm import AliasFileErrors, EntnormError
from entnorm.cli import main

DOMAIN = """\
# My domain: Central Asian officials.
entities:
  # The minister, as the ministry spells her.
  - id: aigerim-dzhaksybekova
    name: Aigerim Dzhaksybekova
    type: PERSON
    aliases: [Aigerim Jaksybekova]
"""
SENTENCES = [
    "Reporters asked {n} about the budget.",
    "According to officials, {n} will travel abroad.",
    "On Monday the delegation met {n} in the capital.",
]
UNKNOWN = ["Zhanbolat Nurgaliev"] * 4 + ["Zhanbolat Nurgaliyev"] * 3 + ["Janbolat Nurgaliev"] * 2
KNOWN = ["Aigerym Jaksybekava"] * 2 + ["Aigerim Zhaksybek"] * 2


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    (tmp_path / "domain.yaml").write_text(DOMAIN, encoding="utf-8")
    rng = random.Random(0)
    with (tmp_path / "corpus.jsonl").open("w", encoding="utf-8") as f:
        for i, name in enumerate(UNKNOWN + KNOWN):
            f.write(json.dumps({"id": i, "text": rng.choice(SENTENCES).format(n=name)}) + "\n")
    return tmp_path


def suggest_cli(ws: Path) -> dict:
    args = ["aliases", "suggest", str(ws / "corpus.jsonl"), "-o", str(ws / "s.yaml"),
            "--aliases", str(ws / "domain.yaml"), "--model", "none"]  # fmt: skip
    assert main(args) == 0
    return YAML(typ="safe").load((ws / "s.yaml").read_text("utf-8"))


def test_suggest_proposes_a_new_entity_and_new_aliases_of_a_known_one(workspace):
    s = suggest_cli(workspace)
    [entity] = s["new_entities"]
    assert entity["name"] == "Zhanbolat Nurgaliev"
    assert sorted(entity["aliases"]) == ["Janbolat Nurgaliev", "Zhanbolat Nurgaliyev"]
    assert sum(entity["counts"].values()) == len(UNKNOWN)
    assert "[" in entity["example"] and "]" in entity["example"]
    aliases = {a["alias"]: a for a in s["new_aliases"]}
    assert set(aliases) == {"Aigerym Jaksybekava", "Aigerim Zhaksybek"}
    assert {a["entity"] for a in aliases.values()} == {"aigerim-dzhaksybekova"}
    assert all(0 < a["score"] < 0.92 and a["count"] == 2 for a in aliases.values())
    header = (workspace / "s.yaml").read_text("utf-8").splitlines()[0]
    assert header.startswith("# Suggestions from: entnorm aliases suggest ")


def test_merge_keeps_comments_and_order_and_then_everything_resolves(workspace):
    suggest_cli(workspace)
    table = workspace / "domain.yaml"
    assert main(["aliases", "merge", str(workspace / "s.yaml"), str(table)]) == 0
    text = table.read_text("utf-8")
    assert text.startswith("# My domain: Central Asian officials.\n")
    assert "# The minister, as the ministry spells her." in text
    assert text.index("aigerim-dzhaksybekova") < text.index("zhanbolat-nurgaliev")
    assert "counts" not in text and "example" not in text
    out = workspace / "out.jsonl"
    args = ["normalize", str(workspace / "corpus.jsonl"), "-o", str(out), "--aliases", str(table),
            "--model", "none", "--quiet"]  # fmt: skip
    assert main(args) == 0
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    for name, row in zip(UNKNOWN + KNOWN, rows, strict=True):
        expected = "Zhanbolat Nurgaliev" if name in UNKNOWN else "Aigerim Dzhaksybekova"
        assert [(m["text"], m["canonical"]) for m in row["mentions"]] == [(name, expected)]
    # Merging the same suggestions again adds no duplicate aliases; the new entity's id clashes.
    with pytest.raises(AliasFileErrors, match="E111"):
        from entnorm.suggest import merge

        merge(workspace / "s.yaml", table)
    assert table.read_text("utf-8") == text


def test_merge_refuses_aliases_of_entities_the_file_does_not_define(workspace, tmp_path):
    suggest_cli(workspace)
    other = tmp_path / "other.yaml"
    other.write_text("entities: []\n", encoding="utf-8")
    from entnorm.suggest import merge

    with pytest.raises(EntnormError, match="aigerim-dzhaksybekova"):
        merge(workspace / "s.yaml", other)
    assert other.read_text("utf-8") == "entities: []\n"


def test_check_warns_of_shared_names_hidden_collisions_and_missing_aliases(tmp_path, capsys):
    table = tmp_path / "t.yaml"
    table.write_text(
        "entities:\n"
        "  - {id: a, name: Washington, type: GPE, aliases: [Washington DC]}\n"
        "  - {id: b, name: George Washington, type: PERSON, aliases: [Washington]}\n"
        "  - {id: c, name: Suzhou, type: GPE, aliases: [Soochow]}\n"
        "  - {id: d, name: Xuzhou, type: GPE}\n",
        encoding="utf-8",
    )
    assert main(["aliases", "check", str(table)]) == 0
    err = capsys.readouterr()
    assert f"{table}:5: 'd' has no aliases" in err.err
    assert "the name 'washington' is listed by a, b" in err.err
    assert "names of c, d fold to the same key" in err.err
    assert "3 warning(s)" in err.out


def test_check_counts_exact_aliases_but_not_their_folded_keys(tmp_path, capsys):
    table = tmp_path / "t.yaml"
    table.write_text(
        "entities:\n"
        "  - {id: c, name: Suzhou, type: GPE, exact_aliases: [Soochow]}\n"
        "  - {id: d, name: Hsuchow, type: GPE, exact_aliases: [Süchow]}\n",
        encoding="utf-8",
    )
    assert main(["aliases", "check", str(table)]) == 0
    err = capsys.readouterr()
    # Each has names; exact aliases never meet the fuzzy stage, so folding cannot confuse them.
    assert "warning" not in err.err and "warning(s)" not in err.out
