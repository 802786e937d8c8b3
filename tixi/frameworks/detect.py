"""Choose the parser for a framework file (or take the one forced) and run it.

By extension: ``.yaml``/``.yml`` → yaml; ``.docx``, ``.html``/``.htm``, ``.pdf``, ``.xlsx``,
``.csv``/``.tsv`` → table; Markdown (``.md``) with a ``|`` table → table. A text file is a scoring
table when it has at least two items with points (``…（2分）``), a table when a ``|``-separated
row has a recognisable header, and an outline otherwise.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from tixi.errors import InputError
from tixi.frameworks.model import Framework
from tixi.frameworks.parse_outline import parse_outline, split_lines
from tixi.frameworks.parse_scoring import is_scored_item, parse_scoring
from tixi.frameworks.parse_table import parse_tables
from tixi.frameworks.table_readers import (
    Table,
    markdown_tables,
    pipe_tables,
    read_csv_tables,
    read_docx_tables,
    read_html_tables,
    read_pdf_tables,
    read_xlsx_tables,
    text_table,
)
from tixi.frameworks.table_roles import find_header, header_row, infer_roles
from tixi.frameworks.textutil import read_text
from tixi.frameworks.vocabulary import Vocabulary
from tixi.frameworks.yaml_io import read_framework_yaml
from tixi.text.normalize import OffsetMap

PARSERS = ("outline", "table", "scoring", "yaml")
_MARKDOWN = (".md", ".markdown")
MIN_SCORED_ITEMS = 2
MIN_TABLE_ROWS = 3  # data rows a | table of a text needs to be read as a scoring table


def _table_readers(vocabulary: Vocabulary) -> dict[str, Callable[[Path], list[Table]]]:
    """Return the reader of each table file extension (HTML lays out its spans by the pack's points cells)."""
    html = partial(read_html_tables, points_cell=vocabulary.points_cell_pattern)
    return {
        ".docx": read_docx_tables, ".html": html, ".htm": html, ".pdf": read_pdf_tables,
        ".xlsx": read_xlsx_tables, ".xlsm": read_xlsx_tables, ".csv": read_csv_tables, ".tsv": read_csv_tables,
    }


@dataclass
class ParsedFile:
    """What reading a framework file gave: the frameworks, the parser used and why."""

    frameworks: list[Framework]
    parser: str
    reason: str
    text: str | None  # the file's text, for text formats (offsets of the items refer to it)


def detect_parser(path: Path, text: str | None, vocabulary: Vocabulary) -> tuple[str, str]:
    """Return (parser name, reason) for a file; ``text`` is its content for text formats."""
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml", f"extension {suffix}"
    if suffix in _table_readers(vocabulary):
        return "table", f"extension {suffix}"
    assert text is not None
    if suffix in _MARKDOWN and markdown_tables(text):
        return "table", "a Markdown table (| rows under a --- rule)"
    scored = sum(1 for line in split_lines(text) if is_scored_item(line.text, vocabulary))
    if scored >= MIN_SCORED_ITEMS:
        return "scoring", f"{scored} lines with points such as （2分）"
    if find_header(_pipe_table(text), vocabulary) is not None:
        return "table", "a row of recognised column names separated by |"
    scoring_tables = [table for table in pipe_tables(text, vocabulary.points_cell_pattern) if _is_scoring_table(table, vocabulary)]
    if scoring_tables:
        return "table", f"{len(scoring_tables)} | table(s) with a header row and a points column"
    return "outline", "no points and no table header: a numbered outline"


def _is_scoring_table(table: Table, vocabulary: Vocabulary) -> bool:
    """Return whether a | table of a text has a header, three rows or more, and a column read as points."""
    header = header_row(table, vocabulary)
    if header is None or len(table.rows) - header < MIN_TABLE_ROWS:
        return False
    try:
        columns = infer_roles(table, header, vocabulary, has_headings=bool(table.headings))
    except InputError:
        return False
    return any(column.role == "points" for column in columns)


def _text_tables(suffix: str, text: str, vocabulary: Vocabulary) -> list[Table]:
    """Return the tables of a text file: Markdown tables, else runs of ``|`` lines, with the headings above each."""
    found = markdown_tables(text) if suffix in _MARKDOWN or "---" in text else []
    return found or pipe_tables(text, vocabulary.points_cell_pattern) or [_pipe_table(text)]


def _pipe_table(text: str) -> Table:
    lines = [(line.text, f"line {line.number}") for line in split_lines(text)]
    return text_table([(line, label) for line, label in lines if "|" in line or "｜" in line], "text table")


def read_framework_file(path: Path, *, name: str | None, system: str | None, vocabulary: Vocabulary, parser: str | None = None,
                        systems: Sequence[str] = (), columns: list[str] | None = None) -> ParsedFile:
    """Return the frameworks read from ``path`` with the parser given or detected."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if parser is not None and parser not in PARSERS:
        raise InputError(f"unknown parser {parser!r}; use one of {', '.join(PARSERS)}")
    suffix = path.suffix.lower()
    readers = _table_readers(vocabulary)
    text = None if suffix in readers else read_text(path)
    chosen, reason = (parser, "forced") if parser else detect_parser(path, text, vocabulary)
    source = str(path)
    if chosen == "yaml":
        return ParsedFile([read_framework_yaml(path, name=name, system=system, systems=systems)], chosen, reason, None)
    if name is None or system is None:
        raise InputError(f"{path}: give --system and --name (only a framework YAML file names its own)")
    if columns is not None and chosen != "table":
        raise InputError(f"--columns names the columns of a table; {path} is read with the {chosen} parser (add --parser table)")
    if chosen == "table":
        tables = readers[suffix](path) if suffix in readers else _text_tables(suffix, text or "", vocabulary)
        return ParsedFile([parse_tables(tables, name=name, system=system, vocabulary=vocabulary, source=source, columns=columns)],
                          chosen, reason, text)
    if text is None:
        raise InputError(f"{path}: the {chosen} parser reads text files; use --parser table for {suffix} files")
    if chosen == "scoring":
        return ParsedFile([parse_scoring(text, name=name, system=system, vocabulary=vocabulary, source=source)], chosen, reason, text)
    return ParsedFile(parse_outline(text, name=name, system=system, vocabulary=vocabulary, source=source), chosen, reason, text)


def to_normalized_offsets(frameworks: list[Framework], offsets: OffsetMap, doc_id: str | None) -> None:
    """Turn item offsets into the original text into offsets into its normalised text (in place)."""
    for framework in frameworks:
        framework.doc_id = doc_id
        for indicator in framework.indicators:
            indicator.doc_id = doc_id
            if indicator.start is not None and indicator.end is not None:
                indicator.start, indicator.end = offsets.to_normalized(indicator.start, indicator.end)
