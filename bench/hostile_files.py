"""Hostile files made with the real libraries and nothing of tixi: shared by bench/hostile.py and tests/hostile.

bench/hostile.py imports this module by its name (the script's folder is on the path); the
tests import it as ``bench.hostile_files`` (the repository root is on pytest's path).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx

PARAGRAPH = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>"
_BLOCK = 10_000  # paragraphs written at once: the XML is streamed, never held whole


def docx_bomb(path: Path, paragraphs: int) -> Path:
    """Write a DOCX (made by python-docx) whose word/document.xml holds ``paragraphs`` tiny paragraphs, streamed."""
    plain = path.with_name(path.stem + ".plain.docx")
    document = docx.Document()
    document.add_paragraph("正文")
    document.save(str(plain))
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename != "word/document.xml":
                bomb.writestr(entry, data)
                continue
            head, _, tail = data.partition(b"<w:body>")
            member = zipfile.ZipInfo("word/document.xml")
            member.compress_type = zipfile.ZIP_DEFLATED
            with bomb.open(member, "w", force_zip64=True) as out:
                out.write(head + b"<w:body>")
                block = PARAGRAPH * _BLOCK
                for _ in range(paragraphs // _BLOCK):
                    out.write(block)
                out.write(PARAGRAPH * (paragraphs % _BLOCK))
                out.write(tail.split(b"</w:p>", 1)[-1] if b"</w:p>" in tail else tail)
    plain.unlink()
    return path
