"""Tables from a PDF's text layer, rebuilt from where the text stands on the page.

PDFium's plain text joins the cells of a row with single spaces and drops empty (merged)
cells, so columns cannot be recovered from it. Its text rectangles can: each cell's text is
a rectangle of its own. Lines are rectangles at the same height; columns are the left edges
that recur on several lines; a line that follows the one above closer than a row gap
continues the cells of that row (text wrapped inside a cell).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tixi.errors import ReadError

# Left edges closer than this (PDF points) are one column.
COLUMN_TOLERANCE = 4.0
# A line that starts within this share of a line height below the previous one wraps a cell.
WRAP_GAP = 0.5


@dataclass(frozen=True)
class TextBox:
    """A run of text and its rectangle on the page (PDF points, y upwards)."""

    left: float
    bottom: float
    right: float
    top: float
    text: str

    @property
    def height(self) -> float:
        """Return the height of the box."""
        return self.top - self.bottom


def page_boxes(page: Any) -> list[TextBox]:
    """Return the text boxes of a pypdfium2 page, top to bottom, left to right."""
    textpage = page.get_textpage()
    try:
        boxes = []
        for index in range(textpage.count_rects()):
            left, bottom, right, top = textpage.get_rect(index)
            text = textpage.get_text_bounded(left, bottom, right, top).strip()
            if text:
                boxes.append(TextBox(left, bottom, right, top, text))
    finally:
        textpage.close()
    return sorted(boxes, key=lambda box: (-box.top, box.left))


def group_lines(boxes: list[TextBox]) -> list[list[TextBox]]:
    """Return the boxes grouped into lines: boxes whose vertical centres lie within half a box height."""
    lines: list[list[TextBox]] = []
    for box in boxes:
        centre = (box.top + box.bottom) / 2
        if lines:
            last = lines[-1][0]
            if abs(centre - (last.top + last.bottom) / 2) <= max(box.height, last.height) / 2:
                lines[-1].append(box)
                continue
        lines.append([box])
    return [sorted(line, key=lambda box: box.left) for line in lines]


def column_edges(lines: list[list[TextBox]]) -> list[float]:
    """Return the left edges shared by at least two lines (or all edges if the table has one line)."""
    edges: list[list[float]] = []
    for left in sorted(box.left for line in lines for box in line):
        if edges and left - edges[-1][-1] <= COLUMN_TOLERANCE:
            edges[-1].append(left)
        else:
            edges.append([left])
    shared = [group for group in edges if len(group) >= 2] or edges
    return [min(group) for group in shared]


def _column_of(box: TextBox, edges: list[float]) -> int:
    candidates = [index for index, edge in enumerate(edges) if edge <= box.left + COLUMN_TOLERANCE]
    return candidates[-1] if candidates else 0


def grid_rows(lines: list[list[TextBox]]) -> list[tuple[list[str], int]]:
    """Return rows of cell texts (one per column) and the line number each row starts on."""
    edges = column_edges(lines)
    rows: list[tuple[list[str], int]] = []
    previous: list[TextBox] | None = None
    for number, line in enumerate(lines, start=1):
        cells = [""] * len(edges)
        for box in line:
            column = _column_of(box, edges)
            cells[column] = f"{cells[column]} {box.text}".strip() if cells[column] else box.text
        if previous is not None and _wraps(previous, line):
            joined = [before + after for before, after in zip(rows[-1][0], cells, strict=True)]
            rows[-1] = (joined, rows[-1][1])
        else:
            rows.append((cells, number))
        previous = line
    return rows


def _wraps(previous: list[TextBox], line: list[TextBox]) -> bool:
    """Return whether ``line`` continues the cells of ``previous`` (closer than a row gap)."""
    gap = min(box.bottom for box in previous) - max(box.top for box in line)
    height = max(box.height for box in line)
    return gap < WRAP_GAP * height


def pdf_grid(path: Path) -> list[tuple[list[str], str]]:
    """Return the rows of the table(s) in a PDF with a label (page and line) for each row."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as error:
        raise ReadError(str(path), f"not a readable PDF ({error})") from error
    rows: list[tuple[list[str], str]] = []
    try:
        for page_number in range(len(pdf)):
            lines = group_lines(page_boxes(pdf[page_number]))
            rows.extend((cells, f"page {page_number + 1} line {line}") for cells, line in grid_rows(lines))
    finally:
        pdf.close()
    return rows
