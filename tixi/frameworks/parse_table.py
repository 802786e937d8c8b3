"""Read indicator tables (DOCX, HTML, PDF, or text with ``|`` between cells) into a framework.

Columns are recognised by their header (测评项目 / 测评内容 / 测评标准 / 分值 / 测评方法 …, with
the synonyms of the pack's ``frameworks/parsing.yaml``). Hierarchy columns (item, indicator,
content) nest in that order; a merged cell — or a blank hierarchy cell under the same parent —
carries its value down. A standard, points or method cell merged over the rows of several
items belongs to the item that holds all of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tixi.errors import InputError, ReadError
from tixi.frameworks.model import Check, Framework, Indicator, child_key
from tixi.frameworks.parse_outline import read_label
from tixi.frameworks.pdf_table import pdf_grid
from tixi.frameworks.textutil import clean, parse_points, read_text
from tixi.frameworks.vocabulary import HIERARCHY_ROLES, Vocabulary

HEADER_SEARCH_ROWS = 10
_TEXT_CELLS = re.compile(r"\s*[|｜\t]\s*| {2,}")
_METHOD_SPLIT = re.compile(r"[、，,；;/／\n]+")


@dataclass(frozen=True)
class Cell:
    """A cell of the layout grid; ``origin`` is (row, column) of the physical cell it repeats."""

    text: str
    origin: tuple[int, int]


@dataclass
class Table:
    """A table as a grid of cells (spans repeated), with where each row came from."""

    rows: list[list[Cell]]
    where: str = ""  # "table 2" and the like, for messages
    row_labels: list[str] = field(default_factory=list)  # "row 3", "line 17" per row

    def label(self, index: int) -> str:
        """Return how messages name row ``index``."""
        return self.row_labels[index] if index < len(self.row_labels) else f"row {index + 1}"


# -- readers -------------------------------------------------------------------------------------


def read_docx_tables(path: Path) -> list[Table]:
    """Return the tables of a DOCX file, vertically and horizontally merged cells repeated."""
    import docx

    try:
        document = docx.Document(str(path))
    except Exception as error:  # python-docx raises several kinds for a damaged file
        raise ReadError(str(path), f"not a readable DOCX file ({error})") from error
    tables: list[Table] = []
    for number, table in enumerate(document.tables, start=1):
        columns = len(table.columns)
        cells = table._cells  # the layout grid, merged cells repeated (python-docx resolves vMerge)
        origins: dict[int, tuple[int, int]] = {}
        rows: list[list[Cell]] = []
        for index, cell in enumerate(cells):
            row, column = divmod(index, columns)
            if column == 0:
                rows.append([])
            origin = origins.setdefault(id(cell._tc), (row, column))
            rows[-1].append(Cell(cell.text, origin))
        tables.append(Table(rows, f"table {number}", [f"table {number} row {i + 1}" for i in range(len(rows))]))
    return tables


def read_html_tables(path: Path) -> list[Table]:
    """Return the tables of an HTML file, rowspan and colspan cells repeated."""
    from lxml import html

    try:
        root = html.fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", read_text(path)))
    except Exception as error:  # lxml raises ParserError and others on broken input
        raise ReadError(str(path), f"not readable HTML ({error})") from error
    tables: list[Table] = []
    for number, element in enumerate(root.iter("table"), start=1):
        grid: dict[tuple[int, int], Cell] = {}
        labels: list[str] = []
        for row_index, tr in enumerate(element.iter("tr")):
            labels.append(f"table {number} row {row_index + 1} (line {tr.sourceline})")
            column = 0
            for td in tr:
                if td.tag not in ("td", "th"):
                    continue
                while (row_index, column) in grid:
                    column += 1
                rowspan, colspan = _span(td.get("rowspan")), _span(td.get("colspan"))
                cell = Cell(td.text_content(), (row_index, column))
                for down in range(rowspan):
                    for across in range(colspan):
                        grid.setdefault((row_index + down, column + across), cell)
                column += colspan
        tables.append(Table(_grid_rows(grid, len(labels)), f"table {number}", labels))
    return tables


def read_pdf_tables(path: Path) -> list[Table]:
    """Return the table of a PDF, its cells placed by where their text stands on the page."""
    rows = pdf_grid(path)
    grid = [[Cell(text, (index, column)) for column, text in enumerate(cells)] for index, (cells, _) in enumerate(rows)]
    return [Table(grid, "PDF table", [label for _, label in rows])]


def text_table(lines: Sequence[tuple[str, str]], where: str) -> Table:
    """Return a table from text lines whose cells are separated by ``|``, tabs or 2+ spaces."""
    rows: list[list[Cell]] = []
    labels: list[str] = []
    for text, label in lines:
        if not text.strip():
            continue
        parts = _TEXT_CELLS.split(text.strip())
        rows.append([Cell(part, (len(rows), column)) for column, part in enumerate(parts)])
        labels.append(label)
    return Table(rows, where, labels)


def _span(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def _grid_rows(grid: dict[tuple[int, int], Cell], count: int) -> list[list[Cell]]:
    width = max((column for _, column in grid), default=-1) + 1
    return [[grid.get((row, column), Cell("", (row, column))) for column in range(width)] for row in range(count)]


# -- building the tree ---------------------------------------------------------------------------


def parse_tables(tables: list[Table], *, name: str, system: str, vocabulary: Vocabulary, source: str = "") -> Framework:
    """Return the framework of the first table with a recognisable header; raise InputError if none has one."""
    for table in tables:
        header = find_header(table, vocabulary)
        if header is not None:
            return _build(table, header, name=name, system=system, vocabulary=vocabulary, source=source)
    raise InputError(_no_header_message(tables, vocabulary, source))


def find_header(table: Table, vocabulary: Vocabulary) -> tuple[int, dict[int, str]] | None:
    """Return (row index, column → role) of the header row, or None."""
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        roles: dict[int, str] = {}
        for column, cell in enumerate(row):
            role = vocabulary.role_of(cell.text)
            if role and role not in roles.values() and _starts_cell(row, column):
                roles[column] = role
        filled = len({cell.origin for cell in row if cell.text.strip()})
        # most header cells must be known names: a sentence that happens to mention one is no header
        if any(role in HIERARCHY_ROLES for role in roles.values()) and len(roles) * 2 > filled:
            return index, roles
    return None


def _starts_cell(row: list[Cell], column: int) -> bool:
    """Return whether ``column`` holds the first grid cell of a (possibly merged) physical cell."""
    return column == 0 or row[column - 1].origin != row[column].origin


def _no_header_message(tables: list[Table], vocabulary: Vocabulary, source: str) -> str:
    if not tables:
        return f"{source}: no table found"
    first = tables[0]
    seen = " | ".join(cell.text.strip() for cell in first.rows[0]) if first.rows else "(empty)"
    names = "/".join(vocabulary.columns.get("item", ())[:1] + vocabulary.columns.get("content", ())[:1]
                     + vocabulary.columns.get("standard", ())[:1] + vocabulary.columns.get("points", ())[:1])
    return (
        f"{source}: no table has a recognisable header row ({first.label(0)}: {seen}); "
        f"name the columns like {names} (synonyms in the pack's frameworks/parsing.yaml), or use --parser outline"
    )


@dataclass
class _Builder:
    framework: Framework
    roles: dict[int, str]
    hierarchy: list[int]
    keys: set[str] = field(default_factory=set)
    path: list[Indicator] = field(default_factory=list)  # the current item at each hierarchy depth
    previous: list[str] = field(default_factory=list)  # the previous row's hierarchy values (carried)
    owners: dict[tuple[int, int], list[Indicator]] = field(default_factory=dict)  # merged cell → leaves it covers
    cells: dict[tuple[int, int], tuple[int, Cell]] = field(default_factory=dict)


def _build(table: Table, header: tuple[int, dict[int, str]], *, name: str, system: str, vocabulary: Vocabulary, source: str) -> Framework:
    header_index, roles = header
    framework = Framework(name=name, system=system, source=source, parser="table")
    header_row = table.rows[header_index]
    framework.meta["columns"] = {header_row[column].text.strip(): role for column, role in sorted(roles.items())}
    for column, cell in enumerate(header_row):
        if column not in roles and cell.text.strip() and _starts_cell(header_row, column):
            framework.warnings.append(f"{table.label(header_index)}: column {cell.text.strip()!r} not recognised; ignored")
    hierarchy = sorted((column for column, role in roles.items() if role in HIERARCHY_ROLES), key=lambda c: HIERARCHY_ROLES.index(roles[c]))
    builder = _Builder(framework, roles, hierarchy)
    for index in range(header_index + 1, len(table.rows)):
        row = table.rows[index]
        if not any(cell.text.strip() for cell in row) or _repeats_header(row, roles, vocabulary):
            continue
        leaf = _place_row(builder, table, index)
        if leaf is None:
            continue
        for column, role in roles.items():
            if role not in HIERARCHY_ROLES and role != "ignore" and column < len(row) and row[column].text.strip():
                builder.owners.setdefault(row[column].origin, []).append(leaf)
                builder.cells.setdefault(row[column].origin, (column, row[column]))
    _attach_cells(builder, table)
    if not framework.indicators:
        raise InputError(f"{source}: {table.where} has a header ({table.label(header_index)}) but no item rows under it")
    return framework


def _repeats_header(row: list[Cell], roles: dict[int, str], vocabulary: Vocabulary) -> bool:
    return all(vocabulary.role_of(row[column].text) == role for column, role in roles.items() if column < len(row))


def _place_row(builder: _Builder, table: Table, index: int) -> Indicator | None:
    """Create the row's items along its hierarchy path; return the deepest one."""
    row = table.rows[index]
    values = [clean(row[column].text) if column < len(row) else "" for column in builder.hierarchy]
    carried: list[str] = []
    for depth, value in enumerate(values):
        same_parents = carried == builder.previous[:depth]
        if not value and same_parents and depth < len(builder.previous):
            value = builder.previous[depth]  # a blank cell under the same parent: the merged value above
        carried.append(value)
    while carried and not carried[-1]:
        carried.pop()
    if not carried:
        builder.framework.warnings.append(f"{table.label(index)}: no item, indicator or content in this row; skipped")
        return None
    if "" in carried:
        raise InputError(f"{table.where} {table.label(index)}: an inner hierarchy cell is empty; fill it or merge it with the cell above")
    for depth, value in enumerate(carried):
        reuse = depth < len(builder.previous) and builder.previous[: depth + 1] == carried[: depth + 1] and depth < len(builder.path)
        if reuse:
            continue
        parent = builder.path[depth - 1] if depth else None
        label = read_label(value)
        code, title = (label.code, clean(label.rest)) if label and label.rest.strip() else ("", value)
        indicator = Indicator(
            key=child_key(parent.key if parent else None, code, title, builder.keys), code=code, level=depth + 1,
            title=title, parent=parent.key if parent else None, number=label.number if label and code else None,
            line=index + 1, meta={"row": table.label(index)},
        )
        builder.framework.indicators.append(indicator)
        del builder.path[depth:]  # the deeper items of the previous row end here
        builder.path.append(indicator)
    builder.previous = carried
    del builder.path[len(carried):]
    return builder.path[-1]


def _attach_cells(builder: _Builder, table: Table) -> None:
    """Attach standard, points, method and materials cells to the item that holds all rows they span."""
    framework = builder.framework
    rank = {"standard": 0, "points": 1, "method": 2, "materials": 3}
    for origin in sorted(builder.cells, key=lambda at: (at[0], rank.get(builder.roles[builder.cells[at][0]], 9), at[1])):
        column, cell = builder.cells[origin]
        owner = _common_ancestor(framework, builder.owners[origin])
        role = builder.roles[column]
        text = clean(cell.text)
        if role == "standard":
            owner.standards.append(text)
        elif role == "points":
            points = parse_points(text)
            if points is None:
                framework.warnings.append(f"{table.label(origin[0])}: points cell {text!r} holds no number; ignored")
            else:
                owner.points = points
        elif role == "method":
            owner.checks.extend(Check(method=method.strip(), text="") for method in _METHOD_SPLIT.split(text) if method.strip())
        elif role == "materials":
            if owner.checks and not owner.checks[-1].text:
                owner.checks[-1].text = text
            else:
                owner.checks.append(Check(method="", text=text))


def _common_ancestor(framework: Framework, leaves: list[Indicator]) -> Indicator:
    distinct = list({leaf.key: leaf for leaf in leaves}.values())
    if len(distinct) == 1:
        return distinct[0]
    chains = [[*(item.key for item in framework.ancestors(leaf)), leaf.key] for leaf in distinct]
    common: str | None = None
    for keys in zip(*chains, strict=False):
        if len(set(keys)) != 1:
            break
        common = keys[0]
    return framework.get(common) if common else leaves[0]
