"""Write the report as HTML: the report page (CSS inline, figures as base64 PNG, no scripts) and its evidence pages.

The evidence appendix goes to pages of its own (``evidence/e001.html`` …) so that the report stays small:
each count links to its group on its page, and each group links back to the table that cites it.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from html import escape

from tixi.report.document import EVIDENCE_DIR, ReportDocument, cell_text, count_label, neighbour_pages, page_name, unit_label
from tixi.report.evidence import EvidenceGroup, EvidenceRow
from tixi.report.model import Figure, Finding, Heading, Paragraph, Section, Table

REPORT_PAGE = "report.html"

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
p.finding { margin: 10px 0; padding: 8px 12px; border-left: 4px solid var(--accent); background: #fdf6f5; }
p.finding .refs { font-size: 13px; white-space: nowrap; }
.fig-wrap { overflow-x: auto; }
@media (max-width: 640px) {
  header, main, nav { padding: 0 12px; }
  h1 { font-size: 24px; }
  h2 { font-size: 20px; margin-top: 32px; }
  nav.toc ol { columns: 1; padding-left: 22px; }
  table { font-size: 13px; }
  .fig-wrap img { min-width: 560px; max-width: none; }
}
nav.toc li { break-inside: avoid; }
@media print {
  body { font-size: 11pt; }
  header, main, nav { max-width: none; padding: 0; }
  nav.toc, .back, .ev-nav { display: none; }
  a.ev { border-bottom: none; color: inherit; }
  h2, h3, caption { break-after: avoid; }
  figure, tr, p.finding { break-inside: avoid; }
  thead { display: table-header-group; }
  .table-wrap { overflow: visible; }
}
"""


def render_html(document: ReportDocument) -> Iterator[tuple[str, str]]:
    """Yield the report's HTML files as (path relative to the report folder, text): ``report.html``, then its
    evidence pages one at a time (a large corpus's appendix need not be held whole)."""
    pages = {group: f"{EVIDENCE_DIR}/{name}.html" for group, name in document.page_names().items()}
    yield REPORT_PAGE, _report_page(document, pages)
    cited = document.citations()
    numbered = document.evidence_pages()
    for number, groups in enumerate(numbered, 1):
        yield f"{EVIDENCE_DIR}/{page_name(number)}.html", _evidence_page(document, groups, number, len(numbered), cited)


def _head(document: ReportDocument, title: str) -> str:
    lang = "zh-Hans" if document.lang == "zh" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n")


def _report_page(document: ReportDocument, pages: dict[str, str]) -> str:
    numbers = document.numbering()
    parts = [
        _head(document, document.title),
        '<header id="top">\n',
        f"<h1>{escape(document.title)}</h1>\n<p class=\"subtitle\">{escape(document.subtitle)}</p>\n",
        f'<p class="generated" id="generated">{escape(document.generated)}</p>\n',
    ]
    parts.extend(f'<p class="warning">{escape(warning)}</p>\n' for warning in document.warnings)
    parts.append(f"<p>{escape(document.names.t('report.evidence_link_hint'))}</p>\n</header>\n")
    parts.append(_toc(document, pages))
    parts.append("<main>\n")
    for section in document.sections:
        parts.append(_section(section, numbers, document, pages))
    parts.append("</main>\n</body>\n</html>\n")
    return "".join(parts)


def _toc(document: ReportDocument, pages: dict[str, str]) -> str:
    items = "".join(f'<li><a href="#sec-{section.key}">{escape(section.title)}</a></li>' for section in document.sections)
    if document.groups:
        first = pages[document.groups[0].id]
        items += f'<li><a href="{first}">{escape(document.names.t("evidence.title"))}</a></li>'
    return f'<nav class="toc"><h2>{escape(document.names.t("report.contents"))}</h2><ol>{items}</ol></nav>\n'


def _section(section: Section, numbers: dict[int, int], document: ReportDocument, pages: dict[str, str]) -> str:
    parts = [f'<section class="report-section" id="sec-{section.key}" data-status="{section.status}">\n<h2>{escape(section.title)}</h2>\n']
    if section.intro:
        parts.append(f'<p class="intro">{escape(section.intro)}</p>\n')
    for block in section.blocks:
        if isinstance(block, Table):
            parts.append(_table(block, numbers[id(block)], document, pages))
        elif isinstance(block, Finding):
            parts.append(_finding(block, pages))
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


def _finding(finding: Finding, pages: dict[str, str]) -> str:
    refs = " ".join(f'<a class="ev" href="{pages[group]}#{group}" title="{group}">[{group}]</a>' for group in finding.groups if group in pages)
    refs_html = f' <span class="refs">{refs}</span>' if refs else ""
    return f'<p class="finding" id="find-{escape(finding.key)}">{escape(finding.text)}{refs_html}</p>\n'


def _table(table: Table, number: int, document: ReportDocument, pages: dict[str, str]) -> str:
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
                text = f'<a class="ev" href="{pages[group]}#{group}" title="{group}">{text}</a>'
            cells.append(f"<td{css}>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    caption = f"{document.names.t('report.table')} {number}. {table.caption}"
    if table.unit:
        caption += document.names.t("report.counts", unit=unit_label(document.names, table.unit))
    note = f'<p class="notes">{escape(table.note)}</p>' if table.note else ""
    return (f'<div class="table-wrap" id="tab-{number}"><table class="result"><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>{note}\n")


def _figure(figure: Figure, number: int, document: ReportDocument) -> str:
    data = base64.b64encode(figure.png).decode("ascii")
    caption = f"{document.names.t('report.figure')} {number}. {figure.caption}"
    alt = figure.alt or figure.caption
    return (f'<figure id="fig-{figure.name}"><div class="fig-wrap"><img src="data:image/png;base64,{data}" alt="{escape(alt)}" '
            f'width="{figure.width}" height="{figure.height}"></div><figcaption>{escape(caption)}</figcaption></figure>\n')


def _evidence_page(document: ReportDocument, groups: list[EvidenceGroup], number: int, total: int, cited: dict[str, str]) -> str:
    names = document.names
    title = f"{names.t('evidence.title')} {number}/{total} · {document.title}"
    back = f"../{REPORT_PAGE}"
    neighbours = [f'<a href="{back}">↑ {escape(document.title)}</a>']
    neighbours.extend(f'<a href="{page}.html">{text}</a>' for text, page in neighbour_pages(number, total))
    nav = f'<p class="ev-nav">{" · ".join(neighbours)}</p>\n'
    parts = [_head(document, title), f'<header id="top">\n<h1>{escape(names.t("evidence.title"))} {number}/{total}</h1>\n',
             f'<p class="subtitle">{escape(document.title)}</p>\n{nav}</header>\n<main>\n',
             f'<section class="report-section evidence" id="evidence" data-status="ok">\n<p class="intro">{escape(names.t("evidence.intro"))}</p>\n']
    header = (f"<tr><th>{escape(names.t('col.document'))}</th><th>{escape(names.t('col.where'))}</th>"
              f"<th>{escape(names.t('col.quote'))}</th></tr>")
    for group in groups:
        parts.append(_group(group, header, document, f"{back}#{cited[group.id]}" if group.id in cited else ""))
    parts.append(f"</section>\n{nav}</main>\n</body>\n</html>\n")
    return "".join(parts)


def _group(group: EvidenceGroup, header: str, document: ReportDocument, back: str) -> str:
    counted = count_label(document.names, group.unit, group.count)
    rows = "".join(_row(row) for row in group.rows)
    back_link = f' <a class="back" href="{back}">↑ {escape(document.names.t("evidence.cited_by"))}</a>' if back else ""
    return (f'<div class="ev-group" id="{group.id}" data-unit="{group.unit}" data-count="{group.count}">'
            f"<h3>{group.id} · {escape(group.label)} <span class=\"count\">({escape(counted)})</span>{back_link}</h3>"
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
