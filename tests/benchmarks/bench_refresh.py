"""Benchmark of ``geomap refresh``: 1,000 new articles (budget 60 s), then a run with no change (budget 2 s).

Run: ``python tests/benchmarks/bench_refresh.py [--articles 1000] [--keep DIR]``. The articles are generated
by recombining the sentences of the labelled dev articles in ../shared/eval/articles/dev (and the seed), so
they name real places and events in five languages; each is a dated plain-text file. Both runs are the real
command (``python -m geomap refresh --offline``) in a subprocess, so start-up, gazetteer loading, extraction,
the store, per-article maps, the aggregate map and the GeoJSON are all included. Prints one line per
measurement and exits 1 when a budget is exceeded.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SHARED = Path(os.environ.get("GEOMAP_SHARED", ROOT.parent / "shared"))

BUDGET_NEW = 60.0
BUDGET_UNCHANGED = 2.0


def _sentences() -> dict[str, list[str]]:
    """Sentences of the dev articles (and the seed) by language."""
    by_lang: dict[str, list[str]] = {}
    dev = SHARED / "eval" / "articles" / "dev"
    sources = [(json.loads(p.read_text(encoding="utf-8"))) for p in sorted(dev.glob("*.json"))]
    seed = (ROOT / "seeds" / "000_8ee0bf3547f2fd3b.txt").read_text(encoding="utf-8")
    sources.append({"lang": "fr", "text": seed})
    for art in sources:
        text = art.get("text") or ""
        lines = text.splitlines()
        if lines and lines[0].startswith("date "):
            lines = lines[1:]
        for s in re.split(r"(?<=[.!?»])\s+", " ".join(lines)):
            s = s.strip()
            if 30 <= len(s) <= 600:
                by_lang.setdefault(art.get("lang") or "en", []).append(s)
    return by_lang


def generate(folder: Path, n: int, seed: int = 1) -> None:
    """``n`` dated plain-text articles of 4–12 recombined sentences each, one language per article."""
    rng = random.Random(seed)
    by_lang = _sentences()
    langs = sorted(by_lang)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        lang = langs[i % len(langs)]
        pool = by_lang[lang]
        body = rng.sample(pool, k=min(len(pool), rng.randint(4, 12)))
        day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        title = body[0][:70].rstrip(" ,.;:")
        paragraphs = "\n\n".join(" ".join(body[j : j + 3]) for j in range(0, len(body), 3))
        (folder / f"bench-{i:05d}-{lang}.txt").write_text(
            f"date {day} {title}\n\n{paragraphs}\n", encoding="utf-8"
        )


def _refresh(inbox: Path, out: Path, env: dict[str, str]) -> tuple[float, dict, int]:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "geomap", "refresh", "--inbox", str(inbox), "--out", str(out), "--offline"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - t0
    lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("{")]
    if not lines:
        print(proc.stderr, file=sys.stderr)
        raise SystemExit(f"refresh failed with exit status {proc.returncode}")
    return wall, json.loads(lines[-1]), proc.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--keep", type=Path, default=None, help="work in this folder and keep it")
    args = parser.parse_args(argv)
    if not (SHARED / "eval" / "articles" / "dev").is_dir():
        print(
            f"needs {SHARED / 'eval' / 'articles' / 'dev'} (the shared data beside the checkout)",
            file=sys.stderr,
        )
        return 2
    work = args.keep or Path(tempfile.mkdtemp(prefix="geomap-bench-refresh-"))
    if work.exists() and args.keep:
        shutil.rmtree(work / "inbox", ignore_errors=True)
        shutil.rmtree(work / "out", ignore_errors=True)
    env = dict(os.environ, GEOMAP_HOME=str(work / "home"))
    try:
        t0 = time.perf_counter()
        generate(work / "inbox", args.articles)
        print(
            f"generated {args.articles} articles in {time.perf_counter() - t0:.1f} s "
            f"(cores: {os.cpu_count()})"
        )
        ok = True
        wall, s, code = _refresh(work / "inbox", work / "out", env)
        fine = wall <= BUDGET_NEW and s["new"] == args.articles and code == 0
        ok &= fine
        print(
            f"refresh, {args.articles} new articles: {wall:.1f} s wall ({s['seconds']:.1f} s in the run), "
            f"{s['events']} events, {s['maps']} maps, aggregate {s['aggregate']}, exit {code} "
            f"[budget {BUDGET_NEW:.0f} s: {'ok' if fine else 'OVER'}]"
        )
        wall, s, code = _refresh(work / "inbox", work / "out", env)
        fine = wall <= BUDGET_UNCHANGED and s["new"] == s["changed"] == s["maps"] == 0 and code == 0
        ok &= fine
        print(
            f"refresh, no change: {wall:.2f} s wall ({s['seconds']:.3f} s in the run), "
            f"{s['unchanged']} unchanged [budget {BUDGET_UNCHANGED:.0f} s: {'ok' if fine else 'OVER'}]"
        )
        sizes = {p.name: p.stat().st_size for p in (work / "out").glob("*") if p.is_file()}
        print("outputs: " + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in sorted(sizes.items())))
        return 0 if ok else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
