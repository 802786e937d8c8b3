"""The text-reuse part of the Python API, mixed into `tixi.project.Project`."""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from tixi.errors import InputError
from tixi.part import ProjectPart
from tixi.progress import Progress

if TYPE_CHECKING:
    from tixi.reuse.candidates import DocumentKeys
    from tixi.reuse.settings import ReuseSettings

PASSAGE_VIEW_EXTRA = ["source_title", "source_date", "source_place", "target_title", "target_date", "target_place", "text"]


@dataclass(frozen=True)
class ReuseSummary:
    """What a `find_reuse` run did."""

    documents: int
    characters: int
    candidate_pairs: int
    frequent_keys: int
    passages: int
    boilerplate: int
    families: int
    seconds: float


class ReuseAPI(ProjectPart):
    """Methods of `Project` for text reuse between documents."""

    def find_reuse(self, settings: ReuseSettings | None = None, progress: Progress | None = None,
                   keys: Sequence[DocumentKeys] | None = None) -> ReuseSummary:
        """Find the passages every two documents share, store them (replacing the last run) and return a summary.

        ``keys`` (one ``DocumentKeys`` per document, in id order) may come from elsewhere, e.g.
        Dask workers (``tixi.cluster``); the result is the same.
        """
        from tixi.reuse.find import find_passages
        from tixi.reuse.results import DocumentFacts, passages_table
        from tixi.reuse.rules import BoilerplateRules
        from tixi.reuse.settings import ReuseSettings
        from tixi.reuse.store import ReuseRun, documents_digest, write_run

        project = self._project()
        chosen = settings or ReuseSettings()
        started = time.perf_counter()
        ids, texts = self._reuse_texts()
        dates = {str(row[0]): row[1] for row in project.db.execute("SELECT id, date FROM documents")}
        rules = BoilerplateRules.from_pack(project.pack)
        found = find_passages(texts, chosen, progress, keys)
        passages = passages_table(found.matches, texts, DocumentFacts(ids, [dates.get(doc) for doc in ids]), rules, chosen.family_share)
        seconds = time.perf_counter() - started
        counts = {"pairs": int(len(found.candidates.pairs)), "window_pairs": found.candidates.window_pairs,
                  "document_pairs": found.candidates.document_pairs, "frequent_keys": found.candidates.frequent_keys}
        write_run(project.db, passages, ReuseRun("", documents_digest(ids), chosen.as_dict(), rules.version, counts, round(seconds, 3)))
        return ReuseSummary(len(ids), sum(len(text) for text in texts), counts["pairs"], counts["frequent_keys"], len(passages),
                            int((passages["boilerplate"] != "").sum()), int(passages.loc[passages["family"] > 0, "family"].nunique()), seconds)

    def _reuse_texts(self) -> tuple[list[str], list[str]]:
        """Return (ids, normalised texts) of every document, in id order."""
        pairs = list(self._project().iter_texts())
        return [doc for doc, _ in pairs], [text for _, text in pairs]

    def reuse_stale(self) -> bool:
        """Return whether reuse has not run, or ran on other documents or another pack's boilerplate rules."""
        from tixi.reuse.rules import BoilerplateRules
        from tixi.reuse.store import documents_digest, read_run

        project = self._project()
        run = read_run(project.db)
        ids = [str(row[0]) for row in project.db.execute("SELECT id FROM documents")]
        return run is None or run.documents != documents_digest(ids) or run.rules != BoilerplateRules.from_pack(project.pack).version

    def reuse_passages(self, *, text: bool = True, boilerplate: bool = True, numbers: Iterable[int] | None = None) -> pd.DataFrame:
        """Return the stored passages with both documents' titles, dates and places (and the source's text).

        Columns: passage, source_doc, source_start, source_end, target_doc, target_start,
        target_end, source_length, target_length, matched, identity, directed, boilerplate,
        family, cluster, source_title, source_date, source_place, target_title, target_date,
        target_place, text. ``boilerplate=False`` leaves boilerplate out; ``numbers`` keeps the passages numbered so.
        """
        from tixi.reuse.store import read_passages

        project = self._project()
        self._require_reuse()
        passages = read_passages(project.db, numbers)
        if not boilerplate:
            passages = passages[passages["boilerplate"] == ""].reset_index(drop=True)
        info = project.documents().set_index("id")
        for side in ("source", "target"):
            for field in ("title", "date", "place"):
                passages[f"{side}_{field}"] = passages[f"{side}_doc"].map(info[field])
        if text:
            # One text at a time: the passages' sources may be most of the corpus, their slices a small part of it.
            rows: dict[str, list[int]] = {}
            for position, doc in enumerate(passages["source_doc"]):
                rows.setdefault(str(doc), []).append(position)
            starts, ends = passages["source_start"].tolist(), passages["source_end"].tolist()
            slices = [""] * len(passages)
            for doc, source in project.iter_texts(sorted(rows)):
                for position in rows[doc]:
                    slices[position] = source[starts[position]:ends[position]]
            passages["text"] = pd.Series(slices, index=passages.index, dtype=object)
        return passages

    def _require_reuse(self) -> None:
        if self.reuse_stale():
            raise InputError("reuse has not been found for the documents now in the project (or the pack changed): "
                             "run `tixi reuse` (Project.find_reuse()) first")

    def reuse_families(self) -> pd.DataFrame:
        """Return the template families: family, doc_id, title, place, date, passages, template (the earliest member)."""
        from tixi.reuse.results import family_table
        from tixi.reuse.store import family_members

        self._require_reuse()
        return family_table(family_members(self._project().db), self._project().documents())

    def reuse_flows(self, direction: str | None = None) -> pd.DataFrame:
        """Return copied passages that hold a stored data flow in the target's copy (one row per passage and flow).

        ``direction`` keeps flows of one direction (as `flows()` names them, e.g. "civility → credit").
        Columns: passage, source_doc, source_start, source_end, source_title, source_date,
        target_doc, target_start, target_end, target_title, target_date, target_place,
        boilerplate, direction, type, quote, text.
        """
        from tixi.reuse.results import carried_flows

        flows = self._project().flows()
        if direction is not None:
            flows = flows[flows["direction"] == direction]
        return carried_flows(self.reuse_passages(), flows)

    def export_reuse(self, outdir: str | Path, formats: Sequence[str] = ("json", "csv", "parquet")) -> list[Path]:
        """Write passages and families in each format, and passim's output and input JSON Lines; return the paths."""
        from tixi.reuse.export import passim_output, series_of, write_jsonl, write_table

        project = self._project()
        folder = Path(outdir)
        passages = self.reuse_passages()
        families = self.reuse_families()
        written = [write_table(frame, folder / f"{name}.{form}", form) for form in formats for name, frame in
                   (("passages", passages), ("families", families))]
        records = project.documents().to_dict("records")
        documents: dict[str, dict[str, Any]] = {str(row["id"]): {str(key): value for key, value in row.items()} for row in records}
        used = sorted(set(passages["source_doc"]) | set(passages["target_doc"]))
        texts = dict(project.iter_texts(used))
        written.append(write_jsonl(passim_output(passages, texts, documents), folder / "passim.jsonl"))
        written.append(write_jsonl(({"id": doc, "series": series_of(documents[doc]), "date": documents[doc].get("date") or "", "text": text}
                                    for doc, text in project.iter_texts()), folder / "passim_input.jsonl"))
        return written
