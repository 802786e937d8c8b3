"""Manifests: a CSV whose ``file`` column names documents relative to the CSV, other columns metadata."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from tixi.errors import InputError


def read_manifest(path: Path) -> dict[Path, dict[str, Any]]:
    """Return metadata per resolved file path from the manifest CSV at ``path``."""
    if not path.exists():
        raise InputError(f"manifest {path} does not exist")
    rows: dict[Path, dict[str, Any]] = {}
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or "file" not in reader.fieldnames:
            raise InputError(f"manifest {path}: no 'file' column (columns: {', '.join(reader.fieldnames or [])})")
        for line_number, row in enumerate(reader, start=2):
            name = (row.pop("file") or "").strip()
            if not name:
                raise InputError(f"manifest {path}, line {line_number}: empty 'file'")
            metadata = {key: value for key, value in row.items() if key and value not in (None, "")}
            rows[(path.parent / name).resolve()] = metadata
    return rows
