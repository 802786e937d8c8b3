"""Entry points: format by suffix, discovery of files, and refusal of files tixi cannot read."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import tixi.ingest
from tixi.errors import ReadError
from tixi.ingest import SUPPORTED_SUFFIXES, ReadOptions, ReadProblem, SourceDocument, discover, format_of, read


@pytest.mark.parametrize(
    "name, expected",
    [
        ("a.pdf", "pdf"), ("A.PDF", "pdf"), ("b.docx", "docx"), ("c.htm", "html"), ("c.HTML", "html"),
        ("crawl.warc", "warc"), ("crawl.WARC.GZ", "warc"), ("corpus.jsonl.gz", "jsonl"), ("x.ndjson", "jsonl"),
        ("t.txt", "txt"), ("t.md", "md"), ("i.vtt", "vtt"), ("i.srt", "srt"), ("c.csv", "csv"),
        ("c.parquet", "parquet"), ("data.gz", None), ("notes.txt.bak", None), ("README", None),
    ],
)
def test_format_of_uses_the_suffix(name: str, expected: str | None) -> None:
    assert format_of(Path(name)) == expected


def test_supported_suffixes_list_double_suffixes() -> None:
    assert ".warc.gz" in SUPPORTED_SUFFIXES
    assert ".jsonl.gz" in SUPPORTED_SUFFIXES
    assert all(suffix == suffix.lower() for suffix in SUPPORTED_SUFFIXES)


def test_discover_walks_folders_sorted_and_skips_hidden(tmp_path: Path) -> None:
    for relative in ["b/2.txt", "b/10.pdf", "a.docx", "z/deep/x.csv", ".hidden/secret.txt", "b/.draft.txt",
                     "notes.xyz"]:
        path = tmp_path / "corpus" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    single = tmp_path / "single.md"
    single.write_text("# t", encoding="utf-8")
    found = list(discover([tmp_path / "corpus", single, tmp_path / "corpus" / "a.docx", tmp_path / "missing.txt"]))
    corpus = tmp_path / "corpus"
    assert found == [
        corpus / "a.docx", corpus / "b" / "10.pdf", corpus / "b" / "2.txt", corpus / "notes.xyz",
        corpus / "z" / "deep" / "x.csv", single, tmp_path / "missing.txt",
    ]


def test_unknown_extension_is_refused_with_the_list_of_known_ones(tmp_path: Path) -> None:
    path = tmp_path / "table.xyz"
    path.write_text("something", encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        read(path)  # refused at once, before iterating
    assert caught.value.reason.startswith("unknown file type '.xyz'; tixi reads: .pdf, .docx, ")
    assert ".warc.gz" in caught.value.reason


@pytest.mark.parametrize("name", ["empty.txt", "empty.pdf", "empty.docx", "empty.jsonl", "empty.warc.gz"])
def test_empty_file_is_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.touch()
    with pytest.raises(ReadError) as caught:
        read(path)
    assert caught.value.reason == "file is empty"
    assert caught.value.path == str(path)


def test_missing_file_and_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="no such file"):
        read(tmp_path / "absent.txt")
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    with pytest.raises(ReadError, match="is a folder"):
        read(folder)


def test_binary_junk_named_txt_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    with pytest.raises(ReadError) as caught:
        list(read(path))
    assert caught.value.reason == "binary data, not text"


def test_control_characters_without_nul_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "controls.txt"
    path.write_bytes(bytes(range(1, 32)) * 40 + "少量文字".encode())
    with pytest.raises(ReadError, match="binary data, not text"):
        list(read(path))


def test_whitespace_only_text_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\t\n", encoding="utf-8")
    [document] = list(read(path))
    assert isinstance(document, SourceDocument)
    assert document.text == " \n\t\n"
    assert document.warnings == ["file holds only whitespace"]


def test_unforeseen_library_error_is_wrapped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_reader(path: Path, options: ReadOptions) -> Iterator[SourceDocument | ReadProblem]:
        raise KeyError("surprise")
        yield  # pragma: no cover - makes this a generator

    monkeypatch.setitem(tixi.ingest._READERS, "txt", failing_reader)
    path = tmp_path / "any.txt"
    path.write_text("text", encoding="utf-8")
    with pytest.raises(ReadError, match=r"unexpected error \(KeyError") as caught:
        list(read(path))
    assert isinstance(caught.value.__cause__, KeyError)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("text", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(ReadError, match="cannot read file"):
        list(read(path))
