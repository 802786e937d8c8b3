"""Hostile .qdpx and .qdc files are refused with a clear message, and nothing is written outside the project."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest

from tixi.errors import InputError
from tixi.exchange.safe_zip import SafeZip, ZipLimits
from tixi.project import Project

PROJECT_XML = b'<Project xmlns="urn:QDA-XML:project:1.0" name="x"><Description>&payload;</Description></Project>'
XXE = b'<?xml version="1.0"?>\n<!DOCTYPE Project [<!ENTITY payload SYSTEM "file:///etc/passwd">]>\n' + PROJECT_XML
LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE Project [\n<!ENTITY lol "lol">\n'
    + b"".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'.encode() for i in range(1, 10))
    + b'<!ENTITY payload "&lol9;">\n]>\n' + PROJECT_XML
)
PLAIN = b'<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="x"/>'


def archive(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as handle:
        for name, data in entries.items():
            handle.writestr(name, data)
    return path


def bomb(path: Path) -> Path:
    """Write an archive whose text entry declares 1 GB uncompressed (headers patched, content tiny)."""
    archive(path, {"project.qde": PLAIN, "sources/a.txt": b"x" * 100})
    data = bytearray(path.read_bytes())
    claimed = struct.pack("<I", 1_000_000_000)
    local = data.find(b"PK\x03\x04", data.find(b"sources/a.txt") - 40)
    data[local + 22 : local + 26] = claimed
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"sources/a.txt"))
    data[central + 24 : central + 28] = claimed
    path.write_bytes(bytes(data))
    return path


def not_a_zip(path: Path) -> Path:
    path.write_bytes(b"not a zip")
    return path


def files_under(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("xxe", lambda p: archive(p, {"project.qde": XXE}), "external XML entity"),
        ("laughs", lambda p: archive(p, {"project.qde": LAUGHS}), "entity expansion"),
        ("climb", lambda p: archive(p, {"project.qde": PLAIN, "../evil.txt": b"owned"}), "climbs out of its folder"),
        ("absolute", lambda p: archive(p, {"project.qde": PLAIN, "/tmp/evil.txt": b"owned"}), "absolute path"),
        ("bomb", bomb, "declares 1,000,000,000 bytes"),
        ("notzip", lambda p: not_a_zip(p), "not a readable ZIP"),
        ("noqde", lambda p: archive(p, {"sources/a.txt": b"x"}), "no project.qde"),
    ],
)
def test_hostile_qdpx_is_refused(tmp_path: Path, name: str, make: object, message: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    hostile = make(outside / f"{name}.qdpx")  # type: ignore[operator]
    project = Project.init(outside / "project")
    before_outside = files_under(tmp_path)
    before_project = files_under(project.root)
    with pytest.raises(InputError, match=message):
        project.import_qdpx(hostile)
    assert files_under(tmp_path) == before_outside
    assert files_under(project.root) == before_project
    assert project.documents().empty and project.codes().empty


def test_hostile_qdc_is_refused(tmp_path: Path) -> None:
    project = Project.init(tmp_path / "project")
    for name, data, message in [("xxe.qdc", XXE, "external XML entity"), ("laughs.qdc", LAUGHS, "entity expansion"),
                                ("broken.qdc", b"<CodeBook><Codes>", "not well-formed")]:
        path = tmp_path / name
        path.write_bytes(data.replace(b"Project", b"CodeBook"))
        with pytest.raises(InputError, match=message):
            project.import_qdc(path)
    assert project.codes().empty


def test_ratio_limit_and_lying_sizes(tmp_path: Path) -> None:
    zeros = archive(tmp_path / "zeros.zip", {"a.txt": b"\0" * (3 << 20)})
    with pytest.raises(InputError, match="expands"):
        SafeZip(zeros)
    with SafeZip(zeros, ZipLimits(max_ratio=10_000)) as opened:
        assert len(opened.read("a.txt")) == 3 << 20
    with pytest.raises(InputError, match="in all"):
        SafeZip(zeros, ZipLimits(max_ratio=10_000, max_total_bytes=1 << 20))
