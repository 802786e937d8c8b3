"""The report as the renderers see it: title, date line, sections, evidence groups, warnings."""

from __future__ import annotations

from dataclasses import dataclass, field

from tixi.report.evidence import EvidenceGroup
from tixi.report.i18n import Names
from tixi.report.model import Figure, Section, Table


@dataclass
class ReportDocument:
    """Everything one report holds, ready to be written as HTML or Markdown."""

    lang: str
    names: Names
    title: str
    subtitle: str
    generated: str  # the date line: the only text that differs between two runs on the same inputs
    sections: list[Section]
    groups: list[EvidenceGroup]
    warnings: list[str] = field(default_factory=list)

    def figures(self) -> list[Figure]:
        """Return all figures in reading order."""
        return [figure for section in self.sections for figure in section.figures]

    def numbering(self) -> dict[int, int]:
        """Return figure and table numbers by ``id()`` of the block, counted through the report."""
        numbers: dict[int, int] = {}
        figure_no = table_no = 0
        for section in self.sections:
            for block in section.blocks:
                if isinstance(block, Figure):
                    figure_no += 1
                    numbers[id(block)] = figure_no
                elif isinstance(block, Table):
                    table_no += 1
                    numbers[id(block)] = table_no
        return numbers


def unit_label(names: Names, unit: str) -> str:
    """Return the name of an evidence unit (documents, articles, passages, cases) in the report's language."""
    key = {"documents": "col.documents", "articles": "col.articles", "passages": "col.passages", "cases": "col.case"}[unit]
    return names.t(key)


def cell_text(value: object) -> str:
    """Return a table cell as text: floats with two decimals, missing values empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        return f"{value:.2f}"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(v) for v in value)
    return str(value)
