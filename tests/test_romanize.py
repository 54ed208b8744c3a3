import pytest
from hypothesis import given
from hypothesis import strategies as st
from unidecode import unidecode

from entnorm.keys import plain
from entnorm.readings import abjad_latin_reading, abjad_reading, indic_reading, readings
from entnorm.romanize import EXAMPLES, romanize

READ_AS_PLAIN = [(a, b) for section in ("kana", "hangul", "thai", "ethiopic", "armenian",
                                     "arabic_letters", "latin_cyrillic_letters")
                 for a, b in EXAMPLES[section]]  # fmt: skip


@pytest.mark.parametrize(("native", "reading"), READ_AS_PLAIN)
def test_every_script_example_reads_as_given(native: str, reading: str) -> None:
    assert plain(native) == plain(reading)


@pytest.mark.parametrize(("native", "reading"), EXAMPLES["abjad"])
def test_every_abjad_example_reads_as_given(native: str, reading: str) -> None:
    assert plain(abjad_reading(native)) == plain(reading)


@pytest.mark.parametrize(("romanized", "reading"), EXAMPLES["abjad_latin"])
def test_every_letter_by_letter_abjad_example_reads_as_given(romanized: str, reading: str) -> None:
    assert abjad_latin_reading(romanized) == reading
    assert reading in readings(romanized)


@pytest.mark.parametrize(
    "name",
    # w and y after a vowel or before one, as English, pinyin and Wade-Giles write them; vowel
    # letters other than a (Mysore read as "misore" matched Misr, Cairo); a code.
    ["Bombay", "Kwangchow", "New York", "Kim Yong Chol", "Hu Jintao", "Kyiv", "Yaroslavl", "",
     "مومبای", "Mysore", "Sydney", "takasaky gwnmo", "ASW"],
)  # fmt: skip
def test_names_not_romanized_letter_by_letter_have_no_such_reading(name: str) -> None:
    assert abjad_latin_reading(name) is None


@pytest.mark.parametrize(("native", "reading"), EXAMPLES["indic"])
def test_every_indic_example_reads_as_given(native: str, reading: str) -> None:
    assert plain(indic_reading(native)) == plain(reading)


def test_indic_names_keep_their_letter_by_letter_key_and_gain_a_reading() -> None:
    assert plain("बन्नू") == "bnnuu"
    assert readings("बन्नू") == ("bannuu",)
    # A nukta changes the consonant, not its vowel: फ़ is f, with its inherent a.
    assert indic_reading("नजफ़गढ़") == "najaphagaddh"


def test_the_examples_differ_from_unidecode() -> None:
    # An example that unidecode already reads right would test nothing.
    for native, reading in READ_AS_PLAIN:
        assert plain(reading) != plain(unidecode(native)), native


def test_abjad_names_keep_their_letter_by_letter_key_and_gain_a_reading() -> None:
    # Letter-by-letter forms ("bwsan") are what some romanizations print: they must still
    # meet the name exactly.
    assert plain("بوسان") == "bwsan"
    assert readings("بوسان") == ("busan",)


@pytest.mark.parametrize("name", ["Busan", "Пусан", "부산", "釜山", ""])
def test_names_in_other_scripts_have_no_abjad_or_indic_reading(name: str) -> None:
    assert abjad_reading(name) is None
    assert indic_reading(name) is None


@pytest.mark.parametrize(
    ("native", "key"),
    [
        ("ラートゥール", "raturu"),  # long-vowel marks dropped, small u replaces the o
        ("まっちゃ", "matcha"),  # a doubled ch is tch
        ("ッ", ""),  # a small tsu with nothing to double
        ("ャ", "ya"),  # a small ya with no syllable to join
        ("ሇ", unidecode("ሇ")),  # not one of the seven orders: left to unidecode
    ],
)
def test_edge_cases(native: str, key: str) -> None:
    assert romanize(native) == key


@given(st.text())
def test_romanize_always_gives_ascii(text: str) -> None:
    assert romanize(text).isascii()
    for reading in (abjad_reading(text), indic_reading(text), abjad_latin_reading(text)):
        assert reading is None or reading.isascii()
