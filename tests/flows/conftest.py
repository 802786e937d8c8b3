"""A flows project shared by the flows tests: a copy of the corpus project, flows extracted once."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tixi.project import Project


@pytest.fixture(scope="module")
def flows_project(corpus_project_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """Return a private copy of the corpus project (flows are stored in it, so the shared one stays untouched)."""
    folder = tmp_path_factory.mktemp("flows") / "project"
    shutil.copytree(corpus_project_path, folder)
    project = Project.open(folder)
    yield project
    project.close()
