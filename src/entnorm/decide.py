"""The decision on a scored one-word query: how likely its best entity is the right one.

A threshold and a margin read two figures of the fuzzy stage, the best entity's score and its
lead over the runner-up. Other figures say as much about whether the best entity is the query's
own, and the resolver measures them anyway: how likely the learned edit model finds the query as
a rewriting of the entity's closest name and of the runner-up's, whether a second name of the
entity is close too (a look-alike of another place is close to one), whether folding or a
reading explains the difference, how long the query is, whether it is itself a pinyin name
(a pinyin name that is not the entity's own is often another Chinese place: Suzhou, Suizhou).
``DecisionModel`` weighs them with a logistic model and gives the probability that the best
entity is right; ``accepts_one_word`` accepts it at the resolver's ``Settings.confidence``, or
by a threshold and margin where the model is not used.

The weights (``data/decision.yaml``) are fitted by ``scripts/train_decision.py`` on eight splits
of GeoNames cities built like the evaluation splits but from other cities, whose names the edit
model was not trained on either, so that the learned figures mean there what they mean on
names never seen. Queries of several words keep the threshold and margin: the training names
are places, mostly of one word, and names of people and organisations are the word rules'.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ._yaml import safe_load
from .errors import SettingsError

#: The figures the model weighs, in the order of ``Evidence``'s fields.
FEATURES = (
    "score", "lead", "learned", "runner_learned", "second_name", "log_names",
    "transliteration", "pinyin", "length", "skeleton",
)  # fmt: skip
#: Query length (letters of the plain key) from which more letters say nothing more.
LENGTH_CAP = 20


@dataclass(frozen=True, slots=True)
class Evidence:
    """The figures of one decision, each readable in an explanation."""

    #: The best entity's score and its relative lead over the runner-up (``lead``).
    score: float
    lead: float
    #: The learned edit model's similarity of the query to the best entity's deciding name,
    #: and to the runner-up's (0 without a runner-up).
    learned: float
    runner_learned: float
    #: The rule score of the best entity's second-closest name (0 for a one-name entity).
    second_name: float
    #: The natural log of how many names the best entity lists: the more it lists, the likelier
    #: one of them is close to another place's name by chance.
    log_names: float
    #: 1 when the folded keys were equal or a reading of the query matched (``transliteration``).
    transliteration: float
    #: 1 when the query as written is pinyin-shaped (``keys.is_pinyin``) and so is one of the
    #: best entity's names: a pinyin name that is not a Chinese place's own is often another
    #: Chinese place's (Suzhou, Suizhou), while a pinyin-shaped spelling of a place elsewhere
    #: says nothing (a Korean place name written from its Russian spelling).
    pinyin: float
    #: Letters of the query's plain key over ``LENGTH_CAP``, at most 1.
    length: float
    #: The skeleton view's score of the deciding name (0 when that view did not apply).
    skeleton: float

    def values(self) -> tuple[float, ...]:
        return tuple(getattr(self, f) for f in FEATURES)


class DecisionModel:
    """A logistic model over ``Evidence``: P(best entity is right) = 1 / (1 + e^-(b + w.x))."""

    def __init__(self, weights: Mapping[str, float], bias: float) -> None:
        unknown = set(weights) - set(FEATURES)
        missing = set(FEATURES) - set(weights)
        if unknown or missing:
            raise SettingsError("E503", unknown=sorted(unknown), missing=sorted(missing))
        self.weights = tuple(float(weights[f]) for f in FEATURES)
        self.bias = float(bias)

    @classmethod
    def from_yaml(cls, text: str) -> DecisionModel:
        data = safe_load(text)
        return cls(data["weights"], data["bias"])

    def probability(self, evidence: Evidence) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, evidence.values(), strict=True))
        # Either form overflows for one sign of a large z.
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)


@cache
def decision_model() -> DecisionModel:
    """The bundled decision model (``data/decision.yaml``), loaded once."""
    text = resources.files("entnorm").joinpath("data/decision.yaml").read_text("utf-8")
    return DecisionModel.from_yaml(text)


def lead(score: float, runner_up: float) -> float:
    """How far the best entity leads the runner-up: the share of the runner-up's distance from
    a perfect score that the best one closes (0: tied, 1: perfect).

    Relative, not absolute: 0.97 against 0.91 is a clear lead (two near-perfect scores rarely
    both hold), 0.80 against 0.74 is not.
    """
    return (score - runner_up) / (1.0 - runner_up) if runner_up < 1.0 else 0.0


def accepts_one_word(
    evidence: Evidence, confidence: float | None, *, cutoff: float | None, threshold: float,
    margin: float,
) -> bool:  # fmt: skip
    """The decision on a one-word query's best entity: the model's probability ``confidence``
    reaches ``cutoff``, or folding or a reading explained the spelling (``transliteration``) and
    the score and lead reach ``threshold`` and ``margin``. Without the model (``cutoff`` None)
    the threshold and margin decide every match. Never a tie: one of two equals is a guess.

    The second way is the hand-made rules' own: the model learned from place names, which hold
    few of the spellings the folding rules were written for (Korean names written from their
    Russian spelling, where kh, ng and g come and go: the edit model can find such a spelling
    unlikely where folding finds it equal). On the evaluation splits it matches no more NIL
    rows than the model alone.
    """
    if evidence.lead <= 0:
        return False
    bars = evidence.score >= threshold and evidence.lead >= margin
    if cutoff is None or confidence is None:
        return bars
    return confidence >= cutoff or (bool(evidence.transliteration) and bars)
