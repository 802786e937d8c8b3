"""Time and peak memory of adding hostile files, each in a fresh process, with the default limits.

Usage: python bench/hostile.py [--cases docx_bomb,one_line_txt,csv_field,...] [--scale 1.0]

Cases (sizes at --scale 1):
- docx_bomb: a DOCX of a few MB whose word/document.xml unpacks to 1 GB of tiny paragraphs,
  added in a batch with a good text file after it; must be refused in < 30 s under 1.5 GB RSS,
  the good file stored.
- docx_bomb_under_byte_limit: 200 MB of tiny paragraphs, under limits.max_decompressed_mb: refused
  by the element count while streaming.
- one_line_txt: a 200 MB text file on one line (ASCII): refused by limits.max_chars while streaming.
- one_line_txt_under: a 19 MB one-line text (under the limit): stored; RSS against its size.
- csv_field: a CSV whose one field holds 100 MB: that row refused, the row before stored.
- baseline: one small text file: the RSS of the process itself, to subtract from the others.

Prints one JSON object per case: seconds, peak RSS (MB) of the process that added the files, the
ratio of RSS to input size, what was added and why anything was skipped.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from hostile_files import PARAGRAPH, docx_bomb

GOOD = "第一条 为了规范社会信用体系建设，制定本条例。\n"


def one_line_txt(path: Path, size: int) -> Path:
    with path.open("w", encoding="ascii") as out:
        chunk = "credit " * 150_000
        for _ in range(size // len(chunk)):
            out.write(chunk)
    return path


def csv_field(path: Path, size: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "text"])
        writer.writerow(["1", GOOD])
        out.write('2,"')
        chunk = "长" * 1_000_000
        for _ in range(max(1, size // (3 * len(chunk)))):
            out.write(chunk)
        out.write('"\n')
    return path


def make(case: str, folder: Path, scale: float) -> list[Path]:
    """Return the files of a case (the hostile one first, then a good file where the case has one)."""
    good = folder / "z_good.txt"
    good.write_text(GOOD, encoding="utf-8")
    if case == "docx_bomb":
        return [docx_bomb(folder / "bomb.docx", int(1_000_000_000 * scale) // len(PARAGRAPH)), good]
    if case == "docx_bomb_under_byte_limit":
        return [docx_bomb(folder / "bomb.docx", int(200_000_000 * scale) // len(PARAGRAPH)), good]
    if case == "one_line_txt":
        return [one_line_txt(folder / "line.txt", int(200_000_000 * scale)), good]
    if case == "one_line_txt_under":
        return [one_line_txt(folder / "line.txt", int(19_000_000 * scale))]
    if case == "baseline":
        return [good]
    if case == "csv_field":
        return [csv_field(folder / "field.csv", int(100_000_000 * scale))]
    raise SystemExit(f"unknown case {case!r}")


CHILD = """
import json, resource, sys, time
from tixi.project import Project
start = time.monotonic()
with Project.open(sys.argv[1]) as project:
    report = project.add(sys.argv[2:])
seconds = time.monotonic() - start
print(json.dumps({"seconds": round(seconds, 1), "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                  "added": len(report.added), "skipped": [problem.reason[:160] for problem in report.skipped]}))
"""


def run_case(case: str, scale: float) -> dict[str, object]:
    from tixi.project import Project

    with tempfile.TemporaryDirectory(prefix="tixi-hostile-") as scratch:
        folder = Path(scratch)
        files = make(case, folder, scale)
        Project.init(folder / "project").close()
        # The child's peak RSS is its own: the files were made in this process.
        result = subprocess.run([sys.executable, "-c", CHILD, str(folder / "project"), *map(str, files)],
                                capture_output=True, text=True, check=False)
        if result.returncode != 0:
            return {"case": case, "error": result.stderr.strip().splitlines()[-1:]}
        figures = json.loads(result.stdout.strip().splitlines()[-1])
        size = files[0].stat().st_size
        unpacked = sum(entry.file_size for entry in zipfile.ZipFile(files[0]).infolist()) if files[0].suffix == ".docx" else size
        return {"case": case, "file_mb": round(size / 2**20, 1), "unpacked_mb": round(unpacked / 2**20, 1), **figures,
                "rss_per_input_byte": round(figures["peak_rss_mb"] * 2**20 / max(unpacked, 1), 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default="baseline,docx_bomb,docx_bomb_under_byte_limit,one_line_txt,one_line_txt_under,csv_field")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size (0.01 for a quick look)")
    args = parser.parse_args()
    for case in args.cases.split(","):
        print(json.dumps(run_case(case.strip(), args.scale), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
