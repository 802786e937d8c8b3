"""Plain text and Markdown: encodings detected, text exactly as written, titles."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tixi.errors import ReadError
from tixi.ingest import SourceDocument, read
from tixi.ingest.plaintext import decode_bytes

SIMPLIFIED = (
    "上海市社会信用条例\n"
    "第一条 为了加强社会信用体系建设，规范社会信用信息管理，保护信用主体合法权益，根据有关法律、行政法规，结合本市实际，制定本条例。\n"
    "第二条 本条例适用于本市行政区域内社会信用信息的归集、采集、共享、使用等活动，以及信用激励与约束、信用主体权益保护、信用服务行业发展等。\n"
    "第三条 社会信用体系建设应当坚持政府推动、社会共建、信息共享、奖惩联动的原则。\n"
)
# Characters outside GBK: only GB18030 (four-byte sequences) can encode them.
GB18030_ONLY = SIMPLIFIED + "第四条 信用主体包括自然人、法人和非法人组织，例如“𠮷野家”与“䶮”字号的商户。\n"
# Big5 encodes traditional characters only. Detection was reliable from about 20 characters up in
# trials; the test uses the full ~170-character text so that it does not rest on that edge.
TRADITIONAL = (
    "臺北市社會信用條例\n"
    "第一條 為了加強社會信用體系建設，規範社會信用資訊管理，保護信用主體合法權益，根據有關法律、行政法規，結合本市實際，制定本條例。\n"
    "第二條 本條例適用於本市行政區域內社會信用資訊的歸集、採集、共享、使用等活動，以及信用激勵與約束、信用主體權益保護、信用服務行業發展等。\n"
    "第三條 社會信用體系建設應當堅持政府推動、社會共建、資訊共享、獎懲聯動的原則。\n"
)


def only_document(path: Path) -> SourceDocument:
    items = list(read(path))
    assert len(items) == 1
    assert isinstance(items[0], SourceDocument)
    return items[0]


@pytest.mark.parametrize(
    "source, data, encoding",
    [
        (SIMPLIFIED, SIMPLIFIED.encode("utf-8"), "utf-8"),
        (SIMPLIFIED, codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), "utf-8-sig"),
        (GB18030_ONLY, GB18030_ONLY.encode("gb18030"), "gb18030"),
        # GBK bytes are read as GB18030, the superset that decodes them identically.
        (SIMPLIFIED, SIMPLIFIED.encode("gbk"), "gb18030"),
        (TRADITIONAL, TRADITIONAL.encode("big5"), "big5"),
        (SIMPLIFIED, codecs.BOM_UTF16_LE + SIMPLIFIED.encode("utf-16-le"), "utf-16-le"),
        (SIMPLIFIED, codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"), "utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "gb18030", "gbk", "big5", "utf-16-le-bom", "utf-16-be-bom"],
)
def test_encoding_is_detected_and_text_kept(tmp_path: Path, source: str, data: bytes, encoding: str) -> None:
    path = tmp_path / "tiaoli.txt"
    path.write_bytes(data)
    document = only_document(path)
    assert document.text == source
    assert document.encoding == encoding
    assert document.meta["encoding"] == encoding
    assert document.meta["title"] == source.split("\n", 1)[0]
    assert document.format == "txt"
    assert "kind" not in document.meta


def test_line_endings_and_leading_blank_lines_are_kept(tmp_path: Path) -> None:
    source = "\r\n  \r\n  征信业管理条例  \r\n第一条 为了规范征信活动。\r\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(source.encode("utf-8"))
    document = only_document(path)
    assert document.text == source
    assert document.meta["title"] == "征信业管理条例"


def test_markdown_title_is_the_first_level_one_heading(tmp_path: Path) -> None:
    source = "前言段落\n\n## 第一章 总则\n\n# 志愿服务条例 #\n\n正文。\n"
    path = tmp_path / "note.MD"
    path.write_text(source, encoding="utf-8")
    document = only_document(path)
    assert document.format == "md"
    # The text is what a reader sees: heading marks go, the heading text (and its 第一章) stays at the line start.
    assert document.text == "前言段落\n\n第一章 总则\n\n志愿服务条例\n\n正文。\n"
    assert document.meta["title"] == "志愿服务条例"


def test_markdown_without_heading_has_no_title(tmp_path: Path) -> None:
    path = tmp_path / "plain.md"
    path.write_text("只有一段文字，没有标题。\n", encoding="utf-8")
    assert "title" not in only_document(path).meta


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), min_size=1))
def test_any_utf8_text_round_trips(text: str) -> None:
    decoded, encoding = decode_bytes(text.encode("utf-8"))
    assert decoded == text
    assert encoding == "utf-8"


@pytest.mark.parametrize("source, encoding, expected", [(SIMPLIFIED, "gbk", "gb18030"), (TRADITIONAL, "big5", "big5")], ids=["gbk", "big5"])
def test_legacy_encoding_with_a_damaged_byte_is_kept_with_a_warning(tmp_path: Path, source: str, encoding: str, expected: str) -> None:
    """A stray byte in a GBK or Big5 file (two files pasted together, a bad sector) costs its line, not the document."""
    lines = source.split("\n")
    data = source.encode(encoding)
    damaged_line = 2
    at = len("\n".join(lines[:damaged_line]).encode(encoding)) + 1 + 11  # inside the third line, between characters
    path = tmp_path / "damaged.txt"
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    document = only_document(path)
    assert document.encoding == expected
    assert document.warnings == [f"1 damaged byte sequence(s) that are not {expected} were kept as U+FFFD (\ufffd)"]
    kept = document.text.split("\n")
    assert kept[damaged_line] == lines[damaged_line][:6] + "\ufffd" + lines[damaged_line][6:]  # 11 bytes: "第二条 本条"
    assert kept[:damaged_line] + kept[damaged_line + 1:] == lines[:damaged_line] + lines[damaged_line + 1:]


def test_bytes_that_are_damaged_everywhere_are_still_refused(tmp_path: Path) -> None:
    noise = bytes((index * 131 + 17) % 254 + 1 for index in range(4000))  # no NUL, no text in any encoding
    path = tmp_path / "noise.txt"
    path.write_bytes(noise)
    with pytest.raises(ReadError, match="binary data"):
        only_document(path)
