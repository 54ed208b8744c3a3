"""Hostile input and faults (issue 20): each case an attacker or an unlucky user met, kept.

Batch runs: a run never writes over its inputs, a checkpoint never outlives or outgrows the
files it describes, a resume never mixes inputs, tables or options, and two runs never share an
output.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .test_batch import read_jsonl, run, write_corpus


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "in" / "c.jsonl"
    path.parent.mkdir()
    write_corpus(path, 450)  # past the first checkpoint, at 200 records
    return path


def test_an_output_over_an_input_is_refused_and_the_input_kept(corpus, capsys):
    before = corpus.read_bytes()
    assert run(str(corpus), "-o", str(corpus)) == 1
    assert "E360" in capsys.readouterr().err
    # Through another spelling of the same path, too.
    assert run(str(corpus), "-o", str(corpus.parent / ".." / "in" / "c.jsonl")) == 1
    assert "E360" in capsys.readouterr().err
    assert corpus.read_bytes() == before
    assert sorted(p.name for p in corpus.parent.iterdir()) == ["c.jsonl"]


def test_an_output_inside_an_input_directory_is_refused(corpus, capsys):
    assert run(str(corpus.parent), "-o", str(corpus.parent / "out.jsonl")) == 1
    assert "E360" in capsys.readouterr().err
    # The errors file and the partial files count as outputs.
    out = corpus.parent.parent / "out.jsonl"
    assert run(str(corpus.parent), "-o", str(out), "--errors", str(corpus.parent / "e")) == 1
    assert "E360" in capsys.readouterr().err
    assert not out.exists()


def test_errors_as_the_output_a_directory_or_a_link_as_output_are_refused(corpus, capsys):
    out = corpus.parent.parent / "out.jsonl"
    assert run(str(corpus), "-o", str(out), "--errors", str(out)) == 1
    assert "E363" in capsys.readouterr().err
    assert run(str(corpus), "-o", str(corpus.parent.parent)) == 1
    assert "E361" in capsys.readouterr().err
    target = corpus.parent.parent / "target.jsonl"
    target.write_text("kept\n")
    out.symlink_to(target)
    assert run(str(corpus), "-o", str(out)) == 1
    assert "E362" in capsys.readouterr().err
    assert target.read_text() == "kept\n" and out.is_symlink()


def _interrupted(corpus: Path, out: Path, monkeypatch) -> None:
    """A run stopped (as by Ctrl-C) just after its first checkpoint."""
    from entnorm.corpus import job

    real = job._save_checkpoint

    def save(*args, **kwargs):
        real(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(job, "_save_checkpoint", save)
    assert run(str(corpus), "-o", str(out), "--batch-size", "4") == 130
    monkeypatch.setattr(job, "_save_checkpoint", real)


def test_a_checkpoint_whose_partial_file_is_gone_is_refused_not_padded(
    corpus, tmp_path, monkeypatch, capsys
):
    out = tmp_path / "out.jsonl"
    _interrupted(corpus, out, monkeypatch)
    partial = tmp_path / "out.jsonl.partial"
    assert partial.stat().st_size > 0
    partial.unlink()
    capsys.readouterr()
    assert run(str(corpus), "-o", str(out), "--resume") == 1
    assert "E355" in capsys.readouterr().err
    assert not out.exists() and not partial.exists()


def test_a_run_killed_as_it_finishes_leaves_no_checkpoint_behind(corpus, tmp_path, monkeypatch):
    from entnorm.corpus import job

    out = tmp_path / "out.jsonl"
    reference = tmp_path / "reference.jsonl"
    assert run(str(corpus), "-o", str(reference)) == 0
    real = os.replace

    def replace(src, dst):
        if Path(dst) == out:
            raise KeyboardInterrupt  # stopped between the last steps
        real(src, dst)

    monkeypatch.setattr(job.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        job.run_batch([], None, out, job={"inputs": [], "tables": "", "options": {}})
    monkeypatch.setattr(job.os, "replace", real)
    assert not (tmp_path / "out.jsonl.checkpoint").exists()
    # The next run starts again, without --resume, and gives the whole output.
    assert run(str(corpus), "-o", str(out)) == 0
    assert out.read_bytes() == reference.read_bytes()


def test_a_resume_after_the_input_or_tables_changed_is_refused(
    corpus, tmp_path, monkeypatch, capsys
):
    out = tmp_path / "out.jsonl"
    _interrupted(corpus, out, monkeypatch)
    original = corpus.read_bytes()
    write_corpus(corpus, 450, seed=7)  # other records
    capsys.readouterr()
    assert run(str(corpus), "-o", str(out), "--resume") == 1
    err = capsys.readouterr().err
    assert "E352" in err and f"input {corpus} changed" in err
    corpus.write_bytes(original)
    table = tmp_path / "t.yaml"
    table.write_text("entities:\n  - {id: x, name: Pyongyang, type: GPE}\n", encoding="utf-8")
    assert run(str(corpus), "-o", str(out), "--resume", "--aliases", str(table)) == 1
    err = capsys.readouterr().err
    assert "alias tables" in err and "option aliases" in err
    # With everything as it was, the resume completes the run.
    reference = tmp_path / "reference.jsonl"
    assert run(str(corpus), "-o", str(reference)) == 0
    assert run(str(corpus), "-o", str(out), "--resume") == 0
    assert out.read_bytes() == reference.read_bytes()


def test_a_run_over_a_stream_cannot_be_resumed(tmp_path, monkeypatch, capsys):
    import io

    out = tmp_path / "out.jsonl"
    (tmp_path / "out.jsonl.checkpoint").write_text(json.dumps({
        "job": {"inputs": [{"path": "-", "stream": True}], "tables": "", "options": {}},
        "records": 1, "failed": 0, "output_bytes": 0, "errors_bytes": 0, "format": 2,
    }))  # fmt: skip
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"text": "Seoul"}\n')))
    assert run("-", "-o", str(out), "--resume") == 1
    assert "E356" in capsys.readouterr().err


def test_a_second_run_on_the_same_output_stops_at_once(corpus, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    with open(tmp_path / "out.jsonl.lock", "a+b") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        assert run(str(corpus), "-o", str(out)) == 1
        assert "E354" in capsys.readouterr().err
    assert not out.exists() and not (tmp_path / "out.jsonl.partial").exists()
    assert run(str(corpus), "-o", str(out)) == 0
    assert not (tmp_path / "out.jsonl.lock").exists()


def test_two_runs_at_once_leave_one_whole_output(tmp_path):
    corpus = tmp_path / "c.jsonl"
    write_corpus(corpus, 3000, seed=3)
    reference = tmp_path / "reference.jsonl"
    assert run(str(corpus), "-o", str(reference)) == 0
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "entnorm.cli", "normalize", str(corpus), "-o", str(out),
           "--model", "none", "--quiet"]  # fmt: skip
    procs = [subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(), p.stderr.read()) for p in procs]
    for p in procs:
        p.stderr.close()
    codes = sorted(code for code, _ in results)
    # Either the second found the first's lock, or it started after the first had finished.
    assert codes in ([0, 0], [0, 1])
    assert all("E354" in err for code, err in results if code == 1)
    assert out.read_bytes() == reference.read_bytes()
    assert len(read_jsonl(out)) == 3000
