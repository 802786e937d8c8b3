"""Reader limits: hostile files are refused while they are read, with the limit named; the batch goes on."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import pytest

from bench.hostile_files import docx_bomb
from tests.hostile.bombs import docx_with_document_xml, warc_record
from tixi.config import ReadLimits, load_config
from tixi.errors import ProjectError, ReadError
from tixi.ingest import ReadOptions, ReadProblem, SourceDocument, read
from tixi.project import Project

GOOD = "第一条 为了规范社会信用体系建设，制定本条例。"


def limited_project(folder: Path, **limits: float) -> Project:
    """Return a new project whose tixi.toml sets the given [limits]."""
    project = Project.init(folder)
    project.close()
    lines = "".join(f"{key} = {value}\n" for key, value in limits.items())
    with (folder / "tixi.toml").open("a", encoding="utf-8") as handle:
        handle.write(f"\n[limits]\n{lines}")
    return Project.open(folder)


def items(path: Path, **limits: float) -> list[SourceDocument | ReadProblem]:
    return list(read(path, ReadOptions(limits=ReadLimits(**limits))))  # type: ignore[arg-type]


def test_limits_come_from_tixi_toml_and_bad_values_are_named(tmp_path: Path) -> None:
    assert load_config(None).limits == ReadLimits()
    project = limited_project(tmp_path / "p", max_chars=1000, max_seconds=2.5)
    assert project.config.limits.max_chars == 1000
    assert project.config.limits.max_seconds == 2.5
    assert project.config.limits.max_xml_elements == ReadLimits().max_xml_elements
    project.close()
    (tmp_path / "bad.toml").write_text("[limits]\nmax_chars = -3\n", encoding="utf-8")
    with pytest.raises(ProjectError, match="limits.max_chars must be a positive whole number, got -3"):
        load_config(tmp_path / "bad.toml")
    (tmp_path / "typo.toml").write_text("[limits]\nmax_char = 3\n", encoding="utf-8")
    with pytest.raises(ProjectError, match="unknown key limits.max_char; the limits are max_decompressed_mb"):
        load_config(tmp_path / "typo.toml")



@pytest.mark.parametrize(("line", "reason"), [
    ("max_seconds = inf", "limits.max_seconds must be a number of seconds (0: no limit), got inf"),
    ("max_seconds = nan", "limits.max_seconds must be a number of seconds (0: no limit), got nan"),
    ("max_chars = inf", "limits.max_chars must be a positive whole number, got inf"),
    ("max_seconds = 1e30", "limits.max_seconds must be at most 2147483647, got 1e+30"),
    ("max_decompressed_mb = 1e30", "limits.max_decompressed_mb must be at most 2147483647, got 1e+30"),
])
def test_limits_no_reader_can_apply_are_named_when_the_project_opens(tmp_path: Path, line: str, reason: str) -> None:
    # Once inf, nan or a huge number failed every file later with an "unexpected error" (or tixi.toml with a traceback).
    (tmp_path / "tixi.toml").write_text(f"[limits]\n{line}\n", encoding="utf-8")
    with pytest.raises(ProjectError) as caught:
        load_config(tmp_path / "tixi.toml")
    assert str(caught.value).endswith(reason)
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    [document] = items(path, max_seconds=2**31 - 1, max_chars=2**31 - 1)  # the largest limits still read
    assert isinstance(document, SourceDocument) and document.text == GOOD

def test_docx_paragraph_bomb_is_refused_by_element_count_and_the_batch_goes_on(tmp_path: Path) -> None:
    # The small variant of the 1 GB bomb (bench/hostile.py runs that one): 60,000 tiny paragraphs.
    sources = tmp_path / "in"
    sources.mkdir()
    docx_bomb(sources / "a_bomb.docx", 60_000)
    (sources / "b_good.txt").write_text(GOOD, encoding="utf-8")
    with limited_project(tmp_path / "p", max_xml_elements=50_000) as project:
        report = project.add([sources])
        assert len(report.added) == 1
        [problem] = report.skipped
        assert problem.path.endswith("a_bomb.docx")
        assert problem.reason == ("the DOCX holds more than 50,000 XML elements "
                                  "(raise limits.max_xml_elements = 50000 in tixi.toml)")


def test_docx_that_unpacks_past_the_byte_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    path = docx_bomb(tmp_path / "bomb.docx", 60_000)  # about 2 MB unpacked, a few kB packed
    assert path.stat().st_size < 100_000
    with pytest.raises(ReadError) as caught:
        items(path, max_decompressed_mb=1)
    assert caught.value.reason == "the unpacked DOCX is larger than 1 MB (raise limits.max_decompressed_mb = 1 in tixi.toml)"
    [document] = items(path)  # under the default limits it is an ordinary (odd) document
    assert isinstance(document, SourceDocument)
    assert document.text.count("x") == 60_000


def test_one_line_text_over_the_character_limit_is_refused_while_streaming(tmp_path: Path) -> None:
    path = tmp_path / "line.txt"
    path.write_text("信" * 400_000, encoding="utf-8")  # 1.2 MB, 400,000 characters on one line
    with pytest.raises(ReadError) as caught:
        items(path, max_chars=100_000)
    assert caught.value.reason == ("document has more characters, over the limit of 100,000 "
                                   "(raise limits.max_chars = 100000 in tixi.toml)")
    [document] = items(path, max_chars=400_000)  # more bytes than the limit, but exactly the limit in characters
    assert isinstance(document, SourceDocument) and len(document.text) == 400_000


def test_csv_field_over_the_limit_stops_the_file_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "title", "text"])
        writer.writerow(["1", "好", GOOD])
        writer.writerow(["2", "大", "长" * 5000])
    found = items(path, max_chars=1000)
    assert isinstance(found[0], SourceDocument) and found[0].text == GOOD
    assert isinstance(found[1], ReadProblem) and found[1].locator == "row 2"
    assert found[1].reason == ("a field is longer than the limit; reading stopped (document has more characters, "
                               "over the limit of 1,000 (raise limits.max_chars = 1000 in tixi.toml))")


def test_jsonl_line_over_the_byte_limit_is_skipped_unread_and_the_next_lines_read(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    lines = [{"text": GOOD, "title": "a"}, {"text": "x" * (1 << 20), "title": "huge"}, {"text": GOOD + "二", "title": "c"}]
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    found = items(path, max_decompressed_mb=1)
    assert [type(item).__name__ for item in found] == ["SourceDocument", "ReadProblem", "SourceDocument"]
    assert found[1].locator == "line 2"  # type: ignore[union-attr]
    assert found[1].reason == "the line is larger than 1 MB (raise limits.max_decompressed_mb = 1 in tixi.toml)"  # type: ignore[union-attr]


# 40,000 short blocks: trafilatura and justext take more than ten minutes over this 2 MB page.
SLOW_PAGE = "<html><body>" + "<div><p>信用 文明 城市</p><span>管理</span></div>" * 40_000 + "</body></html>"


def test_a_slow_page_in_a_warc_is_refused_on_time_and_the_next_record_read(tmp_path: Path) -> None:
    slow = SLOW_PAGE.encode()
    quick = f"<html><body><article><p>{GOOD}</p><p>{GOOD}</p></article></body></html>".encode()
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(warc_record("https://example.gov.cn/slow", slow, gzip=True) + warc_record("https://example.gov.cn/ok", quick, gzip=True))
    warm = tmp_path / "warm.html"  # trafilatura's first page loads its models: not this test's time
    warm.write_bytes(quick)
    items(warm)
    found = items(path, max_seconds=1)
    assert isinstance(found[0], ReadProblem) and found[0].locator == "record 1"
    assert found[0].reason == ("extracting the page's text took longer than 1 s; the record was skipped "
                               "(raise limits.max_seconds = 1 in tixi.toml)")
    assert isinstance(found[1], SourceDocument) and GOOD in found[1].text


def test_a_slow_html_file_is_refused_on_time(tmp_path: Path) -> None:
    path = tmp_path / "slow.html"
    path.write_text(SLOW_PAGE, encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        items(path, max_seconds=0.5)
    assert caught.value.reason == ("reading the document took longer than 0.5 s; the file was refused "
                                   "(raise limits.max_seconds = 0.5 in tixi.toml)")


def test_zip_members_declaring_small_sizes_cannot_inflate_more(tmp_path: Path) -> None:
    # zipfile stops at the declared size, so the sum of declared sizes bounds what python-docx loads.
    path = docx_bomb(tmp_path / "bomb.docx", 20_000)
    with zipfile.ZipFile(path) as archive:
        declared = sum(entry.file_size for entry in archive.infolist())
        assert declared == sum(len(archive.read(entry)) for entry in archive.infolist())


def test_docx_single_text_node_bomb_is_refused_by_the_byte_limit(tmp_path: Path) -> None:
    bomb = docx_with_document_xml(tmp_path / "node.docx", lambda xml: xml.replace(b"<w:t>x</w:t>", b"<w:t>" + b"x" * 3_000_000 + b"</w:t>"))
    with pytest.raises(ReadError) as caught:
        items(bomb, max_decompressed_mb=2)
    assert caught.value.reason == "the unpacked DOCX is larger than 2 MB (raise limits.max_decompressed_mb = 2 in tixi.toml)"


def test_docx_without_a_body_is_a_damaged_file_not_an_unexpected_error(tmp_path: Path) -> None:
    broken = docx_with_document_xml(tmp_path / "nobody.docx", lambda xml: xml.split(b"<w:body>")[0] + b"</w:document>")
    with pytest.raises(ReadError) as caught:
        items(broken)
    assert caught.value.reason.startswith("damaged DOCX file"), caught.value.reason
