"""PDF: the text layer of each page (pypdfium2), pages joined with a form feed.

The text is kept as printed; ``reading`` holds the edits that give it as read (running headers,
footers and page numbers dropped, wrapped lines joined: see ``pdf_layout``), which normalisation
applies.

``text`` is page 1, "\\f", page 2, ...; ``pages`` holds the offset where each page starts.
PDFium ends lines with "\\r\\n"; they become "\\n" so a line break is one character, and a
form feed inside a page becomes "\\n" so "\\f" only ever separates pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from tixi.errors import ReadError
from tixi.ingest.base import ReadOptions, ReadProblem, SourceDocument
from tixi.ingest.limits import LimitExceeded, too_many_chars
from tixi.ingest.pdf_layout import reading_edits

PAGE_BREAK = "\f"

_OPEN_FAILURES = {
    pdfium_raw.FPDF_ERR_PASSWORD: "PDF is encrypted (password required)",
    pdfium_raw.FPDF_ERR_SECURITY: "PDF uses an unsupported encryption (security handler)",
    pdfium_raw.FPDF_ERR_FORMAT: "not a PDF, or a damaged or truncated one (PDFium: data format error)",
    pdfium_raw.FPDF_ERR_FILE: "PDF file cannot be opened (PDFium: file error)",
}


def _open(path: Path) -> Any:
    """Return the opened pypdfium2 document, or raise ReadError saying why it cannot be."""
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        reason = _OPEN_FAILURES.get(getattr(e, "err_code", None), f"cannot open PDF: {e}")
        raise ReadError(str(path), reason) from e


def _page_text(document: Any, index: int) -> str:
    """Return the text layer of the page at index, line breaks as "\\n"."""
    page = document[index]
    try:
        textpage = page.get_textpage()
        try:
            text: str = textpage.get_text_range()
        finally:
            textpage.close()
    finally:
        page.close()
    return text.replace("\r\n", "\n").replace("\r", "\n").replace(PAGE_BREAK, "\n")


# Values that PDF producers write when nobody set a title or author: no title is better than these.
PLACEHOLDERS = {"anonymous", "untitled", "unknown", "无标题", "未命名", "title", "author", "administrator", "user"}


def _metadata(document: Any) -> dict[str, Any]:
    """Return title and author from the PDF's information dictionary where they are set."""
    meta: dict[str, Any] = {}
    try:
        info = document.get_metadata_dict(skip_empty=True)
    except pdfium.PdfiumError:
        return meta  # metadata is optional; a broken info dictionary must not lose the text
    for source_key, meta_key in (("Title", "title"), ("Author", "author")):
        value = str(info.get(source_key, "")).strip()
        if value and value.strip("()（） ").lower() not in PLACEHOLDERS:
            meta[meta_key] = value
    return meta


def read_pdf(path: Path, options: ReadOptions) -> Iterator[SourceDocument | ReadProblem]:
    """Return the one document of a PDF with page offsets; warn about pages without text."""
    document = _open(path)
    try:
        page_count = len(document)
        texts: list[str] = []
        warnings: list[str] = []
        total = 0
        for index in range(page_count):
            try:
                texts.append(_page_text(document, index))
            except pdfium.PdfiumError as e:
                warnings.append(f"page {index + 1} could not be read: {e}")
                texts.append("")
                continue
            if not texts[-1].strip():
                warnings.append(f"page {index + 1} has no text layer")
            total += len(texts[-1])
            if total > options.limits.max_chars:
                raise LimitExceeded(too_many_chars(options.limits))
        meta = _metadata(document)
    finally:
        document.close()
    if page_count == 0:
        raise ReadError(str(path), "PDF has no pages")
    if not any(text.strip() for text in texts):
        raise ReadError(
            str(path),
            f"no page of {page_count} has a text layer: the PDF looks scanned (run OCR first)",
        )
    starts: list[int] = []
    offset = 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + len(PAGE_BREAK)
    meta["page_count"] = page_count
    yield SourceDocument(
        text=PAGE_BREAK.join(texts), format="pdf", meta=meta, pages=starts, warnings=warnings,
        reading=reading_edits(texts, starts),
    )
