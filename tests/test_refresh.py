"""The refresh job: incremental runs, atomic outputs, failures, feeds, lock, kill -9, signals, fallback.

Most tests use the stand-ins of ``refresh_fakes`` for the pipeline and the renderer (refresh's own behaviour
does not depend on them); the tests at the end run the real ``python -m geomap refresh`` when the pipeline and
the renderer are installed.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import ROOT, SEED, shared_path
from geomap.refresh import (
    AGGREGATE_GEOJSON,
    AGGREGATE_MAP,
    ARTICLES_DIR,
    EXIT_LOCKED,
    Refresher,
    parse_interval,
    run_cli,
    run_once,
)
from geomap.store import open_store
from nominatim_server import Index, NominatimServer, free_port
from refresh_fakes import FakeRenderer, fake_extract, install

FAKES = Path(__file__).resolve().parent / "refresh_fakes.py"


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def inbox(tmp_path) -> Path:
    """The dev articles (when ../shared is there) and the seed, copied into a fresh inbox."""
    box = tmp_path / "inbox"
    box.mkdir()
    shutil.copy(SEED, box / SEED.name)
    dev = Path(os.environ.get("GEOMAP_SHARED", ROOT.parent / "shared")) / "eval" / "articles" / "dev"
    if dev.is_dir():
        for f in sorted(dev.glob("*.json")):
            shutil.copy(f, box / f.name)
    else:  # a few articles of our own, so that the refresh tests run without ../shared too
        for i in range(5):
            (box / f"a{i}.txt").write_text(f"date 2025-07-1{i} Frappe {i}\n\nFrappe de drones numéro {i}.\n")
    return box

def _args(**given) -> dict:
    """run_cli's keyword arguments: an offline, one-shot run unless a test says otherwise."""
    args = dict(inbox=None, feeds=None, store_url=None, every=None, offline=True, geocoder="none", lang=None,
                gazetteer_path=None)
    args.update(given)
    return args


def _cli(**given) -> int:
    return run_cli(**_args(**given))



def _run(store, out, inbox=None, feeds=None, **kw):
    return run_once(
        store=store,
        out_dir=out,
        inbox=inbox,
        feeds=feeds,
        extract=kw.pop("extract", fake_extract),
        renderer=kw.pop("renderer", FakeRenderer()),
        report=kw.pop("report", lambda m: None),
        **kw,
    )


def _mtimes(folder: Path) -> dict[str, int]:
    return {
        str(p.relative_to(folder)): p.stat().st_mtime_ns
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith("geomap.db")
    }


def _fakes_cmd(*args: str) -> list[str]:
    return [sys.executable, str(FAKES), *args]


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra)
    return env


# --------------------------------------------------------------------------- intervals


@pytest.mark.parametrize(
    "text, seconds",
    [("90s", 90), ("15m", 900), ("1h", 3600), ("1d", 86400), ("30", 30), ("2.5m", 150), (" 15M ", 900)],
)
def test_parse_interval(text, seconds):
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "15x", "m15", "0s", "-1m", "fast"])
def test_parse_interval_rejects(text):
    with pytest.raises(ValueError, match="interval"):
        parse_interval(text)


def test_bad_interval_is_a_usage_error(tmp_path, capsys):
    assert (
        _cli(inbox=tmp_path, out_dir=tmp_path / "out", every="soon")
        == 2
    )
    assert "--every" in capsys.readouterr().err


def test_unknown_store_scheme_is_a_usage_error(tmp_path, capsys):
    assert (
        _cli(inbox=tmp_path, out_dir=tmp_path / "out", store_url="postgis://h/db")
        == 2
    )
    assert "'postgis'" in capsys.readouterr().err


# --------------------------------------------------------------------------- incremental runs


def test_second_run_changes_nothing_and_is_fast(inbox, tmp_path):
    out = tmp_path / "out"
    with open_store(out / "geomap.db") as store:
        first = _run(store, out, inbox)
        n = len(list(inbox.iterdir()))
        assert first.new == n and first.failed == 0 and first.maps == n and first.aggregate
        ids = [r["event_id"] for r in store.events()]
        outputs = _mtimes(out)
    with open_store(out / "geomap.db") as store:
        t0 = time.perf_counter()
        second = _run(store, out, inbox)
        elapsed = time.perf_counter() - t0
        assert (second.new, second.changed, second.unchanged, second.maps, second.aggregate) == (
            0,
            0,
            n,
            0,
            False,
        )
        assert store.total_changes() == 0
        assert [r["event_id"] for r in store.events()] == ids
    assert elapsed <= 2.0
    assert _mtimes(out) == outputs
    assert json.loads((out / AGGREGATE_GEOJSON).read_text())["type"] == "FeatureCollection"
    assert (out / AGGREGATE_MAP).exists()
    assert len(list((out / ARTICLES_DIR).glob("*.html"))) == n


def test_editing_one_article_rerenders_only_it_and_the_aggregates(inbox, tmp_path):
    out = tmp_path / "out"
    with open_store(out / "geomap.db") as store:
        _run(store, out, inbox)
        before = _mtimes(out)
        ids_before = {r["article_id"]: r["event_id"] for r in store.events()}
        seed = inbox / SEED.name
        time.sleep(0.01)
        seed.write_text(seed.read_text(encoding="utf-8") + "\nUne phrase ajoutée.\n", encoding="utf-8")
        summary = _run(store, out, inbox)
        assert (summary.new, summary.changed, summary.maps, summary.aggregate) == (0, 1, 1, True)
        ids_after = {r["article_id"]: r["event_id"] for r in store.events()}
    after = _mtimes(out)
    changed = sorted(k for k in after if after[k] != before.get(k))
    stem = SEED.stem
    assert changed == sorted(
        [AGGREGATE_GEOJSON, AGGREGATE_MAP, f"{ARTICLES_DIR}/{stem}.geojson", f"{ARTICLES_DIR}/{stem}.html"]
    )
    # the seed is plain text: its id is derived from its content, so only its own ids change
    assert {k: v for k, v in ids_after.items() if k in ids_before} == {
        k: v for k, v in ids_before.items() if k in ids_after
    }
    assert len(ids_after) == len(ids_before)


def test_touched_but_identical_file_is_not_parsed_again(inbox, tmp_path):
    out = tmp_path / "out"
    with open_store(out / "geomap.db") as store:
        _run(store, out, inbox)
        os.utime(inbox / SEED.name)
        calls = []
        summary = _run(store, out, inbox, extract=lambda a: calls.append(a) or fake_extract(a))
        assert calls == [] and summary.unchanged == len(list(inbox.iterdir())) and summary.maps == 0


def test_outputs_of_an_interrupted_render_are_picked_up_next_run(inbox, tmp_path):
    out = tmp_path / "out"

    class Failing(FakeRenderer):
        def write_aggregate_map(self, records, path, frontline=None, title=""):
            raise RuntimeError("disk full")

    with open_store(out / "geomap.db") as store:
        with pytest.raises(RuntimeError):
            _run(store, out, inbox, renderer=Failing())
        assert not (out / AGGREGATE_MAP).exists()
        assert not list(out.glob(".geomap-tmp-*"))
        summary = _run(store, out, inbox)
        assert summary.aggregate and summary.new == 0 and (out / AGGREGATE_MAP).exists()


# --------------------------------------------------------------------------- failures


def test_bad_inputs_are_reported_skipped_and_exit_1(inbox, tmp_path, monkeypatch, capsys):
    install(monkeypatch)
    (inbox / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 10)
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "latin1.txt").write_bytes("date 2025-07 Frappe à Kyiv\n\nCafé frappé".encode("latin-1"))
    with (inbox / "huge.txt").open("wb") as f:
        f.truncate(20 * 1024 * 1024)
    (inbox / "broken.json").write_text('{"title": "x", "text": ')
    feeds = tmp_path / "feeds.txt"
    (tmp_path / "bad.xml").write_text("<rss><channel><item><title>unterminated")
    feeds.write_text("bad.xml\n")
    out = tmp_path / "out"
    code = _cli(inbox=inbox, feeds=feeds, out_dir=out)
    err = capsys.readouterr().err
    assert code == 1
    for name, reason in [
        ("binary.txt", "binary"),
        ("empty.txt", "empty"),
        ("latin1.txt", "UTF-8"),
        ("huge.txt", "too large"),
        ("broken.json", "invalid JSON"),
        ("bad.xml", "malformed feed"),
    ]:
        line = next((ln for ln in err.splitlines() if name in ln), None)
        assert line is not None and reason in line, (name, err)
    summary = json.loads(err.strip().splitlines()[-1])
    assert summary["failed"] == 6 and summary["new"] == len(list(inbox.iterdir())) - 5
    assert (out / AGGREGATE_MAP).exists()
    # unchanged bad files are not reported again; the malformed feed is read again (feeds have no file state)
    code = _cli(inbox=inbox, out_dir=out)
    assert code == 0 and "error" not in capsys.readouterr().err


def test_extraction_failure_is_reported_and_retried(inbox, tmp_path):
    out = tmp_path / "out"
    messages: list[str] = []

    def flaky(article):
        if article.source.endswith(SEED.name):
            raise ValueError("pipeline bug")
        return fake_extract(article)

    with open_store(out / "geomap.db") as store:
        s1 = _run(store, out, inbox, extract=flaky, report=messages.append)
        assert s1.failed == 1 and SEED.name in messages[0] and "pipeline bug" in messages[0]
        s2 = _run(store, out, inbox)
        assert s2.new == 1 and s2.failed == 0


# --------------------------------------------------------------------------- feeds


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>t</title><link>http://127.0.0.1/</link><description>d</description>
<item><title>Full item</title><link>http://127.0.0.1:{port}/full</link><guid>full-1</guid>
<pubDate>Thu, 10 Jul 2025 08:00:00 GMT</pubDate>
<description><![CDATA[<p>{body}</p>]]></description></item>
<item><title>Teaser</title><link>http://127.0.0.1:{port}/page</link><guid>teaser-1</guid>
<pubDate>Fri, 11 Jul 2025 08:00:00 GMT</pubDate><description>Read more…</description></item>
</channel></rss>
"""
PAGE = """<!doctype html><html><head><title>Page title</title></head><body><nav>menu menu</nav>
<article><h1>Frappe sur Kharkiv</h1>{paras}</article><footer>© site</footer></body></html>"""


@pytest.fixture
def page_server():
    paras = "".join(
        f"<p>Dans la nuit, des drones russes ont frappé Kharkiv, paragraphe {i}, selon les autorités "
        f"régionales, qui font état de dégâts importants dans plusieurs quartiers.</p>"
        for i in range(6)
    )
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            hits.append(self.path)
            if self.path.endswith(".xml"):  # a remote feed
                port = self.server.server_address[1]
                body = RSS.format(port=port, body="Teaser only.").replace("Full item", "Other").encode()
            else:
                body = PAGE.format(paras=paras).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    srv.hits = hits
    yield srv
    srv.shutdown()
    srv.server_close()


def _feed(tmp_path, port) -> Path:
    body = " ".join(["Des missiles ont visé Odesa dans la nuit, a indiqué l'armée de l'air ukrainienne."] * 8)
    (tmp_path / "feed.xml").write_text(RSS.format(port=port, body=body), encoding="utf-8")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("# local feed file, relative to this list\nfeed.xml\n")
    return feeds


def test_feed_items_offline_teaser_is_reported_and_skipped(tmp_path, caplog):
    feeds = _feed(tmp_path, free_port())
    out = tmp_path / "out"
    with open_store(out / "geomap.db") as store:
        s = _run(store, out, feeds=feeds, offline=True)
        assert (s.new, s.skipped, s.failed) == (1, 1, 0)
        (art,) = store.articles()
        assert art["article_id"] == "full-1" and art["date"] == "2025-07-10" and art["title"] == "Full item"
    assert "page not fetched (offline)" in caplog.text


def test_feed_teaser_page_is_fetched_and_extracted_once(tmp_path, page_server):
    feeds = _feed(tmp_path, page_server.server_address[1])
    out = tmp_path / "out"
    with open_store(out / "geomap.db") as store:
        s = _run(store, out, feeds=feeds)
        assert (s.new, s.failed) == (2, 0)
        teaser = store.get_article("teaser-1")
        assert "drones russes ont frappé Kharkiv" in teaser.text and "menu" not in teaser.text
        assert teaser.url.endswith("/page") and teaser.date == "2025-07-11"
        s2 = _run(store, out, feeds=feeds)
        assert (s2.new, s2.unchanged) == (0, 2)
    assert page_server.hits == ["/page"]


def test_remote_feed_is_fetched_online(tmp_path, page_server):
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"http://127.0.0.1:{page_server.server_address[1]}/rss.xml\n")
    with open_store(tmp_path / "out" / "geomap.db") as store:
        s = _run(store, tmp_path / "out", feeds=feeds)
        assert (s.new, s.failed) == (2, 0)  # both items are teasers: their pages are fetched
        assert {a["article_id"] for a in store.articles()} == {"full-1", "teaser-1"}
    assert page_server.hits == ["/rss.xml", "/full", "/page"]


def test_deleted_maps_are_written_again(inbox, tmp_path):
    out = tmp_path / "out"
    with open_store(out / "geomap.db") as store:
        _run(store, out, inbox)
        victim = next((out / ARTICLES_DIR).glob("*.html"))
        victim.unlink()
        s = _run(store, out, inbox)
    assert s.maps == 1 and not s.aggregate and victim.exists()


def test_remote_feed_offline_is_skipped(tmp_path):
    feeds = tmp_path / "feeds.txt"
    feeds.write_text("https://example.invalid/rss.xml\n")
    with open_store(tmp_path / "out" / "geomap.db") as store:
        s = _run(store, tmp_path / "out", feeds=feeds, offline=True)
    assert (s.skipped, s.failed) == (1, 0)


# --------------------------------------------------------------------------- progress


@pytest.mark.parametrize("tty", [True, False])
def test_progress_bar_only_on_a_terminal(inbox, tmp_path, tty):
    class Stream(io.StringIO):
        def isatty(self):
            return tty

    stream = Stream()
    with open_store(tmp_path / "out" / "geomap.db") as store:
        _run(store, tmp_path / "out", inbox, progress_stream=stream)
    assert ("\rgeomap refresh: inbox [" in stream.getvalue()) is tty
    assert (stream.getvalue() == "") is not tty


# --------------------------------------------------------------------------- lock, kill -9, signals


def _hold_lock(lock_path: Path) -> subprocess.Popen:
    code = (
        "import sys, time, filelock; l = filelock.FileLock(sys.argv[1]); l.acquire(); "
        "print('locked', flush=True); time.sleep(60)"
    )
    p = subprocess.Popen([sys.executable, "-c", code, str(lock_path)], stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "locked"
    return p


def test_second_refresh_waits_then_exits_with_a_clear_message_and_a_killed_holder_frees_the_lock(
    inbox, tmp_path, monkeypatch, capsys
):
    install(monkeypatch)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setenv("GEOMAP_REFRESH_LOCK_WAIT", "0.5")
    holder = _hold_lock(out / "geomap.db.lock")
    try:
        t0 = time.monotonic()
        code = _cli(inbox=inbox, out_dir=out)
        waited = time.monotonic() - t0
        err = capsys.readouterr().err
        assert code == EXIT_LOCKED and 0.5 <= waited < 5
        assert "another geomap refresh is using the store" in err and "geomap.db.lock" in err
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    # the OS lock died with its holder: no stale lock
    code = _cli(inbox=inbox, out_dir=out)
    assert code == 0 and json.loads(capsys.readouterr().err.strip().splitlines()[-1])["new"] > 0


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and text in (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode():
                found.append(int(proc.name))
        except OSError:
            pass
    return found


def _wait_for(predicate, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("condition not reached in time")


def _stored_articles(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def test_kill_9_mid_run_leaves_outputs_and_store_intact_and_the_next_run_completes(inbox, tmp_path):
    out = tmp_path / "out"
    first = sorted(inbox.iterdir())[: len(list(inbox.iterdir())) // 2]
    box1 = tmp_path / "half"
    box1.mkdir()
    for f in first:
        shutil.copy(f, box1 / f.name)
    assert (
        subprocess.run(_fakes_cmd("--inbox", str(box1), "--out", str(out)), capture_output=True).returncode
        == 0
    )
    agg_before = (out / AGGREGATE_GEOJSON).read_bytes()
    map_before = (out / AGGREGATE_MAP).read_bytes()
    n_before = _stored_articles(out / "geomap.db")
    proc = subprocess.Popen(
        _fakes_cmd("--inbox", str(inbox), "--out", str(out)),
        env=_env(GEOMAP_TEST_EXTRACT_DELAY="0.1"),
        stderr=subprocess.PIPE,
    )
    _wait_for(lambda: _stored_articles(out / "geomap.db") >= n_before + 2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    # previous outputs untouched, store sound
    assert (out / AGGREGATE_GEOJSON).read_bytes() == agg_before
    assert (out / AGGREGATE_MAP).read_bytes() == map_before
    con = sqlite3.connect(out / "geomap.db")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    n_killed = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert n_before < n_killed < len(list(inbox.iterdir()))
    con.close()
    # the next run completes: the rest is ingested, the maps of the killed run's articles rendered
    done = subprocess.run(
        _fakes_cmd("--inbox", str(inbox), "--out", str(out)), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stderr.strip().splitlines()[-1])
    n = len(list(inbox.iterdir()))
    assert summary["new"] == n - n_killed and summary["maps"] == n - n_before and summary["aggregate"]
    assert len(json.loads((out / AGGREGATE_GEOJSON).read_text())["features"]) == n
    assert not list(out.rglob(".geomap-tmp-*"))


def test_two_concurrent_runs_one_waits_or_exits_cleanly_and_the_store_stays_sound(inbox, tmp_path):
    out = tmp_path / "out"
    env = _env(GEOMAP_TEST_EXTRACT_DELAY="0.03", GEOMAP_REFRESH_LOCK_WAIT="0.5")
    procs = [
        subprocess.Popen(
            _fakes_cmd("--inbox", str(inbox), "--out", str(out)), env=env, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    results = [(p.wait(60), p.stderr.read()) for p in procs]
    codes = sorted(code for code, _ in results)
    assert codes == [0, EXIT_LOCKED], results
    locked_err = next(err for code, err in results if code == EXIT_LOCKED)
    assert "another geomap refresh is using the store" in locked_err
    con = sqlite3.connect(out / "geomap.db")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == len(list(inbox.iterdir()))
    con.close()
    # with a longer wait the second one waits its turn and finds nothing to do
    env["GEOMAP_REFRESH_LOCK_WAIT"] = "60"
    procs = [
        subprocess.Popen(
            _fakes_cmd("--inbox", str(inbox), "--out", str(out)), env=env, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    assert [p.wait(60) for p in procs] == [0, 0]


def test_every_loop_stops_cleanly_on_sigterm(inbox, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.Popen(
        _fakes_cmd("--inbox", str(inbox), "--out", str(out), "--every", "1s"),
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for(lambda: (out / AGGREGATE_GEOJSON).exists())
    time.sleep(1.5)  # at least one more turn
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(10) == 0
    lines = [json.loads(ln) for ln in proc.stderr.read().splitlines() if ln.startswith("{")]
    assert len(lines) >= 2 and lines[0]["new"] > 0 and lines[1]["new"] == 0


def test_sigint_mid_run_finishes_the_current_article_and_exits_0(inbox, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.Popen(
        _fakes_cmd("--inbox", str(inbox), "--out", str(out)),
        env=_env(GEOMAP_TEST_EXTRACT_DELAY="0.1"),
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for(lambda: _stored_articles(out / "geomap.db") >= 2)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(10) == 0
    summary = json.loads(proc.stderr.read().strip().splitlines()[-1])
    assert summary["interrupted"] and summary["new"] < len(list(inbox.iterdir()))
    done = subprocess.run(
        _fakes_cmd("--inbox", str(inbox), "--out", str(out)), capture_output=True, text=True
    )
    assert done.returncode == 0
    assert json.loads(done.stderr.strip().splitlines()[-1])["aggregate"]


# --------------------------------------------------------------------------- fallback geocoder


@pytest.fixture
def nominatim():
    srv = NominatimServer(
        Index(
            [
                {
                    "id": 1,
                    "name": "Predtechyne",
                    "alternates": [],
                    "lat": 48.52355,
                    "lon": 37.81721,
                    "type": "village",
                    "admin1": "Donetska Oblast",
                    "population": 0,
                }
            ]
        )
    ).start()
    yield srv
    srv.down()


def _geocoder_env(monkeypatch, domain: str) -> None:
    monkeypatch.setenv(
        "GEOMAP_GEOCODER_OPTIONS",
        json.dumps({"domain": domain, "scheme": "http", "min_delay_seconds": 0.01, "timeout": 2}),
    )


def test_refresh_places_through_the_geocoder_and_caches_in_the_store(
    tmp_path, nominatim, monkeypatch, capsys
):
    install(monkeypatch)
    _geocoder_env(monkeypatch, nominatim.domain)
    box = tmp_path / "inbox"
    box.mkdir()
    (box / "a.txt").write_text("date 2025-07-10 Claim\n\nRussia claims Predtechyne near Kostiantynivka.\n")
    out = tmp_path / "out"
    args = _args(inbox=box, out_dir=out, offline=False, geocoder="nominatim")
    assert run_cli(**args) == 0
    s1 = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert s1["geocoder_requests"] == 1 and s1["unresolved"] == 0
    feature = json.loads((out / AGGREGATE_GEOJSON).read_text())["features"][1]
    assert feature["properties"]["geo_source"] == "geocoder:nominatim"
    assert feature["geometry"]["coordinates"] == [37.81721, 48.52355]
    (box / "a.txt").write_text("date 2025-07-10 Claim\n\nRussia claims Predtechyne, an edited article.\n")
    assert run_cli(**args) == 0
    s2 = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert s2["changed"] == 1 and s2["geocoder_requests"] == 0
    assert len(nominatim.requests) == 1


def test_refresh_with_the_geocoder_down_completes_offline(tmp_path, monkeypatch, capsys, caplog):
    install(monkeypatch)
    _geocoder_env(monkeypatch, f"127.0.0.1:{free_port()}")
    box = tmp_path / "inbox"
    box.mkdir()
    for i in range(3):
        (box / f"a{i}.txt").write_text(f"date 2025-07-1{i} Claim\n\nRussia claims Predtechyne, report {i}.\n")
    code = _cli(inbox=box, out_dir=tmp_path / "out", offline=False, geocoder="nominatim")
    err = capsys.readouterr().err
    assert code == 0
    summary = json.loads(err.strip().splitlines()[-1])
    assert summary["new"] == 3 and summary["offline"] and summary["geocoder_requests"] == 1
    assert summary["unresolved"] == 1
    assert (
        caplog.text.count("for the rest of this run") == 1
    )  # said once (logging goes to stderr via the CLI)
    assert "stayed unresolved" in caplog.text and "Predtechyne, Donetsk Oblast, Ukraine" in caplog.text


def test_offline_flag_sends_nothing(tmp_path, nominatim, monkeypatch, capsys):
    install(monkeypatch)
    _geocoder_env(monkeypatch, nominatim.domain)
    box = tmp_path / "inbox"
    box.mkdir()
    (box / "a.txt").write_text("date 2025-07-10 Claim\n\nRussia claims Predtechyne.\n")
    assert (
        _cli(inbox=box, out_dir=tmp_path / "out", geocoder="nominatim")
        == 0
    )
    summary = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert summary["offline"] and summary["unresolved"] == 1 and nominatim.requests == []


def test_refresher_is_usable_as_a_library(inbox, tmp_path):
    with open_store("sqlite://:memory:") as store:
        r = Refresher(store, tmp_path / "out", extract=fake_extract, renderer=FakeRenderer())
        s = r.run(inbox=inbox)
    assert s.new == len(list(inbox.iterdir())) and s.events == s.events_total


# --------------------------------------------------------------------------- the real pipeline


def _real_pipeline_available() -> bool:
    try:
        import geomap.gazetteer  # noqa: F401
        import geomap.pipeline  # noqa: F401
        import geomap.render  # noqa: F401
    except ImportError:
        return False
    return True


real = pytest.mark.skipif(
    not _real_pipeline_available(), reason="needs geomap.pipeline, gazetteer and render"
)


def _geomap(*args: str, env=None, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geomap", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
    )


@real
@pytest.mark.shared_data
def test_real_refresh_twice_over_dev_articles_and_seeds(tmp_path):
    dev = shared_path("eval", "articles", "dev")
    box = tmp_path / "inbox"
    box.mkdir()
    for f in [*dev.glob("*.json"), *shared_path("seeds").glob("*.txt")]:
        shutil.copy(f, box / f.name)
    out = tmp_path / "out"
    env = _env(GEOMAP_HOME=str(tmp_path / "home"))
    first = _geomap("refresh", "--inbox", str(box), "--out", str(out), "--offline", env=env)
    assert first.returncode == 0, first.stderr
    s1 = json.loads(first.stderr.strip().splitlines()[-1])
    assert s1["new"] == len(list(box.iterdir())) and s1["events"] > 0
    events1 = json.loads((out / AGGREGATE_GEOJSON).read_text())["features"]
    outputs = _mtimes(out)
    second = _geomap("refresh", "--inbox", str(box), "--out", str(out), "--offline", env=env)
    assert second.returncode == 0
    s2 = json.loads(second.stderr.strip().splitlines()[-1])
    assert (s2["new"], s2["changed"], s2["maps"], s2["aggregate"]) == (0, 0, 0, False)
    assert s2["seconds"] <= 2.0
    assert _mtimes(out) == outputs
    assert [f["properties"]["event_id"] for f in events1] == [
        f["properties"]["event_id"] for f in json.loads((out / AGGREGATE_GEOJSON).read_text())["features"]
    ]


@real
def test_real_refresh_kill_9_and_rerun(tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for i in range(200):
        (box / f"a{i:03d}.txt").write_text(text + f"\nCopie {i}.\n", encoding="utf-8")
    out = tmp_path / "out"
    env = _env(GEOMAP_HOME=str(tmp_path / "home"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "geomap", "refresh", "--inbox", str(box), "--out", str(out), "--offline"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    _wait_for(lambda: _stored_articles(out / "geomap.db") >= 5, timeout=120)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    con = sqlite3.connect(out / "geomap.db")
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    # worker processes (200 articles are done in parallel) leave with their killed parent
    _wait_for(lambda: not _processes_mentioning(str(box)), timeout=10)
    done = _geomap("refresh", "--inbox", str(box), "--out", str(out), "--offline", env=env)
    assert done.returncode == 0, done.stderr
    assert (
        len(
            {
                f["properties"]["article_id"]
                for f in json.loads((out / AGGREGATE_GEOJSON).read_text())["features"]
            }
        )
        == 200
    )


@real
@pytest.mark.shared_data
def test_real_fallback_places_an_approximate_village_exactly_and_caches_it(tmp_path, monkeypatch, capsys):
    """The bundled gazetteer places Predtechyne (the seed's Predtetchyné) only approximately."""
    index = Index.from_geonames(shared_path("data", "geonames-ua", "UA.txt.gz"))
    srv = NominatimServer(index).start()
    try:
        _geocoder_env(monkeypatch, srv.domain)
        box = tmp_path / "inbox"
        box.mkdir()
        shutil.copy(SEED, box / SEED.name)
        out = tmp_path / "out"
        args = _args(inbox=box, out_dir=out, offline=False, geocoder="nominatim")
        assert run_cli(**args) == 0
        s1 = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
        features = json.loads((out / AGGREGATE_GEOJSON).read_text())["features"]
        (claim,) = [f for f in features if f["properties"]["location"] == "Predtechyne"]
        assert claim["properties"]["geo_source"] == "geocoder:nominatim"
        assert claim["properties"]["geo_precision"] == 1
        lon, lat = claim["geometry"]["coordinates"]
        assert (lat, lon) == pytest.approx((48.52355, 37.81721), abs=1e-4)  # GeoNames' Predtechyne
        asked = len(srv.requests)
        assert s1["geocoder_requests"] == asked > 0
        # the article changes, is extracted again: every place it needs is answered from the store's cache
        seed = box / SEED.name
        seed.write_text(seed.read_text(encoding="utf-8") + "\nMise à jour.\n", encoding="utf-8")
        assert run_cli(**args) == 0
        s2 = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
        assert s2["changed"] == 1 and s2["geocoder_requests"] == 0 and len(srv.requests) == asked
    finally:
        srv.down()


@real
def test_real_refresh_with_the_geocoder_down_completes_offline(tmp_path, monkeypatch, capsys):
    _geocoder_env(monkeypatch, f"127.0.0.1:{free_port()}")
    box = tmp_path / "inbox"
    box.mkdir()
    shutil.copy(SEED, box / SEED.name)
    out = tmp_path / "out"
    assert (
        _cli(inbox=box, out_dir=out, offline=False, geocoder="nominatim")
        == 0
    )
    summary = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert summary["offline"] and summary["new"] == 1 and summary["events"] > 0
    claims = [
        f["properties"]
        for f in json.loads((out / AGGREGATE_GEOJSON).read_text())["features"]
        if f["properties"]["location"] == "Predtechyne"
    ]
    assert claims and claims[0]["geo_source"] == "gazetteer:approximate"
