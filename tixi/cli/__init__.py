"""The ``tixi`` command line: thin commands over ``tixi.project.Project``.

Each area registers its commands by being imported here.
"""

from __future__ import annotations

from tixi.cli import (  # noqa: F401  (importing a module registers its commands)
    cluster,
    coding,
    core,
    flows,
    frameworks,
    interviews,
    report,
    reuse,
    serve,
    train,
)
from tixi.cli.app import app


class Interrupted(BaseException):
    """Raised on SIGINT; a BaseException that Click does not swallow, so ``main`` can say what was kept."""


def _interrupt(signum: int, frame: object) -> None:
    raise Interrupted


PROJECT_OPTIONS = ("-p", "--project")


def project_after_command(argv: list[str]) -> list[str]:
    """Return the arguments with a leading ``-p DIR`` (or ``--project DIR``, ``--project=DIR``) moved after the command.

    ``-p`` is an option of each command; ``tixi -p DIR add …`` is how many people write it, and means
    ``tixi add -p DIR …``.
    """
    if argv and argv[0].startswith("--project="):
        return [*argv[1:2], argv[0], *argv[2:]]
    if len(argv) >= 3 and argv[0] in PROJECT_OPTIONS:
        return [argv[2], *argv[:2], *argv[3:]]
    return argv


def main() -> None:
    """Run the command line; an interrupt (Ctrl+C, ``timeout -s INT``) says what was kept and exits 130."""
    import signal
    import sys

    signal.signal(signal.SIGINT, _interrupt)
    try:
        app(args=project_after_command(sys.argv[1:]), prog_name="tixi")
    except Interrupted:
        print("Interrupted. What was finished is kept (each document is stored whole or not at all); "
              "run the same command again to go on.", file=sys.stderr)
        raise SystemExit(130) from None


__all__ = ["app", "main"]
