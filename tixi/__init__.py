"""tixi (体系): measure where governance systems overlap, with evidence for every number."""

from __future__ import annotations

import logging
from importlib.metadata import PackageNotFoundError, version

from tixi.model import Document, Location, Span
from tixi.project import Project

try:
    __version__ = version("tixi")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["Document", "Location", "Project", "Span", "__version__"]
