"""WARC web archives (warcio), plain or gzipped: one document per HTML response record.

Records are numbered from 1 in file order, every record type counted, and a document's
locator is "record N". A damaged record yields a ReadProblem; reading then resumes at the
next place a record can start (a gzip member header, or a "WARC/1." version line) after
the damage, and stops when there is none.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from tixi.config import ReadLimits
from tixi.errors import ReadError
from tixi.ingest.base import ReadOptions, ReadProblem, SourceDocument, first_line
from tixi.ingest.html import HTML_FAILURES, NoTextError, document_from_html, html_failure
from tixi.ingest.limits import TimeLimitExceeded, deadline, read_bounded, too_long, too_many_bytes

_GZIP_MEMBER = b"\x1f\x8b\x08"
_WARC_VERSION = b"\nWARC/1."
_SCAN_CHUNK = 1 << 16

_TAIL_PEEK = 1024


class _CutShort(Exception):
    """warcio stopped before the end of the file: the last record is cut short."""


# What warcio raises on a record whose headers it cannot use: it reads a missing WARC-Target-URI
# or a malformed line as None and fails on it (AttributeError, TypeError, IndexError).
_HEADER_DAMAGE = (AttributeError, TypeError, IndexError)
# What a damaged record raises inside warcio: bad headers, bad or cut compressed data.
_DAMAGE = (ArchiveLoadFailed, _CutShort, zlib.error, EOFError, OSError, ValueError, KeyError, *_HEADER_DAMAGE)


def _is_html(record: Any) -> bool:
    """Return True for a response record whose HTTP Content-Type is HTML."""
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = record.http_headers.get_header("Content-Type") or ""
    return "html" in content_type.lower()


def _charset(record: Any) -> str | None:
    """Return the charset named in the record's HTTP Content-Type header, if any."""
    content_type = record.http_headers.get_header("Content-Type") or ""
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _payload(record: Any, limits: ReadLimits) -> bytes | str | None:
    """Return the decoded HTTP body: text if the header names a known charset, else bytes; None if too large."""
    body = read_bounded(record.content_stream(), limits.max_decompressed_bytes)
    if body is None:
        return None
    charset = _charset(record)
    if charset is None:
        return body  # trafilatura detects the encoding from the bytes and meta tags
    try:
        return body.decode(charset, errors="replace")
    except LookupError:
        return body


def _item(path: Path, record: Any, number: int, limits: ReadLimits) -> SourceDocument | ReadProblem | None:
    """Return the document of an HTML response record, a problem, or None for other records."""
    if record.rec_type is None:
        return ReadProblem(str(path), "record has no WARC-Type header (damaged?)", f"record {number}")
    if not _is_html(record):
        return None
    locator = f"record {number}"
    payload = _payload(record, limits)
    if payload is None:
        return ReadProblem(str(path), too_many_bytes(limits, "the record's page"), locator)
    try:
        # One page that sends the extractor into a near-endless loop must not block the records after it.
        with deadline(limits.max_seconds):
            document = document_from_html(payload, format_name="warc")
    except TimeLimitExceeded:
        return ReadProblem(str(path), too_long(limits, "extracting the page's text", "the record was skipped"), locator)
    except NoTextError as e:
        return ReadProblem(str(path), str(e), locator)
    except HTML_FAILURES as e:
        return ReadProblem(str(path), html_failure(e), locator)
    document.locator = locator
    document.meta["url"] = record.rec_headers.get_header("WARC-Target-URI")
    document.meta["capture_date"] = record.rec_headers.get_header("WARC-Date")
    return document


def _flaw(record: Any) -> str | None:
    """Return why a record read to its end is damaged though its framing parsed, or None.

    Only the block digest is trusted: some crawlers compute payload digests over the
    transfer-encoded body, so a payload mismatch is no proof of damage.
    """
    missing = getattr(record.raw_stream, "limit", 0)
    if missing > 0:
        return f"record is cut short ({missing} bytes missing)"
    problems = record.digest_checker.problems if record.digest_checker is not None else []
    if any(problem.startswith("block digest failed") for problem in problems):
        return "record content is damaged (WARC-Block-Digest does not match)"
    return None


def _only_blank_after(stream: IO[bytes], offset: int) -> bool:
    """Return True if the file holds nothing but whitespace from offset on."""
    stream.seek(offset)
    return not stream.read(_TAIL_PEEK).strip()


def _next_start(stream: IO[bytes], after: int, gzipped: bool) -> int | None:
    """Return the offset of the first place after ``after`` where a record may start, or None.

    In a gzipped archive the member marker (1f 8b 08) also turns up by chance inside
    compressed bytes, so a candidate counts only if it inflates to the start of a WARC record.
    """
    marker = _GZIP_MEMBER if gzipped else _WARC_VERSION
    skip = 0 if gzipped else 1  # the version marker includes the line break before it
    position = after
    while True:
        stream.seek(position)
        chunk = stream.read(_SCAN_CHUNK + len(marker))
        if len(chunk) < len(marker):
            return None
        found = chunk.find(marker)
        if found < 0:
            position += _SCAN_CHUNK
        elif gzipped and not _starts_record(stream, position + found, gzipped):
            position += found + 1
        else:
            return position + found + skip


def _starts_record(stream: IO[bytes], offset: int, gzipped: bool) -> bool:
    """Return whether a WARC record starts at ``offset`` (in a gzipped archive: a member that inflates to one)."""
    stream.seek(offset)
    head = stream.read(_SCAN_CHUNK if gzipped else len(_WARC_VERSION))
    if gzipped:
        try:
            head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, len(_WARC_VERSION))
        except zlib.error:
            return False
    return head.startswith(_WARC_VERSION[1:])


def _records_from(stream: IO[bytes], start: int) -> tuple[Any, Iterator[Any]]:
    """Return a warcio iterator reading from offset start, and the record iterator itself."""
    stream.seek(start)
    # True: compute digests and note mismatches on the record, without logging or raising.
    archive = ArchiveIterator(stream, check_digests=True)
    return archive, iter(archive)


def _read_records(path: Path, stream: IO[bytes], limits: ReadLimits) -> Iterator[SourceDocument | ReadProblem]:
    """Return the documents and problems of the archive in stream, resuming after damage."""
    # By name too: a .warc.gz whose first member is damaged must still be scanned for members.
    gzipped = path.name.lower().endswith(".gz") or stream.read(len(_GZIP_MEMBER)) == _GZIP_MEMBER
    base = 0  # offset in the file where the current warcio iterator started
    record_start = 0  # offset where the record being read starts
    number = 0  # number of the last record read or reported
    damaged = False  # True while resuming attempts still land inside the same damage
    if not _starts_record(stream, 0, gzipped):
        # warcio would read leading junk as a record or two of garbage, differently for each
        # file; report the damage once and resume at the first real record instead.
        resume = _next_start(stream, 1, gzipped)
        if resume is None:
            raise ReadError(str(path), "not a WARC archive (no WARC record found)")
        base = record_start = resume
        number = 1
        yield ReadProblem(str(path), "damaged record: the archive does not start with a WARC record", "record 1")
    archive, records = _records_from(stream, base)
    while True:
        attempt = number + 1
        try:
            record = next(records, None)
            if record is None:
                if _only_blank_after(stream, record_start):
                    return
                # warcio ends quietly when a gzip member or a record's headers are cut off.
                raise _CutShort("the archive ends inside this record (file truncated?)")
            item = _item(path, record, attempt, limits)
            # Offsets are only valid once the record was read to its end.
            # A forged negative Content-Length makes warcio report a record ending before it starts.
            record_start = max(record_start, base + archive.get_record_offset() + archive.get_record_length())
            flaw = _flaw(record)
            if flaw is not None:
                item = ReadProblem(str(path), flaw, f"record {attempt}")
        except _DAMAGE as e:
            resume = _next_start(stream, record_start + 1, gzipped)
            if not damaged:
                if resume is None and number == 0:
                    raise ReadError(str(path), f"not a WARC archive ({_short(e)})") from e
                number = attempt
                yield ReadProblem(str(path), f"damaged record: {_short(e)}", f"record {attempt}")
            if resume is None:
                return
            damaged = True
            record_start = base = resume
            archive, records = _records_from(stream, base)
            continue
        number = attempt
        damaged = False
        if item is not None:
            yield item


def _short(error: Exception) -> str:
    """Return what a damaged record's error says, in one short line (warcio quotes raw bytes)."""
    if isinstance(error, _HEADER_DAMAGE):
        return "a WARC header the record needs (WARC-Target-URI, Content-Length...) is missing or malformed"
    return first_line(error, 120)


def read_warc(path: Path, options: ReadOptions) -> Iterator[SourceDocument | ReadProblem]:
    """Return one document per HTML response record of a .warc or .warc.gz file."""
    with path.open("rb") as stream:  # an OSError is reported, with the file, by ingest.read
        yield from _read_records(path, stream, options.limits)
