"""The development scripts that the docs' figures come from."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from entnorm import Normalizer, Spotting

from .conftest import DATA

SCRIPTS = Path(__file__).parents[1] / "scripts"


def script(name: str):
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bundled() -> Normalizer:
    return Normalizer(model="none")


def test_probe_counts_bundled_cities_right_and_any_match_of_others_wrong(tmp_path, bundled):
    # small_split's ids are the curated tables' own (pyongyang, busan).
    split = tmp_path / "split"
    split.mkdir()
    (split / "kb.yaml").write_text(
        "entities:\n  - {id: 'geonames:0', name: Nowhere, type: GPE, aliases: [Seoul]}\n",
        encoding="utf-8",
    )
    (split / "mentions.tsv").write_text("mention\tgold_id\ttype\tsource\n", encoding="utf-8")
    counts, wrong = script("probe_bundled").probe([DATA / "small_split", split], bundled)
    assert counts[True] == {"right": 9, "wrong": 0, "nil": 0}
    assert counts[False] == {"right": 0, "wrong": 1, "nil": 1}
    assert wrong == ["Seoul\tSeoul\t(is Nowhere)"]


def test_the_common_word_audit_reports_only_names_listed_as_written(bundled):
    found = script("common_words").audit(bundled, 500)
    assert ("Us", "United States") in [(w, m.canonical) for w, m in found]
    assert all(m.method in ("exact", "alias") for _, m in found)


def test_the_text_audit_finds_only_scored_mentions_and_fewer_at_a_higher_bar(bundled):
    audit = script("common_words").text_audit
    # Ranked below the spotter's word bar (Zipf 2), these can still be read as near misses.
    found = audit(bundled, 100000, 102000)
    assert found and all(m.method in ("fuzzy", "transliteration") for _, m in found)
    lowered = Normalizer.from_resolver(bundled.resolver, spotting=Spotting(threshold=0.77),
                                       model="none")  # fmt: skip
    assert len(audit(lowered, 100000, 102000)) > len(found)


def test_the_floor_audit_counts_what_a_floor_changes():
    matched, rows = script("floor").changes(DATA / "small_split", [0.0, 1.01])
    (_, none_changed, _), (_, all_scored, right) = rows
    assert matched and none_changed == 0
    # Above every similarity no name is scored: only exact matches would keep their results.
    assert 0 < all_scored <= matched and right <= all_scored


def test_the_suggest_calibration_writes_a_confidence_per_score_bin(tmp_path):
    import sys

    import yaml

    out = tmp_path / "suggest.yaml"
    argv = sys.argv
    sys.argv = ["calibrate_suggest.py", str(DATA / "small_split"), "-o", str(out)]
    try:
        script("calibrate_suggest").main()
    finally:
        sys.argv = argv
    data = yaml.safe_load(out.read_text("utf-8"))
    for table in ("resolved", "relaxed"):
        rows = data[table]
        assert [r[0] for r in rows] == sorted(r[0] for r in rows)
        assert all(0 < r[2] <= 1 for r in rows)
        assert [r[2] for r in rows] == sorted(r[2] for r in rows)  # never falls


def test_eval_pairs_counts_decisions_by_class(tmp_path, capsys):
    from entnorm.cli import main

    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(
        "class\ttype\tname\tlisted\tmatch\n"
        "same\tGPE\tPyongyang\tPyongyang\t1\n"
        "other\tGPE\tSeoul\tPyongyang\t0\n"
        "other\tGPE\tPYONGYANG\tPyongyang\t0\n",  # a match labelled as none: a false positive
        encoding="utf-8",
    )
    assert main(["eval", "pairs", str(pairs), "--show-errors"]) == 0
    out, err = capsys.readouterr()
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[1:]}
    assert rows["all"] == ["3", "0.667", "0.500", "1.000"]
    assert rows["other"][:2] == ["2", "0.500"]
    assert err.strip() == "other\t'PYONGYANG' ~ 'Pyongyang': matched"
