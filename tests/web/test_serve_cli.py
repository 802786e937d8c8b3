"""`tixi serve` as a user starts it: it prints its address, answers, refuses without the token off loopback, and stops."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def serving(project: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """Start `tixi serve` on a free port; yield the address it printed and the process; stop it after."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "300"}
    process = subprocess.Popen([sys.executable, "-m", "tixi", "serve", "-p", str(project), "--port", "0", *options],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        found = re.search(r"(http://\S+)", line)
        assert found, f"no address printed: {line!r} {process.stderr.read() if process.poll() is not None else ''}"  # type: ignore[union-attr]
        yield found.group(1), process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise AssertionError("tixi serve did not stop on Ctrl+C") from None


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_serve_on_loopback_answers_and_stops(corpus_project_path: Path, tmp_path: Path) -> None:
    import shutil

    project = tmp_path / "project"
    shutil.copytree(corpus_project_path, project)
    with serving(project) as (address, process):
        assert address.startswith("http://127.0.0.1:") and "token" not in address
        assert _status(address + "docs") == 200
        assert _status(address + "search?q=信用".replace("信用", "%E4%BF%A1%E7%94%A8")) == 200
    assert process.returncode is not None


def test_serve_on_another_host_needs_its_token(corpus_project_path: Path, tmp_path: Path) -> None:
    import shutil

    project = tmp_path / "project"
    shutil.copytree(corpus_project_path, project)
    with serving(project, "--host", "0.0.0.0") as (address, _):
        assert "?token=" in address
        base, token = address.split("?token=")
        local = base.replace("0.0.0.0", "127.0.0.1")
        assert _status(local + "docs") == 401
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())  # keeps the cookie, as a browser does
        with browser.open(f"{local}docs?token={token}", timeout=20) as response:
            assert response.status == 200 and response.url == local + "docs"
        with browser.open(local + "review", timeout=20) as response:
            assert response.status == 200
        request = urllib.request.Request(local + "docs", headers={"Authorization": f"Bearer {token}"})
        with urllib.request.urlopen(request, timeout=20) as response:
            assert response.status == 200
