"""Transcripts: WebVTT and SRT cues with speakers and times; ``Name：text`` turns in plain text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tixi.errors import ReadError
from tixi.ingest import SourceDocument, read
from tixi.ingest.transcripts import turns_from_text

VTT = """WEBVTT - synthetic=true (合成数据)

NOTE synthetic=true 合成的村级访谈，仅供测试

1
00:00:01.000 --> 00:00:04.500
<v 张三>大家好，今天我们谈谈村里的信用积分。

2
00:00:05.000 --> 00:00:09.250 align:start position:10%
<v.interviewee 李四>好的。我们村从二〇一九年开始
实行积分管理。</v>

00:01:10.000 --> 00:01:12.040
<v 张三>积分可以兑换什么？

00:01:12.500 --> 00:01:15.000
<v 张三>比如 <i>生活用品</i> &amp; 服务吗？
"""

SRT = """1
00:00:00,500 --> 00:00:03,000
李四：我是村里的网格员。

2
00:00:03,200 --> 00:00:06,800
王五：<i>积分</i>每个月公示一次。

3
01:02:03,004 --> 01:02:05,000
（众人笑）
"""


def only_document(path: Path) -> SourceDocument:
    items = list(read(path))
    assert len(items) == 1
    assert isinstance(items[0], SourceDocument)
    return items[0]


def test_vtt_cues_become_turns_with_speakers_and_times(tmp_path: Path) -> None:
    path = tmp_path / "interview.vtt"
    path.write_text(VTT, encoding="utf-8")
    document = only_document(path)
    lines = [
        "大家好，今天我们谈谈村里的信用积分。",
        "好的。我们村从二〇一九年开始实行积分管理。",
        "积分可以兑换什么？",
        "比如 生活用品 & 服务吗？",
    ]
    assert document.text == "\n".join(lines)
    turns = document.segments
    assert [document.text[turn.start:turn.end] for turn in turns] == lines
    assert [turn.kind for turn in turns] == ["turn"] * 4
    # Consecutive cues of one speaker stay separate turns.
    assert [turn.label for turn in turns] == ["张三", "李四", "张三", "张三"]
    assert [(turn.meta["start_time"], turn.meta["end_time"]) for turn in turns] == [
        (1.0, 4.5), (5.0, 9.25), (70.0, 72.04), (72.5, 75.0),
    ]
    assert turns[1].meta["speaker"] == "李四"
    assert document.meta["kind"] == "interview"
    assert document.meta["speakers"] == ["张三", "李四"]
    assert document.meta["notes"] == ["synthetic=true (合成数据)", "synthetic=true 合成的村级访谈，仅供测试"]
    assert document.format == "vtt"


def test_vtt_with_a_damaged_byte_is_kept_with_a_warning(tmp_path: Path) -> None:
    """A damaged byte becomes U+FFFD as in a .txt file, and the document says so: nothing is replaced silently."""
    data = VTT.encode("utf-8")
    at = data.index("信用积分".encode())
    path = tmp_path / "damaged.vtt"
    path.write_bytes(data[:at] + b"\xff" + data[at:])
    document = only_document(path)
    assert document.encoding == "utf-8"
    assert "\ufffd信用积分" in document.text
    assert "1 damaged byte sequence(s) that are not utf-8 were kept as U+FFFD (\ufffd)" in document.warnings


def test_vtt_whose_first_line_is_a_note(tmp_path: Path) -> None:
    path = tmp_path / "bare.vtt"
    path.write_text("NOTE synthetic=true\n\n00:00.000 --> 00:02.500\n<v 赵六>开始吧。\n", encoding="utf-8")
    document = only_document(path)
    assert document.text == "开始吧。"
    assert document.segments[0].meta == {"speaker": "赵六", "start_time": 0.0, "end_time": 2.5}


def test_srt_keeps_written_speaker_prefix(tmp_path: Path) -> None:
    path = tmp_path / "interview.srt"
    path.write_bytes(SRT.replace("\n", "\r\n").encode("utf-8-sig"))
    document = only_document(path)
    assert document.text == "李四：我是村里的网格员。\n王五：积分每个月公示一次。\n（众人笑）"
    turns = document.segments
    assert [turn.label for turn in turns] == ["李四", "王五", None]
    assert [document.text[turn.start:turn.end] for turn in turns] == document.text.split("\n")
    assert turns[2].meta["start_time"] == pytest.approx(3723.004)
    assert turns[0].meta["end_time"] == 3.0
    assert document.meta["speakers"] == ["李四", "王五"]
    assert document.encoding == "utf-8-sig"


def test_file_without_cues_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty_cues.srt"
    path.write_text("这只是一段普通文字。\n", encoding="utf-8")
    with pytest.raises(ReadError, match="no cues found"):
        list(read(path))


def test_plain_text_transcript_turns(tmp_path: Path) -> None:
    text = (
        "NOTE synthetic=true 社区信用积分访谈\n"
        "\n"
        "张三：你们村的信用积分是怎么评的？\n"
        "李四：主要看志愿服务和孝老爱亲，\n"
        "  每个月公示一次。\n"
        "\n"
        "张三：村民认可吗？\n"
        "Wang Wu: 大部分认可，见 http://example.org/rules 。\n"
    )
    path = tmp_path / "interview.txt"
    path.write_text(text, encoding="utf-8")
    document = only_document(path)
    turns = [segment for segment in document.segments if segment.kind == "turn"]
    assert [document.text[turn.start:turn.end] for turn in turns] == [
        "张三：你们村的信用积分是怎么评的？",
        "李四：主要看志愿服务和孝老爱亲，\n  每个月公示一次。",
        "张三：村民认可吗？",
        "Wang Wu: 大部分认可，见 http://example.org/rules 。",
    ]
    assert [turn.label for turn in turns] == ["张三", "李四", "张三", "Wang Wu"]
    assert [turn.number for turn in turns] == [1, 2, 3, 4]
    assert document.meta["kind"] == "interview"
    assert document.meta["speakers"] == ["Wang Wu", "张三", "李四"]


def test_document_with_few_labels_is_not_a_transcript() -> None:
    text = (
        "第一条 为了规范志愿服务，制定本条例。\n"
        "第二条 本条例所称志愿服务，是指志愿者自愿、无偿向社会提供的公益服务。\n"
        "第三条 志愿服务应当遵循自愿、无偿、平等、诚信、合法的原则。\n"
        "联系电话：12345\n"
    )
    assert turns_from_text(text) == []


def test_urls_and_times_are_not_speakers() -> None:
    text = "http://example.org/a\nhttps://example.org/b\n10:30 开会\n"
    assert turns_from_text(text) == []


labels = st.sampled_from(["张三", "李四", "访谈员", "Interviewer A"])
words = st.text(alphabet="信用积分村民公示，。的了吗 ", min_size=1, max_size=30).filter(lambda s: s.strip())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(labels, st.sampled_from(["：", ":", ": "]), words), min_size=2, max_size=8))
def test_turn_offsets_point_at_labels(turn_specs: list[tuple[str, str, str]]) -> None:
    text = "\n".join(f"{label}{colon}{spoken}" for label, colon, spoken in turn_specs)
    turns = turns_from_text(text)
    assert [turn.label for turn in turns] == [label for label, _, _ in turn_specs]
    for turn, (label, _, _) in zip(turns, turn_specs, strict=True):
        assert text[turn.start:turn.end].startswith(label)
        assert text[turn.start:turn.end] == text[turn.start:turn.end].strip()


def test_sixty_percent_of_non_empty_lines_must_carry_a_label() -> None:
    three_of_five = "张三：一\n李四：二\n补充说明\n张三：三\n\n结束\n"
    assert [turn.label for turn in turns_from_text(three_of_five)] == ["张三", "李四", "张三"]
    two_of_four = "张三：一\n补充说明\n李四：二\n结束\n"
    assert turns_from_text(two_of_four) == []
    assert turns_from_text("张三：只有一行\n") == []  # one label is not a conversation
