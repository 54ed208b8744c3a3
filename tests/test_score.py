"""The learned edit model (``score.EditModel``) and its training script."""

from __future__ import annotations

import json
import math

from hypothesis import given
from hypothesis import strategies as st

from entnorm.keys import keys as name_keys
from entnorm.score import ALPHABET, END, EditModel, aligned, edit_model, score_views

from .test_scripts import script

letters = st.text(alphabet=ALPHABET + "0123456789", max_size=12)


@given(x=letters, y=letters)
def test_similarity_is_symmetric_bounded_and_one_only_for_equal_keys(x: str, y: str) -> None:
    model = edit_model()
    s = model.similarity(x, y)
    assert 0.0 <= s <= 1.0
    assert math.isclose(s, model.similarity(y, x), abs_tol=1e-9)
    if x and x == y:
        assert s == 1.0


def test_a_variant_is_closer_than_a_look_alike_of_the_same_edit_distance() -> None:
    # One letter differs in each pair; the model has learned which letters stand for one another.
    model = edit_model()
    assert model.similarity("anking", "anqing") > model.similarity("anking", "ankang")
    assert model.similarity("saratow", "saratov") > model.similarity("saratow", "saratoa")
    assert model.similarity("pyongyang", "pkhenyan") > model.similarity("pyongyang", "pkhenmun")


def test_unrelated_names_score_low() -> None:
    assert edit_model().similarity("moscow", "mumbai") < 0.3


def test_symbols_outside_the_alphabet_take_the_letters_averages() -> None:
    model = edit_model()
    assert model.similarity("2018", "2018") == 1.0
    assert model.similarity("vienna1961", "vienna") < model.similarity("viennaa", "vienna") < 1.0


def tiny_model() -> EditModel:
    # Every letter kept with one probability, any other operation with another.
    n = len(ALPHABET)
    edits = {a + b: (0.5 / n if a == b else 0.1 / n / n) for a in ALPHABET for b in ALPHABET}
    edits |= {a + "-": 0.1 / n for a in ALPHABET} | {"-" + a: 0.1 / n for a in ALPHABET}
    edits[END] = 0.1
    letters = {a: 0.9 / n for a in ALPHABET} | {END: 0.1}
    return EditModel(edits, letters)


def test_log_odds_is_the_forward_sum_over_alignments() -> None:
    model = tiny_model()
    n = len(ALPHABET)
    keep, sub, indel, end = 0.5 / n, 0.1 / n / n, 0.1 / n, 0.1
    letter, stop = 0.9 / n, 0.1
    null = letter * letter * stop * stop
    # "a" against "b": one substitution, or a deletion and an insertion in either order.
    assert math.isclose(model.log_odds("a", "b"), math.log((sub + 2 * indel**2) * end / null))
    assert math.isclose(model.log_odds("a", "a"), math.log((keep + 2 * indel**2) * end / null))


def test_training_learns_substitutions_seen_in_pairs(tmp_path) -> None:
    train = script("train_edits")
    pairs = [("Kiyev", "Kiiev"), ("Tyumen", "Tiumen"), ("Yalta", "Ialta"),
             ("Yakutsk", "Iakutsk"), ("Yeysk", "Ieisk"), ("Tynda", "Tinda")]  # fmt: skip
    cities = {str(i): {"name": n, "alternatenames": [o]} for i, (n, o) in enumerate(pairs)}
    kb = tmp_path / "kb.yaml"
    kb.write_text("entities:\n- id: geonames:5\n  name: Tynda\n", encoding="utf-8")
    src = tmp_path / "cities.json"
    src.write_text(json.dumps(cities), encoding="utf-8")
    out = tmp_path / "edits.yaml"
    assert train.main([str(src), "--exclude", str(kb), "--iterations", "5", "-o", str(out)]) == 0
    model = EditModel.from_yaml(out.read_text("utf-8"))
    # y and i stood for one another in every pair; y and o never.
    assert model.similarity("yaroslavl", "iaroslavl") > model.similarity("yaroslavl", "oaroslavl")
    assert "pairs: 5" in out.read_text("utf-8")  # the excluded city gave none


def test_the_weakest_word_is_judged_by_the_edit_model_too() -> None:
    # One letter of two: Indel says 0.5, but Ын is "Yn" or "In" by who romanized it.
    assert aligned(("mun", "je", "yn"), ("mun", "je", "in"))[1] > 0.85
    assert aligned(("gim", "jon", "un"), ("gim", "jon", "il"))[1] < 0.5  # Kim Jong Il


def views_of(query: str, name: str) -> set[str]:
    return {v.view for v in score_views(name_keys(query), name_keys(name))}


def test_syllables_written_apart_are_not_a_long_name() -> None:
    # Three short words are compared as a name; three long ones only word by word.
    assert "plain" in views_of("Mun Chzhe Yn", "Мун Чжэ Ин")
    assert views_of("United States Department of Justice", "United States Department of State") == {
        "aligned"
    }


def test_no_skeleton_for_a_query_of_two_words_more_unless_syllabic() -> None:
    assert "skeleton" not in views_of("Mun Chzhe Yn", "Munchen")
    assert "skeleton" in views_of("ha ba luo fu si ke", "Khabarovsk")
