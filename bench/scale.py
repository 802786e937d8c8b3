"""Cost curve of the per-document stages and of reuse on synthetic corpora built from lawref.

    python bench/scale.py [--lawref PATH] [--sizes 10000 30000] [--stages add code flows reuse report] [--timeout 1200]

For each size N, writes N rows drawn in turn from lawref's 3,461 documents, each perturbed so that
rows are distinct (a numbered heading, and one character in 150 replaced by another character of
the same document, seeded): a corpus with lawref's length distribution, its copies near-duplicates
of each other, so reuse has real work. Then, each stage in its own process (so peak memory is that
stage's): add (read the table, normalise, segment, store), code, flows, reuse, and the report
(HTML and Markdown, on the stages stored before it). Prints per stage wall seconds, CPU seconds,
characters per CPU-second (one process runs on one core, so this is chars/s per core, honest under
a shared CPU), peak resident memory, and that peak less the memory of the process once tixi's
modules are imported (what the stage itself holds), as one Markdown table.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_LAWREF = Path(__file__).resolve().parents[2] / "shared" / "lawref" / "lawref.jsonl.gz"
STAGES = ("add", "code", "flows", "reuse", "report")


def write_corpus(lawref: Path, size: int, path: Path, seed: int = 0) -> int:
    """Write ``size`` perturbed lawref rows to ``path`` (JSON Lines); return the characters written."""
    with gzip.open(lawref, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    generator = random.Random(seed)
    total = 0
    with path.open("w", encoding="utf-8") as out:
        for index in range(size):
            row = dict(rows[index % len(rows)])
            text = list(row["text"])
            for position in range(generator.randrange(150), len(text), 150):
                text[position] = text[generator.randrange(len(text))]
            row["text"] = f"（第{index + 1}号样本）\n" + "".join(text)
            row["title"] = f"{row['title']}（{index + 1}）"
            total += len(row["text"])
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return total


def run_stage(stage: str, project: Path, corpus: Path) -> dict[str, float]:
    """Run one stage here and return its measures (called in a child process)."""
    from tixi.project import Project

    if stage == "report":
        from tixi.report.build import write_report
    imported = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started, cpu = time.perf_counter(), time.process_time()
    if stage == "add":
        Project.init(project).close()
    with Project.open(project) as opened:
        if stage == "add":
            opened.add([corpus], text_column="text")
        elif stage == "code":
            opened.code()
        elif stage == "flows":
            opened.extract_flows()
        elif stage == "reuse":
            opened.find_reuse()
        else:
            write_report(opened, project / "report")
        chars = int(opened.db.execute("SELECT COALESCE(SUM(LENGTH(normalized)), 0) FROM texts").fetchone()[0])
        documents = int(opened.db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
    return {"wall": time.perf_counter() - started, "cpu": time.process_time() - cpu, "chars": chars, "documents": documents,
            "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "imported_mib": imported}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lawref", type=Path, default=DEFAULT_LAWREF)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000])
    parser.add_argument("--stages", nargs="+", default=list(STAGES), choices=STAGES)
    parser.add_argument("--timeout", type=int, default=1200, help="seconds a stage may run before it is stopped and reported as such")
    parser.add_argument("--child", nargs=3, metavar=("STAGE", "PROJECT", "CORPUS"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        print(json.dumps(run_stage(options.child[0], Path(options.child[1]), Path(options.child[2]))))
        return
    if not options.lawref.exists():
        sys.exit(f"{options.lawref} not found: give --lawref PATH")
    print("| documents | characters | stage | wall s | CPU s | chars per CPU-second | peak MiB | peak less imports MiB |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|")
    for size in options.sizes:
        with tempfile.TemporaryDirectory() as folder:
            corpus = Path(folder) / f"synthetic-{size}.jsonl"
            chars = write_corpus(options.lawref, size, corpus)
            for stage in options.stages:
                command = [sys.executable, __file__, "--child", stage, str(Path(folder) / "project"), str(corpus)]
                try:
                    done = subprocess.run(command, capture_output=True, text=True, timeout=options.timeout, check=True)
                except subprocess.TimeoutExpired:
                    print(f"| {size} | {chars:,} | {stage} | > {options.timeout} (stopped) | | | | |", flush=True)
                    break
                except subprocess.CalledProcessError as error:
                    print(f"| {size} | {chars:,} | {stage} | failed: {error.stderr.strip().splitlines()[-1]} | | | | |", flush=True)
                    break
                result = json.loads(done.stdout.strip().splitlines()[-1])
                print(f"| {result['documents']:.0f} | {result['chars']:,.0f} | {stage} | {result['wall']:.1f} | {result['cpu']:.1f} | "
                      f"{result['chars'] / max(result['cpu'], 1e-9):,.0f} | {result['peak_mib']:.0f} | "
                      f"{result['peak_mib'] - result['imported_mib']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
