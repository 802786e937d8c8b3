"""The command-line docs cannot drift: every command has help, and docs/cli.md is what the commands say."""

from __future__ import annotations

from pathlib import Path

import typer

from tixi.cli import app
from tixi.cli.reference import reference, walk

DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"
# Commands that make a project or work without one.
NO_PROJECT = {("init",), ("demo",)}


def _commands() -> list[tuple[tuple[str, ...], object]]:
    return list(walk(typer.main.get_command(app)))


def test_every_command_has_help_text() -> None:
    missing = [" ".join(path) for path, command in _commands() if not (getattr(command, "help", None) or "").strip()]
    assert missing == []


def test_every_command_on_a_project_takes_the_project_option() -> None:
    lacking = []
    for path, command in _commands():
        options = {option for parameter in getattr(command, "params", []) for option in getattr(parameter, "opts", [])}
        if path not in NO_PROJECT and not {"-p", "--project"} <= options:
            lacking.append(" ".join(path))
    assert lacking == []


def test_docs_cli_md_is_current() -> None:
    assert DOCS.read_text(encoding="utf-8") == reference(), "run: python -m tixi.cli.reference > docs/cli.md"


def test_the_command_line_starts_without_pandas_or_the_stages() -> None:
    # `tixi --help` and `import tixi` stay light: pandas, numpy and the stages load when a command runs.
    import subprocess
    import sys

    code = "import sys, tixi, tixi.cli; print(sorted(m for m in ('pandas', 'numpy', 'sklearn', 'tixi.project') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
