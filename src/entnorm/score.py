"""Similarity between a query name and one candidate name, over several key views.

Each view catches a different kind of variant: ``plain`` spelling slips (Biegun/Bigun), ``folded``
romanization-system differences (Pangmundzhom/Panmunjom), ``aligned`` word-by-word agreement
regardless of order (Plan of Action/Action Plan). The score is the best view's, and the
explanation keeps every view's figure so that a decision can be read back.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Indel

from .keys import STOPWORDS, Keys, is_pinyin

#: How much the folded view counts against the plain one. Folding also merges some sounds that
#: really differ, so a perfect folded match with a distant plain spelling is not a perfect match.
FOLDED_WEIGHT = 0.7
#: Discount on a plain match between two different pinyin spellings (see ``same_system``).
SAME_SYSTEM_DISCOUNT = 0.9


@dataclass(frozen=True, slots=True)
class ViewScore:
    """One view's similarity between the query and a candidate name (0..1)."""

    view: str
    query_key: str
    name_key: str
    score: float


def _ratio(a: str, b: str) -> float:
    return Indel.normalized_similarity(a, b)


def aligned(query_words: list[str], name_words: list[str]) -> float:
    """Order-free word alignment: each query word pairs with its best unused name word.

    The result weighs every word by its length and counts unpaired words of either side as
    misses, so a name with an extra word ("2018 Winter Olympics" for "Winter Olympics") scores
    below one that has the same words.
    """
    q = [w for w in query_words if w not in STOPWORDS] or query_words
    n = [w for w in name_words if w not in STOPWORDS] or name_words
    total = sum(map(len, q)) + sum(map(len, n))
    if not total:
        return 0.0
    unused = list(n)
    matched = 0.0
    # Longest words first: they carry the most identity and should claim their partner first.
    for word in sorted(q, key=len, reverse=True):
        if not unused:
            break
        best_i, best = 0, -1.0
        for i, cand in enumerate(unused):
            s = _ratio(word, cand)
            if s > best:
                best_i, best = i, s
        cand = unused.pop(best_i)
        matched += best * (len(word) + len(cand))
    return matched / total


def same_system(query: Keys, name: Keys) -> bool:
    """Whether both spellings are pinyin-shaped, so that folding cannot explain a difference."""
    return is_pinyin(query.plain) and is_pinyin(name.plain)


def score_views(query: Keys, name: Keys) -> tuple[ViewScore, ...]:
    """Every applicable view's similarity (0..1) between a query and one candidate name."""
    plain = _ratio(query.plain_compact, name.plain_compact)
    if same_system(query, name):
        if plain < 1.0:
            plain *= SAME_SYSTEM_DISCOUNT
        return (ViewScore("plain", query.plain_compact, name.plain_compact, plain),)
    folded = _ratio(query.folded_compact, name.folded_compact)
    scores = [
        ViewScore("plain", query.plain_compact, name.plain_compact, plain),
        ViewScore("folded", query.folded_compact, name.folded_compact,
                  FOLDED_WEIGHT * folded + (1 - FOLDED_WEIGHT) * plain),
    ]  # fmt: skip
    qw, nw = query.folded.split(), name.folded.split()
    if len(qw) > 1 or len(nw) > 1:
        scores.append(ViewScore("aligned", query.folded, name.folded, aligned(qw, nw)))
    return tuple(scores)


def best_view(scores: tuple[ViewScore, ...]) -> ViewScore:
    """The view that decides a name's score (the first of equals, in view order)."""
    return max(scores, key=lambda s: s.score)
