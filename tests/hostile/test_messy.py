"""Messy input is stored or refused with a reason, never a traceback; names reach the terminal escaped."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from tests.cli_runner import invoke
from tixi.errors import ReadError, printable
from tixi.ingest import ReadProblem, SourceDocument, read
from tixi.project import Project

GOOD = "第一条 为了规范社会信用体系建设，制定本条例。"


def test_jsonl_rows_with_list_and_object_metadata_are_stored_and_the_batch_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    rows = [
        {"text": GOOD, "title": ["信用", "条例"], "date": {"year": 2020}, "place": None},
        {"text": GOOD + "第二条", "title": "普通", "issuer": [{"name": "市政府"}], "tags": ["a", "b"]},
        {"text": GOOD + "第三条", "title": True},
    ]
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    after = tmp_path / "after.txt"
    after.write_text(GOOD + "（之后的文件）", encoding="utf-8")
    with Project.init(tmp_path / "p") as project:
        report = project.add([path, after])
        assert len(report.added) == 4 and not report.skipped
        stored = {row["title"]: dict(row) for row in project.db.execute("SELECT title, date, issuer, meta FROM documents")}
    assert stored["信用; 条例"]["date"] == '{"year": 2020}'
    assert stored["普通"]["issuer"] == '[{"name": "市政府"}]'
    assert json.loads(stored["普通"]["meta"])["tags"] == ["a", "b"]
    assert "true" in stored
    assert any("field 'title' held a list; stored joined by '; '" in warning for warning in report.warnings)
    assert any("field 'date' held dict data; stored as JSON text" in warning for warning in report.warnings)


def test_csv_row_with_more_cells_than_the_header_is_stored(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "title"])
        writer.writerow([GOOD, "甲", "多出来的", "又一个"])
        writer.writerow([GOOD + "二", "乙"])
    with Project.init(tmp_path / "p") as project:
        report = project.add([path])
        assert len(report.added) == 2 and not report.skipped


def test_utf8_with_a_few_bad_bytes_is_kept_with_replacement_characters_and_a_warning(tmp_path: Path) -> None:
    text = "社会信用体系建设规划纲要。" * 40
    data = text.encode("utf-8")
    damaged = data[:100] + b"\xff" + data[100:300] + b"\xc3" + data[301:]
    path = tmp_path / "damaged.txt"
    path.write_bytes(damaged)
    [document] = list(read(path))
    assert isinstance(document, SourceDocument)
    assert document.encoding == "utf-8"
    assert document.text == damaged.decode("utf-8", errors="replace")  # everything else kept
    replaced = document.text.count("\ufffd")
    assert 2 <= replaced <= 6  # a bad byte inside a character also spoils the bytes of that character
    assert document.warnings == [f"{replaced} damaged byte sequence(s) that are not utf-8 were kept as U+FFFD (\ufffd)"]
    # Text in another encoding is not mistaken for damaged UTF-8, and junk is still refused.
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(text.encode("gb18030"))
    [decoded] = list(read(gbk))
    assert isinstance(decoded, SourceDocument) and decoded.text == text and not decoded.warnings
    junk = tmp_path / "junk.txt"
    junk.write_bytes(bytes(range(1, 32)) * 20)
    try:
        list(read(junk))
    except ReadError as error:
        assert error.reason == "binary data, not text"
    else:
        raise AssertionError("junk was read as text")


def test_control_characters_in_names_are_escaped_in_every_add_message(tmp_path: Path) -> None:
    assert printable("a\x1b[2Jb\nc\u202ed") == "a\\x1b[2Jb\\nc\\u202ed"
    assert printable("两行\n说明", keep_newlines=True) == "两行\n说明"
    folder = tmp_path / "in"
    folder.mkdir()
    hostile = folder / "clear\x1b[2J\nscreen.txt"
    hostile.write_bytes(b"\x00\x01binary")
    (folder / "ok\x1b[31m.txt").write_text(GOOD, encoding="utf-8")
    Project.init(tmp_path / "p").close()
    code, out, err = invoke("add", str(folder), "-p", str(tmp_path / "p"), "-q")
    assert code == 0
    assert "\x1b" not in out + err
    assert "clear\\x1b[2J\\nscreen.txt: binary data, not text" in err
    assert len([line for line in err.splitlines() if line.startswith("skipped")]) == 1
    problem = ReadProblem(str(hostile), "reason", "row 1")
    assert "\n" not in str(problem) and "\x1b" not in str(problem)
    assert "\x1b" not in str(ReadError(str(hostile), "reason"))


def test_a_file_name_that_is_not_utf8_is_escaped_so_a_terminal_can_write_it(tmp_path: Path) -> None:
    path = Path(os.fsdecode(os.fsencode(tmp_path) + b"/gbk-\xd0\xc5\xd3\xc3.txt"))  # 信用 in GBK: lone surrogates in a str
    path.write_bytes(b"\x00\x01binary")
    with pytest.raises(ReadError) as caught:
        list(read(path))
    message = str(caught.value)
    assert message.endswith("gbk-\\udcd0\\udcc5\\udcd3\\udcc3.txt: binary data, not text")
    # Left in, the surrogates made every print of the message raise UnicodeEncodeError.
    assert message.encode("utf-8").decode("utf-8") == message
    assert str(ReadProblem(str(path), "reason")).endswith("gbk-\\udcd0\\udcc5\\udcd3\\udcc3.txt: reason")


def test_a_file_whose_name_is_not_utf8_is_stored_and_logged_with_its_bytes_escaped(tmp_path: Path) -> None:
    """A GBK file name on a UTF-8 system crashed `tixi add` when the path went into SQLite."""
    folder = tmp_path / "in"
    folder.mkdir()
    path = Path(os.fsdecode(os.fsencode(folder) + b"/gbk-\xd0\xc5\xd3\xc3.txt"))  # 信用 in GBK
    path.write_text("第一条 市民应当遵守交通信号灯。", encoding="utf-8")
    project = Project.init(tmp_path / "p")
    try:
        report = project.add([folder])
        assert len(report.added) == 1 and not report.skipped
        logged = [row[0] for row in project.db.execute("SELECT path FROM ingest_log WHERE status = 'added'")]
        assert logged == [str(folder / "gbk-\\xd0\\xc5\\xd3\\xc3.txt")]
        sources = [row[0] for row in project.db.execute("SELECT original_path FROM sources")]
        assert sources[0].endswith("gbk-\\xd0\\xc5\\xd3\\xc3.txt")
    finally:
        project.close()
