"""Resolve the most frequent English words, capitalized, against the bundled tables.

A word is no place, person or organisation unless the tables list it as written: each match is
printed, and a match that is not the entity's own name as written (London, Chad) or a listed
abbreviation (US) is a wrong canonical name waiting in running text, where the spotter tries
every capitalized word ("Hope" was Kobe, "Court" Surat). wordfreq gives the words.

    python scripts/common_words.py [--top 8000]

With ``--in-text FROM TO``, the rarer words ranked FROM to TO (of four letters or more, below
the common-word bar) each start a sentence, and every mention the pipeline resolves by score
(fuzzy or transliteration: a spelling's near miss, not a listed name) is printed: what the
spotter makes of capitalized words in running text without a model.

    python scripts/common_words.py --in-text 30000 60000
"""

from __future__ import annotations

import argparse

from wordfreq import top_n_list

from entnorm import Match, Mention, Normalizer

SENTENCE = "{} said on Monday that talks would go on."


def audit(normalizer: Normalizer, top: int) -> list[tuple[str, Match]]:
    """Every capitalized word of the ``top`` most frequent English ones that resolves."""
    words = (w.capitalize() for w in top_n_list("en", top) if w.isalpha() and len(w) > 1)
    return [(w, m) for w in words if (m := normalizer.resolve(w))]


def text_audit(normalizer: Normalizer, start: int, stop: int) -> list[tuple[str, Mention]]:
    """Every scored mention in sentences that start with the words ranked ``start`` to
    ``stop``, capitalized."""
    words = [w.capitalize() for w in top_n_list("en", stop)[start:] if w.isalpha() and len(w) > 3]
    return [
        (w, m)
        for w in words
        for m in normalizer.normalize(SENTENCE.format(w)).mentions
        if m.method in ("fuzzy", "transliteration")
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=8000)
    parser.add_argument("--in-text", type=int, nargs=2, metavar=("FROM", "TO"))
    args = parser.parse_args()
    if args.in_text:
        start, stop = args.in_text
        mentions = text_audit(Normalizer(model="none"), start, stop)
        for word, m in mentions:
            print(f"{word}\t{m.canonical}\t{m.method}\t{m.score}")
        print(f"{len(mentions)} scored mentions in sentences starting with the words ranked "
              f"{start}-{stop}")  # fmt: skip
        return
    found = audit(Normalizer(model="none"), args.top)
    for word, match in found:
        print(f"{word}\t{match.canonical}\t{match.method}\t{match.explanation.matched_name}")
    print(f"{len(found)} of the {args.top} most frequent English words resolve")


if __name__ == "__main__":
    main()
