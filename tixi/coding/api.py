"""The coding part of the Python API, mixed into `tixi.project.Project`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from tixi.coding.autocode import CODER_PREFIX, CodeReport, auto_code, coder_name
from tixi.coding.codebook import Codebook, load_codebook
from tixi.coding.evidence import evidence_frame, term_concordance
from tixi.coding.validate import draw_sample, read_marked_sample, score_sample
from tixi.part import ProjectPart

if TYPE_CHECKING:
    from tixi.compare.virtues import VirtueComparison


class CodingAPI(ProjectPart):
    """Methods of `Project` for automatic coding, evidence, the virtues comparison and validation."""

    def codebook(self) -> Codebook:
        """Return the merged, validated codebook of the project's pack."""
        return load_codebook(self._project().pack)

    def code(self, doc_ids: list[str] | None = None, *, force: bool = False) -> CodeReport:
        """Auto-code documents with the pack's codebooks (only those whose text or codebook changed, unless ``force``)."""
        ids = [self._project().resolve_id(doc_id) for doc_id in doc_ids] if doc_ids else None
        return auto_code(self._project(), ids, force=force)

    def codes(self) -> pd.DataFrame:
        """Return the codes table: id, parent_id, label_zh, label_en, category, definition, origin."""
        return pd.read_sql_query(
            "SELECT id, parent_id, label_zh, label_en, category, definition, origin FROM codes ORDER BY id", self._project().db
        )

    def evidence(self, code: str | None = None, term: str | None = None, system: str | None = None,
                 coder: str | None = None, context: int = 30) -> pd.DataFrame:
        """Return the codings (of ``code`` and the codes below it, or of a matched ``term``) as spans with
        document, article label and context; ``coder`` filters by prefix (``auto:`` or a person's name)."""
        return evidence_frame(self._project(), code=code, term=term, system=system, coder=coder, context=context)

    def kwic(self, term_or_code: str, system: str | None = None, context: int = 30) -> pd.DataFrame:
        """Return concordance lines: the codings of a code id, or else every occurrence of the literal string."""
        known = self._project().db.execute("SELECT 1 FROM codes WHERE id = ?", (term_or_code,)).fetchone()
        if known:
            return evidence_frame(self._project(), code=term_or_code, system=system, context=context)
        return term_concordance(self._project(), term_or_code, system=system, context=context)

    def auto_codings(self) -> pd.DataFrame:
        """Return the evidence frame of the current automatic coder's codings (codes the project if never coded)."""
        from tixi.coding.autocode import coding_model

        coder = coder_name(self._project().pack, coding_model(self._project().pack, self._project().root))
        if self._project().db.execute("SELECT 1 FROM coding_runs WHERE coder = ? LIMIT 1", (coder,)).fetchone() is None:
            auto_code(self._project())
        return evidence_frame(self._project(), coder=coder)

    def compare_virtues(self, a: str, b: str, by: str = "system", alpha0: float | None = None) -> VirtueComparison:
        """Return prevalence, keyness, shared/distinctive, co-occurrence and matrix tables for group ``a`` versus ``b``."""
        from tixi.compare.virtues import check_grouping, compare

        check_grouping(by)  # before any coding is done
        project = self._project()
        codings = project.auto_codings()
        compared = project.codebook().compared
        if compared:
            codings = codings[codings["category"].isin(compared)].reset_index(drop=True)
        articles = project.segments("article")["doc_id"].value_counts().to_dict()
        return compare(codings, project.documents(), articles, project.codes(), a, b, by=by, alpha0=alpha0)

    def matrix(self, by: str = "article") -> pd.DataFrame:
        """Return the code matrix of the automatic codings: ``document`` (wide counts) or ``article`` (one row per
        document, article, code, polarity and term)."""
        from tixi.compare.virtues import code_matrix

        return code_matrix(self._project().auto_codings(), by)

    def validation_sample(self, code: str | None = None, n: int = 50, seed: int = 0, out: str | Path | None = None) -> pd.DataFrame:
        """Return (and write as CSV to ``out``) a sample of automatic codings, stratified by system, to mark right or wrong."""
        frame = evidence_frame(self._project(), code=code, coder=CODER_PREFIX)
        sample = draw_sample(frame, n, seed=seed)
        if out is not None:
            sample.to_csv(out, index=False, encoding="utf-8")
        return sample

    def validation_score(self, path: str | Path) -> pd.DataFrame:
        """Return precision with a Wilson 95% interval from a marked sample CSV."""
        return score_sample(read_marked_sample(Path(path)))
