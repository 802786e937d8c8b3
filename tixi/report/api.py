"""The report part of the Python API, mixed into `tixi.project.Project`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from tixi.project import Project


class ReportAPI:
    """Methods of `Project` for report; `self` is the Project (cast, since mypy cannot see the mixin's subclass)."""

    def report(self, out: str | Path, formats: Sequence[str] = ("html", "md"), lang: str = "en") -> list[Path]:
        """Write the report (``report.html``, ``report.md`` with ``figures/``) into ``out``; return the paths written.

        Every count in the report's tables links to the passages behind it in the evidence appendix;
        parts of tixi not available yet are named as such and the rest of the report still renders.
        """
        from tixi.report.build import write_report

        return write_report(cast("Project", self), out, formats, lang)
