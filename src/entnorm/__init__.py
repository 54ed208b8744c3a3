"""entnorm: find named entities in text and resolve their variants to canonical entities.

One person or place is written many ways, above all when a name crosses scripts: Korean 문재인 is
Moon Jae-in in English, Мун Чжэ Ин in Russian, and "Mun Chzhe In" once the Russian is romanized.
entnorm keeps alias tables of canonical entities (``data/aliases/*.yaml``) and resolves a variant
by comparing several views of the name (plain, transliteration-folded, word-aligned) against
every recorded spelling; in whole texts it finds the mentions first, with a spaCy model, a
gazetteer and a spotter. It prefers NIL to a guess: a wrong canonical name silently corrupts a
corpus, a missing one is visible and fixed with an alias.

    >>> from entnorm import canonicalize, normalize
    >>> canonicalize("Kim Jong-un")
    'Kim Jong Un'
    >>> normalize("Mun Chzhe In flew to Pkhenyan.").text
    'Moon Jae-in flew to Pyongyang.'
"""

from ._version import __version__
from .aliases import AliasTable, Entity, load_tables
from .corpus import BadRecord, Record, Result, normalize_corpus, read_records
from .decide import Evidence
from .detect import Spotting
from .document import Mention, NormalizedText
from .errors import (
    AliasFileError,
    AliasFileErrors,
    CacheWarning,
    CheckpointError,
    EntnormError,
    EntnormWarning,
    InputError,
    ModelError,
    NoModelWarning,
    SettingsError,
    StateError,
)
from .normalizer import Normalizer, canonicalize, normalize, resolve
from .resolve import Explanation, Match, RunnerUp, Settings
from .resolver import Resolver

__all__ = [
    "AliasFileError",
    "AliasFileErrors",
    "AliasTable",
    "BadRecord",
    "CacheWarning",
    "CheckpointError",
    "Entity",
    "EntnormError",
    "EntnormWarning",
    "Evidence",
    "Explanation",
    "InputError",
    "Match",
    "Mention",
    "ModelError",
    "NoModelWarning",
    "NormalizedText",
    "Normalizer",
    "Record",
    "Resolver",
    "Result",
    "RunnerUp",
    "Settings",
    "SettingsError",
    "Spotting",
    "StateError",
    "__version__",
    "canonicalize",
    "load_tables",
    "normalize",
    "normalize_corpus",
    "read_records",
    "resolve",
]
