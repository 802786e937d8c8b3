"""Section interviews (wired to its API below)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tixi.report.context import ReportContext
from tixi.report.model import NotLanded, Section

if TYPE_CHECKING:
    from tixi.project import Project


def section(project: Project, context: ReportContext) -> Section:
    """Return the section."""
    raise NotLanded()
