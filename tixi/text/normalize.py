"""Normalise text for matching while keeping a map back to every original character.

What is folded, and why only that:
- full-width letters, digits and symbols (Ａ１％) and the ideographic space become their ASCII
  forms (the full-width punctuation of Chinese text, ，：；（）, stays as printed), and other
  compatibility characters whose NFKC form is a single character are folded too, so that
  searches and patterns see one spelling;
- item labels keep their printed form: NFKC would turn Ⅲ into III and ① into 1, and those
  labels are what readers of an assessment manual look for (``Ⅲ-34``, ``①``);
- runs of spaces and tabs become one space, CR LF and CR become LF, zero-width characters
  go;
- optionally traditional characters become simplified (OpenCC ``t2s``); the project records
  that it did.

The work is done by ``str.translate`` and a few regular expressions, so it runs at C speed;
the offset map stores only the places where lengths changed.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

NORMALIZER_VERSION = "tixi-norm/1"

# Code point ranges whose characters are item labels in Chinese documents: Roman numerals,
# circled, parenthesised and full-stop numbers, parenthesised and circled ideographs.
_LABEL_RANGES = (
    (0x2160, 0x2188),  # Ⅰ Ⅱ … ⅰ ⅱ …
    (0x2460, 0x24FF),  # ① ⑴ ⒈ Ⓐ …
    (0x2776, 0x2793),  # ❶ …
    (0x3200, 0x32FF),  # ㈠ ㊀ …
)

# Full-width punctuation that is the normal form in Chinese text stays as printed: folding
# ，to , would change every quote a reader sees and every pattern written in Chinese.
_CHINESE_PUNCTUATION = frozenset("！＂＇（），．：；？［］｛｝｟｠｡｢｣､")

_SPACE_LIKE = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\x0b"


def _is_label(code_point: int) -> bool:
    return any(low <= code_point <= high for low, high in _LABEL_RANGES)


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    """Return the ``str.translate`` table of one-to-one folds (built once)."""
    table: dict[int, str] = {}
    for code_point in range(0x80, 0x30000):
        if 0xD800 <= code_point <= 0xDFFF or _is_label(code_point) or chr(code_point) in _CHINESE_PUNCTUATION:
            continue
        char = chr(code_point)
        folded = unicodedata.normalize("NFKC", char)
        # Only length-preserving folds: anything else would change what a reader sees as
        # one character (for instance ㎡ → m2) and is left alone.
        if folded != char and len(folded) == 1 and not unicodedata.combining(folded):
            table[code_point] = folded
    for char in _SPACE_LIKE:
        table[ord(char)] = " "
    table[ord("\f")] = "\f"  # page breaks stay
    return table


# Each alternative becomes one replacement: (pattern group, replacement text).
_RUNS = re.compile(r"(?P<crlf>\r\n?)|(?P<spaces> {2,})|(?P<zero>[\u200b\u200c\u200d\u2060\ufeff\u00ad]+)")
_RUN_REPLACEMENT = {"crlf": "\n", "spaces": " ", "zero": ""}


@dataclass(frozen=True)
class OffsetMap:
    """Map offsets in normalised text back to the original.

    ``edits`` lists the places where a run of ``orig_len`` original characters became
    ``norm_len`` normalised ones, as ``(norm_start, norm_len, orig_start, orig_len)``,
    sorted. Between edits characters correspond one to one. A normalised character inside
    an edit maps to the whole original run, so a mapped span never cuts a run in two.
    """

    edits: tuple[tuple[int, int, int, int], ...]
    original_length: int

    @cached_property
    def _norm_starts(self) -> list[int]:
        return [edit[0] for edit in self.edits]

    def _edit_before(self, position: int) -> tuple[int, int, int, int] | None:
        index = bisect_right(self._norm_starts, position) - 1
        # Deletions (norm_len 0) share a start with the next character; take the last edit
        # that starts at or before the position.
        return self.edits[index] if index >= 0 else None

    def char_range(self, position: int) -> tuple[int, int]:
        """Return the original ``[start, end)`` that normalised character ``position`` came from."""
        edit = self._edit_before(position)
        if edit is None:
            return position, position + 1
        norm_start, norm_len, orig_start, orig_len = edit
        if position < norm_start + norm_len:
            return orig_start, orig_start + orig_len
        original = orig_start + orig_len + (position - norm_start - norm_len)
        return original, original + 1

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Return the original ``[start, end)`` covered by normalised ``[start, end)``."""
        if end <= start:
            point = self.char_range(start)[0] if start < self.normalized_length else self.original_length
            return point, point
        return self.char_range(start)[0], self.char_range(end - 1)[1]

    @cached_property
    def _orig_starts(self) -> list[int]:
        return [edit[2] for edit in self.edits]

    def to_normalized(self, start: int, end: int) -> tuple[int, int]:
        """Return the normalised ``[start, end)`` for original ``[start, end)`` (runs taken whole)."""
        return self._normalized_position(start, is_end=False), max(
            self._normalized_position(start, is_end=False), self._normalized_position(end, is_end=True)
        )

    def _normalized_position(self, position: int, *, is_end: bool) -> int:
        index = bisect_right(self._orig_starts, position - 1 if is_end else position) - 1
        if index < 0:
            return position
        norm_start, norm_len, orig_start, orig_len = self.edits[index]
        inside = orig_start < position <= orig_start + orig_len if is_end else orig_start <= position < orig_start + orig_len
        if inside:
            return norm_start + norm_len if is_end else norm_start
        return norm_start + norm_len + (position - orig_start - orig_len)

    @cached_property
    def normalized_length(self) -> int:
        """Return the length of the normalised text this map belongs to."""
        shift = sum(edit[1] - edit[3] for edit in self.edits)
        return self.original_length + shift

    def to_json(self) -> dict[str, Any]:
        """Return a JSON-ready form for the store."""
        return {"edits": [list(edit) for edit in self.edits], "original_length": self.original_length}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OffsetMap:
        """Return the map stored by ``to_json``."""
        edits = tuple((int(a), int(b), int(c), int(d)) for a, b, c, d in data["edits"])
        return cls(edits, int(data["original_length"]))


@dataclass(frozen=True)
class Normalized:
    """Normalised text and the map back to the original."""

    text: str
    offsets: OffsetMap
    converter: str | None  # OpenCC configuration applied, if any


def normalize(original: str, *, convert: str | None = None, reading: Sequence[tuple[int, int, str]] = ()) -> Normalized:
    """Return ``original`` normalised, with its offset map.

    ``convert`` names an OpenCC configuration (``"t2s"``: traditional to simplified) to
    apply after folding; ``None`` leaves characters as written. ``reading`` holds a reader's
    replacements of original ranges, ``(start, end, replacement)``, sorted and apart (a PDF's
    page headers dropped, its wrapped lines joined); they enter the offset map like any fold.
    """
    folded = original.translate(fold_table())
    text, edits = _replace_runs(folded, reading)
    if convert:
        text, edits = _convert_script(text, edits, convert, len(original))
    return Normalized(text, OffsetMap(tuple(edits), len(original)), convert)


def _spans(folded: str, given: Sequence[tuple[int, int, str]]) -> Iterator[tuple[int, int, str]]:
    """Return the replacements in order: the given edits, and the runs found between them."""
    position = 0
    for start, end, replacement in sorted(given):
        if start < position or end > len(folded) or (start == end and not replacement):
            continue  # overlapping or empty: not an edit the reader could mean
        for match in _RUNS.finditer(folded, position, start):
            yield match.start(), match.end(), _RUN_REPLACEMENT[match.lastgroup or ""]
        yield start, end, replacement
        position = end
    for match in _RUNS.finditer(folded, position):
        yield match.start(), match.end(), _RUN_REPLACEMENT[match.lastgroup or ""]


def _replace_runs(folded: str, given: Sequence[tuple[int, int, str]] = ()) -> tuple[str, list[tuple[int, int, int, int]]]:
    pieces: list[str] = []
    edits: list[tuple[int, int, int, int]] = []
    previous_end = 0
    shift = 0  # normalised position minus original position so far
    for start, end, replacement in _spans(folded, given):
        pieces.append(folded[previous_end:start])
        edits.append((start + shift, len(replacement), start, end - start))
        pieces.append(replacement)
        shift += len(replacement) - (end - start)
        previous_end = end
    pieces.append(folded[previous_end:])
    return "".join(pieces), edits


# Script conversion is applied per clause: a clause whose length the converter keeps maps
# character by character; one whose length changes maps as a whole to its original range.
_CLAUSE = re.compile(r"[^，。；：！？、\n,.;:!?]*[，。；：！？、\n,.;:!?]?")


@lru_cache(maxsize=4)
def _opencc(config: str) -> Any:
    try:
        import opencc
    except ImportError as error:  # pragma: no cover - dependency is declared
        raise RuntimeError("traditional→simplified conversion needs the 'opencc-python-reimplemented' package") from error
    return opencc.OpenCC(config)


def _convert_script(
    text: str, edits: list[tuple[int, int, int, int]], config: str, original_length: int
) -> tuple[str, list[tuple[int, int, int, int]]]:
    converter = _opencc(config)
    converted = converter.convert(text)
    if len(converted) == len(text):
        return converted, edits
    # Rare: a phrase changed length. Re-map clause by clause through the existing map.
    first = OffsetMap(tuple(edits), original_length)
    pieces: list[str] = []
    new_edits: list[tuple[int, int, int, int]] = []
    norm_position = 0
    for match in _CLAUSE.finditer(text):
        clause = match.group()
        if not clause:
            continue
        out = converter.convert(clause)
        start, end = match.span()
        if len(out) == len(clause):
            for offset in range(len(clause)):
                orig_start, orig_end = first.char_range(start + offset)
                new_edits.append((norm_position + offset, 1, orig_start, orig_end - orig_start))
        else:
            orig_start, orig_end = first.to_original(start, end)
            new_edits.append((norm_position, len(out), orig_start, orig_end - orig_start))
        pieces.append(out)
        norm_position += len(out)
    return "".join(pieces), _compact(new_edits)


def _compact(edits: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Return edits without one-to-one entries that the identity rule already implies."""
    kept: list[tuple[int, int, int, int]] = []
    shift = 0
    for norm_start, norm_len, orig_start, orig_len in sorted(edits):
        if norm_len == 1 and orig_len == 1 and orig_start - norm_start == shift:
            continue
        kept.append((norm_start, norm_len, orig_start, orig_len))
        shift = (orig_start + orig_len) - (norm_start + norm_len)
    return kept


def is_cjk(char: str) -> bool:
    """Return whether ``char`` is a CJK character (radicals to ideographs, compatibility forms, full-width forms, planes 2-3)."""
    code = ord(char)
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF or 0x20000 <= code <= 0x3FFFF
