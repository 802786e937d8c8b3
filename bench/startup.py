"""Start-up: `import tixi` and `tixi --help`, each as a ratio to a bare Python start in the same run.

    python bench/startup.py [--runs N]

Targets (issue "One domain in the pack…"): `import tixi` ≤ 0.3 s and `tixi --help` ≤ 0.5 s on the
2-core machine; the ratios make runs on other machines comparable.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def seconds(command: list[str], runs: int) -> float:
    """Return the median wall time of ``command`` over ``runs`` runs."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    bare = seconds([sys.executable, "-c", "pass"], runs)
    package = seconds([sys.executable, "-c", "import tixi"], runs)
    helped = seconds([sys.executable, "-m", "tixi", "--help"], runs)
    print(f"python start {bare:.3f} s; import tixi {package:.3f} s ({package / bare:.1f}x, target <= 0.3 s); "
          f"tixi --help {helped:.3f} s ({helped / bare:.1f}x, target <= 0.5 s)")


if __name__ == "__main__":
    main()
