"""Search finds what scanning every text finds (literal, regular expression, proximity), and its index follows add and remove."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from tixi.errors import InputError
from tixi.project import Project
from tixi.store.search import SearchQuery, near_spans, required_literal


def _brute_near(text: str, a: str, b: str, within: int) -> set[int]:
    """Return the starts of the a's that have some b at most ``within`` characters away (either side)."""
    found = set()
    for match in re.finditer(re.escape(a), text):
        for other in re.finditer(f"(?={re.escape(b)})", text):
            b_start, b_end = other.start(), other.start() + len(b)
            if max(b_start - match.end(), match.start() - b_end) <= within and (b_start, b_end) != match.span():
                found.add(match.start())
    return found


@pytest.mark.parametrize("term", ["信用", "信用记录", "文明行为", "第十条"])
def test_a_literal_search_finds_every_occurrence(corpus_project: Project, term: str) -> None:
    result = corpus_project.search(SearchQuery(term, limit=100000))
    expected = sum(text.count(term) for _, text in corpus_project.iter_texts())
    assert result.total == expected == len(result.hits)
    assert result.documents == sum(1 for _, text in corpus_project.iter_texts() if term in text)
    texts = dict(corpus_project.iter_texts())
    assert all(texts[hit.doc_id][hit.start:hit.end] == term == hit.match for hit in result.hits)


def test_filters_keep_only_the_documents_asked_for(corpus_project: Project) -> None:
    documents = corpus_project.documents().set_index("id")
    result = corpus_project.search(SearchQuery("信用", filters={"system": "NCCA", "year": "2021"}, limit=100000))
    assert result.hits
    assert {str(documents.loc[hit.doc_id, "system"]) for hit in result.hits} == {"NCCA"}
    assert {str(documents.loc[hit.doc_id, "date"])[:4] for hit in result.hits} == {"2021"}


def test_proximity_matches_a_scan_of_every_pair(corpus_project: Project) -> None:
    result = corpus_project.search(SearchQuery("信用", mode="near", near="记录", within=20, limit=100000))
    texts = dict(corpus_project.iter_texts())
    expected = {(doc_id, start) for doc_id, text in texts.items() for start in _brute_near(text, "信用", "记录", 20)}
    assert result.total == len(expected) > 0
    for hit in result.hits:
        assert "信用" in hit.match and "记录" in hit.match
    assert near_spans("信用AB记录", "信用", "记录", 2) == [(0, 6)] and near_spans("信用ABC记录", "信用", "记录", 2) == []
    assert near_spans("记录X信用", "信用", "记录", 1) == [(0, 5)]


def test_a_regular_expression_search_matches_re(corpus_project: Project) -> None:
    pattern = r"第[一二三四五六七八九十]+条.{0,10}信用"
    result = corpus_project.search(SearchQuery(pattern, mode="regex", limit=100000))
    expected = sum(len(re.findall(pattern, text)) for _, text in corpus_project.iter_texts())
    assert result.total == expected > 0 and result.complete
    capped = corpus_project.search(SearchQuery(r"信用", mode="regex", limit=5))
    assert len(capped.hits) == 5 and not capped.complete


@pytest.mark.parametrize("pattern,literal", [("信用记录", "信用记录"), ("信用?记录", "记录"), (r"失信\w+名单", "失信"), ("(信用)?记录", "记录"),
                                             ("信用|记录", ""), (r"第.{1,4}条", "第"), (r"a\.b+c", "a.b"), ("[信用]记录名单", "记录名单")])
def test_the_required_literal_is_in_every_match(pattern: str, literal: str, corpus_project: Project) -> None:
    assert required_literal(pattern) == literal
    for _, text in corpus_project.iter_texts():
        for match in re.finditer(pattern, text):
            assert literal in match.group()


def test_bad_queries_say_what_to_do(corpus_project: Project) -> None:
    with pytest.raises(InputError, match="not a regular expression"):
        corpus_project.search(SearchQuery("信用(", mode="regex"))
    with pytest.raises(InputError, match="second string"):
        corpus_project.search(SearchQuery("信用", mode="near"))
    with pytest.raises(InputError, match="mode"):
        corpus_project.search(SearchQuery("信用", mode="fuzzy"))


def test_the_index_follows_add_and_remove(fresh_corpus_project: Project, tmp_path: Path) -> None:
    project = fresh_corpus_project
    extra = tmp_path / "new.txt"
    extra.write_text("独一无二的检索词语出现在这里。\n第一条 测试。", encoding="utf-8")
    [doc_id] = project.add([extra], system="other").added
    found = project.search(SearchQuery("独一无二的检索词"))
    assert [hit.doc_id for hit in found.hits] == [doc_id]
    project.remove([doc_id])
    assert project.search(SearchQuery("独一无二的检索词")).total == 0
    rows = project.db.execute("SELECT COUNT(*) FROM text_search").fetchone()[0]
    assert rows == project.db.execute("SELECT COUNT(*) FROM texts").fetchone()[0]


def test_an_older_project_is_indexed_when_opened(corpus_project_path: Path, tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "old"
    shutil.copytree(corpus_project_path, folder)
    db = sqlite3.connect(folder / "tixi.db")
    for statement in ("DROP TRIGGER text_search_insert", "DROP TRIGGER text_search_delete", "DROP TRIGGER text_search_update",
                      "DROP TABLE text_search", "DROP TABLE search_docs", "DELETE FROM migrations WHERE name = '060_search.sql'"):
        db.execute(statement)
    db.commit()
    db.close()
    with Project.open(folder) as project:
        assert project.search(SearchQuery("文明行为促进")).documents > 10


def test_the_text_cache_gives_the_same_hits_and_follows_changes(fresh_corpus_project: Project, tmp_path: Path) -> None:
    from tixi.store.search import TextCache

    project = fresh_corpus_project
    cache = TextCache()
    queries = [SearchQuery("信用", limit=100000), SearchQuery("信用", mode="near", near="记录", within=15),
               SearchQuery(r"失信.{0,10}名单", mode="regex"), SearchQuery("守信", filters={"system": "SCSP"}), SearchQuery("文明行为")]
    for query in queries:
        direct, cached = project.search(query), project.search(query, cache)
        assert (direct.total, direct.documents, direct.hits) == (cached.total, cached.documents, cached.hits)
    extra = tmp_path / "new.txt"
    extra.write_text("第一条 信用卡不是信用记录。", encoding="utf-8")
    [doc_id] = project.add([extra], system="other").added
    assert doc_id in {hit.doc_id for hit in project.search(SearchQuery("信用", limit=100000), cache).hits}
    project.set_metadata(doc_id, system="SCSP")
    assert doc_id in {hit.doc_id for hit in project.search(SearchQuery("信用", filters={"system": "SCSP"}, limit=100000), cache).hits}
    project.remove([doc_id])
    assert doc_id not in {hit.doc_id for hit in project.search(SearchQuery("信用", limit=100000), cache).hits}


def test_a_runaway_regular_expression_is_stopped_with_a_reason(tmp_path: Path) -> None:
    """(a|aa)+$ on a long run of a's takes exponential time with backtracking: the search stops and says why."""
    source = tmp_path / "runaway.txt"
    source.write_text("第一条 " + "a" * 40 + "!\n", encoding="utf-8")
    project = Project.init(tmp_path / "p")
    try:
        project.add([source])
        with pytest.raises(InputError, match="ran longer than"):
            project.search(SearchQuery("(a|aa)+$", mode="regex"))
        assert project.search(SearchQuery("a{3}!", mode="regex")).total == 1  # an ordinary pattern still runs
    finally:
        project.close()


def test_a_literal_that_overlaps_itself_shows_as_many_hits_as_it_counts(corpus_project: Project) -> None:
    # "00" in "1000" is one match, not two overlapping ones: the hits shown agree with the total counted
    texts = dict(corpus_project.iter_texts())
    repeated = sorted({match.group() for text in texts.values() for match in re.finditer(r"(\S)\1\1", text)})
    assert repeated, "the bundled corpus has a character three times in a row"
    term = repeated[0][:2]
    result = corpus_project.search(SearchQuery(term, limit=100000))
    assert result.total == sum(text.count(term) for text in texts.values()) == len(result.hits)
    ends: dict[str, int] = {}
    for hit in result.hits:
        assert hit.start >= ends.get(hit.doc_id, 0) and texts[hit.doc_id][hit.start:hit.end] == term
        ends[hit.doc_id] = hit.end
