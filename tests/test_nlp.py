"""The spaCy pipeline that finds entities (entnorm.nlp): the default model, none, a named one."""

from __future__ import annotations

import pytest

from entnorm import Normalizer


def test_auto_without_any_model_warns_once_and_still_works(monkeypatch):
    from entnorm import NoModelWarning, nlp

    monkeypatch.setattr(nlp, "DEFAULT_MODELS", ("no_such_model_a", "no_such_model_b"))
    monkeypatch.setattr(nlp, "_warned", False)
    with pytest.warns(NoModelWarning, match="no spaCy model is installed") as record:
        first = Normalizer(model="auto").normalize("Seoul")
        second = Normalizer(model="auto").normalize("Pkhenyan")
    assert len(record) == 1
    assert [m.canonical for m in (*first.mentions, *second.mentions)] == ["Seoul", "Pyongyang"]


def test_an_unknown_model_is_a_clear_error():
    from entnorm import ModelError

    with pytest.raises(ModelError, match="cannot load the spaCy pipeline 'no_such_model_xx'"):
        Normalizer(model="no_such_model_xx").normalize("Seoul")
