"""Read a scoring table in text (sections with 分值, items with points) into a framework.

The layout, as in city credit-work assessment tables:
- a section heading ``一、工作组织推进力度（分值：40分）`` (``加分项`` in the parenthesis marks
  bonus points);
- a header row such as ``考核内容 | 部门评分 | 部门备注`` (skipped when every cell is a known
  column name of the pack);
- items ``保障机制（2分） | 落实牵头处室…得1分；`` — the title with its points, then the scoring
  rule; lines that follow continue the rule;
- lines after the last item that start no item (``部门附件：…``) are kept as framework notes.
Section points that differ from the sum of their items are reported as warnings.
"""

from __future__ import annotations

import re

from tixi.errors import InputError
from tixi.frameworks.model import Framework, Indicator, child_key
from tixi.frameworks.parse_outline import Line, read_label, split_lines
from tixi.frameworks.textutil import clean
from tixi.frameworks.vocabulary import Vocabulary

_CELL_SEPARATOR = re.compile(r"\s*[|｜]\s*")


def parse_scoring(text: str, *, name: str, system: str, vocabulary: Vocabulary, source: str = "") -> Framework:
    """Return the framework of a scoring table text; offsets are into ``text``."""
    framework = Framework(name=name, system=system, source=source, parser="scoring")
    keys: set[str] = set()
    section: Indicator | None = None
    current: Indicator | None = None
    for line in split_lines(text):
        if not line.text:
            continue
        cells = _CELL_SEPARATOR.split(line.text)
        if len(cells) > 1 and all(vocabulary.role_of(cell) for cell in cells if cell):
            continue  # a header row
        heading = _section(line, vocabulary)
        if heading is not None:
            section = _add(framework, keys, None, line, *heading)
            current = None
            continue
        item = _item(cells[0], vocabulary)
        if item is not None:
            parent = section.key if section else None
            code, title, points, bonus = item
            current = _add(framework, keys, parent, line, code, title, points, bonus, level=2 if section else 1)
            if len(cells) > 1:
                current.standards.append(clean(" | ".join(cells[1:])))
            continue
        if current is not None and not _after_blank(text, line):
            if current.standards:
                _extend(current, line.text)
            else:
                current.standards.append(clean(line.text))
            _grow(current, section, line)
            continue
        framework.meta.setdefault("notes", []).append(clean(line.text))
        framework.warnings.append(f"line {line.number}: {clean(line.text)[:30]!r} is not part of any item; kept as a note")
    if not any(indicator.points is not None for indicator in framework.indicators):
        raise InputError(f"{source or 'text'}: no item with points such as （2分） found; not a scoring table (try --parser outline)")
    _check_sums(framework)
    return framework


def _section(line: Line, vocabulary: Vocabulary) -> tuple[str, str, float | None, bool] | None:
    label = read_label(line.text)
    if label is None or label.family not in ("chinese", "roman1"):
        return None
    match = vocabulary.item_points_pattern.search(label.rest)
    if match is None:
        return None
    title = label.rest[: match.start()].strip()
    return label.code, clean(title), float(match["points"]), _is_bonus(match["before"], vocabulary)


def is_scored_item(line: str, vocabulary: Vocabulary) -> bool:
    """Return whether a line starts an item with points, such as ``保障机制（2分） | …``."""
    return _item(_CELL_SEPARATOR.split(line.strip(), 1)[0], vocabulary) is not None


def _item(cell: str, vocabulary: Vocabulary) -> tuple[str, str, float, bool] | None:
    label = read_label(cell)
    body = label.rest if label else cell
    match = vocabulary.item_points_pattern.search(body)
    if match is None or body[match.end():].strip(" ：:"):
        return None
    return label.code if label else "", clean(body[: match.start()]), float(match["points"]), _is_bonus(match["before"], vocabulary)


def _is_bonus(before: str, vocabulary: Vocabulary) -> bool:
    return any(marker in before for marker in vocabulary.bonus_markers)


def _add(
    framework: Framework, keys: set[str], parent: str | None, line: Line, code: str, title: str,
    points: float | None, bonus: bool, *, level: int = 1,
) -> Indicator:
    siblings = [item for item in framework.indicators if item.parent == parent]
    code = code or str(len(siblings) + 1)  # unnumbered items get their position, as in 1, 2, 3
    indicator = Indicator(
        key=child_key(parent, code, title, keys), code=code, level=level, title=title, parent=parent,
        number=int(code) if code.isdigit() else None, points=points, start=line.start, end=line.end, line=line.number,
    )
    if bonus:
        indicator.meta["bonus"] = True
    framework.indicators.append(indicator)
    return indicator


def _extend(item: Indicator, text: str) -> None:
    item.standards[-1] = f"{item.standards[-1]}\n{clean(text)}"


def _grow(item: Indicator, section: Indicator | None, line: Line) -> None:
    item.end = line.end
    if section is not None:
        section.end = line.end


def _after_blank(text: str, line: Line) -> bool:
    """Return whether a blank line separates ``line`` from the text above it."""
    before = text[: line.start].rstrip(" \t\u3000")
    return before.endswith("\n\n") or before.endswith("\n\r\n")


def _check_sums(framework: Framework) -> None:
    for section in framework.children(None):
        items = framework.children(section.key)
        if section.points is None or not items:
            continue
        section.end = max(item.end or 0 for item in items)
        total = sum(item.points or 0 for item in items)
        if abs(total - section.points) > 1e-9:
            framework.warnings.append(
                f"line {section.line}: {section.code} {section.title} has {section.points:g} points but its items add up to {total:g}"
            )
