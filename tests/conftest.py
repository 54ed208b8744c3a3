"""Shared fixtures. ``../shared`` (seed texts, gold files, dev data) sits beside the clone in CI;
tests that need it skip cleanly in a fresh clone without it."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from entnorm import NormalizedText, Normalizer, Resolver

# The suite's index cache lives in a directory of its own, never in the user's.
os.environ["ENTNORM_CACHE_DIR"] = tempfile.mkdtemp(prefix="entnorm-test-cache-")
atexit.register(shutil.rmtree, os.environ["ENTNORM_CACHE_DIR"], ignore_errors=True)

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip when it is not there."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available (../shared sits beside the clone in CI)")
    return path


@pytest.fixture(scope="session")
def normalizer() -> Normalizer:
    """The normalizer over the bundled tables, built once."""
    return Normalizer()


@pytest.fixture(scope="session")
def bare() -> Normalizer:
    """Bundled tables, no statistical model: the gazetteer, spotter and context alone."""
    return Normalizer(model="none")


@pytest.fixture(scope="session")
def extra() -> Normalizer:
    """The bundled tables and ``data/pipeline.yaml``, no statistical model."""
    return Normalizer([DATA / "pipeline.yaml"], include_bundled=True, model="none")


def found(result: NormalizedText) -> list[tuple[str, str | None]]:
    """A normalized text's mentions as (text, canonical name)."""
    return [(m.text, m.canonical) for m in result.mentions]


def table_resolver(directory: Path, *entities: str) -> Resolver:
    """A resolver over a table of these entities, each a YAML flow mapping
    ("{id: a, name: A, type: GPE}"), without the cache."""
    path = directory / "table.yaml"
    path.write_text("entities:\n" + "".join(f"  - {e}\n" for e in entities), encoding="utf-8")
    return Resolver.from_yaml([path], cache=False)
