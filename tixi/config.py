"""Project configuration in layers: package defaults, then the project's ``tixi.toml``."""

from __future__ import annotations

import json
import math
import tomllib
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any

from tixi.errors import ProjectError

CONVERTERS = ("", "t2s")
SEGMENTERS = ("auto", "jieba", "rjieba")


@dataclass(frozen=True)
class ReadLimits:
    """What one document may cost a reader before it is refused (``[limits]`` in ``tixi.toml``).

    Every limit is enforced while the reader streams, before the cost is paid: a hostile file is
    refused with a message that names the key to raise, and the files after it are still read.
    """

    max_decompressed_mb: int = 256  # bytes unpacked or loaded for one document (zip members, a gzip line, an HTML page)
    max_xml_elements: int = 1_000_000  # XML elements in the parts of one DOCX
    max_chars: int = 20_000_000  # characters of text in one document (a CSV field, a text file, a PDF)
    max_seconds: float = 60.0  # seconds to read one document (0: no limit)

    @property
    def max_decompressed_bytes(self) -> int:
        """Return max_decompressed_mb in bytes."""
        return self.max_decompressed_mb * 1024 * 1024

    def key(self, name: str) -> str:
        """Return how a message names limit ``name`` and its value: ``limits.max_chars = 20000000 in tixi.toml``."""
        value = getattr(self, name)
        shown = f"{value:g}" if isinstance(value, float) else str(value)
        return f"limits.{name} = {shown} in tixi.toml"


@dataclass(frozen=True)
class Config:
    """The settings a project runs with (one frozen object, passed down)."""

    convert: str
    segmenter: str
    pack: str
    limits: ReadLimits = ReadLimits()

    def to_dict(self) -> dict[str, Any]:
        """Return the settings as a nested dict, the shape of ``tixi.toml``."""
        return {"text": {"convert": self.convert, "segmenter": self.segmenter}, "pack": {"name": self.pack},
                "limits": {name: getattr(self.limits, name) for name in LIMIT_KEYS}}


LIMIT_KEYS = tuple(limit.name for limit in fields(ReadLimits))
# The largest limit a reader can apply: the csv module's field limit is a C long (32 bits on
# Windows) and the interval timer takes no more; inf, nan or a larger number would fail every file.
LARGEST_LIMIT = 2**31 - 1


def _defaults() -> dict[str, Any]:
    return tomllib.loads((resources.files("tixi") / "defaults.toml").read_text(encoding="utf-8"))


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_config(path: Path | None) -> Config:
    """Return the configuration of the project file at ``path`` over the package defaults."""
    settings = _defaults()
    if path is not None and path.exists():
        try:
            settings = _merge(settings, tomllib.loads(path.read_text(encoding="utf-8")))
        except tomllib.TOMLDecodeError as error:
            raise ProjectError(f"{path}: {error}; fix the file or delete it to use the defaults") from error
    return _validated(settings, path)


def _validated(settings: dict[str, Any], path: Path | None) -> Config:
    text = settings.get("text", {})
    convert = str(text.get("convert", "") or "")
    segmenter = str(text.get("segmenter", "auto"))
    where = str(path) if path else "configuration"
    if convert not in CONVERTERS:
        raise ProjectError(f"{where}: text.convert must be one of {', '.join(repr(c) for c in CONVERTERS)}, got {convert!r}")
    if segmenter not in SEGMENTERS:
        raise ProjectError(f"{where}: text.segmenter must be one of {', '.join(SEGMENTERS)}, got {segmenter!r}")
    return Config(convert=convert, segmenter=segmenter, pack=str(settings.get("pack", {}).get("name", "ncca_scsp")),
                  limits=_limits(settings.get("limits", {}), where))


def _limits(table: Any, where: str) -> ReadLimits:
    """Return the ``[limits]`` table as ReadLimits; a key that is no positive number is an error naming it."""
    if not isinstance(table, dict):
        raise ProjectError(f"{where}: [limits] must be a table of numbers")
    unknown = sorted(set(table) - set(LIMIT_KEYS))
    if unknown:
        raise ProjectError(f"{where}: unknown key limits.{unknown[0]}; the limits are {', '.join(LIMIT_KEYS)}")
    values: dict[str, Any] = {}
    for name in LIMIT_KEYS:
        if name not in table:
            continue
        value = table[name]
        integer = name != "max_seconds"
        number = not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)
        if not number or value < 0 or (integer and (value != int(value) or value == 0)):
            kind = "a positive whole number" if integer else "a number of seconds (0: no limit)"
            raise ProjectError(f"{where}: limits.{name} must be {kind}, got {value!r}")
        if value > LARGEST_LIMIT:
            raise ProjectError(f"{where}: limits.{name} must be at most {LARGEST_LIMIT}, got {value!r}")
        values[name] = int(value) if integer else float(value)
    return ReadLimits(**values)


def toml_string(value: str) -> str:
    """Return ``value`` as a TOML basic string: JSON's escapes (quotes, backslashes, control characters) are TOML's."""
    return json.dumps(value, ensure_ascii=False)


def render_toml(config: Config, *, name: str) -> str:
    """Return the text of a new project's ``tixi.toml`` (a name like ``study "2024"`` is escaped, not spliced)."""
    return (
        "# tixi project settings; see `tixi --help`. Keys left out take the package defaults.\n"
        f"[project]\nname = {toml_string(name)}\n\n"
        "[text]\n"
        "# \"t2s\" folds traditional characters to simplified (recorded with every text)\n"
        f"convert = {toml_string(config.convert)}\n"
        f"segmenter = {toml_string(config.segmenter)}\n\n"
        f"[pack]\nname = {toml_string(config.pack)}\n"
    )
