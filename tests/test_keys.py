from pathlib import Path

import pytest

from entnorm.keys import (
    CZECH_EXAMPLES,
    ENDING_EXAMPLES,
    FOLDING_RULES,
    KOREAN_EXAMPLES,
    PALLADIUS_EXAMPLES,
    POSTAL_EXAMPLES,
    SKELETON_EXAMPLES,
    SLAVIC_EXAMPLES,
    SYNONYM_GROUPS,
    WADE_GILES_EXAMPLES,
    compact,
    czech_readings,
    ending_reading,
    folded,
    is_pinyin,
    keys,
    korean_readings,
    palladius_readings,
    plain,
    postal_reading,
    readings,
    skeleton,
    slavic_reading,
    syllabic,
    vowel_poor,
    wade_giles_reading,
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


@pytest.mark.parametrize(("name", "reading"), WADE_GILES_EXAMPLES)
def test_every_wade_giles_example_reads_as_its_pinyin(name: str, reading: str) -> None:
    assert wade_giles_reading(name) == reading


@pytest.mark.parametrize(
    ("name", "reading"),
    [("Kuang-chou-shih", "guang zhou shi"), ("P\u2019u-yang", "pu yang"), ("HSÜ-CHOU", "xu zhou"),
     ("Yün ch'eng", "yun cheng")],
)  # fmt: skip
def test_wade_giles_reading_handles_marks_case_and_separators(name: str, reading: str) -> None:
    assert wade_giles_reading(name) == reading


@pytest.mark.parametrize(
    "name",
    # One word; pinyin with spaces; not Wade-Giles syllables (Korean, English).
    ["Kuangchou", "Li Peng", "Kim Jong-un", "Moon Jae-in", "Stratford-upon-Avon", "", "-"],
)
def test_names_that_are_not_wade_giles_have_no_reading(name: str) -> None:
    assert wade_giles_reading(name) is None


@pytest.mark.parametrize(
    ("read", "name", "reading"),
    [(slavic_reading, n, r) for n, r in SLAVIC_EXAMPLES]
    + [(postal_reading, n, r) for n, r in POSTAL_EXAMPLES]
    + [(ending_reading, n, r) for n, r in ENDING_EXAMPLES],
)
def test_every_slavic_postal_and_ending_example_reads_as_given(read, name, reading) -> None:
    assert read(name) == reading


@pytest.mark.parametrize(
    ("read", "name", "reading"),
    [(palladius_readings, n, r) for n, r in PALLADIUS_EXAMPLES]
    + [(czech_readings, n, r) for n, r in CZECH_EXAMPLES]
    + [(korean_readings, n, r) for n, r in KOREAN_EXAMPLES],
)
def test_every_syllable_system_example_reads_as_given(read, name, reading) -> None:
    assert reading in read(name)


def test_a_spelling_of_two_pinyin_syllables_gives_both_readings() -> None:
    # Korean 창 is chang, cang and qiang; 더 only de.
    assert set(korean_readings("창더")) == {"changde", "cangde", "qiangde"}


@pytest.mark.parametrize(
    ("read", "name"),
    # Slavic: pinyin (j is not y there), another script, no Slavic letter.
    [(slavic_reading, n) for n in ["Xinjiang", "Hu Jintao", "Пекин", "Seoul", ""]]
    # Postal: pinyin already; not in Latin letters; rewritten, but not into pinyin syllables.
    + [(postal_reading, n)
       for n in ["Xinjiang", "Tianjin", "Пекин", "Moscow", "Kingston", "Kim Yong Chol", ""]]
    # Endings: none; too short a stem before one; not in Latin letters.
    # (Takashi is a given name, not a place "taka" with a designator.)
    + [(ending_reading, n) for n in ["Athens", "Texas", "Paris", "Takashi", "Вильнюс", ""]],
)  # fmt: skip
def test_names_without_a_slavic_postal_or_ending_reading(read, name: str) -> None:
    assert read(name) is None


@pytest.mark.parametrize(
    ("read", "name"),
    # Palladius: Russian words that are not Chinese syllables; one syllable only; a Korean
    # name through Russian; pinyin (its apostrophe is before a vowel); English words with y;
    # Russian romanized, but not Chinese.
    [(palladius_readings, n)
     for n in ["Москва", "Пекин", "Хан", "Khan", "Ким Чен Ын", "Xi'an", "Nanjing", "Sunday",
               "Khabarovsk", ""]]
    # Czech: Czech words that are not Chinese syllables; pinyin; no Czech mark.
    + [(czech_readings, n) for n in ["Dvořák", "Mikuláš", "Čech", "Xi'an", "Praha", ""]]
    # Korean: Korean names, with finals (k, l, m, p, t) that Chinese syllables do not have, or
    # without a spelling only transcriptions have (Jeonju would read zhenzhu); English words.
    + [(korean_readings, n)
       for n in ["대구", "서울", "김정은", "전주", "Jeonju", "Cheongju-si", "Leo", "Odessa", ""]],
)  # fmt: skip
def test_names_in_no_syllable_system(read, name: str) -> None:
    assert read(name) == ()


def test_readings_chain_slavic_into_wade_giles() -> None:
    assert readings("Lan-čou") == ("lan-chou", "lan zhou")
    assert readings("Kuang-chou") == ("guang zhou",)
    assert readings("Seoul") == ()
