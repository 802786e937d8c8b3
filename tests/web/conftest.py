"""Workbench fixtures: the bundled corpus coded and its flows read (once), a private copy per test, a test client."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from tixi.project import Project
from tixi.web.app import create_app
from tixi.web.security import Guard

HOSTILE = ("敌意文件\n第一条 <script>window.__pwned = 1; alert('x')</script>正文。\n"
           "第二条 <img src=x onerror=\"window.__pwned = 2\">图片。\n"
           "第三条 <a href=\"javascript:window.__pwned = 3\">点击这里</a>链接。\n"
           "第四条 用户名\u202etxt.exe\u202c与\u2066隔离\u2069文字，信用记录。\n"
           "第五条 {{ 7*7 }} {% raw %} <style>body{display:none}</style> &amp; &lt;b&gt;\n")
HOSTILE_TITLE = "敌意<script>alert(1)</script>\u202etitle"


@pytest.fixture(scope="session")
def coded_project_path(corpus_project_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a project of the bundled corpus, auto-coded and its flows read, plus one hostile document."""
    folder = tmp_path_factory.mktemp("web") / "project"
    shutil.copytree(corpus_project_path, folder)
    hostile = tmp_path_factory.mktemp("hostile") / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    with Project.open(folder) as project:
        added = project.add([hostile], system="other").added
        project.set_metadata(added[0], title=HOSTILE_TITLE)
        project.code()
        project.extract_flows()
        project.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return folder


@pytest.fixture
def web_project(coded_project_path: Path, tmp_path: Path) -> Path:
    """Return a private copy of the coded project that a test may change."""
    folder = tmp_path / "project"
    shutil.copytree(coded_project_path, folder)
    return folder


@pytest.fixture
def client(web_project: Path) -> Iterator[TestClient]:
    """Return a test client of the workbench on the private project, as from 127.0.0.1."""
    app = create_app(web_project, Guard("127.0.0.1", 8765))
    with TestClient(app, base_url="http://127.0.0.1:8765") as test_client:
        yield test_client


def csrf_of(client: TestClient) -> str:
    """Return the CSRF token of the client's session (from the meta tag of a page)."""
    page = client.get("/docs")
    found = re.search(r'name="csrf-token" content="([0-9a-f]+)"', page.text)
    assert found is not None
    return found.group(1)


def hostile_id(project_dir: Path) -> str:
    """Return the id of the hostile document."""
    with Project.open(project_dir) as project:
        documents = project.documents()
        return str(documents.loc[documents["title"] == HOSTILE_TITLE, "id"].iloc[0])
