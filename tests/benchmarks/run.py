"""Run every benchmark in this folder (bench_*.py) one after the other and print their figures.

Run: ``.venv/bin/python tests/benchmarks/run.py [NAME ...]`` (e.g. ``run.py extract gazetteer``). Benchmarks print
figures; they are not pass/fail tests, and timing targets are quoted next to the figures they concern.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if argv:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in argv]
    failed = 0
    for script in scripts:
        print(f"== {script.stem}", flush=True)
        t0 = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)], cwd=HERE.parents[1])
        print(f"   ({time.perf_counter() - t0:.1f} s, exit {code})\n", flush=True)
        failed += code != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
