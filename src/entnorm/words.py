"""Words and name forms of English: how common a word is, and which words are demonyms.

A capitalized English word ("Hope", "Court") is usually the word, not a variant of a place
name; a demonym ("North Korean", "Chinese") is one letter from its place and names a people or
a language. The importers, the resolver and the document stage all ask these questions, so the
answers live here, below them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from ._yaml import safe_load
from .romanize import is_latin

#: Zipf frequency (wordfreq) from which a Latin-script name is a common English word: 3.0 is
#: once per million words.
ENGLISH_WORD_ZIPF = 3.0


def english_word_test(zipf: float = ENGLISH_WORD_ZIPF) -> Callable[[str], bool]:
    """A test of whether a name is a common English word in Latin letters ("Shine", "we",
    "CAN"): in English text it would be read as the word, not the place. wordfreq counts names
    too ("Dubai", "Bombay"), so a caller decides which names the test may remove."""

    def is_english_word(name: str) -> bool:
        # Imported here: wordfreq and its English list take 0.2 s, which only a one-word query
        # pays.
        from wordfreq import zipf_frequency

        return is_latin(name) and zipf_frequency(name, "en") >= zipf

    return is_english_word


@lru_cache(maxsize=65536)
def is_common_word(name: str, zipf: float) -> bool:
    """Whether a name is one word in Latin letters that English uses at least ``zipf`` (wordfreq's
    Zipf scale: 3 is once per million words): "Hope", "Court", "George"."""
    word = name.strip()
    if not word.isalpha():
        return False
    return english_word_test(zipf)(word)


#: English demonym and adjective endings, and how a place name's last word may end where the
#: ending begins (Korea-n, Chin-ese/Chin-a, Ital-ian/Ital-y, Mexic-an/Mexic-o). "North Korean"
#: is one letter from "North Korea" but names a people or a language (NORP), not the place.
#: The "-i" of "Pakistani" is left out here: in other languages it inflects place names
#: ("Beiruti", "Kievi"); in running English text the pipeline adds it (``TEXT_DEMONYM_ENDINGS``).
DEMONYM_ENDINGS = frozenset({"n", "an", "ian", "ean", "ese", "ish"})
TEXT_DEMONYM_ENDINGS = DEMONYM_ENDINGS | {"i"}
#: In running text, also the plurals that name the people ("North Koreans", "Pakistanis").
PLURAL_DEMONYM_ENDINGS = TEXT_DEMONYM_ENDINGS | {"ns", "ans", "ians", "eans", "is"}
PLACE_ENDINGS = ("", "a", "e", "ia", "o", "y")
#: The types a demonym is refused for.
DEMONYM_TYPES = frozenset({"GPE", "LOC"})


def is_demonym(query: str, name: str, endings: frozenset[str] = DEMONYM_ENDINGS) -> bool:
    """Whether a plain key is a demonym or adjective of a place's plain key ("north korean" of
    "north korea", "chinese" of "china"): the same words but the last, which adds an ending."""
    q, n = query.split(), name.split()
    if not q or len(q) != len(n) or q[:-1] != n[:-1]:
        return False
    word, place = q[-1], n[-1]
    for end in PLACE_ENDINGS:
        stem = place[: len(place) - len(end)]
        if (
            place.endswith(end)
            and len(stem) >= 3
            and word.startswith(stem)
            and word[len(stem) :] in endings
        ):
            return True
    return False


#: A word of a name, for matching titles: letters and digits, with inner apostrophes and hyphens.
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")


@lru_cache(maxsize=1)
def mention_words() -> dict[str, list[str]]:
    """The word lists of ``data/mentions.yaml`` (titles, articles, connectors, ...), read once
    for the resolver and the document stage."""
    text = resources.files("entnorm").joinpath("data/mentions.yaml").read_text("utf-8")
    return safe_load(text)  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def _titles() -> tuple[tuple[str, ...], ...]:
    """The titles and honorifics of ``data/mentions.yaml`` as word tuples, longest first."""
    titles = {tuple(_WORD.findall(t.casefold())) for t in mention_words()["titles"]}
    return tuple(sorted(titles, key=len, reverse=True))


def without_title(name: str) -> str | None:
    """``name`` without the title or honorific that leads it ("President Emmanuel Macron",
    "Dr. Angela Merkel"), when at least two words remain; else None. A title before one word
    is as often part of a name ("General Motors", "Prince Edward")."""
    words = list(_WORD.finditer(name))
    folded = tuple(m.group().casefold() for m in words)
    for title in _titles():
        if folded[: len(title)] == title and len(words) - len(title) >= 2:
            return name[words[len(title)].start() :].strip()
    return None
