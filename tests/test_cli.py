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
