"""Codebooks: hierarchical, bilingual code lists with lexicon terms, read from pack YAML files.

A pack names its codebook files under ``files: codebooks:`` in ``pack.yaml``; all of them are
read and merged (a listed file that does not exist yet is skipped). Each file is validated
as it is read: a duplicate code, an empty term, a term under two codes or a broken hierarchy
is refused with the file, the line and the reason. Line numbers come from the YAML nodes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from tixi.errors import InputError
from tixi.packs import Pack
from tixi.text.normalize import normalize

REQUIRED_FIELDS = ("id", "parent", "label_zh", "label_en", "category", "definition", "terms")


@dataclass(frozen=True)
class Code:
    """One code of a codebook, with where it was defined."""

    id: str
    parent: str | None
    label_zh: str
    label_en: str
    category: str
    definition: str
    terms: tuple[str, ...]
    exclude: tuple[str, ...]
    file: str
    line: int
    near: tuple[str, ...] = ()  # proximity patterns "A…B": A, then B later in the same sentence
    applies_to: tuple[str, ...] = ()  # document kinds the code is applied to automatically (empty: all)


@dataclass(frozen=True)
class Codebook:
    """All codes of a pack's codebooks, in file order, with their versions and a content hash."""

    codes: tuple[Code, ...]
    versions: tuple[tuple[str, str], ...]  # (file name, version) per file read
    fingerprint: str  # sha256 of the files' bytes: changes whenever any term or code changes
    compared: tuple[str, ...] = ()  # categories `compare virtues` compares (files' compared_categories)

    def ids(self) -> list[str]:
        """Return all code ids, sorted."""
        return sorted(code.id for code in self.codes)


def _mark(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _scalar(node: yaml.Node, where: str, field: str, *, optional: bool = False) -> str | None:
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "tag:yaml.org,2002:null" or (optional and node.value in ("", "~", "null")):
            if optional:
                return None
            raise InputError(f"{where}:{_mark(node)}: {field} is empty; give a value")
        return str(node.value)
    raise InputError(f"{where}:{_mark(node)}: {field} must be a single value, not a list or mapping")


def _terms(node: yaml.Node, where: str, field: str) -> list[tuple[str, int]]:
    if not isinstance(node, yaml.SequenceNode):
        raise InputError(f"{where}:{_mark(node)}: {field} must be a list of terms (use [] for none)")
    terms = []
    for item in node.value:
        if not isinstance(item, yaml.ScalarNode) or item.tag == "tag:yaml.org,2002:null" or not str(item.value).strip():
            raise InputError(f"{where}:{_mark(item)}: empty term in {field}; remove it or write the term")
        terms.append((normalize(str(item.value).strip()).text, _mark(item)))
    return terms


def _code(node: yaml.Node, where: str) -> tuple[Code, dict[str, int]]:
    """Return a code read from a mapping node and the line of each of its terms."""
    if not isinstance(node, yaml.MappingNode):
        raise InputError(f"{where}:{_mark(node)}: each code must be a mapping with {', '.join(REQUIRED_FIELDS)}")
    fields = {str(key.value): value for key, value in node.value}
    missing = [name for name in REQUIRED_FIELDS if name not in fields]
    if missing:
        raise InputError(f"{where}:{_mark(node)}: code lacks {', '.join(missing)}")
    code_id = _scalar(fields["id"], where, "id")
    assert code_id is not None
    texts = {name: _scalar(fields[name], where, name) or "" for name in ("label_zh", "label_en", "category", "definition")}
    terms = _terms(fields["terms"], where, "terms")
    exclude = _terms(fields["exclude"], where, "exclude") if "exclude" in fields else []
    near = _terms(fields["near"], where, "near") if "near" in fields else []
    for pattern, line in near:
        if pattern.count("…") != 1 or pattern.startswith("…") or pattern.endswith("…"):
            raise InputError(f"{where}:{line}: near pattern {pattern!r} must be two words joined by one …, e.g. 人行横道…让行")
    code = Code(
        id=code_id, parent=_scalar(fields["parent"], where, "parent", optional=True),
        label_zh=texts["label_zh"], label_en=texts["label_en"], category=texts["category"], definition=texts["definition"],
        terms=tuple(term for term, _ in terms), exclude=tuple(term for term, _ in exclude), file=where, line=_mark(node),
        near=tuple(pattern for pattern, _ in near),
    )
    return code, {term: line for term, line in terms + exclude}


def read_codebook_file(path: Path) -> tuple[list[Code], dict[tuple[str, str], int], str, list[str]]:
    """Return the codes of one codebook file, the line of every (code id, term), its version and compared categories."""
    where = str(path)
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise InputError(f"{where}: not valid YAML: {error}") from error
    if not isinstance(root, yaml.MappingNode):
        raise InputError(f"{where}: a codebook is a mapping with version, sources and codes")
    top = {str(key.value): value for key, value in root.value}
    for key in ("version", "sources", "codes"):
        if key not in top:
            raise InputError(f"{where}:{_mark(root)}: missing top-level key {key!r}")
    version = _scalar(top["version"], where, "version") or ""
    if not isinstance(top["codes"], yaml.SequenceNode):
        raise InputError(f"{where}:{_mark(top['codes'])}: codes must be a list")
    applies_to = tuple(term for term, _ in _terms(top["applies_to"], where, "applies_to")) if "applies_to" in top else ()
    codes, term_lines = [], {}
    for node in top["codes"].value:
        code, lines = _code(node, where)
        if applies_to:
            code = replace(code, applies_to=applies_to)
        codes.append(code)
        term_lines.update({(code.id, term): line for term, line in lines.items()})
    compared = []
    if "compared_categories" in top:
        compared = [term for term, _ in _terms(top["compared_categories"], where, "compared_categories")]
    return codes, term_lines, version, compared


def validate_codes(codes: list[Code], term_lines: dict[tuple[str, str], int]) -> None:
    """Raise InputError on a duplicate code, a term under two codes or a broken hierarchy."""
    seen: dict[str, Code] = {}
    for code in codes:
        if code.id in seen:
            first = seen[code.id]
            raise InputError(f"{code.file}:{code.line}: duplicate code {code.id!r} (first defined at {first.file}:{first.line})")
        seen[code.id] = code
    owner: dict[str, Code] = {}
    for code in codes:
        for term in code.terms + code.exclude:
            other = owner.get(term)
            if other is not None and other.id != code.id:
                line = term_lines.get((code.id, term), code.line)
                raise InputError(
                    f"{code.file}:{line}: term {term!r} of {code.id!r} is already listed under {other.id!r} "
                    f"({other.file}:{term_lines.get((other.id, term), other.line)}); a term belongs to one code"
                )
            if other is not None:
                raise InputError(f"{code.file}:{term_lines.get((code.id, term), code.line)}: term {term!r} listed twice under {code.id!r}")
            owner[term] = code
    for code in codes:
        _check_ancestry(code, seen)


def _check_ancestry(code: Code, codes: dict[str, Code]) -> None:
    visited = [code.id]
    current = code
    while current.parent is not None:
        parent = codes.get(current.parent)
        if parent is None:
            raise InputError(f"{current.file}:{current.line}: code {current.id!r} names parent {current.parent!r}, which no codebook defines")
        if parent.id in visited:
            cycle = " -> ".join([*visited, parent.id])
            raise InputError(f"{code.file}:{code.line}: the hierarchy loops ({cycle}); give a top-level code parent: null")
        visited.append(parent.id)
        current = parent


def codebook_files(pack: Pack) -> list[Path]:
    """Return the pack's codebook files that exist, in the order ``pack.yaml`` lists them."""
    listed: Any = (pack.description.get("files") or {}).get("codebooks") or []
    if isinstance(listed, str):
        listed = [listed]
    return [pack.path / str(name) for name in listed if pack.has(str(name))]


def load_codebook(pack: Pack) -> Codebook:
    """Return the merged, validated codebook of ``pack`` (cached while the files are unchanged)."""
    stats = [(path, path.stat()) for path in codebook_files(pack)]
    return _load(tuple((str(path), stat.st_mtime_ns, stat.st_size) for path, stat in stats))


def load_codebook_files(paths: list[Path]) -> Codebook:
    """Return the merged, validated codebook read from ``paths`` (no cache)."""
    codes: list[Code] = []
    term_lines: dict[tuple[str, str], int] = {}
    versions = []
    compared: list[str] = []
    digest = hashlib.sha256()
    for path in paths:
        file_codes, lines, version, categories = read_codebook_file(path)
        compared.extend(category for category in categories if category not in compared)
        codes.extend(file_codes)
        term_lines.update(lines)
        versions.append((path.name, version))
        digest.update(path.read_bytes())
    validate_codes(codes, term_lines)
    return Codebook(tuple(codes), tuple(versions), digest.hexdigest(), tuple(compared))


@lru_cache(maxsize=16)
def _load(stamps: tuple[tuple[str, int, int], ...]) -> Codebook:
    return load_codebook_files([Path(path) for path, _, _ in stamps])
