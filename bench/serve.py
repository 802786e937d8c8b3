"""Time of ``tixi serve`` pages against reading the same rows straight from SQLite, measured in one run.

Usage: python bench/serve.py [--lawref PATH] [--keep DIR]

1. The reader page of a 100,000-character document (the bundled corpus run together, auto-coded,
   its flows read), beside a SELECT of its text, codings, flows and articles.
2. Searches over lawref (3,461 laws, ../shared/lawref/lawref.jsonl.gz; skipped when absent): text,
   proximity (信用 within 20 characters of 记录) and a regular expression, each beside a SELECT of
   the texts of the documents with hits; and a page of the document list, sorted by date.

Pages are fetched through the whole app (middleware, templates) in process, with Starlette's
test client; each time is the median of several runs after one to warm up. Goals (issue 15):
a page under 200 ms, a search under 300 ms. ``--keep DIR`` keeps the lawref project in DIR and
reuses it next time (building it reads 19.6 M characters).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from starlette.testclient import TestClient

from tixi.demo import bundled_corpus
from tixi.project import Project
from tixi.store.search import SearchQuery
from tixi.web.app import create_app
from tixi.web.security import Guard

DEFAULT_LAWREF = Path(__file__).resolve().parents[2] / "shared" / "lawref" / "lawref.jsonl.gz"
BASE = "http://127.0.0.1:8765"
PAGE_CHARS = 100_000
SLACK = 1.03  # normalising squeezes runs of whitespace: write a little more, store about 100,000


def median_ms(work: Callable[[], object], runs: int = 7) -> float:
    """Return the median time of ``work`` in milliseconds, after one run to warm up."""
    work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def report(label: str, page_ms: float, direct_ms: float, goal_ms: float) -> None:
    verdict = "meets" if page_ms < goal_ms else "MISSES"
    print(f"  {label:<44} {page_ms:8.1f} ms   SQLite rows {direct_ms:7.1f} ms   ratio {page_ms / max(direct_ms, 1e-6):6.1f}x   "
          f"({verdict} the {goal_ms:.0f} ms goal)")


def long_document_project(folder: Path) -> tuple[Path, str]:
    """Return a project of the bundled corpus plus one 100,000-character document, coded and its flows read."""
    manifest = bundled_corpus()
    texts = [path.read_text(encoding="utf-8") for path in sorted((manifest.parent / "documents").glob("*.txt"))]
    joined = "\n".join(texts)
    while len(joined) < PAGE_CHARS * SLACK:
        joined += "\n" + joined
    long_file = folder / "long.txt"
    long_file.write_text(joined[:int(PAGE_CHARS * SLACK)], encoding="utf-8")
    root = folder / "project"
    with Project.init(root) as project:
        project.add([manifest.parent], manifest=manifest)
        [doc_id] = project.add([long_file], system="NCCA").added
        project.code()
        project.extract_flows()
    return root, doc_id


def bench_page(folder: Path) -> None:
    root, doc_id = long_document_project(folder)
    app = create_app(root, Guard("127.0.0.1", 8765))
    with TestClient(app, base_url=BASE) as client:
        project: Project = app.state.project
        chars, codings, flows = project.db.execute(
            "SELECT chars, (SELECT COUNT(*) FROM codings WHERE doc_id = ?), (SELECT COUNT(*) FROM flows WHERE doc_id = ?) FROM documents "
            "WHERE id = ?", (doc_id, doc_id, doc_id)).fetchone()
        print(f"Reader page: one document of {chars:,} characters, {codings} codings, {flows} flows")

        def page() -> None:
            response = client.get(f"/doc/{doc_id}")
            assert response.status_code == 200

        def direct() -> None:
            project.db.execute("SELECT * FROM documents d JOIN texts t ON t.doc_id = d.id WHERE d.id = ?", (doc_id,)).fetchall()
            project.db.execute("SELECT * FROM codings WHERE doc_id = ? ORDER BY start", (doc_id,)).fetchall()
            project.db.execute("SELECT * FROM flows WHERE doc_id = ? ORDER BY start", (doc_id,)).fetchall()
            project.db.execute("SELECT * FROM segments WHERE doc_id = ? AND kind = 'article'", (doc_id,)).fetchall()

        report(f"GET /doc/<id> ({chars:,} chars)", median_ms(page), median_ms(direct), 200)


def lawref_project(source: Path, keep: Path | None, folder: Path) -> Path:
    root = (keep or folder) / "lawref-project"
    if (root / "tixi.db").exists():
        return root
    print(f"Building the lawref project in {root} (reads {source}) …", flush=True)
    with Project.init(root) as project:
        project.add([source], text_column="text")
    return root


def bench_search(source: Path, keep: Path | None, folder: Path) -> None:
    root = lawref_project(source, keep, folder)
    app = create_app(root, Guard("127.0.0.1", 8765))
    with TestClient(app, base_url=BASE) as client:
        project: Project = app.state.project
        count, chars = project.db.execute("SELECT COUNT(*), SUM(chars) FROM documents").fetchone()
        print(f"\nSearch over lawref: {count:,} documents, {chars:,} characters")
        queries = [
            ("text 文明行为", {"q": "文明行为"}),
            ("text 信用 (two characters: no trigram)", {"q": "信用"}),
            ("信用 within 20 characters of 记录", {"q": "信用", "mode": "near", "near": "记录", "within": "20"}),
            ("regex 失信.{0,10}名单", {"q": "失信.{0,10}名单", "mode": "regex"}),
        ]
        for label, params in queries:
            query = SearchQuery(params["q"], params.get("mode", "text"), params.get("near", ""), int(params.get("within", "20")))
            result = project.search(query)
            every = project.search(SearchQuery(query.text, query.mode, query.near, query.within, limit=10**9))
            hit_docs = sorted({hit.doc_id for hit in every.hits}) or ["-"]  # the texts a search must read

            def page(params: dict[str, str] = params) -> None:
                response = client.get("/search", params=params)
                assert response.status_code == 200 and "result-count" in response.text

            def direct(ids: list[str] = hit_docs) -> None:
                project.db.execute(f"SELECT doc_id, normalized FROM texts WHERE doc_id IN ({','.join('?' * len(ids))})", ids).fetchall()

            report(f"GET /search {label} ({result.total} hits, {result.documents} docs)", median_ms(page, 5), median_ms(direct, 5), 300)

        def listing() -> None:
            response = client.get("/docs", params={"sort": "date", "dir": "desc", "page": "30"})
            assert response.status_code == 200

        def listing_rows() -> None:
            project.db.execute("SELECT id, title, system, kind, level, place, date, chars FROM documents ORDER BY date DESC LIMIT 50 OFFSET 1450"
                               ).fetchall()

        report("GET /docs sorted by date, page 30", median_ms(listing), median_ms(listing_rows), 200)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lawref", type=Path, default=DEFAULT_LAWREF)
    parser.add_argument("--keep", type=Path, default=None, help="keep (and reuse) the lawref project in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        bench_page(Path(scratch))
        if args.lawref.exists():
            bench_search(args.lawref, args.keep, Path(scratch))
        else:
            print(f"\nSearch over lawref skipped: {args.lawref} is absent")
    return 0


if __name__ == "__main__":
    sys.exit(main())
