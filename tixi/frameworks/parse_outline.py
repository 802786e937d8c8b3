"""Read a numbered outline (Ⅰ-1 / Ⅱ-1 / Ⅲ-1, or 1. / 1） / ①, or 3.2.1) into framework trees.

The layout the parser understands, line by line:
- an item line starts with a label: ``Ⅲ-34 title`` (the Roman numeral is the level), or one of
  ``1.``, ``1）``, ``（1）``, ``①``, ``一、``, ``（一）`` (levels in order of first use) or a
  dotted path ``3.2.1``. Where the outline is indented, the indentation gives the level, and
  a labelled line whose indentation does not fit is a continuation of the line above (a
  standard that runs ``1）… 2）…`` over several lines);
- an indented line without a label, at an item's indentation, is an unnumbered item (a manual
  prints such rows where the table had an empty number cell);
- ``测评标准：…`` (the labels come from the pack) adds a standard to the current item;
- ``[材料审核] #94 ①…`` adds a check: method tag, record ids, printed label, requirement;
- any other line continues the line above;
- in an indented outline, ``一、`` headings at the left margin split the text into parts when
  each part holds items of its own: each part becomes its own framework (the first one named
  NAME, the next NAME-2 …); without indentation ``一、`` is simply the first level.

Skipped or repeated numbers are kept as printed and reported as warnings with the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tixi.errors import InputError
from tixi.frameworks.model import Check, Framework, Indicator, child_key
from tixi.frameworks.textutil import clean, split_editorial
from tixi.frameworks.vocabulary import Vocabulary
from tixi.text.numerals import chinese_to_int, circled_to_int, roman_to_int

_ROMAN = re.compile(r"^(?P<roman>[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ])\s*[-－—‐–]\s*(?P<n>\d+)\s*")
_DOTTED_PATH = re.compile(r"^(?P<path>\d+(?:[.．]\d+)+)(?![.．\d])\s*")
_FAMILIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("chinese", re.compile(r"^(?P<n>[一二三四五六七八九十]+)、\s*")),
    ("paren_chinese", re.compile(r"^[（(](?P<n>[一二三四五六七八九十]+)[）)]\s*")),
    ("paren_digit", re.compile(r"^[（(](?P<n>\d+)[）)]\s*")),
    ("digit_dot", re.compile(r"^(?P<n>\d+)[.．、](?!\d)\s*")),
    ("digit_paren", re.compile(r"^(?P<n>\d+)[）)]\s*")),
    ("circled", re.compile(r"^(?P<n>[①-⑳])\s*")),
)
_TAG = re.compile(
    r"^\[(?P<tag>[^\]]+)\]\s*(?P<refs>#\d+(?:\s*[/／、,，]\s*#\d+)*)?\s*(?P<notes>(?:（[^（）]*）\s*)*)(?P<label>[①-⑳])?\s*"
)
_PART_HEADING = re.compile(r"^(?P<n>[一二三四五六七八九十]+)、")
_INDENT = re.compile(r"^[ \u3000\t]*")


@dataclass
class Line:
    """One line of the source: number from 1, offsets, indentation and stripped text."""

    number: int
    start: int
    end: int
    indent: int
    text: str


@dataclass
class Label:
    """An item label found at the start of a line."""

    family: str
    code: str
    number: int | None
    level: int | None  # fixed by the label itself (Roman numerals, dotted paths), else None
    rest: str


@dataclass
class _State:
    """Where the parser is inside one part."""

    framework: Framework
    vocabulary: Vocabulary
    indented: bool
    stack: list[Indicator] = field(default_factory=list)
    family_levels: dict[str, int] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)
    last_number: dict[tuple[str, int], tuple[int, str]] = field(default_factory=dict)
    last_child: dict[tuple[str | None, str], tuple[int, str]] = field(default_factory=dict)
    target: object | None = None  # what a continuation line extends: an Indicator, a Check or ("standard", item)


def split_lines(text: str) -> list[Line]:
    """Return the lines of ``text`` with their offsets and indentation."""
    lines: list[Line] = []
    position = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        body = raw.rstrip("\r")
        indent = len(_INDENT.match(body).group(0))  # type: ignore[union-attr]
        lines.append(Line(number, position, position + len(body), indent, body.strip()))
        position += len(raw) + 1
    return lines


def read_label(text: str) -> Label | None:
    """Return the item label that starts ``text``, or None."""
    match = _ROMAN.match(text)
    if match:
        level = roman_to_int(match["roman"])
        return Label(f"roman{level}", f"{match['roman']}-{int(match['n'])}", int(match["n"]), level, text[match.end():])
    match = _DOTTED_PATH.match(text)
    if match:
        path = match["path"].replace("．", ".")
        return Label(f"dotted{path.count('.') + 1}", path, int(path.split(".")[-1]), path.count(".") + 1, text[match.end():])
    for family, pattern in _FAMILIES:
        match = pattern.match(text)
        if match:
            value = match["n"]
            number = circled_to_int(value) if family == "circled" else chinese_to_int(value)
            printed = match.group(0).strip()
            code = printed.rstrip(".．、") if family in ("digit_dot", "chinese") else printed
            return Label(family, code, number, None, text[match.end():])
    return None


def parse_outline(text: str, *, name: str, system: str, vocabulary: Vocabulary, source: str = "") -> list[Framework]:
    """Return the frameworks of an outline text (one per part); offsets are into ``text``."""
    lines = split_lines(text)
    parts = _split_parts(lines)
    frameworks: list[Framework] = []
    for index, (heading, part_lines) in enumerate(parts, start=1):
        framework = Framework(
            name=name if index == 1 else f"{name}-{index}", system=system, source=source, parser="outline",
            title=clean(heading.text.split("、", 1)[1]) if heading else "",
        )
        if heading is not None:
            framework.meta["part"] = heading.text.split("、", 1)[0]
            framework.meta["heading_line"] = heading.number
        _parse_part(part_lines, framework, vocabulary)
        frameworks.append(framework)
    if not any(framework.indicators for framework in frameworks):
        raise InputError(
            f"{source or 'text'}: no numbered items found (such as Ⅰ-1, 1., 1）, （一）); not an outline — try --parser table or scoring"
        )
    return frameworks


def _split_parts(lines: list[Line]) -> list[tuple[Line | None, list[Line]]]:
    headings = [i for i, line in enumerate(lines) if line.indent == 0 and _PART_HEADING.match(line.text)]
    indented = any(line.indent > 0 and read_label(line.text) for line in lines)
    if not headings or not indented:  # without indentation 一、 is the first level of one outline
        return [(None, lines)]
    bounds = [*headings, len(lines)]
    parts: list[tuple[Line | None, list[Line]]] = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        body = lines[start + 1:end]
        if not any(line.indent == 0 and read_label(line.text) and not _PART_HEADING.match(line.text) for line in body):
            return [(None, lines)]  # the 一、 lines are items of one outline, not parts
        parts.append((lines[start], body))
    if headings[0] > 0 and any(line.text for line in lines[:headings[0]]):
        parts[0] = (parts[0][0], lines[:headings[0]] + parts[0][1])
    return parts


def _parse_part(lines: list[Line], framework: Framework, vocabulary: Vocabulary) -> None:
    indented = any(line.indent > 0 and (read_label(line.text) or _TAG.match(line.text)) for line in lines)
    state = _State(framework, vocabulary, indented)
    for line in lines:
        if line.text:
            _read_line(state, line)
    _close_spans(framework.indicators, lines)
    if not framework.indicators:
        first = next((line.number for line in lines if line.text), 1)
        framework.warnings.append(f"line {first}: no numbered items found in this part")


def _read_line(state: _State, line: Line) -> None:
    standard = state.vocabulary.standard_pattern.match(line.text)
    if standard and state.stack:
        _add_standard(state, line, standard)
        return
    tag = _TAG.match(line.text)
    if tag and state.stack:
        _add_check(state, line, tag)
        return
    label = read_label(line.text)
    level = _item_level(state, line, label) if label else None
    if label is not None and level is not None:
        _add_item(state, line, label.code, label.number, level, label.rest, label.family)
        return
    if state.indented and line.indent > 0 and label is None and _fits_unnumbered(state, line):
        _add_item(state, line, "", None, line.indent + 1, line.text, "unnumbered")
        return
    _continue(state, line)


def _item_level(state: _State, line: Line, label: Label) -> int | None:
    """Return the level of a labelled line, or None when it is a continuation."""
    if state.indented:
        level = label.level or line.indent + 1
        if label.level is not None and line.indent + 1 != label.level and line.indent > 0:
            return None
        known = state.family_levels.get(label.family)
        if known is None and (level in state.family_levels.values() or level > len(state.stack) + 1):
            return None  # a new family where the level already has one: text such as "2）…" inside a standard
        if known is not None and known != level:
            return None
        state.family_levels.setdefault(label.family, level)
        return level
    if label.level is not None:
        state.family_levels.setdefault(label.family, label.level)
        return label.level
    if any(family.startswith("roman") for family in state.family_levels) and not label.family.startswith("roman"):
        return None
    if label.family not in state.family_levels:
        state.family_levels[label.family] = len(state.family_levels) + 1
    level = state.family_levels[label.family]
    return level if level <= len(state.stack) + 1 else None


def _fits_unnumbered(state: _State, line: Line) -> bool:
    level = line.indent + 1
    return 1 < level <= len(state.stack) + 1 and level in state.family_levels.values()


def _add_item(state: _State, line: Line, code: str, number: int | None, level: int, rest: str, family: str) -> None:
    while state.stack and state.stack[-1].level >= level:
        state.stack.pop()
    parent = state.stack[-1] if state.stack else None
    if parent is None and level > 1:
        state.framework.warnings.append(f"line {line.number}: {code or rest[:20]} at level {level} has no item above it")
    title, notes = split_editorial(clean(rest), state.vocabulary.editorial_markers)
    parent_key = parent.key if parent else None
    indicator = Indicator(
        key=child_key(parent_key, code, title, state.keys), code=code, level=level, title=title, parent=parent_key,
        number=number, notes=notes, start=line.start + line.indent, end=line.end, line=line.number,
    )
    if number is not None:
        _check_number(state, indicator, family)
    state.framework.indicators.append(indicator)
    state.stack.append(indicator)
    state.target = indicator


def _check_number(state: _State, indicator: Indicator, family: str) -> None:
    number = indicator.number
    assert number is not None
    previous = state.last_child.get((indicator.parent, family))
    running = state.last_number.get((family, indicator.level))
    where = f"line {indicator.line}: {indicator.code}"
    if previous is not None:
        expected = {previous[0] + 1}
        after = previous[1]
    else:
        expected = {1} | ({running[0] + 1} if running else set())
        after = running[1] if running else ""
    if number not in expected:
        low = max(expected) if number > max(expected) else None
        if low is not None:
            missing = _code_with_number(indicator.code, low) + ("" if number - 1 == low else f"–{_code_with_number(indicator.code, number - 1)}")
            state.framework.warnings.append(f"{where} follows {after or 'the start'}: {missing} missing (kept as printed)")
        else:
            state.framework.warnings.append(f"{where} follows {after}: number repeated or out of order (kept as printed)")
    state.last_child[(indicator.parent, family)] = (number, indicator.code)
    state.last_number[(family, indicator.level)] = (number, indicator.code)


def _code_with_number(code: str, number: int) -> str:
    return re.sub(r"\d+(?!.*\d)", str(number), code)


def _add_standard(state: _State, line: Line, match: re.Match[str]) -> None:
    item = state.stack[-1]
    text, notes = split_editorial(clean(line.text[match.end():]), state.vocabulary.editorial_markers)
    if match["note"]:
        notes.insert(0, match["note"][1:-1])
    item.notes.extend(f"测评标准 {len(item.standards) + 1}: {note}" for note in notes)
    item.standards.append(text)
    state.target = ("standard", item)


def _add_check(state: _State, line: Line, match: re.Match[str]) -> None:
    item = state.stack[-1]
    method = match["tag"].strip()
    if method not in state.vocabulary.methods:
        state.framework.warnings.append(f"line {line.number}: check tag [{method}] is not among the pack's methods; kept as printed")
    refs = [ref.strip() for ref in re.split(r"[/／、,，]", match["refs"] or "") if ref.strip()]
    notes = re.findall(r"（([^（）]*)）", match["notes"] or "")
    check = Check(method=method, text="", refs=refs, label=match["label"] or "", notes=notes)
    _set_check_text(check, clean(line.text[match.end():]), state.vocabulary)
    item.checks.append(check)
    state.target = check


def _set_check_text(check: Check, text: str, vocabulary: Vocabulary) -> None:
    for separator in vocabulary.materials_separators:
        if separator in text:
            task, _, materials = text.partition(separator)
            check.text, check.materials = task.strip(), materials.strip()
            return
    check.text = text


def _continue(state: _State, line: Line) -> None:
    text = clean(line.text)
    target = state.target
    if isinstance(target, Check):
        if target.materials:
            target.materials += "\n" + text
        else:
            _set_check_text(target, f"{target.text}\n{text}", state.vocabulary)
    elif isinstance(target, tuple):
        item = target[1]
        item.standards[-1] = f"{item.standards[-1]}\n{text}"
    elif isinstance(target, Indicator):
        target.content = f"{target.content}\n{text}" if target.content else text
    else:
        state.framework.meta.setdefault("preamble", []).append(text)


def _close_spans(items: list[Indicator], lines: list[Line]) -> None:
    """Set each item's end to the end of its subtree's last non-blank line."""
    by_number = {line.number: line for line in lines}
    last_line = max((line.number for line in lines if line.text), default=0)
    for index, indicator in enumerate(items):
        stop = next((other.line for other in items[index + 1:] if other.level <= indicator.level and other.line is not None), last_line + 1)
        end_line = stop - 1
        while end_line > 0 and end_line in by_number and not by_number[end_line].text:
            end_line -= 1
        if end_line in by_number:
            indicator.end = max(indicator.end or 0, by_number[end_line].end)
