"""The decision model (entnorm.decide) and how the resolver uses it."""

import math
from dataclasses import fields, replace

import pytest

from entnorm import Normalizer, Resolver, Settings
from entnorm.decide import FEATURES, DecisionModel, Evidence, accepts_one_word, decision_model, lead

from .conftest import DATA

EVIDENCE = Evidence(score=0.85, lead=0.6, learned=0.8, runner_learned=0.4, second_name=0.8,
                    log_names=2.0, transliteration=0.0, pinyin=0.0, length=0.4,
                    skeleton=0.0)  # fmt: skip


def test_the_features_are_the_evidence_fields_in_order() -> None:
    assert tuple(f.name for f in fields(Evidence)) == FEATURES
    assert EVIDENCE.values()[FEATURES.index("learned")] == 0.8


def test_the_bundled_model_weighs_the_evidence_as_it_should() -> None:
    model = decision_model()
    p = model.probability(EVIDENCE)
    assert 0 < p < 1
    # A query the edit model finds likelier as a rewriting of the best entity's name, or less
    # likely as the runner-up's, is likelier right; a pinyin query meeting a Chinese place that
    # is not its own pinyin is less.
    assert model.probability(replace(EVIDENCE, learned=0.9)) > p
    assert model.probability(replace(EVIDENCE, runner_learned=0.7)) < p
    assert model.probability(replace(EVIDENCE, lead=0.9)) > p
    assert model.probability(replace(EVIDENCE, pinyin=1.0)) < p


def test_probabilities_never_overflow() -> None:
    model = DecisionModel(dict.fromkeys(FEATURES, 1000.0), bias=0.0)
    assert model.probability(EVIDENCE) == 1.0
    assert model.probability(replace(EVIDENCE, **dict.fromkeys(FEATURES, -1.0))) == 0.0


def test_weights_must_match_the_features() -> None:
    weights = dict.fromkeys(FEATURES, 0.0)
    del weights["skeleton"]
    weights["colour"] = 1.0
    with pytest.raises(ValueError, match=r"unknown \['colour'\], missing \['skeleton'\]"):
        DecisionModel(weights, bias=0.0)


_CUTOFF = Settings().confidence


def accepts(evidence: Evidence, confidence: float | None, cutoff: float | None = _CUTOFF) -> bool:
    s = Settings()
    return accepts_one_word(evidence, confidence, cutoff=cutoff, threshold=s.threshold,
                            margin=s.margin)  # fmt: skip


def test_the_decision_takes_the_model_or_a_transliteration_over_the_bars() -> None:
    settings = Settings()
    assert accepts(EVIDENCE, settings.confidence)
    assert not accepts(EVIDENCE, settings.confidence - 0.01)
    # Folding or a reading explained the spelling, and the score and lead reach the bars.
    read = replace(EVIDENCE, transliteration=1.0)
    assert accepts(read, 0.5)
    assert not accepts(replace(read, score=settings.threshold - 0.01), 0.5)
    assert not accepts(replace(read, lead=settings.margin - 0.01), 0.5)
    # A tie is never decided, however likely.
    assert not accepts(replace(EVIDENCE, lead=0.0), 1.0)


def test_a_scored_one_word_match_explains_its_decision() -> None:
    n = Normalizer([DATA / "small_split" / "kb.yaml"])
    match = n.resolve("Phyongyang")
    assert match is not None and match.method in {"fuzzy", "transliteration"}
    e = match.explanation
    assert e.evidence is not None and e.confidence == decision_model().probability(e.evidence)
    assert e.confidence >= n.settings.confidence or e.evidence.transliteration
    assert round(e.evidence.score, 4) == match.score
    runner = match.runner_up.score if match.runner_up else 0.0
    assert math.isclose(e.evidence.lead, lead(e.evidence.score, runner), abs_tol=1e-3)
    # Exact matches and queries of several words are decided without the model.
    assert n.resolve("Pyongyang").explanation.confidence is None
    # Asking for more confidence than the model gives turns the match into NIL.
    strict = Normalizer.from_table(n.table, settings=replace(n.settings, confidence=math.inf,
                                                             threshold=1.0))  # fmt: skip
    assert strict.resolve("Phyongyang") is None


def test_large_tables_are_decided_by_the_bars(normalizer: Normalizer) -> None:
    settings = normalizer.settings
    assert settings == Settings() and normalizer.index.fuzzy_names > settings.model_max_names
    # Without the model the threshold and margin decide every match, transliteration or not.
    assert accepts(EVIDENCE, None, cutoff=None)
    narrow = replace(EVIDENCE, lead=settings.margin - 0.01)
    assert not accepts(narrow, 0.99, cutoff=None)
    assert accepts(narrow, 0.99)
    match = normalizer.resolve("Kesong")  # Кэсон (Kaesong) romanized from Russian
    assert match is not None and match.canonical == "Kaesong"
    assert match.explanation.evidence is not None and match.explanation.confidence is None
    chosen = Settings(confidence=0.5)
    assert Normalizer(settings=chosen).settings is chosen


def test_one_table_gives_one_answer_however_it_is_built(normalizer: Normalizer) -> None:
    """The decision depends on the table, not on the path that built the resolver."""
    rebuilt = Resolver(normalizer.table)
    for name in ("Kesong", "Pkhenyan", "Busann", "Sanktpeterburg", "Atlantis"):
        assert rebuilt.resolve(name) == normalizer.resolve(name), name
    small = Resolver.from_yaml([DATA / "small_split" / "kb.yaml"])
    assert small.index.fuzzy_names <= small.settings.model_max_names
    assert Resolver(small.table).resolve("Phyongyang") == small.resolve("Phyongyang")
