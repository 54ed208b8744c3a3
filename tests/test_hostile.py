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
from hypothesis import given, settings
from hypothesis import strategies as st

from .test_batch import command, read_jsonl, run, with_reference, write_corpus


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
    corpus, reference = with_reference(tmp_path, 3000, seed=3)
    out = tmp_path / "out.jsonl"
    cmd = command(str(corpus), "-o", str(out))
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


# One bad record never stops a corpus: each goes to the errors file with its line and reason.

POISON = [
    '{"id": "s", "text": "\\ud800 Seoul"}',  # a lone surrogate: valid JSON, not text
    '{"id": "n", "text": "Seoul", "n": ' + "9" * 5000 + "}",  # over Python's digit limit
    '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}",  # nested past the recursion limit
    '{"id": "c", "text": "Seoul", "x": NaN}',  # not JSON, though Python writes it
    '{"id": "k", "text": "Seoul", "\\udfff": 1}',  # a surrogate in a key
]


def test_poison_records_go_to_the_errors_file_and_the_run_goes_on(tmp_path, capsys):
    corpus = tmp_path / "c.jsonl"
    good = [json.dumps({"id": f"g{i}", "text": "Mun Chzhe In flew to Pkhenyan."}) for i in range(3)]
    lines = [good[0], *POISON[:3], good[1], *POISON[3:], good[2]]
    corpus.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")  # and a BOM
    out = tmp_path / "out.jsonl"
    assert run(str(corpus), "-o", str(out)) == 3
    assert "Traceback" not in capsys.readouterr().err
    assert [r["id"] for r in read_jsonl(out)] == ["g0", "g1", "g2"]
    errors = read_jsonl(tmp_path / "out.jsonl.errors.jsonl")
    assert [e["source"] for e in errors] == [f"{corpus}:{n}" for n in (2, 3, 4, 6, 7)]
    reasons = [e["reason"] for e in errors]
    assert "lone surrogate" in reasons[0] and "digits" in reasons[1]
    assert "nested too deeply" in reasons[2] and "NaN" in reasons[3]
    # Nothing that is not JSON was written.
    assert "NaN" not in out.read_text("utf-8")


def test_a_record_that_breaks_the_pipeline_is_reported_alone(tmp_path, monkeypatch):
    from entnorm.corpus import engine
    from entnorm.normalizer import Normalizer

    real = Normalizer.normalize

    def normalize(self, text):
        if "boom" in text:
            raise RuntimeError("the tokenizer failed")
        return real(self, text)

    monkeypatch.setattr(Normalizer, "normalize", normalize)
    monkeypatch.setattr(Normalizer, "pipe", lambda self, texts, **kw: map(self.normalize, texts))
    from entnorm.corpus import Record

    records = [Record(str(i), t, f"c:{i}") for i, t in enumerate(["Seoul", "boom", "Pusan"])]
    results = list(engine.normalize_corpus(records, Normalizer(model="none")))
    assert [type(r).__name__ for r in results] == ["Result", "BadRecord", "Result"]
    assert results[1].source == "c:1" and "RuntimeError: the tokenizer failed" in results[1].reason


def test_a_csv_quote_never_closed_is_flagged_not_merged(tmp_path):
    corpus = tmp_path / "c.csv"
    corpus.write_text('id,text\nr1,Seoul\nr2,"Pkhenyan\nr3,Moskva\nr4,Pusan\n', encoding="utf-8")
    out = tmp_path / "out.csv"
    assert run(str(corpus), "-o", str(out), "--format", "csv") == 3
    [error] = read_jsonl(tmp_path / "out.csv.errors.jsonl")
    assert error["source"] == f"{corpus}:3" and "quote" in error["reason"]
    assert {line.split(",")[0] for line in out.read_text().splitlines()[1:]} == {"r1"}


def test_a_csv_cell_of_a_long_document_is_read_and_a_bom_dropped(tmp_path):
    corpus = tmp_path / "c.csv"
    long_text = "Seoul is far. " * 20_000  # 280 KB, over the csv module's default limit
    corpus.write_text(f'\ufeffid,text\nr1,"{long_text}"\nr2,Pusan\n', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert run(str(corpus), "-o", str(out)) == 0
    assert [r["id"] for r in read_jsonl(out)] == ["r1", "r2"]


def test_a_record_over_the_limit_is_reported_not_read(tmp_path, monkeypatch):
    from entnorm.corpus import readers

    monkeypatch.setattr(readers, "MAX_RECORD_BYTES", 1000)
    corpus = tmp_path / "c.jsonl"
    big = json.dumps({"id": "big", "text": "Seoul " * 400})
    corpus.write_text(f'{{"id": "a", "text": "Seoul"}}\n{big}\n{{"id": "b", "text": "Pusan"}}\n')
    out = tmp_path / "out.jsonl"
    assert run(str(corpus), "-o", str(out)) == 3
    assert [r["id"] for r in read_jsonl(out)] == ["a", "b"]
    [error] = read_jsonl(tmp_path / "out.jsonl.errors.jsonl")
    assert error["source"] == f"{corpus}:2" and "over the limit" in error["reason"]


# Long documents: normalized in pieces, so that memory holds one piece; refused past a limit.


def test_a_long_text_is_normalized_in_pieces_with_exact_offsets(bare, monkeypatch):
    from entnorm import normalizer

    paragraph = "Mun Chzhe In flew to Pkhenyan on Tuesday.\n\nSeoul said nothing at all.\n\n"
    text = paragraph * 20
    whole = bare.normalize(text)
    monkeypatch.setattr(normalizer, "PIECE_LENGTH", 150)
    assert len(normalizer.pieces(text, 150)) >= 10
    cut = bare.normalize(text)
    # Each paragraph is its own context here, so the pieces find what the whole text does.
    assert cut == whole
    assert all(text[m.start : m.end] == m.text for m in cut.mentions)
    short = "Moskva and Pusan."
    assert list(bare.pipe([short, text, short])) == [bare.normalize(short), cut,
                                                     bare.normalize(short)]  # fmt: skip


def test_a_text_over_the_limit_is_refused_with_a_code(bare, monkeypatch):
    from entnorm import normalizer
    from entnorm.errors import InputError

    monkeypatch.setattr(normalizer, "MAX_TEXT_LENGTH", 100)
    with pytest.raises(InputError, match="E370"):
        bare.normalize("Seoul " * 50)


# Alias tables: YAML bombs fail at once with a coded error and a line; nothing but data is read.


def _check(tmp_path: Path, text: str) -> list[tuple[str, int | None]]:
    from entnorm import load_tables
    from entnorm.errors import AliasFileErrors

    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        load_tables([path])
    except AliasFileErrors as exc:
        return [(e.code, e.line) for e in exc.errors]
    return []


LAUGHS = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize(
    "text",
    ["x: &a [*a, *a]\nentities: []\n", LAUGHS + "entities: []\n"],
    ids=["recursive", "billion-laughs"],
)
def test_yaml_alias_bombs_fail_at_once_with_a_line(tmp_path, text):
    assert _check(tmp_path, text) == [("E118", 1)]


def test_controls_invisible_names_timestamps_and_merge_keys_are_reported_by_line(tmp_path):
    text = (
        "entities:\n"
        '  - {id: a, name: "Seoul\\x00", type: GPE}\n'
        '  - {id: b, name: "\\u200b\\u202e", type: GPE}\n'
        "  - {id: c, name: 2001-12-14, type: GPE}\n"
        "  - {id: d, name: Busan, type: GPE, <<: {aliases: [Pusan]}}\n"
    )
    assert _check(tmp_path, text) == [("E119", 2), ("E120", 3), ("E109", 4), ("E108", 5)]
    # A raw control character is the YAML reader's error, located too.
    assert _check(tmp_path, "entities:\n  - {id: a, name: Seoul\x01, type: GPE}\n") == [("E102", 2)]


YAML_ALPHABET = st.sampled_from(
    [*"ab: -[]{},&*!|>'\"#\n\t\\x0", "entities:", "\n  - ", "id: ", "name: ", "!!python/"]
)


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(YAML_ALPHABET, max_size=40))
def test_any_yaml_loads_as_data_or_fails_with_coded_errors(tmp_path_factory, parts):
    text = "".join(parts)
    problems = _check(tmp_path_factory.mktemp("fuzz"), text)
    assert all(code.startswith("E1") for code, _ in problems)


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.text(alphabet='ab,"\n\r\t\ufeff\ud800x', max_size=12), max_size=8))
def test_any_csv_gives_records_or_located_bad_records(rows):
    import io

    from entnorm.corpus import BadRecord, Record, read_records

    data = ("text\n" + "\n".join(rows)).encode("utf-8", "surrogatepass")
    for r in read_records(["-"], input_format="csv", stdin=io.BytesIO(data)):
        assert isinstance(r, (Record, BadRecord))
        if isinstance(r, Record):
            r.text.encode("utf-8")  # writable: no surrogate got through
        else:
            assert r.source.startswith("<stdin>")


# Interrupts and closed pipes: an exit code and one line, never a traceback.


def test_ctrl_c_to_a_run_with_workers_exits_130_without_a_traceback(tmp_path):
    import signal
    import time

    corpus = tmp_path / "c.jsonl"
    write_corpus(corpus, 20_000, seed=2)
    out = tmp_path / "out.jsonl"
    checkpoint = tmp_path / "out.jsonl.checkpoint"
    cmd = command(str(corpus), "-o", str(out), "--workers", "2")

    # As a terminal starts it: Ctrl-C not ignored, whatever an earlier test left this process
    # (an ignored SIGINT is inherited across exec).
    def as_a_terminal() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=as_a_terminal)  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None and not checkpoint.exists():
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "Traceback" not in err and "--resume" in err


def test_an_interrupt_outside_a_run_ends_quietly(monkeypatch, capsys):
    from entnorm import cli

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "cmd_resolve", interrupted)
    assert cli.main(["resolve", "Seoul"]) == 130
    assert capsys.readouterr().err == "entnorm: interrupted\n"


def test_a_reader_that_stops_early_gets_no_traceback():
    cmd = [sys.executable, "-m", "entnorm.cli", "resolve", *["Pkhenyan"] * 20_000]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.readline()  # as `| head -1` does
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 1
    assert "Traceback" not in err and "Broken pipe" not in err


def test_a_name_of_thousands_of_letters_is_never_scored(bare, monkeypatch):
    import random

    stage = sys.modules["entnorm.resolve"]
    scored = []
    real = stage.score_views
    monkeypatch.setattr(stage, "score_views", lambda q, n: scored.append(n) or real(q, n))
    rng = random.Random(4)
    for letters in ("가힣", "az"):
        name = "".join(chr(rng.randint(ord(letters[0]), ord(letters[1]))) for _ in range(4000))
        # Longer than any listed name (max_fuzzy_length), it cannot match one fuzzily: the
        # quadratic edit stages never see it.
        assert bare.canonicalize(name) == name
    assert scored == []


def test_csv_sources_name_each_rows_own_first_line(tmp_path):
    from entnorm.corpus import BadRecord, read_records

    path = tmp_path / "c.csv"
    path.write_text('id,text\n\n1,Seoul\n2,"a"b\n3,Pusan\n\n4,"two\nlines"\n5,Moskva\n', "utf-8")
    got = [(r.source.rsplit(":", 1)[1], isinstance(r, BadRecord)) for r in read_records([path])]
    assert got == [("3", False), ("4", True), ("5", False), ("7", False), ("9", False)]


def test_an_interrupted_run_over_a_stream_simply_runs_again(tmp_path, monkeypatch, capsys):
    import io

    from entnorm.corpus import engine

    real = engine.normalize_batch
    batches = []

    def interrupted(normalizer, batch):
        batches.append(1)
        if len(batches) == 2:
            raise KeyboardInterrupt
        return real(normalizer, batch)

    lines = b"".join(b'{"text": "Seoul"}\n' for _ in range(300))
    out = tmp_path / "out.jsonl"
    monkeypatch.setattr(engine, "normalize_batch", interrupted)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines)))
    assert run("-", "-o", str(out), "--batch-size", "100") == 130
    assert "run it again whole" in capsys.readouterr().err
    assert not (tmp_path / "out.jsonl.checkpoint").exists()
    monkeypatch.setattr(engine, "normalize_batch", real)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines)))
    assert run("-", "-o", str(out)) == 0
    assert len(read_jsonl(out)) == 300
