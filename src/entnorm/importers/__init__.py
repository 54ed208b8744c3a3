"""Importers: alias tables generated from standard sources, streamed, never held in memory.

Each importer yields ``Entity`` rows; ``write_table`` streams them into an alias YAML file with a
header that records the generating command and the source's licence and attribution. A
malformed line of a dump is passed to the caller's ``on_bad_line`` (by default it is an error);
the command line reports such lines with their numbers and skips them, because one broken line
must not cost a multi-gigabyte import.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

import yaml

from ..aliases import AliasTable, Entity, check_tables, load_tables, read_entities
from ..errors import AliasFileErrors, InputError
from ..keys import compact, folded, plain
from ..layering import collisions


@dataclass(frozen=True, slots=True)
class BadLine:
    """A line (or record) of a source that could not be imported, and why."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


OnBadLine = Callable[[BadLine], None]


def fail(bad: BadLine) -> None:
    """The default ``on_bad_line``: a malformed line is an error."""
    raise InputError("E306", where=bad.where, reason=bad.reason)


#: libyaml's emitter when PyYAML has it (several times faster on a large table).
SAFE_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def write_table(
    entities: Iterable[Entity], path: Path, header: str, context: Sequence[Path] = ()
) -> int:
    """Write entities as an alias table, one at a time, to a temporary file renamed when done.

    ``context`` are the tables that the output is loaded with (those its ``same_as`` names);
    the output is validated together with them. Returns the number of entities written.
    """
    tmp = path.with_name(f".{path.name}.tmp")
    n = 0
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            for line in header.strip().splitlines():
                f.write(f"# {line}".rstrip() + "\n")
            f.write("entities:\n")
            for entity in entities:
                row: dict[str, object] = {"id": entity.id, "name": entity.name,
                                          "type": entity.type}  # fmt: skip
                if entity.aliases:
                    row["aliases"] = list(entity.aliases)
                if entity.exact_aliases:
                    row["exact_aliases"] = list(entity.exact_aliases)
                if entity.wikidata:
                    row["wikidata"] = entity.wikidata
                if entity.same_as:
                    row["same_as"] = entity.same_as
                text = yaml.dump([row], Dumper=SAFE_DUMPER, allow_unicode=True, sort_keys=False,
                                 width=100)  # fmt: skip
                f.write("".join(f"  {line}\n" for line in text.splitlines()))
                n += 1
            if n == 0:
                f.write("  []\n")
        shared = _shared_names(tmp, context)
        if shared:
            with open(tmp, "a", encoding="utf-8") as f:
                f.write("# Names the source gives to several entities: they resolve to none.\n")
                f.write(yaml.dump({"shared_names": shared}, Dumper=SAFE_DUMPER,
                                  allow_unicode=True, width=100))  # fmt: skip
        # A generated table must load like a hand-kept one: duplicate ids and bad types are
        # reported (at the lines of the generated file) before it replaces anything.
        problems = check_tables([*context, tmp])
        if problems:
            raise AliasFileErrors(problems)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return n


def _shared_names(path: Path, context: Sequence[Path]) -> list[str]:
    """One spelling of each name that an entity of the new table shares with another entity
    (of it or of ``context``): the source lists it for each, so the ambiguity is intended."""
    try:
        table = load_tables([*context, path])
    except AliasFileErrors:
        return []  # check_tables reports the problems next
    # The new table's entities, and those of the context its same_as entries add names to.
    own = {e.same_as or e.id for e in read_entities([path], [])} if context else None
    shared = []
    for kind, key, owners in collisions(table):
        entities = [table.entities[i] for i in owners]
        if own is not None and not any(e.id in own for e in entities):
            continue
        fold = plain if kind == "plain" else folded
        shared.append(next((n for e in entities for n in e.names if compact(fold(n)) == key), key))
    return list(dict.fromkeys(shared))


@contextmanager
def open_source(path: Path, newline: str | None = None) -> Generator[IO[str], None, None]:
    """A source file opened as UTF-8 text; read failures become errors that name the file."""
    try:
        with open(path, encoding="utf-8", newline=newline) as f:
            yield f
    except UnicodeDecodeError as exc:
        raise InputError("E302", path=path, offset=exc.start) from exc
    except OSError as exc:
        raise InputError("E301", path=path, reason=exc.strerror) from exc


def read_lines(path: Path, on_bad_line: OnBadLine) -> Iterator[tuple[int, str]]:
    """A line-based source's lines (numbered from 1, without the line break), each decoded on
    its own so that one line of bad UTF-8 is reported and skipped, not fatal."""
    try:
        with open(path, "rb") as f:
            for line_no, raw in enumerate(f, start=1):
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    on_bad_line(
                        BadLine(
                            f"{path}:{line_no}",
                            f"not valid UTF-8 (byte {exc.start + 1} of the line)",
                        )
                    )
                    continue
                yield line_no, line.rstrip("\r\n")
    except OSError as exc:
        raise InputError("E301", path=path, reason=exc.strerror) from exc


_ASCII_LETTER = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _latin_like(ch: str) -> bool:
    # Superscript Latin letters are Latin too: Hokkien POJ writes nasal vowels with ⁿ.
    name = unicodedata.name(ch, "LATIN")
    return "LATIN" in name or name.startswith("MODIFIER")


def garbled(name: str) -> bool:
    """Whether a word of a name mixes basic Latin letters with letters of another script, as
    half-transliterated spellings in GeoNames do (Perth as "prt" and an Urdu heh): no one
    writes them, and read letter by letter they come near unrelated words. Modifier letters
    (the turned comma of Uzbek O'zbekiston) and the extended Latin letters other scripts borrow
    (Ossetian Cyrillic writes æ) are not mixing."""
    for word in name.split():
        letters = [ch for ch in word if ch.isalpha()]
        if _ASCII_LETTER.intersection(letters) and not all(map(_latin_like, letters)):
            return True
    return False


def unique_aliases(name: str, names: Iterable[str]) -> tuple[str, ...]:
    """Aliases in first-seen order, without the name itself, duplicates or empty strings."""
    seen = {name}
    out = []
    for n in names:
        n = n.strip()
        if n and n not in seen:
            seen.add(n)
            out.append(n)
    return tuple(out)


def link(entities: Iterable[Entity], known: AliasTable) -> Iterator[Entity]:
    """Imported entities, those that a known table already holds marked ``same_as`` it.

    An imported entity is a known one when their types agree (GPE and LOC count as one) and,
    comparing plain keys, the imported name is the canonical name of exactly one known entity,
    or else an alias of exactly one known entity whose canonical name the import lists too.
    Then its spellings join the known entity instead of competing with it. Sharing any one
    name is not enough: Mexico City lists "Mexico" among its names, and Finnish calls Brazil
    "Brasilia".
    """
    by_name: dict[str, list[Entity]] = {}
    by_alias: dict[str, list[Entity]] = {}
    for e in known:
        by_name.setdefault(plain(e.name), []).append(e)
        for a in e.aliases:
            by_alias.setdefault(plain(a), []).append(e)
    for entity in entities:
        key = plain(entity.name)
        named = [e for e in by_name.get(key, []) if _family(e.type) == _family(entity.type)]
        if not named:
            listed = {plain(a) for a in entity.aliases}
            named = [
                e for e in by_alias.get(key, [])
                if _family(e.type) == _family(entity.type) and plain(e.name) in listed
            ]  # fmt: skip
        ids = {e.id for e in named}
        yield replace(entity, same_as=ids.pop()) if len(ids) == 1 else entity


def _family(etype: str) -> str:
    return "PLACE" if etype in ("GPE", "LOC") else etype
