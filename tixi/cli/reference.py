"""The command-line reference (docs/cli.md), written from the commands themselves so it cannot drift.

Run ``python -m tixi.cli.reference > docs/cli.md`` after changing a command; a test checks
that the file matches.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer

from tixi.cli import app


# Typer carries its own copy of click, so commands are handled by what they have, not their class.
def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Yield every leaf command with its path of names, groups depth-first in name order."""
    if hasattr(command, "commands"):
        for name in sorted(command.commands):
            yield from walk(command.commands[name], (*path, name))
    else:
        yield path, command


def _parameter_line(parameter: Any) -> str:
    if parameter.param_type_name == "argument":
        return f"| `{str(parameter.name).upper()}` | argument | {(getattr(parameter, 'help', None) or '').replace('|', '/')} |"
    names = ", ".join(f"`{name}`" for name in parameter.opts + parameter.secondary_opts)
    help_text = (parameter.help or "").replace("|", "\\|").replace("\n", " ")
    return f"| {names} | option | {help_text} |"


def reference() -> str:
    """Return the Markdown reference of every command."""
    root = typer.main.get_command(app)
    lines = ["# Command-line reference", "", "Written by `python -m tixi.cli.reference`; every command also has `--help`.", ""]
    for path, command in walk(root):
        lines += [f"## tixi {' '.join(path)}", "", (command.help or "").strip(), ""]
        parameters = [p for p in command.params if p.name != "help"]
        if parameters:
            lines += ["| name | kind | help |", "| --- | --- | --- |", *(_parameter_line(p) for p in parameters), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(reference(), end="")
