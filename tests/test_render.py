"""geomap.render: layers, popups, escaping, approximate locations, aggregate maps (HTML-level checks).

What the page does in a browser is tested in test_browser.py; here the rendered HTML is inspected.
"""
from __future__ import annotations

import random
import re

import pytest
from browser_assets import seed_like_article, seed_like_records

from geomap import render
from geomap.records import acled_category, new_record

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(1)> `tick` ${alert(1)} </script> {{ 'pwn' ~ 'ed' }} \\u0041"


def synthetic_events(n: int, *, days: int = 30, seed: int = 0) -> list[dict]:
    """``n`` plausible event records spread over eastern and southern Ukraine and ``days`` days of July 2025."""
    import datetime as dt

    rng = random.Random(seed)
    places = [("Kharkiv", "Харків", 49.98, 36.25), ("Pokrovsk", "Покровськ", 48.28, 37.18),
              ("Kostiantynivka", "Костянтинівка", 48.53, 37.71), ("Zaporizhzhia", "Запоріжжя", 47.84, 35.14),
              ("Kherson", "Херсон", 46.64, 32.61), ("Sumy", "Суми", 50.91, 34.80), ("Odesa", "Одеса", 46.48, 30.73),
              ("Kyiv", "Київ", 50.45, 30.52), ("Dnipro", "Дніпро", 48.46, 35.05), ("Toretsk", "Торецьк", 48.40, 37.85)]
    start = dt.date(2025, 6, 1)
    out = []
    for i in range(n):
        name, native, lat, lon = rng.choice(places)
        claim = rng.random() < 0.25
        et = "territorial_claim" if claim else "strike"
        st = rng.choice(["capture", "advance", "liberation"]) if claim else rng.choice(
            ["drone", "missile", "drone_and_missile", "air", "artillery", "unspecified"])
        acled = acled_category(et, st)
        killed = rng.choice([None, None, 0, 1, 2, 5]) if not claim else None
        out.append(new_record(
            event_id=f"synthetic{i:07d}", article_id=f"art{i // 5:06d}", article_title=f"Report {i // 5}",
            article_date=(start + dt.timedelta(rng.randrange(days))).isoformat(), language="en", event_type=et,
            sub_event_type=st, location=name, location_native=native, mention=name, admin1="Oblast",
            country="UA", latitude=lat + rng.uniform(-0.3, 0.3), longitude=lon + rng.uniform(-0.3, 0.3),
            geo_precision=rng.choice([1, 1, 1, 2]), geo_source="gazetteer", gazetteer_ids={"geonames": i},
            event_date=(start + dt.timedelta(rng.randrange(days))).isoformat(), time_precision=1,
            actor=rng.choice(["Russia", "Ukraine", None]),
            claimant=rng.choice(["Russian Defence Ministry", "Ukrainian General Staff", "ISW", None]),
            killed=killed, injured=rng.choice([None, 3, 12]) if not claim else None,
            drones_launched=rng.choice([None, 40, 120]) if st == "drone" else None,
            notes=f"Sentence {i} about {name}: " + "x" * rng.randrange(60, 200),
            acled_event_type=acled[0], acled_sub_event_type=acled[1], confidence=0.7))
    return out


@pytest.fixture
def records():
    return seed_like_records()


def _html(records, article=None, frontline=None) -> str:
    return render.article_map(records, article or seed_like_article(), frontline).get_root().render()


@pytest.mark.parametrize("raw, expected", [
    ("<script>", "&lt;script&gt;"),
    ("a`b", "a&#96;b"),
    ("${x}", "&#36;&#123;x&#125;"),
    ("C:\\users", "C:&#92;users"),
    ("{{ 'pwn' ~ 'ed' }}", "&#123;&#123; &#x27;pwn&#x27; ~ &#x27;ed&#x27; &#125;&#125;"),
    ('"quoted" \'single\'', "&quot;quoted&quot; &#x27;single&#x27;"),
    (None, ""),
    (539, "539"),
])
def test_escape_text(raw, expected):
    assert render.escape_text(raw) == expected


def test_script_json_cannot_close_a_script_or_open_a_template_tag():
    value = {"t": "</script><script>alert(1)</script>&\u2028 {{ 'pwn' ~ 'ed' }} {% if %} {#", "n": [{"a": {"b": 1}}]}
    s = render.script_json(value)
    assert "</" not in s and "<" not in s and "\u2028" not in s
    assert "{{" not in s and "{%" not in s and "{#" not in s
    import json

    assert json.loads(s) == value


@pytest.mark.parametrize("claimant, actor, side", [
    ("Russian Defence Ministry", None, "Russia"),
    ("Ukrainian Air Force", None, "Ukraine"),
    ("Russian-installed authorities", "Ukraine", "Russia"),
    ("General Staff of the Armed Forces of Ukraine", None, "Ukraine"),
    ("Генштаб ЗСУ", None, "Ukraine"),
    ("ISW", "Russia", "other"),
    (None, "Russia", "Russia"),
    (None, None, "other"),
])
def test_claimant_side(claimant, actor, side):
    assert render.claimant_side(claimant, actor) == side


def test_popup_has_type_place_date_figures_actor_claimant_notes_title(records):
    html = render.popup_html(records[0])
    assert "<b>Strike</b> · drone" in html
    assert "<b>Kyiv</b>" in html and 'lang="uk">Київ' in html
    assert "as written: “Kiev”" in html
    assert "Date: 2025-07-04" in html
    assert "<tr><th>Drones launched</th><td>539</td></tr>" in html
    assert "<tr><th>Intercepted</th><td>478</td></tr>" in html
    assert "<tr><th>Injured</th><td>26</td></tr>" in html
    assert "Actor: Russia" in html and "Claimed by Ukrainian Air Force" in html
    assert "539 drones et des missiles" in html
    assert "Article: <i>Guerre en Ukraine" in html
    assert "Killed" in html and "Front line" not in html


def test_popup_link_only_for_http_urls(records):
    assert '<a href="https://example.org/a?b=1&amp;c=2"' in render.popup_html(
        records[0], article_url="https://example.org/a?b=1&c=2")
    assert "href" not in render.popup_html(records[0], article_url="javascript:alert(1)")


def test_article_map_layers_and_controls(records):
    html = _html(records)
    for name in ("Strikes", "Front-line claims", "Casualties", "Mentioned places"):
        assert f'"{name}"' in html  # layer-control entries
    assert "Front line" not in re.findall(r'"([^"]+)" : feature_group', html)
    assert html.count("L.AwesomeMarkers.icon") == 3
    assert '"icon": "paper-plane"' in html and '"icon": "flag"' in html and '"icon": "explosion"' in html
    assert '"markerColor": "darkred"' in html  # Russian strike and Russian claimant
    assert '"markerColor": "blue"' in html     # the Ukrainian strike on Donetsk
    assert "control_scale" not in html and "L.control.scale" in html
    assert "L.control.fullscreen" in html
    assert 'class="geomap-legend' in html
    assert "fitBounds" in html
    assert "<title>Guerre en Ukraine" in html
    # mentions layer is hidden by default (not added to the map at load)
    mentions_var = re.search(r'"Mentioned places" : (feature_group_\w+)', html).group(1)
    assert f"{mentions_var}.addTo(" not in html.split("var layer_control")[0].split(f"var {mentions_var} =")[1][:400]


def test_casualty_circles_scale_with_people(records):
    assert render.casualty_radius(1, 26) > render.casualty_radius(4, None) > render.casualty_radius(1, 0) > 0
    assert render.casualty_radius(None, None) == 0
    assert render.casualty_radius(10_000, 0) == 40
    html = _html(records)
    assert html.count("L.circleMarker") == 4 + 2  # Kyiv 2, Donetsk 2, two mentions


def test_approximate_location_gets_dashed_circle_and_badge(records):
    records[2]["geo_precision"] = 2
    html = _html(records)
    assert html.count("L.AwesomeMarkers.icon") == 2
    assert html.count("L.circle(") == 1
    assert '"dashArray": "6 6"' in html and '"radius": 7000' in html
    assert "geomap-approx" in html and "approximate location (±7 km" in html


def test_unlocated_events_are_counted_not_drawn(records, caplog):
    records[1]["latitude"] = records[1]["longitude"] = None
    html = _html(records)
    assert html.count("L.AwesomeMarkers.icon") == 2
    assert "1 event(s) without coordinates are not drawn" in html


def test_hostile_strings_never_reach_the_page_raw(records):
    article = seed_like_article(title="T " + HOSTILE)
    for r in records:
        r["notes"] = r["article_title"] = r["claimant"] = HOSTILE
        r["location"] = "Place " + HOSTILE
    html = _html(records, article)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "`tick`" not in html and "${alert" not in html and "\\u0041" not in html
    # shown literally, never evaluated by Jinja (branca re-parses script output as a template)
    assert "&#123;&#123; &#x27;pwn&#x27; ~ &#x27;ed&#x27; &#125;&#125;" in html
    assert "{{ 'pwn' ~ 'ed' }}" not in html and "pwned" not in html
    # every </script> in the page is a real end tag of one of folium's script elements
    assert html.count("</script>") == html.count("<script")


def test_article_map_with_frontline(records, tmp_path):
    from test_frontline import write_archive

    from geomap.frontline import open_frontline

    front = open_frontline(write_archive(tmp_path / "deepstate_x.ndjson.xz"))
    html = _html(records, frontline=front)
    assert '"Front line"' in html
    assert "consistent with DeepState of 2025-07-04: inside the area assessed as controlled by Russia" in html
    assert "Front line</b>: assessed as controlled by Russia (DeepState, 2025-07-04)" in html
    # a liberation claim of a place outside the area is consistent too; inside it is contradicted
    records[2]["sub_event_type"], records[2]["actor"] = "liberation", "Ukraine"
    assert "still assessed as controlled by Russia on 2025-07-04" in _html(records, frontline=front)
    records[2]["event_date"] = "2025-07-01"
    assert "consistent with DeepState of 2025-07-01: outside" in _html(records, frontline=front)


def test_write_article_map_is_atomic(records, tmp_path):
    path = render.write_article_map(records, seed_like_article(), tmp_path / "m" / "seed.html")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in path.parent.iterdir()] == ["seed.html"]


def test_map_of_an_article_without_places_still_renders(tmp_path):
    path = render.write_article_map([], seed_like_article(), tmp_path / "empty.html")
    html = path.read_text(encoding="utf-8")
    assert "fitBounds" in html and "[44.3, 22.1]" in html


def test_many_events_are_clustered_in_the_article_map():
    events = synthetic_events(render.CLUSTER_THRESHOLD + 40, seed=1)
    html = render.article_map(events, None).get_root().render()
    assert "L.markerClusterGroup" in html


def test_huge_article_takes_the_fast_path(monkeypatch):
    monkeypatch.setattr(render, "FAST_PATH_THRESHOLD", 100)
    html = render.article_map(synthetic_events(150, seed=4), seed_like_article()).get_root().render()
    assert "window.geomapAggregate" in html and "spanSel.value = String(0)" in html
    assert "L.AwesomeMarkers.icon(" not in html.split("var D =")[0]


def test_aggregate_map_is_compact_and_escaped(tmp_path):
    events = synthetic_events(1_000, days=90, seed=2)
    events[5]["notes"] = HOSTILE
    events[6]["article_title"] = HOSTILE
    events[7]["latitude"] = None
    path = render.write_aggregate_map(events, tmp_path / "all.html", title="All " + HOSTILE, window_days=7)
    html = path.read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert html.count("</script>") == html.count("<script")
    assert "{{" not in html and "pwned" not in html and "\\u007b\\u007b 'pwn' ~ 'ed' \\u007d\\u007d" in html
    assert "L.markerClusterGroup" in html and "geomap-filter" in html
    assert "spanSel.value = String(7)" in html
    assert "1 event(s) without coordinates are not drawn" in html
    assert len(html) < 1_000 * 600  # well under 1 kB per event
