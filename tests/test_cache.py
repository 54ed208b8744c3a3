"""The compiled index cache: reuse, invalidation, corrupt files, concurrent writers."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from entnorm import Normalizer, cache
from entnorm.aliases import EntityColumns
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


def entries(store: Path) -> list[Path]:
    return [p for p in store.iterdir() if not p.name.startswith(".")]


def test_a_second_load_comes_from_the_cache(table, tmp_path, monkeypatch):
    store = tmp_path / "cache"
    first_table, _ = load_indexed([table], store)
    assert len(entries(store)) == 1

    def fail(paths, base=()):
        raise AssertionError("the tables were parsed again")

    monkeypatch.setattr(cache, "load_layered", fail)
    again, index = load_indexed([table], store)
    assert again == first_table and len(index.rows) == 2
    # Mapped from the entry's files, not read into memory: processes share the pages. The
    # entities too, made one by one as they are read.
    assert isinstance(index.rows.entity.base, np.memmap)
    assert isinstance(again.entities, EntityColumns) and again.get("a") == first_table.get("a")
    assert index.position["a"] == 0


def test_a_changed_table_gets_a_new_entry(table, tmp_path):
    store = tmp_path / "cache"
    key = cache_key([table])
    load_indexed([table], store)
    table.write_text(TABLE.replace("[P'yŏngyang]", "[P'yŏngyang, Pchjongjang]"), "utf-8")
    assert cache_key([table]) != key
    assert Normalizer([table], model="none").canonicalize("Pchjongjang") == "Pyongyang"


def test_a_table_edited_while_it_loads_is_not_stored_under_its_old_key(
    table, tmp_path, monkeypatch
):
    store = tmp_path / "cache"
    real = cache.load_layered

    def load_then_edit(paths, base=()):
        loaded = real(paths, base)
        table.write_text(TABLE.replace("Pyongyang", "Pyongyang City"), "utf-8")
        return loaded

    monkeypatch.setattr(cache, "load_layered", load_then_edit)
    load_indexed([table], store)
    assert not store.exists() or entries(store) == []
    monkeypatch.setattr(cache, "load_layered", real)
    # The next start reads the table as it is now, and keeps it.
    loaded, _ = load_indexed([table], store)
    assert loaded.get("a").name == "Pyongyang City" and len(entries(store)) == 1


def test_a_corrupt_entry_is_rebuilt_with_a_warning(table, tmp_path):
    store = tmp_path / "cache"
    load_indexed([table], store)
    [entry] = entries(store)
    npy = entry / "row_names.npy"
    npy.write_bytes(npy.read_bytes()[:50])
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
    assert len(entries(store)) == 1
    assert not list(store.glob(".*"))
    assert load_indexed([table], store)[1].rows[1].name == "P'yŏngyang"


class _Planted:
    """What an attacker would plant: unpickling it runs code (here, writes a file)."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path(self.marker).write_text, ("ran",))


@pytest.mark.parametrize("planted", ["row_names.npy", "tables.msgpack", "header.json"])
def test_nothing_in_an_entry_is_executed(table, tmp_path, planted):
    import pickle

    store = tmp_path / "cache"
    load_indexed([table], store)
    [entry] = entries(store)
    marker = tmp_path / "marker"
    payload = pickle.dumps(_Planted(str(marker)))
    if planted.endswith(".npy"):
        # An object array, which numpy stores as a pickle.
        np.save(entry / planted, np.array([_Planted(str(marker))], dtype=object), allow_pickle=True)
    else:
        (entry / planted).write_bytes(payload)
    with pytest.warns(CacheWarning, match="unreadable index cache"):
        _, index = load_indexed([table], store)
    assert not marker.exists()
    assert len(index.rows) == 2


def test_an_entry_whose_arrays_point_past_their_targets_is_rebuilt(table, tmp_path):
    store = tmp_path / "cache"
    load_indexed([table], store)
    [entry] = entries(store)
    np.save(entry / "row_entity.npy", np.array([0, 7], dtype=np.int32))
    with pytest.warns(CacheWarning, match="unreadable index cache"):
        _, index = load_indexed([table], store)
    assert index.rows[1].entity == 0


def test_an_entry_with_a_changed_byte_is_rebuilt(table, tmp_path):
    store = tmp_path / "cache"
    load_indexed([table], store)
    [entry] = entries(store)
    npy = entry / "row_plain.npy"
    data = bytearray(npy.read_bytes())
    data[-1] ^= 0xFF  # the array's last byte: the shape and type still fit the header
    npy.write_bytes(bytes(data))
    with pytest.warns(CacheWarning, match="unreadable index cache"):
        _, index = load_indexed([table], store)
    assert index.rows[0].keys.plain == "pyongyang"


def test_every_process_writes_the_same_entry(table, tmp_path):
    # String hashing differs between processes; the entry must not, or a reader could mix
    # files of two builds.
    headers = []
    for seed in ("1", "2"):
        store = tmp_path / f"cache{seed}"
        code = textwrap.dedent(f"""
            from pathlib import Path
            from entnorm.cache import load_indexed
            load_indexed([Path({str(table)!r})], Path({str(store)!r}))
        """)
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        [entry] = entries(store)
        headers.append((entry / "header.json").read_text("utf-8"))
    assert headers[0] == headers[1]


def test_what_a_killed_writer_left_is_swept_when_it_is_old(table, tmp_path):
    store = tmp_path / "cache"
    store.mkdir()
    old, fresh = store / ".abc.123.tmp", store / ".abc.456.tmp"
    for d in (old, fresh):
        d.mkdir()
        (d / "row_names.npy").write_bytes(b"partial")
    os.utime(old, (0, 0))
    load_indexed([table], store)
    assert not old.exists()
    assert fresh.exists()  # perhaps another writer at work
