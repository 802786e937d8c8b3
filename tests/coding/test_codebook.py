"""Codebook files: the pack's codebook loads; broken files are refused with file, line and reason."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tixi.coding.codebook import codebook_files, load_codebook, load_codebook_files
from tixi.errors import InputError
from tixi.packs import load_pack

HEADER = 'version: "1"\nsources: [test]\ncodes:\n'


def code(code_id: str, parent: str, terms: str) -> str:
    return (f"  - id: {code_id}\n    parent: {parent}\n    label_zh: 码\n    label_en: code\n    category: virtue\n"
            f"    definition: test\n    terms: {terms}\n")


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "codebook.yaml"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_pack_codebook_is_hierarchical_bilingual_and_complete() -> None:
    codebook = load_codebook(load_pack("ncca_scsp"))
    mine = [c for c in codebook.codes if c.category in ("virtue", "promoted_behaviour", "prohibited_behaviour", "mechanism")]
    assert {c.category for c in mine} == {"virtue", "promoted_behaviour", "prohibited_behaviour", "mechanism"}
    assert len([c for c in mine if c.parent]) >= 50
    for c in mine:
        assert c.label_zh and c.label_en and c.definition
        assert c.parent is None or c.terms, c.id
    assert ("codebook.yaml", "0.1.0") in codebook.versions


@pytest.mark.parametrize(
    ("body", "line", "reason"),
    [
        (code("a", "null", "[甲]") + code("a", "null", "[乙]"), 11, "duplicate code 'a'"),
        (code("a", "null", '[甲, ""]'), 10, "empty term"),
        (code("a", "null", "[甲, 乙]") + code("b", "null", "[乙]"), 17, "term '乙' of 'b' is already listed under 'a'"),
        (code("a", "missing", "[甲]"), 4, "names parent 'missing', which no codebook defines"),
        (code("a", "b", "[甲]") + code("b", "a", "[乙]"), 4, "the hierarchy loops"),
    ],
)
def test_broken_codebook_is_refused_with_line_and_reason(tmp_path: Path, body: str, line: int, reason: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(InputError) as caught:
        load_codebook_files([path])
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}:"), message
    assert reason in message


def test_missing_listed_codebook_is_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    shutil.copytree(load_pack("ncca_scsp").path, folder, ignore=shutil.ignore_patterns("corpus", "talk_codebook.yaml"))
    pack = load_pack(str(folder))
    assert [path.name for path in codebook_files(pack)] == ["codebook.yaml"]
    assert "promoted.volunteering" in load_codebook(pack).ids()
