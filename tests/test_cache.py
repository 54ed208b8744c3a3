"""The compiled index cache: reuse, invalidation, corrupt files, concurrent writers."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from entnorm import Normalizer, cache
from entnorm.cache import CacheWarning, cache_key, load_indexed

TABLE = """\
entities:
  - id: a
    name: Pyongyang
    type: GPE
    aliases: [P'yŏngyang]
"""


@pytest.fixture
def table(tmp_path: Path) -> Path:
    path = tmp_path / "t.yaml"
    path.write_text(TABLE, encoding="utf-8")
    return path


def test_a_second_load_comes_from_the_cache(table, tmp_path, monkeypatch):
    store = tmp_path / "cache"
    first_table, _ = load_indexed([table], store)
    assert len(list(store.glob("*.pickle"))) == 1

    def fail(paths, base=()):
        raise AssertionError("the tables were parsed again")

    monkeypatch.setattr(cache, "load_layered", fail)
    again, index = load_indexed([table], store)
    assert again == first_table and len(index.rows) == 2


def test_a_changed_table_gets_a_new_entry(table, tmp_path):
    store = tmp_path / "cache"
    key = cache_key([table])
    load_indexed([table], store)
    table.write_text(TABLE.replace("[P'yŏngyang]", "[P'yŏngyang, Pchjongjang]"), "utf-8")
    assert cache_key([table]) != key
    assert Normalizer([table], model="none").canonicalize("Pchjongjang") == "Pyongyang"


def test_a_corrupt_entry_is_rebuilt_with_a_warning(table, tmp_path):
    store = tmp_path / "cache"
    load_indexed([table], store)
    [entry] = store.glob("*.pickle")
    entry.write_bytes(entry.read_bytes()[:50])
    with pytest.warns(CacheWarning, match="unreadable index cache"):
        _, index = load_indexed([table], store)
    assert len(index.rows) == 2
    assert load_indexed([table], store)[1].rows[0].name == "Pyongyang"  # rewritten, no warning


def test_an_unwritable_cache_costs_only_time(table, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.warns(CacheWarning, match="cannot write"):
        _, index = load_indexed([table], blocker / "cache")
    assert len(index.rows) == 2


def test_concurrent_writers_leave_one_whole_entry(table, tmp_path):
    store = tmp_path / "cache"
    code = textwrap.dedent(f"""
        from pathlib import Path
        from entnorm.cache import load_indexed
        load_indexed([Path({str(table)!r})], Path({str(store)!r}))
    """)
    procs = [subprocess.Popen([sys.executable, "-c", code]) for _ in range(4)]
    assert [p.wait() for p in procs] == [0, 0, 0, 0]
    assert len(list(store.glob("*.pickle"))) == 1
    assert not list(store.glob(".*"))
    assert load_indexed([table], store)[1].rows[1].name == "P'yŏngyang"
