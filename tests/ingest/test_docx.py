"""DOCX reader: paragraphs and tables in body order, merged cells once, title, transcripts."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from tixi.errors import ReadError
from tixi.ingest import SourceDocument, read


def only_document(path: Path) -> SourceDocument:
    items = list(read(path))
    assert len(items) == 1
    assert isinstance(items[0], SourceDocument)
    return items[0]


def write_table_docx(path: Path) -> Path:
    """Return path after writing a DOCX: heading, paragraph, a 3x3 table with a merged cell, paragraph."""
    document = docx.Document()
    document.core_properties.title = "文明行为促进条例（草案）"
    document.add_heading("文明行为促进条例", level=1)
    document.add_paragraph("第一条 为了培育和践行社会主义核心价值观，制定本条例。")
    table = document.add_table(rows=3, cols=3)
    for column, header in enumerate(["行为", "分值", "依据"]):
        table.cell(0, column).text = header
    merged = table.cell(1, 0).merge(table.cell(1, 1))  # spans two grid columns
    merged.text = "见义勇为（加分）"
    table.cell(1, 2).text = "第十条"
    for column, value in enumerate(["乱扔垃圾", "-2", "第二十条"]):
        table.cell(2, column).text = value
    document.add_paragraph("第二条 本条例适用于本市行政区域。")
    document.save(str(path))
    return path


def test_paragraphs_and_table_rows_in_body_order(tmp_path: Path) -> None:
    document = only_document(write_table_docx(tmp_path / "tiaoli.docx"))
    assert document.text.split("\n") == [
        "文明行为促进条例",
        "第一条 为了培育和践行社会主义核心价值观，制定本条例。",
        "行为 | 分值 | 依据",
        "见义勇为（加分） | 第十条",  # the merged cell appears once, not once per grid column
        "乱扔垃圾 | -2 | 第二十条",
        "第二条 本条例适用于本市行政区域。",
    ]
    assert document.format == "docx"
    assert document.meta["title"] == "文明行为促进条例（草案）"
    rows = [segment for segment in document.segments if segment.kind == "row"]
    assert [document.text[row.start:row.end] for row in rows] == [
        "行为 | 分值 | 依据", "见义勇为（加分） | 第十条", "乱扔垃圾 | -2 | 第二十条",
    ]
    assert [row.number for row in rows] == [1, 2, 3]
    assert all(row.meta["table"] == 1 for row in rows)
    assert "kind" not in document.meta  # not a transcript


def test_docx_transcript_gets_turns(tmp_path: Path) -> None:
    path = tmp_path / "interview.docx"
    source = docx.Document()
    for line in ["村干部访谈", "访谈员：积分是怎么评出来的？", "王村长：每月由村民代表打分，",
                 "然后在公示栏公示。", "访谈员：大家认可吗？", "王村长：大部分认可。"]:
        source.add_paragraph(line)
    source.save(str(path))
    document = only_document(path)
    assert document.meta["kind"] == "interview"
    assert document.meta["speakers"] == ["王村长", "访谈员"]
    turns = [segment for segment in document.segments if segment.kind == "turn"]
    assert [document.text[turn.start:turn.end] for turn in turns] == [
        "访谈员：积分是怎么评出来的？",
        "王村长：每月由村民代表打分，\n然后在公示栏公示。",
        "访谈员：大家认可吗？",
        "王村长：大部分认可。",
    ]
    assert [turn.label for turn in turns] == ["访谈员", "王村长", "访谈员", "王村长"]


def test_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_text("这不是一个 Word 文件", encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        list(read(path))
    assert caught.value.reason == "not a DOCX file (not a zip archive)"


def test_zip_that_is_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ReadError, match="not a DOCX file") as caught:
        list(read(path))
    assert caught.value.__cause__ is not None
