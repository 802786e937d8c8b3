"""Build the report: run each section, collect evidence and figures, write HTML and Markdown."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from tixi.errors import InputError
from tixi.report.context import ReportContext
from tixi.report.document import EVIDENCE_DIR, ReportDocument
from tixi.report.evidence import EvidenceStore
from tixi.report.figures import Figures
from tixi.report.i18n import check_language, load_names
from tixi.report.model import NotLanded, Section
from tixi.report.render_html import render_html
from tixi.report.render_md import FIGURES_DIR, render_markdown
from tixi.report.sections import SECTIONS, SectionBuilder, summary
from tixi.store.places import Gazetteer
from tixi.store.versions import amendment_words, version_date

if TYPE_CHECKING:
    from tixi.project import Project

FORMATS = ("html", "md")
HTML_NAME = "report.html"
MD_NAME = "report.md"


def generated_line(names_t: str, moment: datetime | None = None) -> str:
    """Return the date line; ``SOURCE_DATE_EPOCH`` (reproducible builds) fixes the moment when set."""
    if moment is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        moment = datetime.fromtimestamp(int(epoch), UTC) if epoch and epoch.isdigit() else datetime.now(UTC)
    return f"{names_t} {moment.strftime('%Y-%m-%d %H:%M UTC')}"


def check_formats(formats: Sequence[str]) -> list[str]:
    """Return the formats asked for, in a fixed order; raise InputError on an unknown one."""
    wanted = [item.strip().lower() for item in formats if item.strip()]
    unknown = sorted(set(wanted) - set(FORMATS))
    if unknown or not wanted:
        raise InputError(f"--format takes a comma-separated list of {', '.join(FORMATS)}; got {', '.join(formats) or 'nothing'}")
    return [item for item in FORMATS if item in wanted]


def build_document(project: Project, lang: str = "en", moment: datetime | None = None) -> ReportDocument:
    """Return the report of ``project`` in ``lang`` with all sections built (or marked as missing)."""
    names = load_names(project, check_language(lang))
    gazetteer = Gazetteer.from_pack(project.pack)
    documents = prepared_documents(project.documents(), gazetteer, amendment_words(project.pack))
    context = ReportContext(lang, names, EvidenceStore(project), Figures(names), documents, gazetteer=gazetteer)
    sections = [_run(key, title_key, builder, project, context) for key, title_key, builder in SECTIONS]
    for section in sections:  # each dimension ends with its findings, as the summary states them
        if section.status == "ok" and section.key in summary.ANSWERED and section.key != "overview":
            section.blocks.extend(summary.conclusions(project, context, section.key))
    if not context.figures.font.cjk:
        context.warnings.insert(0, names.t("report.no_cjk_font"))
    document = ReportDocument(
        lang=lang, names=names, title=names.t("report.title"), subtitle=names.t("report.subtitle"),
        generated=generated_line(names.t("report.generated"), moment), sections=sections,
        groups=context.evidence.groups, warnings=context.warnings,
    )
    # A group no table or finding cites (a total column a section left out) would be an orphan page entry.
    cited = document.citations()
    document.groups = [group for group in document.groups if group.id in cited]
    return document


def prepared_documents(documents: pd.DataFrame, gazetteer: Gazetteer, amendments: tuple[str, ...]) -> pd.DataFrame:
    """Return the documents as the report counts them: canonical place, its province, and the date of the version held."""
    places = [gazetteer.normalise(place if isinstance(place, str) else None) for place in documents["place"]]
    named = pd.Series([place.name or None for place in places], index=documents.index, dtype=object)
    versions = [version_date(date, meta.get("date_text") if isinstance(meta, dict) else None, amendments)
                for date, meta in zip(documents["date"], documents["meta"], strict=True)]
    return documents.assign(place=named, province=[place.province for place in places], version_date=versions)


def _run(key: str, title_key: str, builder: SectionBuilder, project: Project, context: ReportContext) -> Section:
    """Return one section; a part that has not landed, or that fails, becomes a short note instead."""
    groups_before = len(context.evidence.groups)
    try:
        return builder(project, context)
    except (NotLanded, NotImplementedError) as missing:
        context.forget_groups_after(groups_before)
        section = Section(key, context.t(title_key), status="not_landed")
        section.notes.append(context.t("report.not_landed") + (f" ({missing})" if str(missing) else ""))
        return section
    except Exception as error:  # one broken part must not cost the reader the rest of the report
        context.forget_groups_after(groups_before)
        message = f"{context.t('report.failed')}: {type(error).__name__}: {error}"
        warnings.warn(f"tixi report: section {key!r}: {type(error).__name__}: {error}", stacklevel=2)
        section = Section(key, context.t(title_key), status="failed")
        section.notes.append(message)
        return section


def write_report(project: Project, out: str | Path, formats: Sequence[str] = FORMATS, lang: str = "en",
                 moment: datetime | None = None) -> list[Path]:
    """Write the report of ``project`` into folder ``out``; return the paths written (figures included)."""
    chosen = check_formats(formats)
    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder} is a file; the report is a folder (report.html, report.md, figures/): give a folder name")
    document = build_document(project, lang, moment)
    folder.mkdir(parents=True, exist_ok=True)
    pages = folder / EVIDENCE_DIR
    pages.mkdir(exist_ok=True)
    written: list[Path] = []
    if "html" in chosen:
        for stale in sorted(pages.glob("*.html")):  # pages of an earlier, longer report
            stale.unlink()
        written.extend(_write(folder, render_html(document)))
    if "md" in chosen:
        for stale in sorted(pages.glob("*.md")):
            stale.unlink()
        figures = folder / FIGURES_DIR
        figures.mkdir(exist_ok=True)
        for stale in sorted(figures.glob("*.png")):  # figures of an earlier run that this one may not draw
            stale.unlink()
        for figure in document.figures():
            path = figures / f"{figure.name}.png"
            path.write_bytes(figure.png)
            written.append(path)
        written.extend(_write(folder, render_markdown(document)))
    # Figures first, then the report pages (report.html, report.md), then the evidence pages, each in name order.
    return sorted(written, key=lambda path: (path.parent.name != FIGURES_DIR, path.parent != folder, path.name))


def _write(folder: Path, files: Iterable[tuple[str, str]]) -> list[Path]:
    """Write each (relative path, text) as it comes; return the paths."""
    written = []
    for name, text in files:
        target = folder / name
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
