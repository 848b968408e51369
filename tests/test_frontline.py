"""geomap.frontline: snapshots from GeoJSON files and daily archives, nearest-date choice, point-in-area checks."""
from __future__ import annotations

import datetime as dt
import gzip
import json
import lzma
from pathlib import Path

import pytest
from conftest import shared_path

from geomap import frontline as fl
from geomap.errors import FrontlineError, GeomapError

# (lat, lon) of the seed's places
PREDTECHYNE = (48.52355, 37.81721)
KYIV = (50.45466, 30.5238)
DONETSK = (48.023, 37.80224)


def _box(lon0, lat0, lon1, lat1) -> dict:
    return {"type": "Polygon", "coordinates": [[[lon0, lat0], [lon1, lat0], [lon1, lat1], [lon0, lat1], [lon0, lat0]]]}


#: Donetsk area only (Predtechyne outside), then also Predtechyne.
SMALL = _box(37.6, 47.9, 38.0, 48.2)
LARGE = _box(37.6, 47.9, 38.0, 48.6)


def write_archive(path: Path, days: dict[str, dict] | None = None) -> Path:
    """A DeepState-like daily archive: Predtechyne held from 2025-07-04 on, Donetsk throughout."""
    days = days or {"2025-06-20": SMALL, "2025-07-01": SMALL, "2025-07-04": LARGE, "2025-08-01": LARGE}
    lines = [json.dumps({"snapshot_date": d, "source_path": f"data/deepstatemap_data_{d.replace('-', '')}.geojson",
                         "features": [{"type": "Feature", "properties": {}, "geometry": g}]})
             for d, g in days.items()]
    opener = lzma.open if path.name.endswith(".xz") else gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path


@pytest.fixture
def archive(tmp_path) -> Path:
    return write_archive(tmp_path / "deepstate_daily_test.ndjson.xz")


@pytest.mark.parametrize("date, expected", [
    ("2025-07-04", "2025-07-04"),
    ("2025-07-03", "2025-07-04"),
    ("2025-07-02", "2025-07-01"),  # nearest; ties would go to the earlier day
    ("2025-06-26", "2025-07-01"),
    ("2025-07", "2025-07-04"),  # a month is placed on the 15th
    ("2030-01-01", "2025-08-01"),
    (dt.date(2025, 6, 1), "2025-06-20"),
    (None, "2025-08-01"),  # no date: the latest
])
def test_nearest_snapshot(archive, date, expected):
    assert fl.open_frontline(archive).snapshot(date).date.isoformat() == expected


def test_tie_goes_to_the_earlier_day(tmp_path):
    path = write_archive(tmp_path / "a.ndjson", {"2025-07-01": SMALL, "2025-07-03": LARGE})
    assert fl.open_frontline(path).snapshot("2025-07-02").date == dt.date(2025, 7, 1)


def test_unsorted_archive_is_still_searched_whole(tmp_path):
    path = write_archive(tmp_path / "u.ndjson.gz", {"2025-08-01": LARGE, "2025-06-01": SMALL, "2025-07-20": LARGE})
    assert fl.open_frontline(path).snapshot("2025-06-03").date == dt.date(2025, 6, 1)


def test_status_inside_outside_and_source(archive):
    front = fl.open_frontline(archive)
    assert front.source_name == "DeepState"
    assert front.status(*PREDTECHYNE, "2025-07-01") == (False, dt.date(2025, 7, 1), "DeepState")
    assert front.status(*PREDTECHYNE, "2025-07-05") == (True, dt.date(2025, 7, 4), "DeepState")
    assert front.status(*DONETSK, "2025-06-20")[0] is True
    assert front.status(*KYIV, "2025-07-04")[0] is False
    assert front.area("2025-07-04").contains(__import__("shapely").Point(37.81721, 48.52355))


def test_status_is_unknown_when_the_nearest_snapshot_is_too_far(archive):
    inside, when, source = fl.open_frontline(archive).status(*DONETSK, "2023-01-01")
    assert inside is None and when == dt.date(2025, 6, 20) and source == "DeepState"
    assert fl.open_frontline(archive).status(None, None, "2025-07-04")[0] is None


def test_prefetch_reads_the_archive_once_for_many_dates(archive, monkeypatch):
    front = fl.Frontline(archive)
    opened = []
    real_open = fl._open_text
    monkeypatch.setattr(fl, "_open_text", lambda p: opened.append(p) or real_open(p))
    snaps = front.prefetch(["2025-06-19", "2025-07-02", "2025-07-05", None, "2025-07-05"])
    assert [s.date.isoformat() for s in snaps] == ["2025-06-20", "2025-07-01", "2025-07-04", "2025-08-01",
                                                   "2025-07-04"]
    assert len(opened) == 1
    assert front.snapshot("2025-07-02") is snaps[1] and len(opened) == 1  # cached


def test_open_frontline_caches_per_file(archive):
    assert fl.open_frontline(archive) is fl.open_frontline(str(archive))
    front = fl.open_frontline(archive)
    assert front.snapshot("2025-07-04") is front.snapshot("2025-07-04")


def test_nzz_archive_leaves_losses_out(tmp_path):
    line = {"snapshot_date": "2024-01-24", "source_path": "data/2024-01-24.json", "features": [
        {"type": "Feature", "properties": {"type": "nochange"}, "geometry": SMALL},
        {"type": "Feature", "properties": {"type": "gains"}, "geometry": _box(37.78, 48.5, 37.85, 48.55)},
        {"type": "Feature", "properties": {"type": "losses"}, "geometry": _box(30.4, 50.4, 30.6, 50.5)},
    ]}
    path = tmp_path / "nzz_control_daily.ndjson.xz"
    with lzma.open(path, "wt", encoding="utf-8") as f:
        f.write(json.dumps(line) + "\n")
    front = fl.open_frontline(path)
    assert front.source_name == "NZZ/Liveuamap"
    assert front.status(*PREDTECHYNE, "2024-01-24")[0] is True   # gains
    assert front.status(*DONETSK, "2024-01-24")[0] is True       # nochange
    assert front.status(*KYIV, "2024-01-24")[0] is False         # losses are not held


def test_geojson_file_dated_by_name(tmp_path):
    path = tmp_path / "deepstatemap_data_20250704.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection",
                                "features": [{"type": "Feature", "properties": {}, "geometry": LARGE}]}))
    front = fl.open_frontline(path)
    assert front.status(*PREDTECHYNE, "2025-07-04") == (True, dt.date(2025, 7, 4), "DeepState")


def test_deepstate_api_response_keeps_only_occupied_polygons(tmp_path):
    api = {"id": 1751600000, "datetime": "2025-07-04T03:00:00Z", "map": {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Окуповано /// Occupied /// Оккупировано"},
         "geometry": SMALL},
        {"type": "Feature", "properties": {"name": "Звільнено /// Liberated /// Освобождено"},
         "geometry": _box(30.4, 50.4, 30.6, 50.5)},
        {"type": "Feature", "properties": {"name": "Сіра зона /// Unknown status /// Серая зона"},
         "geometry": _box(37.78, 48.5, 37.85, 48.55)},
        {"type": "Feature", "properties": {"name": "Аеродром /// Airfield"},
         "geometry": {"type": "Point", "coordinates": [37.8, 48.0]}},
    ]}}
    path = tmp_path / "last.json"
    path.write_text(json.dumps(api, ensure_ascii=False), encoding="utf-8")
    front = fl.open_frontline(path)
    assert front.source_name == "DeepState"
    assert front.snapshot().date == dt.date(2025, 7, 4)
    assert front.status(*DONETSK, "2025-07-04")[0] is True
    assert front.status(*KYIV, "2025-07-04")[0] is False       # liberated
    assert front.status(*PREDTECHYNE, "2025-07-04")[0] is False  # grey zone is not held


def test_isw_like_file_with_date_property_and_3d_coordinates(tmp_path):
    geom = {"type": "MultiPolygon", "coordinates": [[[[x, y, 0.0] for x, y in LARGE["coordinates"][0]]]]}
    path = tmp_path / "ISW_russian_advances.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"date": "2025-07-03"}, "geometry": geom}]}))
    front = fl.open_frontline(path)
    assert front.source_name == "ISW"
    assert front.status(*PREDTECHYNE, "2025-07-04") == (True, dt.date(2025, 7, 3), "ISW")


def test_snapshot_geojson_for_drawing_is_small_and_clean(archive):
    snap = fl.open_frontline(archive).snapshot("2025-07-04")
    fc = snap.to_geojson()
    assert fc["features"][0]["properties"] == {"source": "DeepState", "snapshot_date": "2025-07-04"}
    assert fc["features"][0]["geometry"]["type"] in ("Polygon", "MultiPolygon")


@pytest.mark.parametrize("content, match", [
    (None, "not found"),
    ("{not json", "cannot read"),
    ('{"type": "FeatureCollection", "features": []}', "no occupied-area polygons"),
    ('{"type": "Topology"}', "expected a GeoJSON"),
])
def test_bad_files_raise_frontline_error(tmp_path, content, match):
    path = tmp_path / "front.geojson"
    if content is not None:
        path.write_text(content)
    with pytest.raises(FrontlineError, match=match):
        fl.open_frontline(path)
    assert issubclass(FrontlineError, ValueError)


def test_bad_archive_line_raises(tmp_path):
    path = tmp_path / "x.ndjson"
    path.write_text('{"no_date": 1}\n')
    with pytest.raises(FrontlineError, match="no snapshot_date"):
        fl.open_frontline(path).snapshot("2025-07-04")


def test_fetch_deepstate_offline_is_a_clear_error(tmp_path):
    # conftest blocks the network: the download fails the way it does offline
    with pytest.raises(GeomapError, match="cannot download the DeepState map"):
        fl.fetch_deepstate(tmp_path / "d.geojson", url="http://192.0.2.1/api/history/last", timeout=2)


def test_fetch_deepstate_writes_what_open_frontline_reads(tmp_path):
    """Against a local server that answers like the DeepState API."""
    import http.server
    import threading

    api = {"id": 1, "datetime": "2025-07-04T03:00:00Z", "map": {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "Окуповано /// Occupied /// x"}, "geometry": LARGE}]}}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps(api).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        out = fl.fetch_deepstate(tmp_path / "deepstate-live.geojson",
                                 url=f"http://127.0.0.1:{server.server_port}/api/history/last")
    finally:
        server.shutdown()
        server.server_close()
    front = fl.open_frontline(out)
    assert front.status(*PREDTECHYNE, "2025-07-04") == (True, dt.date(2025, 7, 4), "DeepState")


@pytest.mark.shared_data
@pytest.mark.parametrize("archive_dir, name", [("deepstate-daily", "DeepState"),
                                               ("nzz-liveuamap-control", "NZZ/Liveuamap")])
def test_shared_archives_agree_with_their_source_notes(archive_dir, name):
    folder = shared_path("data", archive_dir)
    path = next(folder.glob("*.ndjson.xz"))
    front = fl.open_frontline(path)
    assert front.source_name == name
    # SOURCE.md sanity check: 2026-08-22 Predtechyne occupied, Kostiantynivka not
    assert front.status(*PREDTECHYNE, "2026-08-22") == (True, dt.date(2026, 8, 22), name)
    assert front.status(48.5277, 37.7069, "2026-08-22")[0] is False
    # the seed's date: the claimed capture was not (yet) assessed as Russian-held
    assert front.status(*PREDTECHYNE, "2025-07-04")[0] is False
    assert front.status(*KYIV, "2025-07-04")[0] is False
