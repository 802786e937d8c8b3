"""HTML (trafilatura): the main text of a page without navigation, header or footer.

Works offline: trafilatura only parses the bytes given. When it finds no main text the
whole visible text of the body is used instead, with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import trafilatura
from trafilatura.utils import load_html

from tixi.errors import ReadError
from tixi.ingest.base import ReadOptions, ReadProblem, SourceDocument, first_line
from tixi.ingest.limits import LimitExceeded, too_many_bytes

_META_FIELDS = ("title", "date", "url", "author", "sitename")
_INVISIBLE = ("script", "style", "noscript", "template", "head")
_BLOCKS = (
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "table", "td", "th", "tr", "ul",
)
_WHITESPACE = re.compile(r"[ \t\r\n\f\v]+")


class NoTextError(ValueError):
    """The page holds no text at all."""


# What trafilatura, justext and lxml raise on pages they cannot parse (markup, encodings, nesting).
HTML_FAILURES = (ValueError, TypeError, LookupError, AttributeError, AssertionError, RecursionError, UnicodeError)


def html_failure(error: Exception) -> str:
    """Return the one-line reason for a page the HTML libraries failed on."""
    detail = f": {first_line(error, 120)}" if str(error).strip() else ""
    return f"cannot parse the HTML ({type(error).__name__}{detail})"


def _extract(content: bytes | str) -> Any:
    """Return trafilatura's extraction result (main text and metadata), or None.

    Precision first: on short pages trafilatura's default keeps the navigation menu. Only
    when that finds nothing is the default (recall-leaning) extraction tried.
    """
    result: Any = None
    for favor_precision in (True, False):
        # A Document object, since as_dict is left False.
        result = trafilatura.bare_extraction(
            content, with_metadata=True, include_comments=False, include_tables=True,
            favor_precision=favor_precision,
        )
        if result is not None and (result.text or "").strip():
            return result
    return result


def body_text(content: bytes | str) -> str:
    """Return the visible text of the page's body, whitespace tidied, one block per line."""
    tree = load_html(content)
    if tree is None:
        return ""
    for element in list(tree.iter(*_INVISIBLE)):
        element.drop_tree()
    for element in tree.iter():
        # HTML renders any run of whitespace, line breaks included, as one space.
        element.text = _WHITESPACE.sub(" ", element.text) if element.text else element.text
        element.tail = _WHITESPACE.sub(" ", element.tail) if element.tail else element.tail
    for element in tree.iter(*_BLOCKS):
        # A block ends a line; inline elements (a, b, span) run on within it.
        element.tail = "\n" + (element.tail or "")
    body = tree.find(".//body")
    root = body if body is not None else tree
    raw = "".join(root.itertext())
    lines = (line.strip() for line in raw.split("\n"))
    return "\n".join(line for line in lines if line)


def document_from_html(content: bytes | str, format_name: str = "html") -> SourceDocument:
    """Return the document of one HTML page: main text, and title, date, url where present.

    Raises NoTextError when the page has no text at all.
    """
    result = _extract(content)
    text = str(result.text or "").strip() if result is not None else ""
    document = SourceDocument(text=text, format=format_name)
    if result is not None:
        for name in _META_FIELDS:
            value = getattr(result, name, None)
            if value:
                document.meta[name] = str(value)
    if not text:
        document.text = body_text(content)
        if not document.text:
            raise NoTextError("no text found in the HTML page")
        document.warnings.append("no main text found; using the full text of the page body")
    return document


def read_html(path: Path, options: ReadOptions) -> Iterator[SourceDocument | ReadProblem]:
    """Return the one document of an HTML file."""
    if path.stat().st_size > options.limits.max_decompressed_bytes:
        raise LimitExceeded(too_many_bytes(options.limits, "the page"))
    content = path.read_bytes()  # an OSError is reported, with the file, by ingest.read
    try:
        document = document_from_html(content)
    except NoTextError as e:
        raise ReadError(str(path), str(e)) from e
    except HTML_FAILURES as e:
        raise ReadError(str(path), html_failure(e)) from e
    yield document
