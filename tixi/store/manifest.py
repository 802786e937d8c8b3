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


def manifest_problems(path: Path, rows: dict[Path, dict[str, Any]], suffixes: tuple[str, ...], systems: tuple[str, ...] = ()) -> list[str]:
    """Return what is wrong with a manifest: bad values, listed files that are missing, files beside it it does not list."""
    from tixi.store.metadata import problem_with

    problems = []
    for file, metadata in rows.items():
        name = file.relative_to(path.parent.resolve()) if file.is_relative_to(path.parent.resolve()) else file
        for key, value in metadata.items():
            wrong = problem_with(key, str(value), systems)
            if wrong:
                problems.append(f"{path.name}: {name}: {wrong}")
        if not file.exists():
            problems.append(f"{path.name}: {name} is listed but does not exist")
    listed = set(rows)
    for beside in sorted(path.parent.rglob("*")):
        if beside.name.upper().startswith(("README", "LICENSE")):
            continue  # a corpus folder's own notes are not documents
        if beside.is_file() and beside.name.lower().endswith(suffixes) and beside.resolve() not in listed and beside.resolve() != path.resolve():
            problems.append(f"{path.name}: {beside.relative_to(path.parent)} is in the folder but not in the manifest (not added)")
    return problems
