"""The frameworks part of the Python API, mixed into `tixi.project.Project`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from tixi.domain import domain_of
from tixi.errors import InputError
from tixi.frameworks.detect import read_framework_file, to_normalized_offsets
from tixi.frameworks.model import Framework
from tixi.frameworks.store import delete_framework, frameworks_frame, load_framework, save_frameworks
from tixi.frameworks.vocabulary import vocabulary_from_pack
from tixi.part import ProjectPart
from tixi.text.normalize import normalize

if TYPE_CHECKING:
    from tixi.compare.criteria import CriteriaComparison
    from tixi.project import Project


@dataclass
class ImportResult:
    """What ``import_framework`` stored: the frameworks, the parser used and why, and warnings."""

    frameworks: list[Framework]
    parser: str
    reason: str

    @property
    def warnings(self) -> list[str]:
        """Return the warnings of all frameworks, each prefixed with the framework name."""
        return [f"{framework.name}: {warning}" for framework in self.frameworks for warning in framework.warnings]


class FrameworksAPI(ProjectPart):
    """Methods of `Project` for indicator frameworks and the criteria comparison."""

    @property
    def frameworks(self) -> pd.DataFrame:
        """Return one row per imported framework: name, system, title, parser, counts, warnings, source."""
        return frameworks_frame(self._project().db)

    def framework(self, name: str) -> Framework:
        """Return the imported framework ``name`` (``.indicators``, ``.get(code)``, ``.children(key)``)."""
        return load_framework(self._project().db, name)

    def import_framework(
        self, path: str | Path, *, system: str | None = None, name: str | None = None, parser: str | None = None, replace: bool = False,
        columns: list[str] | None = None,
    ) -> ImportResult:
        """Read a framework file (outline, table, scoring table or YAML) and store it; all or nothing.

        An outline with several parts (一、… 二、…) gives one framework per part: ``name``,
        ``name-2`` … . Item offsets refer to the project document with the same text, if any.
        A YAML file names its own system and name (``system`` and ``name`` override them); other
        files need both. ``columns`` names the role of each table column (``level``,
        ``criterion``, ``points``, ``note`` …) where the inferred roles are wrong.
        """
        systems = domain_of(self._project().pack).system_ids
        if system is not None and systems and system not in systems:
            raise InputError(f"system must be one of {', '.join(systems)}, got {system!r}")
        if name is not None and not name.strip():
            raise InputError("give the framework a name (--name)")
        project = self._project()
        source = Path(path)
        parsed = read_framework_file(source, name=name, system=system, vocabulary=vocabulary_from_pack(project.pack), parser=parser,
                                     systems=systems, columns=columns)
        if parsed.text is not None:
            # normalised as `tixi add` does, so that it finds the stored document and its offsets match
            normalized = normalize(parsed.text, convert=project.config.convert or None)
            to_normalized_offsets(parsed.frameworks, normalized.offsets, _document_with_text(project, normalized.text))
        else:
            _drop_spans_outside(project, parsed.frameworks)
        save_frameworks(project.db, parsed.frameworks, pack=project.pack.label, replace=replace)
        return ImportResult(parsed.frameworks, parsed.parser, parsed.reason)

    def delete_framework(self, name: str) -> None:
        """Remove an imported framework."""
        delete_framework(self._project().db, name)

    def cross_references(self, a: str, b: str) -> pd.DataFrame:
        """Return the articles of system ``a`` naming system ``b``'s instruments and those of ``b`` naming ``a``'s.

        No framework is needed: one row per article, with the trigger words found (``triggers``)
        and where the article lies (``doc_id``, ``start``, ``end``).
        """
        from tixi.compare.criteria import system_crossrefs

        project = self._project()
        cache: dict[tuple[object, ...], pd.DataFrame] = self.__dict__.setdefault("_crossref_cache", {})
        key = (a, b, _state(project))
        if key not in cache:
            cache[key] = system_crossrefs(project, a, b)
        return cache[key]

    def compare_criteria(
        self, a: str, b: str, *, threshold: float | None = None, top: int | None = None, use_codes: bool = True,
    ) -> CriteriaComparison:
        """Return alignment, cross-references and overlap of ``a`` against ``b`` (framework or system names).

        The three DataFrames (``.alignment``, ``.crossrefs``, ``.overlap``) are deterministic; a
        repeated call with the same arguments on an unchanged project returns the cached result.
        """
        from tixi.compare.criteria import DEFAULT_TOP, compare_criteria

        project = self._project()
        chosen_top = DEFAULT_TOP if top is None else top
        cache_key = (a, b, threshold, chosen_top, use_codes, _state(project))
        cache: dict[tuple[object, ...], CriteriaComparison] = self.__dict__.setdefault("_criteria_cache", {})
        if cache_key not in cache:  # the threshold left None is the pack's, read once in compare_criteria
            cache[cache_key] = compare_criteria(project, a, b, threshold=threshold, top=chosen_top, use_codes=use_codes)
        return cache[cache_key]


def _state(project: Project) -> tuple[object, ...]:
    """Return what a comparison's cache key must change with: the documents and the imported frameworks."""
    return tuple(project.db.execute(
        "SELECT (SELECT COUNT(*) FROM documents), (SELECT MAX(added_at) FROM documents), "
        "(SELECT GROUP_CONCAT(name || imported_at) FROM frameworks)"
    ).fetchone())


def _drop_spans_outside(project: Project, frameworks: list[Framework]) -> None:
    """Drop evidence spans that name documents the project lacks (a YAML written in another project), with a warning.

    A span keeps its offsets only for the document it was written for; pointing it at another
    document (or none) would show wrong evidence, so the items keep no span at all.
    """
    known = {str(row[0]) for row in project.db.execute("SELECT id FROM documents")}
    for framework in frameworks:
        missing = sorted({str(item.doc_id) for item in framework.indicators if item.doc_id is not None and str(item.doc_id) not in known})
        if not missing:
            continue
        dropped = 0
        for item in framework.indicators:
            if item.doc_id is not None and str(item.doc_id) in missing:
                item.meta["span_dropped"] = {"doc_id": item.doc_id, "start": item.start, "end": item.end}
                item.doc_id, item.start, item.end = None, None, None
                dropped += 1
        if framework.doc_id is not None and str(framework.doc_id) in missing:
            framework.doc_id = None
        framework.warnings.append(
            f"{dropped} items point at document(s) {', '.join(missing)} that this project does not hold; "
            "they are stored without evidence spans (add the source document with `tixi add` and import again to link them)"
        )


def _document_with_text(project: Project, normalized: str) -> str | None:
    """Return the id of the project document whose normalised text is ``normalized``, if any."""
    row = project.db.execute("SELECT doc_id FROM texts WHERE normalized = ? ORDER BY doc_id LIMIT 1", (normalized,)).fetchone()
    return str(row[0]) if row else None
