"""Extraction benchmarks: in-process throughput of article → records, next to a bare pyahocorasick scan of the
same text in the same run, and the cold wall time of ``geomap extract <seed>``. Prints figures.

Run: ``python tests/benchmarks/bench_extract.py``. Target (issue 4): ≥ 1 MB/s of article text on one core.
The corpus is the seed article plus, when ../shared is present, the labelled dev articles (read by path).
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import ahocorasick  # noqa: E402

from geomap.articles import Article, iter_articles, parse_text  # noqa: E402
from geomap.gazetteer import Gazetteer  # noqa: E402
from geomap.names import fold  # noqa: E402
from geomap.pipeline import extract_records  # noqa: E402

SEED = ROOT / "seeds" / "000_8ee0bf3547f2fd3b.txt"
SHARED = Path(os.environ.get("GEOMAP_SHARED", ROOT.parent / "shared"))
ROUNDS = 5


def corpus() -> list[Article]:
    arts = list(iter_articles([SEED], print))
    dev = SHARED / "eval" / "articles" / "dev"
    for p in sorted(dev.glob("*.json")) if dev.is_dir() else []:
        arts.append(parse_text(json.loads(p.read_text("utf-8"))["text"], source=str(p)))
    return arts


def main() -> None:
    gaz = Gazetteer.load()
    arts = corpus()
    nbytes = sum(len(a.text.encode("utf-8")) for a in arts)
    for a in arts:  # warm, once over the corpus: automaton loaded, lexicons compiled, per-oblast tables made
        extract_records(a, gaz, mentions=True)
    # rounds of about 0.4 MB each, as timeit repeats: the best round is the figure least disturbed by other
    # work on the machine, the median says how steady it was
    repeat = max(1, int(400_000 / nbytes))
    rates = []
    n_records = 0
    for _ in range(ROUNDS):
        t0 = time.perf_counter()
        for _ in range(repeat):
            for a in arts:
                n_records += len(extract_records(a, gaz, mentions=True))
        rates.append(nbytes * repeat / (time.perf_counter() - t0) / 1e6)
    mbs, median = max(rates), statistics.median(rates)

    automaton = ahocorasick.Automaton()
    for i, key in enumerate({k for a in arts for k in fold(a.text).split()}):
        automaton.add_word(key, i)
    for key in list(gaz_keys(gaz))[:400_000]:
        automaton.add_word(key, 0)
    automaton.make_automaton()
    text = fold("\n".join(a.text for a in arts))
    t0 = time.perf_counter()
    hits = 0
    for _ in range(repeat * ROUNDS):
        hits += sum(1 for _ in automaton.iter(text))
    scan = len(text.encode("utf-8")) * repeat * ROUNDS / (time.perf_counter() - t0) / 1e6

    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "geomap", "extract", str(SEED)], check=True, capture_output=True, cwd=ROOT)
    cold = time.perf_counter() - t0

    print(f"gazetteer: {gaz.source}")
    print(f"corpus: {len(arts)} articles, {nbytes / 1e3:.0f} kB, x{repeat} per round, {ROUNDS} rounds")
    print(f"extract (in-process, mentions on): {mbs:.2f} MB/s best round, {median:.2f} median, "
          f"{n_records // ROUNDS} records per round   [target >= 1 MB/s]")
    print(f"bare pyahocorasick scan of the same text: {scan:.1f} MB/s ({hits} hits)")
    print(f"cold `geomap extract <seed>` wall time: {cold:.2f} s")


def gaz_keys(gaz: Gazetteer):
    """The folded name forms of the gazetteer, for a bare automaton of comparable size."""
    for p in gaz.places:
        for name in (p.name, p.name_native, p.name_ru):
            if name:
                yield fold(name)


if __name__ == "__main__":
    main()
