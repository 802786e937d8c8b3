"""Hostile inputs the tests share, made with the real libraries: forged WARC records, DOCX parts rewritten."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from bench.hostile_files import docx_bomb


def warc_record(uri: str, payload: bytes, *, gzip: bool) -> bytes:
    """Return one WARC response record (made by warcio) of an HTML page served as UTF-8."""
    buffer = BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=BytesIO(payload), http_headers=headers))
    return buffer.getvalue()


def docx_with_document_xml(path: Path, rewrite: Callable[[bytes], bytes]) -> Path:
    """Write a one-paragraph DOCX (made by python-docx) whose word/document.xml is ``rewrite`` of the original."""
    plain = docx_bomb(path.with_name(path.stem + ".source.docx"), 1)
    with zipfile.ZipFile(plain) as source:
        entries = [(entry.filename, source.read(entry)) for entry in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in entries:
            out.writestr(name, rewrite(data) if name == "word/document.xml" else data)
    return path
