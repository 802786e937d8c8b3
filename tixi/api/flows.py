"""The flows part of the Python API, mixed into `tixi.project.Project`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd

from tixi.errors import InputError
from tixi.flows.model import TENSION_PARTS
from tixi.part import ProjectPart
from tixi.progress import Progress

if TYPE_CHECKING:
    from tixi.flows.extract import FlowReader, Unit
    from tixi.validation.change import TrainReport



class FlowsAPI(ProjectPart):
    """Methods of `Project` for data flows, the flow graph and tension."""

    # The last state in which every document's flows were found up to date: (extractor, this connection's changes,
    # the database's data version). A report reads flows several times; each check hashes every text.
    _flows_checked: tuple[str, int, int] | None = None

    def extract_flows(self, progress: Progress | None = None) -> int:
        """Extract the flows of documents that are new or changed (text, pack); return how many were redone."""
        from tixi.flows.store import behaviour_finder, update_flows

        pack = self._project().pack
        return update_flows(self._project().db, self._flow_reader(), behaviour_finder(pack), progress)

    def _flow_reader(self) -> FlowReader:
        """Return the flow reader: the pack's gazetteer with the project's trained model, else the pack's."""
        from tixi.flows.extract import load_reader
        from tixi.flows.train import PROJECT_MODEL

        project = self._project()
        trained = project.root / PROJECT_MODEL
        return load_reader(project.pack, trained if trained.exists() else None)

    def flow_validation_sample(self, n: int = 50, seed: int = 0, out: str | Path | None = None, *, order: str = "random") -> pd.DataFrame:
        """Return (and write as CSV to ``out``) candidate sentences and candidate-free articles to mark, stratified by flow probability.

        Mark ``correct`` y/n (does the unit state a data flow?) and, for coded rows, whether the
        source, target, data and direction shown under ``predicted`` are right; ``validation_score``
        then estimates precision, recall and field accuracy with intervals.
        """
        from tixi.flows.units import flow_units
        from tixi.validation.sampling import draw

        units, threshold, zero = flow_units(self._project().db, self._flow_reader())
        sample = draw(units, threshold, n, seed=seed, order=order, task="flows", zero=zero)
        if out is not None:
            sample.to_csv(out, index=False, encoding="utf-8")
        return sample

    def train_flows(self, labels: str | Path) -> TrainReport:
        """Train the flow model on your labelled articles (docs/labelling.md), store it in the project, report the change.

        The new model (``models/flows_model.json``) decides every later ``flows()``; its label, with
        the sha256 of your labels, is recorded with every flow; flows are read again on next use.
        """
        from tixi.flows.train import train_for_project

        return train_for_project(self._project().root, self._flow_reader(), Path(labels))

    def flows(self, system: str | None = None, *, linkage: bool = False) -> pd.DataFrame:
        """Return one row per stored data flow (documents of ``system`` only, if given); ``extract_flows()`` reads them.

        Columns: doc_id, title, system, place, level, date, unit (article label), quote, source,
        target, data, behaviour, modality, direction, type (A, B, W; C with ``linkage``), source_text,
        target_text, data_text (the words of the sentence), rule (the model), confidence, by_reference,
        start, end.
        """
        from tixi.flows.store import behaviour_finder, read_flows, stale_documents

        project = self._project()
        project.check_value("system", system)
        reader, behaviours = self._flow_reader(), behaviour_finder(project.pack) is not None
        state = (reader.label + ("+codes" if behaviours else ""), project.db.total_changes,
                 int(project.db.execute("PRAGMA data_version").fetchone()[0]))
        if state != self._flows_checked:
            stale = stale_documents(project.db, reader, behaviours)
            if stale:
                # A read never writes: reading flows never extracts them (extract_flows does, and says so).
                raise InputError(f"the flows of {stale} document(s) are not read yet, or were read with another text, pack or model: "
                                 "run `tixi flows` (Project.extract_flows()) first")
            self._flows_checked = state
        return read_flows(project.db, system, linkage=linkage)

    def flow_graph(self, system: str | None = None) -> nx.DiGraph:
        """Return the networkx DiGraph of actors, platforms, records and lists, edges weighted by documents and places."""
        from tixi.flows.gazetteer import load_gazetteer
        from tixi.flows.graph import build_graph

        return build_graph(self.flows(system), load_gazetteer(self._project().pack))

    def export_graph(self, path: str | Path, format: str = "graphml", *, system: str | None = None) -> Path:
        """Write the flow graph to ``path`` as graphml, gexf or json (docs/flows-json.md); return the path."""
        from tixi.flows.graph import write_graph

        return write_graph(self.flow_graph(system), path, format)

    def flow_figure(self, path: str | Path, *, font: str | None = None, system: str | None = None) -> Path:
        """Draw the flow graph to ``path`` (PNG/SVG/PDF); Chinese labels when a CJK font is found or given."""
        from tixi.domain import domain_of
        from tixi.flows.graph import draw_graph
        from tixi.report.figures import choose_font

        return draw_graph(self.flow_graph(system), path, domain_of(self._project().pack), font=font or choose_font().path)

    def compare_dataflows(self, a: str, b: str) -> pd.DataFrame:
        """Return the flows of group ``a`` against group ``b`` (a system, a place, or a document id prefix)."""
        from tixi.compare.dataflows import compare_dataflows
        from tixi.domain import domain_of

        return compare_dataflows(self.flows(), self._project().documents(), a, b, domain_of(self._project().pack).system_ids)

    def tension(self, part: str = "conflation", *, by: str = "document", catalogue: str | Path | None = None) -> pd.DataFrame:
        """Return one tension table, each row with evidence.

        ``part``: conflation (per document, or summed ``by`` place, level or system), timeline
        (conflation by year), scope (flags against the scope catalogue: the pack's, or the YAML
        file ``catalogue``), reprimand (passages of restriction, with level and date).
        """
        from tixi.flows import tension

        if part not in TENSION_PARTS:
            raise InputError(f"unknown tension part {part!r}; use {', '.join(TENSION_PARTS)}")
        if part == "reprimand":
            return tension.reprimands(self._texts_with_units(), tension.load_reprimand_rules(self._project().pack))
        flows = self.flows()
        if part == "scope":
            return tension.scope_creep(flows, self._unit_texts(flows), tension.load_catalogue(self._project().pack, catalogue))
        from tixi.domain import domain_of

        domain = domain_of(self._project().pack)
        table = tension.conflation(flows, self._project().documents(), domain)
        if part == "timeline":
            return tension.conflation_by(table, "year", domain)
        return table if by == "document" else tension.conflation_by(table, by, domain)

    def _unit_texts(self, flows: pd.DataFrame) -> dict[tuple[str, str], str]:
        """Return the own text of every (document, unit) that holds a flow (an annex printed after an article left out)."""
        from tixi.flows.store import document_units
        from tixi.text.segment import article_body

        wanted = set(zip(flows["doc_id"], flows["unit"], strict=True))
        texts: dict[tuple[str, str], str] = {}
        for doc_id, text in self._project().iter_texts(sorted({doc for doc, _ in wanted})):
            for unit in document_units(self._project().db, doc_id, text):
                if (doc_id, unit.label) in wanted:
                    texts.setdefault((doc_id, unit.label), article_body(text[unit.start:unit.end]))
        return texts

    def _texts_with_units(self) -> Iterator[tuple[dict[str, Any], str, list[Unit]]]:
        """Yield (document metadata, normalised text, units) for every document, in id order."""
        from tixi.flows.store import document_units

        documents = {str(row["id"]): {str(key): value for key, value in row.items()} for row in self._project().documents().to_dict("records")}
        for doc_id, text in self._project().iter_texts():
            yield documents[doc_id], text, document_units(self._project().db, doc_id, text)
