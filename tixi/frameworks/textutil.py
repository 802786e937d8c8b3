"""Small text helpers shared by the framework parsers."""

from __future__ import annotations

from pathlib import Path

from tixi.errors import InputError
from tixi.ingest.plaintext import decode_bytes
from tixi.text.normalize import normalize


def clean(text: str) -> str:
    """Return ``text`` normalised the way stored documents are, without surrounding space."""
    return normalize(text).text.strip()


def read_text(path: Path) -> str:
    """Return a text file's content, decoded as ``tixi add`` decodes it (byte order mark, UTF-8, else a guess)."""
    try:
        return decode_bytes(path.read_bytes())[0]
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error})") from error
    except ValueError as error:
        raise InputError(f"{path}: {error}; save it as UTF-8 text") from error


def split_editorial(text: str, markers: tuple[str, ...]) -> tuple[str, list[str]]:
    """Return ``text`` without a trailing editor's note in （…） holding a marker, and the note.

    Manuals transcribed by hand carry notes such as ``诚信教育实践（原表Ⅱ为空）``; the note is
    not part of the title. A text that is nothing but a note stays as it is.
    """
    if not markers or not text.endswith(("）", ")")):
        return text, []
    for position, char in enumerate(text):
        if char not in "（(" or position == 0:
            continue
        inner = text[position + 1:-1]
        found = [inner.find(marker) for marker in markers if marker in inner]
        if not found:
            continue
        lead = inner[: min(found)]
        if "（" in lead or "）" in lead:
            continue
        return text[:position].rstrip(), [inner]
    return text, []

