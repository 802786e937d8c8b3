"""Invariants of the segment tree on every bundled regulation: articles under the innermost heading
that holds them (a chapter's last article included), numbered items that never swallow the next."""

from __future__ import annotations

from pathlib import Path

import pytest

from tixi.demo import bundled_corpus
from tixi.model import Segment
from tixi.text.normalize import normalize
from tixi.text.segment import segment_text

DOCUMENTS = sorted((bundled_corpus().parent / "documents").glob("*.txt"))


def _segments(path: Path) -> tuple[str, list[Segment]]:
    text = normalize(path.read_text(encoding="utf-8")).text
    return text, segment_text(text, sentences=False)


@pytest.mark.parametrize("path", DOCUMENTS, ids=[path.stem[:12] for path in DOCUMENTS])
def test_articles_sit_in_the_innermost_heading_and_items_do_not_overlap(path: Path) -> None:
    text, segments = _segments(path)
    headings = [(index, s) for index, s in enumerate(segments) if s.kind in ("part", "chapter", "section")]
    for article in (s for s in segments if s.kind == "article"):
        holders = [(index, h) for index, h in headings if h.start <= article.start and article.end <= h.end]
        expected = max(holders, key=lambda pair: pair[1].start)[0] if holders else None
        assert article.parent == expected, (path.name, article.label)
    siblings: dict[tuple[int | None, object], list[Segment]] = {}
    for segment in segments:
        if segment.kind == "item":  # siblings: the same parent and the same depth of numbering
            siblings.setdefault((segment.parent, segment.meta.get("depth")), []).append(segment)
    for items in siblings.values():
        ordered = sorted(items, key=lambda s: s.start)
        for before, after in zip(ordered, ordered[1:], strict=False):
            assert before.end <= after.start, (path.name, before.label, after.label, text[before.start:after.end][:80])


def test_a_chapters_last_article_keeps_its_chapter() -> None:
    text = "第一章 总则\n第一条 甲。\n第二条 乙。\n第二章 附则\n第三条 丙。\n"
    segments = segment_text(text, sentences=False)
    chapters = {s.label: index for index, s in enumerate(segments) if s.kind == "chapter"}
    parents = {s.label: s.parent for s in segments if s.kind == "article"}
    assert parents == {"第一条": chapters["第一章"], "第二条": chapters["第一章"], "第三条": chapters["第二章"]}


def test_an_item_ends_where_the_next_begins() -> None:
    text = "第五条 下列行为应当禁止：\n（一）乱扔垃圾；\n（二）随地吐痰；\n（三）乱涂乱画。\n"
    items = [s for s in segment_text(text, sentences=False) if s.kind == "item"]
    assert [text[s.start:s.end].strip() for s in items] == ["（一）乱扔垃圾；", "（二）随地吐痰；", "（三）乱涂乱画。"]
