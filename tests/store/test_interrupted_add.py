"""Killing `tixi add` part-way leaves every stored document whole and the store consistent."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tixi.demo import bundled_corpus
from tixi.project import Project


def _many_files(folder: Path, count: int) -> None:
    texts = sorted(bundled_corpus().parent.glob("documents/*.txt"))
    for index in range(count):
        body = texts[index % len(texts)].read_text(encoding="utf-8")
        (folder / f"doc{index:04d}.txt").write_text(f"副本{index}\n{body}", encoding="utf-8")


def _count(database: Path) -> int:
    try:
        connection = sqlite3.connect(database, timeout=5)
        try:
            return int(connection.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.OperationalError:
        return 0


def test_sigkill_during_add_keeps_earlier_documents(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    total = 400
    _many_files(folder, total)
    Project.init(tmp_path / "p").close()
    command = [sys.executable, "-m", "tixi", "add", str(folder), "-p", str(tmp_path / "p"), "--quiet"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while _count(tmp_path / "p" / "tixi.db") < 20 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the add finished before it could be killed"

    project = Project.open(tmp_path / "p")
    assert project.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = project.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    assert 20 <= stored < total
    # Every stored document is whole: text, articles and a consistent source row.
    orphans = project.db.execute(
        "SELECT COUNT(*) FROM documents d LEFT JOIN texts t ON t.doc_id = d.id WHERE t.doc_id IS NULL"
    ).fetchone()[0]
    assert orphans == 0
    without_segments = project.db.execute(
        "SELECT COUNT(*) FROM documents d WHERE NOT EXISTS (SELECT 1 FROM segments s WHERE s.doc_id = d.id)"
    ).fetchone()[0]
    assert without_segments == 0
    report = project.add([folder])
    assert len(report.added) == total - stored and len(report.duplicates) == stored
    assert project.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == total
    project.close()
