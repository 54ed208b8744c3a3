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


def suggest_cli(ws: Path, corpus: str = "corpus.jsonl", out: str = "s.yaml", *extra: str) -> dict:
    """``aliases suggest`` over ``ws/corpus`` with ``ws/domain.yaml``, without a model."""
    args = ["aliases", "suggest", str(ws / corpus), "-o", str(ws / out),
            "--aliases", str(ws / "domain.yaml"), "--model", "none", *extra]  # fmt: skip
    assert main(args) == 0
    return YAML(typ="safe").load((ws / out).read_text("utf-8"))


def test_suggest_proposes_a_new_entity_and_new_aliases_of_a_known_one(workspace):
    s = suggest_cli(workspace)
    [entity] = s["new_entities"]
    assert entity["name"] == "Zhanbolat Nurgaliev"
    assert sorted(entity["aliases"]) == ["Janbolat Nurgaliev", "Zhanbolat Nurgaliyev"]
    assert sum(entity["counts"].values()) == len(UNKNOWN)
    # Up to three contexts, each with its document.
    assert 0 < len(entity["contexts"]) <= 3
    assert all("[" in c["text"] and "]" in c["text"] for c in entity["contexts"])
    aliases = {a["alias"]: a for a in s["new_aliases"]}
    assert set(aliases) == {"Aigerym Jaksybekava", "Aigerim Zhaksybek"}
    assert {a["entity"] for a in aliases.values()} == {"aigerim-dzhaksybekova"}
    assert all(a["kind"] == "alias" and a["how"] in ("fuzzy", "transliteration", "parts")
               for a in aliases.values())  # fmt: skip
    # The listed name each matched, and the view that compared them best.
    assert all(a["matched"] in ("Aigerim Dzhaksybekova", "Aigerim Jaksybekova")
               for a in aliases.values())  # fmt: skip
    # A scored spelling has its best view and a calibrated confidence; one the name parts
    # matched lists how each part agreed, and no split calibrates it.
    for a in aliases.values():
        assert a["count"] == 2
        if a["how"] == "parts":
            assert a["confidence"] is None and any(": typo" in p for p in a["parts"])
        else:
            assert " ~ " in a["view"] and 0 < a["confidence"] <= 1
    # Most confident first.
    confidences = [a["confidence"] or 0.0 for a in s["new_aliases"]]
    assert confidences == sorted(confidences, reverse=True)
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


@pytest.mark.parametrize(
    ("name", "label", "model", "can"),
    [
        ("Zhanbolat Nurgaliev", "PERSON", True, True),
        ("Zhanbolat Nurgaliev", None, False, True),
        ("Nurgaliev", None, False, False),  # one word without a model's word for it
        ("Nurgaliev", "NORP", True, False),  # a group of people
        ("Nurgaliev", None, True, False),  # capitals alone, where a model ran
        ("March 3", "ORG", True, False),  # a date
        ("1999. Later", "ORG", True, False),  # two sentences
        ("Deputy Prime Minister", "ORG", True, False),  # a role
        ("Newsletter", "ORG", True, False),  # a common word
    ],
)
def test_only_what_can_be_a_name_becomes_a_new_entity(name, label, model, can):
    from entnorm.suggest import _can_be_a_new_name

    assert _can_be_a_new_name(name, label, model) is can


def test_a_surname_the_text_resolves_is_a_short_form_and_a_given_name_nothing(tmp_path):
    (tmp_path / "domain.yaml").write_text(DOMAIN, encoding="utf-8")
    text = "Aigerim Dzhaksybekova arrived on Monday. Later Dzhaksybekova spoke, and Aigerim left."
    (tmp_path / "c.jsonl").write_text(json.dumps({"id": "d1", "text": text}) + "\n", "utf-8")
    s = suggest_cli(tmp_path, "c.jsonl", "s.yaml", "--min-count", "1")
    [short] = s["new_aliases"]
    assert (short["alias"], short["kind"], short["entity"]) == (
        "Dzhaksybekova",
        "short",
        "aigerim-dzhaksybekova",
    )
    assert short["contexts"][0]["doc"] == "d1"
    assert not s["new_entities"]


def test_eval_suggest_scores_aliases_against_the_gold_links(tmp_path, capsys):
    (tmp_path / "domain.yaml").write_text(DOMAIN, encoding="utf-8")
    text = "Aigerym Jaksybekava met Zhanbolat Nurgaliev. Zhanbolat Nurgaliev left."
    (tmp_path / "d1.txt").write_text(text, encoding="utf-8")
    gold = [{"doc": "d1.txt", "start": 0, "end": 19, "text": "Aigerym Jaksybekava",
             "canonical": "Aigerim Dzhaksybekova"}]  # fmt: skip
    (tmp_path / "gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold), "utf-8")
    args = ["eval", "suggest", str(tmp_path / "gold.jsonl"), "--aliases",
            str(tmp_path / "domain.yaml"), "--model", "none"]  # fmt: skip
    assert main(args) == 0
    # The variant is right; the unlisted person, proposed as a new entity, is not in an
    # ignore file, so it counts as wrong.
    assert capsys.readouterr().out.strip() == "precision=0.500 (1/2)  recall=1.000 (1/1)"
    unlinked = {"doc": "d1.txt", "start": 24, "end": 43, "text": "Zhanbolat Nurgaliev"}
    (tmp_path / "ignore.jsonl").write_text(json.dumps(unlinked) + "\n", "utf-8")
    assert main([*args, "--ignore", str(tmp_path / "ignore.jsonl")]) == 0
    assert capsys.readouterr().out.strip() == "precision=1.000 (2/2)  recall=1.000 (1/1)"


def _review_workspace(tmp_path: Path) -> Path:
    (tmp_path / "domain.yaml").write_text(DOMAIN, encoding="utf-8")
    texts = ["Aigerym Jaksybekava met Zhanbolat Nurgaliev.", "Zhanbolat Nurgaliev left.",
             "Aigerim Zhaksybek spoke."]  # fmt: skip
    with (tmp_path / "c.jsonl").open("w", encoding="utf-8") as f:
        for i, text in enumerate(texts):
            f.write(json.dumps({"id": i, "text": text}) + "\n")
    suggest_cli(tmp_path, "c.jsonl", "s.yaml", "--min-count", "1")
    return tmp_path


def _press(path: Path, into: Path, *keys: str):
    """A review session driven by Textual's pilot; what the app returned."""
    import asyncio

    from entnorm.review import Review, review_app

    async def session():
        app = review_app(Review(path), into)
        async with app.run_test() as pilot:
            await pilot.press(*keys)
            await pilot.pause()
        return app.return_value

    return asyncio.run(session())


def test_a_review_stopped_half_way_goes_on_and_merges_what_was_accepted(tmp_path):
    pytest.importorskip("textual")
    ws = _review_workspace(tmp_path)
    suggestions, table = ws / "s.yaml", ws / "domain.yaml"
    # Accept the first, then quit: the decision is in the file, nothing merged yet.
    assert _press(suggestions, table, "a", "q") is None
    saved = YAML(typ="safe").load(suggestions.read_text("utf-8"))
    assert [a.get("decision") for a in saved["new_aliases"]] == ["accepted", None]
    assert "Aigerim Zhaksybek" not in table.read_text("utf-8")
    # The next session starts at the second: reject it, then edit the new entity (name and
    # type) and accept it; with nothing left, the accepted ones are merged.
    keys = ["r", "e", "ctrl+a", "ctrl+k", *"Zh. Nurgaliev | PERSON", "enter"]
    assert _press(suggestions, table, *keys) == (1, 1, 1)
    merged = YAML(typ="safe").load(table.read_text("utf-8"))["entities"]
    assert merged[0]["aliases"] == ["Aigerim Jaksybekova", "Aigerim Zhaksybek"]
    assert (merged[1]["name"], merged[1]["type"]) == ("Zh. Nurgaliev", "PERSON")
    assert table.read_text("utf-8").startswith("# My domain")  # comments kept
    # What was rejected is remembered, and the next suggest does not propose it again.
    assert "Aigerym Jaksybekava" in (ws / "domain.yaml.rejected.yaml").read_text("utf-8")
    table.write_text(DOMAIN, encoding="utf-8")
    again = suggest_cli(ws, "c.jsonl", "s2.yaml", "--min-count", "1")
    assert "Aigerym Jaksybekava" not in [a["alias"] for a in again["new_aliases"]]
    assert "Aigerim Zhaksybek" in [a["alias"] for a in again["new_aliases"]]


def test_merge_takes_only_what_a_review_accepted(tmp_path):
    ws = _review_workspace(tmp_path)
    from entnorm.review import Review

    review = Review(ws / "s.yaml")
    review.decide(0, "accepted")
    review.decide(1, "rejected")
    assert main(["aliases", "merge", str(ws / "s.yaml"), str(ws / "domain.yaml")]) == 0
    aliases = YAML(typ="safe").load((ws / "domain.yaml").read_text("utf-8"))["entities"][0]
    assert aliases["aliases"] == ["Aigerim Jaksybekova", "Aigerim Zhaksybek"]


def test_confidence_is_calibrated_by_how_a_suggestion_was_found():
    from entnorm.suggest import confidence

    resolved = [confidence(s, "fuzzy") for s in (0.78, 0.86, 0.93, 0.99)]
    relaxed = [confidence(s, "relaxed") for s in (0.72, 0.86, 0.93, 0.99)]
    assert resolved == sorted(resolved) and relaxed == sorted(relaxed)
    assert all(0 < c <= 1 for c in resolved + relaxed)
    # The relaxed resolver's low scores are less often right than the resolver's.
    assert relaxed[0] < resolved[0]
    assert confidence(1.0, "context") is None


def test_a_finished_review_is_not_merged_twice(tmp_path, capsys):
    pytest.importorskip("textual")
    ws = _review_workspace(tmp_path)
    assert _press(ws / "s.yaml", ws / "domain.yaml", "a", "a", "a") == (1, 2, 0)
    table = (ws / "domain.yaml").read_text("utf-8")
    assert main(["aliases", "review", str(ws / "s.yaml"), "--into", str(ws / "domain.yaml")]) == 0
    assert "already" in capsys.readouterr().err
    assert (ws / "domain.yaml").read_text("utf-8") == table
