import json
import subprocess
import sys

from entnorm.cli import main

from .conftest import DATA


def test_resolve_prints_match_and_nil(capsys) -> None:
    assert main(["resolve", "Mun Chzhe In", "Atlantis Rising"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split("\t")[:2] == ["Mun Chzhe In", "Moon Jae-in"]
    assert out[1] == "Atlantis Rising\tNIL"


def test_resolve_json(capsys) -> None:
    assert main(["resolve", "--json", "--type", "GPE", "Pkhenyan"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["match"]["canonical"] == "Pyongyang"
    assert row["match"]["explanation"]["views"][0]["view"] == "plain"


def test_resolve_with_own_tables(capsys) -> None:
    assert main(["resolve", "--aliases", str(DATA / "small_split" / "kb.yaml"), "Seoul"]) == 0
    assert capsys.readouterr().out.strip() == "Seoul\tNIL"
    # Over one's own tables the decision model decides a one-word query, and says how sure.
    assert main(["resolve", "--aliases", str(DATA / "small_split" / "kb.yaml"), "Phyongyang"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Phyongyang\tPyongyang\t") and "; confidence 1.000;" in out


def test_aliases_check_ok_and_bad(capsys) -> None:
    assert main(["aliases", "check"]) == 0
    assert capsys.readouterr().out.startswith("OK: ")
    bad = DATA / "bad" / "missing_field.yaml"
    assert main(["aliases", "check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:2: E107" in err


def test_bad_tables_exit_1_with_message(capsys) -> None:
    bad = DATA / "bad" / "duplicate_id.yaml"
    assert main(["resolve", "--aliases", str(bad), "x"]) == 1
    assert "E111" in capsys.readouterr().err


def test_eval_names(capsys) -> None:
    assert main(["eval", "names", "--json", str(DATA / "small_split")]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures == {"accuracy": 1.0, "correct": 2, "positives": 2,
                       "nil_false_match_rate": 0.0, "nil_matched": 0, "nils": 1}  # fmt: skip


def test_console_script_runs() -> None:
    done = subprocess.run([sys.executable, "-m", "entnorm.cli", "resolve", "Moskva"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    assert "Moscow" in done.stdout


def test_usage_error_exits_2() -> None:
    done = subprocess.run([sys.executable, "-m", "entnorm.cli", "frobnicate"],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 2


def test_eval_docs_table_json_and_errors(capsys, tmp_path) -> None:
    gold = DATA / "docs" / "gold.jsonl"
    assert main(["eval", "docs", str(gold), "--model", "none"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split() == ["all", "6", "6", "6", "1.000", "1.000", "1.000"]
    assert main(["eval", "docs", str(gold), "--model", "none", "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["PERSON"] == {"gold": 3, "predicted": 3, "correct": 3, "precision": 1.0,
                                 "recall": 1.0, "f1": 1.0}  # fmt: skip
    ignore = tmp_path / "ignore.jsonl"
    ignore.write_text('{"doc": "b.txt", "start": 0, "end": 60}\n', encoding="utf-8")
    args = ["eval", "docs", str(gold), "--texts", str(gold.parent), "--ignore", str(ignore)]
    assert main([*args, "--model", "none", "--show-errors", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["all"]["predicted"] == 4
    assert captured.err.count("MISS") == 2


def test_eval_docs_unknown_model_is_an_input_error(capsys) -> None:
    gold = DATA / "docs" / "gold.jsonl"
    assert main(["eval", "docs", str(gold), "--model", "no_such_pipeline_xx"]) == 1
    assert "cannot load the spaCy pipeline 'no_such_pipeline_xx'" in capsys.readouterr().err


def test_eval_docs_bad_gold_line_names_file_and_line(capsys, tmp_path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "a.txt", "start": 0, "end": 3}\n{"doc": \n', encoding="utf-8")
    assert main(["eval", "docs", str(gold), "--model", "none"]) == 1
    assert f"{gold}:2: not a span row" in capsys.readouterr().err


def test_aliases_check_notes_how_a_table_meets_the_bundled_ones(tmp_path, capsys):
    table = tmp_path / "mine.yaml"
    table.write_text("entities:\n  - {id: tass, name: TASS, type: ORG, aliases: [TASS agency]}\n",
                     encoding="utf-8")  # fmt: skip
    assert main(["aliases", "check", str(table), "--include-bundled"]) == 0
    out = capsys.readouterr()
    assert "note: 'tass' replaces the entity of that id below it" in out.err
    assert "1 note(s)" in out.out


def test_aliases_check_on_the_bundled_tables_warns_of_nothing(capsys):
    assert main(["aliases", "check"]) == 0
    assert "warning" not in capsys.readouterr().err


def test_a_name_listed_by_two_entities_warns_unless_it_is_marked_shared(tmp_path, capsys):
    table = tmp_path / "t.yaml"
    table.write_text("entities:\n  - {id: a, name: Port A, type: GPE, aliases: [Harbour]}\n"
                     "  - {id: b, name: Port B, type: GPE, aliases: [Harbour]}\n",
                     encoding="utf-8")  # fmt: skip
    assert main(["aliases", "check", str(table)]) == 0
    assert "the name 'harbour' is listed by a, b" in capsys.readouterr().err
    table.write_text(table.read_text("utf-8") + "shared_names: [Harbour]\n", encoding="utf-8")
    assert main(["aliases", "check", str(table)]) == 0
    assert "warning" not in capsys.readouterr().err
