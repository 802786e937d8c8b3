"""What every section builder receives besides the project: language, names, evidence, figures."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from tixi.report.document import unit_label
from tixi.report.evidence import EvidenceRow, EvidenceStore, count_of
from tixi.report.figures import Figures
from tixi.report.i18n import Names
from tixi.report.model import Table
from tixi.store.places import Gazetteer


@dataclass
class ReportContext:
    """The shared state of one report run."""

    lang: str
    names: Names
    evidence: EvidenceStore
    figures: Figures
    documents: pd.DataFrame
    warnings: list[str] = field(default_factory=list)
    gazetteer: Gazetteer | None = None  # the pack's places, for names written another way (上海 -> 上海市)
    _groups: dict[Hashable, str] = field(default_factory=dict)
    _results: dict[str, Any] = field(default_factory=dict)

    def result(self, name: str, make: Callable[[], Any]) -> Any:
        """Return ``make()``, computed once per report (several sections read the same stage results)."""
        if name not in self._results:
            self._results[name] = make()
        return self._results[name]

    def group_once(self, key: Hashable, label: str, section: str, unit: str, rows: Callable[[], Iterable[EvidenceRow]]) -> tuple[str, int]:
        """Return (id, count) of the evidence group stored under ``key``, making it from ``rows()`` the first time.

        Tables that show the same number (a code's documents in prevalence and in keyness) share one group.
        """
        if key not in self._groups:
            self._groups[key] = self.evidence.group(label, section, unit, rows())
        group_id = self._groups[key]
        return group_id, self.evidence.by_id(group_id).count

    def forget_groups_after(self, count: int) -> None:
        """Drop evidence groups made after the first ``count`` (a section that failed half-way)."""
        dropped = set(self.evidence.forget_after(count))
        self._groups = {key: value for key, value in self._groups.items() if value not in dropped}

    def place(self, written: object) -> str:
        """Return a place's canonical name (the pack's gazetteer), so that 苏州 and 江苏省苏州市 count as one place."""
        text = written if isinstance(written, str) else ""
        return self.gazetteer.normalise(text).name if self.gazetteer is not None else text

    def t(self, key: str, **values: object) -> str:
        """Return the report string ``key`` in the report's language."""
        return self.names.t(key, **values)


@dataclass(frozen=True, slots=True)  # one per counted passage: tens of thousands on a large corpus
class Item:
    """One counted thing: the table row and column it falls in, and its evidence row."""

    row: Hashable
    col: Hashable
    evidence: EvidenceRow


def matrix_table(
    context: ReportContext,
    section: str,
    caption: str,
    items: Iterable[Item],
    *,
    unit: str,
    row_header: str,
    row_label: Callable[[Hashable], str],
    col_label: Callable[[Hashable], str],
    rows: Sequence[Hashable] | None = None,
    cols: Sequence[Hashable] | None = None,
    total: bool = True,
    note: str = "",
) -> Table:
    """Return a cross-table of counts of ``items``, each non-zero count linked to its evidence group.

    Rows default to descending total then name; columns to name order. Zero counts stay empty.
    """
    cells: dict[tuple[Hashable, Hashable], list[EvidenceRow]] = {}
    for item in items:
        cells.setdefault((item.row, item.col), []).append(item.evidence)
    col_keys = list(cols) if cols is not None else sorted({col for _, col in cells}, key=str)
    by_row: dict[Hashable, list[EvidenceRow]] = {}
    for (row, col), found in cells.items():
        if col in col_keys:
            by_row.setdefault(row, []).extend(found)
    row_keys = list(rows) if rows is not None else sorted(by_row, key=lambda r: (-count_of(unit, list(set(by_row[r]))), str(r)))
    records: list[dict[str, object]] = []
    links: dict[tuple[int, str], str] = {}
    total_header = context.t("col.total")
    for position, row in enumerate(row_keys):
        label = row_label(row)
        record: dict[str, object] = {row_header: label}
        for col in col_keys:
            header = col_label(col)
            found = cells.get((row, col), [])
            record[header] = _linked(context, section, f"{caption}: {label} · {header}", unit, found, links, position, header)
        if total:
            record[total_header] = _linked(context, section, f"{caption}: {label} · {total_header}", unit, by_row.get(row, []), links, position, total_header)
        records.append(record)
    columns = [row_header] + [col_label(col) for col in col_keys] + ([total_header] if total else [])
    if total and any(_cell_sum(record, columns[1:-1]) != (record[total_header] or 0) for record in records):
        # A unit counted under two columns (a flow naming two behaviours) counts once in its row's total.
        explained = context.t("report.total_distinct", unit=unit_label(context.names, unit))
        note = f"{note} {explained}".strip()
    return Table(caption, pd.DataFrame.from_records(records, columns=columns), links, note, unit)


def _cell_sum(record: dict[str, object], columns: list[str]) -> int:
    return sum(value for value in (record.get(column) for column in columns) if isinstance(value, int))


def _linked(
    context: ReportContext, section: str, label: str, unit: str, found: list[EvidenceRow],
    links: dict[tuple[int, str], str], position: int, header: str,
) -> object:
    if not found:
        return ""
    group_id = context.evidence.group(label, section, unit, found)
    links[(position, header)] = group_id
    return context.evidence.by_id(group_id).count
