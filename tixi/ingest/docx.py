"""DOCX (python-docx): paragraphs and table rows in the order the document body has them.

Each paragraph is one line. Each table row is one line, its cells joined by " | ", and one
"row" segment. The body XML is walked directly so tables stay where they are and content
controls (``w:sdt``) are not lost. Cells are read as the row's own ``w:tc`` elements: a
horizontally merged cell is one element, so it appears once, where python-docx's
``row.cells`` would repeat it for every grid column it spans.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import OpcError
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from tixi.config import ReadLimits
from tixi.errors import ReadError
from tixi.ingest.base import ReadOptions, ReadProblem, SourceDocument
from tixi.ingest.limits import LimitExceeded, too_many_bytes
from tixi.ingest.transcripts import mark_interview
from tixi.model import Segment

CELL_SEPARATOR = " | "

_P = qn("w:p")
_TBL = qn("w:tbl")
_SDT = qn("w:sdt")


class _Builder:
    """Collects lines and row segments, tracking the offset where the next line starts."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.segments: list[Segment] = []
        self.offset = 0
        self.tables = 0

    def add_line(self, line: str) -> int:
        """Return the offset of line after appending it."""
        start = self.offset
        self.lines.append(line)
        self.offset += len(line) + 1
        return start

    def add_row(self, line: str, table: int, row: int) -> None:
        start = self.add_line(line)
        self.segments.append(Segment("row", start, start + len(line), number=row,
                                     meta={"table": table, "row": row}))


def _paragraph_text(element: Any, document: Any) -> str:
    """Return the text of a ``w:p`` element as python-docx renders it (tabs, breaks kept)."""
    return str(Paragraph(element, document).text)


def _content_children(element: Any) -> Iterator[Any]:
    """Return the children of element, looking through content controls into their content."""
    for child in element.iterchildren():
        if child.tag == _SDT:
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _content_children(content)
        else:
            yield child


def _is_merge_continuation(cell: Any) -> bool:
    """Return True for a legacy ``w:hMerge`` cell that continues the cell to its left."""
    merge = cell.find(f"{qn('w:tcPr')}/{qn('w:hMerge')}")
    return merge is not None and merge.get(qn("w:val")) != "restart"


def _cell_text(cell: Any, document: Any) -> str:
    """Return the paragraphs of a ``w:tc`` as one line (a row must stay on one line)."""
    texts = (_paragraph_text(p, document) for p in cell.iter(_P))
    return " ".join(text.replace("\n", " ").strip() for text in texts if text.strip())


def _row_text(row: Any, document: Any) -> str:
    """Return the cells of a ``w:tr`` joined by CELL_SEPARATOR; "" when every cell is empty."""
    cells = [
        _cell_text(cell, document)
        for cell in _content_children(row)
        if cell.tag == qn("w:tc") and not _is_merge_continuation(cell)
    ]
    return CELL_SEPARATOR.join(cells) if any(cells) else ""


def _add_table(builder: _Builder, table: Any, document: Any) -> None:
    builder.tables += 1
    rows = (child for child in _content_children(table) if child.tag == qn("w:tr"))
    for number, row in enumerate(rows, start=1):
        builder.add_row(_row_text(row, document), builder.tables, number)


def _add_body(builder: _Builder, body: Any, document: Any) -> None:
    for child in _content_children(body):
        if child.tag == _P:
            builder.add_line(_paragraph_text(child, document))
        elif child.tag == _TBL:
            _add_table(builder, child, document)


_XML_PARTS = (".xml", ".rels")
_BODY_DAMAGE = (AttributeError, KeyError, ValueError, TypeError, IndexError)
_CHUNK = 1 << 20


def check_parts(path: Path, limits: ReadLimits) -> None:
    """Raise LimitExceeded unless the archive's XML parts stay within the limits.

    python-docx loads every part and parses every XML part whole, so a small archive that
    inflates to a gigabyte of paragraphs would take minutes and many gigabytes. Before it
    runs, the declared sizes are summed (zipfile never returns more bytes than an entry
    declares) and the XML is streamed, unpacked a block at a time, counting its elements.
    """
    with zipfile.ZipFile(path) as archive:
        entries = archive.infolist()
        if sum(entry.file_size for entry in entries) > limits.max_decompressed_bytes:
            raise LimitExceeded(too_many_bytes(limits, "the unpacked DOCX"))
        elements = 0
        for entry in entries:
            if entry.filename.lower().endswith(_XML_PARTS):
                elements = _count_elements(archive, entry, elements, limits)


def _count_elements(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, counted: int, limits: ReadLimits) -> int:
    """Return counted plus the elements of one XML part, streamed; raise LimitExceeded past the limit.

    An element has one start tag: the count is the tags opened (``<``) less the end tags (``</``),
    at C speed; comments and processing instructions count too, which only errs on the safe side.
    """
    previous = b""
    with archive.open(entry) as stream:
        for chunk in iter(lambda: stream.read(_CHUNK), b""):
            counted += chunk.count(b"<") - (previous + chunk).count(b"</")
            previous = chunk[-1:]
            if counted > limits.max_xml_elements:
                raise LimitExceeded(
                    f"the DOCX holds more than {limits.max_xml_elements:,} XML elements "
                    f"(raise {limits.key('max_xml_elements')})")
    return counted


def _open(path: Path, limits: ReadLimits) -> Any:
    """Return the python-docx document, or raise ReadError if path is not a DOCX file."""
    if not zipfile.is_zipfile(path):
        raise ReadError(str(path), "not a DOCX file (not a zip archive)")
    try:
        check_parts(path, limits)
        return docx.Document(str(path))
    except LimitExceeded:
        raise
    except (OpcError, KeyError, ValueError, zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError) as e:
        raise ReadError(str(path), f"not a DOCX file ({e})") from e
    except Exception as e:  # lxml's parse errors have no public common base to name
        raise ReadError(str(path), f"damaged DOCX file ({type(e).__name__}: {e})") from e


def read_docx(path: Path, options: ReadOptions) -> Iterator[SourceDocument | ReadProblem]:
    """Return the one document of a DOCX file: lines, row segments, title, interview turns."""
    document = _open(path, options.limits)
    builder = _Builder()
    try:
        _add_body(builder, document.element.body, document)
        title = (document.core_properties.title or "").strip()
    except _BODY_DAMAGE as e:
        # python-docx assumes the parts it needs are there and well formed; when one is not it
        # fails inside (a missing body, a style or numbering part it cannot follow).
        raise ReadError(str(path), f"damaged DOCX file (the document body cannot be walked: {type(e).__name__})") from e
    result = SourceDocument(text="\n".join(builder.lines), format="docx",
                            segments=builder.segments)
    if title:
        result.meta["title"] = title
    if not result.text.strip():
        result.warnings.append("document has no text")
    mark_interview(result)
    yield result
