"""Read the tables of a file as grids, each with the headings that stand above it.

Formats: DOCX (python-docx), HTML, XLSX (openpyxl), CSV/TSV, Markdown and PDF (the text layer,
see ``pdf_table``). Merged cells are repeated over the grid positions they cover, each copy
keeping the (row, column) of its physical cell as ``origin``, so that a later step can tell a
merged cell from a repeated value.

Headings give the upper levels of a scoring table printed as many tables: HTML ``<h1>``–
``<h6>``, DOCX heading styles, Markdown ``#`` lines; in all text formats also a short
paragraph that is bold throughout or starts with a numbered heading label (``一、``, ``（一）``).
Each table gets the headings in force where it starts (deeper ones replaced by later ones of
the same or a higher rank).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tixi.errors import ReadError
from tixi.frameworks.parse_outline import read_label
from tixi.frameworks.pdf_table import pdf_grid
from tixi.frameworks.textutil import clean, read_text

# Ranks of headings: h1–h6 / Heading 1–6 are 1–6; numbered paragraphs and bold paragraphs below them.
# Keys are the label families of ``parse_outline.read_label``.
NUMBERED_RANKS = {"chinese": 7, "paren_chinese": 8}
BOLD_RANK = 9
MAX_HEADING_CHARS = 40
_TEXT_CELLS = re.compile(r"\s*[|｜\t]\s*| {2,}")
_MARKDOWN_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_MARKDOWN_BOLD = re.compile(r"^\*\*(.+)\*\*$")


@dataclass(frozen=True)
class Cell:
    """A cell of the layout grid; ``origin`` is (row, column) of the physical cell it repeats."""

    text: str
    origin: tuple[int, int]


@dataclass(frozen=True)
class Heading:
    """A heading above a table: its rank (1 = h1) and text."""

    rank: int
    text: str


@dataclass
class Table:
    """A table as a grid of cells (spans repeated), where each row came from, and the headings above it."""

    rows: list[list[Cell]]
    where: str = ""  # "table 2" and the like, for messages
    row_labels: list[str] = field(default_factory=list)  # "row 3", "line 17" per row
    headings: list[Heading] = field(default_factory=list)

    def label(self, index: int) -> str:
        """Return how messages name row ``index``."""
        return self.row_labels[index] if index < len(self.row_labels) else f"row {index + 1}"

    @property
    def width(self) -> int:
        """Return the number of grid columns."""
        return max((len(row) for row in self.rows), default=0)


class HeadingTrail:
    """The headings in force while reading a file from the top: a new one replaces those of its rank and below."""

    def __init__(self) -> None:
        self.stack: list[Heading] = []

    def add(self, heading: Heading) -> None:
        """Put ``heading`` in force."""
        self.stack = [*(kept for kept in self.stack if kept.rank < heading.rank), heading]

    def now(self) -> list[Heading]:
        """Return the headings in force."""
        return list(self.stack)


def paragraph_heading(text: str, *, bold: bool = False, rank: int | None = None) -> Heading | None:
    """Return the heading a paragraph makes (styled, numbered or bold and short), or None."""
    value = clean(text)
    if not value:
        return None
    if rank is not None:
        return Heading(rank, value)
    if len(value) > MAX_HEADING_CHARS or value.endswith(("。", "；", ";")):
        return None
    label = read_label(value)
    if label is not None and label.family in NUMBERED_RANKS:
        return Heading(NUMBERED_RANKS[label.family], value)
    return Heading(BOLD_RANK, value) if bold else None


# -- DOCX ------------------------------------------------------------------------------------------


def read_docx_tables(path: Path) -> list[Table]:
    """Return the tables of a DOCX file, merged cells repeated, with the headings above each."""
    import docx
    from docx.table import Table as DocxTable

    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises several kinds for a damaged file
        raise ReadError(str(path), f"not a readable DOCX file ({error})") from error
    trail = HeadingTrail()
    tables: list[Table] = []
    for block in document.iter_inner_content():
        if isinstance(block, DocxTable):
            tables.append(_docx_table(block, len(tables) + 1, trail.now()))
            continue
        heading = paragraph_heading(block.text, bold=_all_bold(block), rank=_style_rank(block.style.name if block.style else ""))
        if heading is not None:
            trail.add(heading)
    return tables


def _style_rank(style: str) -> int | None:
    match = re.match(r"^(?:Heading|标题)\s*(\d)$", style.strip())
    return int(match.group(1)) if match else (1 if style.strip() == "Title" else None)


def _all_bold(paragraph: Any) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.bold for run in runs)


def _docx_table(table: Any, number: int, headings: list[Heading]) -> Table:
    columns = len(table.columns)
    origins: dict[int, tuple[int, int]] = {}
    rows: list[list[Cell]] = []
    for index, cell in enumerate(table._cells):  # the layout grid, merged cells repeated (python-docx resolves vMerge)
        row, column = divmod(index, columns)
        if column == 0:
            rows.append([])
        origin = origins.setdefault(id(cell._tc), (row, column))
        rows[-1].append(Cell(cell.text, origin))
    return Table(rows, f"table {number}", [f"table {number} row {i + 1}" for i in range(len(rows))], headings)


# -- HTML ------------------------------------------------------------------------------------------


def read_html_tables(path: Path, *, points_cell: re.Pattern[str]) -> list[Table]:
    """Return the tables of an HTML file, rowspan and colspan cells repeated, with the headings above each.

    ``points_cell`` matches a cell of points (the pack's ``Vocabulary.points_cell_pattern``): where
    points stand tells a rowspan declared too short (see ``span_grid``).
    """
    from lxml import html

    try:
        root = html.fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", read_text(path)))
    except Exception as error:  # lxml raises ParserError and others on broken input
        raise ReadError(str(path), f"not readable HTML ({error})") from error
    trail = HeadingTrail()
    tables: list[Table] = []
    for element in root.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "table":
            if any(parent.tag == "table" for parent in element.iterancestors()):
                continue  # a table inside a table cell is part of that cell
            caption = element.find("caption")
            headings = trail.now() + ([Heading(BOLD_RANK, clean(caption.text_content()))] if caption is not None else [])
            tables.append(_html_table(element, len(tables) + 1, headings, points_cell))
        elif re.fullmatch(r"h[1-6]", tag):
            heading = paragraph_heading(element.text_content(), rank=int(tag[1]))
            if heading is not None:
                trail.add(heading)
        elif tag in ("p", "div") and not any(parent.tag == "table" for parent in element.iterancestors()) and len(element.findall(".//p")) == 0:
            heading = paragraph_heading(element.text_content(), bold=_html_bold(element))
            if heading is not None and not element.findall(".//table"):
                trail.add(heading)
    return tables


def _html_bold(element: Any) -> bool:
    text = clean(element.text_content())
    bold = "".join(clean(child.text_content()) for child in element.iter("b", "strong"))
    return bool(text) and bold == text


def _html_table(element: Any, number: int, headings: list[Heading], points_cell: re.Pattern[str]) -> Table:
    rows = [tr for tr in element.iter("tr") if next(tr.iterancestors("table")) is element]
    cells = [[(td.text_content(), _span(td.get("rowspan")), _span(td.get("colspan"))) for td in tr if td.tag in ("td", "th")]
             for tr in rows]
    labels = [f"table {number} row {index + 1} (line {tr.sourceline})" for index, tr in enumerate(rows)]
    return Table(span_grid(cells, points_cell), f"table {number}", labels, headings)


def span_grid(rows: list[list[tuple[str, int, int]]], points_cell: re.Pattern[str]) -> list[list[Cell]]:
    """Return the layout grid of rows of (text, rowspan, colspan) cells, spans repeated as browsers lay them out.

    A span past the last row ends there; a span from above that leaves a row too few columns for
    its own cells ends before that row (see ``_end_broken_spans``); one declared too short is
    carried on where the row's points, matched by ``points_cell``, would otherwise land left of
    the points column (see ``_extend_short_spans``).
    """
    width = max((sum(colspan for _, _, colspan in cells) for cells in rows), default=0)
    grid: dict[tuple[int, int], Cell] = {}
    spanned: set[tuple[int, int]] = set()  # origins of cells declared over several rows
    points_at: Counter[int] = Counter()  # columns where cells that look like points stood
    for row_index, cells in enumerate(rows):
        _end_broken_spans(grid, row_index, sum(colspan for _, _, colspan in cells), width)
        _extend_short_spans(grid, spanned, row_index, cells, width, points_at.most_common(1)[0][0] if points_at else None, points_cell)
        column = 0
        for text, rowspan, colspan in cells:
            while (row_index, column) in grid:
                column += 1
            cell = Cell(text, (row_index, column))
            if rowspan > 1:
                spanned.add(cell.origin)
            if points_cell.match(clean(text)):
                points_at[column] += 1
            for down in range(min(rowspan, len(rows) - row_index)):
                for across in range(colspan):
                    grid.setdefault((row_index + down, column + across), cell)
            column += colspan
    return _grid_rows(grid, len(rows))


def _end_broken_spans(grid: dict[tuple[int, int], Cell], row: int, needed: int, width: int) -> None:
    """End spans from rows above that leave this row too few columns for its own cells.

    A rowspan declared longer than its group (``rowspan="9"`` over three rows) pushes the cells
    of the rows below it to the right; a row whose own cells fill the table's width shows that
    the span ended before it.
    """
    carried = sorted(column for (at_row, column), cell in grid.items() if at_row == row and cell.origin[0] < row)
    while carried and needed + len(carried) > width:
        column = carried.pop(0)
        origin = grid[(row, column)].origin
        for key in [key for key, cell in grid.items() if key[0] >= row and cell.origin == origin]:
            del grid[key]


def _extend_short_spans(grid: dict[tuple[int, int], Cell], spanned: set[tuple[int, int]], row: int, cells: list[tuple[str, int, int]],
                        width: int, points_column: int | None, points_cell: re.Pattern[str]) -> None:
    """Carry a merged cell one row further where a row's points would otherwise land left of the points column.

    Transcribed tables declare spans too short as often as too long (``[rowspan=8]`` over ten
    rows): the rows after the span then bring one cell too few, and laid out from the left their
    points would land in the criterion column. Only a cell declared over several rows is carried
    on, and only when the row ends with points and the rows above put points further right.
    """
    needed = sum(colspan for _, _, colspan in cells)
    if row == 0 or not cells or points_column is None or not points_cell.match(clean(cells[-1][0])):
        return
    while True:
        free = [column for column in range(width) if (row, column) not in grid]
        if len(free) < needed or free[needed - 1] >= points_column:
            return
        cell = grid.get((row - 1, free[0]))
        if cell is None or cell.origin not in spanned:
            return
        grid[(row, free[0])] = cell


def _span(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def _grid_rows(grid: dict[tuple[int, int], Cell], count: int) -> list[list[Cell]]:
    width = max((column for _, column in grid), default=-1) + 1
    return [[grid.get((row, column), Cell("", (row, column))) for column in range(width)] for row in range(count)]


# -- XLSX, CSV, Markdown, text, PDF ----------------------------------------------------------------


def read_xlsx_tables(path: Path) -> list[Table]:
    """Return one table per worksheet, merged cells repeated; a workbook of several sheets heads each with its name."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(str(path), read_only=False, data_only=True)
    except Exception as error:  # openpyxl raises zipfile, KeyError and others on a damaged file
        raise ReadError(str(path), f"not a readable XLSX file ({error})") from error
    tables: list[Table] = []
    sheets = [sheet for sheet in workbook.worksheets if sheet.max_row and sheet.max_column]
    for sheet in sheets:
        merged: dict[tuple[int, int], tuple[int, int]] = {}
        for cells in sheet.merged_cells.ranges:
            for row in range(cells.min_row, cells.max_row + 1):
                for column in range(cells.min_col, cells.max_col + 1):
                    merged[(row, column)] = (cells.min_row, cells.min_col)
        rows: list[list[Cell]] = []
        for row in range(1, sheet.max_row + 1):
            line = []
            for column in range(1, sheet.max_column + 1):
                top, left = merged.get((row, column), (row, column))
                value = sheet.cell(top, left).value
                line.append(Cell(_xlsx_text(value), (top - 1, left - 1)))
            rows.append(line)
        headings = [Heading(1, sheet.title)] if len(sheets) > 1 else []
        tables.append(Table(rows, f"sheet {sheet.title}", [f"sheet {sheet.title} row {i + 1}" for i in range(len(rows))], headings))
    workbook.close()
    return tables


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_csv_tables(path: Path) -> list[Table]:
    """Return the table of a CSV or TSV file (delimiter sniffed), rows as long as they are."""
    text = read_text(path)
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
    rows = [[Cell(value, (index, column)) for column, value in enumerate(values)]
            for index, values in enumerate(csv.reader(io.StringIO(text), dialect))]
    return [Table(rows, "CSV table", [f"line {i + 1}" for i in range(len(rows))])]


def read_markdown_tables(path: Path) -> list[Table]:
    """Return the tables of a Markdown file (``|`` rows with a ``---`` rule), with the headings above each."""
    return markdown_tables(read_text(path))


def markdown_tables(text: str) -> list[Table]:
    """Return the Markdown tables of ``text``, with the headings above each."""
    lines = text.splitlines()
    trail = HeadingTrail()
    tables: list[Table] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if "|" in line and index + 1 < len(lines) and _MARKDOWN_RULE.match(lines[index + 1]):
            block = [(line, f"line {index + 1}")]
            index += 2
            while index < len(lines) and "|" in lines[index] and lines[index].strip():
                block.append((lines[index], f"line {index + 1}"))
                index += 1
            table = text_table([(_strip_pipes(row), label) for row, label in block], f"table {len(tables) + 1}", split=r"\s*\|\s*")
            table.headings = trail.now()
            tables.append(table)
            continue
        heading_match = _MARKDOWN_HEADING.match(line)
        bold_match = _MARKDOWN_BOLD.match(line.strip())
        heading = (paragraph_heading(heading_match.group(2), rank=len(heading_match.group(1))) if heading_match
                   else paragraph_heading(bold_match.group(1) if bold_match else line, bold=bold_match is not None))
        if heading is not None:
            trail.add(heading)
        index += 1
    return tables


def _strip_pipes(row: str) -> str:
    stripped = row.strip()
    stripped = stripped[1:] if stripped.startswith("|") else stripped
    return stripped[:-1] if stripped.endswith("|") else stripped  # a ragged row may lack its closing pipe


def text_table(lines: Iterable[tuple[str, str]], where: str, *, split: str | None = None) -> Table:
    """Return a table from text lines whose cells are separated by ``|``, tabs or 2+ spaces (or ``split``)."""
    pattern = re.compile(split) if split else _TEXT_CELLS
    rows: list[list[Cell]] = []
    labels: list[str] = []
    for text, label in lines:
        if not text.strip():
            continue
        parts = pattern.split(text.strip())
        rows.append([Cell(part, (len(rows), column)) for column, part in enumerate(parts)])
        labels.append(label)
    return Table(rows, where, labels)


_SPAN_MARK = re.compile(r"^\[(rowspan|colspan)=(\d+)\]\s*")
_PIPE = re.compile(r"\s*[|｜]\s*")
# Ranks of the headings of plain text, by ``read_label`` family; a line of another or no label is "plain".
TEXT_HEADING_RANKS = {"bracketed": 1, "chinese": 2, "plain": 2, "paren_chinese": 3, "digit_dot": 4, "paren_digit": 5}
_BRACKETED = re.compile(r"^【[^】]+】$")


def pipe_tables(text: str, points_cell: re.Pattern[str]) -> list[Table]:
    """Return the ``|`` tables of a text, one per run of ``|`` lines, with the short lines above each as headings.

    Cells may start with ``[rowspan=N]`` / ``[colspan=N]``, the way transcribed tables mark merged
    cells; a line of the same table without ``|`` is a row of one cell (the others spanned).
    """
    trail = HeadingTrail()
    tables: list[Table] = []
    block: list[tuple[str, int]] = []

    def close() -> None:
        if block:
            rows = [[_marked_cell(part) for part in _PIPE.split(line.strip())] for line, _ in block]
            table = Table(span_grid(rows, points_cell), f"table {len(tables) + 1}", [f"line {number}" for _, number in block], trail.now())
            tables.append(table)
            block.clear()

    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if "|" in stripped or "｜" in stripped:
            block.append((stripped, number))
            continue
        if block and stripped and _spans_open(block):
            block.append((stripped, number))  # a row whose other cells are all spanned from above
            continue
        close()
        heading = _text_heading(stripped)
        if heading is not None:
            trail.add(heading)
    close()
    return tables


def _spans_open(block: list[tuple[str, int]]) -> bool:
    """Return whether a rowspan of the rows so far still covers the next row."""
    for position, (line, _) in enumerate(block):
        spans = [_marked_cell(part)[1] for part in _PIPE.split(line)]
        if max(spans, default=1) > len(block) - position:
            return True
    return False


def _marked_cell(part: str) -> tuple[str, int, int]:
    rowspan = colspan = 1
    while (match := _SPAN_MARK.match(part)) is not None:
        if match.group(1) == "rowspan":
            rowspan = int(match.group(2))
        else:
            colspan = int(match.group(2))
        part = part[match.end():]
    return part, max(1, rowspan), max(1, colspan)


def _text_heading(line: str) -> Heading | None:
    """Return the heading a short line of plain text makes (no sentence punctuation), or None."""
    value = clean(line)
    if not value or len(value) > MAX_HEADING_CHARS or value.startswith("=") or re.search(r"[。；;，,：:]$|[。；;]", value):
        return None
    if re.match(r"^第[一二三四五六七八九十百零〇\d]+[条章节]", value):
        return None  # an article or chapter label of the regulation around the tables
    if _BRACKETED.match(value):
        return Heading(TEXT_HEADING_RANKS["bracketed"], value)
    label = read_label(value)
    family = label.family if label is not None and label.family in TEXT_HEADING_RANKS else "plain"
    return Heading(TEXT_HEADING_RANKS[family], value)


def read_pdf_tables(path: Path) -> list[Table]:
    """Return the table of a PDF, its cells placed by where their text stands on the page."""
    rows = pdf_grid(path)
    grid = [[Cell(text, (index, column)) for column, text in enumerate(cells)] for index, (cells, _) in enumerate(rows)]
    return [Table(grid, "PDF table", [label for _, label in rows])]
