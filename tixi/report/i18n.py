"""Words of the report in English or Chinese, and bilingual names of codes, places and values.

Headings and column names come from ``strings.yaml`` beside this module; a pack's ``report.yaml``
may override any of them under ``strings:`` (wording that names its systems). Names of the domain
(systems, kinds, levels, places, modalities), the two systems compared and their colours come
from the pack's ``report.yaml``; code labels from the project's ``codes`` table (filled by the
coding stage) or else the pack's codebook.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from tixi.errors import InputError
from tixi.text.normalize import is_cjk

if TYPE_CHECKING:
    from tixi.project import Project

LANGUAGES = ("en", "zh")
# The metadata vocabularies of report.yaml; each is shown in the report's language only (short
# closed vocabularies read better in one language), in the order the file lists them.
VALUE_TABLES = ("systems", "kinds", "levels", "modalities", "directions", "categories", "sides")
# A bilingual name is shown as "中文 English" when it is at most this long, else in the report's
# language only (figure labels and narrow columns stay readable).
BILINGUAL_MAX = 40


@lru_cache(maxsize=1)
def _strings() -> dict[str, dict[str, str]]:
    data = yaml.safe_load((resources.files("tixi.report") / "strings.yaml").read_text(encoding="utf-8"))
    return _string_table(data["strings"])


def _string_table(raw: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {str(key): {str(k): str(v) for k, v in value.items()} for key, value in raw.items()}


def check_language(lang: str) -> str:
    """Return ``lang`` when the report offers it; raise InputError otherwise."""
    if lang not in LANGUAGES:
        raise InputError(f"--lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    return lang


@dataclass
class Names:
    """Bilingual names: report strings, code labels and the pack's metadata values, looked up by key."""

    lang: str
    codes: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (zh, en)
    values: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)  # table -> value -> (zh, en)
    places: dict[str, str] = field(default_factory=dict)  # zh -> en
    strings: dict[str, dict[str, str]] = field(default_factory=dict)  # the pack's wording, over strings.yaml
    compared: tuple[str, ...] = ()  # the systems the report compares, in order (report.yaml ``compared``)
    colours: dict[str, str] = field(default_factory=dict)  # system -> colour of its bars and dots
    side_systems: dict[str, str] = field(default_factory=dict)  # flow side (civility, credit) -> system

    def t(self, key: str, **values: Any) -> str:
        """Return the report string ``key`` in the report's language, formatted with ``values``."""
        entry = self.strings.get(key) or _strings().get(key)
        if entry is None:
            raise KeyError(f"tixi/report/strings.yaml has no string {key!r}")
        text = entry.get(self.lang) or entry["en"]
        return text.format(**values) if values else text

    def t_or(self, key: str, fallback: str) -> str:
        """Return the report string ``key``, or ``fallback`` when neither the pack nor strings.yaml has it."""
        return self.t(key) if key in self.strings or key in _strings() else fallback

    def pair(self, zh: str, en: str, *, short: bool = False) -> str:
        """Return a name in both languages (``闯红灯 jaywalking``), or in the report's language when long."""
        if not en or en == zh:
            return zh
        if not zh:
            return en
        if short or len(zh) + len(en) > BILINGUAL_MAX:
            return en if self.lang == "en" else zh
        return f"{zh} {en}"

    def code(self, code_id: str, *, short: bool = False) -> str:
        """Return a code's label (both languages where space allows); the id when the code is unknown."""
        zh, en = self.codes.get(code_id, ("", ""))
        if not zh and not en:
            return code_id
        return self.pair(zh, en, short=short)

    def value(self, table: str, value: str) -> str:
        """Return a metadata value (system, kind, level, modality, direction …) in the report's language."""
        if value is None or value == "":
            return self.t("col.none")
        zh, en = self.values.get(table, {}).get(str(value), ("", ""))
        if not zh and not en:
            return str(value)
        return en if self.lang == "en" else zh

    def ordered(self, table: str, present: Iterable[str]) -> list[str]:
        """Return the values ``present`` in the order report.yaml lists ``table``, unknown ones after by name."""
        known = list(self.values.get(table, {}))
        found = set(present)
        return [value for value in known if value in found] + sorted(found - set(known))

    def place(self, place: str | None, *, short: bool = False) -> str:
        """Return a place named in both languages where space allows (``杭州市 Hangzhou``)."""
        if not place:
            return self.t("col.none")
        return self.pair(place, self.places.get(place, ""), short=short)

    def latin(self, text: str) -> str:
        """Return ``text`` without CJK characters (figure labels when no CJK font exists)."""
        kept = "".join(ch for ch in text if not is_cjk(ch)).strip()
        return kept or "?"



def load_names(project: Project, lang: str) -> Names:
    """Return the bilingual names for a project's report in ``lang``."""
    names = Names(check_language(lang))
    # The pack's codebook names codes before the coding stage has run; the codes table adds user codes.
    names.codes.update({code.id: (code.label_zh, code.label_en) for code in project.codebook().codes})
    for row in project.codes().itertuples(index=False):
        names.codes[str(row.id)] = (str(row.label_zh or ""), str(row.label_en or ""))
    pack = project.pack
    name = pack.named("report", "report.yaml")
    if pack.has(name):
        data = pack.yaml(name) or {}
        for table in VALUE_TABLES:
            names.values[table] = {str(k): (str(v.get("zh", "")), str(v.get("en", ""))) for k, v in (data.get(table) or {}).items()}
        names.places = {str(k): str(v) for k, v in (data.get("places") or {}).items()}
        names.strings = _string_table(data.get("strings") or {})
        names.compared = tuple(str(system) for system in data.get("compared") or ())
        names.colours = {str(k): str(v["colour"]) for k, v in (data.get("systems") or {}).items() if v.get("colour")}
        names.side_systems = {str(k): str(v["system"]) for k, v in (data.get("sides") or {}).items() if v.get("system")}
    return names
