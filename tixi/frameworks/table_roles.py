"""Tell what each column of a scoring table holds, from its content first and its header second.

Roles: ``level`` (short labels that repeat or merge down the rows: the hierarchy, left to
right), ``criterion`` (the longest text: what is assessed and how), ``points`` (numbers,
signed numbers, ranges, grade effects), ``note``, ``method``, ``materials`` and ``ignore``
(serial numbers, score boxes left to fill in). The pack's column names
(``frameworks/parsing.yaml``, ``columns:``) and header words (``column_hints:``) are hints
that content can outweigh; they are never required.

When the content leaves a role in doubt, ``RolesUnsure`` says which columns to name with
``--columns`` and gives the roles guessed so far as the starting point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tixi.errors import InputError
from tixi.frameworks.parse_outline import read_label
from tixi.frameworks.points import read_points
from tixi.frameworks.table_readers import Cell, Table
from tixi.frameworks.textutil import clean
from tixi.frameworks.vocabulary import HIERARCHY_ROLES, HINT_ROLES, Vocabulary

HEADER_SEARCH_ROWS = 10
MAX_HEADER_CELL = 16  # a header names a column in a few words
POINTS_SHARE = 0.6  # share of a column's cells that must read as points
MAX_POINTS_CHARS = 20  # a points cell (and a points column's mean cell) is short: 10分, -10至-50, 降C级
HINTED_CRITERION_SHARE = 0.6  # a column whose header says criterion wins over the longest text when at least this long (share)
MIN_CRITERION_CHARS = 8  # a criterion column holds sentences, not labels
RIVAL_SHARE = 0.8  # another column of unrepeated text this long (share of the criterion's) leaves the criterion in doubt
NAME_HINT = " column name of the pack"  # an exact name: a stronger hint than a word inside a header
LEGACY_ROLES = {"item": "level", "indicator": "level", "content": "level", "standard": "criterion"}


class RolesUnsure(InputError):
    """Column roles could not be told apart; the message says which to name with --columns."""


@dataclass(frozen=True)
class Column:
    """A column's role, the header it was read from and why it got the role."""

    index: int
    header: str
    role: str
    reason: str


def header_row(table: Table, vocabulary: Vocabulary) -> int | None:
    """Return the index of the header row: the first row of short, wordy cells above the data; None if none."""
    known: int | None = None
    plain: int | None = None
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        cells = _physical(row)
        if len(cells) < 2 or index + 1 >= len(table.rows):
            continue
        texts = [clean(cell.text) for cell in cells]
        if not all(0 < len(text) <= MAX_HEADER_CELL and not vocabulary.points_cell_pattern.match(text) for text in texts):
            continue
        if known is None and sum(_hint(text, vocabulary)[0] is not None for text in texts) * 2 >= len(texts):
            known = index
        if plain is None:
            plain = index
    return known if known is not None else plain


def find_header(table: Table, vocabulary: Vocabulary) -> tuple[int, dict[int, str]] | None:
    """Return (row index, column → name role) of a header made of the pack's column names, or None.

    Used to tell a ``|`` text table from an outline, where only known names are evidence enough.
    """
    for index, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        roles = {column: role for column, cell in enumerate(row) if (role := vocabulary.role_of(cell.text))}
        filled = len({cell.origin for cell in row if cell.text.strip()})
        if any(role in HIERARCHY_ROLES for role in roles.values()) and len(roles) * 2 > filled:
            return index, roles
    return None


def _physical(row: list[Cell]) -> list[Cell]:
    """Return the row's filled cells, each merged cell once."""
    seen: set[tuple[int, int]] = set()
    cells = []
    for cell in row:
        if cell.text.strip() and cell.origin not in seen:
            seen.add(cell.origin)
            cells.append(cell)
    return cells


def _hint(header: str, vocabulary: Vocabulary) -> tuple[str | None, str]:
    """Return (role, why) the header suggests: an exact column name of the pack, else a header word."""
    name = vocabulary.role_of(header)
    if name is not None:
        return LEGACY_ROLES.get(name, name), f"header {header!r} is a {name}{NAME_HINT}"
    cleaned = re.sub(r"\s+", "", header)
    for role in ("ignore", "points"):  # 得分 / 序号 before 分; 分 only at the end (评分标准 is a criterion)
        for word in vocabulary.column_hints.get(role, ()):
            if cleaned.endswith(word):
                return role, f"header ends with {word!r}"
    endings = [(role, word) for role in HINT_ROLES for word in vocabulary.column_hints.get(role, ()) if cleaned.endswith(word)]
    if endings:  # the head of a Chinese compound is its last word: 指标说明 is a 说明
        return endings[0][0], f"header ends with {endings[0][1]!r}"
    inside = [(role, word) for role in HINT_ROLES if role != "points" for word in vocabulary.column_hints.get(role, ()) if word in cleaned]
    return (inside[0][0], f"header holds {inside[0][1]!r}") if inside else (None, "")


@dataclass
class _Profile:
    """What a column's data cells look like."""

    filled: int = 0  # physical cells with text
    rows: int = 0  # data rows with text in this column (merged cells counted per row)
    chars: float = 0.0  # mean length of its physical cells
    points: float = 0.0  # share of physical cells that read as points
    serial: bool = False  # 1, 2, 3 … down the rows
    repeats: bool = False  # a value merged or repeated over several rows


def _profile(table: Table, column: int, start: int, vocabulary: Vocabulary) -> _Profile:
    cells: dict[tuple[int, int], str] = {}
    rows = 0
    for row in table.rows[start:]:
        if column < len(row) and row[column].text.strip():
            rows += 1
            cells.setdefault(row[column].origin, clean(row[column].text))
    texts = list(cells.values())
    if not texts:
        return _Profile()
    numbers = [text for text in texts if is_points_cell(text, vocabulary)]
    serial = all(text.isdigit() for text in texts) and [int(text) for text in texts] == list(range(int(texts[0]), int(texts[0]) + len(texts)))
    return _Profile(
        filled=len(texts), rows=rows, chars=sum(len(text) for text in texts) / len(texts), points=len(numbers) / len(texts),
        serial=serial and len(texts) > 2, repeats=len(texts) < rows or len(set(texts)) < len(texts),
    )


def is_points_cell(text: str, vocabulary: Vocabulary) -> bool:
    """Return whether a cell reads as points: short, with points, and not a numbered label (``1.社会信用体系建设``)."""
    label = read_label(text)
    if label is not None and clean(label.rest) and label.family != "paren_digit":
        return False
    return len(text) <= MAX_POINTS_CHARS and read_points(text, vocabulary) is not None


def infer_roles(table: Table, header: int | None, vocabulary: Vocabulary, *, has_headings: bool) -> list[Column]:
    """Return the role of each column of ``table`` (``header``: its header row, None when it has none)."""
    width = table.width
    start = 0 if header is None else header + 1
    header_cells = table.rows[header] if header is not None else []
    names = [clean(header_cells[column].text) if column < len(header_cells) else "" for column in range(width)]
    names = [name if column == 0 or not header_cells or column >= len(header_cells) or header_cells[column].origin != header_cells[column - 1].origin
             else "" for column, name in enumerate(names)]
    profiles = [_profile(table, column, start, vocabulary) for column in range(width)]
    hints = [_hint(name, vocabulary) if name else (None, "") for name in names]
    roles: dict[int, tuple[str, str]] = {}
    for column, profile in enumerate(profiles):
        hint, why = hints[column]
        if profile.filled == 0:
            roles[column] = ("ignore", "empty")
        elif hint == "ignore" or (profile.serial and hint in (None, "ignore")):
            roles[column] = ("ignore", why or "serial numbers 1, 2, 3 …")
        elif profile.points >= POINTS_SHARE and profile.chars <= MAX_POINTS_CHARS and hint in (None, "points", "note", "level"):
            roles[column] = ("points", f"{profile.points:.0%} of its cells are points" + (f"; {why}" if why else ""))
        elif hint == "points" and profile.points >= POINTS_SHARE / 2:
            roles[column] = ("points", why)
    _pick_criterion(roles, profiles, hints, names)
    criterion = next((column for column, (role, _) in roles.items() if role == "criterion"), None)
    for column in range(width):
        if column in roles:
            continue
        hint, why = hints[column]
        short_left = criterion is not None and column < criterion and profiles[column].chars < MIN_CRITERION_CHARS
        if hint in ("method", "materials", "note") and not short_left:
            roles[column] = (hint, why)
        elif criterion is None or column < criterion:
            shape = "short labels that repeat or merge" if profiles[column].repeats else "short labels left of the criterion"
            roles[column] = ("level", f"{shape}; {why}" if why and hint != "level" else (why or shape))
        else:
            roles[column] = ("note", why or "text right of the criterion")
    points = [column for column in sorted(roles) if roles[column][0] == "points"]
    for column in points[1:]:  # 分值 and 权重 side by side: the first is the points, the others are kept as notes
        roles[column] = ("note", f"a second points column after column {points[0] + 1}")
    columns = [Column(column, names[column], role, reason) for column, (role, reason) in sorted(roles.items())]
    _check_sure(table, header, columns, profiles, has_headings)
    return columns


def _pick_criterion(roles: dict[int, tuple[str, str]], profiles: list[_Profile], hints: list[tuple[str | None, str]], names: list[str]) -> None:
    free = [column for column in range(len(profiles)) if column not in roles]
    if not free:
        return
    longest = max(free, key=lambda column: (profiles[column].chars, -column))
    named = [column for column in free if hints[column][0] == "criterion" and hints[column][1].endswith(NAME_HINT)]
    hinted = [column for column in free if hints[column][0] == "criterion" and profiles[column].chars >= HINTED_CRITERION_SHARE * profiles[longest].chars]
    chosen = named[0] if named else (hinted[-1] if hinted and longest not in hinted else longest)
    if profiles[chosen].chars >= MIN_CRITERION_CHARS or hints[chosen][0] == "criterion":
        why = hints[chosen][1] if hints[chosen][0] == "criterion" else ""
        roles[chosen] = ("criterion", f"longest text (mean {profiles[chosen].chars:.0f} characters)" + (f"; {why}" if why else ""))


def _check_sure(table: Table, header: int | None, columns: list[Column], profiles: list[_Profile], has_headings: bool) -> None:
    """Raise RolesUnsure when the roles leave the table without a hierarchy or with two equal criterion candidates."""
    roles = [column.role for column in columns]
    problems = []
    if "level" not in roles and "criterion" not in roles:
        problems.append("no column reads as levels (short repeated labels) or criterion text")
    if "level" not in roles and not has_headings:
        problems.append("no column reads as a level (short labels that repeat or merge) and no heading stands above the table")
    criterion = next((column for column in columns if column.role == "criterion"), None)
    if criterion is not None and NAME_HINT not in criterion.reason:
        rivals = [column for column in columns if column.role in ("level", "note") and NAME_HINT not in column.reason
                  and not profiles[column.index].repeats and profiles[column.index].chars >= MIN_CRITERION_CHARS
                  and profiles[column.index].chars >= RIVAL_SHARE * profiles[criterion.index].chars]
        if rivals:
            problems.append(f"columns {criterion.index + 1} and {rivals[0].index + 1} hold text of about the same length, so either may be the criterion")
    if problems:
        raise RolesUnsure(unsure_message(table, header, columns, "; ".join(problems)))


def unsure_message(table: Table, header: int | None, columns: list[Column], problem: str) -> str:
    """Return the message that names the columns and the --columns value to start from."""
    shown = " | ".join(column.header or f"column {column.index + 1}" for column in columns)
    guess = ",".join(column.role for column in columns)
    where = table.label(header) if header is not None else table.where
    return (f"{table.where} ({where}: {shown}): cannot tell the column roles: {problem}. Name one role per column with "
            f"--columns, e.g. --columns {guess} (roles: {', '.join(HINT_ROLES)})")


def roles_by_hand(table: Table, header: int | None, spec: list[str]) -> list[Column]:
    """Return the columns with the roles named by hand (``--columns level,level,criterion,points``)."""
    unknown = [role for role in spec if role not in HINT_ROLES]
    if unknown:
        raise InputError(f"unknown column role {unknown[0]!r} in --columns; use {', '.join(HINT_ROLES)}")
    header_cells = table.rows[header] if header is not None else []
    columns = [Column(index, clean(header_cells[index].text) if index < len(header_cells) else "", role, "named with --columns")
               for index, role in enumerate(spec)]
    columns += [Column(index, "", "ignore", "beyond --columns") for index in range(len(spec), table.width)]
    return columns


def parse_columns_option(value: str | None) -> list[str] | None:
    """Return the roles of a ``--columns`` value (comma-separated), or None when not given."""
    if value is None or not value.strip():
        return None
    return [part.strip().lower() for part in re.split(r"[,，\s]+", value.strip()) if part.strip()]
