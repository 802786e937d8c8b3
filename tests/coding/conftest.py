"""Fixtures of the coding tests: one private copy of the corpus project, coded once per session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tixi.project import Project


@pytest.fixture(scope="session")
def coded_corpus_project(corpus_project_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """Return a copy of the corpus project after one `tixi code` run; tests only read it."""
    folder = tmp_path_factory.mktemp("coded") / "project"
    shutil.copytree(corpus_project_path, folder)
    project = Project.open(folder)
    project.code()
    yield project
    project.close()
