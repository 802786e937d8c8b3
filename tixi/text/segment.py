"""Split normalised text into structural units: chapters, articles, numbered items,
paragraphs and sentences.

Every unit is a ``Segment`` over the text it was found in; labels are kept as printed
(``第十二条``, ``（三）``, ``Ⅲ-34``), numbers are their values. Patterns anchor at the start of a
line, the way Chinese legal and administrative texts lay out their structure, so a
cross-reference inside a sentence (``依照第十条规定``) is not an article.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from tixi.model import Segment
from tixi.text.numerals import chinese_to_int, circled_to_int

_CN = "零〇一二三四五六七八九十百千两"

_HEADING = re.compile(
    rf"^[ \t]*(?P<label>第(?P<num>[{_CN}\d]+)(?P<unit>编|章|节|条)(?:之(?P<sub>[{_CN}]+))?)(?=[ \t\u3000]|$|[^\n{_CN}\d款项])",
    re.MULTILINE,
)
# Numbered items, outermost first; each alternative names its level.
_ITEM = re.compile(
    r"^[ \t]*(?:"
    rf"(?P<l1>[{_CN}]+)、"
    rf"|(?P<l2>[（(][{_CN}]+[）)])"
    r"|(?P<roman>[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ]-\d+)"
    r"|(?P<l3>\d{1,3})[.．、](?!\d)"
    r"|(?P<l4>[（(]\d{1,3}[）)])"
    r"|(?P<l5>\d{1,3}[）)])"
    r"|(?P<l6>[\u2460-\u2473])"
    r")",
    re.MULTILINE,
)
_ITEM_DEPTH = {"l1": 1, "l2": 2, "roman": 2, "l3": 3, "l4": 4, "l5": 5, "l6": 6}
_HEADING_KIND = {"编": "part", "章": "chapter", "节": "section", "条": "article"}
_HEADING_DEPTH = {"part": 0, "chapter": 1, "section": 2, "article": 3}

# A sentence ends at Chinese or Western end punctuation (a Western full stop only before
# whitespace, so 3.5 stays whole), with any closing quotes or brackets, or at a line end.
_SENTENCE_END = re.compile(r"(?:[。！？!?]+|\.(?=\s)|…+)[”’」』\"')）】]*|\n")
_LINE = re.compile(r"[^\n]+")


def segment_text(text: str, *, sentences: bool = True) -> list[Segment]:
    """Return the structural segments of ``text``: headings, items, paragraphs, sentences."""
    segments: list[Segment] = []
    segments.extend(_headings(text))
    segments.extend(_items(text, segments))
    segments.extend(_paragraphs(text))
    if sentences:
        segments.extend(_sentences(text))
    return segments


def _headings(text: str) -> list[Segment]:
    """Return parts, chapters, sections and articles, each running to the next heading of its level or above."""
    found: list[Segment] = []
    for match in _HEADING.finditer(text):
        kind = _HEADING_KIND[match.group("unit")]
        number = chinese_to_int(match.group("num"))
        label = match.group("label")
        found.append(Segment(kind, match.start("label"), len(text), label=label, number=number))
    # Close each heading at the next one of the same or an outer level.
    for index, segment in enumerate(found):
        depth = _HEADING_DEPTH[segment.kind]
        for later in found[index + 1:]:
            if _HEADING_DEPTH[later.kind] <= depth:
                segment.end = _trim_end(text, later.start)
                break
        else:
            segment.end = _trim_end(text, len(text))
        segment.parent = _enclosing(found, index, depth)
    return found


def _enclosing(found: list[Segment], index: int, depth: int) -> int | None:
    for candidate in range(index - 1, -1, -1):
        if _HEADING_DEPTH[found[candidate].kind] < depth and found[candidate].end >= found[index].end:
            return candidate
    return None


def _items(text: str, headings: list[Segment]) -> list[Segment]:
    """Return numbered items; an item ends at the next item of its depth or shallower, or its article's end."""
    found: list[tuple[Segment, int]] = []
    for match in _ITEM.finditer(text):
        group = match.lastgroup or "l1"
        label = match.group(group)
        found.append((Segment("item", match.start(group), len(text), label=label, number=_item_number(group, label)), _ITEM_DEPTH[group]))
    boundaries = sorted(segment.start for segment in headings)
    items: list[Segment] = []
    for index, (segment, depth) in enumerate(found):
        limit = _next_boundary(boundaries, segment.start, len(text))
        end = limit
        for later, later_depth in found[index + 1:]:
            if later.start >= limit:
                break
            if later_depth <= depth:
                end = later.start
                break
        segment.end = _trim_end(text, end)
        segment.meta["depth"] = depth
        items.append(segment)
    return items


def _item_number(group: str, label: str) -> int | None:
    if group == "roman":
        return int(label.split("-", 1)[1])
    if group == "l6":
        return circled_to_int(label)
    digits = label.strip("（()）")
    return chinese_to_int(digits)


def _next_boundary(sorted_starts: list[int], position: int, default: int) -> int:
    index = bisect_right(sorted_starts, position)
    return sorted_starts[index] if index < len(sorted_starts) else default


def _trim_end(text: str, end: int) -> int:
    while end > 0 and text[end - 1] in " \t\n\f":
        end -= 1
    return end


def _paragraphs(text: str) -> Iterator[Segment]:
    """Yield one paragraph per non-blank line, without its surrounding spaces."""
    for match in _LINE.finditer(text):
        start, end = _strip(text, match.start(), match.end())
        if end > start:
            yield Segment("paragraph", start, end)


def _sentences(text: str) -> Iterator[Segment]:
    """Yield sentences: spans between end punctuation (quotes kept with their sentence) or line ends."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        first, last = _strip(text, start, end)
        if last > first:
            yield Segment("sentence", first, last)
        start = end
    first, last = _strip(text, start, len(text))
    if last > first:
        yield Segment("sentence", first, last)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n\f":
        start += 1
    while end > start and text[end - 1] in " \t\n\f":
        end -= 1
    return start, end


# Where an annex or a table printed after an article begins: a block (after a blank line) that opens with
# 附件/附表/附录, a bracketed title 【…】, a separator line, or a table row (cells separated by " | ").
_ANNEX_BLOCK = re.compile(r"\n[ \t]*\n[ \t]*(?=附件|附表|附录|【[^】\n]+】|={3,}|-{3,}|[^\n|]*\|[^\n|]*\|)")


def article_body(text: str) -> str:
    """Return an article's own text: up to an annex or table printed after it (the last article often runs on into one).

    A scoring table after 第二十二条 本办法自2020年1月1日起实施 is not part of that article; searching it
    as the article's context would join words from unrelated rows.
    """
    found = _ANNEX_BLOCK.search(text)
    return text[:found.start()] if found else text
