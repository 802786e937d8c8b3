"""The synthetic interviews shipped in the pack: transcripts, cases and two coders' codings.

Everything here is invented for tests and the demo (``synthetic=true`` in the manifest, in
cases.csv and in each file's first line); reports on it say so.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tixi.project import Project

INTERVIEWS_FOLDER = "interviews"
DEMO_CODERS = ("李敏", "陈洁")


def interviews_folder(project: Project) -> Path:
    """Return the folder of the pack's synthetic interviews."""
    return project.pack.file(INTERVIEWS_FOLDER)


def add_demo_interviews(project: Project, codings: bool = True) -> dict[str, Any]:
    """Add the synthetic transcripts, their cases and (optionally) both coders' codings; return counts."""
    folder = interviews_folder(project)
    report = project.add([folder], manifest=folder / "manifest.csv")
    counts: dict[str, Any] = {"documents": len(report.added) + len(report.duplicates), "skipped": [str(p) for p in report.skipped]}
    counts.update(project.import_cases(folder / "cases.csv"))
    if codings and not project.db.execute("SELECT 1 FROM coders WHERE name = ?", (DEMO_CODERS[0],)).fetchone():
        counts.update(project.import_codings(folder / "codings.csv"))
    return counts
