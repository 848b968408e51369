"""The front-line overlay: the area assessed as Russian-controlled on a date, and point-in-area checks.

Sources (:func:`open_frontline`):

- a GeoJSON file: DeepStateMap's API response or a FeatureCollection exported from it (``geomap frontline
  fetch``, cyterat/deepstate-map-data's daily files), ISW's or any other FeatureCollection of (Multi)Polygons of
  occupied area. Its date comes from a ``snapshot_date``/``date``/``datetime`` member or property, else from
  a ``YYYY-MM-DD``/``YYYYMMDD`` stamp in the file name;
- a daily archive, one JSON line per day ``{"snapshot_date", "source_path", "features"}`` (``.ndjson``,
  ``.ndjson.xz``, ``.ndjson.gz``): the DeepState archive (each day one MultiPolygon) or the NZZ/Liveuamap
  archive (Russian-held area = union of the ``nochange`` and ``gains`` features; ``losses`` are left out).

Archives are streamed line by line and only the snapshot nearest the asked date is parsed (the NZZ archive is
258 MB of JSON uncompressed); snapshots are cached per process. Coordinates are GeoJSON's ``[lon, lat]``;
:meth:`Frontline.status` takes ``(lat, lon)`` like the event record and flips them for shapely.
"""
from __future__ import annotations

import datetime as dt
import gzip
import json
import logging
import lzma
import re
import threading
import urllib.error
import urllib.request
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from geomap.errors import FrontlineError, GeomapError

__all__ = [
    "DEEPSTATE_API",
    "DEFAULT_MAX_GAP_DAYS",
    "Frontline",
    "Snapshot",
    "fetch_deepstate",
    "open_frontline",
    "parse_date",
]

log = logging.getLogger(__name__)

#: DeepStateMap's latest map (JSON: ``{"id", "datetime", "map": FeatureCollection}``).
DEEPSTATE_API = "https://deepstatemap.live/api/history/last"

#: A snapshot further than this from the asked date does not decide whether a place was controlled.
DEFAULT_MAX_GAP_DAYS = 31

#: English parts of DeepState's feature names (``"<uk> /// <en> /// <ru>"``) that mark Russian-held area.
DEEPSTATE_OCCUPIED = frozenset({"Occupied", "Occupied Crimea", "CADR and CALR", "ORDLO"})

#: NZZ/Liveuamap feature types that are Russian-held on the snapshot day.
NZZ_HELD = frozenset({"nochange", "gains"})

_LINE_DATE = re.compile(r'"snapshot_date"\s*:\s*"(\d{4}-\d{2}-\d{2})"')
_NAME_DATE = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")
_CACHE_SIZE = 64


def parse_date(value: Any) -> dt.date | None:
    """A date from ``YYYY-MM-DD`` (or a longer ISO timestamp), ``YYYY-MM`` (the 15th) or a ``date``; else ``None``.

    A month-precision date is placed mid-month so the nearest snapshot is at most about two weeks off.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}", s):
            return dt.date(int(s[:4]), int(s[5:7]), 15)
        if re.match(r"\d{4}-\d{2}-\d{2}", s):
            return dt.date.fromisoformat(s[:10])
    except ValueError:
        return None
    return None


@dataclass(frozen=True)
class Snapshot:
    """The assessed Russian-held area on one day.

    Attributes
    ----------
    date : datetime.date or None
        The day of the assessment (``None`` when a file does not say).
    source_name : str
        ``"DeepState"``, ``"NZZ/Liveuamap"``, ``"ISW"`` or the file name.
    geometry : shapely geometry
        (Multi)Polygon in WGS 84 longitude/latitude.
    """

    date: dt.date | None
    source_name: str
    geometry: Any
    _prepared: list = field(default_factory=list, repr=False, compare=False)

    def contains(self, lat: float, lon: float) -> bool:
        """Whether the point lies inside (or on the edge of) the area; note the (lat, lon) argument order."""
        import shapely

        if not self._prepared:
            shapely.prepare(self.geometry)
            self._prepared.append(True)
        # shapely points are (x=longitude, y=latitude)
        return bool(shapely.intersects_xy(self.geometry, float(lon), float(lat)))

    def display_geometry(self, tolerance: float = 0.002):
        """The area simplified for drawing (``tolerance`` in degrees, about 200 m): smaller HTML, same look."""
        return self.geometry.simplify(tolerance, preserve_topology=True) if tolerance else self.geometry

    def to_geojson(self, tolerance: float = 0.002, decimals: int = 5) -> dict:
        """A FeatureCollection of the (simplified) area with only safe, known properties."""
        import shapely

        geom = shapely.set_precision(self.display_geometry(tolerance), 10 ** -decimals)
        # the source name may come from a file name: no template or markup characters reach the page
        props = {"source": re.sub(r"[^\w ./()-]", "", self.source_name),
                 "snapshot_date": self.date.isoformat() if self.date else None}
        return {"type": "FeatureCollection",
                "features": [{"type": "Feature", "properties": props,
                              "geometry": json.loads(shapely.to_geojson(geom))}]}


class Frontline:
    """Front-line snapshots from one source; pick one by date and test points against it.

    Parameters
    ----------
    spec : str or Path
        A GeoJSON file or a daily ``.ndjson[.xz|.gz]`` archive (see the module docstring).
    max_gap_days : int
        :meth:`status` answers ``None`` (not assessed) when the nearest snapshot is further from the date.
    """

    def __init__(self, spec: str | Path, *, max_gap_days: int = DEFAULT_MAX_GAP_DAYS):
        self.path = Path(spec)
        if not self.path.is_file():
            raise FrontlineError(f"front-line file not found: {str(spec)!r}")
        name = self.path.name.lower()
        self.is_archive = bool(re.search(r"\.ndjson(\.xz|\.gz)?$|\.jsonl(\.xz|\.gz)?$", name))
        self.source_name = _source_name(self.path)
        self.max_gap_days = max_gap_days
        self._lock = threading.Lock()
        self._snapshots: OrderedDict[Any, Snapshot] = OrderedDict()
        self._file_snapshot: Snapshot | None = None
        if not self.is_archive:
            self._file_snapshot = _read_geojson_file(self.path, self.source_name)
            self.source_name = self._file_snapshot.source_name

    def __repr__(self) -> str:
        return f"Frontline({str(self.path)!r}, source={self.source_name!r})"

    def snapshot(self, date: Any = None) -> Snapshot:
        """The snapshot nearest ``date`` (``YYYY-MM-DD``, ``YYYY-MM`` or a date; ties go to the earlier day).

        Without a date an archive gives its latest snapshot.

        Raises
        ------
        FrontlineError
            When the archive is unreadable or holds no snapshot.
        """
        if self._file_snapshot is not None:
            return self._file_snapshot
        return self.prefetch([date])[0]

    def prefetch(self, dates: Iterable[Any]) -> list[Snapshot]:
        """The snapshots nearest each of ``dates``, found in one pass over the archive (then cached).

        A map with claims on many different days reads the archive once instead of once per day.
        """
        keys = [parse_date(d) or "latest" for d in dates]
        if self._file_snapshot is not None:
            return [self._file_snapshot for _k in keys]
        with self._lock:
            missing = sorted({k for k in keys if k not in self._snapshots}, key=str)
            if missing:
                found = self._scan_archive([None if k == "latest" else k for k in missing])
                for k, snap in zip(missing, found, strict=True):
                    self._snapshots[k] = snap
            out = [self._snapshots[k] for k in keys]
            for k in keys:
                self._snapshots.move_to_end(k)
            while len(self._snapshots) > _CACHE_SIZE:
                self._snapshots.popitem(last=False)
            return out

    def area(self, date: Any = None):
        """The assessed Russian-held area (shapely geometry, lon/lat) nearest ``date``."""
        return self.snapshot(date).geometry

    def status(self, lat: float, lon: float, date: Any = None) -> tuple[bool | None, dt.date | None, str]:
        """Whether ``(lat, lon)`` lies inside the assessed area on ``date``.

        Returns
        -------
        (inside, snapshot_date, source_name)
            ``inside`` is ``None`` when no snapshot lies within ``max_gap_days`` of a given date, or the
            coordinates are missing; ``snapshot_date`` is the day of the snapshot used (``None`` if unknown).
        """
        snap = self.snapshot(date)
        target = parse_date(date)
        if lat is None or lon is None:
            return None, snap.date, snap.source_name
        if target is not None and snap.date is not None and abs((snap.date - target).days) > self.max_gap_days:
            return None, snap.date, snap.source_name
        return snap.contains(lat, lon), snap.date, snap.source_name

    # ------------------------------------------------------------------ archives

    def _scan_archive(self, targets: list[dt.date | None]) -> list[Snapshot]:
        """Stream the archive once; for each target keep the nearest day's line; parse only those lines."""
        best: list[tuple[int, dt.date, str] | None] = [None] * len(targets)
        dated = [t for t in targets if t is not None]
        last_target = max(dated) if len(dated) == len(targets) else None  # None: "latest" needs the whole file
        previous: dt.date | None = None
        in_order = True
        try:
            with _open_text(self.path) as f:
                for n, line in enumerate(f, 1):
                    m = _LINE_DATE.search(line, 0, 400)
                    if not m:
                        if line.strip():
                            raise FrontlineError(f"{self.path}:{n}: no snapshot_date in the line")
                        continue
                    day = dt.date.fromisoformat(m.group(1))
                    if previous is not None and day < previous:
                        in_order = False
                    previous = day
                    for i, target in enumerate(targets):
                        # without a date: the latest snapshot (smallest "distance" = most recent)
                        diff = (dt.date.max - day).days if target is None else abs((day - target).days)
                        b = best[i]
                        if b is None or diff < b[0] or (diff == b[0] and day < b[1]):
                            best[i] = (diff, day, line)
                    if in_order and last_target is not None and day > last_target and all(
                            b is not None and (day - t).days > b[0]
                            for b, t in zip(best, targets, strict=True) if t is not None):
                        break  # sorted archive: every later line is further from every target
        except (OSError, EOFError, lzma.LZMAError, UnicodeDecodeError) as err:
            raise FrontlineError(f"cannot read front-line archive {self.path}: {err}") from err
        parsed: dict[dt.date, Snapshot] = {}
        out = []
        for b, target in zip(best, targets, strict=True):
            if b is None:
                raise FrontlineError(f"front-line archive {self.path} holds no snapshot")
            if b[1] not in parsed:
                try:
                    obj = json.loads(b[2])
                except json.JSONDecodeError as err:
                    raise FrontlineError(f"{self.path}: snapshot {b[1]} is not valid JSON: {err}") from err
                parsed[b[1]] = Snapshot(b[1], self.source_name, _held_area(obj.get("features") or [], self.path))
            log.debug("front line: %s snapshot %s for %s", self.source_name, b[1], target)
            out.append(parsed[b[1]])
        return out


def _source_name(path: Path) -> str:
    name = path.name.lower()
    if "deepstate" in name:
        return "DeepState"
    if "nzz" in name or "liveuamap" in name:
        return "NZZ/Liveuamap"
    if "isw" in name:
        return "ISW"
    return path.name


def _open_text(path: Path) -> IO[str]:
    name = path.name.lower()
    if name.endswith(".xz"):
        return lzma.open(path, "rt", encoding="utf-8")
    if name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open("r", encoding="utf-8")


def _held_area(features: Iterable[dict], where: Path | str):
    """Union of the (Multi)Polygon features that mark Russian-held area (DeepState names, NZZ types)."""
    import shapely
    from shapely.geometry import shape

    parts = []
    for feat in features:
        geom = (feat or {}).get("geometry") or {}
        if geom.get("type") not in ("Polygon", "MultiPolygon"):
            continue  # DeepState's API also carries points (units, airfields) and lines
        props = feat.get("properties") or {}
        kind = props.get("type")
        if kind in ("nochange", "gains", "losses") and kind not in NZZ_HELD:
            continue  # NZZ: area Russia lost during the window
        name = props.get("name")
        if isinstance(name, str) and "///" in name:
            english = name.split("///")[1].strip()
            if english not in DEEPSTATE_OCCUPIED:
                continue  # liberated, contested ("grey zone") and other areas
        try:
            g = shape(geom)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as err:
            raise FrontlineError(f"{where}: invalid geometry: {err}") from err
        if g.has_z:
            g = shapely.force_2d(g)
        if not g.is_valid:
            g = shapely.make_valid(g)
        parts.append(g)
    if not parts:
        raise FrontlineError(f"{where}: no occupied-area polygons found")
    area = shapely.union_all(parts)
    # keep only the areal part (make_valid/union may leave stray lines)
    if area.geom_type == "GeometryCollection":
        area = shapely.union_all([g for g in shapely.get_parts(area) if g.geom_type in ("Polygon", "MultiPolygon")])
    return area


def _read_geojson_file(path: Path, source_name: str) -> Snapshot:
    try:
        with _open_text(path) as f:
            obj = json.load(f)
    except (OSError, EOFError, lzma.LZMAError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise FrontlineError(f"cannot read front-line file {path}: {err}") from err
    if not isinstance(obj, dict):
        raise FrontlineError(f"{path}: not a GeoJSON object")
    date = None
    if isinstance(obj.get("map"), dict):  # DeepState API response
        date = parse_date(obj.get("datetime") or obj.get("date"))
        source_name = "DeepState" if source_name == path.name else source_name
        obj = obj["map"]
    if obj.get("type") == "FeatureCollection":
        features = obj.get("features") or []
    elif obj.get("type") == "Feature":
        features = [obj]
    elif obj.get("type") in ("Polygon", "MultiPolygon"):
        features = [{"type": "Feature", "properties": {}, "geometry": obj}]
    else:
        raise FrontlineError(f"{path}: expected a GeoJSON FeatureCollection, Feature or (Multi)Polygon, "
                             f"got type {obj.get('type')!r}")
    date = date or parse_date(obj.get("snapshot_date") or obj.get("date") or obj.get("datetime"))
    if date is None:
        for feat in features:
            props = (feat or {}).get("properties") or {}
            date = parse_date(props.get("snapshot_date") or props.get("date"))
            if date:
                break
    if isinstance(obj.get("source"), str) and source_name == path.name:
        source_name = obj["source"]
    if date is None:
        m = _NAME_DATE.search(path.name)
        if m:
            try:
                date = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                date = None
    return Snapshot(date, source_name, _held_area(features, path))


_OPEN: dict[tuple[str, float], Frontline] = {}


def open_frontline(spec: str | Path, *, max_gap_days: int = DEFAULT_MAX_GAP_DAYS) -> Frontline:
    """Open a front-line source (GeoJSON file or daily archive); the same file is opened once per process.

    Raises
    ------
    FrontlineError
        When the file is missing or holds no readable occupied-area polygons.
    """
    path = Path(spec).expanduser()
    try:
        key = (str(path.resolve()), path.stat().st_mtime, max_gap_days)
    except OSError as err:
        raise FrontlineError(f"front-line file not found: {str(spec)!r}") from err
    if key not in _OPEN:
        _OPEN[key] = Frontline(path, max_gap_days=max_gap_days)
    return _OPEN[key]


def fetch_deepstate(output: Path | str | None = None, *, url: str = DEEPSTATE_API, timeout: float = 30.0) -> Path:
    """Download DeepStateMap's current map and write its occupied area as a GeoJSON FeatureCollection.

    Only the polygons DeepState names occupied (``Occupied``, ``Occupied Crimea``, ``CADR and CALR``) are kept,
    unioned into one MultiPolygon feature with properties ``source`` and ``snapshot_date``, which
    :func:`open_frontline` reads back.

    Parameters
    ----------
    output : Path, optional
        Where to write (default ``outputs/deepstate-YYYY-MM-DD.geojson`` for the map's date).

    Raises
    ------
    GeomapError
        When the API cannot be reached (offline) or answers something that is not a DeepState map.
    """
    import shapely

    from geomap import __version__
    from geomap.export import atomic_write

    req = urllib.request.Request(url, headers={"User-Agent": f"geomap/{__version__} (front-line overlay)",
                                               "Accept": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            raw = resp.read()
    except (urllib.error.URLError, OSError) as err:
        raise GeomapError(f"cannot download the DeepState map from {url} (offline?): {err}") from err
    try:
        data = json.loads(raw.decode("utf-8").strip().strip('"') if raw[:1] == b'"' else raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise GeomapError(f"{url} did not answer JSON: {err}") from err
    if not isinstance(data, dict) or not isinstance(data.get("map"), dict):
        raise GeomapError(f"{url} did not answer a DeepState map (no 'map' member)")
    day = parse_date(data.get("datetime")) or dt.date.today()
    try:
        area = _held_area(data["map"].get("features") or [], url)
    except FrontlineError as err:
        raise GeomapError(str(err)) from err
    fc = {"type": "FeatureCollection", "source": "DeepState", "snapshot_date": day.isoformat(),
          "features": [{"type": "Feature",
                        "properties": {"source": "DeepState", "snapshot_date": day.isoformat(), "url": url},
                        "geometry": json.loads(shapely.to_geojson(area))}]}
    out = Path(output) if output else Path("outputs") / f"deepstate-{day.isoformat()}.geojson"
    return atomic_write(out, lambda f: json.dump(fc, f))
