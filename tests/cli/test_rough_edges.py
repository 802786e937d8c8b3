"""The rough edges a newcomer hit in the first hour, each as a user meets it (issue "Rough edges")."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

from reportlab.pdfgen import canvas

from tests.cli_runner import invoke, run
from tixi import Span
from tixi.cli import project_after_command
from tixi.project import Project


def test_add_says_what_it_added_found_again_and_why_a_folder_gave_nothing(tmp_path: Path) -> None:
    project = str(tmp_path / "p")
    run("init", project)
    source = tmp_path / "in" / "reg.txt"
    source.parent.mkdir()
    source.write_text("某市文明行为促进条例\n第一条 为了促进文明行为，制定本条例。\n", encoding="utf-8")
    assert "Added 1 document; 0 already in the project; 0 skipped." in run("add", str(source), "-p", project)
    again = run("add", str(source), "-p", project)
    assert "Added 0 documents; 1 already in the project (reg.txt); 0 skipped." in again
    empty = tmp_path / "empty"
    empty.mkdir()
    code, out, error = invoke("add", str(empty), "-p", project)
    assert code == 1 and "no file that tixi reads" in error and ".pdf" in error
    opened = Project.open(Path(project))
    assert Path(opened.documents()["source"].iloc[0]).is_absolute()  # opening the project elsewhere keeps the path
    opened.close()


def test_report_into_an_existing_file_is_one_error_line(fresh_corpus_project: Project, tmp_path: Path) -> None:
    existing = tmp_path / "report.html"
    existing.write_text("mine", encoding="utf-8")
    code, _, error = invoke("report", "--out", str(existing), "-p", str(fresh_corpus_project.root))
    assert code == 1 and "is a file" in error and "Traceback" not in error and existing.read_text(encoding="utf-8") == "mine"


def test_csv_cells_are_json_and_locations_plain_ints(corpus_project: Project) -> None:
    lines = run("docs", "-p", str(corpus_project.root), "--format", "csv").splitlines()
    header = lines[0].split(",")
    meta = next(iter(__import__("csv").DictReader(lines)))["meta"]
    assert "meta" in header and json.loads(meta)["encoding"] == "utf-8"
    row = corpus_project.segments(kind="article").iloc[0]
    location = corpus_project.locate(Span(row.doc_id, row.start, row.end))
    assert type(location.original_start) is int and "np.int64" not in repr(location)


def test_version_and_a_quiet_code(fresh_corpus_project: Project) -> None:
    assert run("--version").startswith("tixi ")
    assert run("code", "-q", "-p", str(fresh_corpus_project.root)) == ""


def test_mistyped_names_are_errors_that_say_what_there_is(corpus_project: Project) -> None:
    folder = str(corpus_project.root)
    code, _, error = invoke("compare", "virtues", "NCCA", "SCPS", "-p", folder)
    assert code == 1 and "'SCPS'" in error and "did you mean 'SCSP'" in error
    code, _, error = invoke("flows", "--system", "ncca", "-p", folder)
    assert code == 1 and "did you mean 'NCCA'" in error
    code, _, error = invoke("kwic", "闯红灯", "--system", "ncca", "-p", folder)
    assert code == 1 and "did you mean 'NCCA'" in error


def test_virtues_by_polarity_and_keyness_counted_by_document(fresh_corpus_project: Project) -> None:
    fresh_corpus_project.code()
    mentions = fresh_corpus_project.compare_virtues("NCCA", "SCSP")
    documents = fresh_corpus_project.compare_virtues("NCCA", "SCSP", weight="documents")
    prevalence = mentions.prevalence
    assert {"promoted", "prohibited", "regulated"} <= set(prevalence.columns)
    assert (prevalence["promoted"] + prevalence["prohibited"] + prevalence["regulated"] == prevalence["mentions"]).all()
    volunteering = lambda frame: frame[frame["code_id"] == "promoted.volunteering"].iloc[0]  # noqa: E731
    assert volunteering(documents.keyness)["counted"] == "documents" and volunteering(mentions.keyness)["counted"] == "mentions"
    ncca = prevalence[(prevalence["code_id"] == "promoted.volunteering") & (prevalence["group"] == "NCCA")].iloc[0]
    assert volunteering(documents.keyness)["count_a"] == ncca["documents"] < volunteering(mentions.keyness)["count_a"]


def test_markdown_marks_and_placeholder_pdf_titles_stay_out(tmp_path: Path) -> None:
    markdown = tmp_path / "law.md"
    markdown.write_text("<!-- INFO END -->\n# 某市条例\n\n## 第一章 总则\n\n第一条 **为了**促进文明行为，制定本条例。\n", encoding="utf-8")
    pdf = tmp_path / "law.pdf"
    page = canvas.Canvas(str(pdf))
    page.setTitle("(anonymous)")
    page.drawString(72, 720, "Article 1 This regulation applies.")
    page.save()
    project = Project.init(tmp_path / "p")
    project.add([markdown, pdf])
    documents = project.documents().set_index("format")
    text = project.document(documents.loc["md", "id"]).text
    assert "#" not in text and "<!--" not in text and "**" not in text and text.startswith("某市条例")
    assert [segment.label for segment in project.segments(kind="article", doc_id=documents.loc["md", "id"]).itertuples()] == ["第一条"]
    assert documents.loc["pdf", "title"] == "law"


def _stored(database: Path) -> int:
    """Return how many documents another process has committed to ``database`` (0 while it cannot be read)."""
    try:
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1)) as connection:
            return int(connection.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_an_interrupted_add_says_what_was_kept_and_exits_130(tmp_path: Path) -> None:
    rows = tmp_path / "many.jsonl"
    with rows.open("w", encoding="utf-8") as out:
        for number in range(6000):
            out.write(json.dumps({"title": f"条例{number}", "text": f"第一条 第{number}号规定。\n" * 200}, ensure_ascii=False) + "\n")
    run("init", str(tmp_path / "p"))
    process = subprocess.Popen([sys.executable, "-m", "tixi", "add", str(rows), "-p", str(tmp_path / "p"), "-q"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    # Interrupt once some documents are stored (a fixed wait failed on a loaded machine, before the first commit).
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None and _stored(tmp_path / "p" / "tixi.db") == 0:
        time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    _, error = process.communicate(timeout=60)
    assert process.returncode == 130 and "Interrupted. What was finished is kept" in error
    project = Project.open(tmp_path / "p")
    kept = len(project.documents())
    assert 0 < kept < 6000 and project.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    project.close()


def test_the_project_option_may_come_before_the_command(tmp_path: Path) -> None:
    """`tixi -p DIR add …` is how many people write it; it means `tixi add -p DIR …`."""
    run("init", str(tmp_path / "p"))
    text = tmp_path / "tiaoli.txt"
    text.write_text("第一条 为了规范文明行为，制定本条例。\n", encoding="utf-8")
    for leading in (["-p", str(tmp_path / "p")], [f"--project={tmp_path / 'p'}"]):
        done = subprocess.run([sys.executable, "-m", "tixi", *leading, "add", str(text)], capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
    assert project_after_command(["add", "x"]) == ["add", "x"]
    with closing(Project.open(tmp_path / "p")) as project:
        assert len(project.documents()) == 1  # added once, found again the second time
