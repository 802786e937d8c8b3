"""Source readers: turn files of many formats into ``SourceDocument`` objects.

``discover`` lists the files under the paths a user names; ``read`` picks the reader for a
file by its suffix and yields its documents, and ``ReadProblem`` for parts it had to skip.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterable, Iterator
from pathlib import Path

from tixi.errors import ReadError, TixiError
from tixi.ingest.base import ReadOptions, ReadProblem, SourceDocument, first_line
from tixi.ingest.docx import read_docx
from tixi.ingest.html import read_html
from tixi.ingest.limits import LimitExceeded, TimeLimitExceeded, deadline, too_long, too_many_chars
from tixi.ingest.pdf import read_pdf
from tixi.ingest.plaintext import read_plaintext
from tixi.ingest.tables import count_records, read_csv, read_jsonl, read_parquet
from tixi.ingest.transcripts import read_transcript
from tixi.ingest.warc import read_warc

__all__ = [
    "SUPPORTED_SUFFIXES", "ReadOptions", "ReadProblem", "SourceDocument", "discover",
    "count_records", "format_of", "read",
]

Reader = Callable[[Path, ReadOptions], Iterator[SourceDocument | ReadProblem]]

# Suffix (lower case) -> format name. Double suffixes are matched before single ones.
_FORMATS: dict[str, str] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".txt": "txt",
    ".md": "md",
    ".vtt": "vtt",
    ".srt": "srt",
    ".jsonl": "jsonl",
    ".jsonl.gz": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
}

SUPPORTED_SUFFIXES: tuple[str, ...] = tuple(_FORMATS)

DEFAULT_OPTIONS = ReadOptions()

_READERS: dict[str, Reader] = {
    "pdf": read_pdf,
    "docx": read_docx,
    "html": read_html,
    "warc": read_warc,
    "txt": read_plaintext,
    "md": read_plaintext,
    "vtt": read_transcript,
    "srt": read_transcript,
    "jsonl": read_jsonl,
    "csv": read_csv,
    "parquet": read_parquet,
}


def suffix_of(path: Path) -> str:
    """Return the lower-case suffix that decides the format: a known double suffix, or the last."""
    name = path.name.lower()
    for suffix in _FORMATS:
        if suffix.count(".") == 2 and name.endswith(suffix) and len(name) > len(suffix):
            return suffix
    return Path(name).suffix


def format_of(path: Path) -> str | None:
    """Return the format name tixi reads path as ("pdf", "warc", ...), or None if unknown."""
    return _FORMATS.get(suffix_of(path))


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def _files_under(folder: Path) -> list[Path]:
    """Return every non-hidden file below folder (hidden folders skipped), sorted by path."""
    found: list[Path] = []
    for root, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not _is_hidden(name)]
        found.extend(Path(root, name) for name in files if not _is_hidden(name))
    return sorted(found, key=lambda path: path.relative_to(folder).parts)


def discover(paths: Iterable[Path]) -> Iterator[Path]:
    """Return the files named by paths, folders expanded recursively, each at most once.

    Files inside a folder come sorted; hidden files and folders inside it are skipped.
    Everything else is returned, unknown suffixes and missing paths included, so the
    caller can report them (``read`` raises ReadError for them).
    """
    seen: set[Path] = set()
    for path in paths:
        for file in _files_under(path) if path.is_dir() else [path]:
            key = file.absolute()
            if key not in seen:
                seen.add(key)
                yield file


def _unknown_type(path: Path) -> ReadError:
    suffix = suffix_of(path) or "(none)"
    known = ", ".join(SUPPORTED_SUFFIXES)
    return ReadError(str(path), f"unknown file type '{suffix}'; tixi reads: {known}")


def _check_file(path: Path) -> None:
    """Raise ReadError unless path is an existing, non-empty regular file."""
    try:
        if path.is_dir():
            raise ReadError(str(path), "is a folder, not a file")
        size = path.stat().st_size
    except FileNotFoundError as e:
        raise ReadError(str(path), "no such file") from e
    except OSError as e:
        raise ReadError(str(path), f"cannot read file: {e.strerror or e}") from e
    if size == 0:
        raise ReadError(str(path), "file is empty")


# Readers that put each document under the time limit themselves, so that one slow record is
# skipped and the records after it are still read.
_TIMED_BY_READER = frozenset({read_warc})


def _guarded(reader: Reader, path: Path, options: ReadOptions) -> Iterator[SourceDocument | ReadProblem]:
    """Return the reader's items under the limits; any non-tixi exception becomes a ReadError naming the file.

    Each item must come within ``limits.max_seconds`` (the time the caller spends storing it does
    not count), and a document over ``limits.max_chars`` is skipped with the limit named.
    """
    limits = options.limits
    seconds = 0.0 if reader in _TIMED_BY_READER else limits.max_seconds
    items = reader(path, options)
    try:
        while True:
            with deadline(seconds):
                item = next(items, None)
            if item is None:
                return
            if isinstance(item, SourceDocument) and len(item.text) > limits.max_chars:
                item = ReadProblem(str(path), too_many_chars(limits, len(item.text)), item.locator)
            yield item
    except TixiError:
        raise
    except TimeLimitExceeded as e:
        raise ReadError(str(path), too_long(limits)) from e
    except LimitExceeded as e:
        raise ReadError(str(path), str(e)) from e
    except MemoryError as e:
        raise ReadError(str(path), "ran out of memory reading the file; lower the limits in tixi.toml") from e
    except OSError as e:
        raise ReadError(str(path), f"cannot read file: {e.strerror or e}") from e
    except Exception as e:  # a library failure the reader did not foresee must still name the file
        raise ReadError(str(path), f"unexpected error ({type(e).__name__}: {first_line(e)})") from e
    finally:
        if isinstance(items, Generator):
            items.close()  # a reader's open files close now, not when the generator is collected


def read(path: Path, options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[SourceDocument | ReadProblem]:
    """Return an iterator over the documents of path (and ReadProblem for skipped parts).

    Raises ReadError at once for an unknown file type, a missing or empty file; while
    iterating, for a file that as a whole cannot be read.
    """
    format_name = format_of(path)
    if format_name is None:
        raise _unknown_type(path)
    _check_file(path)
    return _guarded(_READERS[format_name], path, options)
