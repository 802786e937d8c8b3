"""Place, level and date read from a document's title and file name when nothing else gives them.

The rules are the pack's ``places`` file (administrative suffixes and their levels, national
issuers, the four municipalities). Every value taken this way is listed in the document's
``meta["inferred"]``, so a reader can tell what was given from what was guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tixi.packs import Pack

DATE_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:[-_.年](\d{1,2})(?:[-_.月](\d{1,2}))?)?(?!\d)")


@dataclass(frozen=True)
class PlaceRules:
    """The pack's place rules, compiled."""

    central: tuple[str, ...]
    municipalities: tuple[str, ...]
    place: re.Pattern[str] | None
    levels: dict[str, str]
    amendments: tuple[str, ...] = ()  # words that mark an amendment in a promulgation history (tixi.store.versions)

    @classmethod
    def from_pack(cls, pack: Pack) -> PlaceRules | None:
        """Return the rules of the pack's ``places`` file, or None when the pack has none."""
        name = pack.named("places", "")
        if not name or not pack.has(name):
            return None
        raw = pack.yaml(name) or {}
        suffixes = sorted((str(item["suffix"]) for item in raw.get("suffixes", [])), key=len, reverse=True)
        levels = {str(item["suffix"]): str(item["level"]) for item in raw.get("suffixes", [])}
        pattern = re.compile(r"^([\u4e00-\u9fff]{2,8}?(?:" + "|".join(map(re.escape, suffixes)) + "))") if suffixes else None
        return cls(tuple(map(str, raw.get("central", []))), tuple(map(str, raw.get("municipalities", []))), pattern, levels,
                   tuple(map(str, raw.get("amendments") or [])))

    def place_and_level(self, title: str) -> tuple[str | None, str | None]:
        """Return the place and level a title names at its start, or Nones."""
        if any(title.startswith(name) for name in self.central):
            return "全国", "central"
        if self.place is None:
            return None, None
        match = self.place.match(title)
        if not match:
            return None, None
        place = match.group(1)
        if place in self.municipalities or any(place.startswith(name) and place != name for name in self.municipalities):
            return place, "provincial" if place in self.municipalities else "district"
        suffix = max((s for s in self.levels if place.endswith(s)), key=len)
        return place, self.levels[suffix]


def date_from_name(name: str) -> str | None:
    """Return the date a file name carries (``…(2013-01-21).md`` → 2013-01-21; ``…_2019.txt`` → 2019), or None."""
    match = DATE_IN_NAME.search(name)
    if not match:
        return None
    year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12:
        return year
    if day and not 1 <= int(day) <= 31:
        return f"{year}-{int(month):02d}"
    return "-".join([year] + [f"{int(part):02d}" for part in (month, day) if part])


def infer(metadata: dict[str, Any], title: str, file_name: str, rules: PlaceRules | None) -> dict[str, Any]:
    """Return ``metadata`` with place, level and date filled from the title and file name where missing."""
    taken = list(metadata.get("inferred") or [])
    if rules is not None and not (metadata.get("place") and metadata.get("level")):
        place, level = rules.place_and_level(title)
        if place and not metadata.get("place"):
            metadata["place"] = place
            taken.append("place")
        if level and not metadata.get("level"):
            metadata["level"] = level
            taken.append("level")
    if not metadata.get("date"):
        date = date_from_name(file_name)
        if date:
            metadata["date"] = date
            taken.append("date")
    if taken:
        metadata["inferred"] = sorted(set(taken))
    return metadata
