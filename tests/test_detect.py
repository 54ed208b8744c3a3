"""Mention detection (entnorm.detect): units, the gazetteer, the spotter, span cleaning and
the merge of sources, seen through whole texts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from entnorm import Normalizer, Settings, Spotting

from .conftest import found


def test_possessives_are_not_part_of_the_name(bare):
    text = "Pyongyang's envoy crossed to Seoul\u2019s side."
    result = bare.normalize(text)
    assert found(result) == [("Pyongyang", "Pyongyang"), ("Seoul", "Seoul")]
    assert result.text == text


def test_titles_and_articles_are_stripped_from_model_spans(bare):
    text = "Speaker Valentina Matviyenko toured the Korean Peninsula."
    mentions = bare.find_mentions(text, [(0, 28, "PERSON"), (36, 56, "LOC")])
    assert [(m.text, m.canonical, m.source) for m in mentions] == [
        ("Valentina Matviyenko", "Valentina Matviyenko", "gazetteer"),
        ("Korean Peninsula", "Korean Peninsula", "gazetteer"),
    ]


def test_titles_before_a_variant_are_stripped_by_the_spotter(bare):
    result = bare.normalize("Yesterday Secretary of State Mike Pompeyo spoke.")
    assert found(result) == [("Mike Pompeyo", "Mike Pompeo")]
    assert result.mentions[0].source == "spotter"


FUNCTION_WORD_NAMES = """
entities:
  - {id: hohhot, name: Hohhot, type: GPE, aliases: [Hwhat, Hwhate]}
  - {id: hue, name: Huế, type: GPE, aliases: [Hue, we]}
  - {id: us, name: United States, type: GPE, aliases: [US]}
  - {id: moon, name: Moon Jae-in, type: PERSON, aliases: [Mun Jae-in]}
"""


@pytest.fixture(scope="module")
def function_words(tmp_path_factory) -> Normalizer:
    path = tmp_path_factory.mktemp("tables") / "names.yaml"
    path.write_text(FUNCTION_WORD_NAMES, encoding="utf-8")
    # Common words fuzzily matched, as resolve() no longer does: the test is of the detector.
    fuzzy_words = replace(Settings(), common_word_zipf=float("inf"))
    return Normalizer([path], model="none", cache=False, settings=fuzzy_words)


def test_the_spotter_skips_capitalized_function_words(function_words):
    assert function_words.resolve("What") is not None  # Hwhat, one letter away
    result = function_words.normalize("What Mun Chzhe In said. Here We stand. WHAT NOW?")
    assert found(result) == [("Mun Chzhe In", "Moon Jae-in")]


def test_the_gazetteer_skips_listed_function_words_unless_in_capitals(function_words):
    assert function_words.resolve("we") is not None
    result = function_words.normalize("We met US envoys in Hue.")
    assert found(result) == [("US", "United States"), ("Hue", "Huế")]


def test_the_longest_resolved_span_wins_over_overlapping_sources(bare):
    # The model's span is wrong (one ORG over a title and a name): the gazetteer's two names win.
    text = "Federation Council Speaker Valentina Matviyenko arrived."
    mentions = bare.find_mentions(text, [(0, 47, "ORG"), (27, 36, "PERSON")])
    assert [(m.text, m.canonical) for m in mentions] == [
        ("Federation Council", "Federation Council"),
        ("Valentina Matviyenko", "Valentina Matviyenko"),
    ]


def test_acronyms_match_only_in_capitals(bare):
    result = bare.normalize("Let us go to the US and the UN.")
    assert found(result) == [("US", "United States"), ("UN", "United Nations")]


def test_a_lower_case_word_is_not_a_capitalized_name_word(bare):
    # "Trans-Pacific Partnership Agreement" is listed; "agreement" here is a common noun.
    result = bare.normalize("They left the Trans-Pacific Partnership agreement.")
    assert found(result) == [("Trans-Pacific Partnership", "Trans-Pacific Partnership")]


def test_native_scripts_are_found(bare):
    result = bare.normalize("평양 and Пхеньян are one city.")
    assert found(result) == [("평양", "Pyongyang"), ("Пхеньян", "Pyongyang")]


def test_words_that_world_tables_gave_to_places_are_not_places(bare):
    # GeoNames and CLDR gave these places: Sam, Şam (Damascus), Victoria (Hong Kong), Pa
    # (Chongqing), CAN (Guangzhou's airport), LED (Saint Petersburg's), White House
    # (Casablanca), and Senegal's Malayalam name reads "seng".
    text = "Sam told Victoria that Pa CAN fix the LED lamp. Lee Seng agreed at the White House."
    assert [c for _, c in found(bare.normalize(text)) if c is not None] == []
    for word in ["Sam", "Victoria", "Pa", "CAN", "LED", "Seng", "White House"]:
        assert bare.resolve(word) is None, word


def test_capitalized_common_words_are_not_places(bare):
    # Each was fuzzily near a listed name (Kobe, Aleppo, Bangkok, Rome, Harare, Oslo).
    text = "Hope was high. Help came from the Bank. Room service was Best, Harry and Christian said"
    assert [c for _, c in found(bare.normalize(text)) if c is not None] == []


def test_a_span_ending_in_a_title_is_a_role(bare):
    text = "Russian Foreign Minister Sergey Lavrov spoke. The Russian Foreign Ministry agreed."
    assert [c for _, c in found(bare.normalize(text)) if c] == [
        "Sergey Lavrov",
        "Ministry of Foreign Affairs of Russia",
    ]


def test_mention_word_lists_are_all_words():
    # YAML 1.1 reads a bare on/no/yes as a boolean; such words must be quoted in mentions.yaml.
    from entnorm.detect import ARTICLES, CONNECTORS, TITLES

    assert all(
        isinstance(w, str) for w in (*ARTICLES, *CONNECTORS, *(w for t in TITLES for w in t))
    )
    assert "on" in CONNECTORS


def test_two_connectors_inside_a_name(bare):
    text = (
        "They left the Treaty on the Elimination of Intermediate-Range and Shorter-Range Missiles."
    )
    assert found(bare.normalize(text)) == [
        (text[14:-1], "Intermediate-Range Nuclear Forces Treaty")
    ]


def test_a_place_name_heading_a_longer_name_is_not_the_place(bare):
    text = "Under the Seoul Peace Accord, Seoul and Pyongyang agreed. US President Trump spoke."
    assert found(bare.normalize(text))[:3] == [
        ("Seoul", "Seoul"), ("Pyongyang", "Pyongyang"), ("US", "United States")
    ]  # fmt: skip


def test_a_span_only_its_capitals_proposed_needs_the_spotting_bar(bare):
    # Given as a name, a typo within the one-word bar resolves; in running text, where the
    # spotter tries every capitalized word, only its spelling speaks for it: 0.82 < 0.84.
    assert bare.resolve("Ethopia").canonical == "Ethiopia"
    text = "Ethopia said on Monday that talks would go on."
    assert found(bare.normalize(text)) == []
    lowered = Normalizer.from_resolver(bare.resolver, spotting=Spotting(threshold=0.77),
                                       model="none")  # fmt: skip
    assert found(lowered.normalize(text)) == [("Ethopia", "Ethiopia")]


def test_a_spotted_english_word_matches_only_a_listed_name(bare):
    text = "Beeline said on Monday that talks would go on."
    assert found(bare.normalize(text)) == []
    # Without the rule, a word English uses (Zipf 2.5) was read as a near miss of a city.
    unruled = Normalizer.from_resolver(bare.resolver, spotting=Spotting(word_zipf=float("inf")),
                                       model="none")  # fmt: skip
    assert found(unruled.normalize(text)) == [("Beeline", "Berlin")]
    # A listed name that is also a word is still a mention.
    assert ("Surat", "Surat") in found(bare.normalize("Surat said on Monday that talks went on."))


LOOSE = """\
entities:
  - {id: eh, name: Eastern Highlands, type: LOC}
  - {id: hsc, name: Harbour Security Council, type: ORG}
  - {id: mof, name: Ministry of Fisheries of Harbour, type: ORG}
  - {id: ndp, name: New Democratic Party, type: ORG}
"""


@pytest.mark.parametrize(
    ("text", "span"),
    [("Troops left the Eastern highlands.", "Eastern highlands"),
     ("The harbour security Council met.", "harbour security Council"),
     ("The Harbour security council met.", "Harbour security council"),
     ("He met the Ministry of fisheries of Harbour.", "Ministry of fisheries of Harbour"),
     # The article before a lower-cased first word is not the name's.
     ("He met the harbour security Council.", "harbour security Council")],
)  # fmt: skip
def test_a_listed_name_with_some_words_lower_cased(tmp_path, text, span):
    # Translations lower-case some of a name's words; a shorter listed name that fits the case
    # still wins ("Trans-Pacific Partnership agreement" above).
    from entnorm import Normalizer

    table = tmp_path / "t.yaml"
    table.write_text(LOOSE, "utf-8")
    n = Normalizer([table], model="none")
    assert [m.text for m in n.normalize(text).mentions if m.canonical] == [span]


@pytest.mark.parametrize(
    "text",
    ["Troops left the eastern highlands.", "The harbour security council met.",
     # Only a short word lower-cased: "new" is an adjective here, not the party's first word.
     "A new Democratic Party leader spoke."],
)  # fmt: skip
def test_a_name_in_lower_case_or_with_only_a_short_word_lower_cased_is_not_found(tmp_path, text):
    from entnorm import Normalizer

    table = tmp_path / "t.yaml"
    table.write_text(LOOSE, "utf-8")
    # The gazetteer alone: the spotter judges spellings, not case.
    n = Normalizer([table], model="none", spotting=False)
    assert [m for m in n.normalize(text).mentions if m.canonical] == []


def test_a_name_listed_with_its_article_after_a_lower_case_article(tmp_path):
    from entnorm import Normalizer

    table = tmp_path / "papers.yaml"
    table.write_text("entities:\n  - {id: gazette, name: The Gazette, type: ORG}\n", "utf-8")
    n = Normalizer([table], model="none")
    assert found(n.normalize("As the Gazette reported, talks ended.")) == [
        ("Gazette", "The Gazette")]  # fmt: skip
    assert found(n.normalize("Gazette sales fell.")) == []
