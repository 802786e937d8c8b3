"""Corpora stored as tables, one document per row: JSON Lines, CSV and Parquet.

The text column is ``options.text_column`` or the first of TEXT_COLUMNS present; the id
column ``options.id_column`` or "id" if present, its value kept as meta["row_id"]; every
other column becomes meta. Files are streamed, never loaded whole. A row that cannot be
used yields a ReadProblem and reading goes on. Locators: "line N" for JSON Lines (the
physical line, from 1), "row N" for CSV and Parquet (data rows from 1, header not counted).
"""

from __future__ import annotations

import csv
import datetime
import decimal
import gzip
import io
import json
import math
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from tixi.config import ReadLimits
from tixi.errors import ReadError
from tixi.ingest.base import SKIPPED, ReadOptions, ReadProblem, SourceDocument
from tixi.ingest.limits import too_many_bytes, too_many_chars
from tixi.ingest.plaintext import sniff_encoding

TEXT_COLUMNS = ("text", "content", "body", "正文")
ID_COLUMN = "id"

_EXTRA_FIELDS = "_extra_fields"  # where csv.DictReader puts cells beyond the header
_SNIFF_BYTES = 1 << 16
_PARQUET_BATCH_ROWS = 1024
_PANDAS_INDEX_PREFIX = "__index_level_"
_GZIP_DAMAGE = (OSError, EOFError, zlib.error)

_FIELD_LIMIT_ERROR = "field larger than field limit"

Item = SourceDocument | ReadProblem


@dataclass(frozen=True)
class Columns:
    """The names of the text column and of the id column (None: no id column)."""

    text: str
    id: str | None


def choose_columns(path: Path, names: Sequence[str], options: ReadOptions) -> Columns:
    """Return the text and id columns among names, or raise ReadError naming the columns."""
    listed = ", ".join(repr(name) for name in names) or "none"
    text = options.text_column or next((name for name in TEXT_COLUMNS if name in names), None)
    if text is None or text not in names:
        wanted = repr(text) if text else "one of " + ", ".join(repr(n) for n in TEXT_COLUMNS)
        raise ReadError(str(path), f"no text column ({wanted}); columns found: {listed}; "
                                   "name the text column with --text-column")
    if options.id_column is not None and options.id_column not in names:
        raise ReadError(str(path), f"no id column {options.id_column!r}; columns found: {listed}")
    id_column = options.id_column or (ID_COLUMN if ID_COLUMN in names else None)
    return Columns(text=text, id=id_column if id_column != text else None)


def plain_value(value: Any) -> Any:
    """Return value as JSON-ready data: dates as ISO strings, NaN as None, bytes as hex."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, Mapping):
        return {str(key): plain_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain_value(item) for item in value]
    return value


def row_document(
    path: Path, values: Mapping[str, Any], columns: Columns, format_name: str, locator: str,
) -> Item:
    """Return the document of one row, or a ReadProblem if its text is missing or empty."""
    text = values.get(columns.text)
    if text is None or (isinstance(text, str) and not text.strip()):
        return ReadProblem(str(path), f"missing or empty text in column {columns.text!r}", locator)
    if not isinstance(text, str):
        kind = type(text).__name__
        return ReadProblem(str(path), f"text in column {columns.text!r} is not a string ({kind})",
                           locator)
    meta = {
        name: plain_value(value)
        for name, value in values.items()
        if name not in (columns.text, columns.id)
    }
    row_id = values.get(columns.id) if columns.id else None
    if row_id is not None and row_id != "":
        meta["row_id"] = str(plain_value(row_id))
    return SourceDocument(text=text, format=format_name, meta=meta, locator=locator)


# JSON Lines ------------------------------------------------------------------------------


def _json_object(raw: bytes, number: int) -> dict[str, Any] | str | None:
    """Return the object on a line, None for a blank line, or the reason it is unusable."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return f"not UTF-8 ({e.reason} at byte {e.start})"
    if number == 1:
        line = line.lstrip("\ufeff")
    if not line.strip():
        return None
    try:
        value = json.loads(line)
    except json.JSONDecodeError as e:
        return f"invalid JSON: {e.msg} (column {e.colno})"
    if not isinstance(value, dict):
        return f"not a JSON object but {type(value).__name__}"
    return value


def _bounded_lines(stream: gzip.GzipFile | io.BufferedReader, limit: int) -> Iterator[bytes | None]:
    """Return the lines of stream; None for a line longer than ``limit`` bytes, which is skipped unread."""
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        if len(raw) <= limit or raw.endswith(b"\n"):
            yield raw
            continue
        while raw and not raw.endswith(b"\n"):  # skip the rest of the line a block at a time
            raw = stream.readline(_SKIP_BLOCK)
        yield None


_SKIP_BLOCK = 1 << 20


_SKIPPED = "skipped"  # what a record passed over (ReadOptions.skip) stands for: counted, not parsed


def _jsonl_items(path: Path, stream: gzip.GzipFile | io.BufferedReader, limits: ReadLimits,
                 skip: int = 0) -> Iterator[tuple[int, dict[str, Any] | str | None]]:
    """Return (line number, object or reason or None) per line; a reason for damage, then stop.

    The first ``skip`` records (non-blank lines) after the first object come as ``_SKIPPED``, unparsed:
    the first object is always parsed, since it names the columns.
    """
    number = records = 0
    named = False  # an object has been parsed: the columns are known
    lines = _bounded_lines(stream, limits.max_decompressed_bytes)
    while True:
        try:
            raw = next(lines, b"")
        except _GZIP_DAMAGE as e:
            if number == 0:
                raise ReadError(str(path), f"cannot decompress: {e}") from e
            yield number + 1, f"file is damaged or cut short here: {e}"
            return
        if raw == b"":
            return
        number += 1
        if raw is not None and named and records < skip and _is_record(raw):
            records += 1
            yield number, _SKIPPED
            continue
        parsed = too_many_bytes(limits, "the line") if raw is None else _json_object(raw, number)
        named = named or isinstance(parsed, dict)
        records += parsed is not None
        yield number, parsed


def _is_record(raw: bytes) -> bool:
    """Return whether a line holds a record (an object or a reason): what `_json_object` does not return None for."""
    first = raw.lstrip(b" \t\r\n")[:1]
    if first and b"!" <= first <= b"~":  # a printable ASCII character: not blank, whatever follows
        return True
    try:
        return bool(raw.decode("utf-8").strip())
    except UnicodeDecodeError:
        return True


def _open_lines(path: Path) -> gzip.GzipFile | io.BufferedReader:
    """Return path opened for reading bytes, decompressed if its name ends in ".gz"."""
    if path.name.lower().endswith(".gz"):
        return gzip.GzipFile(path, "rb")
    return path.open("rb")


def read_jsonl(path: Path, options: ReadOptions) -> Iterator[Item]:
    """Return one document per line of a .jsonl, .ndjson or .jsonl.gz file."""
    columns: Columns | None = None
    records = 0
    with _open_lines(path) as stream:
        for number, parsed in _jsonl_items(path, stream, options.limits, options.skip):
            locator = f"line {number}"
            if parsed is None:
                continue
            if isinstance(parsed, dict) and columns is None:
                # The first usable object names the columns: JSON Lines have no header.
                columns = choose_columns(path, list(parsed), options)
            records += 1
            if records <= options.skip:
                yield SKIPPED  # unparsed after the first object
                continue
            if isinstance(parsed, str):
                yield ReadProblem(str(path), parsed, locator)
            elif columns is not None:
                yield row_document(path, parsed, columns, "jsonl", locator)


# CSV ---------------------------------------------------------------------------------------


def _csv_encoding(path: Path) -> str:
    """Return the encoding to read a CSV file with, judged from its first bytes."""
    with path.open("rb") as stream:
        head = stream.read(_SNIFF_BYTES + 1)
    try:
        return sniff_encoding(head[:_SNIFF_BYTES], complete=len(head) <= _SNIFF_BYTES)
    except ValueError as e:
        raise ReadError(str(path), str(e)) from e


def _csv_rows(path: Path, reader: csv.DictReader[str], limits: ReadLimits) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Return (row number, values or reason) per data row; a decoding error or an over-long field ends the file."""
    number = 0
    while True:
        try:
            values = next(reader, None)
        except csv.Error as e:
            number += 1
            if _FIELD_LIMIT_ERROR in str(e):
                # The parser stopped inside the field: what follows cannot be split into rows reliably.
                yield number, f"a field is longer than the limit; reading stopped ({too_many_chars(limits)})"
                return
            yield number, f"bad CSV row: {e}"
            continue
        except UnicodeDecodeError as e:
            yield number + 1, f"cannot decode text as {e.encoding}: {e.reason}; reading stopped"
            return
        if values is None:
            return
        number += 1
        yield number, dict(values)


def read_csv(path: Path, options: ReadOptions) -> Iterator[Item]:
    """Return one document per data row of a CSV file with a header row."""
    encoding = _csv_encoding(path)
    # The parser's field limit is the document limit: a 100 MB cell is refused while it is read.
    csv.field_size_limit(options.limits.max_chars)
    with path.open(encoding=encoding, newline="") as stream:
        reader = csv.DictReader(stream, restkey=_EXTRA_FIELDS)
        try:
            names = reader.fieldnames
        except (csv.Error, UnicodeDecodeError) as e:
            raise ReadError(str(path), f"cannot read the CSV header: {e}") from e
        if not names:
            raise ReadError(str(path), "CSV file has no header row")
        columns = choose_columns(path, names, options)
        for index, (number, values) in enumerate(_csv_rows(path, reader, options.limits)):
            if index < options.skip:
                yield SKIPPED  # parsed (rows may span lines), not prepared
                continue
            locator = f"row {number}"
            if isinstance(values, str):
                yield ReadProblem(str(path), values, locator)
            else:
                yield row_document(path, values, columns, "csv", locator)


# Parquet -----------------------------------------------------------------------------------


def _open_parquet(path: Path) -> Any:
    """Return the pyarrow ParquetFile, or raise ReadError if path is not a Parquet file."""
    try:
        return pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as e:
        raise ReadError(str(path), f"not a Parquet file ({e})") from e


def read_parquet(path: Path, options: ReadOptions) -> Iterator[Item]:
    """Return one document per row of a Parquet file, read in batches."""
    parquet = _open_parquet(path)
    # pandas stores a non-default index as an extra column; it is not data.
    names = [name for name in parquet.schema_arrow.names
             if not name.startswith(_PANDAS_INDEX_PREFIX)]
    columns = choose_columns(path, names, options)
    number = 0
    batches = iter(parquet.iter_batches(batch_size=_PARQUET_BATCH_ROWS, columns=names))
    while True:
        try:
            batch = next(batches, None)
        except (pa.ArrowException, OSError) as e:
            yield ReadProblem(str(path), f"damaged data, reading stopped: {e}", f"row {number + 1}")
            return
        if batch is None:
            return
        passed = min(max(options.skip - number, 0), batch.num_rows)  # rows passed over (ReadOptions.skip), not converted
        number += passed
        yield from (SKIPPED for _ in range(passed))
        for values in batch.slice(passed).to_pylist():
            number += 1
            yield row_document(path, values, columns, "parquet", f"row {number}")


# Counting, for progress bars ---------------------------------------------------------------


def count_records(path: Path) -> int | None:
    """Return how many documents a table corpus holds (non-blank lines, data lines, rows), or None if unknown.

    A quick pass before reading, so a progress bar over one large corpus file can show how far
    it has got; for CSV it counts lines, an upper bound when fields span lines.
    """
    name = path.name.lower()
    try:
        if name.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
            with _open_lines(path) as stream:
                return sum(1 for line in stream if line.strip())
        if name.endswith(".csv"):
            with path.open("rb") as stream:
                return max(sum(1 for line in stream if line.strip()) - 1, 0)
        if name.endswith(".parquet"):
            return int(_open_parquet(path).metadata.num_rows)
    except (OSError, EOFError, zlib.error, ReadError):
        return None  # the read itself reports what is wrong with the file
    return None
