"""Gazetteer benchmarks: load time, lookups per second, scan speed, resident memory. Prints figures.

Run: ``python tests/benchmarks/bench_gazetteer.py`` (the full gazetteer is measured when installed, i.e. when
``$GEOMAP_HOME`` or the user data folder holds it; install it with
``geomap gazetteer update --source ../shared/data/geonames-ua/UA.txt.gz``).
Targets (issue 3): bundled load ≤ 0.3 s, full load ≤ 1 s, ≥ 200,000 lookups/s.
"""
from __future__ import annotations

import csv
import gzip
import hashlib
import json
import math
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from geomap.gazetteer import BUNDLED_PATH, Gazetteer, full_path  # noqa: E402

SEED = ROOT / "seeds" / "000_8ee0bf3547f2fd3b.txt"
SHARED = Path(os.environ.get("GEOMAP_SHARED", ROOT.parent / "shared"))
CIR = SHARED / "eval" / "cir-monitor" / "events.csv.gz"

_CHILD = r"""
import json, sys, time, gc
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
before = rss()
t0 = time.perf_counter()
from geomap.gazetteer import Gazetteer
t1 = time.perf_counter()
g = Gazetteer.load(sys.argv[1])
t2 = time.perf_counter()
after_load = rss()
g.lookup("Kostiantynivka")
g.scan("Kostiantynivka")
after_scan = rss()
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "rss_before_mb": before, "rss_loaded_mb": after_load,
                  "rss_with_automaton_mb": after_scan}))
"""


def cold(path: Path) -> dict:
    """Load in a fresh interpreter: import time, load time, resident memory."""
    out = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    return json.loads(out.stdout)


def warm_load(path: Path, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        Gazetteer._loaded.clear()
        t = time.perf_counter()
        Gazetteer.load(path)
        best = min(best, time.perf_counter() - t)
    return best


def lookups_per_second(g: Gazetteer, n: int = 300_000) -> tuple[float, float]:
    """(with the per-key result cache warm, with every name new to the gazetteer)."""
    rng = random.Random(1)
    sample = rng.sample(g._key_list, 20_000)
    names = [k.title() for k in sample[:10_000]]
    names += ["Києві", "Харкову", "під Авдіївкою", "Кривого Рогу", "Tschassiw Jar", "Predtetchyné", "nowhere-ville"]
    for name in names:  # warm
        g.lookup(name)
    t = time.perf_counter()
    for i in range(n):
        g.lookup(names[i % len(names)])
    warm = n / (time.perf_counter() - t)
    fresh = [k.upper() for k in sample[10_000:]]  # keys not looked up yet
    g._cache.clear()
    t = time.perf_counter()
    for name in fresh:
        g.lookup(name)
    cold_rate = len(fresh) / (time.perf_counter() - t)
    return warm, cold_rate


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def cir_lookup_accuracy(g: Gazetteer, split: str, fuzzy: bool = False) -> tuple[int, float, float]:
    """Naive CIR task B: ``town/city`` looked up alone, the first candidate in the row's ``province`` if any.

    Returns (rows, share with a candidate, share within 10 km). The whole pipeline's figure (context ranking)
    is measured by ../shared/eval/score.py; this only says what the gazetteer's prior ranking gives.
    """
    from geomap.names import name_key

    oblasts: dict[str, str] = {}
    for p in g.places:  # oblasts first: "Kyiv Oblast" is the oblast, not the city
        if p.kind == "oblast":
            oblasts[name_key(p.name).replace(" oblast", "")] = p.admin1_code
    for p in g.places:
        if p.kind in ("capital", "city") and p.admin1 == p.name:
            oblasts.setdefault(name_key(p.name), p.admin1_code)

    def oblast_code(province: str) -> str | None:
        k = name_key(province).replace("'", "")
        for word in ("oblast", "region", "obl"):
            k = k.replace(word, "")
        k = k.strip()
        if len(k) < 4:
            return None
        if k in oblasts:
            return oblasts[k]
        for name, code in sorted(oblasts.items(), key=lambda kv: -len(kv[0])):
            if name[:5] == k[:5] or (name.startswith("autonomous") and k.startswith("crim")):
                return code
        return None

    n = covered = within = 0
    with gzip.open(CIR, "rt", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            town = (r.get("town/city") or "").strip()
            if r.get("country") != "Ukraine" or not town:
                continue
            dev = hashlib.sha1(r["entry"].encode()).hexdigest()[0] in "0123456789ab"
            if (split == "dev") != dev:
                continue
            n += 1
            cands = g.lookup(town, fuzzy=fuzzy)
            if not cands:
                continue
            covered += 1
            code = oblast_code(r.get("province") or "")
            best = next((c for c in cands if code and c.place.admin1_code == code), cands[0])
            if _km(best.place.latitude, best.place.longitude, float(r["lat"]), float(r["lon"])) <= 10:
                within += 1
    return n, covered / n, within / n


def russian_agreement(dump: Path) -> None:
    """How often the rule-made Russian forms (names.russian_guesses) agree with GeoNames' Russian alternates.

    Over the KATOTTG settlements joined to a GeoNames row of the dump: (1) those with a Russian-only Cyrillic
    alternate (ы э ъ ё, no і ї є ґ ў or apostrophe; Belarusian-looking forms left out), (2) those with any Cyrillic
    alternate without Ukrainian letters that differs from the Ukrainian name. Agreement of the first guess and of
    any of the four. Many of the misses are Soviet names (Куйбышево, Красный Партизан) no rule can give.
    """
    import re

    from geomap import gazetteer as G
    from geomap.names import is_cyrillic, name_key, russian_guesses

    ua, _label = G._open_dump(str(dump))
    kat, border, _former = G._bundled_katottg_and_border()
    b = G._Builder(kat, [g for g in ua if g["country"] == "UA"], border, "full", {})
    b._katottg_places()
    b._join_geonames()
    cyr = re.compile(r"[\u0400-\u04ff \-]+")
    ukrainian = re.compile("[ўЎіїєґІЇЄҐ'’ʼ`]")
    belarusian = re.compile("(?<=[^ ])э|[чшжщ]ы|ць$|дз")
    russian_only = re.compile("[ыэъёЫЭЪЁ]")
    tallies = {"a Russian-only alternate": [0, 0, 0], "any non-Ukrainian Cyrillic alternate": [0, 0, 0]}
    for r in b.rows:
        if r.kind not in SETTLEMENT_KINDS or not r.geonames or not r.native:
            continue
        alts = [a for a in r.alts if is_cyrillic(a) and cyr.fullmatch(a) and not ukrainian.search(a)
                and not belarusian.search(name_key(a))]
        guesses = [name_key(x) for x in russian_guesses(r.native)]
        for label, refs in (("a Russian-only alternate", {name_key(a) for a in alts if russian_only.search(a)}),
                            ("any non-Ukrainian Cyrillic alternate",
                             {name_key(a) for a in alts} - {name_key(r.native)})):
            if refs:
                t = tallies[label]
                t[0] += 1
                t[1] += bool(guesses) and guesses[0] in refs
                t[2] += bool(refs & set(guesses))
    for label, (n, first, any_) in tallies.items():
        print(f"  rule-made Russian forms vs GeoNames, settlements with {label}: {n}; "
              f"first guess agrees {first / n:.1%}, any of four {any_ / n:.1%}")


SETTLEMENT_KINDS = {"capital", "city", "town", "settlement", "village"}
DUMP = SHARED / "data" / "geonames-ua" / "UA.txt.gz"


def main() -> None:
    print(f"python {sys.version.split()[0]}")
    if DUMP.exists():
        russian_agreement(DUMP)
    for label, path in (("bundled", BUNDLED_PATH), ("full", full_path())):
        if not path.is_file():
            print(f"{label}: not installed at {path} (skipped)")
            continue
        c = cold(path)
        w = warm_load(path)
        g = Gazetteer.load(path)
        info = g.info()
        print(f"{label}: {path} ({path.stat().st_size / 1e6:.1f} MB on disk)")
        print(f"  places {info['places']}, settlements {info['settlements']} (exact {info['exact']}, "
              f"approximate {info['approximate']}), names {info['names']}")
        print(f"  load (fresh process): {c['load_s']:.3f} s  [import geomap.gazetteer {c['import_s']:.3f} s]")
        print(f"  load (warm page cache, best of 3): {w:.3f} s")
        print(f"  resident memory: {c['rss_before_mb']:.0f} MB before, {c['rss_loaded_mb']:.0f} MB loaded "
              f"(+{c['rss_loaded_mb'] - c['rss_before_mb']:.0f} MB), "
              f"{c['rss_with_automaton_mb']:.0f} MB with the scan automaton")
        warm, cold_rate = lookups_per_second(g)
        print(f"  lookups/s: {warm:,.0f} (repeated names), {cold_rate:,.0f} (every name new)")
        t = time.perf_counter()
        g._automaton = None
        g.scan("")
        build = time.perf_counter() - t
        text = SEED.read_text(encoding="utf-8") if SEED.exists() else "Kostiantynivka " * 200
        t = time.perf_counter()
        reps = 20
        for _ in range(reps):
            spans = g.scan(text)
        dt = (time.perf_counter() - t) / reps
        print(f"  scan: automaton ready in {build:.2f} s (built, or loaded from the per-user cache); "
              f"{len(text) / dt / 1e3:,.0f} k chars/s "
              f"({len(spans)} spans in the seed article, {dt * 1e3:.1f} ms)")
        if CIR.exists():
            for split in ("dev", "test"):
                for fuzzy in (False, True):
                    n, cov, acc = cir_lookup_accuracy(g, split, fuzzy)
                    print(f"  CIR task B, naive lookup (town + province filter{', fuzzy' if fuzzy else ''}), "
                          f"{split}: {n} rows, coverage {cov:.3f}, acc@10km {acc:.3f}")


if __name__ == "__main__":
    main()
