"""The Dask executor stores exactly what the local path stores (bundled corpus as a table, a small in-process cluster)."""

from __future__ import annotations

import csv
import gzip
import json
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from tixi.demo import bundled_corpus
from tixi.errors import InputError
from tixi.project import Project
from tixi.reuse.settings import ReuseSettings

pytest.importorskip("distributed", reason="the Dask extra is not installed (pip install 'tixi[dask]')")

from tixi.cluster.client import dask_client  # noqa: E402
from tixi.cluster.run import ROWS_PER_PARTITION, cluster_add, cluster_code, cluster_flows, cluster_reuse_keys  # noqa: E402

# Columns that record when a row was written; everything else must be equal.
MOMENTS = {"added_at", "created_at", "coded_at", "run_at", "applied_at"}
TABLES = {
    "documents": "id", "texts": "doc_id", "segments": "doc_id, start, id", "ingest_log": "id", "codings": "doc_id, start, end, code_id",
    "coding_runs": "doc_id", "flows": "doc_id, start, id", "flow_runs": "doc_id", "reuse_passages": "passage",
}


def _corpus_table(folder: Path) -> Path:
    """Write the bundled corpus as JSON Lines (text, title, date, place, system, kind): a real table corpus."""
    manifest = bundled_corpus()
    path = folder / "corpus.jsonl"
    with manifest.open(encoding="utf-8") as handle, path.open("w", encoding="utf-8") as out:
        for row in csv.DictReader(handle):
            text = (manifest.parent / row["file"]).read_text(encoding="utf-8")
            record = {"text": text, **{key: row[key] for key in ("title", "date", "place", "system", "kind", "level")}}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        out.write(json.dumps({"title": "a row without text"}, ensure_ascii=False) + "\n")   # a problem row, reported by both paths
    return path


def _table(db: sqlite3.Connection, name: str) -> pd.DataFrame:
    frame = pd.read_sql_query(f"SELECT * FROM {name} ORDER BY {TABLES[name]}", db)
    return frame.drop(columns=[c for c in frame.columns if c in MOMENTS or (name in ("codings", "flows", "ingest_log", "segments") and c == "id")])


def test_dask_results_equal_the_local_path(tmp_path: Path) -> None:
    table = _corpus_table(tmp_path)
    local = Project.init(tmp_path / "local")
    local_report = local.add([table], text_column="text")
    local.code()
    local.extract_flows()
    local.find_reuse()

    spread = Project.init(tmp_path / "dask")
    with dask_client(workers=2, processes=False, memory_limit="1GiB") as client:
        report = cluster_add(spread, table, client, text_column="text")
        cluster_code(spread, client)
        cluster_flows(spread, client)
        keys = cluster_reuse_keys(spread, ReuseSettings(), client)
        # A second run ships nothing: what is coded and read already is up to date, as on the local path.
        again = cluster_code(spread, client)
        assert again.coded == [] and len(again.skipped) == 50
        assert cluster_flows(spread, client) == 0
    spread.find_reuse(ReuseSettings(), keys=keys)

    assert report.added == local_report.added and len(report.added) == 50
    assert [problem.reason for problem in report.skipped] == [problem.reason for problem in local_report.skipped] != []
    for name in TABLES:
        pd.testing.assert_frame_equal(_table(spread.db, name), _table(local.db, name), obj=name)
    assert min(len(_table(local.db, name)) for name in ("codings", "flows", "reuse_passages", "segments")) > 0
    assert not (spread.root / ".cluster" / "add").exists()   # partitions are merged, then removed
    local.close()
    spread.close()


def test_a_corpus_cut_short_loses_no_row_on_dask(tmp_path: Path) -> None:
    # 1,200 rows gzipped, the last fifth cut off: the file cannot be counted, so it is not cut into partitions by a guess.
    rows = "".join(json.dumps({"text": f"第一条 第{i}号文件，规定文明行为促进工作。" * 3, "title": f"文件{i}"}, ensure_ascii=False) + "\n"
                   for i in range(1200))
    whole = gzip.compress(rows.encode("utf-8"))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) * 4 // 5])
    local = Project.init(tmp_path / "local")
    local_report = local.add([path])
    spread = Project.init(tmp_path / "dask")
    with dask_client(workers=2, processes=False, memory_limit="1GiB") as client:
        report = cluster_add(spread, path, client)
    assert report.added == local_report.added and len(report.added) > ROWS_PER_PARTITION
    assert [(p.reason, p.locator) for p in report.skipped] == [(p.reason, p.locator) for p in local_report.skipped] != []
    for name in ("documents", "texts", "ingest_log"):
        pd.testing.assert_frame_equal(_table(spread.db, name), _table(local.db, name), obj=name)
    local.close()
    spread.close()


def test_no_cluster_and_no_table_are_refused_with_what_to_do(tmp_path: Path) -> None:
    project = Project.init(tmp_path / "project")
    with pytest.raises(InputError, match="--workers N"), dask_client(workers=0):
        pass
    text = tmp_path / "one.txt"
    text.write_text("第一条 为了测试。", encoding="utf-8")
    with dask_client(workers=1, processes=False, memory_limit="512MiB") as client, pytest.raises(InputError, match="table corpora"):
        cluster_add(project, text, client)
    project.close()


def test_cluster_commands_say_what_to_give(tmp_path: Path) -> None:
    from tests.cli_runner import invoke

    Project.init(tmp_path / "project").close()
    code, _, error = invoke("cluster", "code", "-p", str(tmp_path / "project"))
    assert code == 1 and "--workers N" in error and "--scheduler" in error
