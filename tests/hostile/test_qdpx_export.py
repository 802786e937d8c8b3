"""REFI-QDA export: source names other programs can use as file names; the titles still come back."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from tixi.exchange.qdpx import schema
from tixi.exchange.qdpx_export import MAX_SOURCE_NAME, peer_name
from tixi.project import Project

TITLES = ["关于印发《信用/文明》城市\\测评:办法*的通知?", "长" * 300, "同名", "同名", "带\x1b[31m控制字符"]


def test_exported_source_names_have_no_separators_are_short_and_unique_and_titles_round_trip(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    project = Project.init(tmp_path / "p")
    for number, title in enumerate(TITLES):
        path = folder / f"{number}.txt"
        path.write_text(f"第{number}份文件的正文。", encoding="utf-8")
        project.add([path], meta={"title": title})
    target = tmp_path / "out.qdpx"
    project.export_qdpx(target)
    project.close()
    with zipfile.ZipFile(target) as archive:
        root = etree.fromstring(archive.read("project.qde"))
    assert schema().validate(root)
    names = [source.get("name") for source in root.iter("{*}TextSource")]
    assert len(names) == len(set(names)) == len(TITLES)
    for name in names:
        assert not set(name) & set('/\\:*?"<>|\x1b') and len(name) <= MAX_SOURCE_NAME
    assert "关于印发《信用／文明》城市＼测评：办法＊的通知？" in names
    assert {"同名", "同名 (2)"} <= set(names)
    back = Project.init(tmp_path / "back")
    back.import_qdpx(target)
    assert sorted(back.documents()["title"]) == sorted(TITLES)  # the Description keeps each title as it was
    back.close()


def test_peer_name_shortens_long_names_and_keeps_them_unique() -> None:
    taken: set[str] = set()
    first, second = peer_name("长" * 300, taken), peer_name("长" * 300, taken)
    assert len(first) == len(second) == MAX_SOURCE_NAME and first.endswith("…") and second.endswith(" (2)")
    assert peer_name("  ..  ", taken) == "source"
