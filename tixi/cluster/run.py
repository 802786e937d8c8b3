"""The per-document stages on a Dask cluster, merged into the project store as local runs store them.

Each function takes an open project and a ``distributed.Client`` (``tixi.cluster.client``),
cuts the work into partitions, has the workers write one Parquet file per partition under
``<project>/.cluster/<stage>/``, reads them back in partition order and stores the results with
the stage's own storing code (``store_prepared``, ``auto_code``, ``update_flows``,
``find_reuse``), so that the store holds exactly what a local run stores. The partition files
are removed after a successful merge. With ``--scheduler``, workers elsewhere write there too:
the project folder must be on a filesystem they share (docs/dask.md).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tixi.cluster.partitions import partition, read_results
from tixi.errors import InputError
from tixi.ingest.base import ReadOptions, ReadProblem
from tixi.progress import Progress

if TYPE_CHECKING:
    from tixi.coding.autocode import CodeReport
    from tixi.project import Project
    from tixi.reuse.candidates import DocumentKeys
    from tixi.reuse.settings import ReuseSettings
    from tixi.store.add import AddReport

WORK_FOLDER = ".cluster"
ROWS_PER_PARTITION = 500   # table rows a worker reads and prepares at a time (lawref: about 3 million characters)


def _run(client: Any, project: Project, stage: str, function: Callable[..., str], calls: Sequence[tuple[Any, ...]],
         progress: Progress | None) -> list[Path]:
    """Submit ``function(*call, out)`` per partition; return the Parquet files in partition order (raising a worker's error)."""
    folder = project.root / WORK_FOLDER / stage
    if folder.exists():
        shutil.rmtree(folder)  # files of an interrupted run are not merged
    folder.mkdir(parents=True)
    futures = [client.submit(function, *call, str(folder / f"part-{index:05d}.parquet"), pure=False) for index, call in enumerate(calls)]
    if progress:
        progress.start(len(futures), f"{stage} on Dask")
    from distributed import as_completed

    for _ in as_completed(futures):
        if progress:
            progress.advance()
    if progress:
        progress.finish()
    return [Path(path) for path in client.gather(futures)]


def _done(project: Project, stage: str) -> None:
    shutil.rmtree(project.root / WORK_FOLDER / stage, ignore_errors=True)


def cluster_add(project: Project, path: str | Path, client: Any, *, text_column: str | None = None, id_column: str | None = None,
                system: str | None = None, kind: str | None = None, progress: Progress | None = None) -> AddReport:
    """Add a table corpus (JSON Lines, CSV, Parquet), its rows read, normalised and segmented on the workers.

    The store ends as ``project.add([path], text_column=…)`` leaves it: same ids, texts, offsets,
    segments, metadata and ingest log, in the same order.
    """
    import tixi.ingest as ingest
    from tixi.cluster.work import document_from_json, read_rows
    from tixi.domain import domain_of
    from tixi.store import documents as rows
    from tixi.store.add import TABLE_FORMATS, AddReport, AddRequest, record_duplicate, record_problem, store_prepared, store_source
    from tixi.store.infer import PlaceRules
    from tixi.store.metadata import check

    source = Path(path)
    if ingest.format_of(source) not in TABLE_FORMATS:
        raise InputError(f"{source}: only table corpora (JSON Lines, CSV, Parquet) are read on Dask; add other files with `tixi add`")
    check({"system": system} if system else {}, "tixi cluster add: ", domain_of(project.pack).system_ids)
    request = AddRequest(fields={"system": system, "kind": kind}, meta={}, manifest=None,
                         options=ReadOptions(text_column=text_column, id_column=id_column), convert=project.config.convert,
                         update=False, places=PlaceRules.from_pack(project.pack))
    count = ingest.count_records(source)
    source_hash = store_source(project.db, project.root, source)
    # A file that cannot be counted (damaged, cut short) is read whole by one worker, which reports where it breaks.
    calls = [(str(source), request, source_hash, 0, None)] if count is None else \
        [(str(source), request, source_hash, start, start + ROWS_PER_PARTITION) for start in range(0, max(count, 1), ROWS_PER_PARTITION)]
    files = _run(client, project, "add", read_rows, calls, progress)
    report = AddReport()
    for key, payload in read_results(files):
        if key == "problem":
            record_problem(project.db, source, ReadProblem(payload["path"], payload["reason"], payload["locator"]), report)
            continue
        new = document_from_json(payload)
        if rows.exists(project.db, new.id):
            record_duplicate(project.db, source, new.id, new.locator, request, report)
        else:
            store_prepared(project.db, source, new, report)
    _done(project, "add")
    return report


def _texts(project: Project, doc_ids: list[str] | None = None) -> tuple[list[str], list[str]]:
    pairs = list(project.iter_texts(doc_ids))
    return [doc for doc, _ in pairs], [text for _, text in pairs]


def cluster_code(project: Project, client: Any, progress: Progress | None = None) -> CodeReport:
    """Code on the workers the documents ``project.code()`` would code (new or changed); store the codings as it does."""
    from tixi.cluster.work import code_rows, codings_from_json
    from tixi.coding.autocode import auto_code, documents_to_code

    info = {str(row[0]): (row[1], row[2] or "") for row in project.db.execute("SELECT id, kind, title FROM documents")}
    ids, texts = _texts(project, documents_to_code(project))  # what is coded already is not shipped again
    documents = [(doc, info[doc][0], info[doc][1], text) for doc, text in zip(ids, texts, strict=True)]
    calls = [(project.config.pack, str(project.root), part) for part in partition(documents, [len(t) for t in texts])]
    files = _run(client, project, "code", code_rows, calls, progress)
    coded = {key: codings_from_json(payload) for key, payload in read_results(files)}
    report = auto_code(project, coded=coded)
    _done(project, "code")
    return report


def cluster_flows(project: Project, client: Any, progress: Progress | None = None) -> int:
    """Extract on the workers the flows of the documents ``project.extract_flows()`` would read again (new or changed);
    store them as it does; return how many were redone."""
    from tixi.cluster.work import flow_rows, flows_from_json
    from tixi.flows.store import behaviour_finder, document_units, stale_document_ids, update_flows
    from tixi.flows.train import PROJECT_MODEL

    trained = project.root / PROJECT_MODEL
    titles = {str(row[0]): row[1] or "" for row in project.db.execute("SELECT id, title FROM documents")}
    finder = behaviour_finder(project.pack)
    ids, texts = _texts(project, stale_document_ids(project.db, project._flow_reader(), finder is not None))
    documents = [(doc, titles[doc], text, [(unit.label, unit.start, unit.end) for unit in document_units(project.db, doc, text)])
                 for doc, text in zip(ids, texts, strict=True)]
    calls = [(project.config.pack, str(trained) if trained.exists() else None, part) for part in partition(documents, [len(t) for t in texts])]
    files = _run(client, project, "flows", flow_rows, calls, progress)
    extracted = {key: flows_from_json(payload) for key, payload in read_results(files)}
    redone = update_flows(project.db, project._flow_reader(), finder, extracted=extracted)
    _done(project, "flows")
    return redone


def cluster_reuse_keys(project: Project, settings: ReuseSettings, client: Any, progress: Progress | None = None) -> list[DocumentKeys]:
    """Return every document's reuse LSH keys (id order), computed on the workers, for ``project.find_reuse(keys=…)``."""
    from tixi.cluster.work import key_rows, keys_from_json

    ids, texts = _texts(project)
    calls = [(settings, part) for part in partition(list(zip(ids, texts, strict=True)), [len(t) for t in texts])]
    files = _run(client, project, "reuse", key_rows, calls, progress)
    keys = dict((key, keys_from_json(payload)) for key, payload in read_results(files))
    _done(project, "reuse")
    return [keys[doc] for doc in ids]
