"""PDF text as a reader sees it: running headers, footers and page numbers out, wrapped lines joined.

PDFium gives the text layer line by line as printed. A reader skips the running header
(「…常务委员会公报」) and the page number (「— 2 —」) at the top and bottom of each page, and reads a
sentence wrapped at the line end, or at the page end, as one. ``reading_edits`` returns that reading
as edits of the original text, ``(start, end, replacement)``: the original keeps every character
(the offset map points back into it), the normalised text is what is read.

- A running header or footer is a short line among the first or last lines of a page whose text,
  digits masked, recurs there on at least two pages and on ``RUNNING_SHARE`` of them; a page number
  is a line there that holds only a number in one of the usual dresses.
- A line break is joined when the line before is full (as long as the page's long lines, so the
  text was wrapped, not ended), does not end a sentence, and the next line does not start an
  article, item or list head. Chinese joins with nothing between; Latin words with a space, and
  a word hyphenated at the line end loses its hyphen (PDFium often joins those itself, leaving
  U+FFFE where the hyphen was, which goes too).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from tixi.text.normalize import is_cjk

Edit = tuple[int, int, str]

EDGE_LINES = 3  # lines at the top and at the bottom of a page where headers, footers and page numbers stand
RUNNING_SHARE = 0.4  # share of pages a line must recur on to be a running header or footer
MAX_RUNNING_LENGTH = 60
FULL_SHARE_CJK = 0.85  # a line this share of the page's long lines is full: the text was wrapped there
FULL_SHARE_LATIN = 0.75  # ragged right: a long word moved to the next line leaves more space

_DIGITS = re.compile(r"[0-9０-９]+")
_DASH = r"[\s\-–—－─―~·•]*"
_PAGE_NUMBER = re.compile(
    rf"^{_DASH}(?:第\s*)?[0-9０-９]+\s*(?:页)?(?:\s*[/／]\s*[0-9０-９]+)?(?:\s*[,，]?\s*共\s*[0-9０-９]+\s*页)?{_DASH}$"
    r"|^(?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?$"
    rf"|^{_DASH}[ivxlcIVXLC]{{1,6}}{_DASH}$",
    re.IGNORECASE,
)
_CLOSERS = "”’」』）)】》〉\"'"
_SENTENCE_END = set("。！？；：.!?;:…")
_HEAD = re.compile(
    r"^(?:第[一二三四五六七八九十百千零〇两0-9]+[编章节条款项]"
    r"|[（(][一二三四五六七八九十百0-9]+[）)]"
    r"|[一二三四五六七八九十]+[、.．]"
    r"|[0-9]+[、.．](?![0-9])"
    r"|[①-⑳⑴-⒇㈠-㈩]"
    r"|[•·●▪■◆□]"
    r"|[-–—*]\s)"
)
_INDENT = ("\u3000", "  ", "\t")
_PDFIUM_HYPHEN = re.compile("\ufffe")



@dataclass
class _Line:
    start: int  # offset of the first non-blank character in the whole text
    end: int  # offset after the last non-blank character
    text: str  # stripped
    raw: str  # as printed, leading spaces included
    page: int


def _lines(text: str, page_start: int, page: int) -> list[_Line]:
    found = []
    position = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            start = page_start + position + lead
            found.append(_Line(start, start + len(stripped), stripped, raw, page))
        position += len(raw) + 1
    return found


def _edges(lines: list[_Line]) -> list[_Line]:
    """Return the lines at the top and at the bottom of a page (each once)."""
    if len(lines) <= 2 * EDGE_LINES:
        return lines
    return lines[:EDGE_LINES] + lines[-EDGE_LINES:]


def _running_keys(pages: list[list[_Line]]) -> set[str]:
    """Return the digit-masked texts of lines that recur at the edges of enough pages to be running heads."""
    with_text = [lines for lines in pages if lines]
    if len(with_text) < 2:
        return set()
    counts: Counter[str] = Counter()
    for lines in with_text:
        counts.update({_key(line.text) for line in _edges(lines) if len(line.text) <= MAX_RUNNING_LENGTH})
    needed = max(2, RUNNING_SHARE * len(with_text))
    return {key for key, count in counts.items() if count >= needed}


def _key(text: str) -> str:
    return _DIGITS.sub("#", re.sub(r"\s+", "", text))


def _furniture(pages: list[list[_Line]]) -> set[int]:
    """Return the start offsets of the lines that are page furniture: running heads and page numbers."""
    running = _running_keys(pages)
    dropped: set[int] = set()
    for lines in pages:
        for line in _edges(lines):
            if _key(line.text) in running or _PAGE_NUMBER.match(line.text):
                dropped.add(line.start)
    return dropped


def _printed(text: str) -> list[str]:
    """Return the printed lines of a line of text: PDFium joins a hyphenated line end with the next line."""
    return text.split("\ufffe")


def _full_length(lines: list[_Line]) -> int:
    """Return the length of a full line on a page: the 90th percentile of its printed line lengths."""
    lengths = sorted(len(part) for line in lines for part in _printed(line.text))
    return lengths[min(len(lengths) - 1, (len(lengths) * 9) // 10)] if lengths else 0


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return not stripped or stripped[-1] in _SENTENCE_END


def _joins(before: _Line, after: _Line, full: int) -> bool:
    """Return whether the break between two lines is a wrap inside one paragraph."""
    if _ends_sentence(before.text) or _HEAD.match(after.text) or after.raw.startswith(_INDENT):
        return False
    share = FULL_SHARE_CJK if is_cjk(before.text[-1]) else FULL_SHARE_LATIN
    return full > 0 and len(_printed(before.text)[-1]) >= share * full


def _joiner(before: _Line, after: _Line) -> tuple[int, str]:
    """Return where the join starts (before a dropped hyphen) and what replaces the break."""
    last, first = before.text[-1], after.text[0]
    if is_cjk(last) or is_cjk(first):
        return before.end, ""
    if last == "-" and len(before.text) > 1 and before.text[-2].isalpha() and first.islower():
        return before.end - 1, ""
    return before.end, " "


def reading_edits(pages: list[str], starts: list[int]) -> list[Edit]:
    """Return the edits of the joined page texts (page i starts at ``starts[i]``) that give the text as read."""
    page_lines = [_lines(text, start, number) for number, (text, start) in enumerate(zip(pages, starts, strict=True))]
    dropped = _furniture(page_lines)
    full = {number: _full_length([line for line in lines if line.start not in dropped]) for number, lines in enumerate(page_lines)}
    body = [line for lines in page_lines for line in lines if line.start not in dropped]
    if not body:
        return []
    total = starts[-1] + len(pages[-1])
    edits: list[Edit] = []
    if any(start < body[0].start for start in dropped):
        edits.append((0, body[0].start, ""))
    for before, after in zip(body, body[1:], strict=False):
        gap_has_furniture = any(before.end <= start < after.start for start in dropped)
        if _joins(before, after, full[before.page]):
            start, joiner = _joiner(before, after)
            edits.append((start, after.start, joiner))
        elif gap_has_furniture or before.page != after.page:
            edits.append((before.end, after.start, "\n"))
    if any(start > body[-1].start for start in dropped):
        edits.append((body[-1].end, total, ""))
    # PDFium writes a word hyphenated at a line end as one word with U+FFFE where the hyphen was.
    text = "\f".join(pages)
    edits.extend((match.start(), match.end(), "") for match in _PDFIUM_HYPHEN.finditer(text))
    return sorted(edits)
