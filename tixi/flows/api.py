"""The flows part of the Python API, mixed into `tixi.project.Project`."""

from __future__ import annotations


class FlowsAPI:
    """Methods of `Project` for flows; `self` is the Project (use `self: Project` annotations)."""
