"""Readings (entnorm.readings): other romanization systems read into the tables' spellings."""

import sys

import pytest

from entnorm.keys import korean_name_key, plain
from entnorm.readings import (
    ARTICLE_EXAMPLES,
    CZECH_EXAMPLES,
    ENDING_EXAMPLES,
    KOREAN_CYRILLIC_EXAMPLES,
    KOREAN_EXAMPLES,
    KOREAN_RUSSIAN_LATIN_EXAMPLES,
    ORTHOGRAPHY_EXAMPLES,
    PALLADIUS_EXAMPLES,
    POLIVANOV_EXAMPLES,
    POSTAL_EXAMPLES,
    SLAVIC_EXAMPLES,
    WADE_GILES_EXAMPLES,
    article_reading,
    czech_readings,
    ending_reading,
    korean_cyrillic_readings,
    korean_readings,
    korean_russian_latin_readings,
    orthography_reading,
    palladius_readings,
    polivanov_reading,
    postal_reading,
    readings,
    slavic_reading,
    unmarked_readings,
    wade_giles_reading,
    wade_giles_readings,
)

from .conftest import table_resolver


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


def test_wade_giles_without_its_marks_is_also_read_aspirated() -> None:
    # Written without apostrophes, p, t, k, ch and ts may each have lost one.
    unmarked = wade_giles_readings("Hsi Chin-ping")
    assert unmarked[0] == wade_giles_reading("Hsi Chin-ping") == "xi jin bing"
    assert "xi jin ping" in unmarked
    assert "li ke qiang" in wade_giles_readings("Li Ko-chiang")
    # Marks written are trusted: one reading.
    assert wade_giles_readings("Hsi Chin-p\u2019ing") == ("xi jin ping",)
    assert wade_giles_readings("Li Peng") == ()
    assert len(wade_giles_readings("Chang Chun-chiao Chang-chou-tsun")) == 8
    # The resolver scores the first reading only; the others it meets exactly.
    assert unmarked_readings("Hsi Chin-ping") == wade_giles_readings("Hsi Chin-ping")[1:]
    assert "xi jin ping" not in readings("Hsi Chin-ping")


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
    assert readings("Seoul") == ("seul",)  # its French reading only


@pytest.mark.parametrize(("cyrillic", "latin"), KOREAN_CYRILLIC_EXAMPLES)
def test_every_korean_cyrillic_example_meets_its_latin_spelling(cyrillic: str, latin: str) -> None:
    keys = {korean_name_key(plain(r)) for r in korean_cyrillic_readings(cyrillic)}
    assert korean_name_key(plain(latin)) in keys


@pytest.mark.parametrize("name", ["Владимир Путин", "Сергей Лавров", "Пхеньян", "Kim Jong Un"])
def test_names_that_are_not_korean_in_cyrillic_have_no_such_reading(name: str) -> None:
    assert korean_cyrillic_readings(name) == ()


@pytest.mark.parametrize(("name", "reading"), POLIVANOV_EXAMPLES)
def test_every_polivanov_example_reads_as_given(name: str, reading: str) -> None:
    assert polivanov_reading(name) == plain(reading)


@pytest.mark.parametrize("name", ["Владимир Путин", "Hiroshima"])
def test_names_without_a_polivanov_reading(name: str) -> None:
    assert polivanov_reading(name) is None


@pytest.mark.parametrize(("language", "name", "reading"), ORTHOGRAPHY_EXAMPLES)
def test_every_orthography_example_reads_as_given(language: str, name: str, reading: str) -> None:
    assert orthography_reading(language, name) == plain(reading)


@pytest.mark.parametrize(
    ("language", "name"),
    [("turkish", "Istanbul"), ("turkish", "Ankara"), ("german", "Berlin"), ("french", "Paris"),
     ("polish", "Mikhail Gorbachev"), ("german", "Михаил Горбачёв"), ("turkic", "Qingdao"),
     ("turkish", "Isaac Newton")],
)  # fmt: skip
def test_names_without_a_mark_of_the_orthography_have_no_reading(language: str, name: str) -> None:
    assert orthography_reading(language, name) is None


def test_each_orthography_gives_one_more_reading_of_a_name() -> None:
    assert {"mikhail gorbachov", "mikhail gorbachev"} <= set(
        readings("Michail Gorbatschow") + readings("Mikhaïl Gorbatchev")
    )


def test_a_cyrillic_name_with_letters_korean_lacks_has_no_korean_reading() -> None:
    assert korean_cyrillic_readings("Ли Шанфу") == ()


def test_kanji_read_as_japanese_with_long_vowels_short() -> None:
    pytest.importorskip("pykakasi")
    from entnorm.readings import japanese_readings

    assert japanese_readings("広島") == ("hiroshima",)
    assert japanese_readings("東京") == ("tokyo", "toukyou")
    # Two vowels that are two syllables stay: i-no-u-e.
    assert "inoue" in japanese_readings("井上")
    assert {"matsumotoshi", "matsumoto"} <= set(readings("松本市"))
    # 厦 is a simplified Chinese character, which Japanese does not write.
    assert japanese_readings("厦门") == ()
    assert japanese_readings("Hiroshima") == ()


def test_chinese_characters_read_by_word() -> None:
    pytest.importorskip("pypinyin")
    from entnorm.readings import chinese_reading

    assert chinese_reading("重庆") == "chong qing"
    # The romanizer reads it the same way already.
    assert chinese_reading("北京") is None


def test_without_the_script_readers_their_readings_are_skipped(monkeypatch) -> None:
    from entnorm import readings as module

    monkeypatch.setitem(sys.modules, "pykakasi", None)
    monkeypatch.setitem(sys.modules, "pypinyin", None)
    caches = (module._kakasi, module.japanese_readings, module.chinese_reading,
              module._lazy_pinyin)  # fmt: skip
    for cached in caches:
        cached.cache_clear()
    try:
        assert module.japanese_readings("広島") == ()
        assert module.chinese_reading("重庆") is None
    finally:
        for cached in caches:
            cached.cache_clear()


def test_a_kanji_name_resolves_to_a_table_that_lists_it_in_latin_only(tmp_path) -> None:
    pytest.importorskip("pykakasi")
    resolver = table_resolver(
        tmp_path,
        "{id: hiroshima, name: Hiroshima, type: GPE}",
        "{id: matsumoto, name: Matsumoto, type: GPE}",
    )
    assert resolver.canonicalize("広島") == "Hiroshima"
    assert resolver.canonicalize("松本市") == "Matsumoto"
    assert resolver.resolve("福岡") is None


@pytest.mark.parametrize(("name", "reading"), ARTICLE_EXAMPLES)
def test_every_arabic_article_example_reads_with_al(name: str, reading: str) -> None:
    assert article_reading(name) == plain(reading)


@pytest.mark.parametrize(
    "name", ["Bashar al-Assad", "Jean-Pierre Raffarin", "Ed Miliband", "Dan-Ar Hotels"]
)
def test_names_without_another_hyphened_article_have_no_article_reading(name: str) -> None:
    assert article_reading(name) is None


@pytest.mark.parametrize(("latin", "spelling"), KOREAN_RUSSIAN_LATIN_EXAMPLES)
def test_korean_names_romanized_from_the_russian_meet_their_spelling(latin, spelling) -> None:
    keys = {korean_name_key(plain(r)) for r in korean_russian_latin_readings(latin)}
    assert korean_name_key(plain(spelling)) in keys


@pytest.mark.parametrize("name", ["Kim Jong Un", "Peter Mayer", "Ким Ир Сен"])
def test_names_without_a_russian_romanization_mark_have_no_such_reading(name: str) -> None:
    assert korean_russian_latin_readings(name) == ()
