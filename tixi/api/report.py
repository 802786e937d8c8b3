"""The report part of the Python API, mixed into `tixi.project.Project`."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tixi.part import ProjectPart


class ReportAPI(ProjectPart):
    """Methods of `Project` for the report."""

    def report(self, out: str | Path, formats: Sequence[str] = ("html", "md"), lang: str = "en") -> list[Path]:
        """Write the report (``report.html``, ``report.md`` with ``figures/``) into ``out``; return the paths written.

        Every count in the report's tables links to the passages behind it in the evidence appendix;
        parts of tixi not available yet are named as such and the rest of the report still renders.
        """
        from tixi.report.build import write_report

        self._project().code()  # the report is a command, not a read: it codes and reads flows of what is new first
        self._project().extract_flows()
        if self._project().reuse_stale():
            self._project().find_reuse()
        return write_report(self._project(), out, formats, lang)
