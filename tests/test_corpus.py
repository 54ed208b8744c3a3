"""The corpus readers (entnorm.corpus.readers): every record once, in order, bad ones located."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from entnorm import BadRecord, Record, SettingsError, read_records
from entnorm.corpus import detect_format


def read(*inputs, **options) -> list[Record | BadRecord]:
    return list(read_records([str(i) for i in inputs], **options))


def test_formats_by_suffix() -> None:
    assert [detect_format(p) for p in ("a.jsonl", "b.NDJSON", "c.csv", "d.tsv", "e.txt", "-")] == [
        "jsonl", "jsonl", "csv", "tsv", "text", "jsonl"]  # fmt: skip
    assert detect_format("a.csv", "text") == "text"
    with pytest.raises(SettingsError, match="E505"):
        detect_format("a.csv", "xml")


def test_a_directory_is_read_recursively_in_sorted_order(tmp_path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("two", encoding="utf-8")
    (tmp_path / "1.txt").write_text("one", encoding="utf-8")
    (tmp_path / "3.txt").write_bytes(b"")
    records = read(tmp_path)
    assert [(type(r).__name__, r.source.rsplit("/", 1)[-1]) for r in records] == [
        ("Record", "1.txt"), ("BadRecord", "3.txt"), ("Record", "2.txt")]  # fmt: skip
    assert records[1].reason == "the file is empty"


def test_jsonl_rows_keep_their_fields_and_bad_lines_their_place(tmp_path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"id": 7, "text": "Seoul", "lang": "en"}\n\n[1]\n{"text": 3}\n'
                     b'{"body": "x"}\nnot json\n{"text": "\xff"}\n{"text": "Busan"}\n')  # fmt: skip
    records = read(path)
    assert isinstance(records[0], Record)
    assert (records[0].id, records[0].text, records[0].fields) == (
        "7",
        "Seoul",
        {"id": 7, "lang": "en"},
    )
    bad = [(r.source.rsplit(":", 1)[1], r.reason.split(":")[0].split(",")[0])
           for r in records[1:-1]]  # fmt: skip
    assert bad == [("3", "a JSON list"), ("4", "field 'text' is int"), ("5", "no field 'text'"),
                   ("6", "not valid JSON"), ("7", "not valid UTF-8 (byte 0xff)")]  # fmt: skip
    assert records[-1].id == f"{path}:8" and records[-1].text == "Busan"


def test_a_text_field_of_another_name(tmp_path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"body": "Seoul"}) + "\n", encoding="utf-8")
    assert read(path, text_field="body")[0].text == "Seoul"


def test_csv_rows_that_do_not_fit_the_header_are_bad(tmp_path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(b"id,text\n1,Seoul\n2\n3,Busan,extra\n4,\xff\n5,Pusan\n")
    records = read(path)
    ragged = "the row does not have as many cells as the header"
    assert [r.text if isinstance(r, Record) else r.reason for r in records] == [
        "Seoul", ragged, ragged, "not valid UTF-8", "Pusan"]  # fmt: skip


def test_a_missing_file_is_a_bad_record_and_reading_goes_on(tmp_path) -> None:
    good = tmp_path / "g.txt"
    good.write_text("Seoul", encoding="utf-8")
    records = read(tmp_path / "missing.txt", good)
    assert isinstance(records[0], BadRecord) and "cannot read the file" in records[0].reason
    assert isinstance(records[1], Record)


def test_standard_input() -> None:
    stdin = io.BytesIO(b'{"text": "Seoul"}\n')
    records = read_records(["-"], stdin=stdin)
    assert [r.text for r in records] == ["Seoul"]  # type: ignore[union-attr]
    one = read_records(["-"], input_format="text", stdin=io.BytesIO(b"Seoul\nBusan\n"))
    assert [r.text for r in one] == ["Seoul\nBusan\n"]  # type: ignore[union-attr]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=40).filter(lambda b: b"\n" not in b and b"\r" not in b),
                max_size=8))  # fmt: skip
def test_any_jsonl_bytes_give_one_result_per_nonblank_line(lines: list[bytes]) -> None:
    data = b"\n".join(lines) + b"\n"
    results = list(read_records(["-"], stdin=io.BytesIO(data)))
    nonblank = sum(1 for line in lines if line.strip())
    assert len(results) == (nonblank or 1)
    assert all(isinstance(r, (Record, BadRecord)) for r in results)


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(
        st.sampled_from(['{"id": 1, "text": "Seoul"}', '{"text": "Pusan and Moskva"}', "",
                         "not json", '{"x": 1}', '{"text": 5}', "\ufeff{}"]),
        max_size=40,
    ),
    block=st.integers(1, 200),
)  # fmt: skip
def test_parts_read_what_read_records_reads(tmp_path_factory, lines, block) -> None:
    from entnorm.corpus.readers import plan_parts, read_part

    directory = tmp_path_factory.mktemp("parts")
    (directory / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (directory / "b.csv").write_text("id,text\n1,Pusan\n", encoding="utf-8")
    parts = plan_parts([str(directory)], block_bytes=block)
    assert [r for p in parts for r in read_part(p)] == read(directory)


def test_parquet_rows_are_records_with_plain_fields(tmp_path) -> None:
    import datetime

    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    from entnorm.corpus.readers import plan_parts, read_part

    day = datetime.date(2020, 1, 2)
    table = pa.table({"id": ["a", "b", "c"], "text": ["Seoul", None, "Pusan"],
                      "day": [day] * 3, "x": [1.5, float("nan"), 2.0]})  # fmt: skip
    path = tmp_path / "t.parquet"
    pq.write_table(table, path, row_group_size=1)
    records = read(path)
    assert records[0] == Record("a", "Seoul", f"{path}:1", {"id": "a", "day": "2020-01-02",
                                                           "x": 1.5})  # fmt: skip
    assert records[1] == BadRecord(f"{path}:2", "field 'text' is NoneType, not text")
    assert records[2].fields["x"] == 2.0
    parts = plan_parts([str(path)], block_bytes=1)
    assert len(parts) == 3 and [r for p in parts for r in read_part(p)] == records
    (tmp_path / "bad.parquet").write_bytes(b"not parquet")
    [bad] = read(tmp_path / "bad.parquet")
    assert isinstance(bad, BadRecord) and "not a Parquet file" in bad.reason
