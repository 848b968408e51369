"""Offline browser support for the map tests: npm assets, a request router, Chromium, and the README screenshot.

folium's HTML loads Leaflet, jQuery, Bootstrap, awesome-markers, MarkerCluster, Fullscreen and Font Awesome from
CDNs. ``fetch`` takes the same files from the npm registry (``npm pack``) and unpacks them into ``tests/.assets/``
(gitignored); :func:`install_routes` then answers every CDN request from that folder, every tile request with a grey
PNG, and aborts and records anything else, so a test can assert that nothing went unserved.

Command line (``.ci/install-browser`` runs the first)::

    python tests/browser_assets.py fetch                  # npm pack + unpack into tests/.assets (idempotent)
    python tests/browser_assets.py screenshot docs/seed-map.png [--article seeds/000_8ee0bf3547f2fd3b.txt]
"""
from __future__ import annotations

import argparse
import base64
import mimetypes
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "tests" / ".assets"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

#: npm package spec -> folder under ASSETS.
PACKAGES: dict[str, str] = {
    "leaflet@1.9.3": "leaflet",
    "jquery@3.7.1": "jquery",
    "bootstrap@5.2.2": "bootstrap",
    "leaflet.awesome-markers@2.0.5": "awesome-markers",  # 2.0.2 (folium's CDN version) is not on npm
    "leaflet.markercluster@1.1.0": "markercluster",
    "@fortawesome/fontawesome-free@6.2.0": "fontawesome",
    "leaflet.fullscreen@3.0.0": "fullscreen",
    # for the README screenshot only: country outlines in place of the OSM tiles, which are offline here
    "world-atlas@2.0.2": "world-atlas",
    "topojson-client@3.1.0": "topojson-client",
}

#: CDN URL prefix -> folder under ASSETS (the rest of the URL is the path inside it, so relative URLs in CSS work).
PREFIXES: dict[str, str] = {
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/": "leaflet/",
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery/dist/jquery.min.js",
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/": "bootstrap/",
    "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/": "awesome-markers/dist/",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/": "markercluster/dist/",
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/": "fontawesome/",
    "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/": "fullscreen/",
}

#: Stylesheets that are not on npm and that the maps do not need (glyphicons: we use Font Awesome icons only).
EMPTY_CSS = (
    "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css",
    "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/leaflet.awesome.rotate.min.css",
)

#: Map tiles: answered with a grey 1x1 PNG (the tests check the map, not OpenStreetMap).
TILE_HOSTS = re.compile(r"(^|\.)(tile\.openstreetmap\.org|basemaps\.cartocdn\.com|tile\.opentopomap\.org)$")
GREY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGO4tgMAAuUBqJWhl0QAAAAASUVORK5CYII=")


def assets_missing() -> list[str]:
    """Folders of :data:`PACKAGES` that are not unpacked yet."""
    return [folder for folder in PACKAGES.values() if not (ASSETS / folder / "package.json").exists()]


def browser_unavailable() -> str | None:
    """Why the browser tests cannot run here, or ``None`` when they can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is absent (run .ci/install-browser)"
    missing = assets_missing()
    if missing:
        return f"npm assets {missing} are absent from {ASSETS} (run .ci/install-browser)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed"
    return None


def fetch(force: bool = False) -> list[str]:
    """``npm pack`` every package of :data:`PACKAGES` and unpack it into ``ASSETS/<folder>``; return what was fetched."""
    todo = {spec: folder for spec, folder in PACKAGES.items()
            if force or not (ASSETS / folder / "package.json").exists()}
    if not todo:
        return []
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("browser_assets: npm is not installed")
    ASSETS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([npm, "pack", "--silent", *todo], cwd=tmp, check=True, capture_output=True,
                             text=True).stdout.split()
        tarballs = [line for line in out if line.endswith(".tgz")]
        if len(tarballs) != len(todo):
            raise SystemExit(f"browser_assets: npm pack gave {tarballs!r} for {list(todo)!r}")
        for folder, tgz in zip(todo.values(), tarballs, strict=True):
            dest = ASSETS / folder
            shutil.rmtree(dest, ignore_errors=True)
            with tarfile.open(Path(tmp) / tgz) as tar:
                tar.extractall(Path(tmp) / folder, filter="data")
            shutil.move(str(Path(tmp) / folder / "package"), dest)
    return list(todo)


@dataclass
class RouteLog:
    """What the router did: files served, tiles faked, requests refused (must stay empty)."""

    served: list[str] = field(default_factory=list)
    tiles: int = 0
    unserved: list[str] = field(default_factory=list)


def _local_file(url: str) -> Path | None:
    clean = url.split("?", 1)[0].split("#", 1)[0]
    for prefix, target in PREFIXES.items():
        if clean == prefix or (prefix.endswith("/") and clean.startswith(prefix)):
            path = (ASSETS / (target + clean[len(prefix):])).resolve()
            if ASSETS.resolve() in path.parents and not path.is_file() and path.name.endswith(".min.js"):
                path = path.with_name(path.name[:-len(".min.js")] + ".js")  # fullscreen 3.0.0 ships no .min.js
            if ASSETS.resolve() in path.parents and path.is_file():
                return path
    return None


def install_routes(context) -> RouteLog:
    """Route every request of a Playwright ``context`` offline; return the log to assert on."""
    log = RouteLog()

    def handler(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "about:")):
            return route.continue_()
        host = urlsplit(url).hostname or ""
        if TILE_HOSTS.search(host):
            log.tiles += 1
            return route.fulfill(status=200, body=GREY_PNG, content_type="image/png")
        if url.split("?", 1)[0] in EMPTY_CSS:
            log.served.append(url)
            return route.fulfill(status=200, body="", content_type="text/css")
        path = _local_file(url)
        if path is not None:
            log.served.append(url)
            ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return route.fulfill(status=200, body=path.read_bytes(), content_type=ctype,
                                 headers={"Access-Control-Allow-Origin": "*"})
        log.unserved.append(url)
        return route.abort()

    context.route("**/*", handler)
    return log


def launch(playwright):
    """Debian's Chromium, headless, with background networking off."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def open_map(browser, html_path: Path, *, viewport=(1100, 750)):
    """A new page showing ``html_path`` offline: returns ``(page, route_log, page_errors, dialogs)``."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    log = install_routes(context)
    page = context.new_page()
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(Path(html_path).resolve().as_uri(), wait_until="load")
    page.wait_for_function("() => typeof L !== 'undefined' && "
                           "Object.keys(window).some(k => k.startsWith('map_') && window[k] instanceof L.Map)")
    return page, log, errors, dialogs


def draw_outlines(page) -> None:
    """Hide the (grey, offline) tiles and draw Natural Earth country outlines (npm world-atlas) under the layers.

    Only the screenshot does this, in the page: the map HTML itself keeps its OpenStreetMap tiles.
    """
    import json

    page.add_script_tag(path=str(ASSETS / "topojson-client" / "dist" / "topojson-client.min.js"))
    topo = json.loads((ASSETS / "world-atlas" / "countries-50m.json").read_text(encoding="utf-8"))
    page.evaluate("""(topo) => {
        const map = Object.values(window).find(v => v instanceof L.Map);
        map.getPane('tilePane').style.display = 'none';
        map.getContainer().style.background = '#d6e6f2';
        map.createPane('outlines').style.zIndex = 250;
        L.geoJSON(topojson.feature(topo, topo.objects.countries), {
            pane: 'outlines', interactive: false,
            style: f => ({color: '#8a8a8a', weight: 1, fillOpacity: 1,
                          fillColor: f.properties.name === 'Ukraine' ? '#fdfbf3' : '#ecebe6'})
        }).addTo(map);
    }""", topo)


def screenshot(out: Path, article_path: Path, frontline: str | None = None) -> Path:
    """Render the map of ``article_path`` (``geomap map``'s own code path) and save a PNG of it to ``out``."""
    from playwright.sync_api import sync_playwright

    from geomap.articles import iter_articles
    from geomap.gazetteer import Gazetteer
    from geomap.pipeline import extract_records
    from geomap.render import write_article_map

    reason = browser_unavailable()
    if reason:
        raise SystemExit(f"browser_assets: cannot take a screenshot: {reason}")
    article = next(iter(iter_articles([article_path], lambda err: print(err, file=sys.stderr))))
    records = extract_records(article, Gazetteer.load(), mentions=True)
    overlay = None
    if frontline:
        from geomap.frontline import open_frontline

        overlay = open_frontline(frontline)
    with tempfile.TemporaryDirectory() as tmp:
        html_path = write_article_map(records, article, Path(tmp) / "map.html", frontline=overlay)
        with sync_playwright() as p:
            browser = launch(p)
            page, log, errors, _ = open_map(browser, html_path, viewport=(1200, 800))
            draw_outlines(page)
            page.wait_for_timeout(800)  # let marker animations settle
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out))
            browser.close()
    if errors or log.unserved:
        raise SystemExit(f"browser_assets: page errors {errors!r}, unserved {log.unserved!r}")
    return out


def seed_like_article(**changes):
    """An :class:`~geomap.articles.Article` like the seed (French, July 2025); ``changes`` replace fields."""
    from geomap.articles import Article

    values = {"article_id": "8ee0bf3547f2fd3b",
              "title": "Guerre en Ukraine : Volodymyr Zelensky et Donald Trump se mettent d'accord pour "
                       "\"renforcer la protection\" du ciel ukrainien",
              "date": "2025-07", "text": "Au cours de la nuit, elle a envoyé 550 engins, dont 539 drones.",
              "source": "seeds/000_8ee0bf3547f2fd3b.txt", "slug": "000_8ee0bf3547f2fd3b", "url": None,
              "language": "fr"}
    values.update(changes)
    return Article(**values)


def seed_like_records(article=None) -> list[dict]:
    """Hand-written CONTRACT records resembling the seed's three events plus two mentions.

    Strike on Kyiv (539 drones launched, 478 intercepted, 1 killed, 26 injured, claimed by the Ukrainian Air
    Force), strike on Donetsk by Ukraine (4 killed), claimed capture of Predtechyne (Russian Defence Ministry),
    and the mentions Kostiantynivka and Moscow.
    """
    from geomap.records import acled_category, new_record

    article = article or seed_like_article()
    base = {"article_id": article.article_id, "article_title": article.title, "article_date": article.date,
            "language": article.language or "fr", "country": "UA", "time_precision": 1,
            "event_date": "2025-07-04"}

    def rec(i, **values):
        et, st = values.get("event_type"), values.get("sub_event_type")
        acled = acled_category(et, st)
        values.setdefault("acled_event_type", acled[0])
        values.setdefault("acled_sub_event_type", acled[1])
        return new_record(event_id=f"{article.article_id[:8]}{i:08d}", **{**base, **values})

    return [
        rec(1, event_type="strike", sub_event_type="drone", location="Kyiv", location_native="Київ",
            mention="Kiev", admin1="Kyiv", admin2=None, admin3=None, latitude=50.45466, longitude=30.5238,
            geo_precision=1, geo_source="gazetteer", gazetteer_ids={"katottg": "UA80000000000093317",
                                                                    "geonames": 703448},
            actor="Russia", claimant="Ukrainian Air Force", killed=1, injured=26, drones_launched=539,
            missiles_launched=11, intercepted=478, confidence=0.9,
            notes="Au cours de la nuit, elle a envoyé 550 engins, dont 539 drones et des missiles, en particulier "
                  "contre Kiev, selon l'armée de l'air ukrainienne."),
        rec(2, event_type="strike", sub_event_type="unspecified", location="Donetsk", location_native="Донецьк",
            mention="Donetsk", admin1="Donetsk Oblast", admin2="Donetsk Raion", admin3="Donetsk Hromada",
            latitude=48.023, longitude=37.80224, geo_precision=1, geo_source="gazetteer",
            gazetteer_ids={"geonames": 709717}, actor="Ukraine", claimant="Russian-installed authorities",
            killed=4, confidence=0.7,
            notes="Quatre personnes ont été tuées dans une frappe ukrainienne sur Donetsk, selon les autorités "
                  "installées par Moscou."),
        rec(3, event_type="territorial_claim", sub_event_type="capture", location="Predtechyne",
            location_native="Предтечине", mention="Predtetchyné", admin1="Donetsk Oblast",
            admin2="Kramatorsk Raion", admin3="Kostiantynivka Hromada", latitude=48.52355, longitude=37.81721,
            geo_precision=1, geo_source="gazetteer", gazetteer_ids={"katottg": "UA14120070170055992"},
            actor="Russia", claimant="Russian Defence Ministry", confidence=0.8,
            notes="L'armée russe a revendiqué la prise de Predtetchyné, aux portes de Kostiantynivka."),
        rec(4, record_type="mention", event_type=None, location="Kostiantynivka",
            location_native="Костянтинівка", mention="Kostiantynivka", admin1="Donetsk Oblast",
            latitude=48.5277, longitude=37.7069, geo_precision=1, geo_source="gazetteer",
            gazetteer_ids={"geonames": 704422}, confidence=0.6, acled_event_type=None,
            acled_sub_event_type=None, time_precision=None, event_date=None),
        rec(5, record_type="mention", event_type=None, location="Moscow", location_native="Москва",
            mention="Moscou", admin1=None, country="RU", latitude=55.75222, longitude=37.61556,
            geo_precision=1, geo_source="gazetteer", confidence=0.3, acled_event_type=None,
            acled_sub_event_type=None, time_precision=None, event_date=None),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    f = sub.add_parser("fetch", help="npm pack the map assets into tests/.assets (idempotent)")
    f.add_argument("--force", action="store_true", help="fetch again even when present")
    s = sub.add_parser("screenshot", help="PNG of an article's map (default: the seed) in Chromium")
    s.add_argument("out", type=Path)
    s.add_argument("--article", type=Path, default=ROOT / "seeds" / "000_8ee0bf3547f2fd3b.txt")
    s.add_argument("--frontline", default=None, help="front-line file or archive, as for geomap map --frontline")
    args = parser.parse_args(argv)
    if args.command == "fetch":
        done = fetch(force=args.force)
        print(f"browser_assets: fetched {done}" if done else "browser_assets: assets already present",
              file=sys.stderr)
    else:
        print(screenshot(args.out, args.article, args.frontline))
    return 0


if __name__ == "__main__":
    sys.exit(main())
