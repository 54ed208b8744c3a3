"""The spaCy component ``entity_normalizer``: entnorm's mentions as the doc's entities.

After ``pip install entnorm``, spaCy finds the factory through the ``spacy_factories`` entry
point::

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("entity_normalizer", config={"aliases": ["my.yaml"], "include_bundled": True})
    doc = nlp("Mun Chzhe In met Kim in Pkhenyan.")
    [(e.text, e.kb_id_, e._.canonical) for e in doc.ents]

The component owns a ``Resolver``, built from its config on first use (or by ``initialize``).
``nlp.to_disk`` writes the compiled table into the pipeline's directory (``resolver.bin``, data
only), as EntityRuler writes its patterns, so that ``spacy.load`` of that directory needs
neither the YAML files nor a rebuild.

It replaces ``doc.ents`` with the resolved mentions (labelled by their entity's type, with
``kb_id_`` the entity's id, spaCy's entity-linking convention) plus the upstream entities they
do not overlap, and sets ``._.canonical``, ``._.norm_score`` and ``._.norm_method`` on each span
(None for unresolved spans). ``doc._.entnorm_mentions`` gives every mention as frozen
``Mention`` values, including those that do not align with spaCy's tokens; they are stored in
``doc.user_data`` as plain mappings, so that docs survive ``nlp.pipe(..., n_process=2)`` and
``Doc.to_bytes``.
"""

import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, from_bytes, from_disk, to_bytes, to_disk

from .detect import Intervals, Spotting
from .document import Mention, NormalizedText, doc_mentions, replace_mentions
from .errors import SettingsError
from .resolver import Resolver

#: Where a doc keeps its mentions, in ``doc.user_data``.
_MENTIONS = ("entnorm", "mentions")
#: The compiled table's file inside the component's directory of a saved pipeline.
RESOLVER_FILE = "resolver.bin"
_SPOTTING = Spotting()


def _mentions(doc: Doc) -> tuple[Mention, ...]:
    return tuple(Mention.from_dict(m) for m in doc.user_data.get(_MENTIONS, ()))


for _name in ("canonical", "norm_score", "norm_method"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)
if not Doc.has_extension("entnorm_mentions"):
    Doc.set_extension("entnorm_mentions", getter=_mentions)


class EntityNormalizer:
    """Finds and resolves mentions in a doc, using the doc's entities as the model's.

    Args:
        nlp: the pipeline (unused; spaCy's component signature).
        name: the component's name in the pipeline.
        aliases: alias YAML files; None for the bundled tables.
        include_bundled: with ``aliases``, load the bundled tables too.
        spotting: look for variants that neither the model nor the gazetteer found.
        spot_threshold: the score a span only its capitals proposed must reach
            (``detect.Spotting.threshold``).
        spot_word_zipf: how common an English word may be and still be spotted as a variant
            (``detect.Spotting.word_zipf``).
    """

    def __init__(
        self, nlp: Language | None = None, name: str = "entity_normalizer", *,
        aliases: Sequence[str] | None = None, include_bundled: bool = False,
        spotting: bool = True, spot_threshold: float = _SPOTTING.threshold,
        spot_word_zipf: float = _SPOTTING.word_zipf,
    ) -> None:  # fmt: skip
        self.name = name
        if isinstance(aliases, (str, Path)):
            raise SettingsError("E504", value=str(aliases))
        self.aliases = None if aliases is None else [str(a) for a in aliases]
        self.include_bundled = include_bundled
        self.spotting = Spotting(spotting, spot_threshold, spot_word_zipf)
        self._resolver: Resolver | None = None
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        # A lock cannot be pickled (spaCy pickles components for n_process under spawn).
        return {k: v for k, v in self.__dict__.items() if k != "_lock"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    @property
    def resolver(self) -> Resolver:
        """The component's resolver: loaded from disk, set, or built from the config on first
        use."""
        if self._resolver is None:
            with self._lock:
                if self._resolver is None:
                    self._resolver = (
                        Resolver.bundled() if self.aliases is None
                        else Resolver.from_yaml(self.aliases, include_bundled=self.include_bundled)
                    )  # fmt: skip
        return self._resolver

    @resolver.setter
    def resolver(self, resolver: Resolver) -> None:
        self._resolver = resolver

    def initialize(
        self, get_examples: Callable[[], Iterable[Any]] | None = None, *,
        nlp: Language | None = None,
    ) -> None:  # fmt: skip
        """Build the resolver now (``nlp.initialize()``), not on the first doc."""
        _ = self.resolver

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc_mentions(self.resolver, doc, spotting=self.spotting)
        self.set_annotations(doc, mentions)
        return doc

    def set_annotations(self, doc: Doc, mentions: Sequence[Mention]) -> None:
        """Mentions onto the doc: every one in ``doc._.entnorm_mentions``, those on token
        boundaries as ``doc.ents``."""
        doc.user_data[_MENTIONS] = tuple(m.to_dict() for m in mentions)
        spans = []
        for m in mentions:
            if m.label is None:
                continue
            span = doc.char_span(m.start, m.end, label=m.label, kb_id=m.entity_id or "")
            if span is None:  # not on token boundaries: kept in doc._.entnorm_mentions only
                continue
            span._.canonical = m.canonical
            span._.norm_score = m.score
            span._.norm_method = m.method
            spans.append(span)
        ours = Intervals()
        for span in spans:
            ours.add(span.start, span.end)
        kept = [e for e in doc.ents if not ours.overlaps(e.start, e.end)]
        doc.ents = filter_spans(spans + kept)

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return to_bytes({"resolver": self.resolver.to_bytes}, exclude)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "EntityNormalizer":
        def load(b: bytes) -> None:
            self.resolver = Resolver.from_bytes(b, where=f"component {self.name!r}")

        from_bytes(data, {"resolver": load}, exclude)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        to_disk(path, {RESOLVER_FILE: self.resolver.to_disk}, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "EntityNormalizer":
        def load(p: Path) -> None:
            self.resolver = Resolver.from_disk(p)

        from_disk(Path(path), {RESOLVER_FILE: load}, exclude)
        return self


def normalized_text(doc: Doc) -> NormalizedText:
    """The normalized text that the ``entity_normalizer`` component left on a doc."""
    # Doc.text joins every token anew on each read.
    text = doc.text
    mentions = doc._.entnorm_mentions
    return NormalizedText(text, replace_mentions(text, mentions), mentions)


@Language.factory(
    "entity_normalizer",
    default_config={
        "aliases": None, "include_bundled": False, "spotting": True,
        "spot_threshold": _SPOTTING.threshold, "spot_word_zipf": _SPOTTING.word_zipf,
    },
)  # fmt: skip
def make_entity_normalizer(
    nlp: Language, name: str, aliases: list[str] | None, include_bundled: bool, spotting: bool,
    spot_threshold: float, spot_word_zipf: float,
) -> EntityNormalizer:  # fmt: skip
    return EntityNormalizer(
        nlp, name, aliases=aliases, include_bundled=include_bundled, spotting=spotting,
        spot_threshold=spot_threshold, spot_word_zipf=spot_word_zipf,
    )  # fmt: skip
