"""Every error entnorm raises, with its message template in one place.

Each alias-file problem has a stable code (``E1xx``) so that tests and tools can match on the
kind of problem rather than on wording, and each carries the file and line so that the user
can go straight to it.
"""

from __future__ import annotations

from pathlib import Path


class EntnormError(Exception):
    """Base class of every error raised by entnorm."""


class AliasFileError(EntnormError):
    """A problem in an alias YAML file, located by file and (1-based) line."""

    def __init__(self, code: str, path: str | Path, line: int | None, message: str) -> None:
        self.code = code
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {code} {message}")


class AliasFileErrors(EntnormError):
    """All problems found while loading one or more alias files (validation never stops early)."""

    def __init__(self, errors: list[AliasFileError]) -> None:
        self.errors = errors
        lines = "\n".join(str(e) for e in errors)
        super().__init__(f"{len(errors)} problem(s) in alias tables:\n{lines}")


class Errors:
    """Message templates for alias-file problems, keyed by code."""

    E101 = "the file is not valid UTF-8 (byte {byte:#04x} at offset {offset})"
    E102 = "the file is not valid YAML: {problem}"
    E103 = "the top level must be a mapping with an 'entities' list"
    E104 = "unknown top-level field {field!r} (expected: entities)"
    E105 = "'entities' must be a list of mappings"
    E106 = "an entity must be a mapping of fields, found {found}"
    E107 = "missing required field {field!r}"
    E108 = "unknown field {field!r} (expected one of: {expected})"
    E109 = "field {field!r} must be {expected}, found {found}"
    E110 = "field {field!r} must not be empty"
    E111 = "duplicate id {id!r} (first defined at {first})"
    E112 = "field {field!r} appears twice in one mapping"
    E113 = "unknown type {value!r} (expected one of: {expected})"
    E114 = "wikidata id must look like Q123, found {value!r}"
    E115 = "the file could not be read: {reason}"
    E116 = "YAML tag {tag!r} is not allowed in alias tables"
    E117 = "same_as {target!r} names no entity of its own among the loaded tables"
