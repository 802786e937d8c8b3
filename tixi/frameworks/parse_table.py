"""Build a framework tree from scoring tables whose layout is inferred (see ``table_roles``).

Upper levels come from the headings above each table (a heading common to every table is the
framework's title), then from the level columns, left to right: a merged cell — or a blank
level cell under the same parent — carries its value down; a level cell that repeats the
heading above it (a heading copied into a merged cell) is not a level of its own. A row that
is one merged cell across the table is a caption: it heads the rows below it.

A criterion is a standard of the deepest level of its row; where several rows of one level
hold criteria of their own (a credit-scoring table: one 分项, many 评价标准 each with its
points), each criterion becomes an item below that level. A points, note, method or materials
cell belongs to the item that holds every row it spans. Points are read by ``points``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tixi.errors import InputError
from tixi.frameworks.model import Check, Framework, Indicator, child_key
from tixi.frameworks.parse_outline import read_label
from tixi.frameworks.points import read_points, set_points, without_points
from tixi.frameworks.table_readers import BOLD_RANK, Heading, Table
from tixi.frameworks.table_roles import Column, RolesUnsure, header_row, infer_roles, roles_by_hand
from tixi.frameworks.textutil import clean
from tixi.frameworks.vocabulary import Vocabulary

_METHOD_SPLIT = re.compile(r"[、，,；;/／\n]+")
TITLE_CHARS = 60  # a criterion that becomes an item is titled by its first characters


@dataclass
class _Layout:
    """A table with its header row and column roles."""

    table: Table
    header: int | None
    columns: list[Column]

    def of(self, role: str) -> list[int]:
        return [column.index for column in self.columns if column.role == role]


@dataclass
class _Row:
    """One data row: its path of level titles, its criterion cell and its other cells by role."""

    path: tuple[str, ...]
    label: str
    criterion: tuple[tuple[int, int, int], str] | None  # ((table, row, column) origin, text)
    cells: list[tuple[str, tuple[int, int, int], str, str]] = field(default_factory=list)  # (role, origin, text, header)


def parse_tables(tables: list[Table], *, name: str, system: str, vocabulary: Vocabulary, source: str = "",
                 columns: list[str] | None = None) -> Framework:
    """Return the framework the tables describe; raise InputError (RolesUnsure) when their columns cannot be read."""
    framework = Framework(name=name, system=system, source=source, parser="table")
    layouts = _layouts(tables, vocabulary, columns, framework, source)
    for layout in layouts:
        _captions_above_header(layout)
    titled = _title_depth(layouts)
    if titled:
        framework.title = " ".join(heading.text for heading in layouts[0].table.headings[:titled])
    rows = [row for number, layout in enumerate(layouts) for row in _rows(number, layout, titled, framework)]
    if not rows:
        where = layouts[0].table.where
        raise InputError(f"{source}: {where} has a header ({layouts[0].table.label(layouts[0].header or 0)}) but no item rows under it")
    _Tree(framework, vocabulary).build(rows)
    framework.meta["columns"] = {column.header or f"column {column.index + 1}": column.role for layout in layouts for column in layout.columns}
    framework.meta["roles"] = [{"table": layout.table.where, "columns": [
        {"column": column.index + 1, "header": column.header, "role": column.role, "why": column.reason} for column in layout.columns]}
        for layout in layouts]
    return framework


def _layouts(tables: list[Table], vocabulary: Vocabulary, columns: list[str] | None, framework: Framework, source: str) -> list[_Layout]:
    layouts: list[_Layout] = []
    failures: list[RolesUnsure] = []
    for table in tables:
        if table.width < 2 or sum(1 for row in table.rows if any(cell.text.strip() for cell in row)) < 2:
            if any(cell.text.strip() for row in table.rows for cell in row):
                framework.warnings.append(f"{table.where}: fewer than two rows or columns; not read as a scoring table")
            continue
        header = header_row(table, vocabulary)
        if columns is not None:
            layouts.append(_Layout(table, header, roles_by_hand(table, header, columns)))
            continue
        try:
            layouts.append(_Layout(table, header, infer_roles(table, header, vocabulary, has_headings=bool(table.headings))))
        except RolesUnsure as error:
            previous = layouts[-1] if layouts else None
            if previous is not None and previous.table.width == table.width and header is None:
                layouts.append(_Layout(table, None, previous.columns))  # a table continued without its header
                framework.warnings.append(f"{table.where}: no header row; read with the columns of {previous.table.where}")
                continue
            failures.append(error)
    if not layouts:
        if failures:
            raise failures[0]
        raise InputError(f"{source}: no table found" if not tables else f"{source}: no table with two rows and two columns found")
    for failure in failures:
        framework.warnings.append(f"skipped: {failure}")
    return layouts


def _captions_above_header(layout: _Layout) -> None:
    """Make the one-cell rows above a table's header (a title row merged across it) headings of the table."""
    if not layout.header:
        return
    for row in layout.table.rows[:layout.header]:
        texts = {clean(cell.text) for cell in row if cell.text.strip()}
        if len({cell.origin for cell in row if cell.text.strip()}) == 1:
            layout.table.headings = [*layout.table.headings, Heading(BOLD_RANK, texts.pop())]


def _title_depth(layouts: list[_Layout]) -> int:
    """Return how many leading headings every table shares and no table differs in: the title, not a level."""
    trails = [layout.table.headings for layout in layouts]
    depth = 0
    while all(len(trail) > depth for trail in trails) and len({trail[depth] for trail in trails}) == 1:
        depth += 1
    if depth and all(len(trail) == depth for trail in trails) and len(layouts) > 1:
        depth -= 1  # several tables under one heading: it stays a level … unless it is all there is
    return depth if len(layouts) > 1 or depth else 0


def _rows(number: int, layout: _Layout, titled: int, framework: Framework) -> list[_Row]:
    table = layout.table
    heading_path = [heading.text for heading in table.headings[titled:]]
    levels, criterion = layout.of("level"), layout.of("criterion")
    others = [column for column in layout.columns if column.role in ("points", "note", "method", "materials")]
    header_texts = [clean(cell.text) for cell in table.rows[layout.header]] if layout.header is not None else None
    caption: list[str] = []
    previous: list[str] = []
    rows: list[_Row] = []
    for index in range((layout.header + 1) if layout.header is not None else 0, len(table.rows)):
        row = table.rows[index]
        texts = [clean(cell.text) for cell in row]
        if not any(texts) or texts == header_texts:
            continue
        if len({cell.origin for cell in row}) == 1 and len(row) > 1:  # one cell across the table: a caption
            if texts[0] not in heading_path and texts[0] not in (framework.title,):
                caption = [texts[0]]
            continue
        values = [texts[column] if column < len(texts) else "" for column in levels]
        carried = _carry(values, previous)
        while carried and any(_same_heading(carried[0], heading) for heading in heading_path + caption):
            carried = carried[1:]  # a heading repeated in a merged cell
        while carried and not carried[-1]:
            carried.pop()
        if "" in carried:
            raise InputError(f"{table.where} {table.label(index)}: an inner level cell is empty; fill it or merge it with the cell above")
        previous = [*carried]
        crit = next(((row[column].origin, texts[column]) for column in criterion if column < len(row) and texts[column]), None)
        record = _Row(tuple(heading_path + caption + carried), table.label(index),
                      ((number, *crit[0]), crit[1]) if crit else None)
        for column in others:
            if column.index < len(row) and texts[column.index]:
                record.cells.append((column.role, (number, *row[column.index].origin), texts[column.index], column.header))
        if not record.path and record.criterion is None:
            framework.warnings.append(f"{table.label(index)}: no level or criterion in this row; skipped")
            continue
        rows.append(record)
    return rows


def _same_heading(value: str, heading: str) -> bool:
    """Return whether a level cell repeats the heading above (with or without its number: 身份信息 under （一）身份信息)."""
    label = read_label(heading)
    return value in (heading, clean(label.rest) if label else heading)


def _carry(values: list[str], previous: list[str]) -> list[str]:
    """Return the row's level values with blanks under the same parents filled from the row above."""
    carried: list[str] = []
    for depth, value in enumerate(values):
        if not value and carried == previous[:depth] and depth < len(previous):
            value = previous[depth]  # a blank cell under the same parent: the merged value above
        carried.append(value)
    return carried


class _Tree:
    """Creates the items of the rows and attaches their cells."""

    def __init__(self, framework: Framework, vocabulary: Vocabulary) -> None:
        self.framework = framework
        self.vocabulary = vocabulary
        self.keys: set[str] = set()
        self.nodes: dict[tuple[str, ...], Indicator] = {}
        self.by_key: dict[str, Indicator] = {}

    def build(self, rows: list[_Row]) -> None:
        criteria_of: dict[tuple[str, ...], set[tuple[int, int, int]]] = {}
        for row in rows:
            if row.criterion is not None:
                criteria_of.setdefault(row.path, set()).add(row.criterion[0])
        owners: dict[tuple[int, int, int], list[Indicator]] = {}
        cells: dict[tuple[int, int, int], tuple[str, str, str, str]] = {}
        standards_done: set[tuple[int, int, int]] = set()
        for row in rows:
            unit = self.node(row.path, row.label) if row.path else None
            if row.criterion is not None:
                origin, text = row.criterion
                if unit is None or len(criteria_of[row.path]) > 1:
                    unit = self.node((*row.path, f"\x00{origin}"), row.label, criterion=text)
                elif origin not in standards_done:
                    unit.standards.append(text)
                standards_done.add(origin)
            assert unit is not None
            for role, origin, text, header in row.cells:
                owners.setdefault(origin, []).append(unit)
                cells.setdefault(origin, (role, text, header, row.label))
        for origin in sorted(cells):
            role, text, header, label = cells[origin]
            self.attach(self.common_ancestor(owners[origin]), role, text, header, label)
        for item in self.framework.indicators:
            if item.points is None and item.standards and "points" not in item.meta:
                found = read_points(item.standards[0], self.vocabulary, context=self.context(item), in_text=True)
                if found is not None:
                    set_points(item, found)

    def node(self, path: tuple[str, ...], label: str, *, criterion: str | None = None) -> Indicator:
        """Return the item at ``path``, creating it and the items above it."""
        if path in self.nodes:
            return self.nodes[path]
        parent = self.node(path[:-1], label) if len(path) > 1 else None
        text = criterion if criterion is not None else path[-1]
        found = read_label(text)
        code, title = (found.code, clean(found.rest)) if found and found.rest.strip() else ("", text)
        points = None
        if criterion is None:
            points = read_points(title, self.vocabulary, in_text=True)
            if points is not None and points.low is not None:  # 保障机制（2分）: the points are not part of the title
                title = clean(without_points(title, self.vocabulary))
        if criterion is not None and len(title) > TITLE_CHARS:
            title = title[:TITLE_CHARS] + "…"
        item = Indicator(
            key=child_key(parent.key if parent else None, code, title, self.keys), code=code, level=len(path),
            title=title, parent=parent.key if parent else None, number=found.number if found and code else None,
            meta={"row": label},
        )
        if criterion is not None:
            item.standards.append(criterion)
        if points is not None and points.low is not None:
            set_points(item, points)
        self.framework.indicators.append(item)
        self.nodes[path] = item
        self.by_key[item.key] = item
        return item

    def context(self, item: Indicator) -> str:
        chain = [*self.framework.ancestors(item), item]
        return " ".join(part.title for part in chain)

    def attach(self, owner: Indicator, role: str, text: str, header: str, label: str) -> None:
        if role == "points":
            points = read_points(text, self.vocabulary, context=f"{header} {self.context(owner)}")
            if points is None:
                self.framework.warnings.append(f"{label}: points cell {text!r} holds no points; kept as a note")
                owner.notes.append(text)
            else:
                set_points(owner, points)
        elif role == "note":
            owner.notes.append(text)
        elif role == "method":
            owner.checks.extend(Check(method=method.strip(), text="") for method in _METHOD_SPLIT.split(text) if method.strip())
        elif role == "materials":
            if owner.checks and not owner.checks[-1].text:
                owner.checks[-1].text = text
            else:
                owner.checks.append(Check(method="", text=text))

    def common_ancestor(self, leaves: list[Indicator]) -> Indicator:
        distinct = list({leaf.key: leaf for leaf in leaves}.values())
        if len(distinct) == 1:
            return distinct[0]
        chains = [[*(item.key for item in self.framework.ancestors(leaf)), leaf.key] for leaf in distinct]
        common: str | None = None
        for keys in zip(*chains, strict=False):
            if len(set(keys)) != 1:
                break
            common = keys[0]
        return self.by_key[common] if common else leaves[0]
