"""The command line as a new user meets it: init, add, docs, show, export, demo, bad input."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

from tests.cli_runner import invoke
from tixi.demo import bundled_corpus


def test_init_add_docs_and_adding_again(tmp_path: Path) -> None:
    project = str(tmp_path / "p")
    manifest = bundled_corpus()
    assert invoke("init", project)[0] == 0
    code, out, _ = invoke("add", str(manifest.parent), "--manifest", str(manifest), "-p", project, "--quiet")
    assert code == 0
    code, out, _ = invoke("docs", "-p", project, "--format", "json")
    documents = json.loads(out)
    assert len(documents) == 50
    assert {document["system"] for document in documents} == {"NCCA", "SCSP", "other"}
    assert all(document["meta"]["source"] for document in documents)
    code, out, _ = invoke("add", str(manifest.parent), "--manifest", str(manifest), "-p", project)
    assert code == 0
    assert "Added 0 documents; 50 already in the project" in out
    code, out, _ = invoke("docs", "-p", project, "--format", "csv")
    assert out.count("\n") == 51


def test_show_lists_articles_and_export_parquet(tmp_path: Path) -> None:
    project = str(tmp_path / "p")
    source = tmp_path / "reg.txt"
    source.write_text("某市文明行为促进条例\n第一条 为了促进文明行为，制定本条例。\n第二条 本条例自公布之日起施行。\n", encoding="utf-8")
    invoke("init", project)
    invoke("add", str(source), "-p", project, "--system", "NCCA", "--meta", "place=某市", "-q")
    documents = json.loads(invoke("docs", "-p", project, "--format", "json")[1])
    assert (documents[0]["system"], documents[0]["place"], documents[0]["title"]) == ("NCCA", "某市", "某市文明行为促进条例")
    code, out, _ = invoke("show", documents[0]["id"][:6], "-p", project, "--segments", "articles", "--format", "json")
    articles = json.loads(out)
    assert [article["label"] for article in articles] == ["第一条", "第二条"]
    assert articles[1]["text"] == "第二条 本条例自公布之日起施行。"
    code, out, _ = invoke("export", "parquet", str(tmp_path / "pq"), "-p", project)
    assert code == 0 and (tmp_path / "pq" / "segments.parquet").exists()


def test_commands_outside_a_project_say_what_to_do(tmp_path: Path) -> None:
    code, _, err = invoke("docs", "-p", str(tmp_path))
    assert code == 1
    assert "is not a tixi project" in err and "tixi init" in err


def _bad_inputs(folder: Path) -> dict[str, str]:
    """Write one good file and one file of each bad kind; return name -> expected reason fragment."""
    from reportlab.pdfgen import canvas
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    (folder / "good.txt").write_text("第一条 为了促进文明行为，制定本条例。本条例自公布之日起施行。", encoding="utf-8")
    (folder / "junk.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(300))
    encrypted = canvas.Canvas(str(folder / "locked.pdf"), encrypt="secret")
    encrypted.drawString(72, 720, "secret text")
    encrypted.save()
    (folder / "notzip.docx").write_bytes(b"this is not a zip archive at all")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "data.xyz").write_text("什么", encoding="utf-8")
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    html = "<html><head><title>页面</title></head><body><article><p>文明行为促进条例第一条。" + "文明出行，礼让行人。" * 20 + "</p></article></body></html>"
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0")
    record = writer.create_warc_record("http://example.org/a", "response", payload=io.BytesIO(html.encode()), http_headers=headers)
    writer.write_record(record)
    data = buffer.getvalue() + gzip.compress(b"WARC/1.0\r\nthis is a broken record\r\n\r\n")
    (folder / "broken.warc.gz").write_bytes(data)
    return {
        "junk.pdf": "junk.pdf",
        "locked.pdf": "encrypted",
        "notzip.docx": "not a DOCX",
        "binary.txt": "binary",
        "empty.txt": "empty",
        "data.xyz": "unknown file type",
        "broken.warc.gz": "broken.warc.gz",
    }


def test_bad_inputs_are_reported_and_the_rest_is_stored(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    expected = _bad_inputs(folder)
    project = str(tmp_path / "p")
    invoke("init", project)
    code, out, err = invoke("add", str(folder), "-p", project)
    assert code == 0, err
    for name, fragment in expected.items():
        lines = [line for line in err.splitlines() if name in line]
        assert lines, f"{name} not reported in: {err}"
        assert any(fragment in line for line in lines), (name, lines)
    documents = json.loads(invoke("docs", "-p", project, "--format", "json")[1])
    titles = sorted(document["title"] for document in documents)
    assert len(documents) == 2  # good.txt and the good record of the WARC
    assert any("条例" in title or "页面" in title for title in titles)


def test_add_fails_only_when_nothing_could_be_read(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    project = str(tmp_path / "p")
    invoke("init", project)
    code, _, err = invoke("add", str(tmp_path / "empty.txt"), "-p", project)
    assert code == 1
    assert "empty.txt" in err and "empty" in err


@pytest.mark.parametrize("bad", ["--system", "--meta"])
def test_bad_options_are_refused(tmp_path: Path, bad: str) -> None:
    project = str(tmp_path / "p")
    invoke("init", project)
    value = "XYZ" if bad == "--system" else "novalue"
    code, _, err = invoke("add", str(bundled_corpus()), "-p", project, bad, value)
    assert code == 1 and "Error:" in err


def test_demo_prints_the_summary(tmp_path: Path) -> None:
    code, out, err = invoke("demo", "--out", str(tmp_path / "demo"), "--quiet")
    assert code == 0, err
    assert "50 documents" in out
    assert "NCCA 35" in out and "SCSP 12" in out
    assert "articles found" in out


def test_unknown_segment_kind_lists_the_kinds(tmp_path: Path) -> None:
    project = str(tmp_path / "p")
    source = tmp_path / "reg.txt"
    source.write_text("第一条 为了促进文明行为，制定本条例。", encoding="utf-8")
    invoke("init", project)
    invoke("add", str(source), "-p", project, "-q")
    doc_id = json.loads(invoke("docs", "-p", project, "--format", "json")[1])[0]["id"]
    code, _, err = invoke("show", doc_id, "-p", project, "--segments", "clause")
    assert code == 1 and "unknown segment kind 'clause'" in err and "article" in err


def test_wide_tables_print_as_records_that_fit_the_terminal(tmp_path: Path) -> None:
    import pandas as pd

    from tixi.cli.app import console, print_frame

    frame = pd.DataFrame([{f"column_{index}": "文明行为促进条例第三十三条" for index in range(12)}])
    with console.capture() as captured:
        print_frame(frame, "table", title="wide")
    lines = captured.get().splitlines()
    assert lines[0] == "wide (1 rows)"
    assert any(line.strip() == "column_11  文明行为促进条例第三十三条" for line in lines)


def test_file_names_that_look_like_markup_are_printed_as_they_are(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "[draft] 条例.txt").write_bytes(b"")
    (folder / "good.txt").write_text("第一条 为了促进文明行为，制定本条例。", encoding="utf-8")
    project = str(tmp_path / "p")
    invoke("init", project)
    code, _, err = invoke("add", str(folder), "-p", project)
    assert code == 0
    assert "[draft] 条例.txt" in err and "file is empty" in err
