"""A coding is filed under the article that holds it, right at the articles' boundaries."""

from __future__ import annotations

from pathlib import Path

from tixi.project import Project


def test_codings_at_the_first_and_last_character_of_articles_name_their_article(tmp_path: Path) -> None:
    source = tmp_path / "reg.txt"
    source.write_text("某市条例\n第一条 鼓励志愿服务。\n第二条 禁止随地吐痰。\n", encoding="utf-8")
    project = Project.init(tmp_path / "p")
    project.add([source])
    doc_id = project.documents()["id"].iloc[0]
    articles = project.segments(kind="article", doc_id=doc_id).set_index("label")
    first, second = articles.loc["第一条"], articles.loc["第二条"]
    project.add_coding(doc_id, code="promoted.volunteering", coder="李敏", start=int(first["end"]) - 1, end=int(first["end"]))
    project.add_coding(doc_id, code="prohibited.spitting", coder="李敏", start=int(second["start"]), end=int(second["start"]) + 3)
    frame = project.evidence(coder="李敏").set_index("code_id")
    assert frame.loc["promoted.volunteering", "article"] == "第一条"
    assert frame.loc["prohibited.spitting", "article"] == "第二条"
