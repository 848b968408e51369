"""The geopy fallback: places the gazetteer cannot place, or places only approximately, asked of a geocoder.

A thin layer over geopy's own classes (see ../shared/STYLE.md): the geocoder class is chosen by its geopy
service name (``nominatim`` by default, any name :func:`geopy.geocoders.get_geocoder_for_service` knows),
built with options from configuration, and its ``geocode`` is wrapped **once** in
:class:`geopy.extra.rate_limiter.RateLimiter`. Answers, positive and negative, are cached in the event store
(:meth:`geomap.store.Store.cache_get` / ``cache_put``) so that a name is never asked twice.

The pipeline's side of the contract is :class:`Fallback`::

    fallback.locate(name: str, *, admin1: str | None = None, country: str | None = "UA") -> dict | None

It returns ``None`` when the place is not found (or the geocoder is offline) and otherwise a dict::

    {"latitude": 48.48, "longitude": 37.64,            # WGS 84 degrees
     "display_name": "Predtechyne, Donetsk Oblast, Ukraine",
     "geo_source": "geocoder:nominatim",             # "geocoder:<service>"
     "geo_precision": 1}                             # 1 settlement-level hit, 2 other feature

Configuration
-------------
Constructor options of the geopy class come, in increasing priority, from

1. the config file ``geocoder.json`` in ``$GEOMAP_HOME`` (else the platform's user config folder for
   ``geomap``), or the file named by ``$GEOMAP_GEOCODER_CONFIG``: a JSON object mapping a service name to its
   options, e.g. ``{"nominatim": {"domain": "nominatim.example.org", "timeout": 10}}``;
2. the environment variable ``GEOMAP_GEOCODER_OPTIONS``: a JSON object of options for the chosen service,
   e.g. ``{"domain": "127.0.0.1:8080", "scheme": "http"}``;
3. the ``options`` argument of :func:`make_fallback`.

These keys are geomap's own and are not passed to geopy: ``min_delay_seconds`` (default 1.0; never below 1.0
for the public OpenStreetMap Nominatim), ``max_retries`` (on HTTP 429 and timeouts, default 2),
``max_retry_after`` (longest Retry-After honoured, seconds, default 60; a longer one stops asking for the
run),
``country_codes`` (default UA and its neighbours). Defaults passed to geopy:
``user_agent="geomap/<version>"``,
``timeout=10``.

Offline
-------
With ``offline=True`` nothing is sent; cached answers are still used. After a connection failure (refused,
unreachable, DNS) or repeated timeouts the fallback goes offline by itself for the rest of its life (one run),
says so once on the ``geomap.geocode`` logger, and :attr:`GeopyFallback.unresolved` lists what it could not
ask.
"""

from __future__ import annotations

import inspect
import json
import logging
import os
import time
import unicodedata
from pathlib import Path
from typing import Any, Callable, Protocol, runtime_checkable

from geomap import __version__
from geomap.errors import GeocoderError, GeocoderUnavailable
from geomap.userdirs import user_dir

__all__ = [
    "Fallback",
    "GeopyFallback",
    "make_fallback",
    "load_options",
    "COUNTRY_CODES",
    "USER_AGENT",
]

log = logging.getLogger("geomap.geocode")

#: Ukraine and its neighbours: where a fallback answer may lie.
COUNTRY_CODES: tuple[str, ...] = ("ua", "ru", "by", "md", "pl", "ro", "sk", "hu")

#: Sent with every request (Nominatim's usage policy asks for an identifying user agent).
USER_AGENT = f"geomap/{__version__}"

_COUNTRY_NAMES = {
    "UA": "Ukraine",
    "RU": "Russia",
    "BY": "Belarus",
    "MD": "Moldova",
    "PL": "Poland",
    "RO": "Romania",
    "SK": "Slovakia",
    "HU": "Hungary",
}

#: Bounding box of UA and its neighbours' nearby parts (lat_min, lat_max, lon_min, lon_max): a sanity
#: check for services that cannot be country-restricted.
_REGION_BOX = (41.0, 60.0, 12.0, 50.0)

#: Nominatim place types that are a settlement (precision 1).
_SETTLEMENT_TYPES = frozenset(
    {
        "city",
        "town",
        "village",
        "hamlet",
        "isolated_dwelling",
        "locality",
        "suburb",
        "quarter",
        "neighbourhood",
        "municipality",
        "borough",
        "farm",
        "allotments",
    }
)
_REGION_TYPES = frozenset({"state", "region", "province", "country", "county", "district"})

_GEOMAP_KEYS = ("min_delay_seconds", "max_retries", "max_retry_after", "country_codes")
_PUBLIC_NOMINATIM = "nominatim.openstreetmap.org"


@runtime_checkable
class Fallback(Protocol):
    """What the pipeline calls for a mention the gazetteer cannot place, or places only approximately."""

    def locate(self, name: str, *, admin1: str | None = None, country: str | None = "UA") -> dict | None:
        """Coordinates for ``name`` (within ``admin1``, ``country``), or ``None``.

        Parameters
        ----------
        name
            The place name, preferably the canonical one (``"Predtechyne"``).
        admin1
            The oblast the context points to (``"Donetsk Oblast"``), added to the query.
        country
            ISO 3166-1 alpha-2 code, added to the query by name.

        Returns
        -------
        dict or None
            ``latitude``, ``longitude``, ``display_name``, ``geo_source`` (``"geocoder:<service>"``) and
            ``geo_precision`` (1 settlement-level hit, 2 another kind of feature); ``None`` if not found,
            found only as a region, or not asked (offline).
        """


def load_options(service: str) -> dict[str, Any]:
    """Options for ``service`` from the config file and ``$GEOMAP_GEOCODER_OPTIONS`` (later wins).

    Raises
    ------
    GeocoderError
        When the file or the variable is not a JSON object.
    """
    options: dict[str, Any] = {}
    path = Path(os.environ.get("GEOMAP_GEOCODER_CONFIG") or user_dir("config") / "geocoder.json")
    if path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise GeocoderError(f"cannot read geocoder config {path}: {exc}") from exc
        if not isinstance(data, dict):
            raise GeocoderError(
                f"geocoder config {path} must be a JSON object of service -> options, "
                f"got {type(data).__name__}"
            )
        section = data.get(service, {})
        if not isinstance(section, dict):
            raise GeocoderError(
                f"geocoder config {path}: options for {service!r} must be an object, got {section!r}"
            )
        options.update(section)
    raw = os.environ.get("GEOMAP_GEOCODER_OPTIONS")
    if raw:
        try:
            env = json.loads(raw)
        except ValueError as exc:
            raise GeocoderError(f"GEOMAP_GEOCODER_OPTIONS is not valid JSON: {exc}") from exc
        if not isinstance(env, dict):
            raise GeocoderError(f"GEOMAP_GEOCODER_OPTIONS must be a JSON object, got {raw!r}")
        options.update(env)
    return options


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


class _MemoryCache:
    """A per-process cache for when no store is given or it cannot be opened."""

    def __init__(self) -> None:
        self._data: dict[tuple[str, str], dict | None] = {}

    def cache_get(self, service: str, query: str) -> tuple[bool, dict | None]:
        key = (service, query)
        return (key in self._data), self._data.get(key)

    def cache_put(self, service: str, query: str, result: dict | None) -> None:
        self._data[(service, query)] = result


class GeopyFallback:
    """A geopy geocoder behind a rate limiter and a persistent cache; implements :class:`Fallback`.

    Parameters
    ----------
    service
        A geopy service name (``"nominatim"``, ``"photon"``, ``"arcgis"`` …).
    cache
        An object with ``cache_get(service, query)`` and ``cache_put(service, query, result)``, normally the
        :class:`~geomap.store.Store`; a per-process memory cache when ``None``.
    options
        Options for the geopy class plus geomap's own keys (see the module docstring).
    offline
        Never send a request (cached answers are still used).
    on_error
        ``"offline"`` (default): a failure to ask is logged, the name is left unresolved, and a connection
        failure stops all further requests; ``"raise"``: :class:`~geomap.errors.GeocoderError` propagates.
    sleep
        The function used to wait for Retry-After (tests replace it).

    Raises
    ------
    GeocoderError
        For an unknown service name or options the geopy class rejects.
    """

    def __init__(
        self,
        service: str = "nominatim",
        *,
        cache: Any = None,
        options: dict[str, Any] | None = None,
        offline: bool = False,
        on_error: str = "offline",
        sleep: Callable[[float], None] = time.sleep,
    ):
        if on_error not in ("offline", "raise"):
            raise ValueError(f"on_error must be 'offline' or 'raise', got {on_error!r}")
        from geopy.exc import GeocoderNotFound
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import get_geocoder_for_service

        self.service = service.lower()
        self.geo_source = f"geocoder:{self.service}"
        self.cache = cache if cache is not None else _MemoryCache()
        self.on_error = on_error
        self._sleep = sleep
        #: the options as given (worker processes build their own offline copy from them)
        self.options = dict(options or {})
        opts = dict(options or {})
        own = {k: opts.pop(k) for k in _GEOMAP_KEYS if k in opts}
        self.country_codes = [c.lower() for c in own.get("country_codes", COUNTRY_CODES)]
        self.max_retries = int(own.get("max_retries", 2))
        self.max_retry_after = float(own.get("max_retry_after", 60.0))
        min_delay = float(own.get("min_delay_seconds", 1.0))
        domain = str(opts.get("domain", _PUBLIC_NOMINATIM if self.service == "nominatim" else ""))
        if _PUBLIC_NOMINATIM in domain and min_delay < 1.0:
            log.warning(
                "the public Nominatim allows 1 request/s: min_delay_seconds %.2f raised to 1.0", min_delay
            )
            min_delay = 1.0
        self.min_delay_seconds = min_delay
        opts.setdefault("user_agent", USER_AGENT)
        opts.setdefault("timeout", 10)
        if "adapter_factory" not in opts:
            # urllib's adapter sends exactly one HTTP request per call and reports a read timeout as a
            # timeout; geopy's requests adapter retries by itself (hiding requests from the rate limiter)
            # and reports a read timeout after those retries as "unavailable".
            from geopy.adapters import URLLibAdapter

            opts["adapter_factory"] = URLLibAdapter
        try:
            cls = get_geocoder_for_service(self.service)
        except GeocoderNotFound as exc:
            raise GeocoderError(
                f"unknown geocoder {service!r} (a geopy service name such as 'nominatim')"
            ) from exc
        accepted = inspect.signature(cls.__init__).parameters
        for key in ("user_agent", "adapter_factory"):
            if key not in accepted:
                opts.pop(key)
        try:
            self.geocoder = cls(**opts)
        except Exception as exc:  # geopy raises ConfigurationError, TypeError for unknown options …
            raise GeocoderError(
                f"cannot set up geocoder {service!r} with options {sorted(opts)}: {exc}"
            ) from exc
        params = inspect.signature(self.geocoder.geocode).parameters
        self._query_kwargs: dict[str, Any] = {}
        if "country_codes" in params:
            self._query_kwargs["country_codes"] = self.country_codes
        if "addressdetails" in params:
            self._query_kwargs["addressdetails"] = False
        self._many = "exactly_one" in params
        # One rate limiter around the one geocode function. Retries are ours (Retry-After, timeouts), so the
        # limiter does none, and it must not swallow errors: we decide per error what to do.
        self._geocode = RateLimiter(
            self._request,
            min_delay_seconds=min_delay,
            max_retries=0,
            error_wait_seconds=max(min_delay, 1.0),
            swallow_exceptions=False,
        )
        self.offline = offline
        self.offline_reason: str | None = "--offline" if offline else None
        self.requests = 0
        self.cache_hits = 0
        self.unresolved: list[str] = []
        self._consecutive_failures = 0

    # ------------------------------------------------------------------ the Fallback protocol
    def query_for(self, name: str, admin1: str | None = None, country: str | None = "UA") -> str:
        """The free-form query sent for a name: ``"Predtechyne, Donetsk Oblast, Ukraine"``."""
        parts = [" ".join(name.split())]
        if admin1 and _fold(admin1) != _fold(parts[0]):
            parts.append(" ".join(admin1.split()))
        if country:
            parts.append(_COUNTRY_NAMES.get(country.upper(), country))
        return ", ".join(parts)

    def locate(self, name: str, *, admin1: str | None = None, country: str | None = "UA") -> dict | None:
        """See :meth:`Fallback.locate`. Each distinct query is asked at most once per cache."""
        if not name or not name.strip():
            return None
        query = self.query_for(name, admin1, country)
        key = _fold(query)
        hit, cached = self.cache.cache_get(self.service, key)
        if hit:
            self.cache_hits += 1
            return cached
        if self.offline:
            self._unresolved(query)
            return None
        try:
            result = self.geocode(query)
        except GeocoderUnavailable as err:
            if self.on_error == "raise":
                raise
            self.go_offline(str(err))
            self._unresolved(query)
            return None
        except GeocoderError as err:
            if self.on_error == "raise":
                raise
            self._consecutive_failures += 1
            log.warning("geocoder %s: %s", self.service, err)
            if self._consecutive_failures >= 3:
                self.go_offline(f"{self._consecutive_failures} failures in a row, the last: {err}")
            self._unresolved(query)
            return None
        self._consecutive_failures = 0
        self.cache.cache_put(self.service, key, result)
        return result

    # ------------------------------------------------------------------ one query, with retries
    def geocode(self, query: str) -> dict | None:
        """Ask the geocoder once per attempt (rate-limited); ``None`` for a definite "not found".

        HTTP 429 is retried after its Retry-After (at most ``max_retry_after`` seconds), a timeout after the
        rate limit's delay, each up to ``max_retries`` times.

        Raises
        ------
        GeocoderUnavailable
            The service cannot be reached (connection refused, DNS, HTTP 5xx unavailability).
        GeocoderError
            Timeouts or rate limiting beyond the retries, or any other error of the service.
        """
        from geopy import exc as gexc

        attempt = 0
        while True:
            try:
                found = self._geocode(
                    query, **self._query_kwargs, **({"exactly_one": False} if self._many else {})
                )
                return self._best(found)
            except gexc.GeocoderRateLimited as exc:
                wait = exc.retry_after if exc.retry_after is not None else max(self.min_delay_seconds, 1.0)
                if attempt >= self.max_retries or wait > self.max_retry_after:
                    raise GeocoderUnavailable(
                        f"{self.service} rate-limits us (retry after {wait:g} s)"
                    ) from exc
                log.info("geocoder %s: HTTP 429, retrying after %g s", self.service, wait)
                self._sleep(wait)
            except gexc.GeocoderTimedOut as exc:
                if attempt >= self.max_retries:
                    raise GeocoderError(f"{self.service} timed out {attempt + 1} times on {query!r}") from exc
                log.info("geocoder %s: timed out on %r, retrying", self.service, query)
            except gexc.GeocoderUnavailable as exc:
                raise GeocoderUnavailable(f"{self.service} is unreachable: {exc}") from exc
            except (
                gexc.GeocoderAuthenticationFailure,
                gexc.GeocoderInsufficientPrivileges,
                gexc.GeocoderQuotaExceeded,
            ) as exc:
                raise GeocoderUnavailable(f"{self.service} refuses our requests: {exc}") from exc
            except gexc.GeopyError as exc:
                if _connection_failure(exc):
                    raise GeocoderUnavailable(f"{self.service} is unreachable: {exc}") from exc
                raise GeocoderError(f"{self.service} failed on {query!r}: {exc}") from exc
            attempt += 1

    def _request(self, query: str, **kwargs: Any) -> Any:
        self.requests += 1
        return self.geocoder.geocode(query, **kwargs)

    def _best(self, found: Any) -> dict | None:
        if not found:
            return None
        locations = found if isinstance(found, list) else [found]
        best = None
        for loc in locations:
            lat, lon = float(loc.latitude), float(loc.longitude)
            if not (_REGION_BOX[0] <= lat <= _REGION_BOX[1] and _REGION_BOX[2] <= lon <= _REGION_BOX[3]):
                continue  # outside UA and its neighbours: a namesake elsewhere
            result = {
                "latitude": round(lat, 6),
                "longitude": round(lon, 6),
                "display_name": loc.address,
                "geo_source": self.geo_source,
                "geo_precision": _precision(loc.raw),
            }
            if result["geo_precision"] >= 3:
                continue  # a region: the gazetteer knows regions better; this is no answer for a place name
            if best is None or result["geo_precision"] < best["geo_precision"]:
                best = result
            if best["geo_precision"] == 1:
                break
        return best

    # ------------------------------------------------------------------ state
    def go_offline(self, reason: str) -> None:
        """Stop sending requests for the rest of this fallback's life; logs the reason once."""
        if not self.offline:
            self.offline = True
            self.offline_reason = reason
            log.warning(
                "geocoder %s unavailable (%s): resolving from the gazetteer and the cache alone "
                "for the rest of this run",
                self.service,
                reason,
            )

    def _unresolved(self, query: str) -> None:
        if query not in self.unresolved:
            self.unresolved.append(query)

    def stats(self) -> dict[str, Any]:
        """Requests sent, cache hits, whether (and why) offline, and the queries left unresolved."""
        return {
            "service": self.service,
            "requests": self.requests,
            "cache_hits": self.cache_hits,
            "offline": self.offline,
            "offline_reason": self.offline_reason,
            "unresolved": list(self.unresolved),
        }


def _connection_failure(exc: BaseException) -> bool:
    """Whether a geopy error was caused by a refused, reset or unresolvable connection."""
    import socket
    from urllib.error import URLError

    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, (ConnectionError, socket.gaierror)):
            return True
        if isinstance(cur, URLError) and isinstance(cur.reason, (ConnectionError, socket.gaierror)):
            return True
        if (
            isinstance(cur, URLError)
            and isinstance(cur.reason, OSError)
            and "timed out" not in str(cur.reason)
        ):
            return True
        cur = cur.__cause__ or cur.__context__
    return False


def _precision(raw: Any) -> int:
    if not isinstance(raw, dict):
        return 2
    kind = str(raw.get("addresstype") or raw.get("type") or "").lower()
    cls = str(raw.get("class") or "").lower()
    if kind in _SETTLEMENT_TYPES and cls in ("place", "boundary", ""):
        return 1
    if kind in _REGION_TYPES or (cls == "boundary" and kind == "administrative"):
        return 3
    return 2


def make_fallback(
    name: str = "nominatim",
    store_url: str | None = None,
    *,
    store: Any = None,
    offline: bool = False,
    options: dict[str, Any] | None = None,
    on_error: str = "offline",
) -> GeopyFallback:
    """The configured fallback geocoder ``name``, caching in a store.

    Parameters
    ----------
    name
        A geopy service name.
    store_url
        Store whose ``geocoder_cache`` table to use; default (and no ``store``): ``geocoder-cache.db`` in
        ``$GEOMAP_HOME`` or the platform's user cache folder. If it cannot be opened, a memory cache is used.
    store
        An open :class:`~geomap.store.Store` to cache in (wins over ``store_url``).
    offline, options, on_error
        See :class:`GeopyFallback`; ``options`` are merged over :func:`load_options`.

    Raises
    ------
    GeocoderError
        Unknown service, bad configuration.
    """
    from geomap.errors import StoreError

    opts = load_options(name)
    opts.update(options or {})
    cache = store
    if cache is None:
        from geomap.store import open_store

        url = store_url or f"sqlite:///{(user_dir('cache') / 'geocoder-cache.db').resolve()}"
        try:
            cache = open_store(url)
        except (StoreError, OSError) as err:
            log.warning("geocoder cache %s unavailable (%s): caching in memory for this run", url, err)
            cache = None
    return GeopyFallback(name, cache=cache, options=opts, offline=offline, on_error=on_error)
