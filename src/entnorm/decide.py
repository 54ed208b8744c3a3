"""The decision on a scored one-word query: how likely its best entity is the right one.

A threshold and a margin read two figures of the fuzzy stage, the best entity's score and its
lead over the runner-up. Other figures say as much about whether the best entity is the query's
own, and the resolver measures them anyway: how likely the learned edit model finds the query as
a rewriting of the entity's closest name and of the runner-up's, whether a second name of the
entity is close too (a look-alike of another place is close to one), whether folding or a
reading explains the difference, how long the query is, whether it is itself a pinyin name
(a pinyin name that is not the entity's own is often another Chinese place: Suzhou, Suizhou).
``Decision`` weighs them with a logistic model and gives the probability that the best entity is
right; the resolver accepts it at ``Settings.confidence``.

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

import yaml

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

    #: The best entity's score and its relative lead over the runner-up (``resolve.lead``).
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


class Decision:
    """A logistic model over ``Evidence``: P(best entity is right) = 1 / (1 + e^-(b + w.x))."""

    def __init__(self, weights: Mapping[str, float], bias: float) -> None:
        unknown = set(weights) - set(FEATURES)
        missing = set(FEATURES) - set(weights)
        if unknown or missing:
            raise ValueError(
                f"decision weights do not match the features: unknown {sorted(unknown)}, "
                f"missing {sorted(missing)}"
            )
        self.weights = tuple(float(weights[f]) for f in FEATURES)
        self.bias = float(bias)

    @classmethod
    def from_yaml(cls, text: str) -> Decision:
        data = yaml.safe_load(text)
        return cls(data["weights"], data["bias"])

    def probability(self, evidence: Evidence) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, evidence.values(), strict=True))
        # Either form overflows for one sign of a large z.
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        e = math.exp(z)
        return e / (1.0 + e)


@cache
def decision_model() -> Decision:
    """The bundled decision model (``data/decision.yaml``), loaded once."""
    text = resources.files("entnorm").joinpath("data/decision.yaml").read_text("utf-8")
    return Decision.from_yaml(text)
