"""Reviewing suggestions: a keyboard-driven terminal UI over a suggestions file.

``entnorm aliases review SUGGESTIONS.yaml --into TABLE.yaml`` shows each suggestion (a proposed
alias with the entity it would join, or a proposed entity) with its contexts, and takes one key:
accept, reject, edit (then accept), skip, or quit. Every decision is written into the
suggestions file as it is made (``decision: accepted|rejected``, edits in place), so a review
stopped at any point continues where it stopped. When nothing is left undecided, the accepted
suggestions are merged into the table (``suggest.merge``: comments and order kept) and the
rejected ones remembered beside it (``TABLE.rejected.yaml``), so that the next ``suggest`` with
that table does not propose them again.

``Review`` holds the file and its decisions; ``ReviewApp`` (Textual) is the screen. Textual is
imported only by the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from .errors import EntnormError, InputError
from .suggest import (
    ACCEPTED,
    DECISION,
    REJECTED,
    atomic_write,
    dump_yaml,
    merge,
    remember_rejected,
    round_trip_yaml,
)

#: Where a finished review merged, in the suggestions file.
MERGED_INTO = "merged_into"


@dataclass(frozen=True, slots=True)
class Item:
    """One suggestion: ``kind`` "alias" (of ``data["entity"]``) or "entity" (a new one)."""

    kind: str
    data: Any

    @property
    def decision(self) -> str | None:
        return self.data.get(DECISION)

    @property
    def text(self) -> str:
        """The name it proposes."""
        return str(self.data["alias"] if self.kind == "alias" else self.data["name"])


class Review:
    """A suggestions file and the decisions a review made on it, saved as they are made."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._yaml = round_trip_yaml()
        try:
            self.doc = self._yaml.load(path.read_text("utf-8")) or {}
        except OSError as exc:
            raise InputError("E301", path=path, reason=exc.strerror) from exc
        except Exception as exc:  # ruamel raises many kinds; all mean "not a suggestions file"
            raise InputError("E315", path=path, reason=exc) from exc
        if not isinstance(self.doc, dict):
            raise InputError("E315", path=path, reason="not a mapping")
        self.items = [Item("alias", a) for a in self.doc.get("new_aliases") or []] + [
            Item("entity", e) for e in self.doc.get("new_entities") or []
        ]

    def next_open(self, after: int = -1) -> int | None:
        """The first undecided suggestion after position ``after`` (then from the start)."""
        order = [*range(after + 1, len(self.items)), *range(after + 1)]
        return next((i for i in order if self.items[i].decision is None), None)

    @property
    def decided(self) -> int:
        return sum(item.decision is not None for item in self.items)

    def decide(self, i: int, decision: str, *, text: str | None = None,
               other: str | None = None) -> None:  # fmt: skip
        """Accept or reject suggestion ``i``, with an edit: ``text`` the name it proposes,
        ``other`` the entity an alias joins or the type of a new entity. Saved at once."""
        item = self.items[i]
        if text:
            item.data["alias" if item.kind == "alias" else "name"] = text
        if other:
            item.data["entity" if item.kind == "alias" else "type"] = other
        item.data[DECISION] = decision
        atomic_write(self.path, dump_yaml(self._yaml, self.doc))

    @property
    def merged_into(self) -> str | None:
        """The table a finished review merged its accepted suggestions into."""
        value = self.doc.get(MERGED_INTO)
        return None if value is None else str(value)

    def finish(self, into: Path) -> tuple[int, int, int]:
        """Merge the accepted suggestions into ``into``, remember the rejected ones beside it,
        and note in the file that it is done (a second run must not merge twice). Returns
        (entities added, aliases added, rejected)."""
        entities, aliases = merge(self.path, into)
        self.doc[MERGED_INTO] = str(into)
        atomic_write(self.path, dump_yaml(self._yaml, self.doc))
        rejected = [item for item in self.items if item.decision == REJECTED]
        if rejected:
            remember_rejected(into, [(item.data.get("entity", "") if item.kind == "alias"
                                      else "", item.text) for item in rejected])  # fmt: skip
        return entities, aliases, len(rejected)


def describe(item: Item) -> str:
    """A suggestion as the review shows it: what it proposes, why, and where it was seen."""
    d = item.data
    if item.kind == "alias":
        head = (f"[b]{d['alias']}[/b]  as {d.get('kind', 'alias')} of  "
                f"[b]{d.get('canonical', d['entity'])}[/b] ({d['entity']})")  # fmt: skip
        why = (f"found by {d.get('how', '?')}, confidence {d.get('confidence', '?')}, "
               f"seen {d.get('count', '?')} times")  # fmt: skip
    else:
        aliases = ", ".join(map(str, d.get("aliases") or [])) or "none"
        head = f"new entity  [b]{d['name']}[/b]  {d.get('type', 'MISC')}  aliases: {aliases}"
        why = f"seen {sum((d.get('counts') or {}).values())} times"
    contexts = "\n".join(f"  {c.get('doc', '')}: {c.get('text', '')}"
                         for c in d.get("contexts") or [])  # fmt: skip
    return f"{head}\n{why}\n\n{contexts}"


def review_app(review: Review, into: Path) -> Any:
    """The Textual app over ``review``; ``run()`` it, or drive it in tests with
    ``run_test()``. Its ``result`` is ``finish``'s once every suggestion is decided."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.widgets import Footer, Header, Input, Static

    class ReviewApp(App[tuple[int, int, int] | EntnormError | None]):
        TITLE = "entnorm aliases review"
        # Keys go to the bindings until an edit is asked for, not to the hidden box.
        AUTO_FOCUS = None
        BINDINGS: ClassVar[list[Binding]] = [
            Binding("a", "decide('accepted')", "accept"),
            Binding("r", "decide('rejected')", "reject"),
            Binding("e", "edit", "edit"),
            Binding("s", "skip", "skip"),
            Binding("q", "quit", "quit (decisions are saved)"),
        ]

        def __init__(self) -> None:
            super().__init__()
            self.current = review.next_open()

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static(id="progress")
            yield Static(id="item")
            yield Input(id="edit", placeholder="name | entity id (alias) or type (entity)")
            yield Footer()

        def on_mount(self) -> None:
            self.query_one("#edit", Input).display = False
            self.show()

        def show(self) -> None:
            if self.current is None:
                try:
                    self.exit(review.finish(into))
                except EntnormError as exc:  # the merged table would not be valid, say
                    self.exit(exc)
                return
            self.query_one("#progress", Static).update(
                f"{review.decided} of {len(review.items)} decided; suggestion {self.current + 1}"
            )
            self.query_one("#item", Static).update(describe(review.items[self.current]))

        def action_decide(self, decision: str) -> None:
            if self.current is not None and not self.query_one("#edit", Input).display:
                review.decide(self.current, decision)
                self.current = review.next_open(self.current)
                self.show()

        def action_skip(self) -> None:
            if self.current is not None:
                after = review.next_open(self.current)
                self.current = after if after is not None else self.current
                self.show()

        def action_edit(self) -> None:
            if self.current is None:
                return
            item = review.items[self.current]
            box = self.query_one("#edit", Input)
            other = item.data.get("entity" if item.kind == "alias" else "type", "")
            box.value = f"{item.text} | {other}"
            box.display = True
            box.focus()

        def on_input_submitted(self, event: Input.Submitted) -> None:
            text, _, other = event.value.partition("|")
            event.input.display = False
            self.set_focus(None)
            if self.current is not None:
                review.decide(self.current, ACCEPTED, text=text.strip() or None,
                              other=other.strip() or None)  # fmt: skip
                self.current = review.next_open(self.current)
            self.show()

    return ReviewApp()
