"""Words of the report in English or Chinese, and bilingual names of codes, places and values.

Headings and column names come from ``strings.yaml`` beside this module; names of the domain
(systems, kinds, levels, places, modalities) from the pack's ``report.yaml``; code labels from
the project's codebook (the ``codes`` table, filled by the coding stage) or the pack's codebooks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from tixi.errors import InputError

if TYPE_CHECKING:
    from tixi.project import Project

LANGUAGES = ("en", "zh")
# A bilingual name is shown as "中文 English" when it is at most this long, else in the report's
# language only (figure labels and narrow columns stay readable).
BILINGUAL_MAX = 40


@lru_cache(maxsize=1)
def _strings() -> dict[str, dict[str, str]]:
    data = yaml.safe_load((resources.files("tixi.report") / "strings.yaml").read_text(encoding="utf-8"))
    return {str(key): {str(k): str(v) for k, v in value.items()} for key, value in data["strings"].items()}


def check_language(lang: str) -> str:
    """Return ``lang`` when the report offers it; raise InputError otherwise."""
    if lang not in LANGUAGES:
        raise InputError(f"--lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    return lang


@dataclass
class Names:
    """Bilingual names: code labels and the pack's metadata values, looked up by key."""

    lang: str
    codes: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (zh, en)
    values: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)  # table -> value -> (zh, en)
    places: dict[str, str] = field(default_factory=dict)  # zh -> en

    def t(self, key: str, **values: Any) -> str:
        """Return the report string ``key`` in the report's language, formatted with ``values``."""
        entry = _strings().get(key)
        if entry is None:
            raise KeyError(f"tixi/report/strings.yaml has no string {key!r}")
        text = entry.get(self.lang) or entry["en"]
        return text.format(**values) if values else text

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

    def code_one(self, code_id: str) -> str:
        """Return a code's label in the report's language only."""
        zh, en = self.codes.get(code_id, ("", ""))
        return (en if self.lang == "en" else zh) or zh or en or code_id

    def value(self, table: str, value: str, *, short: bool = False) -> str:
        """Return a metadata value (system, kind, level, modality, direction) named in both languages."""
        if value is None or value == "":
            return self.t("col.none")
        zh, en = self.values.get(table, {}).get(str(value), ("", ""))
        if not zh and not en:
            return str(value)
        if table in ("systems", "levels", "kinds", "modalities", "directions", "categories", "sides"):
            return en if self.lang == "en" else zh  # short closed vocabularies: one language reads better
        return self.pair(zh, en, short=short)

    def place(self, place: str | None, *, short: bool = False) -> str:
        """Return a place named in both languages where space allows (``杭州市 Hangzhou``)."""
        if not place:
            return self.t("col.none")
        return self.pair(place, self.places.get(place, ""), short=short)

    def latin(self, text: str) -> str:
        """Return ``text`` without CJK characters (figure labels when no CJK font exists)."""
        kept = "".join(ch for ch in text if not _is_cjk(ch)).strip()
        return kept or "?"


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF or 0x20000 <= code <= 0x2FFFF


def load_names(project: Project, lang: str) -> Names:
    """Return the bilingual names for a project's report in ``lang``."""
    names = Names(check_language(lang))
    names.codes.update(_pack_codes(project))
    for row in project.db.execute("SELECT id, label_zh, label_en FROM codes ORDER BY id"):
        names.codes[row["id"]] = (row["label_zh"] or "", row["label_en"] or "")
    pack = project.pack
    if pack.has("report.yaml"):
        data = pack.yaml("report.yaml") or {}
        for table in ("systems", "kinds", "levels", "modalities", "directions", "categories", "sides"):
            names.values[table] = {str(k): (str(v.get("zh", "")), str(v.get("en", ""))) for k, v in (data.get(table) or {}).items()}
        names.places = {str(k): str(v) for k, v in (data.get("places") or {}).items()}
    return names


def _pack_codes(project: Project) -> dict[str, tuple[str, str]]:
    """Return code labels from the pack's codebook files (used before the coding stage has run)."""
    pack = project.pack
    files = pack.description.get("files", {}).get("codebooks", []) or []
    labels: dict[str, tuple[str, str]] = {}
    for name in files if isinstance(files, list) else [files]:
        if not pack.has(str(name)):
            continue
        data = pack.yaml(str(name)) or {}
        for code in data.get("codes", []) or []:
            if isinstance(code, dict) and "id" in code:
                labels[str(code["id"])] = (str(code.get("label_zh", "") or ""), str(code.get("label_en", "") or ""))
    return labels
