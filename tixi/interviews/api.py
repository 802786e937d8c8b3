"""The interviews part of the Python API, mixed into `tixi.project.Project`."""

from __future__ import annotations


class InterviewsAPI:
    """Methods of `Project` for interviews; `self` is the Project (use `self: Project` annotations)."""
