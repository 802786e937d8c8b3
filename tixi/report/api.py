"""The report part of the Python API, mixed into `tixi.project.Project`."""

from __future__ import annotations


class ReportAPI:
    """Methods of `Project` for report; `self` is the Project (use `self: Project` annotations)."""
