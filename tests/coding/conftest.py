"""Fixtures of the coding tests: one private copy of the corpus project, coded once per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import project_copy
from tixi.project import Project


@pytest.fixture(scope="session")
def coded_corpus_project(corpus_project_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """Return a copy of the corpus project after one `tixi code` run; tests only read it."""
    with project_copy(corpus_project_path, tmp_path_factory.mktemp("coded")) as project:
        project.code()
        yield project
