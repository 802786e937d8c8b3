"""Write the report as Markdown, with figures as PNG files in ``figures/`` and the evidence appendix in pages beside it."""

from __future__ import annotations

from collections.abc import Iterator

from tixi.report.document import EVIDENCE_DIR, ReportDocument, cell_text, count_label, neighbour_pages, page_name, unit_label
from tixi.report.evidence import EvidenceGroup, EvidenceRow
from tixi.report.model import Figure, Finding, Heading, Paragraph, Section, Table

FIGURES_DIR = "figures"
REPORT_PAGE = "report.md"


def md_escape(text: str) -> str:
    """Return text safe inside a Markdown table cell (pipes, emphasis markers, line breaks)."""
    return (text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")
            .replace("\r", " ").replace("\n", " ").replace("<", "&lt;"))


def render_markdown(document: ReportDocument) -> Iterator[tuple[str, str]]:
    """Yield the report's Markdown files as (path, text): ``report.md`` (figures as ``figures/<name>.png``), then its
    evidence pages one at a time (a large corpus's appendix need not be held whole)."""
    pages = {group: f"{EVIDENCE_DIR}/{name}.md" for group, name in document.page_names().items()}
    numbers = document.numbering()
    names = document.names
    lines = [f"# {document.title}", "", f"*{document.subtitle}*", "", document.generated, ""]
    lines.extend(f"> **{warning}**\n" for warning in document.warnings)
    lines.extend([names.t("report.evidence_link_hint"), "", f"## {names.t('report.contents')}", ""])
    lines.extend(f"{i}. [{section.title}](#sec-{section.key})" for i, section in enumerate(document.sections, 1))
    if document.groups:
        lines.append(f"{len(document.sections) + 1}. [{names.t('evidence.title')}]({pages[document.groups[0].id]})")
    lines.append("")
    for section in document.sections:
        lines.extend(_section(section, numbers, document, pages))
    yield REPORT_PAGE, "\n".join(lines).rstrip("\n") + "\n"
    cited = document.citations()
    numbered = document.evidence_pages()
    for number, groups in enumerate(numbered, 1):
        yield f"{EVIDENCE_DIR}/{page_name(number)}.md", _evidence_page(document, groups, number, len(numbered), cited)


def _section(section: Section, numbers: dict[int, int], document: ReportDocument, pages: dict[str, str]) -> list[str]:
    lines = [f'<a id="sec-{section.key}"></a>', "", f"## {section.title}", ""]
    if section.intro:
        lines.extend([section.intro, ""])
    for block in section.blocks:
        if isinstance(block, Table):
            lines.extend([f'<a id="tab-{numbers[id(block)]}"></a>', ""])
            lines.extend(_table(block, numbers[id(block)], document, pages))
        elif isinstance(block, Finding):
            refs = " ".join(f"[{group}]({pages[group]}#{group})" for group in block.groups if group in pages)
            lines.extend([f'<a id="find-{block.key}"></a>', "", f"**{block.text}**" + (f" {refs}" if refs else ""), ""])
        elif isinstance(block, Figure):
            caption = f"{document.names.t('report.figure')} {numbers[id(block)]}. {block.caption}"
            lines.extend([f"![{block.alt or block.caption}]({FIGURES_DIR}/{block.name}.png)", "", f"*{caption}*", ""])
        elif isinstance(block, Heading):
            lines.extend([f"### {block.text}", ""])
        elif isinstance(block, Paragraph):
            lines.extend([block.text, ""])
    for note in section.notes:
        lines.extend([f"> {note}", ""])
    return lines


def _table(table: Table, number: int, document: ReportDocument, pages: dict[str, str]) -> list[str]:
    frame = table.frame
    counts = document.names.t("report.counts", unit=unit_label(document.names, table.unit)) if table.unit else ""
    lines = [f"**{document.names.t('report.table')} {number}. {md_escape(table.caption + counts)}**", ""]
    lines.append("| " + " | ".join(md_escape(str(column)) for column in frame.columns) + " |")
    lines.append("|" + "|".join("---:" if _numeric(frame[column]) else "---" for column in frame.columns) + "|")
    for position, row in enumerate(frame.itertuples(index=False)):
        cells = []
        for column, value in zip(frame.columns, row, strict=True):
            text = md_escape(cell_text(value))
            group = table.links.get((position, str(column)))
            cells.append(f"[{text}]({pages[group]}#{group})" if group else text)
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    if table.note:
        lines.extend([f"*{md_escape(table.note)}*", ""])
    return lines


def _numeric(column: object) -> bool:
    values = [v for v in column if v != ""]  # type: ignore[attr-defined]
    return bool(values) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def _evidence_page(document: ReportDocument, groups: list[EvidenceGroup], number: int, total: int, cited: dict[str, str]) -> str:
    names = document.names
    back = f"../{REPORT_PAGE}"
    neighbours = [f"[↑ {document.title}]({back})"]
    neighbours.extend(f"[{text}]({page}.md)" for text, page in neighbour_pages(number, total))
    lines = [f"# {names.t('evidence.title')} {number}/{total}", "", f"*{document.title}*", "", " · ".join(neighbours), "",
             names.t("evidence.intro"), ""]
    for group in groups:
        lines.extend(_group(group, document, f"{back}#{cited[group.id]}" if group.id in cited else ""))
    lines.extend([" · ".join(neighbours), ""])
    return "\n".join(lines).rstrip("\n") + "\n"


def _group(group: EvidenceGroup, document: ReportDocument, back: str) -> list[str]:
    names = document.names
    back_link = f" [↑ {names.t('evidence.cited_by')}]({back})" if back else ""
    lines = [f'<a id="{group.id}"></a>', "",
             f"### {group.id} · {md_escape(group.label)} ({count_label(names, group.unit, group.count)}){back_link}", "",
             f"| {names.t('col.document')} | {names.t('col.where')} | {names.t('col.quote')} |", "|---|---|---|"]
    lines.extend(_row(row) for row in group.rows)
    lines.append("")
    return lines


def _row(row: EvidenceRow) -> str:
    quote = row.quote
    if row.mark_end > row.mark_start:
        marked = md_escape(quote[:row.mark_start]) + "**" + md_escape(quote[row.mark_start:row.mark_end]) + "**" + md_escape(quote[row.mark_end:])
    else:
        marked = md_escape(quote)
    tags = " · ".join(part for part in (row.case, row.coder) if part)
    case = f" [{md_escape(tags)}]" if tags else ""
    return f"| {md_escape(row.title)}{case} `{row.doc_id}` | {md_escape(row.where)} | …{marked}… |"
