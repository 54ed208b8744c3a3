"""Corpora: records read from files and streams, normalized in order, written safely.

- ``readers``: text files, directories, JSONL, CSV/TSV and standard input, read lazily into
  ``Record`` values; what cannot be read becomes a ``BadRecord`` naming its file and line.
- ``engine``: ``normalize_corpus``, records normalized in input order by one process or a pool.
- ``job``: ``run_batch``, a corpus into one output file, with checkpoints, resume and atomic
  output.
"""

from .engine import Result, normalize_corpus
from .job import (
    OUTPUT_FORMATS,
    BatchSummary,
    check_paths,
    errors_path,
    job_changes,
    job_fingerprint,
    run_batch,
)
from .readers import INPUT_FORMATS, BadRecord, Record, detect_format, read_records

__all__ = [
    "INPUT_FORMATS",
    "OUTPUT_FORMATS",
    "BadRecord",
    "BatchSummary",
    "Record",
    "Result",
    "check_paths",
    "detect_format",
    "errors_path",
    "job_changes",
    "job_fingerprint",
    "normalize_corpus",
    "read_records",
    "run_batch",
]
