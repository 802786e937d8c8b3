"""The report's sections, in reading order; each is ``section(project, context) -> Section``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tixi.report.context import ReportContext
from tixi.report.model import Section
from tixi.report.sections import criteria, flows, fragmentation, interviews, methods, overview, reuse, summary, virtues

if TYPE_CHECKING:
    from tixi.project import Project

SectionBuilder = Callable[["Project", ReportContext], Section]

# (key, heading string, builder); findings come first, limitations and methods last.
SECTIONS: tuple[tuple[str, str, SectionBuilder], ...] = (
    ("summary", "summary.title", summary.section),
    ("overview", "overview.title", overview.section),
    ("criteria", "criteria.title", criteria.section),
    ("virtues", "virtues.title", virtues.section),
    ("flows", "flows.title", flows.section),
    ("fragmentation", "fragmentation.title", fragmentation.section),
    ("interviews", "interviews.title", interviews.section),
    ("reuse", "reuse.title", reuse.section),
    ("limitations", "limitations.title", summary.limitations),
    ("methods", "methods.title", methods.section),
)
