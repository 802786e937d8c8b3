"""Time `tixi demo` end to end (a fresh process, as a user runs it): target under 30 s on 2 cores.

Prints the wall time of the whole command and the seconds of each stage it reports.
Usage: python bench/demo.py [--runs N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = 30.0


def run_once(out: Path) -> tuple[float, str]:
    """Return the wall time of one `tixi demo --out out` and its output."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "tixi", "demo", "--out", str(out), "--quiet"],
                          capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"tixi demo failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return elapsed, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(args.runs):
            elapsed, output = run_once(Path(folder) / f"demo{run}")
            times.append(elapsed)
            stages = [line.strip() for line in output.splitlines() if line.strip().endswith(" s)")]
            print(f"run {run + 1}: {elapsed:.1f} s")
            for line in stages:
                print(f"    {line}")
    best = min(times)
    verdict = "within" if best < TARGET_SECONDS else "OVER"
    print(f"tixi demo end to end: best {best:.1f} s of {len(times)} run(s); target < {TARGET_SECONDS:.0f} s: {verdict}")


if __name__ == "__main__":
    main()
