"""A demo run shared by the report tests: the whole pipeline on the bundled corpus, report written once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tixi.demo import DemoRun, run_demo

# A fixed moment for the date line, so that files from two runs can be compared byte for byte.
FIXED_EPOCH = "1700000000"


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoRun]:
    """Return the demo run (project open, report written in ``<tmp>/demo/report``)."""
    out = tmp_path_factory.mktemp("report") / "demo"
    run = run_demo(out)
    yield run
    run.project.close()


@pytest.fixture(scope="session")
def report_dir(demo_run: DemoRun) -> Path:
    """Return the folder holding report.html, report.md and figures/."""
    html = demo_run.report_html
    assert html is not None
    return html.parent
