"""Resolve the most frequent English words, capitalized, against the bundled tables.

A word is no place, person or organisation unless the tables list it as written: each match is
printed, and a match that is not the entity's own name as written (London, Chad) or a listed
abbreviation (US) is a wrong canonical name waiting in running text, where the spotter tries
every capitalized word ("Hope" was Kobe, "Court" Surat). wordfreq gives the words.

    python scripts/common_words.py [--top 8000]
"""

from __future__ import annotations

import argparse

from wordfreq import top_n_list

from entnorm import Match, Normalizer


def audit(normalizer: Normalizer, top: int) -> list[tuple[str, Match]]:
    """Every capitalized word of the ``top`` most frequent English ones that resolves."""
    words = (w.capitalize() for w in top_n_list("en", top) if w.isalpha() and len(w) > 1)
    return [(w, m) for w in words if (m := normalizer.resolve(w))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=8000)
    args = parser.parse_args()
    found = audit(Normalizer(model="none"), args.top)
    for word, match in found:
        print(f"{word}\t{match.canonical}\t{match.method}\t{match.explanation.matched_name}")
    print(f"{len(found)} of the {args.top} most frequent English words resolve")


if __name__ == "__main__":
    main()
