"""The ``tixi`` command line: thin commands over ``tixi.project.Project``.

Each area registers its commands by being imported here.
"""

from __future__ import annotations

from tixi.cli import (  # noqa: F401  (importing a module registers its commands)
    coding,
    core,
    flows,
    frameworks,
    interviews,
    report,
    train,
)
from tixi.cli.app import app


def main() -> None:
    """Run the command line."""
    app()


__all__ = ["app", "main"]
