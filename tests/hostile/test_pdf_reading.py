"""PDF text as a reader sees it: page furniture dropped (the original keeps it), wrapped lines joined."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.hostile.printed import gazette_pdf
from tixi.demo import bundled_corpus
from tixi.ingest import SourceDocument, read
from tixi.project import Project
from tixi.text.normalize import OffsetMap, normalize

HEADER = "台州市人民代表大会常务委员会公报"
FLOW_FIELDS = ["unit", "quote", "source", "target", "data", "behaviour", "modality", "direction", "type"]


def law() -> tuple[Path, list[str]]:
    """Return a regulation of the bundled corpus and its paragraphs."""
    path = bundled_corpus().parent / "documents" / "045_taizhou_qiye_xinyong_cujin_tiaoli_2020.txt"
    return path, [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def read_as(path: Path) -> tuple[SourceDocument, str]:
    [document] = list(read(path))
    assert isinstance(document, SourceDocument)
    return document, normalize(document.text, reading=document.reading).text


@pytest.mark.parametrize("columns, width", [(1, 34), (2, 17)])
def test_headers_page_numbers_and_line_wraps_are_gone_from_the_text_as_read(tmp_path: Path, columns: int, width: int) -> None:
    _, paragraphs = law()
    pdf = gazette_pdf(tmp_path / "law.pdf", paragraphs, header=HEADER, width=width, columns=columns)
    document, reading = read_as(pdf)
    pages = len(document.pages or [])
    assert pages >= 3
    # The original keeps what was printed: the header on every page, 「— 2 —」, the wrapped lines.
    assert document.text.count(HEADER) == pages and "— 2 —" in document.text
    # The text as read has none of it: the words of the paragraphs, lines broken only where a paragraph
    # or a sentence ends (a full line ending in 「。」 may end either, as on paper).
    assert HEADER not in reading and not re.search(r"— \d+ —", reading)
    expected = [normalize(paragraph).text for paragraph in paragraphs]
    assert re.sub(r"\s", "", reading) == re.sub(r"\s", "", "".join(expected))
    for line in reading.split("\n"):
        assert line in expected or line[-1] in "。；：", line
    if columns == 1:
        assert reading.split("\n") == expected


def test_the_offset_map_points_from_the_text_as_read_back_into_the_printed_page(tmp_path: Path) -> None:
    _, paragraphs = law()
    document, _ = read_as(gazette_pdf(tmp_path / "law.pdf", paragraphs, header=HEADER))
    normalized = normalize(document.text, reading=document.reading)
    offsets = OffsetMap.from_json(json.loads(json.dumps(normalized.offsets.to_json())))
    article = "第二十五条"
    start = normalized.text.index(article)
    end = normalized.text.index("。", start) + 1
    first, last = offsets.to_original(start, end)
    printed = document.text[first:last]
    assert printed.replace("\n", "") == normalized.text[start:end]  # the same words, wrapped as printed
    assert "\n" in printed


def test_the_same_law_from_pdf_and_from_text_gives_the_same_articles_and_flows(tmp_path: Path) -> None:
    text_file, paragraphs = law()
    pdf = gazette_pdf(tmp_path / "law.pdf", paragraphs, header=HEADER, title=paragraphs[0])
    with Project.init(tmp_path / "p") as project:
        report = project.add([text_file, pdf])
        text_id, pdf_id = report.added
        project.extract_flows()
        articles = project.segments(kind="article")
        texts = {row["doc_id"]: row["normalized"] for row in project.db.execute("SELECT doc_id, normalized FROM texts")}

        def article_texts(doc_id: str) -> list[tuple[str, str]]:
            rows = articles[articles["doc_id"] == doc_id].sort_values("start")
            return [(row.label, re.sub(r"\s+", "", texts[doc_id][row.start:row.end])) for row in rows.itertuples()]

        assert len(article_texts(text_id)) >= 30
        assert article_texts(pdf_id) == article_texts(text_id)
        flows = project.flows()

        def flow_rows(doc_id: str) -> list[tuple[str, ...]]:
            return sorted(map(tuple, flows[flows["doc_id"] == doc_id][FLOW_FIELDS].astype(str).to_numpy()))

        assert len(flow_rows(text_id)) >= 10
        assert flow_rows(pdf_id) == flow_rows(text_id)


def test_latin_text_is_dehyphenated_and_joined_with_spaces(tmp_path: Path) -> None:
    paragraphs = [
        "Article 1. The municipal credit platform shall record administrative penalties and publish "
        "information about untrustworthy enterprises within seven working days of the decision.",
        "Article 2. Enterprises may apply for credit repair after correcting their conduct, and the "
        "platform shall remove the corresponding records once the repair has been approved by the department.",
    ] * 6
    pdf = gazette_pdf(tmp_path / "en.pdf", paragraphs, header="Municipal Gazette", width=40, hyphenate=True,
                      font="Helvetica")
    document, reading = read_as(pdf)
    # Printed with hyphenated line ends, which PDFium gives as U+FFFE inside the joined word.
    assert re.search("[a-z]\ufffe[a-z]", document.text)
    assert reading.split("\n") == paragraphs


def test_a_short_line_and_a_sentence_end_keep_their_line_break(tmp_path: Path) -> None:
    paragraphs = ["社会信用体系建设规划纲要", "第一条 为了规范信用信息管理，制定本办法。",
                  "信用主体有权查询自身信用信息：", "（一）基础信息；", "（二）失信信息。"]
    _, reading = read_as(gazette_pdf(tmp_path / "short.pdf", paragraphs, header=HEADER))
    # One page: nothing recurs, so the header is text; the page number 「— 1 —」 still goes.
    assert reading.split("\n") == [HEADER, *paragraphs]
