"""Shared fixtures: projects built from the corpus bundled in the pack (no ../shared needed)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tixi.demo import bundled_corpus
from tixi.project import Project

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def corpus_project_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the folder of a project holding the 50 bundled documents (built once per session)."""
    folder = tmp_path_factory.mktemp("corpus") / "project"
    project = Project.init(folder)
    manifest = bundled_corpus()
    project.add([manifest.parent], manifest=manifest)
    project.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    project.close()
    return folder


@pytest.fixture(scope="session")
def corpus_project(corpus_project_path: Path) -> Iterator[Project]:
    """Return the shared corpus project, opened; tests must not change it (use ``fresh_corpus_project``)."""
    project = Project.open(corpus_project_path)
    yield project
    project.close()


@contextmanager
def project_copy(project_path: Path, parent: Path) -> Iterator[Project]:
    """Open a private copy of the project at ``project_path``, made in ``parent/project``; close it after."""
    folder = parent / "project"
    shutil.copytree(project_path, folder)
    project = Project.open(folder)
    try:
        yield project
    finally:
        project.close()


@pytest.fixture
def fresh_corpus_project(corpus_project_path: Path, tmp_path: Path) -> Iterator[Project]:
    """Return a private copy of the corpus project that a test may change."""
    with project_copy(corpus_project_path, tmp_path) as project:
        yield project


@pytest.fixture
def shared_dir() -> Path:
    """Return ../shared, or skip the test when this checkout has none beside it."""
    if not SHARED.exists():
        pytest.skip(f"needs {SHARED}, which is absent here (a fresh clone without ../shared)")
    return SHARED
