"""Fixtures: a project holding the pack's synthetic interviews, cases and both coders' codings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import project_copy
from tixi.interviews.demo import add_demo_interviews
from tixi.project import Project


@pytest.fixture(scope="session")
def interviews_project_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the folder of a project with the nine synthetic interviews and 105 codings (built once)."""
    folder = tmp_path_factory.mktemp("interviews") / "project"
    project = Project.init(folder)
    add_demo_interviews(project)
    project.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    project.close()
    return folder


@pytest.fixture
def interviews_project(interviews_project_path: Path, tmp_path: Path) -> Iterator[Project]:
    """Return a private copy of the interviews project that a test may change."""
    with project_copy(interviews_project_path, tmp_path) as project:
        yield project


def doc_of(project: Project, case: str) -> str:
    """Return the id of the document of a case."""
    links = project.cases()
    assert case in set(links["case"])
    frame = project.documents()
    return str(frame[[meta.get("case") == case for meta in frame["meta"]]]["id"].iloc[0])
