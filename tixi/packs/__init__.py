"""Domain packs: versioned data files (codebooks, gazetteers, patterns, frameworks, corpora).

A pack is a folder with a ``pack.yaml`` naming it, its version, its sources and its files.
The code reads domain knowledge only from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from tixi.errors import InputError


@dataclass(frozen=True)
class Pack:
    """A loaded pack: its folder and its ``pack.yaml`` description."""

    name: str
    version: str
    path: Path
    description: dict[str, Any]

    @property
    def label(self) -> str:
        """Return ``name@version``, the form recorded with every result."""
        return f"{self.name}@{self.version}"

    def named(self, key: str, default: str) -> str:
        """Return the file ``pack.yaml`` names under ``files: key``, or ``default`` when it names none."""
        files = self.description.get("files") or {}
        return str(files.get(key) or default)

    def file(self, relative: str) -> Path:
        """Return the path of a file in the pack; raise InputError if it is missing."""
        target = self.path / relative
        if not target.exists():
            raise InputError(f"pack {self.label} has no file {relative!r} (looked in {self.path})")
        return target

    def has(self, relative: str) -> bool:
        """Return whether the pack holds ``relative``."""
        return (self.path / relative).exists()

    def yaml(self, relative: str) -> Any:
        """Return the parsed YAML file ``relative`` of the pack."""
        target = self.file(relative)
        try:
            return yaml.safe_load(target.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise InputError(f"{target}: not valid YAML: {error}") from error


def builtin_pack_path(name: str) -> Path | None:
    """Return the folder of a pack shipped with tixi, or None."""
    folder = Path(str(resources.files("tixi.packs"))) / name
    return folder if (folder / "pack.yaml").exists() else None


@lru_cache(maxsize=8)
def load_pack(name_or_path: str) -> Pack:
    """Return the pack named ``name_or_path`` (shipped with tixi) or found at that path."""
    folder = builtin_pack_path(name_or_path) or Path(name_or_path).expanduser()
    description_file = folder / "pack.yaml"
    if not description_file.exists():
        raise InputError(f"no pack {name_or_path!r}: neither a pack shipped with tixi nor a folder with pack.yaml")
    description = yaml.safe_load(description_file.read_text(encoding="utf-8")) or {}
    for key in ("name", "version"):
        if key not in description:
            raise InputError(f"{description_file}: missing key {key!r}")
    return Pack(str(description["name"]), str(description["version"]), folder.resolve(), description)
