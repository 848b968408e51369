"""geomap.export: RFC 7946 GeoJSON, GeoPackage and ACLED-like CSV, read back by pyogrio and GDAL's ogrinfo."""
from __future__ import annotations

import csv
import io
import json
import logging
import shutil
import subprocess

import pytest
from browser_assets import seed_like_records

from geomap import export
from geomap.errors import GeomapError
from geomap.records import FIELDS


@pytest.fixture
def records() -> list[dict]:
    return seed_like_records()


@pytest.fixture
def events(records) -> list[dict]:
    return [r for r in records if r["record_type"] == "event"]


def test_feature_collection_follows_rfc7946(events):
    events[0]["latitude"] = 50.454661234567
    fc = export.feature_collection(events)
    assert fc["type"] == "FeatureCollection"
    assert "crs" not in fc
    assert len(fc["features"]) == 3
    kyiv = fc["features"][0]
    assert kyiv["type"] == "Feature" and kyiv["id"] == events[0]["event_id"]
    # [longitude, latitude], six decimals at most
    assert kyiv["geometry"] == {"type": "Point", "coordinates": [30.5238, 50.454661]}
    assert kyiv["properties"]["latitude"] == 50.454661
    assert list(kyiv["properties"]) == list(FIELDS)
    assert kyiv["properties"]["gazetteer_ids"] == {"katottg": "UA80000000000093317", "geonames": 703448}
    assert kyiv["properties"]["drones_launched"] == 539
    lons = [f["geometry"]["coordinates"][0] for f in fc["features"]]
    lats = [f["geometry"]["coordinates"][1] for f in fc["features"]]
    assert fc["bbox"] == [min(lons), min(lats), max(lons), max(lats)]


def test_dates_become_iso_strings(events):
    import datetime as dt

    events[0]["event_date"] = dt.date(2025, 7, 4)
    props = export.feature_collection(events)["features"][0]["properties"]
    assert props["event_date"] == "2025-07-04"
    json.dumps(props)  # serialisable as is


def test_unlocated_records_are_kept_with_null_geometry_and_counted(events, caplog):
    events[1]["latitude"] = events[1]["longitude"] = None
    with caplog.at_level(logging.WARNING, logger="geomap.export"):
        fc = export.feature_collection(events)
    assert len(fc["features"]) == 3
    assert fc["features"][1]["geometry"] is None
    assert fc["features"][1]["properties"]["location"] == "Donetsk"
    assert "1 record(s) without coordinates" in caplog.text


@pytest.mark.parametrize("lat, lon", [(91.0, 30.0), (50.0, 181.0), (float("nan"), 30.0), ("north", 30.0)])
def test_invalid_coordinates_raise(events, lat, lon):
    events[0]["latitude"], events[0]["longitude"] = lat, lon
    with pytest.raises(GeomapError, match="coordinates"):
        export.feature_collection(events)


def test_write_geojson_is_atomic_utf8_and_readable_by_pyogrio(events, tmp_path):
    import pyogrio

    path = export.write_geojson(events, tmp_path / "out" / "events.geojson")
    assert path.exists() and not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    text = path.read_text(encoding="utf-8")
    assert "Київ" in text  # not \u-escaped
    df = pyogrio.read_dataframe(path)
    assert len(df) == 3
    assert df.crs.to_epsg() == 4326
    assert list(df["location"]) == ["Kyiv", "Donetsk", "Predtechyne"]
    assert df.loc[0, "drones_launched"] == 539
    assert df.geometry.iloc[0].x == pytest.approx(30.5238) and df.geometry.iloc[0].y == pytest.approx(50.45466)


def test_write_geojson_keeps_the_old_file_when_writing_fails(events, tmp_path):
    path = tmp_path / "events.geojson"
    path.write_text("old", encoding="utf-8")
    events[0]["killed"] = object()  # not JSON-serialisable
    with pytest.raises(TypeError):
        export.write_geojson(events, path)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["events.geojson"]


def test_gpkg_layers_counts_and_types(records, tmp_path):
    import pyogrio

    path = export.write_gpkg(records, tmp_path / "events.gpkg")
    layers = {name: geom for name, geom in pyogrio.list_layers(path)}
    assert layers == {"events": "Point", "mentions": "Point"}
    info = pyogrio.read_info(path, layer="events")
    assert info["features"] == 3 and info["crs"] == "EPSG:4326"
    types = dict(zip(info["fields"], info["ogr_types"]))
    assert types["killed"] == "OFTInteger64"
    assert types["geo_precision"] == "OFTInteger64"
    assert types["latitude"] == "OFTReal" and types["confidence"] == "OFTReal"
    assert types["notes"] == "OFTString" and types["gazetteer_ids"] == "OFTString"
    assert pyogrio.read_info(path, layer="mentions")["features"] == 2
    df = pyogrio.read_dataframe(path, layer="events")
    assert json.loads(df.loc[0, "gazetteer_ids"]) == {"geonames": 703448, "katottg": "UA80000000000093317"}
    assert df.loc[0, "injured"] == 26 and df.loc[2, "claimant"] == "Russian Defence Ministry"


def test_gpkg_without_mentions_still_has_both_layers_and_null_geometries(events, tmp_path):
    import pyogrio

    events[2]["latitude"] = events[2]["longitude"] = None
    path = export.write_gpkg(events, tmp_path / "e.gpkg")
    assert pyogrio.read_info(path, layer="mentions")["features"] == 0
    df = pyogrio.read_dataframe(path, layer="events")
    assert len(df) == 3 and df.geometry.iloc[2] is None


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="GDAL's ogrinfo is absent (apt-get install gdal-bin)")
@pytest.mark.parametrize("fmt", ["gpkg", "geojson"])
def test_ogrinfo_reads_exports(records, tmp_path, fmt):
    events = [r for r in records if r["record_type"] == "event"]
    if fmt == "gpkg":
        path, layer = export.write_gpkg(records, tmp_path / "e.gpkg"), "events"
    else:
        path, layer = export.write_geojson(events, tmp_path / "e.geojson"), "e"
    proc = subprocess.run(["ogrinfo", "-ro", "-so", str(path), layer], capture_output=True, text=True, check=True)
    out = proc.stdout
    assert "partially supported" not in proc.stderr  # GeoPackage 1.2 reads cleanly with Debian 12's GDAL 3.6
    assert "Feature Count: 3" in out
    assert "Geometry: Point" in out
    assert "killed: Integer" in out  # Integer or Integer64
    assert "latitude: Real" in out
    assert "notes: String" in out
    if fmt == "gpkg":
        mentions = subprocess.run(["ogrinfo", "-ro", "-so", str(path), "mentions"], capture_output=True,
                                  text=True, check=True).stdout
        assert "Feature Count: 2" in mentions


def test_csv_has_acled_columns_then_geomap_fields(records):
    buf = io.StringIO()
    n = export.write_csv(records, buf)
    assert n == 5
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert list(rows[0])[:6] == ["event_id_cnty", "event_date", "year", "time_precision", "event_type",
                                 "sub_event_type"]
    kyiv, donetsk, claim, mention = rows[0], rows[1], rows[2], rows[3]
    assert kyiv["event_id_cnty"] == "UKR" + records[0]["event_id"]
    assert kyiv["event_type"] == "Explosions/Remote violence"
    assert kyiv["sub_event_type"] == "Air/drone strike"
    assert kyiv["geomap_event_type"] == "strike" and kyiv["geomap_sub_event_type"] == "drone"
    assert kyiv["actor1"] == "Military Forces of Russia (2000-)"
    assert donetsk["actor1"] == "Military Forces of Ukraine (2019-)"
    assert kyiv["country"] == "Ukraine" and kyiv["country_code"] == "UA"
    assert kyiv["fatalities"] == "1" and kyiv["injured"] == "26" and kyiv["drones_launched"] == "539"
    assert claim["fatalities"] == ""  # unknown, not 0
    assert kyiv["source"].startswith("Ukrainian Air Force; Guerre en Ukraine")
    assert kyiv["latitude"] == "50.45466" and kyiv["longitude"] == "30.5238"
    assert json.loads(kyiv["gazetteer_ids"]) == {"geonames": 703448, "katottg": "UA80000000000093317"}
    assert kyiv["year"] == "2025"
    assert mention["record_type"] == "mention" and mention["event_type"] == ""
    assert set(export.CSV_COLUMNS) >= {"notes", "location", "admin1", "admin2", "admin3", "geo_precision",
                                       "claimant", "event_id", "confidence"}


def test_csv_of_nothing_is_a_header():
    buf = io.StringIO()
    assert export.write_csv([], buf) == 0
    assert buf.getvalue().strip() == ",".join(export.CSV_COLUMNS)
