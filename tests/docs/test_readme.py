"""The README's command-line quickstart runs verbatim on a fresh checkout (against the bundled corpus)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def quickstart() -> list[str]:
    """Return the commands of the first shell block under 'Quickstart: command line'."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Quickstart: command line"):]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None
    commands = [line.split("  #")[0].strip() for line in block.group(1).splitlines()]
    return [command for command in commands if command and not command.startswith("source ")]


def test_the_quickstart_runs_as_written(tmp_path: Path) -> None:
    # The block names paths of the checkout (tixi/packs/…): run it in a folder that shows the checkout's package.
    (tmp_path / "tixi").symlink_to(ROOT / "tixi", target_is_directory=True)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    outputs = {}
    for command in quickstart():
        done = subprocess.run(command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300, check=False)
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
        outputs[command.split()[1]] = done.stdout
    assert outputs["docs"].count("\n") == 51 and "北京市文明行为促进条例" in outputs["docs"]
    assert "第三十三条" in outputs["show"]
    assert "civility → credit" in outputs["flows"]
    assert (tmp_path / "study-parquet" / "documents.parquet").exists()
