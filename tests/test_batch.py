"""Batch normalization: formats, order, workers, bad records, interruption and resume."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from entnorm.cli import main

PEOPLE = ["Mun Chzhe In", "Kim Chen Yn", "Moon Jae-in", "Mike Pompeyo", "Kim Yo Jong"]
PLACES = ["Pkhenyan", "Seoul", "Moskva", "Pusan", "Washington"]
TEMPLATES = [
    "{p} arrived in {g} on a rainy morning.",
    "Officials in {g} said that {p} would stay two days.",
    "Nobody expected {p} to speak first.",
    "The weather was mild and the talks went on.",
]


def write_corpus(path: Path, n: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            text = rng.choice(TEMPLATES).format(p=rng.choice(PEOPLE), g=rng.choice(PLACES))
            f.write(json.dumps({"id": f"doc{i}", "text": text, "n": i}) + "\n")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def run(*args: str) -> int:
    return main(["normalize", "--model", "none", "--quiet", *args])


def with_reference(directory: Path, n: int, seed: int) -> tuple[Path, Path]:
    """A corpus of ``n`` records, and its output from an uninterrupted run."""
    corpus, reference = directory / "corpus.jsonl", directory / "reference.jsonl"
    write_corpus(corpus, n, seed=seed)
    assert run(str(corpus), "-o", str(reference)) in (0, 3)
    return corpus, reference


def command(*args: str) -> list[str]:
    """``entnorm normalize`` without a model, as a separate process."""
    return [sys.executable, "-m", "entnorm.cli", "normalize", "--model", "none", "--quiet", *args]


def test_two_workers_give_every_record_once_in_order_as_one_does(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus, 3000)
    assert run(str(corpus), "-o", str(tmp_path / "one.jsonl")) == 0
    assert run(str(corpus), "-o", str(tmp_path / "two.jsonl"), "--workers", "2") == 0
    one, two = read_jsonl(tmp_path / "one.jsonl"), read_jsonl(tmp_path / "two.jsonl")
    assert [r["id"] for r in one] == [f"doc{i}" for i in range(3000)]
    assert two == one
    assert one[0]["fields"] == {"id": "doc0", "n": 0}
    assert not list(tmp_path.glob("*.partial")) and not list(tmp_path.glob("*.checkpoint"))


def test_bad_records_are_reported_with_their_location_and_good_ones_normalized(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_bytes(
        b'{"id": "a", "text": "Mun Chzhe In flew to Pkhenyan."}\n'
        b'{"id": "bad-utf8", "text": "caf\xe9"}\n'
        b'{"id": "broken", "text": \n'
        b'{"id": "no-text"}\n'
        b'["a", "list"]\n'
        b'{"id": "b", "text": "Seoul."}\n'
    )
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "latin1.txt").write_bytes(b"Caf\xe9 in Seoul")
    table = tmp_path / "t.csv"
    table.write_bytes(b"id,text\nr1,Moskva is far\nr2,bad \xff byte\nr3,Pusan\n")
    out = tmp_path / "out.jsonl"
    inputs = [str(corpus), str(tmp_path / "empty.txt"), str(tmp_path / "latin1.txt"), str(table)]
    assert run(*inputs, "-o", str(out)) == 3
    assert [r["id"] for r in read_jsonl(out)] == ["a", "b", "r1", "r3"]
    assert read_jsonl(out)[0]["normalized"] == "Moon Jae-in flew to Pyongyang."
    errors = read_jsonl(tmp_path / "out.jsonl.errors.jsonl")
    assert [e["source"] for e in errors] == [
        f"{corpus}:2", f"{corpus}:3", f"{corpus}:4", f"{corpus}:5",
        str(tmp_path / "empty.txt"), str(tmp_path / "latin1.txt"), f"{table}:3",
    ]  # fmt: skip
    reasons = " | ".join(e["reason"] for e in errors)
    for expected in ["not valid UTF-8", "not valid JSON", "no field 'text'", "not an object",
                     "the file is empty"]:  # fmt: skip
        assert expected in reasons


def test_text_files_directories_and_csv_mentions(tmp_path):
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "b.txt").write_text("Seoul and Pkhenyan.", encoding="utf-8")
    (docs / "sub" / "a.txt").write_text("Kim Chen Yn spoke.", encoding="utf-8")
    (docs / "skip.md").write_text("Moskva", encoding="utf-8")
    out = tmp_path / "m.csv"
    assert run(str(docs), "--glob", "*.txt", "-o", str(out), "--format", "csv") == 0
    lines = out.read_text("utf-8").splitlines()
    assert lines[0] == "id,source,start,end,text,label,entity_id,canonical,score,method"
    assert [line.split(",")[4] for line in lines[1:]] == ["Seoul", "Pkhenyan", "Kim Chen Yn"]


def test_stdin_jsonl(tmp_path, monkeypatch):
    import io

    stdin = io.TextIOWrapper(io.BytesIO(b'{"text": "Pkhenyan"}\n'), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert run("-", "-o", str(tmp_path / "o.jsonl")) == 0
    assert read_jsonl(tmp_path / "o.jsonl")[0]["id"] == "<stdin>:1"


def test_a_checkpoint_in_the_way_or_from_another_run_is_refused(tmp_path, capsys):
    corpus = tmp_path / "c.jsonl"
    write_corpus(corpus, 10)
    out = tmp_path / "o.jsonl"
    checkpoint = tmp_path / "o.jsonl.checkpoint"
    other = {"inputs": [{"path": "elsewhere.jsonl", "size": 1}], "tables": "t", "options": {}}
    checkpoint.write_text(json.dumps({"job": other, "records": 1, "failed": 0, "format": 2,
                                      "output_bytes": 0, "errors_bytes": 0}))  # fmt: skip
    assert run(str(corpus), "-o", str(out)) == 1
    assert "pass --resume" in capsys.readouterr().err
    assert run(str(corpus), "-o", str(out), "--resume") == 1
    err = capsys.readouterr().err
    assert "E352" in err and "elsewhere.jsonl was removed" in err and "tables" in err
    # A checkpoint of an older layout is refused too, not guessed at.
    checkpoint.write_text(json.dumps({"job": "x", "records": 1, "failed": 0,
                                      "output_bytes": 0, "errors_bytes": 0}))  # fmt: skip
    assert run(str(corpus), "-o", str(out), "--resume") == 1
    assert "E353" in capsys.readouterr().err
    assert not out.exists()


def test_kill_9_then_resume_loses_and_repeats_nothing(tmp_path):
    corpus, reference = with_reference(tmp_path, 20_000, seed=1)
    out = tmp_path / "out.jsonl"
    checkpoint = tmp_path / "out.jsonl.checkpoint"
    cmd = command(str(corpus), "-o", str(out))
    proc = subprocess.Popen(cmd)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if checkpoint.exists() and json.loads(checkpoint.read_text() or "{}").get("records", 0):
            break
        time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("the run ended (or hung) before its first checkpoint")
    time.sleep(0.3)  # let it write past the checkpoint, so that resume must cut back
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not out.exists() and checkpoint.exists()

    assert subprocess.run([*cmd, "--resume"], check=False).returncode == 0
    assert out.read_bytes() == reference.read_bytes()
    assert not checkpoint.exists() and not list(tmp_path.glob("*.partial"))
