"""WARC reader: HTML responses become documents; damaged records are reported and skipped."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tixi.errors import ReadError
from tixi.ingest import ReadProblem, SourceDocument, read

SENTENCES = {
    "a": "第一篇：市信用办发布守信激励措施清单，对守信主体在行政审批中给予绿色通道等便利服务。",
    "b": "第二篇：区文明办开展文明行为促进条例宣传月活动，组织志愿者深入社区开展宣讲。",
    "c": "第三篇：县人民政府公布失信被执行人联合惩戒工作情况，推动信用修复机制建设。",
}


def html_page(key: str) -> bytes:
    body = "".join(f"<p>{SENTENCES[key]}</p>" for _ in range(2))
    links = "".join(f"<li><a href='/{n}'>{n}</a></li>" for n in ("首页", "政务公开", "互动交流", "办事服务"))
    return (f"<html><head><title>新闻{key}</title></head><body><header><nav><ul>{links}</ul></nav></header>"
            f"<article><h1>标题{key}</h1>{body}</article><footer><p>版权所有：某市人民政府</p></footer></body></html>").encode()


def record_bytes(gzip: bool, uri: str, content_type: str, payload: bytes, date: str) -> bytes:
    """Return one WARC response record (one gzip member when gzip is set)."""
    buffer = BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(uri, "response", payload=BytesIO(payload), http_headers=headers,
                                       warc_headers_dict={"WARC-Date": date})
    writer.write_record(record)
    return buffer.getvalue()


def records(gzip: bool) -> list[bytes]:
    """Return four records: HTML a, a PNG image, HTML b, HTML c."""
    return [
        record_bytes(gzip, "https://example.gov.cn/a.html", "text/html; charset=utf-8", html_page("a"),
                     "2021-03-15T08:00:00Z"),
        record_bytes(gzip, "https://example.gov.cn/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
                     "2021-03-15T08:00:01Z"),
        record_bytes(gzip, "https://example.gov.cn/b.html", "text/html", html_page("b"), "2021-03-15T08:00:02Z"),
        record_bytes(gzip, "https://example.gov.cn/c.html", "text/html; charset=UTF-8", html_page("c"),
                     "2021-03-16T09:30:00Z"),
    ]


def damage(record: bytes) -> bytes:
    """Return record with a stretch in its middle overwritten (inside compressed data, or the body)."""
    middle = len(record) // 2
    return record[:middle] + b"\x00GARBAGE" * 4 + record[middle + 32:]


@pytest.mark.parametrize("gzip, name", [(True, "crawl.warc.gz"), (False, "crawl.warc")])
def test_html_responses_become_documents(tmp_path: Path, gzip: bool, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"".join(records(gzip)))
    items = list(read(path))
    assert all(isinstance(item, SourceDocument) for item in items)
    documents = [item for item in items if isinstance(item, SourceDocument)]
    assert [document.locator for document in documents] == ["record 1", "record 3", "record 4"]
    assert [document.meta["url"] for document in documents] == [
        "https://example.gov.cn/a.html", "https://example.gov.cn/b.html", "https://example.gov.cn/c.html",
    ]
    assert documents[2].meta["capture_date"] == "2021-03-16T09:30:00Z"
    assert documents[0].text == f"标题a\n{SENTENCES['a']}\n{SENTENCES['a']}"
    assert SENTENCES["b"] in documents[1].text
    assert all("首页" not in document.text for document in documents)
    assert all(document.format == "warc" for document in documents)


@pytest.mark.parametrize("gzip, name", [(True, "broken.warc.gz"), (False, "broken.warc")])
def test_damaged_record_is_reported_and_reading_goes_on(tmp_path: Path, gzip: bool, name: str) -> None:
    parts = records(gzip)
    parts[2] = damage(parts[2])
    path = tmp_path / name
    path.write_bytes(b"".join(parts))
    items = list(read(path))
    problems = [item for item in items if isinstance(item, ReadProblem)]
    documents = [item for item in items if isinstance(item, SourceDocument)]
    assert [problem.locator for problem in problems] == ["record 3"]
    assert problems[0].path == str(path)
    assert [document.locator for document in documents] == ["record 1", "record 4"]
    assert SENTENCES["c"] in documents[1].text


def test_garbage_between_records_is_skipped(tmp_path: Path) -> None:
    parts = records(False)
    path = tmp_path / "garbage.warc"
    path.write_bytes(parts[0] + b"this line is no WARC header\r\n\r\n" * 3 + b"".join(parts[1:]))
    items = list(read(path))
    assert [(type(item).__name__, item.locator) for item in items] == [
        ("SourceDocument", "record 1"), ("ReadProblem", "record 2"),
        ("SourceDocument", "record 4"), ("SourceDocument", "record 5"),
    ]


def test_truncated_archive_reports_the_cut_record_and_stops(tmp_path: Path) -> None:
    parts = records(True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(parts[0] + parts[1][: len(parts[1]) // 2])
    items = list(read(path))
    assert isinstance(items[0], SourceDocument)
    assert len(items) == 2
    assert isinstance(items[1], ReadProblem)
    assert items[1].locator == "record 2"


def test_junk_named_warc_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc"
    path.write_bytes(b"<html>not an archive</html>\n" * 20)
    with pytest.raises(ReadError, match="not a WARC archive"):
        list(read(path))


def test_damaged_first_member_of_gzipped_archive(tmp_path: Path) -> None:
    parts = records(True)
    path = tmp_path / "first_broken.warc.gz"
    path.write_bytes(b"\x00" * 16 + parts[0][16:] + b"".join(parts[1:]))
    items = list(read(path))
    assert [(type(item).__name__, item.locator) for item in items] == [
        ("ReadProblem", "record 1"), ("SourceDocument", "record 3"), ("SourceDocument", "record 4"),
    ]
