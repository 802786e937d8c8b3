"""Write the report as one self-contained HTML file: CSS inline, figures as base64 PNG, no scripts."""

from __future__ import annotations

import base64
from html import escape

from tixi.report.document import ReportDocument, cell_text, unit_label
from tixi.report.evidence import EvidenceGroup, EvidenceRow
from tixi.report.model import Figure, Heading, Paragraph, Section, Table

CSS = """
:root { --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --accent: #9a2a1f; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.55;
  font-family: "Noto Sans", "Helvetica Neue", Arial, "WenQuanYi Micro Hei", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
header, main, nav { max-width: 1100px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 28px; border-bottom: 3px solid var(--accent); }
h1 { margin: 0 0 4px; font-size: 30px; }
.subtitle { margin: 0 0 8px; font-size: 18px; color: var(--muted); }
.generated { font-size: 13px; color: var(--muted); }
.warning { background: #fff8c5; border: 1px solid #d4a72c; padding: 8px 12px; border-radius: 6px; }
nav.toc { padding-top: 12px; }
nav.toc ol { columns: 2; font-size: 15px; }
h2 { margin-top: 44px; padding-bottom: 6px; border-bottom: 1px solid var(--line); font-size: 24px; }
h3 { margin-top: 26px; font-size: 18px; }
.intro { font-size: 16px; color: #2d333b; }
.status-note { background: var(--soft); border-left: 4px solid var(--muted); padding: 10px 14px; }
.status-failed { border-left-color: #cf222e; }
table { border-collapse: collapse; margin: 8px 0 20px; font-size: 14px; max-width: 100%; }
caption { text-align: left; font-weight: 600; padding: 4px 0 6px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; vertical-align: top; }
th { background: var(--soft); text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.table-wrap { overflow-x: auto; }
a.ev { color: var(--accent); text-decoration: none; border-bottom: 1px dotted var(--accent); }
a.ev:hover { background: #fdecea; }
figure { margin: 16px 0 24px; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { font-size: 14px; color: var(--muted); }
.notes { font-size: 14px; color: var(--muted); }
.ev-group { margin: 18px 0; scroll-margin-top: 12px; }
.ev-group:target { background: #fff8e6; outline: 2px solid #e6b800; }
.ev-group h3 { font-size: 15px; margin: 0 0 4px; }
table.ev td.q { font-family: "WenQuanYi Micro Hei", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
mark { background: #ffe08a; }
.back { font-size: 12px; }
td.hash { font-family: monospace; font-size: 12px; word-break: break-all; }
"""


def render_html(document: ReportDocument) -> str:
    """Return the report as one HTML page that needs nothing from the network."""
    numbers = document.numbering()
    lang = "zh-Hans" if document.lang == "zh" else "en"
    parts = [
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(document.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        '<header id="top">\n',
        f"<h1>{escape(document.title)}</h1>\n<p class=\"subtitle\">{escape(document.subtitle)}</p>\n",
        f'<p class="generated" id="generated">{escape(document.generated)}</p>\n',
    ]
    parts.extend(f'<p class="warning">{escape(warning)}</p>\n' for warning in document.warnings)
    parts.append(f"<p>{escape(document.names.t('report.evidence_link_hint'))}</p>\n</header>\n")
    parts.append(_toc(document))
    parts.append("<main>\n")
    for section in document.sections:
        parts.append(_section(section, numbers, document))
    parts.append(_appendix(document))
    parts.append("</main>\n</body>\n</html>\n")
    return "".join(parts)


def _toc(document: ReportDocument) -> str:
    items = "".join(f'<li><a href="#sec-{section.key}">{escape(section.title)}</a></li>' for section in document.sections)
    items += f'<li><a href="#evidence">{escape(document.names.t("evidence.title"))}</a></li>'
    return f'<nav class="toc"><h2>{escape(document.names.t("report.contents"))}</h2><ol>{items}</ol></nav>\n'


def _section(section: Section, numbers: dict[int, int], document: ReportDocument) -> str:
    parts = [f'<section class="report-section" id="sec-{section.key}" data-status="{section.status}">\n<h2>{escape(section.title)}</h2>\n']
    if section.intro:
        parts.append(f'<p class="intro">{escape(section.intro)}</p>\n')
    for block in section.blocks:
        if isinstance(block, Table):
            parts.append(_table(block, numbers[id(block)], document))
        elif isinstance(block, Figure):
            parts.append(_figure(block, numbers[id(block)], document))
        elif isinstance(block, Heading):
            parts.append(f"<h3>{escape(block.text)}</h3>\n")
        elif isinstance(block, Paragraph):
            parts.append(f"<p>{escape(block.text)}</p>\n")
    for note in section.notes:
        css = "status-note status-failed" if section.status == "failed" else "status-note"
        parts.append(f'<p class="{css}">{escape(note)}</p>\n')
    parts.append(f'<p class="back"><a href="#top">↑ {escape(document.names.t("report.back"))}</a></p>\n</section>\n')
    return "".join(parts)


def _table(table: Table, number: int, document: ReportDocument) -> str:
    frame = table.frame
    head = "".join(f"<th>{escape(str(column))}</th>" for column in frame.columns)
    body = []
    for position, row in enumerate(frame.itertuples(index=False)):
        cells = []
        for column, value in zip(frame.columns, row, strict=True):
            text = escape(cell_text(value))
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            css = ' class="num"' if numeric else ""
            if len(text) == 64 and all(ch in "0123456789abcdef" for ch in text):
                css = ' class="hash"'
            group = table.links.get((position, str(column)))
            if group:
                text = f'<a class="ev" href="#{group}" title="{group}">{text}</a>'
            cells.append(f"<td{css}>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    caption = f"{document.names.t('report.table')} {number}. {table.caption}"
    note = f'<p class="notes">{escape(table.note)}</p>' if table.note else ""
    return (f'<div class="table-wrap"><table class="result"><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>{note}\n")


def _figure(figure: Figure, number: int, document: ReportDocument) -> str:
    data = base64.b64encode(figure.png).decode("ascii")
    caption = f"{document.names.t('report.figure')} {number}. {figure.caption}"
    return (f'<figure id="fig-{figure.name}"><img src="data:image/png;base64,{data}" alt="{escape(figure.caption)}" '
            f'width="{figure.width}" height="{figure.height}"><figcaption>{escape(caption)}</figcaption></figure>\n')


def _appendix(document: ReportDocument) -> str:
    names = document.names
    parts = [f'<section class="report-section evidence" id="evidence" data-status="ok">\n<h2>{escape(names.t("evidence.title"))}</h2>\n'
             f'<p class="intro">{escape(names.t("evidence.intro"))}</p>\n']
    header = (f"<tr><th>{escape(names.t('col.document'))}</th><th>{escape(names.t('col.where'))}</th>"
              f"<th>{escape(names.t('col.quote'))}</th></tr>")
    for group in document.groups:
        parts.append(_group(group, header, document))
    parts.append("</section>\n")
    return "".join(parts)


def _group(group: EvidenceGroup, header: str, document: ReportDocument) -> str:
    unit = unit_label(document.names, group.unit)
    rows = "".join(_row(row) for row in group.rows)
    return (f'<div class="ev-group" id="{group.id}" data-unit="{group.unit}" data-count="{group.count}">'
            f"<h3>{group.id} · {escape(group.label)} <span class=\"count\">({group.count} {escape(unit)})</span></h3>"
            f'<table class="ev">{header}{rows}</table></div>\n')


def _row(row: EvidenceRow) -> str:
    quote = row.quote
    marked = (escape(quote[:row.mark_start]) + "<mark>" + escape(quote[row.mark_start:row.mark_end]) + "</mark>"
              + escape(quote[row.mark_end:])) if row.mark_end > row.mark_start else escape(quote)
    tags = " · ".join(part for part in (row.case, row.coder) if part)
    case = f" [{escape(tags)}]" if tags else ""
    return (f'<tr data-doc="{row.doc_id}" data-start="{row.start}" data-end="{row.end}">'
            f"<td>{escape(row.title)}{case}</td><td>{escape(row.where)}</td>"
            f'<td class="q">…<span class="quote" lang="zh">{marked}</span>…</td></tr>')
