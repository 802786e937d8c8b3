"""REFI-QDA import of archives with other tools' quirks: nothing stored half, nothing dropped silently."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.cli_runner import invoke
from tixi.errors import InputError
from tixi.project import Project

NS = "urn:QDA-XML:project:1.0"
USER = "11111111-1111-1111-1111-111111111111"
CODE = "22222222-2222-2222-2222-222222222222"


def source_xml(guid: str, name: str, start: int = 0, end: int = 4, code: str = CODE) -> str:
    return (f'<TextSource guid="{guid}" name="{name}" plainTextPath="internal://{guid}.txt">'
            f'<PlainTextSelection guid="{guid[:-4]}aaaa" startPosition="{start}" endPosition="{end}" creatingUser="{USER}">'
            f'<Coding guid="{guid[:-4]}bbbb" creatingUser="{USER}"><CodeRef targetGUID="{code}"/></Coding>'
            "</PlainTextSelection></TextSource>")


def archive(path: Path, sources: dict[str, tuple[str, bytes]], *, description: str = "", extra_source_xml: str = "",
            code: str = CODE, end: int = 4) -> Path:
    """Write a .qdpx: one code (with ``description``), the given sources (guid -> (name, file bytes)), each coded at [0, end)."""
    body = "".join(source_xml(guid, name, 0, end, code) for guid, (name, _) in sources.items())
    qde = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="{NS}" name="t" origin="OtherTool 1.0">'
           f'<Users><User guid="{USER}" name="Ana"/></Users>'
           f'<CodeBook><Codes><Code guid="{CODE}" name="信任" isCodable="true"><Description>{description}</Description></Code>'
           f"</Codes></CodeBook><Sources>{body}{extra_source_xml}</Sources></Project>")
    with zipfile.ZipFile(path, "w") as out:
        out.writestr("project.qde", qde.encode("utf-8"))
        for guid, (_, data) in sources.items():
            out.writestr(f"sources/{guid}.txt", data)
    return path


A = "44444444-4444-4444-4444-444444440001"
B = "44444444-4444-4444-4444-444444440002"


def test_object_valued_code_metadata_is_kept_as_json_text_not_a_crash(tmp_path: Path) -> None:
    description = 'definition\ntixi: {"id": "trust", "label_zh": {"text": "信任"}, "category": ["a", "b"]}'
    path = archive(tmp_path / "a.qdpx", {A: ("访谈一", "我很信任他们。".encode())}, description=description)
    with Project.init(tmp_path / "p") as project:
        counts = project.import_qdpx(path)
        code = project.codes().set_index("id").loc["trust"]
        assert code["label_zh"] == '{"text": "信任"}' and code["category"] == '["a", "b"]'
        assert counts["codings_added"] == 1
    assert "code '信任': label_zh held dict data; kept as JSON text" in counts["warnings"]


def test_object_valued_code_metadata_in_a_codebook_is_kept_as_json_text_with_a_warning(tmp_path: Path) -> None:
    """A .qdc says what it stored as JSON text as a .qdpx does: the warning is not dropped on the way."""
    description = 'definition\ntixi: {"id": "trust", "label_zh": {"text": "信任"}}'
    path = tmp_path / "codebook.qdc"
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0">'
                    f'<Codes><Code guid="{CODE}" name="信任" isCodable="true"><Description>{description}</Description></Code>'
                    "</Codes></CodeBook>", encoding="utf-8")
    with Project.init(tmp_path / "p") as project:
        counts = project.import_qdc(path)
        assert project.codes().set_index("id").loc["trust", "label_zh"] == '{"text": "信任"}'
    assert counts["warnings"] == ["code '信任': label_zh held dict data; kept as JSON text"]


def test_latin1_source_is_decoded_as_latin1_with_a_warning(tmp_path: Path) -> None:
    text = "Entrevista: la confiança és important, però també la sanció. " * 3
    path = archive(tmp_path / "a.qdpx", {A: ("entrevista", text.encode("latin-1"))}, end=10)
    with Project.init(tmp_path / "p") as project:
        counts = project.import_qdpx(path)
        [doc_id] = project.documents()["id"]
        stored = project.document(doc_id).text
        # Decoded by a guess of the single-byte code page: no U+FFFD, the accented letters kept.
        assert "\ufffd" not in stored and "confiança és important" in stored and len(stored) == len(text)
    assert any(warning.startswith("source 'entrevista' is not UTF-8; it was decoded as") for warning in counts["warnings"])


def test_utf8_source_with_a_damaged_byte_is_kept_with_a_replacement_character_and_a_warning(tmp_path: Path) -> None:
    text = "我很信任他们，也担心信用积分。" * 3
    data = text.encode() + b"\xff" + text.encode()
    path = archive(tmp_path / "a.qdpx", {A: ("访谈一", data)})
    with Project.init(tmp_path / "p") as project:
        counts = project.import_qdpx(path)
        [doc_id] = project.documents()["id"]
        assert project.document(doc_id).text == text + "\ufffd" + text
    assert "source '访谈一': 1 damaged byte sequence(s) that are not utf-8 were kept as U+FFFD (\ufffd)" in counts["warnings"]


def test_sources_with_the_same_text_stay_separate_documents_also_when_imported_again(tmp_path: Path) -> None:
    same = "我很信任他们。".encode()
    path = archive(tmp_path / "a.qdpx", {A: ("访谈一", same), B: ("访谈二", same)})
    with Project.init(tmp_path / "p") as project:
        counts = project.import_qdpx(path)
        assert counts["documents"] == 2 and counts["codings_added"] == 2
        assert sorted(project.documents()["title"]) == ["访谈一", "访谈二"]
        again = project.import_qdpx(path)
        assert (again["documents"], again["codings_added"], again["codings_existing"]) == (2, 0, 2)
        assert len(project.documents()) == 2


def test_an_archive_with_something_that_cannot_be_imported_is_refused_whole_unless_partial(tmp_path: Path) -> None:
    unknown_code = "99999999-9999-9999-9999-999999999999"
    path = archive(tmp_path / "a.qdpx", {A: ("访谈一", "我很信任他们。".encode())}, code=unknown_code,
                   extra_source_xml='<PictureSource guid="55555555-5555-5555-5555-555555555555" name="照片"/>')
    with Project.init(tmp_path / "p") as project:
        with pytest.raises(InputError) as caught:
            project.import_qdpx(path)
        message = str(caught.value)
        assert "nothing imported: 2 item(s) of the archive cannot be imported" in message
        assert "PictureSource '照片': only text sources are imported" in message
        assert f"a coding refers to code {unknown_code}, which is not in the codebook; skipped" in message
        assert "--partial" in message
        assert project.documents().empty and project.codes().empty  # nothing half-written
        counts = project.import_qdpx(path, partial=True)
        assert len(counts["dropped"]) == 2 and counts["documents"] == 1 and len(project.documents()) == 1


def test_cli_import_exits_non_zero_and_lists_what_was_dropped(tmp_path: Path) -> None:
    path = archive(tmp_path / "a.qdpx", {A: ("访谈一", "我很信任他们。".encode())}, end=400)
    Project.init(tmp_path / "p").close()
    code, _, err = invoke("import", "qdpx", str(path), "-p", str(tmp_path / "p"))
    assert code == 1 and "nothing imported: 1 item(s)" in err and "lies outside its text" in err
    code, out, err = invoke("import", "qdpx", str(path), "--partial", "-p", str(tmp_path / "p"))
    assert code == 3
    assert "Imported" in out
    assert "Dropped: source '访谈一': selection [0, 400) lies outside its text; skipped" in err
    assert "Dropped: 1 item(s) of" in err


def test_an_archive_of_a_zip_version_python_cannot_read_is_refused_cleanly(tmp_path: Path) -> None:
    path = archive(tmp_path / "a.qdpx", {A: ("访谈一", "我很信任他们。".encode())})
    data = bytearray(path.read_bytes())
    central = data.rfind(b"PK\x01\x02")  # the last central directory entry: "version needed to extract" at +6
    data[central + 6:central + 8] = (148).to_bytes(2, "little")  # version 14.8, found by bench/fuzz.py
    path.write_bytes(bytes(data))
    with Project.init(tmp_path / "p") as project, pytest.raises(InputError, match="not a readable ZIP archive"):
        project.import_qdpx(path)
