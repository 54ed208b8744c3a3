"""CLDR: the names of the world's countries and territories in every language CLDR covers.

Read through Babel, which ships the CLDR data (``pip install "entnorm[import]"``). One entity per
ISO 3166-1 code (``iso3166:KP``), type GPE, named in English by CLDR unless an overrides table
gives the common English name. A name from another language is kept only when it can stand for
the place in running text:

- ``X (Y)`` gives two names, X and Y ("Myanmar (Burma)");
- names with other characters than letters, marks, spaces, hyphens, apostrophes, periods and "&"
  are left out: they are lists or sort keys ("Korea, North"), or carry punctuation;
- a name of fewer than 4 letters is left out unless written in capitals (an abbreviation such as
  "АКШ"): short words of one language are names in another;
- a Latin-script name that is a common English word (``wordfreq`` Zipf frequency at least
  ``english_word_zipf``, 3.0 = once per million words) is left out unless it is an English name
  of that territory: one language's name for China is the English "Shine";
- a name that is the English adjective of an English name is left out: Swahili calls Pakistan
  "Pakistani", which in English text names its people.

Names in English and in the territory's official languages (CLDR's territory data, de facto
included) are ``aliases``; the names other languages give it are ``exact_aliases``, matched as
written but never fuzzily: a writer garbles "Magyarország" or "Hungary", seldom the Italian
"Ungheria", while 15,000 exonyms in the fuzzy stage would crowd out other entities' variants.

Data: Unicode CLDR (https://cldr.unicode.org), Unicode License v3.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ..aliases import Entity
from ..errors import InputError
from ..keys import compact, plain
from ..words import ENGLISH_WORD_ZIPF, TEXT_DEMONYM_ENDINGS, english_word_test, is_demonym
from . import unique_aliases

#: CLDR region codes that are not ISO 3166-1 countries or territories: groupings, the unknown
#: region, and the exceptionally reserved codes of places that belong to another country.
#: Kosovo (XK, user-assigned) is kept: writers name it as a country.
NOT_TERRITORIES = frozenset({"EU", "EZ", "UN", "QO", "ZZ", "AC", "CP", "CQ", "DG", "EA", "IC",
                             "TA"})  # fmt: skip
MIN_LETTERS = 4
#: A qualifier in capitals of at most this many letters is an abbreviation.
_ABBREVIATION_LETTERS = 5
_PARENTHESIS = re.compile(r"^(.+?)\s*\((.+)\)$")
_NAME_PUNCTUATION = frozenset(" -'.&\N{RIGHT SINGLE QUOTATION MARK}")


def attribution() -> str:
    import babel

    return (
        "Data from the Unicode CLDR (https://cldr.unicode.org), Unicode License v3, "
        f"as shipped by Babel {babel.__version__}."
    )


def read_cldr(
    locales: Sequence[str] | None = None,
    overrides: Iterable[Entity] = (),
    english_word_zipf: float = ENGLISH_WORD_ZIPF,
) -> Iterator[Entity]:
    """Countries and territories with their names in ``locales`` (language codes such as
    ``de`` or ``zh``, each with its regional and script variants; default every locale).

    ``overrides`` are entities with ids ``iso3166:XX`` whose name replaces CLDR's English name
    and whose aliases (official names, abbreviations) come first.
    """
    try:
        from babel import Locale, localedata
        from babel.languages import get_official_languages
    except ImportError as exc:
        raise InputError("E309", package=exc.name) from exc
    is_english_word = english_word_test(english_word_zipf)
    ids = _locale_ids(localedata.locale_identifiers(), locales)
    english = Locale.parse("en").territories
    codes = sorted(c for c in english if len(c) == 2 and c.isalpha() and c not in NOT_TERRITORIES)
    fixed = {e.id: e for e in overrides}
    unknown = sorted(set(fixed) - {f"iso3166:{c}" for c in codes})
    if unknown:
        raise InputError("E311", ids=", ".join(unknown))

    official = {
        c: {"en", *(lang.split("_")[0] for lang in get_official_languages(c, de_facto=True))}
        for c in codes
    }
    names, exonyms, english_names = _territory_names(Locale, ids, codes, official)

    def keep(code: str, name: str) -> bool:
        key = plain(name)
        if key in english_names[code]:
            return _well_formed(name)
        if not _well_formed(name):
            return False
        if len(compact(key)) < MIN_LETTERS and not name.isupper():
            return False
        if any(is_demonym(key, e, TEXT_DEMONYM_ENDINGS) for e in english_names[code]):
            return False
        return not is_english_word(name)

    for code in codes:
        entity_id = f"iso3166:{code}"
        base = fixed.get(entity_id)
        name = base.name if base else english[code]
        extra = list(base.aliases) if base else []
        # Regional locales repeat their language's names: judge each name once.
        kept = [n for n in dict.fromkeys(names[code]) if keep(code, n)]
        aliases = unique_aliases(name, [*extra, *kept])
        exact = unique_aliases(name, (n for n in dict.fromkeys(exonyms[code]) if keep(code, n)))
        yield Entity(entity_id, name, "GPE", aliases, base.wikidata if base else None,
                     exact_aliases=tuple(n for n in exact if n not in aliases))  # fmt: skip


def _locale_ids(available: Iterable[str], locales: Sequence[str] | None) -> list[str]:
    """The CLDR locales of the given languages (each with its regional and script variants)."""
    ids = sorted(available)
    if not locales:
        return ids
    wanted = {loc.replace("-", "_").lower() for loc in locales}
    ids = [i for i in ids if i.lower() in wanted or i.split("_")[0].lower() in wanted]
    if not ids:
        raise InputError("E310", locales=sorted(wanted))
    return ids


def _territory_names(
    locale_class: Any, ids: Sequence[str], codes: Sequence[str], official: dict[str, set[str]]
) -> tuple[dict[str, list[str]], dict[str, list[str]], dict[str, set[str]]]:
    """Each territory's names in its official languages and in the others (exonyms), and the
    plain keys of its English names."""
    names: dict[str, list[str]] = {c: [] for c in codes}
    exonyms: dict[str, list[str]] = {c: [] for c in codes}
    english_names: dict[str, set[str]] = {c: set() for c in codes}
    for locale_id in ["en", *(i for i in ids if i != "en")]:
        locale = locale_class.parse(locale_id)
        # English in another script (Deseret, Shavian) is an exonym like any other.
        language = locale.language if locale.script is None or locale.language != "en" else ""
        territories = locale.territories
        # A qualifier that names another territory is no name of this one: the abbreviation of
        # the United States in the Russian name of the US Minor Outlying Islands, "SAR China"
        # in Hong Kong's.
        bare = {plain(_split(territories.get(c, ""))[0]) for c in codes if territories.get(c)}
        for code in codes:
            own = _split(territories.get(code, ""))
            for name in own[:1] + [q for q in own[1:] if not _names_another(q, own[0], bare)]:
                if language == "en":
                    english_names[code].add(plain(name))
                (names if language in official[code] else exonyms)[code].append(name)
    return names, exonyms, english_names


def _names_another(qualifier: str, name: str, bare: set[str]) -> bool:
    """Whether a parenthesized qualifier names another territory of the locale, holds one among
    its words ("SAR China": a special administrative region of China), or is an abbreviation
    in capitals (another country's, as the Russian one of the United States)."""
    key = plain(qualifier)
    letters = [ch for ch in qualifier if ch.isalpha()]
    abbreviation = qualifier.isupper() and len(letters) <= _ABBREVIATION_LETTERS
    return key != plain(name) and (
        abbreviation or key in bare or any(w in bare for w in key.split())
    )


def _split(name: str) -> list[str]:
    name = name.strip()
    if not name:
        return []
    m = _PARENTHESIS.match(name)
    return [m.group(1), m.group(2)] if m else [name]


def _well_formed(name: str) -> bool:
    return all(
        ch in _NAME_PUNCTUATION or unicodedata.category(ch)[0] in "LM" for ch in name
    ) and any(ch.isalpha() for ch in name)
