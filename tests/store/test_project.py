"""The project store: init, add with a manifest, duplicates, metadata, spans back to the original."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from tixi.demo import bundled_corpus
from tixi.errors import NotFound, ProjectError
from tixi.model import Span
from tixi.project import Project
from tixi.store.db import pending_migrations


def test_init_makes_config_database_and_sources(tmp_path: Path) -> None:
    project = Project.init(tmp_path / "p")
    assert (tmp_path / "p" / "tixi.toml").read_text(encoding="utf-8").count("[text]") == 1
    assert (tmp_path / "p" / "sources").is_dir()
    assert project.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert pending_migrations(project.db) == []
    names = [row[0] for row in project.db.execute("SELECT name FROM migrations ORDER BY name")]
    assert names[0] == "001_core.sql"
    project.close()
    with pytest.raises(ProjectError, match="already a tixi project"):
        Project.init(tmp_path / "p")


def test_open_refuses_a_folder_that_is_not_a_project(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="tixi init"):
        Project.open(tmp_path)


def test_corpus_has_fifty_documents_with_manifest_metadata(corpus_project: Project) -> None:
    documents = corpus_project.documents()
    assert len(documents) == 50
    assert documents["system"].value_counts().to_dict() == {"NCCA": 35, "SCSP": 12, "other": 3}
    beijing = documents[documents["title"] == "北京市文明行为促进条例"].iloc[0]
    assert (beijing["level"], beijing["place"], beijing["date"], beijing["kind"]) == ("provincial", "北京市", "2020-04-24", "regulation")
    assert beijing["meta"]["date_text"].startswith("2020年4月24日")
    assert beijing["meta"]["source"].startswith("github:LawRefBook/Laws")


def test_adding_the_same_content_again_adds_nothing(fresh_corpus_project: Project) -> None:
    manifest = bundled_corpus()
    report = fresh_corpus_project.add([manifest.parent], manifest=manifest)
    assert report.added == [] and len(report.duplicates) == 50
    assert len(fresh_corpus_project.documents()) == 50
    stored = list((fresh_corpus_project.root / "sources").rglob("*.txt"))
    assert len(stored) == 50


def test_originals_are_kept_by_content_hash(corpus_project: Project) -> None:
    row = corpus_project.db.execute("SELECT hash, stored_as FROM sources LIMIT 1").fetchone()
    import hashlib

    data = (corpus_project.root / row["stored_as"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == row["hash"]


def test_spans_locate_back_to_the_original_characters(tmp_path: Path) -> None:
    source = tmp_path / "条例.txt"
    original = "第一章\u3000总\u3000\u3000则\r\n第一条\u3000为了ＡＢＣ文明行为，制定本条例。\r\n"
    source.write_text(original, encoding="utf-8")
    project = Project.init(tmp_path / "p")
    report = project.add([source])
    doc_id = report.added[0]
    text = project.document(doc_id).text
    start = text.index("为了")
    end = text.index("。") + 1
    span = Span(doc_id, start, end)
    assert project.text(span) == "为了ABC文明行为，制定本条例。"
    location = project.locate(span)
    assert location.original_text == "为了ＡＢＣ文明行为，制定本条例。"
    assert original[location.original_start:location.original_end] == location.original_text
    assert location.source_path == str(source)
    article = project.enclosing(span, "article")
    assert article is not None and article["label"] == "第一条"
    project.close()


def test_segments_frame_lists_articles_with_labels(corpus_project: Project) -> None:
    documents = corpus_project.documents()
    doc_id = documents[documents["title"] == "上海市社会信用条例"]["id"].iloc[0]
    articles = corpus_project.segments(kind="article", doc_id=doc_id)
    assert list(articles["label"][:3]) == ["第一条", "第二条", "第三条"]
    assert list(articles["number"]) == list(range(1, 57))
    assert isinstance(articles, pd.DataFrame)


def test_unknown_document_ids_are_clear_errors(corpus_project: Project) -> None:
    with pytest.raises(NotFound, match="tixi docs"):
        corpus_project.document("zzzz")


def test_traditional_to_simplified_is_a_recorded_project_option(tmp_path: Path) -> None:
    source = tmp_path / "trad.txt"
    source.write_text("臺北市文明行為條例\n第一條 為了促進誠實守信，制定本條例。", encoding="utf-8")
    project = Project.init(tmp_path / "p", convert="t2s")
    doc_id = project.add([source]).added[0]
    assert project.document(doc_id).text.startswith("台北市文明行为条例")
    normalizer = project.db.execute("SELECT normalizer FROM texts WHERE doc_id = ?", (doc_id,)).fetchone()[0]
    assert normalizer.endswith("+opencc:t2s")
    span = Span(doc_id, 0, 5)
    assert project.locate(span).original_text == "臺北市文明"
    project.close()


def test_export_parquet_writes_documents_texts_segments(corpus_project: Project, tmp_path: Path) -> None:
    written = corpus_project.export_parquet(tmp_path / "out")
    assert sorted(path.name for path in written) == ["documents.parquet", "segments.parquet", "texts.parquet"]
    documents = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert len(documents) == 50
    assert json.loads(documents["meta"].iloc[0])


def test_an_older_project_is_migrated_when_opened(tmp_path: Path) -> None:
    project = Project.init(tmp_path / "p")
    # Migrations that add columns to the core tables stay recorded: this simulation keeps those tables whole.
    project.db.execute("DELETE FROM migrations WHERE name NOT IN ('001_core.sql', '032_coding_confidence.sql')")
    later = [row[0] for row in project.db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    project.close()
    # Drop the tables of later migrations so reopening must create them again.
    connection = sqlite3.connect(tmp_path / "p" / "tixi.db")
    core = {"sources", "documents", "texts", "segments", "ingest_log", "codes", "codings", "memos", "migrations"}
    for table in later:
        if table not in core and not table.startswith("sqlite_"):
            connection.execute(f"DROP TABLE IF EXISTS {table}")
    connection.commit()
    connection.close()
    reopened = Project.open(tmp_path / "p")
    assert pending_migrations(reopened.db) == []
    reopened.close()


def test_tokens_keep_pack_terms_whole_and_point_into_the_document(corpus_project: Project) -> None:
    documents = corpus_project.documents()
    doc_id = documents[documents["title"] == "北京市文明行为促进条例"]["id"].iloc[0]
    text = corpus_project.document(doc_id).text
    start = text.index("诚实守信") - 20
    span = Span(doc_id, start, start + 120)
    tokens = corpus_project.tokens(span)
    assert all(text[token.start:token.end] == token.text for token in tokens)
    # Codebook terms that jieba alone would cut in two (诚实/守信, 邻里/互助) stay whole.
    words = [token.text for token in tokens]
    assert "诚实守信" in words and "邻里互助" in words


def test_a_project_name_with_quotes_and_backslashes_opens_again(tmp_path: Path) -> None:
    folder = tmp_path / 'study "2024" \\ 第一'
    Project.init(folder).close()
    reopened = Project.open(folder)
    assert reopened.config.pack == "ncca_scsp"
    import tomllib

    assert tomllib.loads((folder / "tixi.toml").read_text(encoding="utf-8"))["project"]["name"] == 'study "2024" \\ 第一'
    reopened.close()
