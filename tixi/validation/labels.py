"""Labelled articles (docs/labelling.md): read, checked against their text, grouped by document.

A label file is JSON Lines, one article a line: ``doc`` (a document key), ``article`` (its label),
``text`` (the article as tixi segments it), ``flows`` and ``codes`` (lists, maybe empty), and
optionally ``title``, ``split`` (``train`` or ``frozen``), ``stratum``, ``sha256``, ``start``, ``end``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tixi.errors import InputError
from tixi.model import FLOW_TYPES


@dataclass(frozen=True)
class GoldFlow:
    """One labelled flow: its type, direction, modality, fields, and where its quote lies in the article."""

    type: str
    direction: str
    modality: str
    source: str
    target: str
    data: str
    quote: str
    start: int  # -1 when the quote is not found in the article text
    end: int


@dataclass(frozen=True)
class Article:
    """One labelled article."""

    doc: str
    article: str
    text: str
    title: str = ""
    split: str = "train"
    stratum: str = ""
    flows: tuple[GoldFlow, ...] = ()
    codes: tuple[tuple[str, str | None], ...] = ()  # (code id, polarity or None)
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def key(self) -> str:
        """Return ``doc:article``, the article's id in label files."""
        return f"{self.doc}:{self.article}"

    @property
    def flow_types(self) -> frozenset[str]:
        """Return the types of the article's labelled flows (A, B, C, W)."""
        return frozenset(flow.type for flow in self.flows)


def locate(text: str, quote: str) -> tuple[int, int]:
    """Return where ``quote`` lies in ``text`` (whitespace-insensitive), or (-1, -1)."""
    if not quote:
        return -1, -1
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    compact = "".join(quote.split())
    positions = [index for index, char in enumerate(text) if not char.isspace()]
    squeezed = "".join(text[index] for index in positions)
    at = squeezed.find(compact)
    if at < 0 or not compact:
        return -1, -1
    return positions[at], positions[at + len(compact) - 1] + 1


def parse_article(row: dict[str, Any], where: str) -> Article:
    """Return the article of one label row; raise InputError naming ``where`` on a bad row."""
    if "doc" not in row or "article" not in row:
        if isinstance(row.get("id"), str) and ":" in row["id"]:
            row = {**row, "doc": row["id"].split(":", 1)[0], "article": row["id"].split(":", 1)[1]}
        else:
            raise InputError(f"{where}: each label needs doc and article (or id 'doc:article')")
    text = row.get("text")
    if not isinstance(text, str):
        raise InputError(f"{where}: label {row['doc']}:{row['article']} has no article text ('text'); see docs/labelling.md")
    flows = []
    for item in row.get("flows") or []:
        if not isinstance(item, dict) or item.get("type") not in FLOW_TYPES:
            raise InputError(f"{where}: a flow of {row['doc']}:{row['article']} needs a type A, B, C or W")
        start, end = locate(text, str(item.get("quote", "")))
        flows.append(GoldFlow(str(item["type"]), str(item.get("direction", "")), str(item.get("modality", "")),
                              str(item.get("source", "")), str(item.get("target", "")), str(item.get("data", "")),
                              str(item.get("quote", "")), start, end))
    codes = []
    for item in row.get("codes") or []:
        if not isinstance(item, dict) or not item.get("code"):
            raise InputError(f"{where}: a code of {row['doc']}:{row['article']} needs 'code'")
        polarity = item.get("polarity")
        codes.append((str(item["code"]), None if polarity in (None, "", "null") else str(polarity)))
    known = {"doc", "article", "text", "title", "split", "stratum", "flows", "codes"}
    return Article(str(row["doc"]), str(row["article"]), text, str(row.get("title") or ""), str(row.get("split") or "train"),
                   str(row.get("stratum") or ""), tuple(flows), tuple(sorted(set(codes))),
                   {key: value for key, value in row.items() if key not in known})


def load_labels(path: str | Path) -> list[Article]:
    """Return the labelled articles of a JSON Lines file, in file order."""
    source = Path(path)
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise InputError(f"cannot read labels {source}: {error.strerror or error}") from error
    articles = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as error:
            raise InputError(f"{source}:{number}: not JSON ({error})") from error
        if not isinstance(row, dict):
            raise InputError(f"{source}:{number}: expected an object per line")
        articles.append(parse_article(row, f"{source}:{number}"))
    if not articles:
        raise InputError(f"{source}: no labelled articles")
    return articles


def label_lines(path: str | Path) -> list[str]:
    """Return the non-empty lines of a label file (what a model's provenance hashes)."""
    return [line for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
