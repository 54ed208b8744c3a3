"""Similarity between a query name and one candidate name, over several key views.

Each view catches a different kind of variant: ``plain`` spelling slips (Biegun/Bigun), ``folded``
romanization-system differences (Pkhanmundzhom/Panmunjom), ``aligned`` word-by-word agreement
regardless of order (Plan of Action/Action Plan), ``skeleton`` consonants for romanized abjads
that leave vowels unwritten (mskw/Moscow) and for transcriptions into syllabic scripts that add
them (magunitogorusuku/Magnitogorsk). The score is the best view's, and the explanation
keeps every view's figure so that a decision can be read back.

The views are rules; ``EditModel`` is learned: how likely one spelling is to be another's
rewriting, letter by letter, by a stochastic edit model trained on names of GeoNames cities
(``scripts/train_edits.py``). The resolver blends it into the scores of an entity's closest
names, where it tells the variant of a name (Anking/Anqing) from a look-alike (Ankang).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from rapidfuzz.distance import Indel

from ._yaml import safe_load
from .keys import GIVEN_NAMES, Keys, skeleton

#: How much the folded view counts against the plain one. Folding also merges some sounds that
#: really differ, so a perfect folded match with a distant plain spelling is not a perfect match.
FOLDED_WEIGHT = 0.7
#: Discount on a plain match between two different pinyin spellings (see ``same_system``).
SAME_SYSTEM_DISCOUNT = 0.9
#: In word alignment, a word pair below this similarity is a different word and earns nothing
#: (Defense/State), while a garbled translation of the same word keeps partial credit.
WORD_FLOOR = 0.5
#: A two-word name scores at most its weakest word pair plus this: a shared given name must not
#: carry a different surname (Vladimir Kolotov / Vladimir Kolokoltsev).
WEAKEST_WORD_SLACK = 0.10
#: Weight of the skeleton ratio in the skeleton view; the rest is the better of the plain and
#: folded ratios, so that two names with one skeleton but unlike spellings do not score high.
SKELETON_WEIGHT = 0.5
#: What a trailing place designator costs in the plain view: "Nakano City" and "Nakano" are
#: compared without it as well, at 0.95 (as written they are 0.75 apart, which let "Nagano"
#: come within the margin through the folded view, where k and g meet).
DESIGNATOR_COST = 0.05
#: Skeletons shorter than this carry too little to compare.
MIN_SKELETON = 3
#: From this many content words of at least ``LONG_WORD_LETTERS`` letters on both sides, only
#: word alignment is scored: long compact strings share so much ("United States Department of
#: ...") that they hide a swapped word. Syllables written apart ("Mun Jae In") are not such words.
LONG_NAME_WORDS = 3
LONG_WORD_LETTERS = 3
#: Word pairs this short are judged by the learned edit model too (see ``aligned``): one letter
#: is a third or a half of them to edit similarity. Longer pairs keep edit similarity alone,
#: which is fine-grained enough there and costs no dynamic program in the word alignment.
SHORT_WORD_LETTERS = 3


@dataclass(frozen=True, slots=True)
class ViewScore:
    """One view's similarity between the query and a candidate name (0..1)."""

    view: str
    query_key: str
    name_key: str
    score: float


def _ratio(a: str, b: str) -> float:
    return Indel.normalized_similarity(a, b)


def aligned(q: Sequence[str], n: Sequence[str]) -> tuple[float, float]:
    """Order-free word alignment: each query word pairs with its best unused name word.

    Returns the length-weighted share of matched characters, counting unpaired words of either
    side as misses (so "Winter Olympics" scores below 1 against "2018 Winter Olympics"), and
    the similarity of the weakest query word's pairing. For short words that one is the better
    of the edit similarity and the learned edit model's: one letter is half of a two-letter
    word, but y and i are one sound in "Yn" and "In" (Ын, Ин), and the model knows it (0.90;
    "Un" and "Il": 0).
    """
    total = sum(map(len, q)) + sum(map(len, n))
    if not total:
        return 0.0, 0.0
    unused = list(n)
    matched = 0.0
    weakest = 1.0
    # Longest words first: they carry the most identity and should claim their partner first.
    for word in sorted(q, key=len, reverse=True):
        best_i, best = 0, 0.0
        # ``same_given_name``, with the query word's group looked up once for all its pairs.
        group = GIVEN_NAMES.get(word)
        for i, cand in enumerate(unused):
            if group is not None and GIVEN_NAMES.get(cand) == group:
                s = 1.0
            else:
                s = Indel.normalized_similarity(word, cand)
            if s > best:
                best_i, best = i, s
        if not unused:
            weakest = 0.0
        elif best < weakest and max(len(word), len(unused[best_i])) <= SHORT_WORD_LETTERS:
            weakest = min(weakest, max(best, edit_model().similarity(word, unused[best_i])))
        else:
            weakest = min(weakest, best)
        if best > WORD_FLOOR:
            cand = unused.pop(best_i)
            matched += best * (len(word) + len(cand))
    return matched / total, weakest


def _long_words(words: Sequence[str]) -> int:
    return sum(1 for w in words if len(w) >= LONG_WORD_LETTERS)


def same_system(query: Keys, name: Keys) -> bool:
    """Whether both spellings are pinyin-shaped, so that folding cannot explain a difference."""
    return query.pinyin and name.pinyin


def score_views(query: Keys, name: Keys) -> tuple[ViewScore, ...]:
    """Every applicable view's similarity (0..1) between a query and one candidate name."""
    qn, nn = query.numbers, name.numbers
    if qn and nn and qn != nn:
        # Numbers identify: the 2014 and the 2018 Winter Olympics are different events.
        return (ViewScore("numbers", " ".join(sorted(qn)), " ".join(sorted(nn)), 0.0),)
    qw, nw = query.content, name.content
    if _long_words(qw) >= LONG_NAME_WORDS and _long_words(nw) >= LONG_NAME_WORDS:
        return (ViewScore("aligned", query.folded, name.folded, aligned(qw, nw)[0]),)
    q, n = query.plain_core, name.plain_core
    if same_system(query, name):
        same = 1.0 if q == n else _ratio(q, n) * SAME_SYSTEM_DISCOUNT
        return (ViewScore("plain", q, n, same),)
    plain = _ratio(query.plain_compact, name.plain_compact)
    if (q, n) != (query.plain_compact, name.plain_compact):
        plain = max(plain, _ratio(q, n) - DESIGNATOR_COST)
    folded = (
        FOLDED_WEIGHT * _ratio(query.folded_compact, name.folded_compact)
        + (1 - FOLDED_WEIGHT) * plain
    )
    scores = [
        ViewScore("plain", query.plain_compact, name.plain_compact, plain),
        ViewScore("folded", query.folded_compact, name.folded_compact, folded),
    ]
    # Only a syllabic *query* is compared by skeleton: listed names are rarely such
    # transcriptions, and comparing theirs too matched more NIL rows for no more positives.
    # Nor is a query of two words more than the name, unless syllabic ("ha ba luo fu si ke"):
    # three Korean syllables through Russian ("Mun Chzhe Yn") have the consonants of "Munchen".
    apart = len(qw) > len(nw) + 1 and not query.syllabic
    if (query.vowel_poor or name.vowel_poor or query.syllabic) and not apart:
        qs, ns = skeleton(query.folded), skeleton(name.folded)
        if min(len(qs), len(ns)) >= MIN_SKELETON:
            s = SKELETON_WEIGHT * _ratio(qs, ns) + (1 - SKELETON_WEIGHT) * max(plain, folded)
            scores.append(ViewScore("skeleton", qs, ns, s))
    if len(qw) > 1 or len(nw) > 1:
        share, weakest = aligned(qw, nw)
        if len(nw) == 1:
            # Query words beyond a one-word name count as misses in the share, but a short
            # one costs little: "Hu Jintao" must not align to "Chindao" on its given name.
            share = min(share, weakest + WEAKEST_WORD_SLACK)
        scores.append(ViewScore("aligned", query.folded, name.folded, share))
        if len(qw) > 1 and len(nw) > 1:
            cap = weakest + WEAKEST_WORD_SLACK
            scores = [ViewScore(s.view, s.query_key, s.name_key, min(s.score, cap)) for s in scores]
    return tuple(scores)


def best_view(scores: tuple[ViewScore, ...]) -> ViewScore:
    """The view that decides a name's score (the first of equals, in view order)."""
    return max(scores, key=lambda s: s.score)


#: The letters the edit model was trained on (plain keys are ASCII after unidecode); any other
#: symbol, a digit say, is scored with the averages of the letters.
ALPHABET = "abcdefghijklmnopqrstuvwxyz"
#: The operation that ends a pair (in ``edits``) or a name (in ``letters``).
END = "#"


class EditModel:
    """A memoryless stochastic edit model (Ristad and Yianilos, "Learning string edit
    distance", 1998) and the similarity it gives two plain keys.

    ``edits`` gives the probability of every operation: ``"ab"`` writes a where the other name
    has b (``"aa"`` keeps a), ``"a-"`` and ``"-a"`` delete and insert it, ``END`` ends the pair;
    ``letters`` is the null model, which writes two names independently letter by letter.
    Their ratio summed over every alignment (the forward algorithm) is the likelihood that the
    two keys are one name written twice against two names; ``similarity`` divides its log by
    the mean of what each key scores against itself, so that it reads on the views' scale.
    """

    def __init__(self, edits: Mapping[str, float], letters: Mapping[str, float]) -> None:
        def mean(values: list[float]) -> float:
            return sum(values) / len(values)

        # Ratios over the null model, so that the forward sum is a likelihood ratio directly.
        self._sub = {
            (a, b): edits[a + b] / (letters[a] * letters[b]) for a in ALPHABET for b in ALPHABET
        }
        self._indel = {a: edits[a + "-"] / letters[a] for a in ALPHABET}
        self._end = edits[END] / letters[END] ** 2
        self._same = mean([self._sub[a, a] for a in ALPHABET])
        self._other = mean([v for (a, b), v in self._sub.items() if a != b])
        self._indel_mean = mean(list(self._indel.values()))
        # The same, indexed by letter (a = 0) for the common case of two keys of letters only.
        self._rows = [[self._sub[a, b] for b in ALPHABET] for a in ALPHABET]
        self._indels = [self._indel[a] for a in ALPHABET]
        # Bounded: the names met grow with the tables, and a query meets each only a few times.
        self._self_log_odds = lru_cache(maxsize=1 << 16)(self._log_odds_self)

    @classmethod
    def from_yaml(cls, text: str) -> EditModel:
        data = safe_load(text)
        return cls(data["edits"], data["letters"])

    def log_odds(self, x: str, y: str) -> float:
        """Natural log of P(x, y as one name) / P(x) P(y); -inf when nothing aligns them."""
        if _letters_only(x) and _letters_only(y):
            total = self._forward_letters(x, y) * self._end
            return math.log(total) if total > 0 else -math.inf
        sub, indel, indel_mean = self._sub, self._indel, self._indel_mean
        prev = [1.0]
        for ch in y:
            prev.append(prev[-1] * indel.get(ch, indel_mean))
        for xi in x:
            d = indel.get(xi, indel_mean)
            cur = [prev[0] * d]
            for j, yj in enumerate(y):
                s = sub.get((xi, yj))
                if s is None:
                    s = self._same if xi == yj else self._other
                cur.append(prev[j + 1] * d + cur[j] * indel.get(yj, indel_mean) + prev[j] * s)
            prev = cur
        total = prev[-1] * self._end
        return math.log(total) if total > 0 else -math.inf

    def _forward_letters(self, x: str, y: str) -> float:
        """``log_odds``'s forward sum for keys of lower-case ASCII letters, by list index: it runs
        for every candidate of a one-word query, and tuple keys cost twice the time."""
        rows, indels = self._rows, self._indels
        ys = [ord(c) - 97 for c in y]
        iy = [indels[k] for k in ys]
        prev = [1.0]
        for v in iy:
            prev.append(prev[-1] * v)
        for c in x:
            a = ord(c) - 97
            d, row = indels[a], rows[a]
            left = prev[0] * d
            cur = [left]
            for j, k in enumerate(ys):
                left = prev[j + 1] * d + left * iy[j] + prev[j] * row[k]
                cur.append(left)
            prev = cur
        return prev[-1]

    def _log_odds_self(self, x: str) -> float:
        return self.log_odds(x, x)

    def similarity(self, x: str, y: str) -> float:
        """0..1: the log-odds of two keys over the mean of each key's against itself (1 when
        they are equal), clamped at 0 where two names are likelier than one."""
        if not x or not y:
            return 0.0
        if x == y:
            return 1.0
        scale = (self._self_log_odds(x) + self._self_log_odds(y)) / 2
        if scale <= 0:
            return 0.0
        return min(1.0, max(0.0, self.log_odds(x, y) / scale))


def _letters_only(key: str) -> bool:
    return key.isascii() and key.isalpha() and key.islower()


@cache
def edit_model() -> EditModel:
    """The bundled edit model (``data/edits.yaml``), loaded once."""
    text = resources.files("entnorm").joinpath("data/edits.yaml").read_text("utf-8")
    return EditModel.from_yaml(text)
