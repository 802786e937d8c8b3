"""Structural segmentation: articles numbered as printed, in order; items; sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from tixi.demo import bundled_corpus
from tixi.text.normalize import normalize
from tixi.text.numerals import chinese_to_int
from tixi.text.segment import segment_text

DOCUMENTS = bundled_corpus().parent / "documents"

# Article counts read off the texts (the last article's number, every article at a line start).
ARTICLE_COUNTS = {
    "040_shanghai_shehui_xinyong_tiaoli_2017.txt": 56,
    "041_shandong_shehui_xinyong_tiaoli_2020.txt": 61,
    "042_henan_shehui_xinyong_tiaoli_2019.txt": 70,
    "044_zhejiang_gonggong_xinyong_xinxi_tiaoli_2017.txt": 36,
    "060_wenming_xingwei_beijing_2020.txt": 63,
    "064_wenming_xingwei_weihai_2018.txt": 17,
    "069_wenming_xingwei_jinan_2019.txt": 47,
    "092_wenming_xingwei_zhengzhou_2022.txt": 49,
    "107_shenghuo_laji_hangzhou_2019.txt": 74,
}


def _articles(name: str) -> list[tuple[str | None, int | None]]:
    text = normalize((DOCUMENTS / name).read_text(encoding="utf-8")).text
    return [(segment.label, segment.number) for segment in segment_text(text) if segment.kind == "article"]


@pytest.mark.parametrize(("name", "count"), sorted(ARTICLE_COUNTS.items()))
def test_regulations_yield_their_articles_in_order(name: str, count: int) -> None:
    articles = _articles(name)
    assert len(articles) == count
    assert [number for _, number in articles] == list(range(1, count + 1))
    assert articles[0][0] == "第一条"


def test_every_civility_and_credit_regulation_yields_ordered_articles() -> None:
    names = sorted(path.name for path in DOCUMENTS.glob("*.txt") if "wenming_xingwei" in path.name or "xinyong_tiaoli" in path.name)
    assert len(names) >= 30
    for name in names:
        numbers = [number for _, number in _articles(name)]
        assert numbers == list(range(1, len(numbers) + 1)), name
        assert len(numbers) >= 17, name


def test_article_text_runs_to_the_next_article_and_chapters_enclose_articles() -> None:
    text = normalize((DOCUMENTS / "060_wenming_xingwei_beijing_2020.txt").read_text(encoding="utf-8")).text
    segments = segment_text(text)
    articles = [segment for segment in segments if segment.kind == "article"]
    second = text[articles[1].start:articles[1].end]
    assert second.startswith("第二条 本市行政区域内的文明行为促进及其相关工作，适用本条例。")
    assert second.endswith("体现社会进步的行为。")
    chapter = segments[articles[0].parent] if articles[0].parent is not None else None
    assert chapter is not None and chapter.kind == "chapter" and chapter.label == "第一章"


def test_cross_references_inside_sentences_are_not_articles() -> None:
    text = "第一条 为了规范。\n依照本条例第十条规定处理。\n第二条 本条例适用于本市。"
    labels = [segment.label for segment in segment_text(text) if segment.kind == "article"]
    assert labels == ["第一条", "第二条"]


def test_numbered_items_keep_printed_labels() -> None:
    text = "第五条 下列行为：\n（一）闯红灯；\n（二）随地吐痰；\n1.遛犬不牵绳\n2）乱扔垃圾\n①高空抛物\nⅢ-34 诚信建设\n一、总则"
    items = [(segment.label, segment.number) for segment in segment_text(text) if segment.kind == "item"]
    assert items == [("（一）", 1), ("（二）", 2), ("1", 1), ("2）", 2), ("①", 1), ("Ⅲ-34", 34), ("一", 1)]


def test_sentences_end_at_chinese_and_western_punctuation_and_keep_quotes() -> None:
    text = "他说：“要文明出行。”然后走了！Is it done? Yes. 版本3.5有效"
    sentences = [text[s.start:s.end] for s in segment_text(text) if s.kind == "sentence"]
    assert sentences == ["他说：“要文明出行。”", "然后走了！", "Is it done?", "Yes.", "版本3.5有效"]


def test_chinese_numerals() -> None:
    assert [chinese_to_int(n) for n in ("一", "十", "十二", "二十", "一百零三", "六十五", "二〇二", "12")] == [1, 10, 12, 20, 103, 65, 202, 12]


def test_bundled_corpus_is_the_shared_one(shared_dir: Path) -> None:
    shared = sorted(path.name for path in (shared_dir / "corpus" / "documents").glob("*.txt"))
    assert shared == sorted(path.name for path in DOCUMENTS.glob("*.txt"))
