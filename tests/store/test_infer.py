"""Place, level and date read from titles and file names when nothing gives them, and marked as inferred."""

from __future__ import annotations

import json
from pathlib import Path

from tixi.project import Project


def test_a_plain_folder_gets_place_level_and_date_from_titles_and_names(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    texts = {
        "hangzhou_2019.txt": "杭州市生活垃圾管理条例\n第一条 为了加强生活垃圾管理，制定本条例。\n",
        "征信业管理条例(2013-01-21).md": "# 中华人民共和国某某条例\n\n第一条 为了规范征信活动，制定本条例。\n",
        "beijing.txt": "北京市文明行为促进条例\n第一条 为了培育和践行社会主义核心价值观，制定本条例。\n",
        "notes.txt": "一段没有地名的说明文字。\n",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    project = Project.init(tmp_path / "p")
    project.add([folder])
    documents = project.documents().set_index("title")
    hangzhou = documents.loc["杭州市生活垃圾管理条例"]
    assert (hangzhou["place"], hangzhou["level"], hangzhou["date"]) == ("杭州市", "municipal", "2019")
    assert hangzhou["meta"]["inferred"] == ["date", "level", "place"]
    national = documents.loc["中华人民共和国某某条例"]
    assert (national["place"], national["level"], national["date"]) == ("全国", "central", "2013-01-21")
    beijing = documents.loc["北京市文明行为促进条例"]
    assert (beijing["place"], beijing["level"]) == ("北京市", "provincial") and not isinstance(beijing["date"], str)
    assert "inferred" not in documents.loc["一段没有地名的说明文字。"]["meta"]


def test_given_values_win_and_rows_of_a_table_take_no_date_from_the_file_name(tmp_path: Path) -> None:
    rows = tmp_path / "laws_2024.jsonl"
    rows.write_text(json.dumps({"title": "济南市文明行为促进条例", "text": "第一条 为了促进文明行为，制定本条例。"}, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    project = Project.init(tmp_path / "p")
    project.add([rows], meta={"level": "city"})
    row = project.documents().iloc[0]
    assert (row["place"], row["level"]) == ("济南市", "city") and not row["date"]
    assert row["meta"]["inferred"] == ["place"]
