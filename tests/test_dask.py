"""The Dask engine: the same rows as the local engine, on a local cluster, on a scheduler with
separate workers, with a worker killed mid-run, and after a resume; bags and dataframes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed")

import dask
import dask.bag as db
import dask.dataframe as dd
import pandas as pd

from entnorm import Normalizer
from entnorm.corpus import Record
from entnorm.dask import normalize_bag, normalize_dataframe

from .test_batch import command, read_jsonl, run, with_reference, write_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, Path]:
    """A corpus with two bad records, and what the local engine makes of it."""
    directory = tmp_path_factory.mktemp("corpus")
    path = directory / "c.jsonl"
    write_corpus(path, 2000, seed=5)
    with path.open("a", encoding="utf-8") as f:
        f.write('{"id": "bad", "text": 5}\nnot json\n')
    reference = directory / "local.jsonl"
    assert run(str(path), "-o", str(reference)) == 3
    return path, reference


def test_a_local_cluster_gives_the_local_engines_bytes(corpus, tmp_path):
    path, reference = corpus
    out = tmp_path / "out.jsonl"
    args = [str(path), "-o", str(out), "--engine", "dask", "--workers", "2",
            "--partition-size", "20K"]  # fmt: skip
    assert run(*args) == 3
    assert out.read_bytes() == reference.read_bytes()
    errors = Path(str(out) + ".errors.jsonl").read_bytes()
    assert errors == Path(str(reference) + ".errors.jsonl").read_bytes()
    assert not Path(str(out) + ".parts").exists()


def test_a_directory_of_parts_resumes_only_what_is_missing(corpus, tmp_path, capsys):
    path, reference = corpus
    out = tmp_path / "parts"
    args = [str(path), "-o", f"{out}/", "--engine", "dask", "--workers", "1",
            "--partition-size", "40K"]  # fmt: skip
    assert run(*args) == 3
    parts = sorted(out.glob("part-*[0-9].jsonl"))
    assert len(parts) > 3
    joined = b"".join(p.read_bytes() for p in parts)
    assert joined == reference.read_bytes()
    # A run over it again is refused; a resume writes only the part that is gone.
    capsys.readouterr()
    assert run(*args) == 1
    assert "E368" in capsys.readouterr().err
    kept = {p: p.stat().st_mtime_ns for p in parts}
    parts[1].unlink()
    assert run(*args, "--resume") == 3
    assert b"".join(p.read_bytes() for p in parts) == reference.read_bytes()
    assert all(p.stat().st_mtime_ns == t for p, t in kept.items() if p != parts[1])
    # With other parts (another partition size), the resume is refused.
    assert run(*args[:-1], "30K", "--resume") == 1
    assert "E352" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_scheduler_with_a_worker_killed_mid_run_gives_the_local_rows(tmp_path):
    path, reference = with_reference(tmp_path, 6000, seed=6)
    address = f"tcp://127.0.0.1:{_free_port()}"
    dask_cli = [str(Path(sys.executable).parent / "dask")]
    procs = [subprocess.Popen([*dask_cli, "scheduler", "--host", "127.0.0.1", "--port",
                               address.rsplit(":", 1)[1], "--no-dashboard"],
                              stderr=subprocess.DEVNULL)]  # fmt: skip
    try:
        for _ in range(2):
            procs.append(subprocess.Popen([*dask_cli, "worker", address, "--nthreads", "1",
                                           "--no-nanny", "--no-dashboard"],
                                          stderr=subprocess.DEVNULL))  # fmt: skip
        out = tmp_path / "out"
        args = [str(path), "-o", f"{out}/", "--engine", "dask", "--scheduler", address,
                "--partition-size", "20K"]  # fmt: skip
        run_proc = subprocess.Popen(command(*args))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not list(out.glob("part-*.jsonl")):
            assert run_proc.poll() is None, "the run ended before a part was written"
            time.sleep(0.05)
        os.kill(procs[1].pid, signal.SIGKILL)  # one of the two workers, mid-run
        assert run_proc.wait(timeout=300) == 0
        parts = sorted(out.glob("part-*.jsonl"))
        assert b"".join(p.read_bytes() for p in parts) == reference.read_bytes()
        assert len(read_jsonl(reference)) == 6000
    finally:
        for p in procs:
            p.kill()
            p.wait()


def test_an_unreachable_scheduler_is_a_coded_error(corpus, tmp_path, capsys):
    path, _ = corpus
    address = f"tcp://127.0.0.1:{_free_port()}"
    assert run(str(path), "-o", str(tmp_path / "o.jsonl"), "--engine", "dask",
               "--scheduler", address) == 1  # fmt: skip
    assert "E366" in capsys.readouterr().err


def test_without_the_extra_the_engine_says_what_to_install(corpus, tmp_path, monkeypatch, capsys):
    path, _ = corpus
    import entnorm

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    monkeypatch.delitem(sys.modules, "entnorm.dask", raising=False)
    monkeypatch.delattr(entnorm, "dask", raising=False)
    assert run(str(path), "-o", str(tmp_path / "o.jsonl"), "--engine", "dask") == 1
    err = capsys.readouterr().err
    assert "E506" in err and "entnorm[dask]" in err


@pytest.fixture(scope="module")
def bare_local() -> Normalizer:
    return Normalizer(model="none")


def test_a_bag_gives_the_rows_the_command_writes(bare_local):
    items = [
        Record("a", "Mun Chzhe In flew to Pkhenyan.", "a"),
        {"id": "b", "text": "Seoul and Pusan."},
        {"id": "c"},
        "Moskva",
    ]
    bag = db.from_sequence(items, npartitions=2)
    with dask.config.set(scheduler="sync"):
        rows = normalize_bag(bag, normalizer=bare_local).compute()
    assert [r.get("id") for r in rows] == ["a", "b", None, "1:1"]
    assert rows[2] == {"source": "1:0", "reason": "no field 'text'"}
    assert [m["canonical"] for m in rows[0]["mentions"]] == ["Moon Jae-in", "Pyongyang"]
    assert rows[0]["normalized"] == bare_local.normalize(items[0].text).text


def test_a_dataframe_gets_mentions_normalized_text_and_errors(bare_local, tmp_path):
    frame = pd.DataFrame({"id": [1, 2, 3], "text": ["Pkhenyan is far.", None, "Seoul."]})
    ddf = dd.from_pandas(frame, npartitions=2)
    with dask.config.set(scheduler="sync"):
        result = normalize_dataframe(ddf, normalizer=bare_local)
        done = result.compute()
        result.to_parquet(tmp_path / "out.parquet")
    assert done["normalized"].tolist()[::2] == ["Pyongyang is far.", "Seoul."]
    assert done["normalized"].isna().tolist() == [False, True, False]
    assert done["error"].isna().tolist() == [True, False, True]
    assert done["mentions"].iloc[0][0]["entity_id"] == bare_local.resolve("Pyongyang").entity_id
    import pyarrow.parquet as pq

    back = pq.read_table(tmp_path / "out.parquet").column("mentions").to_pylist()
    assert back[2][0]["canonical"] == "Seoul"
    with pytest.raises(ValueError, match="E507"):
        normalize_dataframe(ddf, column="body", normalizer=bare_local)


def test_parquet_in_and_out_through_fsspec_urls(corpus, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path, _ = corpus
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines()[:500]]
    source = tmp_path / "c.parquet"
    pq.write_table(pa.Table.from_pylist(rows), source, row_group_size=100)
    local = tmp_path / "local.jsonl"
    assert run(str(source), "-o", str(local)) == 0
    out = tmp_path / "out.parquet"
    # file:// URLs go through fsspec, as s3:// or gs:// ones would.
    assert run(f"file://{source}", "-o", f"file://{out}", "--engine", "dask", "--workers",
               "1", "--partition-size", "4K", "--format", "parquet") == 0  # fmt: skip
    got = pq.read_table(out).to_pylist()
    expected = read_jsonl(local)
    for row in expected:
        row["source"] = row["source"].replace(str(source), f"file://{source}")
    assert [{**r, "fields": json.loads(r["fields"])} for r in got] == expected


def test_a_task_that_fails_ends_the_run_with_a_coded_error(corpus, tmp_path, monkeypatch):
    from distributed import Client

    from entnorm import dask as engine
    from entnorm.errors import InputError

    path, _ = corpus

    def broken(*args, **kwargs):
        raise OSError("the disk is gone")

    monkeypatch.setattr(engine, "_run_part", broken)
    job = {"inputs": [], "tables": "", "options": {}}
    cluster = Client(processes=False, n_workers=1, threads_per_worker=1, dashboard_address=":0")
    with cluster as c, pytest.raises(InputError, match=r"E367.*the disk is gone"):
        engine.run_corpus([str(path)], str(tmp_path / "o.jsonl"), Normalizer(model="none"), c,
                          job=job)  # fmt: skip
