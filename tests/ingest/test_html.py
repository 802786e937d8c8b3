"""HTML reader: main text without navigation, metadata, the fallback to the body text."""

from __future__ import annotations

from pathlib import Path

import pytest

from tixi.errors import ReadError
from tixi.ingest import SourceDocument, read

HEADLINE = "关于推进社会信用体系建设的实施意见"
PARAGRAPHS = [
    "为深入贯彻落实国家关于社会信用体系建设的部署要求，加快构建以信用为基础的新型监管机制，结合本市实际，提出如下实施意见。",
    "一、总体要求。坚持政府推动、社会共建、信息共享、奖惩联动的原则，到二〇二五年基本建成覆盖全社会的信用体系。",
    "二、重点任务。完善信用信息归集共享机制，推进公共信用信息平台建设，依法依规开展守信联合激励和失信联合惩戒。",
]
URL = "https://www.example.gov.cn/zwgk/2021/0315/123.html"


def page(charset: str = "utf-8") -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="{charset}">
<title>{HEADLINE} - 某市人民政府</title>
<meta name="date" content="2021-03-15">
<link rel="canonical" href="{URL}">
</head><body>
<header><div class="logo">某市人民政府门户网站</div>
<nav><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/hdjl">互动交流</a></li></ul></nav>
</header>
<article><h1>{HEADLINE}</h1>{paragraphs}</article>
<footer><p>版权所有：某市人民政府办公室 ICP备案号12345678</p></footer>
</body></html>"""


def only_document(path: Path) -> SourceDocument:
    items = list(read(path))
    assert len(items) == 1
    assert isinstance(items[0], SourceDocument)
    return items[0]


def test_main_text_without_navigation_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(page(), encoding="utf-8")
    document = only_document(path)
    assert document.text == "\n".join([HEADLINE, *PARAGRAPHS])
    for boilerplate in ("首页", "政务公开", "版权所有", "门户网站"):
        assert boilerplate not in document.text
    assert document.meta["title"] == HEADLINE
    assert document.meta["date"] == "2021-03-15"
    assert document.meta["url"] == URL
    assert document.format == "html"
    assert document.warnings == []


def test_page_in_gb18030_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(page("gb18030").encode("gb18030"))
    document = only_document(path)
    assert document.meta["title"] == HEADLINE
    assert PARAGRAPHS[2] in document.text


def test_page_without_main_text_falls_back_to_body(tmp_path: Path) -> None:
    path = tmp_path / "footer_only.html"
    path.write_text("<html><head><title>t</title><script>var x = 1;</script></head>"
                    "<body><footer>版权所有  某市人民政府\n 2021</footer></body></html>", encoding="utf-8")
    document = only_document(path)
    assert document.text == "版权所有 某市人民政府 2021"
    assert document.warnings == ["no main text found; using the full text of the page body"]


def test_page_without_any_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><head><title>空</title></head><body><div> </div></body></html>", encoding="utf-8")
    with pytest.raises(ReadError, match="no text found"):
        list(read(path))
