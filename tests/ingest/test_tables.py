"""Table corpora: one document per row of JSON Lines, CSV and Parquet, bad rows reported."""

from __future__ import annotations

import csv
import datetime
import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tixi.errors import ReadError
from tixi.ingest import ReadOptions, ReadProblem, SourceDocument, read
from tixi.ingest.base import SKIPPED

TEXT_1 = "第一条 为了规范社会信用信息管理，制定本条例。"
TEXT_2 = "第二条 信用主体依法享有信用信息查询权。"


def split(items: list[SourceDocument | ReadProblem]) -> tuple[list[SourceDocument], list[ReadProblem]]:
    documents = [item for item in items if isinstance(item, SourceDocument)]
    problems = [item for item in items if isinstance(item, ReadProblem)]
    assert len(documents) + len(problems) == len(items)
    return documents, problems


JSONL_LINES = [
    json.dumps({"id": "sh-2017", "text": TEXT_1, "title": "上海市社会信用条例", "year": 2017,
                "tags": ["信用", "立法"]}, ensure_ascii=False),
    '{"id": "broken", "text": "unterminated',
    json.dumps({"id": "no-text", "title": "缺正文"}, ensure_ascii=False),
    "",
    json.dumps({"id": 42, "text": TEXT_2, "title": "山东省社会信用条例", "year": 2020}, ensure_ascii=False),
    json.dumps({"id": "blank", "text": "   "}),
    "[1, 2, 3]",
]


def check_jsonl_items(path: Path) -> None:
    documents, problems = split(list(read(path)))
    assert [document.locator for document in documents] == ["line 1", "line 5"]
    assert [document.text for document in documents] == [TEXT_1, TEXT_2]
    assert documents[0].meta == {"title": "上海市社会信用条例", "year": 2017, "tags": ["信用", "立法"],
                                 "row_id": "sh-2017"}
    assert documents[1].meta["row_id"] == "42"
    assert all(document.format == "jsonl" for document in documents)
    assert [problem.locator for problem in problems] == ["line 2", "line 3", "line 6", "line 7"]
    assert problems[0].reason.startswith("invalid JSON")
    assert problems[1].reason == "missing or empty text in column 'text'"
    assert problems[3].reason == "not a JSON object but list"


def test_jsonl_rows_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(JSONL_LINES) + "\n", encoding="utf-8")
    check_jsonl_items(path)


def test_gzipped_jsonl_is_read_the_same(tmp_path: Path) -> None:
    path = tmp_path / "corpus.JSONL.gz"
    with gzip.open(path, "wt", encoding="utf-8") as stream:
        stream.write("\n".join(JSONL_LINES) + "\n")
    check_jsonl_items(path)


def test_truncated_gzip_reports_where_reading_stopped(tmp_path: Path) -> None:
    rows = [json.dumps({"text": f"{TEXT_1}{n}"}, ensure_ascii=False) for n in range(2000)]
    whole = gzip.compress(("\n".join(rows) + "\n").encode("utf-8"))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])
    documents, problems = split(list(read(path)))
    assert documents  # the lines before the cut are read
    assert len(problems) == 1
    assert problems[0].locator is not None
    assert problems[0].locator == f"line {len(documents) + 1}"


def test_ndjson_with_chinese_text_column_and_chosen_id(tmp_path: Path) -> None:
    path = tmp_path / "docs.ndjson"
    path.write_text(json.dumps({"编号": "A-1", "正文": TEXT_2, "id": "ignored-as-id"}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    documents, _ = split(list(read(path, ReadOptions(id_column="编号"))))
    assert documents[0].text == TEXT_2
    assert documents[0].meta == {"id": "ignored-as-id", "row_id": "A-1"}


def test_csv_rows_with_metadata_and_an_empty_text(tmp_path: Path) -> None:
    long_text = "长" * 200_000  # above csv's default 128 KiB field limit
    path = tmp_path / "corpus.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", "title", "content", "level"])
        writer.writerow(["d1", "上海市社会信用条例", f"{TEXT_1}\n第二款 多行正文。", "provincial"])
        writer.writerow(["d2", "空正文", "", "municipal"])
        writer.writerow(["d3", "很长的正文", long_text, "municipal"])
    documents, problems = split(list(read(path)))
    assert [document.locator for document in documents] == ["row 1", "row 3"]
    assert documents[0].text == f"{TEXT_1}\n第二款 多行正文。"
    assert documents[0].meta == {"title": "上海市社会信用条例", "level": "provincial", "row_id": "d1"}
    assert documents[1].text == long_text
    assert documents[0].format == "csv"
    assert [(problem.locator, problem.reason) for problem in problems] == [
        ("row 2", "missing or empty text in column 'content'")
    ]


def test_gbk_csv_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "excel_export.csv"
    path.write_bytes(f"编号,标题,body\r\n1,志愿服务条例,{TEXT_1}\r\n2,征信业管理条例,{TEXT_2}\r\n".encode("gbk"))
    documents, problems = split(list(read(path)))
    assert problems == []
    assert [document.text for document in documents] == [TEXT_1, TEXT_2]
    assert documents[1].meta == {"编号": "2", "标题": "征信业管理条例"}


def test_text_column_option_and_missing_column_error(tmp_path: Path) -> None:
    path = tmp_path / "custom.csv"
    path.write_text(f"name,内容\nA,{TEXT_1}\n", encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        list(read(path))
    assert "'name', '内容'" in caught.value.reason
    assert "--text-column" in caught.value.reason
    documents, _ = split(list(read(path, ReadOptions(text_column="内容"))))
    assert documents[0].text == TEXT_1
    assert documents[0].meta == {"name": "A"}


def test_parquet_rows_across_batches(tmp_path: Path) -> None:
    count = 2500  # more than one batch of 1024 rows
    texts: list[str | None] = [f"{TEXT_1}（第{n}号）" for n in range(count)]
    texts[1] = None
    table = pa.table({
        "id": pa.array([f"p{n}" for n in range(count)]),
        "body": pa.array(texts, type=pa.string()),
        "issued": pa.array([datetime.date(2019, 1, 1) + datetime.timedelta(days=n) for n in range(count)]),
        "score": pa.array([n / 2 for n in range(count)]),
    })
    path = tmp_path / "corpus.parquet"
    pq.write_table(table, path)
    documents, problems = split(list(read(path)))
    assert len(documents) == count - 1
    assert [(problem.locator, problem.reason) for problem in problems] == [
        ("row 2", "missing or empty text in column 'body'")
    ]
    assert documents[0].locator == "row 1"
    assert documents[-1].locator == f"row {count}"
    assert documents[-1].text == f"{TEXT_1}（第{count - 1}号）"
    assert documents[0].meta == {"issued": "2019-01-01", "score": 0.0, "row_id": "p0"}
    assert documents[0].format == "parquet"


def test_file_that_is_not_parquet(tmp_path: Path) -> None:
    path = tmp_path / "fake.parquet"
    path.write_text("id,text\n1,hello\n", encoding="utf-8")
    with pytest.raises(ReadError, match="not a Parquet file"):
        list(read(path))


@pytest.mark.parametrize("skip", [0, 1, 3, 5, 9])
@pytest.mark.parametrize("form", ["jsonl", "jsonl.gz", "csv", "parquet"])
def test_skipped_records_come_as_placeholders_and_the_rest_as_read_whole(tmp_path: Path, form: str, skip: int) -> None:
    """A Dask partition passes over the records before its range: it sees one SKIPPED per record, then what a whole read gives."""
    rows = [{"id": f"r{n}", "text": f"{TEXT_1}（第{n}号）" if n != 2 else "", "year": 2000 + n} for n in range(7)]
    path = tmp_path / f"corpus.{form}"
    if form.startswith("jsonl"):
        lines = [json.dumps(rows[0], ensure_ascii=False), "", "{broken", *(json.dumps(row, ensure_ascii=False) for row in rows[1:])]
        data = ("\n".join(lines) + "\n").encode("utf-8")
        path.write_bytes(gzip.compress(data) if form.endswith(".gz") else data)
    elif form == "csv":
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=["id", "text", "year"])
            writer.writeheader()
            writer.writerows(rows)
    else:
        pq.write_table(pa.Table.from_pylist(rows), path)
    whole = list(read(path))
    partial = list(read(path, ReadOptions(skip=skip)))
    assert len(partial) == len(whole)
    assert all(item is SKIPPED for item in partial[:skip])
    assert partial[skip:] == whole[skip:]
