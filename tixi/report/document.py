"""The report as the renderers see it: title, date line, sections, evidence groups, warnings."""

from __future__ import annotations

from dataclasses import dataclass, field

from tixi.report.evidence import EvidenceGroup
from tixi.report.i18n import Names
from tixi.report.model import Figure, Finding, Section, Table

# The evidence appendix is written as pages beside the report (``evidence/e001.html`` …), so that the
# report itself stays small enough to open, print and show on a code host. A page holds whole groups
# and at most this many rows, unless one group alone is longer.
EVIDENCE_DIR = "evidence"
PAGE_ROWS = 600


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

    def evidence_pages(self) -> list[list[EvidenceGroup]]:
        """Return the evidence groups cut into pages of whole groups, in group order."""
        pages: list[list[EvidenceGroup]] = []
        rows = 0
        for group in self.groups:
            if not pages or (rows + group.size > PAGE_ROWS and pages[-1]):
                pages.append([])
                rows = 0
            pages[-1].append(group)
            rows += group.size
        return pages

    def page_names(self) -> dict[str, str]:
        """Return the page name (``e001``) of each evidence group id."""
        return {group.id: page_name(number) for number, page in enumerate(self.evidence_pages(), 1) for group in page}

    def citations(self) -> dict[str, str]:
        """Return, for each evidence group, the anchor of the first table or finding that cites it (``tab-3``, ``find-2``)."""
        numbers = self.numbering()
        cited: dict[str, str] = {}
        for section in self.sections:
            for block in section.blocks:
                if isinstance(block, Table):
                    for group in block.links.values():
                        cited.setdefault(group, f"tab-{numbers[id(block)]}")
                elif isinstance(block, Finding):
                    for group in block.groups:
                        cited.setdefault(group, f"find-{block.key}")
        return cited

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


def page_name(number: int) -> str:
    """Return the file stem of evidence page ``number`` (1-based): ``e001``."""
    return f"e{number:03d}"


def neighbour_pages(number: int, total: int) -> list[tuple[str, str]]:
    """Return (link text, page stem) of the evidence pages before and after page ``number`` of ``total``."""
    pages = []
    if number > 1:
        pages.append((f"← {number - 1}", page_name(number - 1)))
    if number < total:
        pages.append((f"{number + 1} →", page_name(number + 1)))
    return pages


def count_label(names: Names, unit: str, count: int) -> str:
    """Return a count with its unit, as the report's language says it (``3 documents``, ``3 份文件``)."""
    return names.t(f"count.{unit}", n=count)


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
