"""The coding part of the Python API, mixed into `tixi.project.Project`."""

from __future__ import annotations


class CodingAPI:
    """Methods of `Project` for coding; `self` is the Project (use `self: Project` annotations)."""
