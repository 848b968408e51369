"""The geopy fallback against a Nominatim-shaped server on 127.0.0.1: normal, cached, 429, slow, down,
offline."""

from __future__ import annotations

import json
import logging
import time

import pytest

from geomap import __version__
from geomap.errors import GeocoderError, GeocoderUnavailable
from geomap.geocode import COUNTRY_CODES, Fallback, GeopyFallback, load_options, make_fallback
from geomap.store import open_store
from conftest import shared_path
from nominatim_server import Index, NominatimServer, free_port

PLACES = [
    {
        "id": 1,
        "name": "Predtechyne",
        "alternates": ["Предтечине"],
        "lat": 48.52355,
        "lon": 37.81721,
        "type": "village",
        "admin1": "Donetska Oblast",
        "population": 0,
    },
    {
        "id": 2,
        "name": "Vesele",
        "alternates": ["Веселе"],
        "lat": 48.74412,
        "lon": 38.15272,
        "type": "village",
        "admin1": "Donetska Oblast",
        "population": 100,
    },
    {
        "id": 3,
        "name": "Vesele",
        "alternates": ["Веселе"],
        "lat": 47.0,
        "lon": 35.0,
        "type": "village",
        "admin1": "Zaporizhzhya Oblast",
        "population": 900,
    },
]


@pytest.fixture
def server():
    srv = NominatimServer(Index(PLACES)).start()
    yield srv
    srv.down()


def _fallback(server_or_domain, **kw) -> GeopyFallback:
    domain = server_or_domain if isinstance(server_or_domain, str) else server_or_domain.domain
    options = {"domain": domain, "scheme": "http", "min_delay_seconds": 0.01, "timeout": 2}
    options.update(kw.pop("options", {}))
    return GeopyFallback("nominatim", options=options, **kw)


def test_locate_returns_the_documented_dict(server):
    fb = _fallback(server)
    assert isinstance(fb, Fallback)
    hit = fb.locate("Predtechyne", admin1="Donetsk Oblast")
    assert hit == {
        "latitude": 48.52355,
        "longitude": 37.81721,
        "display_name": "Predtechyne, Donetska Oblast, Ukraine",
        "geo_source": "geocoder:nominatim",
        "geo_precision": 1,
    }


def test_request_has_admin_context_country_codes_and_our_user_agent(server):
    _fallback(server).locate("Vesele", admin1="Donetsk Oblast", country="UA")
    (req,) = server.requests
    assert req["params"]["q"] == "Vesele, Donetsk Oblast, Ukraine"
    assert req["params"]["countrycodes"].split(",") == list(COUNTRY_CODES)
    assert req["user_agent"] == f"geomap/{__version__}"


def test_admin_context_picks_the_right_namesake(server):
    fb = _fallback(server)
    assert fb.locate("Vesele", admin1="Donetsk Oblast")["latitude"] == 48.74412
    assert fb.locate("Vesele", admin1="Zaporizhzhia Oblast")["latitude"] == 47.0


def test_answers_positive_and_negative_are_cached_in_the_store(server, tmp_path):
    url = f"sqlite:///{tmp_path / 'g.db'}"
    with open_store(url) as store:
        fb = _fallback(server, cache=store)
        assert fb.locate("Predtechyne", admin1="Donetsk Oblast") is not None
        assert fb.locate("Atlantis", admin1="Donetsk Oblast") is None
        assert fb.locate("predtechyne", admin1="donetsk oblast") is not None  # same query, folded
        assert fb.requests == 2 and fb.cache_hits == 1
    with open_store(url) as store:  # a later run: nothing is asked again
        fb2 = _fallback(server, cache=store)
        assert fb2.locate("Predtechyne", admin1="Donetsk Oblast")["geo_precision"] == 1
        assert fb2.locate("Atlantis", admin1="Donetsk Oblast") is None
        assert fb2.requests == 0 and fb2.stats()["cache_hits"] == 2
    assert len(server.requests) == 2


def test_at_most_one_request_per_min_delay(server):
    fb = _fallback(server, options={"min_delay_seconds": 0.3})
    t0 = time.monotonic()
    for name in ("Predtechyne", "Vesele", "Atlantis"):
        fb.locate(name)
    assert time.monotonic() - t0 >= 0.6
    assert fb.requests == 3


def test_public_nominatim_is_never_asked_faster_than_once_a_second():
    fb = GeopyFallback("nominatim", options={"min_delay_seconds": 0.1}, offline=True)
    assert fb.min_delay_seconds == 1.0


def test_429_is_retried_after_retry_after(server):
    server.mode, server.retry_after, server.limit_count = "429", 3, 1
    waits: list[float] = []
    fb = _fallback(server, sleep=waits.append)
    assert fb.locate("Predtechyne")["latitude"] == 48.52355
    assert waits == [3]
    assert fb.requests == 2


def test_429_with_a_long_retry_after_stops_asking_for_the_run(server, caplog):
    server.mode, server.retry_after, server.limit_count = "429", 3600, 10
    waits: list[float] = []
    fb = _fallback(server, sleep=waits.append)
    with caplog.at_level(logging.WARNING, logger="geomap.geocode"):
        assert fb.locate("Predtechyne") is None
        assert fb.locate("Vesele") is None
    assert waits == [] and fb.requests == 1 and fb.offline
    assert fb.stats()["unresolved"] == ["Predtechyne, Ukraine", "Vesele, Ukraine"]
    assert "3600" in caplog.text
    assert fb.cache.cache_get("nominatim", "predtechyne, ukraine") == (
        False,
        None,
    )  # not cached as "not found"


def test_slow_server_times_out_is_not_cached_and_eventually_goes_offline(server):
    server.mode, server.slow_seconds = "slow", 1.0
    fb = _fallback(server, options={"timeout": 0.2, "max_retries": 0})
    assert fb.locate("Predtechyne") is None
    assert not fb.offline
    assert fb.cache.cache_get("nominatim", "predtechyne, ukraine") == (False, None)
    fb.locate("Vesele")
    fb.locate("Atlantis")
    assert fb.offline and "failures in a row" in fb.offline_reason
    server.mode = "normal"
    assert fb.locate("Kramatorsk") is None and fb.requests == 3


def test_slow_server_timeout_is_retried(server):
    server.mode, server.slow_seconds = "slow", 0.6
    fb = _fallback(server, options={"timeout": 0.2, "max_retries": 1})
    assert fb.locate("Predtechyne") is None
    assert fb.requests == 2


def test_down_server_goes_offline_once_and_says_so_once(caplog):
    fb = _fallback(f"127.0.0.1:{free_port()}")
    with caplog.at_level(logging.WARNING, logger="geomap.geocode"):
        assert fb.locate("Predtechyne", admin1="Donetsk Oblast") is None
        assert fb.locate("Vesele") is None
    assert fb.requests == 1
    assert fb.offline and "unreachable" in fb.offline_reason
    assert [r.message for r in caplog.records].count(caplog.records[0].message) == 1
    assert len(caplog.records) == 1 and "for the rest of this run" in caplog.records[0].message
    assert fb.stats()["unresolved"] == ["Predtechyne, Donetsk Oblast, Ukraine", "Vesele, Ukraine"]


def test_server_going_down_mid_run(server):
    fb = _fallback(server)
    assert fb.locate("Predtechyne") is not None
    server.down()
    assert fb.locate("Vesele") is None
    assert fb.offline
    assert fb.locate("Predtechyne") is not None  # the cache still answers


def test_on_error_raise_chains_the_cause():
    fb = _fallback(f"127.0.0.1:{free_port()}", on_error="raise")
    with pytest.raises(GeocoderUnavailable) as info:
        fb.locate("Predtechyne")
    assert info.value.__cause__ is not None
    assert isinstance(info.value, (OSError, ConnectionError))


def test_offline_sends_nothing_but_uses_the_cache(server):
    fb = _fallback(server, offline=True)
    fb.cache.cache_put("nominatim", "vesele, ukraine", {"latitude": 1.0, "longitude": 2.0})
    assert fb.locate("Predtechyne") is None
    assert fb.locate("Vesele") == {"latitude": 1.0, "longitude": 2.0}
    assert server.requests == [] and fb.stats()["offline_reason"] == "--offline"
    assert fb.stats()["unresolved"] == ["Predtechyne, Ukraine"]


def test_unknown_service_and_bad_options_are_geocoder_errors():
    with pytest.raises(GeocoderError, match="unknown geocoder 'nosuchservice'") as info:
        GeopyFallback("nosuchservice")
    assert info.value.__cause__ is not None
    with pytest.raises(GeocoderError, match="cannot set up geocoder"):
        GeopyFallback("nominatim", options={"no_such_option": 1})


def test_options_from_env_and_config_file(tmp_path, monkeypatch):
    (tmp_path / "geocoder.json").write_text(
        json.dumps({"nominatim": {"domain": "a.example", "timeout": 3}, "photon": {"domain": "p.example"}})
    )
    monkeypatch.setenv("GEOMAP_HOME", str(tmp_path))
    assert load_options("nominatim") == {"domain": "a.example", "timeout": 3}
    monkeypatch.setenv("GEOMAP_GEOCODER_OPTIONS", '{"domain": "b.example", "scheme": "http"}')
    assert load_options("nominatim") == {"domain": "b.example", "timeout": 3, "scheme": "http"}
    monkeypatch.setenv("GEOMAP_GEOCODER_OPTIONS", "[1, 2]")
    with pytest.raises(GeocoderError, match="JSON object"):
        load_options("nominatim")
    monkeypatch.setenv("GEOMAP_GEOCODER_OPTIONS", "{not json")
    with pytest.raises(GeocoderError, match="not valid JSON"):
        load_options("nominatim")


def test_make_fallback_caches_in_geomap_home_by_default(server, tmp_path, monkeypatch):
    monkeypatch.setenv("GEOMAP_HOME", str(tmp_path))
    monkeypatch.setenv(
        "GEOMAP_GEOCODER_OPTIONS",
        json.dumps({"domain": server.domain, "scheme": "http", "min_delay_seconds": 0.01}),
    )
    fb = make_fallback("nominatim")
    assert fb.locate("Predtechyne") is not None
    fb.cache.close()
    assert (tmp_path / "geocoder-cache.db").exists()
    fb2 = make_fallback("nominatim")
    assert fb2.locate("Predtechyne") is not None and fb2.requests == 0
    fb2.cache.close()


@pytest.mark.shared_data
def test_geonames_server_places_a_village_exactly():
    index = Index.from_geonames(shared_path("data", "geonames-ua", "UA.txt.gz"))
    srv = NominatimServer(index).start()
    try:
        hit = _fallback(srv).locate("Predtechyne", admin1="Donetsk Oblast")
    finally:
        srv.down()
    assert hit["geo_precision"] == 1
    assert hit["latitude"] == pytest.approx(48.5236, abs=1e-3) and hit["longitude"] == pytest.approx(
        37.8172, abs=1e-3
    )
