"""A flows project shared by the flows tests: a copy of the corpus project, flows extracted once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import project_copy
from tixi.project import Project


@pytest.fixture(scope="module")
def flows_project(corpus_project_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """Return a private copy of the corpus project (flows are stored in it, so the shared one stays untouched)."""
    with project_copy(corpus_project_path, tmp_path_factory.mktemp("flows")) as project:
        project.extract_flows()  # reads never write: the flows are read once here
        yield project
