"""The reader's pieces carry the exact offsets of the stored text, astral characters and bidi controls included."""

from __future__ import annotations

import html
import re

from tixi.web.reader import codes_css, render_text

PIECE = re.compile(r'<span data-s="(\d+)"([^>]*)>(.*?)</span>', re.S)


def _pieces(markup: str) -> list[tuple[int, str, str]]:
    return [(int(start), attributes, html.unescape(body)) for start, attributes, body in PIECE.findall(markup)]


def test_pieces_cover_the_text_exactly_with_their_offsets() -> None:
    text = "第一条 𠀀信用<记录>&amp;\n第二条 用户\u202e名 reversed\u202c 完。"
    codings = [{"id": 1, "start": 4, "end": 9, "code_id": "b"}, {"id": 2, "start": 6, "end": 12, "code_id": "a"}]
    flows = [{"id": 1, "start": 10, "end": 20}]
    articles = [{"start": 0, "end": 14, "label": "第一条"}, {"start": 15, "end": len(text), "label": "第二条"}]
    markup = render_text(text, codings, flows, articles, [15], {"a": 0, "b": 1}, focus=(5, 7))
    pieces = _pieces(markup)
    rebuilt = ""
    for start, attributes, body in pieces:
        assert start == len(rebuilt), (start, body)
        if 'class="bidi"' in attributes or "bidi" in attributes:
            assert body == f"[U+{ord(text[start]):04X}]" and 'data-len="1"' in attributes
            rebuilt += text[start]
        else:
            rebuilt += body
    assert rebuilt == text
    assert "\u202e" not in markup and "<记录>" not in markup
    coded = {start: attributes for start, attributes, _ in pieces}
    assert 'data-c="1 2"' in coded[6] and "multi" in coded[6] and "k0" in coded[6]  # the code started last colours it
    assert "k1" in coded[4] and "hit" in coded[5] and "fl" in coded[10]
    assert markup.count('class="art"') == 2 and 'data-label="p. 2"' in markup


def test_code_colours_refuse_anything_but_hex() -> None:
    css = codes_css([("a", "#AABBCC"), ("b", "red;} body{display:none"), ("c", None)])
    assert ".k0{--code:#aabbcc}" in css
    assert "display" not in css and css.count("{--code:#") == 3
