"""Benchmark of the maps: time and HTML size of a 10,000-event aggregate map (budget 15 MB), and Chromium.

Run: ``python tests/benchmarks/bench_render.py [--events 10000] [--frontline ARCHIVE]``. Prints one line per
measurement. When /usr/bin/chromium and the npm assets are present (``.ci/install-browser``) the map is also
opened in Chromium, offline: load time, markers and clusters shown, and a few pans (drags) with their time.
Exit status 1 when the HTML exceeds the budget or the browser reports an error.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE.parent.parent)]

BUDGET_BYTES = 15 * 1024 * 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=120)
    parser.add_argument("--frontline", default=None, help="front-line file or archive to draw as well")
    parser.add_argument("--keep", type=Path, default=None, help="also copy the map HTML here")
    args = parser.parse_args(argv)

    import browser_assets as ba
    from test_render import synthetic_events

    from geomap.render import write_aggregate_map, write_article_map

    events = synthetic_events(args.events, days=args.days, seed=42)
    overlay = None
    if args.frontline:
        from geomap.frontline import open_frontline

        overlay = open_frontline(args.frontline)
    status = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "aggregate.html"
        t0 = time.perf_counter()
        write_aggregate_map(events, path, overlay, title=f"{args.events:,} events")
        t_render = time.perf_counter() - t0
        size = path.stat().st_size
        ok = size <= BUDGET_BYTES
        status |= not ok
        print(f"aggregate map, {args.events:,} events: render+write {t_render:.2f} s, "
              f"HTML {size / 1e6:.2f} MB ({size / args.events:.0f} B/event), budget 15 MB: {'ok' if ok else 'OVER'}")

        small = Path(tmp) / "article.html"
        t0 = time.perf_counter()
        write_article_map(events[:50], None, small, overlay)
        print(f"article map, 50 events: render+write {time.perf_counter() - t0:.2f} s, "
              f"HTML {small.stat().st_size / 1e3:.0f} kB")
        if args.keep:
            args.keep.write_bytes(path.read_bytes())

        reason = ba.browser_unavailable()
        if reason:
            print(f"chromium: skipped ({reason})")
            return status
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = ba.launch(p)
            t0 = time.perf_counter()
            page, log, errors, dialogs = ba.open_map(browser, path, viewport=(1280, 800))
            page.wait_for_function("() => window.geomapAggregate && window.geomapAggregate.shown !== undefined")
            t_load = time.perf_counter() - t0
            shown = page.evaluate("() => window.geomapAggregate.shown")
            total = page.evaluate("() => window.geomapAggregate.markers.length")
            icons = page.evaluate("() => document.querySelectorAll('.leaflet-marker-pane > *').length")
            print(f"chromium: loaded in {t_load:.2f} s; {total:,} markers built, {shown:,} in the latest 30 days, "
                  f"{icons} cluster/marker icons drawn")
            t0 = time.perf_counter()
            page.select_option("#geomap-filter-span", "0")
            page.wait_for_timeout(50)
            print(f"chromium: date filter to all {page.evaluate('() => window.geomapAggregate.shown'):,} events in "
                  f"{time.perf_counter() - t0:.2f} s")
            before = page.evaluate("() => { const m = Object.values(window).find(v => v instanceof L.Map);"
                                   " const c = m.getCenter(); return [c.lat, c.lng]; }")
            t0 = time.perf_counter()
            for dx, dy in ((-300, -150), (250, 200), (-200, 120), (150, -180)):
                page.mouse.move(640, 400)
                page.mouse.down()
                page.mouse.move(640 + dx, 400 + dy, steps=10)
                page.mouse.up()
                page.wait_for_timeout(100)
            t_pan = time.perf_counter() - t0
            after = page.evaluate("() => { const m = Object.values(window).find(v => v instanceof L.Map);"
                                  " const c = m.getCenter(); return [c.lat, c.lng]; }")
            moved = before != after
            t0 = time.perf_counter()
            page.evaluate("() => { const m = Object.values(window).find(v => v instanceof L.Map); m.zoomIn(); }")
            page.wait_for_timeout(400)
            t_zoom = time.perf_counter() - t0
            print(f"chromium: 4 pans in {t_pan:.2f} s (map moved: {moved}); zoom in {t_zoom:.2f} s; "
                  f"page errors {len(errors)}, unserved requests {len(log.unserved)}, tiles faked {log.tiles}")
            status |= bool(errors or log.unserved or dialogs or not moved)
            browser.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
