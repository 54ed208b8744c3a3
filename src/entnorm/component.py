"""The spaCy component ``entity_normalizer``: entnorm's mentions as the doc's entities.

After ``pip install entnorm``, spaCy finds the factory through the ``spacy_factories`` entry
point::

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("entity_normalizer", config={"aliases": ["my.yaml"], "include_bundled": True})
    doc = nlp("Mun Chzhe In met Kim in Pkhenyan.")
    [(e.text, e._.canonical) for e in doc.ents]

It replaces ``doc.ents`` with the resolved mentions (labelled by their entity's type) plus the
upstream entities they do not overlap, and sets on each span ``._.canonical``, ``._.entity_id``,
``._.norm_score`` and ``._.norm_method`` (None for unresolved spans). ``doc._.entnorm_mentions``
keeps every mention, including those that do not align with spaCy's tokens, as plain lists so
that docs survive ``nlp.pipe(..., n_process=2)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .detect import Intervals

if TYPE_CHECKING:
    from .normalizer import Normalizer

for _name in ("canonical", "entity_id", "norm_score", "norm_method"):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)
if not Doc.has_extension("entnorm_mentions"):
    Doc.set_extension("entnorm_mentions", default=None)


class EntityNormalizer:
    """Finds and resolves mentions in a doc, using the doc's entities as the model's."""

    def __init__(
        self, aliases: list[str] | None = None, include_bundled: bool = False,
        spotting: bool = True,
    ) -> None:  # fmt: skip
        self.aliases = aliases
        self.include_bundled = include_bundled
        self.spotting = spotting
        self._normalizer: Normalizer | None = None

    @property
    def normalizer(self) -> Normalizer:
        """The tables' normalizer, built on first use."""
        if self._normalizer is None:
            from .normalizer import Normalizer

            paths = None if self.aliases is None else [Path(p) for p in self.aliases]
            self._normalizer = Normalizer(paths, include_bundled=self.include_bundled)
        return self._normalizer

    def bind(self, normalizer: Normalizer) -> None:
        """Use an existing normalizer instead of building one from the config."""
        self._normalizer = normalizer

    def __call__(self, doc: Doc) -> Doc:
        upstream = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        mentions = self.normalizer.find_mentions(doc.text, upstream, spotting=self.spotting)
        doc._.entnorm_mentions = [
            [m.start, m.end, m.label, m.entity_id, m.canonical, m.score, m.method, m.source]
            for m in mentions
        ]
        spans = []
        for m in mentions:
            if m.label is None:
                continue
            span = doc.char_span(m.start, m.end, label=m.label)
            if span is None:  # not on token boundaries: kept in doc._.entnorm_mentions only
                continue
            span._.canonical = m.canonical
            span._.entity_id = m.entity_id
            span._.norm_score = m.score
            span._.norm_method = m.method
            spans.append(span)
        ours = Intervals()
        for span in spans:
            ours.add(span.start, span.end)
        kept = [e for e in doc.ents if not ours.overlaps(e.start, e.end)]
        doc.ents = filter_spans(spans + kept)
        return doc


@Language.factory(
    "entity_normalizer",
    default_config={"aliases": None, "include_bundled": False, "spotting": True},
)
def make_entity_normalizer(
    nlp: Language, name: str, aliases: list[str] | None, include_bundled: bool, spotting: bool
) -> EntityNormalizer:
    return EntityNormalizer(aliases, include_bundled, spotting)
