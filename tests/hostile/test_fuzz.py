"""The fuzz harness runs (a short run here; bench/fuzz.py --minutes N for the real one), and what it found stays fixed."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from tests.hostile.bombs import warc_record
from tixi.errors import ReadError
from tixi.ingest import ReadProblem, SourceDocument, read

FUZZ = Path(__file__).resolve().parents[2] / "bench" / "fuzz.py"
PAGE = "<html><body><article><p>第一条 为了规范社会信用体系建设，制定本条例。</p></article></body></html>".encode()


def test_a_short_fuzz_run_of_every_family_finds_no_crash_no_hang_and_leaves_every_store_intact(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(FUZZ), "--inputs", "12", "--seed", "7", "--out", str(tmp_path / "found")],
                            capture_output=True, text=True, timeout=600, check=False)
    families = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [family["family"] for family in families] == ["txt", "html", "warc", "docx", "pdf", "table", "qdpx"]
    for family in families:
        assert family["inputs"] == 12
        assert (family["crash"], family["hang"], family["store_intact"]) == (0, 0, True), family
    assert result.returncode == 0 and result.stdout.rstrip().endswith("OK: no crash, no hang, every store intact")


def test_warc_records_with_missing_or_forged_headers_are_damaged_records_not_unexpected_errors(tmp_path: Path) -> None:
    good = warc_record("https://example.gov.cn/a", PAGE, gzip=False)
    no_uri = re.sub(rb"WARC-Target-URI: [^\r]*\r\n", b"", warc_record("https://example.gov.cn/b", PAGE, gzip=False))
    negative = re.sub(rb"Content-Length: \d+", b"Content-Length: -500", warc_record("https://example.gov.cn/c", PAGE, gzip=False), count=1)
    path = tmp_path / "crawl.warc"
    path.write_bytes(good + no_uri + negative + good.replace(b"/a", b"/d"))
    try:
        found = list(read(path))
    except ReadError as error:
        found = [ReadProblem(error.path, error.reason)]
    reasons = [item.reason for item in found if isinstance(item, ReadProblem)]
    assert not any("unexpected error" in reason for reason in reasons), reasons
    assert any("WARC-Target-URI" in reason for reason in reasons), reasons
    assert isinstance(found[0], SourceDocument) and found[0].meta["url"] == "https://example.gov.cn/a"
