"""The base of each stage's part of the Python API (``tixi/<stage>/api.py``).

``Project`` is put together from these parts. A part's methods run on the Project; mypy
cannot take ``self: Project`` on a class that is only mixed into Project, so a part reaches
the Project, typed, through ``_project()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from tixi.project import Project


class ProjectPart:
    """A stage's methods of ``Project``."""

    def _project(self) -> Project:
        """Return this object as the Project it is part of."""
        return cast("Project", self)
