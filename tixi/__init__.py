"""tixi (体系): measure where governance systems overlap, with evidence for every number."""

from __future__ import annotations

import logging
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from tixi.model import Document, Location, Span

if TYPE_CHECKING:
    from tixi.project import Project

try:
    __version__ = version("tixi")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["Document", "Location", "Project", "Span", "__version__"]


def __getattr__(name: str) -> Any:
    """Import ``Project`` on first use: it brings pandas and every stage, which `import tixi` need not pay for."""
    if name == "Project":
        from tixi.project import Project

        return Project
    raise AttributeError(f"module 'tixi' has no attribute {name!r}")
