"""The words framework parsers look for, read from the pack (``frameworks/parsing.yaml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from tixi.errors import InputError
from tixi.packs import Pack

PARSING_FILE = "frameworks/parsing.yaml"
COLUMN_ROLES = ("item", "indicator", "content", "standard", "points", "method", "materials", "note", "ignore")
HIERARCHY_ROLES = ("item", "indicator", "content")
# The roles a column can be given by hand (--columns) or by inference; the header names of
# ``columns`` map onto them (item, indicator, content → level; standard → criterion).
HINT_ROLES = ("level", "criterion", "points", "note", "method", "materials", "ignore")


@dataclass(frozen=True)
class Vocabulary:
    """Standard labels, method tags, point markers and column synonyms of a pack."""

    standard_labels: tuple[str, ...]
    methods: tuple[str, ...]
    materials_separators: tuple[str, ...]
    editorial_markers: tuple[str, ...]
    points_labels: tuple[str, ...]
    points_unit: str
    bonus_markers: tuple[str, ...]
    penalty_markers: tuple[str, ...]
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    add_verbs: tuple[str, ...] = ()  # 加 in 加5分
    deduct_verbs: tuple[str, ...] = ()  # 扣 in 扣2分
    range_separators: tuple[str, ...] = ()  # 至 in -10至-50
    cap_markers: tuple[str, ...] = ()  # 最多 in 每年最多加40分
    effect_markers: tuple[str, ...] = ()  # 降 in 降C级: an effect on the grade, no points
    both_ways_markers: tuple[str, ...] = ()  # 加减分: a column of points either way, which says nothing of a cell's sign
    grade_units: tuple[str, ...] = ()  # 级 in 降2级: a number that names a grade
    column_hints: dict[str, tuple[str, ...]] = field(default_factory=dict)  # words in a header that suggest its role
    label: str = ""

    @cached_property
    def standard_pattern(self) -> re.Pattern[str]:
        """Return the pattern of a standards line: label, optional （note）, colon."""
        labels = "|".join(re.escape(label) for label in sorted(self.standard_labels, key=len, reverse=True))
        return re.compile(rf"^(?:{labels})(?P<note>（.*?）)?[：:]\s*")

    @cached_property
    def item_points_pattern(self) -> re.Pattern[str]:
        """Return the pattern of points after a title: （2分）, （加分项，分值：10分）."""
        unit = re.escape(self.points_unit)
        labels = "|".join(re.escape(label) for label in self.points_labels) or "(?!)"
        return re.compile(rf"[（(](?P<before>[^（）()]*?)(?:(?:{labels})[：:]?\s*)?(?P<points>\d+(?:\.\d+)?)\s*{unit}[）)]")

    @cached_property
    def points_cell_pattern(self) -> re.Pattern[str]:
        """Return the pattern of a (normalised) cell that holds nothing but points: ``10``, ``-5分``, ``1~3分``."""
        number = rf"[+\-－＋]?\d+(?:\.\d+)?\s*(?:{re.escape(self.points_unit)})?"
        separators = "|".join(re.escape(separator) for separator in self.range_separators) or "(?!)"
        return re.compile(rf"^{number}(?:\s*(?:{separators})\s*{number})?$")

    def role_of(self, header: str) -> str | None:
        """Return the role of a column header (item, content, points …), or None."""
        cleaned = re.sub(r"\s+", "", header)
        for role in COLUMN_ROLES:
            if cleaned in self.columns.get(role, ()):
                return role
        return None


def vocabulary_from_pack(pack: Pack) -> Vocabulary:
    """Return the parsing vocabulary of ``pack``; raise InputError when it has none."""
    if not pack.has(PARSING_FILE):
        raise InputError(f"pack {pack.label} has no {PARSING_FILE}; copy the one of ncca_scsp and adapt its words")
    return vocabulary_from_data(pack.yaml(PARSING_FILE), f"{pack.label}:{PARSING_FILE}")


def vocabulary_from_data(data: Any, label: str) -> Vocabulary:
    """Return a Vocabulary from the parsed YAML ``data`` (``label`` names it in errors)."""
    if not isinstance(data, dict):
        raise InputError(f"{label}: expected a mapping at the top")
    points = data.get("points") or {}
    columns = data.get("columns") or {}
    hints = data.get("column_hints") or {}
    return Vocabulary(
        standard_labels=_strings(data, "standard_labels", label),
        methods=_strings(data, "methods", label),
        materials_separators=_strings(data, "materials_separators", label),
        editorial_markers=_strings(data, "editorial_markers", label),
        points_labels=_strings(points, "labels", label),
        points_unit=str(points.get("unit", "分")),
        bonus_markers=_strings(points, "bonus_markers", label),
        penalty_markers=_strings(points, "penalty_markers", label),
        columns={role: _strings(columns, role, label) for role in COLUMN_ROLES},
        add_verbs=_strings(points, "add_verbs", label),
        deduct_verbs=_strings(points, "deduct_verbs", label),
        range_separators=_strings(points, "range_separators", label),
        cap_markers=_strings(points, "cap_markers", label),
        effect_markers=_strings(points, "effect_markers", label),
        both_ways_markers=_strings(points, "both_ways_markers", label),
        grade_units=_strings(points, "grade_units", label),
        column_hints={role: _strings(hints, role, label) for role in HINT_ROLES},
        label=label,
    )


def _strings(data: Any, key: str, label: str) -> tuple[str, ...]:
    values = data.get(key) or [] if isinstance(data, dict) else []
    if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
        raise InputError(f"{label}: {key} must be a list of strings")
    return tuple(values)
