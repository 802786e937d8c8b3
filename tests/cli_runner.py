"""Running the command line in tests as a user runs it (one process, Typer's runner)."""

from __future__ import annotations

from typer.testing import CliRunner

from tixi.cli import app

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    """Return exit code, standard output and standard error of ``tixi ARGS``."""
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def run(*args: str) -> str:
    """Return the output of ``tixi ARGS``, failing the test if it exits non-zero."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output
