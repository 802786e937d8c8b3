"""Candidate sentences for data flows: cast wide from pack cues, decided later by the flow model.

A candidate is a sentence of an article; a numbered item carries the lead-in that introduces its
list (「下列信息纳入信用记录：」 … 「（四）表彰奖励、志愿服务」), since the verb and the target sit in the
lead-in and the data in the item. A sentence is a candidate when it, or its lead-in, holds an anchor
(a credit or civility instrument word) and a transfer or use verb from the pack.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tixi.text.terms import TermMatcher

SENTENCE = re.compile(r"[^。！？!?\n]+")
# A numbered list item at the start of a line: （一） 一、 1. (1) ① and the like.
ITEM_START = re.compile(r"[ \t\u3000]*(?:[（(][一二三四五六七八九十百\d]+[）)]|[一二三四五六七八九十百]+、|\d{1,3}[.．、）)](?!\d)|[\u2460-\u2473])")
# An article's heading (第十二条, 第三条之一) with the space around it.
ARTICLE_HEAD = re.compile(r"\s*第[一二三四五六七八九十百零〇\d]+条(?:之[一二三四五六七八九十]+)?\s*")
LEAD_IN_END = ("：", ":")


@dataclass(frozen=True)
class UnitSpan:
    """An article (or paragraph) to read: its label and ``[start, end)`` in the text."""

    label: str
    start: int
    end: int


@dataclass(frozen=True)
class Candidate:
    """A sentence that may state a flow: where it is, its text, and the lead-in of its list (or "")."""

    unit: str
    start: int
    end: int
    text: str
    lead_in: str
    item: bool


class CandidateCues:
    """The anchors and verbs of the pack, compiled for a one-pass scan of each sentence."""

    def __init__(self, anchors: Iterable[str], verbs: Iterable[str]) -> None:
        self.anchors = TermMatcher(anchors)
        self.verbs = TermMatcher(verbs)

    def holds(self, text: str) -> tuple[bool, bool]:
        """Return whether ``text`` holds an anchor, and whether it holds a verb."""
        return bool(self.anchors.matches(text)), bool(self.verbs.matches(text))


def sentences_of(text: str, unit: UnitSpan) -> list[Candidate]:
    """Return every sentence of ``unit``, items with the lead-in of their list."""
    body = text[unit.start:unit.end]
    found: list[Candidate] = []
    lead_in = ""
    for match in SENTENCE.finditer(body):
        sentence = match.group()
        if not sentence.strip():
            continue
        line_start = match.start() == 0 or body[match.start() - 1] == "\n"
        item = line_start and ITEM_START.match(sentence) is not None
        if not item and line_start:
            lead_in = ""  # a new paragraph ends the list the lead-in introduced
        found.append(Candidate(unit.label, unit.start + match.start(), unit.start + match.end(), sentence, lead_in if item else "", item))
        stripped = sentence.rstrip()
        if not item and stripped.endswith(LEAD_IN_END):
            lead_in = stripped
    return found


def candidates_of(text: str, units: Sequence[UnitSpan], cues: CandidateCues) -> list[Candidate]:
    """Return the candidate sentences of ``units`` of ``text``, in text order."""
    chosen = []
    for unit in units:
        for sentence in sentences_of(text, unit):
            anchor, verb = cues.holds(sentence.text)
            if sentence.lead_in and not (anchor and verb):
                lead_anchor, lead_verb = cues.holds(sentence.lead_in)
                anchor, verb = anchor or lead_anchor, verb or lead_verb
            if anchor and verb:
                chosen.append(sentence)
    return chosen
