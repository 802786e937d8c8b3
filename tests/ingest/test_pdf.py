"""PDF reader: Chinese text per page, page offsets, metadata, scanned/encrypted/damaged files."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from tixi.errors import ReadError
from tixi.ingest import SourceDocument, read

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

PAGE_1 = ["第一条 为了推进社会信用体系建设，制定本条例。", "第二条 本条例适用于本市行政区域内的信用信息管理。"]
PAGE_3 = ["第三条 信用主体依法享有信用信息查询和异议的权利。"]


def write_pdf(path: Path, pages: list[list[str]], encrypt: str | None = None,
              title: str | None = None, author: str | None = None) -> Path:
    """Return path after writing one PDF page per list of lines (an empty list: a blank page)."""
    pdf = canvas.Canvas(str(path), encrypt=encrypt)
    if title:
        pdf.setTitle(title)
    if author:
        pdf.setAuthor(author)
    for lines in pages:
        pdf.setFont(FONT, 12)
        for number, line in enumerate(lines):
            pdf.drawString(72, 760 - 20 * number, line)
        pdf.showPage()
    pdf.save()
    return path


def only_document(path: Path) -> SourceDocument:
    items = list(read(path))
    assert len(items) == 1
    assert isinstance(items[0], SourceDocument)
    return items[0]


def test_chinese_pages_are_read_with_page_offsets(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "tiaoli.pdf", [PAGE_1, [], PAGE_3], title="某市社会信用条例", author="某市人大常委会")
    document = only_document(path)
    page_1 = "\n".join(PAGE_1)
    page_3 = "\n".join(PAGE_3)
    assert document.text == f"{page_1}\f\f{page_3}"
    assert document.pages == [0, len(page_1) + 1, len(page_1) + 2]
    assert document.text[document.pages[2]:] == page_3
    assert document.warnings == ["page 2 has no text layer"]
    assert document.format == "pdf"
    assert document.meta == {"title": "某市社会信用条例", "author": "某市人大常委会", "page_count": 3}


def test_upper_case_suffix_single_page(tmp_path: Path) -> None:
    document = only_document(write_pdf(tmp_path / "plain.PDF", [PAGE_3]))
    assert document.text == PAGE_3[0]
    assert document.pages == [0]
    assert document.warnings == []
    assert document.meta["page_count"] == 1


def test_pdf_without_any_text_layer_looks_scanned(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "scan.pdf", [[], []])
    with pytest.raises(ReadError, match="looks scanned"):
        list(read(path))


def test_encrypted_pdf_needs_a_password(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "secret.pdf", [PAGE_1], encrypt="pw")
    with pytest.raises(ReadError) as caught:
        list(read(path))
    assert caught.value.reason == "PDF is encrypted (password required)"
    assert caught.value.path == str(path)
    assert caught.value.__cause__ is not None


def test_truncated_pdf_is_refused_with_reason(tmp_path: Path) -> None:
    whole = write_pdf(tmp_path / "whole.pdf", [PAGE_1, PAGE_3]).read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(ReadError, match="damaged or truncated"):
        list(read(path))


def test_junk_named_pdf_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"this is not a PDF at all\n" * 40)
    with pytest.raises(ReadError, match="not a PDF"):
        list(read(path))
