"""Write the report as Markdown, with figures as PNG files in ``figures/`` beside it."""

from __future__ import annotations

from tixi.report.document import ReportDocument, cell_text, unit_label
from tixi.report.evidence import EvidenceGroup, EvidenceRow
from tixi.report.model import Figure, Heading, Paragraph, Section, Table

FIGURES_DIR = "figures"


def md_escape(text: str) -> str:
    """Return text safe inside a Markdown table cell (pipes, emphasis markers, line breaks)."""
    return (text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")
            .replace("\r", " ").replace("\n", " ").replace("<", "&lt;"))


def render_markdown(document: ReportDocument) -> str:
    """Return the report as Markdown; figures are referenced as ``figures/<name>.png``."""
    numbers = document.numbering()
    names = document.names
    lines = [f"# {document.title}", "", f"*{document.subtitle}*", "", document.generated, ""]
    lines.extend(f"> **{warning}**\n" for warning in document.warnings)
    lines.extend([names.t("report.evidence_link_hint"), "", f"## {names.t('report.contents')}", ""])
    lines.extend(f"{i}. [{section.title}](#sec-{section.key})" for i, section in enumerate(document.sections, 1))
    lines.extend([f"{len(document.sections) + 1}. [{names.t('evidence.title')}](#evidence)", ""])
    for section in document.sections:
        lines.extend(_section(section, numbers, document))
    lines.extend(_appendix(document))
    return "\n".join(lines).rstrip("\n") + "\n"


def _section(section: Section, numbers: dict[int, int], document: ReportDocument) -> list[str]:
    lines = [f'<a id="sec-{section.key}"></a>', "", f"## {section.title}", ""]
    if section.intro:
        lines.extend([section.intro, ""])
    for block in section.blocks:
        if isinstance(block, Table):
            lines.extend(_table(block, numbers[id(block)], document))
        elif isinstance(block, Figure):
            caption = f"{document.names.t('report.figure')} {numbers[id(block)]}. {block.caption}"
            lines.extend([f"![{block.caption}]({FIGURES_DIR}/{block.name}.png)", "", f"*{caption}*", ""])
        elif isinstance(block, Heading):
            lines.extend([f"### {block.text}", ""])
        elif isinstance(block, Paragraph):
            lines.extend([block.text, ""])
    for note in section.notes:
        lines.extend([f"> {note}", ""])
    return lines


def _table(table: Table, number: int, document: ReportDocument) -> list[str]:
    frame = table.frame
    lines = [f"**{document.names.t('report.table')} {number}. {md_escape(table.caption)}**", ""]
    lines.append("| " + " | ".join(md_escape(str(column)) for column in frame.columns) + " |")
    lines.append("|" + "|".join("---:" if _numeric(frame[column]) else "---" for column in frame.columns) + "|")
    for position, row in enumerate(frame.itertuples(index=False)):
        cells = []
        for column, value in zip(frame.columns, row, strict=True):
            text = md_escape(cell_text(value))
            group = table.links.get((position, str(column)))
            cells.append(f"[{text}](#{group})" if group else text)
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    if table.note:
        lines.extend([f"*{md_escape(table.note)}*", ""])
    return lines


def _numeric(column: object) -> bool:
    values = [v for v in column if v != ""]  # type: ignore[attr-defined]
    return bool(values) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def _appendix(document: ReportDocument) -> list[str]:
    names = document.names
    lines = ['<a id="evidence"></a>', "", f"## {names.t('evidence.title')}", "", names.t("evidence.intro"), ""]
    for group in document.groups:
        lines.extend(_group(group, document))
    return lines


def _group(group: EvidenceGroup, document: ReportDocument) -> list[str]:
    names = document.names
    lines = [f'<a id="{group.id}"></a>', "",
             f"### {group.id} · {md_escape(group.label)} ({group.count} {unit_label(names, group.unit)})", "",
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
