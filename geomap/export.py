"""Exports of event records for GIS tools: GeoJSON (RFC 7946), GeoPackage and ACLED-like CSV.

Every export takes CONTRACT records (plain dicts with the keys of :data:`geomap.records.FIELDS`) and never
calls a geocoder. Records without coordinates are never dropped silently: they are written with an empty
geometry (GeoJSON ``"geometry": null``, which RFC 7946 section 3.2 allows; a NULL geometry in GeoPackage; empty
latitude/longitude in CSV) and one warning gives their count.

geopandas is imported inside :func:`write_gpkg` only, so importing this module stays cheap.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import math
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from geomap.errors import GeomapError
from geomap.records import FIELDS, FIGURES

__all__ = [
    "COORDINATE_DECIMALS",
    "CSV_COLUMNS",
    "atomic_write",
    "feature",
    "feature_collection",
    "write_csv",
    "write_geojson",
    "write_gpkg",
]

log = logging.getLogger(__name__)

#: RFC 7946 section 11.2: six decimals are about 10 cm, more is false precision.
COORDINATE_DECIMALS = 6

#: Integer-valued fields of a record (figures plus the precision codes).
_INT_FIELDS = FIGURES + ("geo_precision", "time_precision")
_FLOAT_FIELDS = ("latitude", "longitude", "confidence")

#: ISO 3166-1 alpha-2 -> (alpha-3 as ACLED uses it in ``event_id_cnty``, country name as ACLED writes it).
_COUNTRIES = {
    "UA": ("UKR", "Ukraine"),
    "RU": ("RUS", "Russia"),
    "BY": ("BLR", "Belarus"),
    "MD": ("MDA", "Moldova"),
    "PL": ("POL", "Poland"),
    "RO": ("ROU", "Romania"),
}

#: geomap's ``actor`` -> ACLED's actor name for the same force.
_ACLED_ACTORS = {
    "Russia": "Military Forces of Russia (2000-)",
    "Ukraine": "Military Forces of Ukraine (2019-)",
}

#: ACLED-like columns first, then geomap's own fields (its event_type/sub_event_type prefixed, since ACLED's
#: categories take those names), so the file merges with ACLED exports and still round-trips geomap's record.
_ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "event_type", "sub_event_type", "actor1",
    "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "notes", "fatalities",
)
_RENAMED = {"event_type": "geomap_event_type", "sub_event_type": "geomap_sub_event_type",
            "country": "country_code"}
CSV_COLUMNS: tuple[str, ...] = _ACLED_COLUMNS + tuple(
    _RENAMED.get(f, f) for f in FIELDS if f not in _ACLED_COLUMNS or f in _RENAMED)


# --------------------------------------------------------------------------- helpers


def atomic_write(path: Path | str, write, *, mode: str = "w", encoding: str | None = "utf-8") -> Path:
    """Call ``write(file)`` on a temporary file beside ``path``, then rename it over ``path``.

    Readers (a browser, the refresh job's web server) never see a half-written file, and a failure leaves
    the previous file in place.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        kwargs = {} if "b" in mode else {"encoding": encoding, "newline": ""}
        with os.fdopen(fd, mode, **kwargs) as f:
            write(f)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


def _iso(value: Any) -> Any:
    """Dates and datetimes as ISO strings; anything else unchanged."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _coordinates(record: dict) -> tuple[float, float] | None:
    """``(lon, lat)`` rounded to :data:`COORDINATE_DECIMALS`, ``None`` when the record has no coordinates.

    Raises
    ------
    GeomapError
        For coordinates that are not finite WGS 84 degrees (a swapped or corrupt record must not reach a map).
    """
    lat, lon = record.get("latitude"), record.get("longitude")
    if lat is None or lon is None:
        return None
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError) as err:
        raise GeomapError(f"record {record.get('event_id')!r}: coordinates are not numbers: "
                          f"latitude={lat!r}, longitude={lon!r}") from err
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise GeomapError(f"record {record.get('event_id')!r}: coordinates out of range: "
                          f"latitude={lat!r}, longitude={lon!r}")
    # GeoJSON order is [longitude, latitude] (RFC 7946 section 3.1.1), the reverse of the record's field order.
    return round(lon, COORDINATE_DECIMALS), round(lat, COORDINATE_DECIMALS)


def _properties(record: dict) -> dict:
    """The record in :data:`FIELDS` order, dates as ISO strings, coordinates rounded like the geometry."""
    props = {f: _iso(record.get(f)) for f in FIELDS}
    for f in ("latitude", "longitude"):
        if props[f] is not None:
            props[f] = round(float(props[f]), COORDINATE_DECIMALS)
    return props


def _warn_unlocated(n: int, what: str) -> None:
    if n:
        log.warning("%d record(s) without coordinates written with an empty geometry to %s", n, what)


# --------------------------------------------------------------------------- GeoJSON


def feature(record: dict) -> dict:
    """One RFC 7946 Feature: ``id`` = the event id, Point ``[lon, lat]`` or ``null``, properties = the record.

    ``gazetteer_ids`` stays a nested object (GeoJSON properties may hold any JSON value).
    """
    coords = _coordinates(record)
    geometry = None if coords is None else {"type": "Point", "coordinates": list(coords)}
    out: dict[str, Any] = {"type": "Feature"}
    if record.get("event_id") is not None:
        out["id"] = str(record["event_id"])
    out["geometry"] = geometry
    out["properties"] = _properties(record)
    return out


def feature_collection(records: Iterable[dict]) -> dict:
    """An RFC 7946 FeatureCollection of ``records``.

    WGS 84 longitude/latitude, no ``crs`` member, at most six decimals, a ``bbox`` of the located features.
    Records without coordinates become features with ``"geometry": null`` (RFC 7946 section 3.2 allows an
    unlocated feature) rather than being dropped; a warning logs how many there are.

    Raises
    ------
    GeomapError
        For a record whose coordinates are not valid WGS 84 degrees.
    """
    features = [feature(r) for r in records]
    unlocated = sum(1 for f in features if f["geometry"] is None)
    _warn_unlocated(unlocated, "the FeatureCollection")
    fc: dict[str, Any] = {"type": "FeatureCollection"}
    points = [f["geometry"]["coordinates"] for f in features if f["geometry"] is not None]
    if points:
        lons = [p[0] for p in points]
        lats = [p[1] for p in points]
        fc["bbox"] = [min(lons), min(lats), max(lons), max(lats)]
    fc["features"] = features
    return fc


def write_geojson(records: Iterable[dict], path: Path | str) -> Path:
    """Write ``records`` as an RFC 7946 FeatureCollection (UTF-8) to ``path``, atomically; return the path."""
    fc = feature_collection(records)
    return atomic_write(path, lambda f: (json.dump(fc, f, ensure_ascii=False, allow_nan=False), f.write("\n")))


# --------------------------------------------------------------------------- GeoPackage


def _frame(records: list[dict]):
    """A GeoDataFrame of ``records`` with stable column types (even when empty or all-null)."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    columns: dict[str, Any] = {}
    for f in FIELDS:
        values = [_iso(r.get(f)) for r in records]
        if f in _INT_FIELDS:
            columns[f] = pd.array(values, dtype="Int64")
        elif f in _FLOAT_FIELDS:
            columns[f] = pd.array([None if v is None else float(v) for v in values], dtype="Float64")
        elif f == "gazetteer_ids":
            # GeoPackage has no nested type: the ids are kept as a JSON object in a text column.
            columns[f] = pd.array([None if v is None else json.dumps(v, ensure_ascii=False, sort_keys=True)
                                   for v in values], dtype=object)
        else:
            columns[f] = pd.array([None if v is None else str(v) for v in values], dtype=object)
    coords = [_coordinates(r) for r in records]
    geometry = [None if c is None else shapely.Point(c) for c in coords]  # Point(lon, lat): x is longitude
    return gpd.GeoDataFrame(pd.DataFrame(columns), geometry=gpd.GeoSeries(geometry, crs="EPSG:4326"))


def write_gpkg(records: Iterable[dict], path: Path | str) -> Path:
    """Write a GeoPackage with layers ``events`` and ``mentions`` (both always present, maybe empty).

    Fields are the record's, typed (figures and precision codes Integer64, coordinates and confidence Real, the
    rest text; ``gazetteer_ids`` as JSON text). Geometry is a Point in EPSG:4326, NULL for unlocated records.
    The file is built beside ``path`` and renamed over it.

    Raises
    ------
    GeomapError
        When geopandas/pyogrio are missing or GDAL cannot write the file.
    """
    try:
        import geopandas  # noqa: F401
        import pyogrio  # noqa: F401
    except ImportError as err:
        raise GeomapError("GeoPackage export needs geopandas and pyogrio: pip install geopandas pyogrio") from err
    records = list(records)
    path = Path(path)
    layers = {
        "events": [r for r in records if r.get("record_type", "event") != "mention"],
        "mentions": [r for r in records if r.get("record_type") == "mention"],
    }
    _warn_unlocated(sum(1 for r in records if _coordinates(r) is None), str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".gpkg", dir=path.parent)
    os.close(fd)
    os.unlink(tmp)  # GDAL creates the file itself
    try:
        for i, (layer, rows) in enumerate(layers.items()):
            # GeoPackage 1.2: pyogrio's GDAL would write 1.4, which GDAL < 3.7 (Debian 12's ogrinfo, older
            # QGIS) reads with a warning; nothing here needs 1.3+ features
            options = {"dataset_options": {"VERSION": "1.2"}} if i == 0 else {}
            _frame(rows).to_file(tmp, driver="GPKG", layer=layer, engine="pyogrio", geometry_type="Point",
                                 **options)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except Exception as err:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(err, GeomapError):
            raise
        raise GeomapError(f"cannot write GeoPackage {path}: {err}") from err
    return path


# --------------------------------------------------------------------------- CSV


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return _iso(value)


def csv_rows(records: Iterable[dict]) -> Iterator[dict]:
    """One dict per record with the keys of :data:`CSV_COLUMNS`.

    ACLED-like columns: ``event_id_cnty`` (ISO alpha-3 + the event id), ``event_type``/``sub_event_type`` from the
    record's ACLED fields, ``actor1`` in ACLED's naming, ``source`` = claimant and article title, ``fatalities`` =
    killed (empty when unknown: ACLED's 0 would claim nobody died). geomap's own fields follow.
    """
    for r in records:
        coords = _coordinates(r)
        code = r.get("country")
        alpha3, country_name = _COUNTRIES.get(code, (code or "", code))
        date = _iso(r.get("event_date"))
        source = "; ".join(str(x) for x in (r.get("claimant"), r.get("article_title")) if x)
        row = {
            "event_id_cnty": f"{alpha3}{r.get('event_id') or ''}",
            "event_date": date,
            "year": str(date)[:4] if date else None,
            "time_precision": r.get("time_precision"),
            "event_type": r.get("acled_event_type"),
            "sub_event_type": r.get("acled_sub_event_type"),
            "actor1": _ACLED_ACTORS.get(r.get("actor"), r.get("actor")),
            "country": country_name,
            "admin1": r.get("admin1"),
            "admin2": r.get("admin2"),
            "admin3": r.get("admin3"),
            "location": r.get("location"),
            "latitude": None if coords is None else coords[1],
            "longitude": None if coords is None else coords[0],
            "geo_precision": r.get("geo_precision"),
            "source": source or None,
            "notes": r.get("notes"),
            "fatalities": r.get("killed"),
        }
        for f in FIELDS:
            if f in _RENAMED:
                row[_RENAMED[f]] = r.get(f)
            elif f not in row:
                row[f] = r.get(f)
        yield {k: _csv_value(row.get(k)) for k in CSV_COLUMNS}


def write_csv(records: Iterable[dict], stream: IO[str]) -> int:
    """Write ``records`` as CSV with :data:`CSV_COLUMNS` (header always written) to ``stream``; return the row count.

    Open files with ``newline=""`` (the csv module writes ``\\r\\n`` line ends itself).
    """
    writer = csv.DictWriter(stream, fieldnames=list(CSV_COLUMNS))
    writer.writeheader()
    n = unlocated = 0
    for row in csv_rows(records):
        writer.writerow(row)
        n += 1
        unlocated += row["latitude"] == ""
    _warn_unlocated(unlocated, "the CSV")
    return n
