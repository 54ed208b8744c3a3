from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from entnorm.keys import (
    FOLDING_DATA,
    FOLDING_RULES,
    KOREAN_NAME_RULES,
    NAME_PART_RULES,
    SKELETON_EXAMPLES,
    SYNONYM_GROUPS,
    Keys,
    compact,
    folded,
    is_pinyin,
    keys,
    korean_name_key,
    part_key,
    plain,
    same_given_name,
    skeleton,
    syllabic,
    vowel_poor,
)


@pytest.mark.parametrize("rule", FOLDING_RULES, ids=lambda r: r.id)
def test_every_folding_rule_makes_its_example_pair_meet(rule) -> None:
    a, b = rule.example
    assert plain(a) != plain(b), "the example must differ before folding"
    assert compact(folded(a)) == compact(folded(b))


@pytest.mark.parametrize("group", SYNONYM_GROUPS, ids=lambda g: g.words[0])
def test_every_synonym_example_meets(group) -> None:
    a, b = group.example
    assert plain(a) != plain(b)
    assert folded(a) == folded(b)


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Kim Jong-un", "kim jong un"),
        ("P'yŏngyang", "pyongyang"),
        ("  St.  Petersburg ", "st petersburg"),
        ("Пхеньян", "pkhenian"),
        ("평양", "pyeongyang"),
        ("Ōsaka-shi", "osaka shi"),
        ("", ""),
        ("!!!", ""),
    ],
)
def test_plain_key(name: str, key: str) -> None:
    assert plain(name) == key


def test_designators_are_dropped_only_when_a_name_word_remains() -> None:
    assert folded("Osaka-shi") == folded("Osaka")
    assert folded("Kemerovo khot") == folded("Kemerovo")
    assert folded("Puyang Zhen") == folded("Puyang")
    assert folded("Darnytsia District") == folded("Darnytsia Raion") == folded("Darnytsia")
    # A town designator only after two name words: Yen-ch'eng is Yancheng.
    assert folded("Jui-an-hsien-ch'eng") == folded("Jui-an")
    assert folded("P'u-yang-chen") == folded("P'u-yang")
    assert folded("Yen-ch'eng") != folded("Yen")
    assert folded("Shi") == "shi"


def test_content_words_are_decided_on_plain_words() -> None:
    # "Dae" folds to "de", which is a function word in French names; it must stay.
    assert keys("Kim Dae-jung").content == ("gim", "de", "jun")
    assert keys("Plan of Action").content == ("blan", "acdyon")


def test_a_function_word_ending_a_name_is_a_name_word() -> None:
    # No name ends in a function word: "In" of Мун Чжэ Ин is a syllable, as is "an" of Ting-an.
    assert keys("Мун Чжэ Ин").content == ("mun", "je", "in")
    assert keys("Ting-an").content == ("din", "an")
    assert keys("Mun Chzhe").bag != keys("Мун Чжэ Ин").bag
    assert keys("Bank of the").content == ("bang", "dhe")
    assert keys("of the").content == ("of", "dhe")  # nothing but function words: all kept


def test_bag_reorders_plain_words_only() -> None:
    assert (
        keys("Joint Comprehensive Plan of Action").bag
        == keys("Joint Comprehensive Action Plan").bag
    )
    assert keys("Mun Jae In").bag != keys("Moon Jae In").bag


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Suzhou", True), ("Shijiazhuang", True), ("Chang-tien", True), ("Mun Jae Ying", False),
     ("Tehran", False), ("Xian", False), ("Moon", False)],
)  # fmt: skip
def test_pinyin_shape(name: str, expected: bool) -> None:
    assert is_pinyin(plain(name)) is expected


def test_every_folding_rule_is_documented():
    text = (Path(__file__).parents[1] / "docs" / "matching.md").read_text("utf-8")
    missing = [r.id for r in FOLDING_RULES if f"`{r.id}`" not in text]
    assert not missing, f"docs/matching.md does not list these folding rules: {missing}"


@pytest.mark.parametrize(("a", "b"), SKELETON_EXAMPLES)
def test_every_skeleton_example_pair_shares_a_skeleton(a: str, b: str) -> None:
    assert folded(a) != folded(b)
    assert skeleton(folded(a)) == skeleton(folded(b))


@pytest.mark.parametrize(
    ("name", "expected"), [("mskw", True), ("tywmn", True), ("Moscow", False), ("Tyumen", False)]
)
def test_vowel_poor(name: str, expected: bool) -> None:
    assert vowel_poor(plain(name)) is expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Magunitogorusuku", True),  # Japanese transcription of Magnitogorsk
        ("ha ba luo fu si ke", True),  # Chinese, syllable by syllable (Khabarovsk)
        ("Magnitogorsk", False),
        ("Hu Jintao", False),  # a word longer than a syllable
        ("masseudo si", False),  # but as a query, "si" (city) aside, it is
        ("mskw", False),
        ("", False),
    ],
)
def test_syllabic(name: str, expected: bool) -> None:
    assert syllabic(plain(name)) is expected


def test_a_syllabic_query_may_end_in_a_designator() -> None:
    assert keys("masseudo si").syllabic


@pytest.mark.parametrize("rule", NAME_PART_RULES, ids=lambda r: r.id)
def test_every_name_part_rule_makes_its_example_pair_meet(rule) -> None:
    a, b = rule.example
    assert plain(a) != plain(b)
    assert part_key(a) == part_key(b)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("Yerchenko", "Erchenko", True), ("Zabolotnyy", "Zabolotny", True),
     ("Zabolotniy", "Zabolotnyi", True), ("Oleksiy", "Oleksii", True), ("Hoshino", "Hosino", True),
     ("Kovalenko", "Kovalchuk", False), ("Ivanov", "Ivanova", False)],
)  # fmt: skip
def test_part_keys_of_one_name_part(a: str, b: str, same: bool) -> None:
    assert (part_key(a) == part_key(b)) is same


@pytest.mark.parametrize("rule", KOREAN_NAME_RULES, ids=lambda r: r.id)
def test_every_korean_syllable_rule_makes_its_example_pair_meet(rule) -> None:
    a, b = rule.example
    assert korean_name_key(plain(f"Kim {a}")) == korean_name_key(plain(f"Kim {b}")) is not None


@pytest.mark.parametrize(
    ("a", "b"),
    [("Rhee In-je", "Yi In-je"), ("Park Chung-hee", "Pak Chŏng-hŭi"),
     ("Roh Moo-hyun", "No Mu-hyeon"), ("Jang-ho Lee", "Ri Jang Ho"),
     ("Choi Kyu-ha", "Ch'oe Kyu-ha"), ("Kim Dae-jung", "Gim Dae Jung")],
)  # fmt: skip
def test_one_korean_name_in_several_romanizations(a: str, b: str) -> None:
    assert korean_name_key(plain(a)) == korean_name_key(plain(b)) is not None


@pytest.mark.parametrize(
    ("a", "b"),
    [("Kim Jong Un", "Kim Jong Il"), ("Kim Yong-nam", "Kim Yon-nam"),
     ("Park Bong-ju", "Park Bong-chan"), ("Park Jong-ho", "Kim Jong-ho")],
)  # fmt: skip
def test_other_korean_names_stay_apart(a: str, b: str) -> None:
    assert korean_name_key(plain(a)) != korean_name_key(plain(b))


@pytest.mark.parametrize("name", ["Lee Harvey Oswald", "Harry Lee", "Donald Trump", "Kim", "Seoul"])
def test_names_that_are_not_korean_have_no_korean_key(name: str) -> None:
    assert korean_name_key(plain(name)) is None


def test_every_korean_surname_spelling_is_text_and_in_one_group() -> None:
    from entnorm.keys import FOLDING_DATA

    spellings = [v for group in FOLDING_DATA["korean_names"]["surnames"] for v in group]
    assert all(isinstance(v, str) for v in spellings)  # YAML reads a bare "no" as false
    assert len(spellings) == len(set(spellings))


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("Mykola", "Nikolai", True), ("Oleksiy", "Alexei", True), ("Heorhiy", "George", True),
     ("Yuri", "George", False), ("Nikita", "Nikolai", False), ("Ahmet", "Ahmad", True)],
)  # fmt: skip
def test_forms_of_one_given_name_in_other_languages(a: str, b: str, same: bool) -> None:
    assert same_given_name(folded(a), folded(b)) is same


def test_no_form_belongs_to_two_given_names() -> None:
    seen: dict[str, int] = {}
    for n, group in enumerate(FOLDING_DATA["given_names"]):
        for name in group:
            assert seen.setdefault(folded(name), n) == n, name


@given(st.text(max_size=30))
def test_keys_made_with_their_flags_equal_keys_made_from_scratch(name: str) -> None:
    made = keys(name)
    again = Keys.with_flags(made.plain, made.folded, made.flags)
    fields = ("plain_compact", "folded_compact", "plain_core", "content", "numbers", "pinyin",
              "vowel_poor", "syllabic")  # fmt: skip
    assert again == made
    assert all(getattr(again, f) == getattr(made, f) for f in fields)
