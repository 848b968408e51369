"""The event store: migrations, URLs, idempotent upserts, replacement of changed articles, the geocoder
cache."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from geomap.articles import parse_text
from geomap.errors import StoreError
from geomap.records import event_id, new_record
from geomap.store import CHANGED, MIGRATIONS, NEW, UNCHANGED, SQLiteStore, default_store_url, open_store


def _article(text: str = "Frappe sur Kostiantynivka.", source: str = "inbox/a.txt", date: str = "2025-07-10"):
    return parse_text(f"date {date} Titre\n\n{text}", source=source, stem=Path(source).stem)


def _records(article, n: int = 2) -> list[dict]:
    return [
        new_record(
            event_id=event_id(article.article_id, i),
            article_id=article.article_id,
            event_type="strike",
            sub_event_type="drone",
            location=f"Place {i}",
            latitude=48.5 + i,
            longitude=37.7,
            geo_precision=1,
            killed=i,
            event_date="2025-07-10",
            gazetteer_ids={"geonames": 700000 + i},
        )
        for i in range(n)
    ]


@pytest.fixture
def store(tmp_path):
    s = open_store(f"sqlite:///{tmp_path / 'db' / 'geomap.db'}")
    yield s
    s.close()


def test_new_store_is_migrated_in_order_and_in_wal_mode(store):
    assert store.migrations() == [name for name, _ in MIGRATIONS]
    assert store._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.integrity_check() == "ok"
    assert store.counts() == {"articles": 0, "events": 0, "geocoder_cache": 0}


def test_reopening_applies_no_migration_twice(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    open_store(url).close()
    s = open_store(url)
    assert s.total_changes() == 0
    assert s.migrations() == [name for name, _ in MIGRATIONS]
    s.close()


def test_missing_migration_is_applied_to_an_older_store(tmp_path):
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    db.executescript(MIGRATIONS[0][1])
    db.execute("INSERT INTO schema_migrations VALUES (?, '2025-01-01')", (MIGRATIONS[0][0],))
    db.commit()
    db.close()
    s = open_store(path)
    assert s.migrations() == [name for name, _ in MIGRATIONS]
    assert s.file_state("nothing") is None  # the table of the second migration exists
    s.close()


@pytest.mark.parametrize(
    "url, scheme",
    [
        ("postgis://db.example/geomap", "postgis"),
        ("postgresql://u@h/db", "postgresql"),
        ("MySQL://h/db", "mysql"),
    ],
)
def test_unknown_scheme_is_a_clear_error_naming_it(url, scheme):
    with pytest.raises(StoreError, match=repr(scheme)):
        open_store(url)


@pytest.mark.parametrize("form", ["sqlite:///{abs}", "sqlite:////{abs_noslash}", "{abs}"])
def test_url_forms_open_the_same_file(tmp_path, form):
    target = tmp_path / "s.db"
    url = form.format(abs=target, abs_noslash=str(target).lstrip("/"))
    s = open_store(url)
    assert Path(s.path) == target
    s.close()
    assert target.exists()


def test_memory_store_and_default_url(tmp_path):
    s = open_store("sqlite://:memory:")
    assert s.lock_path is None and s.counts()["articles"] == 0
    s.close()
    assert default_store_url(tmp_path) == f"sqlite:///{tmp_path.resolve() / 'geomap.db'}"


def test_unchanged_article_writes_nothing_and_keeps_ids(store):
    a = _article()
    assert store.upsert_article(a, _records(a)) == NEW
    before = store.total_changes()
    ids = [r["event_id"] for r in store.events()]
    assert store.upsert_article(a, _records(a)) == UNCHANGED
    assert store.total_changes() == before
    assert [r["event_id"] for r in store.events()] == ids
    assert store.article_hash(a.article_id) == a.content_hash
    assert store.article_state(a.source) == a.content_hash


def test_changed_article_with_same_id_replaces_its_own_events_only(store):
    a = _article()
    other = _article("Frappe sur Kharkiv.", source="inbox/b.txt")
    store.upsert_article(a, _records(a, 3))
    store.upsert_article(other, _records(other, 1))
    first_seen = store.articles()[0]["first_seen"]
    from geomap.articles import article_from_mapping

    v1 = article_from_mapping({"id": "fixed-id", "text": "Un", "date": "2025-07-10"}, source="feed#1")
    v2 = article_from_mapping(
        {"id": "fixed-id", "text": "Deux, modifié", "date": "2025-07-10"}, source="feed#1"
    )
    assert store.upsert_article(v1, _records(v1, 2)) == NEW
    assert store.upsert_article(v2, _records(v2, 1)) == CHANGED
    assert len(store.article_records("fixed-id")) == 1
    assert len(store.article_records(other.article_id)) == 1
    assert len(store.article_records(a.article_id)) == 3
    assert store.articles()[0]["first_seen"] == first_seen
    assert store.get_article("fixed-id").text == "Deux, modifié"


def test_edited_text_file_replaces_the_article_from_the_same_source(store):
    old = _article("Frappe sur Kostiantynivka.")
    new = _article("Frappe sur Kostiantynivka et Druzhkivka.")
    assert old.article_id != new.article_id  # content-derived ids
    store.upsert_article(old, _records(old, 2))
    assert store.upsert_article(new, _records(new, 1)) == CHANGED
    assert [a["article_id"] for a in store.articles()] == [new.article_id]
    assert store.counts()["events"] == 1
    assert store.pending_renders() == [new.article_id]


def test_records_round_trip_and_typed_columns(store):
    a = _article()
    recs = _records(a, 2)
    store.upsert_article(a, recs)
    assert store.events() == recs
    row = store._db.execute(
        "SELECT event_type, latitude, killed, geo_precision FROM events ORDER BY seq"
    ).fetchall()
    assert [tuple(r) for r in row] == [("strike", 48.5, 0, 1), ("strike", 49.5, 1, 1)]


def test_untrusted_text_is_stored_verbatim(store):
    evil = "'); DROP TABLE events; -- \" \x1f \u202e Мар'їнка"
    a = parse_text(f"date 2025-07 {evil}\n\n{evil}", source=f"inbox/{evil}.txt")
    store.upsert_article(a, _records(a, 1))
    assert store.get_article(a.article_id).title == evil
    assert store.article_state(f"inbox/{evil}.txt") == a.content_hash
    assert store.counts()["events"] == 1


def test_a_failing_upsert_leaves_nothing_behind(store):
    a = _article()
    bad = _records(a, 1) + [{"record_type": "event", "event_id": "x", "notes": {1, 2}}]  # a set: not JSON
    with pytest.raises(TypeError):
        store.upsert_article(a, bad)
    assert store.counts() == {"articles": 0, "events": 0, "geocoder_cache": 0}
    assert store.integrity_check() == "ok"


def test_events_since_filters_on_when_articles_were_stored(store):
    a = _article()
    store.upsert_article(a, _records(a, 2))
    assert len(store.events(since="2000-01-01T00:00:00+00:00")) == 2
    assert store.events(since="2999-01-01T00:00:00+00:00") == []


def test_render_bookkeeping_and_meta(store):
    a = _article()
    store.upsert_article(a, _records(a))
    assert store.pending_renders() == [a.article_id]
    store.mark_rendered(a.article_id, a.content_hash)
    assert store.pending_renders() == []
    assert store.meta_get("events_version") == "1"
    store.meta_set("aggregate_version", "1")
    assert store.meta_get("aggregate_version") == "1"


def test_file_state_round_trip(store):
    assert store.file_state("/x/a.jsonl") is None
    store.set_file_state("/x/a.jsonl", 123, 45, "abc", ["id1", "id2"])
    store.set_file_state("/x/a.jsonl", 124, 46, "abd", ["id1"])
    assert store.file_state("/x/a.jsonl") == (124, 46, "abd", ["id1"])


def test_geocoder_cache_keeps_positive_and_negative_answers(store):
    assert store.cache_get("nominatim", "predtechyne, ukraine") == (False, None)
    hit = {
        "latitude": 48.5,
        "longitude": 37.8,
        "display_name": "Predtechyne",
        "geo_source": "geocoder:nominatim",
        "geo_precision": 1,
    }
    store.cache_put("nominatim", "predtechyne, ukraine", hit)
    store.cache_put("nominatim", "nowhere, ukraine", None)
    assert store.cache_get("nominatim", "predtechyne, ukraine") == (True, hit)
    assert store.cache_get("nominatim", "nowhere, ukraine") == (True, None)
    assert store.cache_get("photon", "nowhere, ukraine") == (False, None)


def test_two_connections_see_each_others_commits(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    s1, s2 = open_store(url), open_store(url)
    a = _article()
    s1.upsert_article(a, _records(a))
    assert s2.article_hash(a.article_id) == a.content_hash
    assert s2.upsert_article(a, _records(a)) == UNCHANGED
    s1.close()
    s2.close()


def test_store_is_an_sqlite_store_with_a_lock_path_beside_it(tmp_path):
    s = open_store(tmp_path / "e.db")
    assert isinstance(s, SQLiteStore)
    assert s.lock_path == tmp_path / "e.db.lock"
    s.close()
