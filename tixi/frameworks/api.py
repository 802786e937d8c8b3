"""The frameworks part of the Python API, mixed into `tixi.project.Project`."""

from __future__ import annotations


class FrameworksAPI:
    """Methods of `Project` for frameworks; `self` is the Project (use `self: Project` annotations)."""
