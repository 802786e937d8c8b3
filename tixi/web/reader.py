"""The reader's text as HTML: the stored text cut into pieces, each a ``<span data-s="OFFSET">`` holding
exactly the characters from OFFSET on (escaped), so the browser computes a selection's offsets from
its text nodes (``app.js``), never from rendered HTML.

A piece is cut wherever a coding, a flow, an article, a page or the focused span starts or ends.
Codings colour a piece by the code that started last (``k<N>`` classes from ``/codes.css``); flows
underline it. Bidirectional control characters (U+202A…U+202E, U+2066…U+2069, …) would reorder
what a reader sees: each is shown as a visible, inert mark ([U+202E]) in a piece of its own, whose
``data-len`` (1) tells ``app.js`` how many stored characters it stands for.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from typing import Any

from markupsafe import Markup, escape

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
BIDI_PATTERN = re.compile(f"[{BIDI_CONTROLS}]")
PALETTE = ("#ffd166", "#8ecae6", "#b5e48c", "#f4a4c0", "#cdb4db", "#ffb703", "#90e0ef", "#caffbf", "#ffc8dd", "#bde0fe",
           "#fdffb6", "#a0c4ff", "#ffadad", "#9bf6ff", "#e9c46a", "#d8f3dc")
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def inert(value: Any) -> Any:
    """Return a value for a template with bidirectional control characters made visible (Jinja ``finalize``)."""
    if isinstance(value, str) and not isinstance(value, Markup) and BIDI_PATTERN.search(value):
        return BIDI_PATTERN.sub(lambda match: f"[U+{ord(match.group()):04X}]", value)
    return value


def code_colour(code_id: str, stored: str | None) -> str:
    """Return a code's colour: the stored one if it is #rrggbb, else one from the palette chosen by the id."""
    if stored and HEX_COLOUR.match(stored):
        return stored.lower()
    digest = hashlib.sha256(code_id.encode()).digest()
    return PALETTE[digest[0] % len(PALETTE)]


def codes_css(codes: Sequence[tuple[str, str | None]]) -> str:
    """Return the stylesheet giving each code (in the order given, as ``k<index>``) its colour."""
    lines = [f".k{index}{{--code:{code_colour(code_id, colour)}}}" for index, (code_id, colour) in enumerate(codes)]
    return "\n".join(lines) + "\n"


def render_text(text: str, codings: Sequence[dict[str, Any]], flows: Sequence[dict[str, Any]], articles: Sequence[dict[str, Any]],
                pages: Sequence[int], code_index: dict[str, int], focus: tuple[int, int] | None = None,
                turns: Sequence[dict[str, Any]] = ()) -> Markup:
    """Return the text as escaped pieces with data-s offsets, marked by codings, flows, articles, pages, turns and focus."""
    length = len(text)
    cuts = {0, length}
    starts: dict[int, list[dict[str, Any]]] = {}
    ends: dict[int, list[dict[str, Any]]] = {}
    for coding in codings:
        start, end = _clamp(coding["start"], coding["end"], length)
        if start < end:
            cuts.update((start, end))
            starts.setdefault(start, []).append(coding)
            ends.setdefault(end, []).append(coding)
    flow_edges: dict[int, int] = {}
    for flow in flows:
        start, end = _clamp(flow["start"], flow["end"], length)
        if start < end:
            cuts.update((start, end))
            flow_edges[start] = flow_edges.get(start, 0) + 1
            flow_edges[end] = flow_edges.get(end, 0) - 1
    markers: dict[int, list[str]] = {}
    for number, article in enumerate(articles):
        at = _clamp(article["start"], article["start"], length)[0]
        cuts.add(at)
        markers.setdefault(at, []).append(f'<span class="art" id="art-{number}" data-label="{escape(inert(article["label"]))}"></span>')
    for turn in turns:
        at = _clamp(turn["start"], turn["start"], length)[0]
        cuts.add(at)
        markers.setdefault(at, []).append(f'<span class="turn" data-label="{escape(inert(turn["label"]))}"></span>')
    for page, at in enumerate(pages, start=2):
        at = _clamp(at, at, length)[0]
        cuts.add(at)
        markers.setdefault(at, []).append(f'<span class="pg" data-label="p. {page}"></span>')
    if focus is not None:
        cuts.update(_clamp(focus[0], focus[1], length))
    for found in BIDI_PATTERN.finditer(text):
        cuts.update((found.start(), found.end()))
    ordered = sorted(cuts)
    active: dict[int, dict[str, Any]] = {}
    in_flow = 0
    parts: list[str] = []
    for index, start in enumerate(ordered[:-1]):
        end = ordered[index + 1]
        for coding in ends.get(start, ()):
            active.pop(int(coding["id"]), None)
        for coding in starts.get(start, ()):
            active[int(coding["id"])] = coding
        in_flow += flow_edges.get(start, 0)
        parts.extend(markers.get(start, ()))
        parts.append(_piece(text, start, end, active, in_flow > 0, code_index, focus))
    parts.extend(markers.get(length, ()))
    return Markup("".join(parts))


def _clamp(start: Any, end: Any, length: int) -> tuple[int, int]:
    return max(0, min(int(start), length)), max(0, min(int(end), length))


def _piece(text: str, start: int, end: int, active: dict[int, dict[str, Any]], in_flow: bool, code_index: dict[str, int],
           focus: tuple[int, int] | None) -> str:
    classes: list[str] = []
    attributes = f' data-s="{start}"'
    if active:
        top = max(active.values(), key=lambda coding: (int(coding["start"]), int(coding["id"])))
        classes += ["cd", f"k{code_index.get(str(top['code_id']), 0)}"]
        if len(active) > 1:
            classes.append("multi")
        attributes += f' data-c="{" ".join(str(key) for key in sorted(active))}"'
    if in_flow:
        classes.append("fl")
    if focus is not None and focus[0] <= start and end <= focus[1] and focus[0] < focus[1]:
        classes.append("hit")
    chunk = text[start:end]
    if end - start == 1 and BIDI_PATTERN.match(chunk):
        classes.append("bidi")
        attributes += f' data-len="1" title="U+{ord(chunk):04X} (a bidirectional control character, shown inert)"'
        shown = f"[U+{ord(chunk):04X}]"  # what it is, in place of what it would do (the offsets stay those of one character)
    else:
        shown = str(escape(chunk))
    if classes:
        attributes += f' class="{" ".join(classes)}"'
    return f"<span{attributes}>{shown}</span>"


def code_order(codes: Iterable[str]) -> dict[str, int]:
    """Return each code id's index in the stylesheet (sorted ids)."""
    return {code_id: index for index, code_id in enumerate(sorted(codes))}
