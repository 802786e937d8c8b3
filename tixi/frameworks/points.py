"""Points as scoring tables print them: signed numbers, ranges, caps and effects that are no number.

A points cell (or a criterion that carries its points in brackets) reads as one ``Points``:

- ``10``, ``10分``, ``+10``, ``-20`` — one number, its sign kept;
- ``-10至-50``, ``+0.1至+0.9``, ``1~3分`` — a range (low, high);
- ``每年最多加40分`` — a cap: at most 40 points from this item;
- ``降C级``, ``一票否决`` — an effect on the grade that adds or takes no points;
- ``…（15分）`` inside a criterion — the points of that criterion.

Whether points are earned or taken away (``kind``: score, bonus, deduction, effect) comes from
the sign, else from the pack's ``penalty_markers`` / ``bonus_markers`` found in the cell or
in its context (column name, headings, the titles above). Deductions are stored negative.
All words come from the pack (``frameworks/parsing.yaml``, ``points:``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tixi.frameworks.model import Framework, Indicator
from tixi.frameworks.vocabulary import Vocabulary

_NUMBER = r"[+\-]?\d+(?:\.\d+)?"
_SIGNS = str.maketrans({"＋": "+", "－": "-", "−": "-", "﹣": "-", "．": ".", "～": "~"})
MAX_POINTS_CELL = 40  # a longer cell is text that mentions numbers, not a points cell


@dataclass(frozen=True)
class Points:
    """The points of one item: range (low == high for one number), cap, effect, kind, as printed."""

    text: str
    low: float | None = None
    high: float | None = None
    cap: float | None = None
    effect: str = ""
    kind: str = "score"  # score, bonus, deduction or effect

    @property
    def value(self) -> float | None:
        """Return the most the item can move the total: the range's bound of largest size, else the cap."""
        if self.low is not None and self.high is not None:
            return self.low if abs(self.low) > abs(self.high) else self.high
        return self.cap

    @property
    def weight(self) -> float:
        """Return the size of ``value`` (0 for an effect without points), for point-weighted shares."""
        return abs(self.value) if self.value is not None else 0.0

    def as_meta(self) -> dict[str, Any]:
        """Return the points as plain data for an indicator's ``meta['points']``."""
        data: dict[str, Any] = {"text": self.text, "kind": self.kind}
        for key, number in (("low", self.low), ("high", self.high), ("cap", self.cap)):
            if number is not None:
                data[key] = int(number) if float(number).is_integer() else number
        if self.effect:
            data["effect"] = self.effect
        return data


def read_points(text: str, vocabulary: Vocabulary, *, context: str = "", in_text: bool = False) -> Points | None:
    """Return the points written in ``text``, or None when it holds none.

    ``in_text``: ``text`` is a criterion or a title, whose numbers count only inside brackets
    (``（15分）``) or as a cap; ``context`` is what surrounds the cell (column name, headings).
    """
    raw = text.translate(_SIGNS).strip()
    if not raw:
        return None
    unit = re.escape(vocabulary.points_unit)
    cap = _cap(raw, vocabulary, unit)
    if in_text or len(raw) > MAX_POINTS_CELL:
        match = re.search(_bracketed(unit), raw)
        if match is not None:
            number = float(match["n"])
            return _finish(text, number, number, cap, "", match.group(0), context, vocabulary)
        return _finish(text, None, None, cap, "", raw, context, vocabulary) if cap is not None else None
    effect = raw if any(marker in raw for marker in vocabulary.effect_markers) else ""
    separators = "|".join(re.escape(separator) for separator in vocabulary.range_separators) or "(?!)"
    ranged = re.search(rf"(?P<a>{_NUMBER})\s*{unit}?\s*(?:{separators})\s*(?P<b>{_NUMBER})", raw)
    if ranged is not None:
        first, second = float(ranged["a"]), float(ranged["b"])
        if ranged["a"].startswith("-") and not ranged["b"].startswith(("-", "+")):
            second = -second  # "-10至50" means -10 to -50
        low, high = sorted((first, second))
        return _finish(text, low, high, cap, effect, raw, context, vocabulary)
    single = re.search(rf"(?P<n>{_NUMBER})", raw)
    if single is not None and cap is None and raw[single.end():single.end() + 1] not in vocabulary.grade_units:
        number = float(single["n"])
        return _finish(text, number, number, None, effect, raw, context, vocabulary)
    if cap is not None:
        return _finish(text, None, None, cap, effect, raw, context, vocabulary)
    if effect:
        return Points(text=text.strip(), effect=effect, kind="effect")
    return None


def _bracketed(unit: str) -> str:
    """Return the pattern of points in brackets inside a text: （15分）, （加分项，10分）."""
    return rf"[（(][^（）()]{{0,12}}?(?P<n>{_NUMBER})\s*{unit}[^（）()]{{0,4}}[）)]"


def without_points(title: str, vocabulary: Vocabulary) -> str:
    """Return ``title`` without the points in brackets it carries: 保障机制（2分） → 保障机制."""
    return re.sub(_bracketed(re.escape(vocabulary.points_unit)), "", title)


def _cap(raw: str, vocabulary: Vocabulary, unit: str) -> float | None:
    markers = "|".join(re.escape(marker) for marker in vocabulary.cap_markers) or "(?!)"
    match = re.search(rf"(?:{markers})[^\d，。；,;]{{0,4}}?(?P<n>{_NUMBER})\s*{unit}", raw)
    return abs(float(match["n"])) if match else None


def _verb_before_number(raw: str, verbs: tuple[str, ...]) -> bool:
    pattern = "|".join(re.escape(verb) for verb in verbs) or "(?!)"
    return re.search(rf"(?:{pattern})\s*{_NUMBER}", raw) is not None


def _finish(text: str, low: float | None, high: float | None, cap: float | None, effect: str, raw: str, context: str,
            vocabulary: Vocabulary) -> Points:
    stripped = raw.lstrip()
    minus = stripped.startswith("-") or (low is not None and low < 0)
    plus = stripped.startswith("+")
    penalty = _verb_before_number(raw, vocabulary.deduct_verbs) or any(marker in raw for marker in vocabulary.penalty_markers)
    bonus = _verb_before_number(raw, vocabulary.add_verbs) or any(marker in raw for marker in vocabulary.bonus_markers)
    if not (minus or plus or penalty or bonus):  # the cell says nothing: its surroundings may
        for marker in vocabulary.both_ways_markers:  # 加减分 holds 减分, yet names points of either sign
            context = context.replace(marker, " ")
        penalty = any(marker in context for marker in vocabulary.penalty_markers)
        bonus = not penalty and any(marker in context for marker in vocabulary.bonus_markers)
    if minus or (penalty and not plus):
        low, high = (None if low is None else -abs(low)), (None if high is None else -abs(high))
        if low is not None and high is not None:
            low, high = sorted((low, high))
        return Points(text=text.strip(), low=low, high=high, cap=None if cap is None else -cap, effect=effect, kind="deduction")
    return Points(text=text.strip(), low=low, high=high, cap=cap, effect=effect, kind="bonus" if plus or bonus else "score")


def points_label(points: Points, vocabulary: Vocabulary) -> str:
    """Return points the way a tree shows them, in the pack's words: ``+0.1至+0.9分``, ``最多+40分``, ``-20分``, ``降C级``."""
    unit = vocabulary.points_unit
    if points.kind == "effect":
        return points.effect
    if points.low is not None and points.high is not None and points.low != points.high:
        separator = vocabulary.range_separators[0] if vocabulary.range_separators else "~"
        return f"{points.low:+g}{separator}{points.high:+g}{unit}"
    if points.low is None and points.cap is not None:
        cap = vocabulary.cap_markers[0] if vocabulary.cap_markers else "≤"
        return f"{cap}{points.cap:+g}{unit}"
    value = points.value if points.value is not None else 0.0
    return f"{value:+g}{unit}" if points.kind in ("bonus", "deduction") else f"{value:g}{unit}"


def set_points(indicator: Indicator, points: Points) -> None:
    """Store ``points`` on an indicator: its signed value in ``points``, the whole reading in ``meta``."""
    indicator.points = points.value
    indicator.meta["points"] = points.as_meta()


def points_of(indicator: Indicator) -> Points | None:
    """Return the points stored on an indicator (from ``meta['points']``, else its plain number)."""
    data = indicator.meta.get("points")
    if isinstance(data, dict):
        return Points(text=str(data.get("text", "")), low=_float(data.get("low")), high=_float(data.get("high")),
                      cap=_float(data.get("cap")), effect=str(data.get("effect", "")), kind=str(data.get("kind", "score")))
    if indicator.points is None:
        return None
    kind = "deduction" if indicator.points < 0 else ("bonus" if indicator.meta.get("bonus") else "score")
    return Points(text=f"{indicator.points:g}", low=indicator.points, high=indicator.points, kind=kind)


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


@dataclass(frozen=True)
class PointTotals:
    """Points of one branch by kind: most scored, most added, most taken away, and effects without points."""

    branch: str
    score: float = 0.0
    bonus: float = 0.0
    deduction: float = 0.0
    effects: int = 0

    @property
    def weight(self) -> float:
        """Return the points at stake in the branch, whatever their sign."""
        return self.score + self.bonus + abs(self.deduction)


def point_bearers(framework: Framework) -> list[Indicator]:
    """Return the items whose points count: those with points and no ancestor with points."""
    with_points = {item.key for item in framework.indicators if points_of(item) is not None}
    return [item for item in framework.indicators if item.key in with_points
            and not any(above.key in with_points for above in framework.ancestors(item))]


def branch_totals(framework: Framework) -> list[PointTotals]:
    """Return the point totals of each top-level branch, in order."""
    sums: dict[str, dict[str, float]] = {top.key: {"score": 0.0, "bonus": 0.0, "deduction": 0.0, "effects": 0.0}
                                         for top in framework.children(None)}
    for item in point_bearers(framework):
        points = points_of(item)
        assert points is not None
        bucket = sums[framework.branch(item).key]
        if points.kind == "effect":
            bucket["effects"] += 1
        elif points.value is not None:
            bucket[points.kind if points.kind in bucket else "score"] += points.value
    labels = {top.key: f"{top.code} {top.title}".strip() for top in framework.children(None)}
    return [PointTotals(labels[key], values["score"], values["bonus"], values["deduction"], int(values["effects"]))
            for key, values in sums.items()]
