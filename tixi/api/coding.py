"""The coding part of the Python API, mixed into `tixi.project.Project`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from tixi.coding.autocode import CodeReport, auto_code, coder_name
from tixi.coding.codebook import Codebook, load_codebook
from tixi.coding.evidence import evidence_frame, term_concordance
from tixi.coding.validate import read_marked_sample, score_sample
from tixi.errors import InputError
from tixi.part import ProjectPart

if TYPE_CHECKING:
    from tixi.compare.virtues import VirtueComparison
    from tixi.validation.change import TrainReport


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
        self._project().check_value("system", system)
        known = self._project().db.execute("SELECT 1 FROM codes WHERE id = ?", (term_or_code,)).fetchone()
        if known:
            return evidence_frame(self._project(), code=term_or_code, system=system, context=context)
        return term_concordance(self._project(), term_or_code, system=system, context=context)

    def is_coded(self) -> bool:
        """Return whether the current automatic coder (pack, codebook, model) has coded this project."""
        from tixi.coding.autocode import coding_model

        coder = coder_name(self._project().pack, coding_model(self._project().pack, self._project().root))
        return self._project().db.execute("SELECT 1 FROM coding_runs WHERE coder = ? LIMIT 1", (coder,)).fetchone() is not None

    def auto_codings(self, *, context: int = 30) -> pd.DataFrame:
        """Return the evidence frame of the current automatic coder's codings (empty when the project was never
        coded: a read never codes; ``code()`` does); ``context`` characters of text on each side (0: none, as the
        report reads them, which quotes from the text itself)."""
        from tixi.coding.autocode import coding_model

        coder = coder_name(self._project().pack, coding_model(self._project().pack, self._project().root))
        return evidence_frame(self._project(), coder=coder, context=context)

    def check_groups_exist(self, a: str, b: str, by: str = "system") -> None:
        """Raise InputError when documents cannot be grouped ``by`` or a group has no document (with what there is)."""
        from tixi.compare.virtues import check_grouping, check_groups, group_of

        check_grouping(by)
        check_groups(group_of(self._project().documents(), by), by, [a, b])

    def _require_coded(self) -> None:
        if not self.is_coded():
            raise InputError("the project has not been coded with the current codebook and model: run `tixi code` "
                             "(Project.code()) first")

    def compare_virtues(self, a: str, b: str, by: str = "system", alpha0: float | None = None, weight: str = "mentions",
                        *, codings: pd.DataFrame | None = None) -> VirtueComparison:
        """Return prevalence, keyness, shared/distinctive, co-occurrence and matrix tables for group ``a`` versus ``b``.

        ``weight="documents"`` makes keyness count each document once instead of every mention. ``codings``: the
        frame of `auto_codings` when the caller holds it already (a report does), so it is not read twice.
        """
        from tixi.compare.virtues import check_grouping, check_groups, compare, group_of

        check_grouping(by)  # before any coding is done
        project = self._project()
        check_groups(group_of(project.documents(), by), by, [a, b])
        self._require_coded()
        if codings is None:
            codings = project.auto_codings()
        compared = project.codebook().compared
        if compared:
            codings = codings[codings["category"].isin(compared)].reset_index(drop=True)
        articles = {str(row[0]): int(row[1]) for row in project.db.execute(
            "SELECT doc_id, COUNT(*) FROM segments WHERE kind = 'article' GROUP BY doc_id")}  # counted, not read: a corpus holds millions
        return compare(codings, project.documents(), articles, project.codes(), a, b, by=by, alpha0=alpha0, weight=weight)

    def matrix(self, by: str = "article") -> pd.DataFrame:
        """Return the code matrix of the automatic codings: ``document`` (wide counts) or ``article`` (one row per
        document, article, code, polarity and term)."""
        from tixi.compare.virtues import code_matrix

        self._require_coded()
        return code_matrix(self._project().auto_codings(), by)

    def train_codes(self, labels: str | Path) -> TrainReport:
        """Train the coding model on your labelled articles (docs/labelling.md), store it in the project, report the change.

        The new model (``models/coding_model.json``) decides every later ``code()``; its label, with
        the sha256 of your labels, is part of the coder recorded with every automatic coding.
        """
        from tixi.coding.autocode import coding_model
        from tixi.coding.lexicon import lexicon_for
        from tixi.coding.polarity import load_rules
        from tixi.coding.train import train_for_project

        project = self._project()
        model = coding_model(project.pack, project.root)
        return train_for_project(project.root, lexicon_for(project.pack), load_rules(project.pack), model, Path(labels))

    def validation_sample(self, code: str | None = None, n: int = 50, seed: int = 0, out: str | Path | None = None, *,
                          order: str = "random") -> pd.DataFrame:
        """Return (and write as CSV to ``out``) a sample of article × code units to mark, stratified by the model's score.

        The sample spans coded units and uncoded ones (below the threshold, and with no term at all),
        so ``validation_score`` estimates recall as well as precision. ``order="uncertain"`` lists the
        units nearest the threshold first. Mark ``correct`` y/n: does the article code the code?
        """
        from tixi.coding.units import code_units
        from tixi.validation.sampling import draw

        units, threshold, zero = code_units(self._project(), code)
        sample = draw(units, threshold, n, seed=seed, order=order, task="codes", zero=zero)
        if out is not None:
            sample.to_csv(out, index=False, encoding="utf-8")
        return sample

    def validation_score(self, path: str | Path) -> pd.DataFrame:
        """Return the estimates of a marked sample: precision and recall (stratified samples) or precision alone.

        A sample written by ``validation_sample`` (or ``flow_validation_sample``) gives precision and
        recall estimated over its strata, with 95% intervals, and the accuracy of each marked field;
        an older, unstratified sample gives precision per code with Wilson intervals.
        """
        from tixi.validation.sampling import estimate, read_stratified

        source = Path(path)
        if not source.exists():
            raise InputError(f"{source}: no such file; write one with `tixi validate sample --out {source.name}`")
        with source.open(encoding="utf-8-sig") as handle:
            header = handle.readline()
        if "stratum" in header.split(","):
            return estimate(read_stratified(source))
        return score_sample(read_marked_sample(source))
