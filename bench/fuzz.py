"""Fuzz the readers: mutated files of every family must be stored or refused cleanly, in time, store intact.

Usage: python bench/fuzz.py [--minutes M | --inputs N] [--families txt,html,...] [--seed S] [--out DIR]

Families: txt, html, warc, docx, pdf, table (JSON Lines and CSV), qdpx. Seeds are made at start
with the real libraries (python-docx, reportlab, warcio, tixi's own REFI-QDA export); each input
is a seed mutated (bytes flipped, inserted, deleted, duplicated, cut; for zip and gzip files also
the unpacked XML or WARC mutated and packed again). A worker process adds each input to a scratch
project (``Project.add``; ``import_qdpx`` with ``partial`` for qdpx) under the reader limits; the
parent kills the worker when one input takes longer than --hang seconds and counts a hang.

- crash: an exception other than a TixiError, or a refusal whose reason is "unexpected error"
  (a library failure no reader maps to a reason);
- hang: no answer within --hang seconds (the readers' own limit is --limit seconds);
- store: ``PRAGMA integrity_check`` and every document with its text, checked at the end.

Crashing and hanging inputs are saved under --out. Prints one JSON object per family, then a
summary line; exits 1 when any family had a crash, a hang or a damaged store.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import multiprocessing
import os
import random
import shutil
import sys
import tempfile
import time
import traceback
import zipfile
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

FAMILIES = ("txt", "html", "warc", "docx", "pdf", "table", "qdpx")
TEXT = ("第一条 为了规范社会信用信息管理，推进文明城市创建，制定本条例。\n"
        "第二条 失信被执行人的信息应当记入其信用记录，并依法实施失信惩戒措施。\n"
        "（一）守信激励；\n（二）失信惩戒。\n")


# -- seeds -----------------------------------------------------------------------------------------


def _docx_seed(folder: Path) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = "信用条例"
    for line in TEXT.splitlines():
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(1, 0).text = "主体", "措施", "企业"
    path = folder / "seed.docx"
    document.save(str(path))
    return path


def _pdf_seed(folder: Path) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = folder / "seed.pdf"
    pdf = canvas.Canvas(str(path))
    for page in range(2):
        pdf.setFont("STSong-Light", 9)
        pdf.drawString(200, 800, "某市人民代表大会常务委员会公报")
        pdf.setFont("STSong-Light", 11)
        for number, line in enumerate(TEXT.splitlines()):
            pdf.drawString(60, 760 - 16 * number, line[:30])
        pdf.drawString(280, 40, f"— {page + 1} —")
        pdf.showPage()
    pdf.save()
    return path


def _html() -> bytes:
    body = "".join(f"<p>{line}</p>" for line in TEXT.splitlines())
    return (f"<html><head><meta charset='utf-8'><title>信用</title></head><body><nav><a href='/'>首页</a></nav>"
            f"<article><h1>条例</h1>{body}</article><footer>版权所有</footer></body></html>").encode()


def _warc_seed(folder: Path) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = folder / "seed.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for number, (kind, payload) in enumerate([("text/html; charset=utf-8", _html()), ("image/png", b"\x89PNG" + bytes(40)),
                                                   ("text/html", _html().replace("条例".encode(), "办法".encode()))]):
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://example.gov.cn/{number}", "response",
                                                          payload=io.BytesIO(payload), http_headers=headers))
    return path


def _table_seeds(folder: Path) -> list[Path]:
    rows = [{"id": n, "title": f"条例{n}", "date": "2020-01-01", "text": line} for n, line in enumerate(TEXT.splitlines())]
    jsonl = folder / "seed.jsonl"
    jsonl.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    csv = folder / "seed.csv"
    csv.write_text("id,title,date,text\n" + "".join(f'{r["id"]},{r["title"]},{r["date"]},"{r["text"]}"\n' for r in rows),
                   encoding="utf-8")
    return [jsonl, csv]


def _qdpx_seed(folder: Path) -> Path:
    from tixi.project import Project

    source = folder / "interview.txt"
    source.write_text("访谈员：您怎么看信用积分？\n受访者：我觉得有点不确定，听说会影响贷款。\n", encoding="utf-8")
    with Project.init(folder / "seed-project") as project:
        [doc_id] = project.add([source]).added
        project.add_coding(doc_id, code="talk.conflation", coder="李敏", start=6, end=12)
        path = folder / "seed.qdpx"
        project.export_qdpx(path)
    return path


def make_seeds(folder: Path) -> dict[str, list[Path]]:
    """Return the seed files of each family, written into folder."""
    txt = folder / "seed.txt"
    txt.write_text(TEXT, encoding="utf-8")
    gbk = folder / "seed-gbk.txt"
    gbk.write_bytes(TEXT.encode("gb18030"))
    html = folder / "seed.html"
    html.write_bytes(_html())
    return {"txt": [txt, gbk], "html": [html], "warc": [_warc_seed(folder)], "docx": [_docx_seed(folder)],
            "pdf": [_pdf_seed(folder)], "table": _table_seeds(folder), "qdpx": [_qdpx_seed(folder)]}


# -- mutation --------------------------------------------------------------------------------------

_INTERESTING = [b"\x00", b"\xff", b"\xfe\xff", b"<", b">", b"</p>", b"<p>", b"&#0;", b"\x1b[2J", b"\n", b"\r\n", b'"', b"{",
                b"}", b"[", b"]", b",", b"\xe4\xbf", b"WARC/1.0\r\n", b"\x1f\x8b\x08", b"999999999", b"-1", b"<!--", b"]]>"]


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """Return data with one to eight random edits."""
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        choice = rng.random()
        position = rng.randrange(len(buffer) + 1)
        if choice < 0.3 and buffer:
            buffer[min(position, len(buffer) - 1)] ^= 1 << rng.randrange(8)
        elif choice < 0.5:
            buffer[position:position] = rng.choice(_INTERESTING)
        elif choice < 0.65 and buffer:
            del buffer[position:position + rng.randint(1, 64)]
        elif choice < 0.8 and buffer:
            start = rng.randrange(len(buffer))
            chunk = buffer[start:start + rng.randint(1, 256)]
            buffer[position:position] = chunk * rng.randint(1, 20)
        elif choice < 0.9 and buffer:
            del buffer[rng.randrange(len(buffer)):]
        else:
            buffer[position:position] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 32)))
    return bytes(buffer) or b"x"


def mutate(data: bytes, suffix: str, rng: random.Random) -> bytes:
    """Return a mutant of a seed: the raw bytes, or for zip and gzip files the packed content half the time."""
    if suffix in (".docx", ".qdpx") and rng.random() < 0.6:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            entries = [(entry, source.read(entry)) for entry in source.infolist()]
        target = rng.randrange(len(entries))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as packed:
            for index, (entry, content) in enumerate(entries):
                packed.writestr(entry.filename, mutate_bytes(content, rng) if index == target else content)
        return out.getvalue()
    if suffix == ".warc.gz" and rng.random() < 0.6:
        return gzip.compress(mutate_bytes(gzip.decompress(data), rng))
    return mutate_bytes(data, rng)


# -- the worker ------------------------------------------------------------------------------------


def _suffix(path: Path) -> str:
    return ".warc.gz" if path.name.endswith(".warc.gz") else path.suffix


def _unexpected(reasons: list[str]) -> str | None:
    return next((reason for reason in reasons if "unexpected error" in reason), None)


def worker(connection: Connection, project_dir: str) -> None:
    """Add each file the parent sends to the project (its tixi.toml sets the limits); answer ("ok" | "refused" | "crash", detail)."""
    from tixi.errors import TixiError
    from tixi.project import Project

    # warcio prints a warning to stderr for every odd record; thousands of mutants would flood the terminal.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    project = Project.open(project_dir)
    while True:
        message = connection.recv()
        if message is None:
            project.close()
            return
        path = Path(message)
        try:
            if path.suffix == ".qdpx":
                counts = project.import_qdpx(path, partial=True)
                outcome: tuple[str, str] = ("ok", str(len(counts["dropped"])))
            else:
                report = project.add([path])
                reasons = [problem.reason for problem in report.skipped] + report.warnings
                unexpected = _unexpected(reasons)
                outcome = ("crash", unexpected) if unexpected else ("ok" if report.added or report.duplicates else "refused", "")
        except TixiError as error:
            unexpected = _unexpected([str(error)])
            outcome = ("crash", unexpected) if unexpected else ("refused", str(error)[:200])
        except Exception:
            outcome = ("crash", traceback.format_exc(limit=-3))
        connection.send(outcome)


class Runner:
    """A worker process with a project configured with the reader limits; restarted after a hang."""

    def __init__(self, project_dir: Path) -> None:
        self.project_dir = project_dir
        self.context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
        self._start()

    def _start(self) -> None:
        self.connection, child = self.context.Pipe()
        self.process = self.context.Process(target=worker, args=(child, str(self.project_dir)), daemon=True)
        self.process.start()

    def run(self, path: Path, hang: float) -> tuple[str, str]:
        self.connection.send(str(path))
        if self.connection.poll(hang):
            try:
                result: tuple[str, str] = self.connection.recv()
                return result
            except EOFError:
                pass
        else:
            self.process.kill()
            self.process.join()
            self._start()
            return "hang", f"no answer in {hang:g} s"
        self.process.join()  # the worker died (a signal, the memory killer): a crash
        code = self.process.exitcode
        self._start()
        return "crash", f"worker died (exit {code})"

    def close(self) -> None:
        self.connection.send(None)
        self.process.join(10)


def store_problems(project_dir: Path) -> list[str]:
    """Return what is wrong with the scratch project's store (nothing when intact)."""
    import sqlite3

    db = sqlite3.connect(project_dir / "tixi.db")
    try:
        problems = [row[0] for row in db.execute("PRAGMA integrity_check") if row[0] != "ok"]
        orphans = db.execute("SELECT COUNT(*) FROM documents WHERE id NOT IN (SELECT doc_id FROM texts)").fetchone()[0]
        if orphans:
            problems.append(f"{orphans} document(s) without text")
        return problems
    finally:
        db.close()


def fuzz_family(family: str, seeds: list[Path], work: Path, out: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Return the figures of one family's run."""
    from tixi.project import Project

    rng = random.Random(f"{args.seed}:{family}")
    project_dir = work / f"project-{family}"
    Project.init(project_dir).close()
    with (project_dir / "tixi.toml").open("a", encoding="utf-8") as handle:
        handle.write(f"\n[limits]\nmax_seconds = {args.limit}\nmax_decompressed_mb = 64\nmax_chars = 5000000\n")
    runner = Runner(project_dir)
    counts = {"inputs": 0, "ok": 0, "refused": 0, "crash": 0, "hang": 0}
    examples: list[str] = []
    originals = [(seed.read_bytes(), _suffix(seed)) for seed in seeds]
    started = time.monotonic()
    deadline = started + args.minutes * 60 if args.minutes else None
    while (deadline is None or time.monotonic() < deadline) and (args.inputs is None or counts["inputs"] < args.inputs):
        data, suffix = rng.choice(originals)
        path = work / f"input-{family}{suffix}"
        path.write_bytes(mutate(data, suffix, rng))
        outcome, detail = runner.run(path, args.hang)
        counts["inputs"] += 1
        counts[outcome] += 1
        if outcome in ("crash", "hang"):
            saved = out / f"{family}-{outcome}-{counts['inputs']:06d}{suffix}"
            shutil.copyfile(path, saved)
            if len(examples) < 5:
                examples.append(f"{saved.name}: {detail.strip().splitlines()[-1] if detail.strip() else outcome}")
    runner.close()
    seconds = time.monotonic() - started
    problems = store_problems(project_dir)
    return {"family": family, **counts, "seconds": round(seconds, 1), "inputs_per_second": round(counts["inputs"] / seconds, 1),
            "store_intact": not problems, "store_problems": problems[:3], "examples": examples}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=None, help="minutes per family")
    parser.add_argument("--inputs", type=int, default=None, help="inputs per family (default: 200 unless --minutes)")
    parser.add_argument("--families", default=",".join(FAMILIES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=float, default=5.0, help="the readers' time limit per document (limits.max_seconds)")
    parser.add_argument("--hang", type=float, default=30.0, help="seconds without an answer that count as a hang")
    parser.add_argument("--out", type=Path, default=Path("fuzz-out"))
    args = parser.parse_args(argv)
    if args.minutes is None and args.inputs is None:
        args.inputs = 200
    families = [name.strip() for name in args.families.split(",") if name.strip()]
    unknown = sorted(set(families) - set(FAMILIES))
    if unknown:
        parser.error(f"unknown family {unknown[0]!r}; families: {', '.join(FAMILIES)}")
    args.out.mkdir(parents=True, exist_ok=True)
    failed = False
    with tempfile.TemporaryDirectory(prefix="tixi-fuzz-") as scratch:
        work = Path(scratch)
        seeds = make_seeds(work)
        for family in families:
            result = fuzz_family(family, seeds[family], work, args.out, args)
            print(json.dumps(result, ensure_ascii=False), flush=True)
            failed = failed or bool(result["crash"] or result["hang"] or not result["store_intact"])
    print("FAILED: crashes, hangs or a damaged store" if failed else "OK: no crash, no hang, every store intact", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
