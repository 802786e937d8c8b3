"""Plain text (.txt) and Markdown (.md): decode the bytes, keep the text exactly as written.

Chinese text files come in many encodings (UTF-8, GB18030/GBK, Big5, UTF-16 from Windows
tools). The decoder tries what a file declares (a byte order mark) first, then strict
UTF-8, then a statistical guess; a few damaged bytes in UTF-8 or a legacy encoding are kept as
U+FFFD with a warning; anything that still looks like binary data is refused.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from charset_normalizer import from_bytes

from tixi.config import ReadLimits
from tixi.errors import ReadError
from tixi.ingest.base import ReadOptions, ReadProblem, SourceDocument
from tixi.ingest.limits import LimitExceeded, too_many_chars
from tixi.ingest.transcripts import mark_interview

BINARY = "binary data, not text"

# Longest marks first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# GB18030 is a superset of GBK and GB2312 that decodes their bytes identically, so a guess
# of either is widened: it also decodes the rare characters GBK lacks.
_WIDER_ENCODING = {"gbk": "gb18030", "gb2312": "gb18030", "cp936": "gb18030", "hz": "gb18030"}

# Control characters that ordinary text files contain.
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1a\x1b")
_MAX_CONTROL_SHARE = 0.02

_MARKDOWN_H1 = re.compile(r"^#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """Return the encoding a byte order mark at the start of data declares and the mark's length."""
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return encoding, len(mark)
    return None


def guess_encoding(data: bytes) -> str | None:
    """Return charset-normalizer's best guess for data (GBK family widened to GB18030), or None."""
    best = from_bytes(data).best()
    if best is None:
        return None
    name = codecs.lookup(best.encoding).name
    return _WIDER_ENCODING.get(name, name)


def looks_binary(text: str) -> bool:
    """Return True if text holds NUL characters or a high share of other control characters."""
    if "\x00" in text:
        return True
    if not text:
        return False
    controls = sum(
        1 for char in text if char not in _TEXT_CONTROLS and unicodedata.category(char) == "Cc"
    )
    return controls / len(text) > _MAX_CONTROL_SHARE


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return the text of data and the name of the encoding used.

    Raises ValueError(BINARY) when the bytes are not text in any encoding tried.
    """
    text, encoding, _ = decode_counted(data)
    return text, encoding


def decode_counted(data: bytes) -> tuple[str, str, int]:
    """Return the text of data, the encoding used and how many damaged byte sequences became U+FFFD.

    Raises ValueError(BINARY) when the bytes are not text in any encoding tried.
    """
    replaced = 0
    declared = bom_encoding(data)
    if declared is not None:
        encoding, mark_length = declared
        text = data[mark_length:].decode(encoding.removesuffix("-sig"))
    elif b"\x00" in data:
        # Text without a byte order mark never holds NUL bytes; checked before the slow guess.
        raise ValueError(BINARY)
    else:
        encoding, text, replaced = _decode_unmarked(data)
    if looks_binary(text):
        raise ValueError(BINARY)
    return text, encoding, replaced


# Text with a few damaged bytes (a file cut and pasted together, one bad sector) is kept, the
# damage replaced, when its valid non-ASCII characters outnumber the damaged places this many
# times (UTF-8 and legacy encodings alike); text in another encoding read as UTF-8 is damaged
# nearly everywhere.
_DAMAGED_RATIO = 20
_REPLACEMENT_BYTES = "\ufffd".encode()


def decode_utf8_replacing(data: bytes) -> tuple[str, int]:
    """Return data decoded as UTF-8, each damaged byte sequence as U+FFFD, and how many there were."""
    text = data.decode("utf-8", errors="replace")
    return text, text.count("\ufffd") - data.count(_REPLACEMENT_BYTES)  # a U+FFFD written in the file is no damage


def _few_damaged(text: str, damaged: int) -> bool:
    """Return whether text decoded with ``damaged`` places replaced has a few damaged places among many valid characters."""
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    return damaged > 0 and non_ascii - damaged >= damaged * _DAMAGED_RATIO


def _damaged_utf8(data: bytes) -> tuple[str, int] | None:
    """Return (text, damaged places) when data is UTF-8 with a few damaged bytes, else None."""
    text, damaged = decode_utf8_replacing(data)
    return (text, damaged) if _few_damaged(text, damaged) else None


def _decode_unmarked(data: bytes) -> tuple[str, str, int]:
    """Return (encoding, text, damaged places) for bytes without a byte order mark: UTF-8, else a guess."""
    try:
        return "utf-8", data.decode("utf-8"), 0
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return "utf-8", damaged[0], damaged[1]
    encoding = guess_encoding(data)
    if encoding is not None:
        try:
            return encoding, data.decode(encoding), 0
        except UnicodeDecodeError:
            pass
    damaged_legacy = _damaged_legacy(data)
    if damaged_legacy is None:
        raise ValueError(BINARY)
    return damaged_legacy


# Where a damaged byte sits in text of a legacy encoding: GB18030 rejects fewest byte sequences of
# the legacy Chinese encodings, so what it rejects is damage in any of them (a stray 0xFF, a cut
# character). The encoding is then guessed from the bytes without those places.
_DAMAGE_PROBE = "gb18030"


def _bad_ranges(data: bytes, encoding: str, most: int) -> list[tuple[int, int]] | None:
    """Return the byte ranges ``encoding`` cannot decode, or None when there are more than ``most``."""
    ranges: list[tuple[int, int]] = []
    position = 0
    decoder = codecs.getincrementaldecoder(encoding)()
    while position < len(data):
        try:
            decoder.decode(data[position:], final=True)
            return ranges
        except UnicodeDecodeError as error:
            ranges.append((position + error.start, position + error.end))
            if len(ranges) > most:
                return None
            position += error.end
            decoder.reset()
    return ranges


def _damaged_legacy(data: bytes) -> tuple[str, str, int] | None:
    """Return (encoding, text, damaged places) when data is text of a legacy encoding with a few damaged bytes.

    Kept on the same terms as damaged UTF-8: the valid non-ASCII characters outnumber the damaged
    places ``_DAMAGED_RATIO`` times, and the encoding guessed without them decodes the rest.
    """
    most = max(1, len(data) // (2 * _DAMAGED_RATIO))  # two bytes a character at best
    ranges = _bad_ranges(data, _DAMAGE_PROBE, most)
    if not ranges:
        return None
    # Around a damaged place two-byte characters may be read out of step (a lost byte shows only where
    # the shifted bytes stop decoding), but never across a line end (0x0A is no part of a character in
    # these encodings): the guess reads the lines without damage.
    pieces, position = [], 0
    for start, end in ranges:
        line_start = data.rfind(b"\n", 0, start) + 1
        if line_start > position:
            pieces.append(data[position:line_start])
        line_end = data.find(b"\n", end)
        position = len(data) if line_end < 0 else max(position, line_end + 1)
    pieces.append(data[position:])
    clean = b"".join(pieces)
    if len(clean) * 2 < len(data):  # damage on most lines: not a text with a few damaged bytes
        return None
    encoding = guess_encoding(clean)
    if encoding is None:
        return None
    damaged = _bad_ranges(data, encoding, most)
    if not damaged:
        return None
    text = data.decode(encoding, errors="replace")
    return (encoding, text, len(damaged)) if _few_damaged(text, len(damaged)) else None


def sniff_encoding(head: bytes, complete: bool) -> str:
    """Return the codec to stream a file with, judged from its first bytes ``head``.

    ``complete`` says head is the whole file; otherwise a multi-byte character may be cut at
    the end, which must not count against an encoding. Raises ValueError(BINARY).
    """
    declared = bom_encoding(head)
    if declared is not None:
        encoding = declared[0]
        # The plain UTF-16/32 codecs consume the mark themselves when streaming.
        return encoding if encoding == "utf-8-sig" else encoding[:-3]
    if b"\x00" in head:
        raise ValueError(BINARY)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=complete)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if not complete and b"\n" in head:
        # Cut at a line end so the guess never sees half a character.
        head = head[: head.rindex(b"\n") + 1]
    guessed = guess_encoding(head)
    if guessed is None:
        damaged = _damaged_legacy(head)  # the file is decoded with damage replaced; only its encoding is needed here
        if damaged is None:
            raise ValueError(BINARY)
        guessed = damaged[0]
    return guessed


def first_line_title(text: str) -> str | None:
    """Return the first non-empty line of text, stripped, or None."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return None


def markdown_title(text: str) -> str | None:
    """Return the text of the first level-1 ATX heading (``# Title``), or None."""
    match = _MARKDOWN_H1.search(text)
    return match.group(1).strip() if match else None


_HTML_COMMENT = re.compile(r"<!--.*?-->\n?", re.DOTALL)
_HEADING_MARK = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.MULTILINE)
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


def markdown_text(text: str) -> str:
    """Return Markdown as the text a reader sees: comments, heading marks and bold marks dropped.

    Heading text and the article numbers inside it stay (``## 第一章 总则`` becomes ``第一章 总则``),
    so segmentation finds chapters and articles at line starts as in plain text.
    """
    text = _HTML_COMMENT.sub("", text)
    text = _HEADING_MARK.sub(lambda match: match.group(1), text)
    return _EMPHASIS.sub(lambda match: match.group(2), text)


def read_plaintext(path: Path, options: ReadOptions) -> Iterator[SourceDocument | ReadProblem]:
    """Return the one document of a .txt or .md file, decoded, with title and interview turns."""
    check_length(path, options.limits)
    data = path.read_bytes()  # an OSError is reported, with the file, by ingest.read
    try:
        text, encoding, replaced = decode_counted(data)
    except ValueError as e:
        raise ReadError(str(path), str(e)) from e
    del data
    is_markdown = path.suffix.lower() == ".md"
    if is_markdown:
        title = markdown_title(text)
        text = markdown_text(text)
    document = SourceDocument(
        text=text,
        format="md" if is_markdown else "txt",
        meta={"encoding": encoding},
        encoding=encoding,
    )
    if not is_markdown:
        title = first_line_title(text)
    if title:
        document.meta["title"] = title
    if replaced:
        document.warnings.append(damage_warning(replaced, encoding))
    if not text.strip():
        document.warnings.append("file holds only whitespace")
    if not is_markdown:
        mark_interview(document)
    yield document


def damage_warning(replaced: int, encoding: str) -> str:
    """Return the warning for text kept with damaged byte sequences replaced by U+FFFD."""
    return f"{replaced} damaged byte sequence(s) that are not {encoding} were kept as U+FFFD (\ufffd)"


_STREAM_CHUNK = 1 << 20


def check_length(path: Path, limits: ReadLimits) -> None:
    """Raise LimitExceeded when the text file holds more than ``limits.max_chars`` characters.

    A file of no more bytes than the limit cannot hold more characters; a larger one is decoded
    in chunks and counted, so a huge file is refused without ever being held in memory.
    """
    if path.stat().st_size <= limits.max_chars:
        return
    with path.open("rb") as stream:
        head = stream.read(_SNIFF_HEAD)
        try:
            encoding = sniff_encoding(head, complete=False)
        except ValueError as e:
            raise ReadError(str(path), str(e)) from e  # binary from the start: not worth loading
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        count = len(decoder.decode(head))
        for chunk in iter(lambda: stream.read(_STREAM_CHUNK), b""):
            count += len(decoder.decode(chunk))
            if count > limits.max_chars:
                raise LimitExceeded(too_many_chars(limits))
    if count > limits.max_chars:
        raise LimitExceeded(too_many_chars(limits, count))


_SNIFF_HEAD = 1 << 16
