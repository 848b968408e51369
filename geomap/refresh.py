"""``geomap refresh``: the scheduled job that keeps the event store, maps and GeoJSON current.

One run:

1. take the store's lock (a second refresh on the same store waits ``GEOMAP_REFRESH_LOCK_WAIT`` seconds,
   default 10, then gives up with exit status :data:`EXIT_LOCKED`);
2. ingest: inbox files that are new or changed since the last run (an unchanged size and mtime skips a file
   without reading it; an unchanged content hash skips it without parsing it), and feed items (RSS/Atom,
   parsed with feedparser; an item without body text has its linked page fetched and its main text extracted
   with trafilatura when online);
3. extract the events of new and changed articles and store each article with its records in one transaction;
4. re-render the maps of new and changed articles only (``OUT/articles/<slug>.html`` and ``.geojson``), then,
   if any event changed, the aggregate map ``OUT/index.html`` and the aggregate ``OUT/events.geojson``;
5. print a one-line JSON summary on stderr.

Crash safety: the store is written in per-article transactions (SQLite WAL) and every output is written to a
temporary file and renamed over the old one, so ``kill -9`` at any moment leaves the previous outputs and a
consistent store. What a killed run did not finish is picked up by the next one: maps are rendered for every
article whose stored content is newer than its map (``rendered_hash``), and the aggregates whenever the
store's ``events_version`` differs from the version they were written for.

Failures of single inputs (binary, empty, invalid UTF-8, oversized, malformed feeds, extraction errors) are
reported on stderr with the file name and the reason and skipped; the run completes and exits 1. A file that
could not be read is reported once and tried again when it changes.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
import signal
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable

from geomap.articles import ARTICLE_SUFFIXES, MAX_ARTICLE_BYTES, Article, article_from_mapping, iter_articles
from geomap.errors import ArticleError, GeomapError, StoreLocked
from geomap.store import CHANGED, NEW, UNCHANGED, Store, default_store_url, open_store

__all__ = [
    "EXIT_LOCKED",
    "RunSummary",
    "Refresher",
    "parse_interval",
    "run_once",
    "run_cli",
    "acquire_lock",
    "WorkerPool",
    "PARALLEL_MIN",
    "AGGREGATE_MAP",
    "AGGREGATE_GEOJSON",
    "ARTICLES_DIR",
]

log = logging.getLogger("geomap.refresh")

#: Exit status when another refresh holds the store's lock (sysexits' EX_TEMPFAIL: "try again later").
EXIT_LOCKED = 75

#: Output names inside ``--out``.
AGGREGATE_MAP = "index.html"
AGGREGATE_GEOJSON = "events.geojson"
ARTICLES_DIR = "articles"

#: Fewer articles (or maps) than this are handled in the main process: starting workers costs more.
PARALLEL_MIN = 64

#: A feed item with less body text than this is treated as a teaser: its linked page is fetched.
MIN_FEED_BODY = 400

_FETCH_TIMEOUT = 20.0
_TMP_PREFIX = ".geomap-tmp-"
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)?\s*$", re.IGNORECASE)
_UNIT = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, None: 1}


def parse_interval(text: str) -> float:
    """Seconds in ``"90s"``, ``"15m"``, ``"1h"``, ``"1d"`` (a bare number is seconds).

    Raises
    ------
    ValueError
        For anything else, or an interval under one second.
    """
    m = _INTERVAL.match(str(text))
    if not m:
        raise ValueError(
            f"invalid interval {text!r}: expected a number with s, m, h or d, e.g. 90s, 15m, 1h, 1d"
        )
    seconds = float(m.group(1)) * _UNIT[(m.group(2) or "").lower() or None]
    if seconds < 1:
        raise ValueError(f"interval {text!r} is shorter than one second")
    return seconds


@dataclass
class RunSummary:
    """What one run did; printed as one JSON line on stderr."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    skipped: int = 0
    events: int = 0
    events_total: int = 0
    maps: int = 0
    aggregate: bool = False
    geocoder_requests: int = 0
    unresolved: int = 0
    offline: bool = False
    interrupted: bool = False
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list, repr=False)

    def line(self) -> str:
        """The one-line JSON form (without the list of failures, which were reported one by one)."""
        data = asdict(self)
        data.pop("failures")
        data["seconds"] = round(self.seconds, 3)
        return json.dumps(data, sort_keys=False)


class _Progress:
    """A one-line progress counter on stderr, drawn only when stderr is a terminal."""

    def __init__(self, label: str, total: int | None = None, stream=None):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.label, self.total, self.done, self._last = label, total, 0, 0.0

    def step(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < 0.1 and self.done != self.total:
            return
        self._last = now
        if self.total:
            width = 30
            filled = int(width * self.done / max(self.total, 1))
            bar = "#" * filled + "-" * (width - filled)
            self.stream.write(f"\rgeomap refresh: {self.label} [{bar}] {self.done}/{self.total}")
        else:
            self.stream.write(f"\rgeomap refresh: {self.label} {self.done}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()


class _TextOf(HTMLParser):
    """Text of an HTML fragment (feed summaries), paragraphs kept as blank lines."""

    _BLOCK = {"p", "br", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)

    @classmethod
    def text(cls, fragment: str) -> str:
        p = cls()
        p.feed(fragment)
        p.close()
        text = "".join(p.parts)
        text = re.sub(r"[ \t\r\f\v]+", " ", text)
        return re.sub(r"\s*\n\s*\n\s*", "\n\n", text).strip()


def _sha1_file(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def _inbox_files(inbox: Path) -> list[Path]:
    return sorted(
        f
        for f in inbox.rglob("*")
        if f.is_file()
        and f.suffix.lower() in ARTICLE_SUFFIXES
        and not any(part.startswith(".") for part in f.relative_to(inbox).parts)
    )


def _is_url(text: str) -> bool:
    return bool(re.match(r"(?i)^https?://", text))


def _fetch(url: str, user_agent: str) -> bytes:
    """GET ``url`` (what feeds and linked pages need), with a timeout and our user agent."""
    from urllib.request import Request, urlopen

    req = Request(url, headers={"User-Agent": user_agent, "Accept": "*/*"})
    with urlopen(req, timeout=_FETCH_TIMEOUT) as resp:  # noqa: S310 (http(s) URLs only, checked by the caller)
        data = resp.read(MAX_ARTICLE_BYTES + 1)
    if len(data) > MAX_ARTICLE_BYTES:
        raise ArticleError(url, f"response too large (limit {MAX_ARTICLE_BYTES / 1e6:.0f} MB)")
    return data


def _replace_atomically(path: Path, write: Callable[[Path], Any]) -> Path:
    """Let ``write(tmp)`` write a temporary file beside ``path`` (same suffix), then rename it over
    ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{_TMP_PREFIX}{os.getpid()}-{path.name}")
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        try:
            tmp.unlink()
        except FileNotFoundError:
            pass
        raise
    return path


# --------------------------------------------------------------------------- worker processes

_worker: dict[str, Any] = {}


def _pool_init(gazetteer_path: Path | None, lang: str | None, fallback_spec: tuple | None) -> None:
    """In each worker: ignore SIGINT and SIGTERM (sent to the whole process group or cgroup, they are the main
    process's to handle: it stops handing out work and shuts the pool down), build the extractor lazily."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    parent = os.getppid()

    def watch_parent() -> None:
        # a main process killed with kill -9 cannot shut its pool down: its workers leave on their own
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch_parent, name="geomap-watch-parent", daemon=True).start()
    fallback = None
    if fallback_spec is not None:
        from geomap.geocode import GeopyFallback

        service, store_url, options = fallback_spec
        # offline only (see WorkerPool): the cache is read through the worker's own connection
        fallback = GeopyFallback(
            service, cache=open_store(store_url) if store_url else None, options=options, offline=True
        )
    _worker["fallback"] = fallback
    _worker["extract"] = _default_extract(gazetteer_path=gazetteer_path, lang=lang, fallback=fallback)


def _pool_extract(article: Article) -> tuple[list[dict] | None, str | None, list[str]]:
    """``(records, error, unresolved queries)`` of one article, in a worker."""
    fallback = _worker.get("fallback")
    if fallback is not None:
        fallback.unresolved = []
    try:
        records = _worker["extract"](article)
        error = None
    except Exception as exc:  # reported by the main process, with the article's source
        records, error = None, f"{type(exc).__name__}: {exc}"
    return records, error, list(fallback.unresolved) if fallback is not None else []


def _pool_render(
    renderer: Any, records: list[dict], article: Article, html_path: Path, geojson_path: Path
) -> str | None:
    """Write one article's map and GeoJSON in a worker; the error message, or ``None``."""
    from geomap.export import write_geojson

    try:
        renderer = renderer or _default_renderer()
        _replace_atomically(html_path, lambda tmp: renderer.write_article_map(records, article, tmp))
        write_geojson(records, geojson_path)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _workers_from_env() -> int | None:
    raw = os.environ.get("GEOMAP_REFRESH_WORKERS", "").strip()
    try:
        return max(1, int(raw)) if raw else None
    except ValueError:
        log.warning("GEOMAP_REFRESH_WORKERS=%r is not a number: using the default", raw)
        return None


def _preload(gazetteer_path: Path | None) -> None:
    """Load the gazetteer (with its name automaton) and the renderer here, before forking: the workers then
    share them copy-on-write instead of each spending seconds loading them again."""
    try:
        from geomap.gazetteer import Gazetteer

        Gazetteer.load(gazetteer_path).scan("Kyiv")
        _default_renderer()
    except Exception:  # each worker will meet (and report) the same problem per article
        log.debug("preloading the gazetteer and renderer failed", exc_info=True)


def _result(future: Any) -> Any:
    """A worker's result; a worker that died (killed, out of memory) fails the run, not just one article."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise GeomapError(f"a worker process died ({exc}); the next run takes up what this one left") from exc


class WorkerPool:
    """Worker processes (forked, started on first use) for extraction and rendering.

    Parameters
    ----------
    workers
        How many (default: ``$GEOMAP_REFRESH_WORKERS``, else the number of CPUs, at most 4).
    gazetteer_path, lang
        As for the pipeline.
    fallback_spec
        ``(service, store_url, options)`` of an **offline** fallback geocoder, or ``None``. An online
        geocoder is never used from workers: its rate limit and its "gone offline" state must be one per run.
    """

    def __init__(
        self,
        workers: int | None = None,
        *,
        gazetteer_path: Path | None = None,
        lang: str | None = None,
        fallback_spec: tuple | None = None,
    ):
        self.workers = workers or _workers_from_env() or min(os.cpu_count() or 1, 4)
        self.initargs = (gazetteer_path, lang, fallback_spec)
        self._executor = None

    def executor(self):
        """The :class:`concurrent.futures.ProcessPoolExecutor`, started on first call."""
        if self._executor is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            _preload(self.initargs[0])

            methods = multiprocessing.get_all_start_methods()
            ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
            self._executor = ProcessPoolExecutor(
                self.workers, mp_context=ctx, initializer=_pool_init, initargs=self.initargs
            )
        return self._executor

    def close(self) -> None:
        """Stop the workers (pending work is cancelled)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


class Refresher:
    """One refresh run over a store; :func:`run_once` is the usual entry point.

    Parameters
    ----------
    store
        The open event store.
    out_dir
        Where maps and GeoJSON go.
    extract
        ``extract(article) -> list[dict]``: the records of an article (default:
        :func:`geomap.pipeline.extract_records`
        with the gazetteer and ``fallback``).
    renderer
        An object with ``write_article_map(records, article, path)`` and ``write_aggregate_map(records, path,
        title=...)`` (default: :mod:`geomap.render`).
    fallback
        The fallback geocoder (its ``stats()`` go into the summary), or ``None``.
    offline
        Never use the network: remote feeds and linked pages are skipped and reported.
    report
        Called with a one-line message for every failed input (default: print on stderr).
    stop
        Set when the run should stop after the current step (SIGINT/SIGTERM).
    pool
        Worker processes for extraction and map rendering, used when at least :data:`PARALLEL_MIN` articles
        or maps are due (their extraction is the pool's, not ``extract``); ``None``: all in this process.
    """

    def __init__(
        self,
        store: Store,
        out_dir: Path,
        *,
        extract: Callable[[Article], list[dict]],
        renderer: Any = None,
        fallback: Any = None,
        offline: bool = False,
        report: Callable[[str], None] | None = None,
        stop: threading.Event | None = None,
        progress_stream=None,
        pool: WorkerPool | None = None,
    ):
        self.store = store
        self.pool = pool
        self.out_dir = Path(out_dir)
        self.extract = extract
        self.renderer = renderer
        self.fallback = fallback
        self.offline = offline
        self.report = report or (lambda msg: print(f"geomap: error: {msg}", file=sys.stderr, flush=True))
        self.stop = stop or threading.Event()
        self.progress_stream = progress_stream
        self.summary = RunSummary()

    # ------------------------------------------------------------------ failures
    def _fail(self, message: str) -> None:
        self.summary.failed += 1
        self.summary.failures.append(message)
        self.report(message)

    def _skip(self, message: str) -> None:
        self.summary.skipped += 1
        log.warning("%s", message)

    # ------------------------------------------------------------------ one article
    def ingest(self, article: Article) -> bool:
        """Extract and store one article unless it is unchanged; False when it failed."""
        if self.store.article_hash(article.article_id) == article.content_hash:
            self.summary.unchanged += 1
            return True
        try:
            records = self.extract(article)
        except Exception as exc:  # one article's failure must not stop an unattended run
            log.debug("extraction failed on %s", article.source, exc_info=True)
            self._fail(f"{article.source}: extraction failed ({type(exc).__name__}: {exc})")
            return False
        self._store(article, records)
        return True

    def _store(self, article: Article, records: list[dict]) -> None:
        outcome = self.store.upsert_article(article, records)
        if outcome == NEW:
            self.summary.new += 1
        elif outcome == CHANGED:
            self.summary.changed += 1
        else:
            self.summary.unchanged += 1
        if outcome != UNCHANGED:
            self.summary.events += sum(1 for r in records if r.get("record_type", "event") == "event")

    # ------------------------------------------------------------------ inbox
    def ingest_inbox(self, inbox: Path) -> None:
        """New and changed files of ``inbox`` (searched recursively, hidden files and folders skipped)."""
        inbox = Path(inbox).resolve()  # sources are absolute: the same file is the same source from any cwd
        if not inbox.is_dir():
            self._fail(f"{inbox}: inbox is not a folder")
            return
        todo = [f for f in (self._check_file(path) for path in _inbox_files(inbox)) if f is not None]
        if self.pool is not None and len(todo) >= PARALLEL_MIN:
            self._ingest_parallel(todo)
            return
        progress = _Progress("inbox", len(todo), self.progress_stream)
        try:
            for item in todo:
                if self.stop.is_set():
                    self.summary.interrupted = True
                    return
                self._ingest_file(*item)
                progress.step()
        finally:
            progress.close()

    def _check_file(self, path: Path) -> tuple[Path, str, os.stat_result, str] | None:
        """``(path, key, stat, sha1)`` of a file to read, or ``None`` when it is unchanged since the last
        run."""
        key = str(path.resolve())
        try:
            st = path.stat()
        except OSError as exc:
            self._fail(f"{path}: {exc.strerror or exc}")
            return None
        known = self.store.file_state(key)
        if known and known[0] == st.st_mtime_ns and known[1] == st.st_size:
            self.summary.unchanged += len(known[3])  # untouched since the last run: not even read
            return None
        digest = ""
        if st.st_size <= MAX_ARTICLE_BYTES:
            try:
                digest = _sha1_file(path.read_bytes())
            except OSError:
                digest = ""  # iter_articles reports why
            if known and digest and known[2] == digest:
                # touched but identical: remember the new mtime, parse nothing
                self.summary.unchanged += len(known[3])
                self.store.set_file_state(key, st.st_mtime_ns, st.st_size, digest, known[3])
                return None
        return path, key, st, digest

    def _read(self, path: Path) -> list[Article]:
        return list(iter_articles([path], lambda err: self._fail(str(err))))

    def _ingest_file(self, path: Path, key: str, st: os.stat_result, digest: str) -> None:
        ids: list[str] = []
        extraction_ok = True
        for article in self._read(path):
            if self.stop.is_set():
                self.summary.interrupted = True
                return  # the file state stays old: the next run reads this file again
            if self.ingest(article):
                ids.append(article.article_id)
            else:
                extraction_ok = False
        if extraction_ok:
            # Only now: a run killed before this line reads the file again next time.
            self.store.set_file_state(
                key, st.st_mtime_ns, st.st_size, digest or f"unreadable:{st.st_size}", ids
            )

    def _ingest_parallel(self, todo: list[tuple[Path, str, os.stat_result, str]]) -> None:
        """Like :meth:`_ingest_file` for many files: extraction in worker processes, storing here (one
        writer)."""
        files = []  # [key, stat, digest, ids, remaining jobs, ok]
        jobs: list[tuple[int, Article]] = []
        for path, key, st, digest in todo:
            entry = [key, st, digest, [], 0, True]
            for article in self._read(path):
                entry[3].append(article.article_id)
                if self.store.article_hash(article.article_id) == article.content_hash:
                    self.summary.unchanged += 1
                else:
                    jobs.append((len(files), article))
                    entry[4] += 1
            files.append(entry)

        def file_done(entry: list) -> None:
            if entry[5]:
                key, st, digest, ids = entry[:4]
                self.store.set_file_state(
                    key, st.st_mtime_ns, st.st_size, digest or f"unreadable:{st.st_size}", ids
                )

        for entry in files:
            if entry[4] == 0:
                file_done(entry)
        if not jobs:
            return
        progress = _Progress("inbox", len(jobs), self.progress_stream)
        executor = self.pool.executor()
        futures = [executor.submit(_pool_extract, article) for _, article in jobs]
        try:
            for (fi, article), future in zip(jobs, futures, strict=True):
                if self.stop.is_set():
                    self.summary.interrupted = True
                    return
                records, error, unresolved = _result(future)
                for query in unresolved:
                    if self.fallback is not None and hasattr(self.fallback, "_unresolved"):
                        self.fallback._unresolved(query)
                entry = files[fi]
                if error is not None:
                    entry[5] = False
                    self._fail(f"{article.source}: extraction failed ({error})")
                else:
                    self._store(article, records)
                entry[4] -= 1
                if entry[4] == 0:
                    file_done(entry)
                progress.step()
        finally:
            for future in futures:
                future.cancel()
            progress.close()

    # ------------------------------------------------------------------ feeds
    def ingest_feeds(self, feeds_file: Path) -> None:
        """Every feed listed in ``feeds_file`` (one URL or path per line; ``#`` starts a comment)."""
        feeds_file = Path(feeds_file)
        try:
            lines = feeds_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            self._fail(f"{feeds_file}: cannot read the feed list ({exc})")
            return
        for line in lines:
            entry = line.strip()
            if not entry or entry.startswith("#"):
                continue
            if self.stop.is_set():
                self.summary.interrupted = True
                return
            self._ingest_feed(entry if _is_url(entry) else str((feeds_file.parent / entry).resolve()))

    def _ingest_feed(self, feed: str) -> None:
        import feedparser

        from geomap import __version__

        agent = f"geomap/{__version__}"
        try:
            if _is_url(feed):
                if self.offline:
                    self._skip(f"{feed}: feed not fetched (offline)")
                    return
                data = _fetch(feed, agent)
            else:
                data = Path(feed).read_bytes()
        except (OSError, ArticleError) as exc:
            self._fail(f"{feed}: cannot read the feed ({getattr(exc, 'reason', None) or exc})")
            return
        parsed = feedparser.parse(data)
        why = parsed.get("bozo_exception")
        benign = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
        if parsed.get("bozo") and not isinstance(why, benign):
            # feedparser salvages what it can from broken XML; half-read items are not worth storing
            self._fail(f"{feed}: malformed feed ({why or 'not RSS or Atom'})")
            return
        if not parsed.entries:
            if not parsed.get("version"):
                self._fail(f"{feed}: malformed feed (not RSS or Atom)")
            else:
                log.info("%s: feed has no items", feed)
            return
        progress = _Progress(f"feed {feed}", len(parsed.entries), self.progress_stream)
        try:
            for i, item in enumerate(parsed.entries):
                if self.stop.is_set():
                    self.summary.interrupted = True
                    return
                self._ingest_item(feed, i, item, agent)
                progress.step()
        finally:
            progress.close()

    def _ingest_item(self, feed: str, i: int, item: Any, agent: str) -> None:
        link = item.get("link") if isinstance(item.get("link"), str) else None
        source = link or f"{feed}#{item.get('id') or i}"
        body = ""
        if item.get("content"):
            body = "\n\n".join(_TextOf.text(c.get("value", "")) for c in item["content"] if c.get("value"))
        if len(body) < MIN_FEED_BODY and item.get("summary"):
            summary = _TextOf.text(item["summary"])
            body = summary if len(summary) > len(body) else body
        date = item.get("published") or item.get("updated")
        parsed_date = item.get("published_parsed") or item.get("updated_parsed")
        if parsed_date:
            date = time.strftime("%Y-%m-%d", parsed_date)
        mapping = {
            "id": item.get("id") or link,
            "title": html.unescape(item.get("title") or "") or None,
            "text": body,
            "date": date,
            "url": link,
        }
        try:
            if len(body) < MIN_FEED_BODY:
                if link and self.store.article_state(link) is not None:
                    self.summary.unchanged += 1  # its page was fetched by an earlier run
                    return
                if not link or not _is_url(link):
                    article = article_from_mapping(mapping, source=source)
                elif self.offline:
                    self._skip(f"{source}: feed item without body text, page not fetched (offline)")
                    return
                else:
                    article = self._fetch_page(link, mapping, agent)
            else:
                article = article_from_mapping(mapping, source=source)
        except ArticleError as err:
            self._fail(str(err))
            return
        self.ingest(article)

    def _fetch_page(self, link: str, mapping: dict, agent: str) -> Article:
        import trafilatura

        try:
            data = _fetch(link, agent)
        except OSError as exc:
            raise ArticleError(link, f"cannot fetch the linked page ({exc})") from exc
        doc = trafilatura.bare_extraction(
            data.decode("utf-8", "replace"),
            url=link,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_recall=True,
        )
        text = getattr(doc, "text", None) if doc is not None else None
        if not text:
            raise ArticleError(link, "no article text found in the linked page")
        return article_from_mapping(
            {
                **mapping,
                "text": text,
                "title": mapping["title"] or getattr(doc, "title", None),
                "date": mapping["date"] or getattr(doc, "date", None),
            },
            source=link,
        )

    # ------------------------------------------------------------------ outputs
    def _map_stems(self) -> dict[str, str]:
        """``{article_id: file stem}``: the slug, made unique with the id where two articles share it."""
        rows = self.store.articles()
        count: dict[str, int] = {}
        for r in rows:
            count[r["slug"]] = count.get(r["slug"], 0) + 1
        return {
            r["article_id"]: r["slug"] if count[r["slug"]] == 1 else f"{r['slug']}-{r['article_id'][:8]}"
            for r in rows
        }

    def render(self) -> None:
        """Maps of articles whose content is newer than their map, then the aggregates if events changed."""
        from geomap.export import write_geojson  # noqa: F401 (imported before forking workers)

        articles_dir = self.out_dir / ARTICLES_DIR
        stems = self._map_stems()
        pending = self.store.pending_renders()
        due = set(pending)
        # maps deleted by hand (or never written because rendering failed) are written again
        pending += [
            aid
            for aid, stem in stems.items()
            if aid not in due and not (articles_dir / f"{stem}.html").exists()
        ]
        agg_html, agg_geojson = self.out_dir / AGGREGATE_MAP, self.out_dir / AGGREGATE_GEOJSON
        version = self.store.meta_get("events_version", "0")
        aggregate_due = (
            self.store.meta_get("aggregate_version") != version
            or not agg_html.exists()
            or not agg_geojson.exists()
        )
        if not pending and not aggregate_due:
            return
        renderer = self.renderer or _default_renderer()
        parallel = self.pool is not None and len(pending) >= PARALLEL_MIN
        executor = self.pool.executor() if parallel else None
        progress = _Progress("maps", len(pending), self.progress_stream)

        def job(aid: str):
            article = self.store.get_article(aid)
            if article is None:
                return None
            records = [r for r in self.store.article_records(aid) if r.get("record_type", "event") == "event"]
            stem = stems.get(aid, article.slug)
            args = (records, article, articles_dir / f"{stem}.html", articles_dir / f"{stem}.geojson")
            if executor is not None:
                return article, executor.submit(_pool_render, self.renderer, *args)
            return article, _pool_render(renderer, *args)

        # in parallel, keep a bounded window of maps in flight (records and HTML stay small in memory)
        window = (self.pool.workers * 4) if parallel else 1
        queue: list = []
        try:
            todo = iter(pending)
            while True:
                while len(queue) < window and not self.stop.is_set():
                    aid = next(todo, None)
                    if aid is None:
                        break
                    item = job(aid)
                    if item is not None:
                        queue.append(item)
                if not queue:
                    break
                article, outcome = queue.pop(0)
                error = _result(outcome) if executor is not None else outcome
                if error is not None:  # a renderer bug on one article must not stop the run
                    self._fail(f"{article.source}: map not written ({error})")
                    continue
                self.store.mark_rendered(article.article_id, article.content_hash)
                self.summary.maps += 1
                progress.step()
            if self.stop.is_set():
                self.summary.interrupted = True
                return
        finally:
            for _, outcome in queue:
                if executor is not None:
                    outcome.cancel()
            progress.close()
        if pending:
            self._remove_orphans(articles_dir, set(stems.values()))
        if aggregate_due:
            records = [r for r in self.store.events() if r.get("record_type", "event") == "event"]
            n_articles = len(stems)
            title = f"geomap: {len(records)} events from {n_articles} article{'s' if n_articles != 1 else ''}"
            _replace_atomically(agg_html, lambda tmp: renderer.write_aggregate_map(records, tmp, title=title))
            write_geojson(records, agg_geojson)
            self.store.meta_set("aggregate_version", version)
            self.summary.aggregate = True

    @staticmethod
    def _remove_orphans(articles_dir: Path, stems: set[str]) -> None:
        """Maps of articles that were replaced under a new name (an edited text file gets a new slug)."""
        if not articles_dir.is_dir():
            return
        for f in articles_dir.iterdir():
            if f.suffix in (".html", ".geojson") and f.stem not in stems and not f.name.startswith("."):
                log.info("removing %s: its article was replaced", f)
                f.unlink(missing_ok=True)

    def clean_temporaries(self) -> None:
        """Temporary files a killed run left behind (we hold the lock: nobody else is writing them)."""
        for folder in (self.out_dir, self.out_dir / ARTICLES_DIR):
            if folder.is_dir():
                for f in folder.glob(f"{_TMP_PREFIX}*"):
                    f.unlink(missing_ok=True)
                for f in folder.glob(".*.tmp"):  # geomap.export.atomic_write's temporaries
                    f.unlink(missing_ok=True)

    # ------------------------------------------------------------------ the run
    def run(self, *, inbox: Path | None = None, feeds: Path | None = None) -> RunSummary:
        """Ingest, store, render; fill and return :attr:`summary`."""
        t0 = time.perf_counter()
        self.clean_temporaries()
        if inbox is not None:
            self.ingest_inbox(inbox)
        if feeds is not None and not self.stop.is_set():
            self.ingest_feeds(feeds)
        if not self.stop.is_set():
            self.render()
        else:
            self.summary.interrupted = True
        s = self.summary
        s.events_total = self.store.counts()["events"]
        if self.fallback is not None and hasattr(self.fallback, "stats"):
            st = self.fallback.stats()
            s.geocoder_requests = st["requests"]
            s.unresolved = len(st["unresolved"])
            s.offline = bool(st["offline"])
            if st["unresolved"]:
                shown = "; ".join(st["unresolved"][:10]) + (" …" if len(st["unresolved"]) > 10 else "")
                log.warning(
                    "%d place name(s) stayed unresolved by the geocoder (%s): %s",
                    len(st["unresolved"]),
                    st["offline_reason"] or "not found or failed",
                    shown,
                )
        s.seconds = time.perf_counter() - t0
        return s


def _default_renderer() -> Any:
    from geomap import render

    return render


def _default_extract(
    *, gazetteer_path: Path | None, lang: str | None, fallback: Any
) -> Callable[[Article], list]:
    """The pipeline, with the gazetteer loaded on first use (a run with nothing new never loads it)."""
    state: dict[str, Any] = {}

    def extract(article: Article) -> list[dict]:
        if "fn" not in state:
            from geomap.gazetteer import Gazetteer
            from geomap.pipeline import extract_records

            state["gaz"] = Gazetteer.load(gazetteer_path)
            state["fn"] = extract_records
        return state["fn"](article, state["gaz"], mentions=False, lang=lang, fallback=fallback)

    return extract


def acquire_lock(store: Store, out_dir: Path, wait: float):
    """The refresh lock of ``store`` (a :class:`filelock.FileLock`), acquired within ``wait`` seconds.

    The lock is an OS lock (``flock``) on ``<store file>.lock``: it vanishes with the process that holds it,
    so a run killed with ``kill -9`` never leaves a stale lock behind.

    Raises
    ------
    StoreLocked
        When another process holds it for longer than ``wait``.
    """
    from filelock import FileLock, Timeout

    path = store.lock_path or (Path(out_dir) / ".geomap-refresh.lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path), timeout=wait)
    try:
        lock.acquire()
    except Timeout as exc:
        raise StoreLocked(
            f"another geomap refresh is using the store {store.url} (lock {path} held for more "
            f"than {wait:g} s); try again later"
        ) from exc
    return lock


def run_once(
    *,
    store: Store,
    out_dir: Path,
    inbox: Path | None = None,
    feeds: Path | None = None,
    extract: Callable[[Article], list[dict]],
    renderer: Any = None,
    fallback: Any = None,
    offline: bool = False,
    report: Callable[[str], None] | None = None,
    stop: threading.Event | None = None,
    lock_wait: float = 10.0,
    progress_stream=None,
    pool: WorkerPool | None = None,
) -> RunSummary:
    """One locked refresh run (see :class:`Refresher` for the parameters).

    Raises
    ------
    StoreLocked
        When another refresh holds the store's lock for longer than ``lock_wait`` seconds.
    """
    lock = acquire_lock(store, out_dir, lock_wait)
    try:
        refresher = Refresher(
            store,
            out_dir,
            extract=extract,
            renderer=renderer,
            fallback=fallback,
            offline=offline,
            report=report,
            stop=stop,
            progress_stream=progress_stream,
            pool=pool,
        )
        return refresher.run(inbox=inbox, feeds=feeds)
    finally:
        if pool is not None:
            pool.close()
        lock.release()


class _Stopper:
    """SIGINT/SIGTERM set an event (the run stops after its current step); a second signal interrupts at
    once."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self._old: dict[int, Any] = {}

    def __enter__(self) -> threading.Event:
        if threading.current_thread() is threading.main_thread():
            for sig in (signal.SIGINT, signal.SIGTERM):
                self._old[sig] = signal.signal(sig, self._handle)
        return self.event

    def _handle(self, signum: int, frame: Any) -> None:
        if self.event.is_set():
            raise KeyboardInterrupt
        log.warning(
            "%s received: stopping after the current step (send it again to abort at once)",
            signal.Signals(signum).name,
        )
        self.event.set()

    def __exit__(self, *exc: object) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old)


def run_cli(
    *,
    inbox: Path | None,
    feeds: Path | None,
    out_dir: Path,
    store_url: str | None,
    every: str | None,
    offline: bool,
    geocoder: str | None,
    lang: str | None,
    gazetteer_path: Path | None,
) -> int:
    """The ``geomap refresh`` command: one run, or one every ``every`` until SIGINT/SIGTERM.

    Returns
    -------
    int
        Exit status: 0 success (also after a clean shutdown of a loop); 1 some input failed (reported on
        stderr) or a run failed; 2 usage error (bad interval, unknown store scheme or geocoder);
        :data:`EXIT_LOCKED` (75) another refresh holds the store's lock (one run only; a loop skips
        that turn).
    """
    from geomap.geocode import make_fallback

    def err(msg: str) -> None:
        print(f"geomap: error: {msg}", file=sys.stderr, flush=True)

    try:
        interval = parse_interval(every) if every else None
    except ValueError as exc:
        err(f"--every: {exc}")
        return 2
    out_dir = Path(out_dir)
    url = store_url or default_store_url(out_dir)
    try:
        lock_wait = float(os.environ.get("GEOMAP_REFRESH_LOCK_WAIT", "10"))
    except ValueError:
        err("GEOMAP_REFRESH_LOCK_WAIT must be a number of seconds")
        return 2
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        store = open_store(url)
    except (GeomapError, OSError) as exc:
        err(str(exc))
        return 2 if "scheme" in str(exc) else 1
    try:
        fallback = None
        if geocoder and geocoder.lower() != "none":
            try:
                fallback = make_fallback(geocoder, store=store, offline=offline)
            except GeomapError as exc:
                err(str(exc))
                return 2
        extract = _default_extract(gazetteer_path=gazetteer_path, lang=lang, fallback=fallback)
        with _Stopper() as stop:
            status = 0
            while True:
                if fallback is not None and hasattr(fallback, "stats"):
                    # a new run: counters restart; an automatic "offline" lasts one run, --offline stays
                    fallback.requests = fallback.cache_hits = 0
                    fallback.unresolved = []
                    if not offline:
                        fallback.offline, fallback.offline_reason = False, None
                pool = None
                if (fallback is None or fallback.offline) and _workers_from_env() != 1:
                    # An online geocoder keeps the run in one process (one rate limit, one cache writer).
                    spec = (
                        None
                        if fallback is None
                        else (fallback.service, getattr(store, "url", None), fallback.options)
                    )
                    pool = WorkerPool(gazetteer_path=gazetteer_path, lang=lang, fallback_spec=spec)
                try:
                    summary = run_once(
                        store=store,
                        out_dir=out_dir,
                        inbox=inbox,
                        feeds=feeds,
                        extract=extract,
                        fallback=fallback,
                        offline=offline,
                        stop=stop,
                        lock_wait=lock_wait,
                        pool=pool,
                    )
                except StoreLocked as exc:
                    err(str(exc))
                    if interval is None:
                        return EXIT_LOCKED
                    status = 0
                except GeomapError as exc:
                    err(f"refresh failed: {exc}")
                    if interval is None:
                        return 1
                else:
                    print(summary.line(), file=sys.stderr, flush=True)
                    status = 1 if summary.failed else 0
                if interval is None:
                    return 0 if stop.is_set() else status
                if stop.wait(interval):
                    return 0
    finally:
        store.close()
