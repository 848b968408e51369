"""The event store: articles, their event records and the geocoder cache, in embedded SQLite by default.

The store is what makes ``geomap refresh`` incremental and crash-safe:

* every article is written with its records in **one transaction** (SQLite in WAL mode), so a run killed at
  any moment leaves either the old or the new state of that article, never a mix;
* re-ingesting an **unchanged** article (same id, same content hash) writes nothing; a **changed** article
  (same id or same source, new hash) replaces its own records and keeps its ``first_seen``;
* the geocoder cache keeps positive and negative answers so that a name is never asked twice.

Only :func:`open_store` knows the URL schemes. Callers use the :class:`Store` interface, so that a server
database (PostGIS) can be added as a second implementation without touching ``refresh`` or ``geocode``.

SQL is parameterised throughout: article text, titles and sources are untrusted input.

Schema (migration ``0001_initial`` and later ones, recorded in ``schema_migrations``):

``articles``
    ``article_id`` (primary key), ``content_hash``, ``source``, ``url``, ``title``, ``date``, ``language``,
    ``slug``, ``text``, ``first_seen``, ``last_seen`` (UTC ISO timestamps: first stored, last stored with new
    content), ``rendered_hash`` (the content hash whose map was last written; ``NULL`` = map pending).
``events``
    one row per record: ``article_id``, ``seq`` (order within the article), typed columns for the main fields
    (``event_id``, ``record_type``, ``event_type``, ``sub_event_type``, ``event_date``, ``location``,
    ``admin1``,
    ``country``, ``latitude``, ``longitude``, ``geo_precision``, ``geo_source``, ``actor``, ``killed``,
    ``injured``,
    ``confidence``) and ``record``, the full CONTRACT record as JSON.
``geocoder_cache``
    ``service``, ``query`` (primary key together), ``result`` (JSON, ``NULL`` for "not found"),
    ``created_at``.
``files``
    inbox bookkeeping: ``path``, ``mtime_ns``, ``size``, ``content_hash`` and the ``article_ids`` read from
    it, so that an untouched file is skipped without reading it.
``meta``
    key/value pairs, e.g. ``events_version`` (bumped by every change of events) and ``aggregate_version`` (the
    events version the aggregate outputs were last written for).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from contextlib import contextmanager, nullcontext
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator
from urllib.parse import unquote, urlsplit

from geomap.errors import StoreError

if TYPE_CHECKING:
    from geomap.articles import Article

__all__ = [
    "Store",
    "SQLiteStore",
    "open_store",
    "default_store_url",
    "MIGRATIONS",
    "UNCHANGED",
    "NEW",
    "CHANGED",
]

log = logging.getLogger("geomap.store")

#: Outcomes of :meth:`Store.upsert_article`.
NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"

#: Typed columns of ``events`` (besides ``article_id``, ``seq`` and the JSON ``record``).
EVENT_COLUMNS: tuple[str, ...] = (
    "event_id",
    "record_type",
    "event_type",
    "sub_event_type",
    "event_date",
    "location",
    "admin1",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "geo_source",
    "actor",
    "killed",
    "injured",
    "confidence",
)

#: Named migrations, applied in this order, each once, each in its own transaction.
MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "0001_initial",
        """
        CREATE TABLE articles (
            article_id    TEXT PRIMARY KEY,
            content_hash  TEXT NOT NULL,
            source        TEXT NOT NULL,
            url           TEXT,
            title         TEXT,
            date          TEXT,
            language      TEXT,
            slug          TEXT NOT NULL,
            text          TEXT NOT NULL,
            first_seen    TEXT NOT NULL,
            last_seen     TEXT NOT NULL,
            rendered_hash TEXT
        );
        CREATE INDEX articles_source ON articles(source);
        CREATE TABLE events (
            article_id     TEXT NOT NULL REFERENCES articles(article_id) ON DELETE CASCADE,
            seq            INTEGER NOT NULL,
            event_id       TEXT,
            record_type    TEXT NOT NULL,
            event_type     TEXT,
            sub_event_type TEXT,
            event_date     TEXT,
            location       TEXT,
            admin1         TEXT,
            country        TEXT,
            latitude       REAL,
            longitude      REAL,
            geo_precision  INTEGER,
            geo_source     TEXT,
            actor          TEXT,
            killed         INTEGER,
            injured        INTEGER,
            confidence     REAL,
            record         TEXT NOT NULL,
            PRIMARY KEY (article_id, seq)
        );
        CREATE INDEX events_event_id ON events(event_id);
        CREATE INDEX events_event_date ON events(event_date);
        CREATE TABLE geocoder_cache (
            service    TEXT NOT NULL,
            query      TEXT NOT NULL,
            result     TEXT,
            created_at TEXT NOT NULL,
            PRIMARY KEY (service, query)
        );
        CREATE TABLE meta (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
    """,
    ),
    (
        "0002_inbox_files",
        """
        CREATE TABLE files (
            path         TEXT PRIMARY KEY,
            mtime_ns     INTEGER NOT NULL,
            size         INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            article_ids  TEXT NOT NULL,
            seen_at      TEXT NOT NULL
        );
    """,
    ),
)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def default_store_url(out_dir: str | Path) -> str:
    """The store of an output folder: ``sqlite:///OUT/geomap.db`` (absolute path)."""
    return f"sqlite:///{(Path(out_dir) / 'geomap.db').resolve()}"


class Store:
    """The interface of an event store (what ``refresh`` and ``geocode`` rely on).

    Implementations: :class:`SQLiteStore`. A PostGIS store would implement the same methods.
    """

    url: str

    #: Where ``refresh`` puts its lock file for this store (``None``: the caller chooses).
    lock_path: Path | None = None

    # -- articles and events
    def article_hash(self, article_id: str) -> str | None:
        """The content hash stored for ``article_id``, or ``None`` if the article is not stored."""
        raise NotImplementedError

    def article_state(self, source: str) -> str | None:
        """The content hash of the article last stored from ``source`` (a path, ``path:LINE`` or URL)."""
        raise NotImplementedError

    def upsert_article(self, article: Article, records: list[dict]) -> str:
        """Store an article with its records; return :data:`NEW`, :data:`CHANGED` or :data:`UNCHANGED`."""
        raise NotImplementedError

    def events(self, since: str | None = None) -> list[dict]:
        """Every stored record (articles by first appearance, records in article order)."""
        raise NotImplementedError

    def article_records(self, article_id: str) -> list[dict]:
        """The records of one article, in their stored order."""
        raise NotImplementedError

    def get_article(self, article_id: str) -> Article | None:
        """The stored article (text included), or ``None``."""
        raise NotImplementedError

    def pending_renders(self) -> list[str]:
        """Ids of articles whose map does not show their current content."""
        raise NotImplementedError

    def mark_rendered(self, article_id: str, content_hash: str) -> None:
        """Record that the map of ``article_id`` now shows ``content_hash``."""
        raise NotImplementedError

    # -- inbox files
    def file_state(self, path: str) -> tuple[int, int, str, list[str]] | None:
        """``(mtime_ns, size, content_hash, article_ids)`` recorded for an inbox file, or ``None``."""
        raise NotImplementedError

    def set_file_state(
        self, path: str, mtime_ns: int, size: int, content_hash: str, article_ids: list[str]
    ) -> None:
        """Record an inbox file as read (only after its articles are stored)."""
        raise NotImplementedError

    # -- metadata
    def meta_get(self, key: str, default: str | None = None) -> str | None:
        """A metadata value."""
        raise NotImplementedError

    def meta_set(self, key: str, value: str) -> None:
        """Set a metadata value."""
        raise NotImplementedError

    # -- geocoder cache
    def cache_get(self, service: str, query: str) -> tuple[bool, dict | None]:
        """``(hit, result)``: ``hit`` is False when never asked; ``result`` is ``None`` for a cached "not
        found"."""
        raise NotImplementedError

    def cache_put(self, service: str, query: str, result: dict | None) -> None:
        """Cache a geocoder answer (``None`` = not found)."""
        raise NotImplementedError

    # -- housekeeping
    def counts(self) -> dict[str, int]:
        """Row counts: ``articles``, ``events``, ``geocoder_cache``."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the connection."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SQLiteStore(Store):
    """The embedded store: one SQLite file in WAL mode (``sqlite:///path``) or ``sqlite://:memory:``.

    Parameters
    ----------
    path
        The database file (created with its folder if missing), or ``":memory:"``.
    url
        The URL it was opened from (for messages).
    timeout
        Seconds a writer waits for another connection's write lock before :class:`~geomap.errors.StoreError`.
    """

    def __init__(self, path: str | Path, *, url: str | None = None, timeout: float = 30.0):
        self.path = path if path == ":memory:" else Path(path)
        self.url = url or f"sqlite:///{path}"
        self.lock_path = None if path == ":memory:" else Path(f"{self.path}.lock")
        try:
            if isinstance(self.path, Path):
                self.path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a "no change" run really writes
            # nothing.
            self._db = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            # Switching to WAL and migrating need the database to themselves, and SQLite answers a second
            # process doing the same at the same moment with "database is locked" at once rather than waiting:
            # two stores opening together take turns here.
            with self._setup_lock(timeout):
                mode = self._db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
                if path != ":memory:" and str(mode).lower() != "wal":
                    log.warning("store %s: WAL journal not available (journal_mode=%s)", self.path, mode)
                self._db.execute("PRAGMA synchronous=NORMAL")  # durable in WAL mode across process crashes
                self._db.execute("PRAGMA foreign_keys=ON")
                self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open the store {self.url}: {exc}") from exc

    def _setup_lock(self, timeout: float):
        if not isinstance(self.path, Path):
            return nullcontext()
        from filelock import FileLock

        return FileLock(f"{self.path}.setup.lock", timeout=timeout)

    # ------------------------------------------------------------------ plumbing
    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any exception."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"store {self.url} is busy or read-only: {exc}") from exc
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        else:
            try:
                self._db.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"cannot write to the store {self.url}: {exc}") from exc

    def _migrate(self) -> None:
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        done = {r[0] for r in self._db.execute("SELECT name FROM schema_migrations")}
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            with self.transaction() as db:
                # re-check inside the write lock: another process may have migrated meanwhile
                if db.execute("SELECT 1 FROM schema_migrations WHERE name = ?", (name,)).fetchone():
                    continue
                for statement in sql.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)", (name, _now()))
            log.info("store %s: applied migration %s", self.url, name)

    def migrations(self) -> list[str]:
        """Names of the applied migrations, in order."""
        return [r[0] for r in self._db.execute("SELECT name FROM schema_migrations ORDER BY name")]

    def total_changes(self) -> int:
        """Rows changed through this connection since it was opened (0 after a run that wrote nothing)."""
        return self._db.total_changes

    def integrity_check(self) -> str:
        """``PRAGMA integrity_check``: ``"ok"`` for a sound database."""
        return str(self._db.execute("PRAGMA integrity_check").fetchone()[0])

    def close(self) -> None:
        """Close the connection (checkpointing the WAL when it is the last one)."""
        db = getattr(self, "_db", None)
        if db is not None:
            db.close()
            self._db = None

    # ------------------------------------------------------------------ articles and events
    def article_hash(self, article_id: str) -> str | None:
        row = self._db.execute(
            "SELECT content_hash FROM articles WHERE article_id = ?", (article_id,)
        ).fetchone()
        return row[0] if row else None

    def article_state(self, source: str) -> str | None:
        row = self._db.execute(
            "SELECT content_hash FROM articles WHERE source = ? ORDER BY last_seen DESC LIMIT 1", (source,)
        ).fetchone()
        return row[0] if row else None

    def upsert_article(self, article: Article, records: list[dict]) -> str:
        """Store ``article`` and ``records`` in one transaction.

        Unchanged (same id, same content hash): nothing is written. Otherwise the stored article with the
        same id,
        and any other stored article from the same source (a text file edited in place gets a new
        content-derived id), is replaced together with its records; ``first_seen`` is kept from the article it
        replaces.

        Returns
        -------
        str
            :data:`NEW`, :data:`CHANGED` or :data:`UNCHANGED`.
        """
        content_hash = article.content_hash
        if self.article_hash(article.article_id) == content_hash:
            return UNCHANGED
        now = _now()
        with self.transaction() as db:
            old = db.execute(
                "SELECT article_id, first_seen FROM articles WHERE article_id = ? OR source = ?",
                (article.article_id, article.source),
            ).fetchall()
            first_seen = min((r["first_seen"] for r in old), default=now)
            for r in old:
                db.execute("DELETE FROM events WHERE article_id = ?", (r["article_id"],))
                db.execute("DELETE FROM articles WHERE article_id = ?", (r["article_id"],))
            db.execute(
                "INSERT INTO articles (article_id, content_hash, source, url, title, date, language, slug,"
                " text, first_seen, last_seen, rendered_hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
                (
                    article.article_id,
                    content_hash,
                    article.source,
                    article.url,
                    article.title,
                    article.date,
                    article.language or _first(records, "language"),
                    article.slug,
                    article.text,
                    first_seen,
                    now,
                ),
            )
            placeholders = ", ".join("?" * (len(EVENT_COLUMNS) + 3))
            db.executemany(
                f"INSERT INTO events (article_id, seq, {', '.join(EVENT_COLUMNS)}, record)"
                f" VALUES ({placeholders})",
                [
                    (
                        article.article_id,
                        seq,
                        *(_column(rec, c) for c in EVENT_COLUMNS),
                        json.dumps(rec, ensure_ascii=False, sort_keys=False),
                    )
                    for seq, rec in enumerate(records)
                ],
            )
            self._bump(db, "events_version")
        return CHANGED if old else NEW

    def events(self, since: str | None = None) -> list[dict]:
        """Every stored record, articles by first appearance, records in article order.

        Parameters
        ----------
        since
            A UTC ISO timestamp: only the records of articles stored (new or changed) at or after it.
        """
        sql = (
            "SELECT e.record FROM events e JOIN articles a ON a.article_id = e.article_id"
            + (" WHERE a.last_seen >= ?" if since else "")
            + " ORDER BY a.first_seen, a.article_id, e.seq"
        )
        return [json.loads(r[0]) for r in self._db.execute(sql, (since,) if since else ())]

    def article_records(self, article_id: str) -> list[dict]:
        return [
            json.loads(r[0])
            for r in self._db.execute(
                "SELECT record FROM events WHERE article_id = ? ORDER BY seq", (article_id,)
            )
        ]

    def get_article(self, article_id: str) -> Article | None:
        from geomap.articles import Article

        r = self._db.execute("SELECT * FROM articles WHERE article_id = ?", (article_id,)).fetchone()
        if r is None:
            return None
        return Article(
            r["article_id"],
            r["title"],
            r["date"],
            r["text"],
            r["source"],
            r["slug"],
            r["url"],
            r["language"],
            r["content_hash"],
        )

    def articles(self) -> list[dict]:
        """Every stored article's metadata (no text), by first appearance."""
        cols = "article_id, content_hash, source, url, title, date, language, slug, first_seen, last_seen"
        return [
            dict(r) for r in self._db.execute(f"SELECT {cols} FROM articles ORDER BY first_seen, article_id")
        ]

    def slugs(self) -> dict[str, str]:
        """``{slug: article_id}`` of the stored articles."""
        return {r[0]: r[1] for r in self._db.execute("SELECT slug, article_id FROM articles")}

    def pending_renders(self) -> list[str]:
        return [
            r[0]
            for r in self._db.execute(
                "SELECT article_id FROM articles WHERE rendered_hash IS NULL OR rendered_hash != content_hash"
                " ORDER BY first_seen, article_id"
            )
        ]

    def mark_rendered(self, article_id: str, content_hash: str) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE articles SET rendered_hash = ? WHERE article_id = ?", (content_hash, article_id)
            )

    # ------------------------------------------------------------------ inbox files
    def file_state(self, path: str) -> tuple[int, int, str, list[str]] | None:
        r = self._db.execute(
            "SELECT mtime_ns, size, content_hash, article_ids FROM files WHERE path = ?", (path,)
        ).fetchone()
        return (r[0], r[1], r[2], json.loads(r[3])) if r else None

    def set_file_state(
        self, path: str, mtime_ns: int, size: int, content_hash: str, article_ids: list[str]
    ) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO files (path, mtime_ns, size, content_hash, article_ids, seen_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET mtime_ns = excluded.mtime_ns,"
                " size = excluded.size, content_hash = excluded.content_hash,"
                " article_ids = excluded.article_ids, seen_at = excluded.seen_at",
                (path, mtime_ns, size, content_hash, json.dumps(article_ids), _now()),
            )

    # ------------------------------------------------------------------ metadata
    def meta_get(self, key: str, default: str | None = None) -> str | None:
        r = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return r[0] if r else default

    def meta_set(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    @staticmethod
    def _bump(db: sqlite3.Connection, key: str) -> None:
        db.execute(
            "INSERT INTO meta (key, value) VALUES (?, '1')"
            " ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1",
            (key,),
        )

    # ------------------------------------------------------------------ geocoder cache
    def cache_get(self, service: str, query: str) -> tuple[bool, dict | None]:
        r = self._db.execute(
            "SELECT result FROM geocoder_cache WHERE service = ? AND query = ?", (service, query)
        ).fetchone()
        if r is None:
            return False, None
        return True, (json.loads(r[0]) if r[0] is not None else None)

    def cache_put(self, service: str, query: str, result: dict | None) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO geocoder_cache (service, query, result, created_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(service, query) DO UPDATE SET result = excluded.result,"
                " created_at = excluded.created_at",
                (service, query, None if result is None else json.dumps(result, ensure_ascii=False), _now()),
            )

    # ------------------------------------------------------------------ housekeeping
    def counts(self) -> dict[str, int]:
        return {
            t: self._db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]  # table names are ours, not input
            for t in ("articles", "events", "geocoder_cache")
        }


def _first(records: list[dict], key: str) -> Any:
    for rec in records:
        if rec.get(key) is not None:
            return rec[key]
    return None


def _column(record: dict, column: str) -> Any:
    value = record.get(column)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return value


def open_store(url: str | Path, *, timeout: float = 30.0) -> Store:
    """Open (creating and migrating if needed) the store at ``url``.

    Parameters
    ----------
    url
        ``sqlite:///relative/or/absolute/path.db`` (``sqlite:////abs/path.db`` also works),
        ``sqlite://:memory:``,
        or a plain file path, which means SQLite.

    Raises
    ------
    StoreError
        For a URL scheme geomap has no store for (naming it), or a database that cannot be opened or migrated.
    """
    text = str(url)
    if "://" not in text:
        return SQLiteStore(Path(text), url=f"sqlite:///{text}", timeout=timeout)
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme != "sqlite":
        raise StoreError(
            f"unsupported store URL scheme {scheme!r} in {text!r}: geomap has a store for "
            f"'sqlite:///PATH' only (a PostGIS store is planned)"
        )
    if parts.netloc == ":memory:" or parts.path in ("/:memory:", ":memory:"):
        return SQLiteStore(":memory:", url=text, timeout=timeout)
    if parts.netloc:
        raise StoreError(f"a sqlite store URL has no host: {text!r} (use sqlite:///path/to/file.db)")
    path = unquote(parts.path)
    # Four slashes are always absolute. With three, SQLAlchemy reads a relative path; people also write
    # sqlite:///tmp/x.db meaning /tmp/x.db. Read it as relative only when the relative folder exists and the
    # absolute one does not.
    if path.startswith("//"):
        path = path[1:]
    elif path.startswith("/") and not Path(path).parent.exists() and Path(path[1:]).parent.exists():
        path = path[1:]
    if not path or path == "/":
        raise StoreError(f"no database path in store URL {text!r}")
    return SQLiteStore(Path(path), url=text, timeout=timeout)
