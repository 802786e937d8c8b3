"""A first `tixi flows` on lawref against a `tixi code` on lawref, in one run (issue 10: at most 2x).

    python bench/flows_speed.py [../shared/lawref/lawref.jsonl.gz]

Adds lawref to a fresh project, then times `project.code()` and a first `project.flows()` (nothing
cached), and prints both and their ratio. Both run in this process, one after the other.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from tixi.project import Project

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "lawref" / "lawref.jsonl.gz"


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not source.exists():
        sys.exit(f"{source} not found: give the path of lawref.jsonl.gz")
    with tempfile.TemporaryDirectory() as folder:
        project = Project.init(Path(folder) / "lawref")
        started = time.perf_counter()
        project.add([source])
        added = time.perf_counter() - started
        started = time.perf_counter()
        report = project.code()
        coding = time.perf_counter() - started
        started = time.perf_counter()
        flows = project.flows()
        flowing = time.perf_counter() - started
        types = flows["type"].value_counts().to_dict()
        project.close()
    print(f"add {added:.1f} s; code {coding:.1f} s ({len(report.coded)} documents, {report.added} codings); "
          f"first flows {flowing:.1f} s ({len(flows)} flows: {types})")
    print(f"flows / code = {flowing / coding:.2f} (target <= 2)")


if __name__ == "__main__":
    main()
