"""Folium maps of event records: one function per layer, a per-article map and an aggregate map.

Per-article map (:func:`write_article_map`): layers **Strikes** (Font Awesome icon by sub-type, colour by actor),
**Front-line claims** (colour by claimant side), **Casualties** (circles scaled by killed and injured),
**Mentioned places** (off by default) and, when a front-line source is given, **Front line**. Approximate
locations (``geo_precision`` >= 2) are drawn as a dashed circle of their uncertainty with a small "≈" badge at
its centre, never as a pin. A legend, popups (type, place in Latin and Ukrainian, date, figures, actor, claimant,
front-line assessment, supporting sentence, article title), tooltips, a scale bar and a fullscreen button.

Aggregate map (:func:`write_aggregate_map`): thousands of events from many articles, drawn by one compact
JSON array and a few lines of JavaScript into MarkerCluster groups, with popups built on click and a date
filter that starts on the latest days.

Security: every string that comes from an article goes through :func:`escape_text` (HTML-escaped, and
backtick, ``$`` and backslash turned into character references, because folium puts popup and tooltip HTML
inside JavaScript template literals: folium issue #1640), or, on the aggregate map, through :func:`script_json`
(JSON whose ``<``, ``>``, ``&`` are ``\\u`` escapes, so no ``</script>`` can end the script) and an escaping
function in the page. Rendering never calls a geocoder.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geomap.errors import GeomapError

if TYPE_CHECKING:  # pragma: no cover

    from geomap.articles import Article
    from geomap.frontline import Frontline, Snapshot

__all__ = [
    "LAYER_NAMES",
    "STRIKE_ICONS",
    "aggregate_map",
    "article_map",
    "casualties_layer",
    "claimant_side",
    "claims_layer",
    "escape_text",
    "frontline_layer",
    "mentions_layer",
    "popup_html",
    "script_json",
    "strikes_layer",
    "write_aggregate_map",
    "write_article_map",
]

log = logging.getLogger(__name__)

#: Overlay names as the layer control shows them.
LAYER_NAMES = {
    "strikes": "Strikes",
    "claims": "Front-line claims",
    "casualties": "Casualties",
    "mentions": "Mentioned places",
    "frontline": "Front line",
    "other": "Other events",
}

#: Strike sub-type -> (Font Awesome 6 free icon, label). FA6 free has no drone glyph: a paper plane stands in.
STRIKE_ICONS: dict[str | None, tuple[str, str]] = {
    "drone": ("paper-plane", "drone"),
    "missile": ("rocket", "missile"),
    "drone_and_missile": ("bomb", "drones and missiles"),
    "air": ("jet-fighter", "air strike"),
    "artillery": ("burst", "artillery"),
    "unspecified": ("explosion", "unspecified"),
    None: ("explosion", "unspecified"),
}

#: Side -> (awesome-markers colour, CSS colour, label).
SIDES = {
    "Russia": ("darkred", "#a23336", "Russian side"),
    "Ukraine": ("blue", "#38aadd", "Ukrainian side"),
    "other": ("gray", "#575757", "other / independent"),
}

#: Lower-case keywords of a claimant's words that place it on one side; the rest is "other" (ISW, DeepState…).
_SIDE_WORDS = {
    "Russia": ("russia", "kremlin", "moscow", "wagner", "dpr", "lpr", "rosgvard", "peskov", "shoigu",
               "belousov", "gerasimov", "tass", "ria novosti", "russian-installed", "kremlin-installed",
               "pushilin", "saldo", "balitsky", "россия", "российск", "минобороны рф", "кремл"),
    "Ukraine": ("ukrain", "kyiv", "kiev", "zelensk", "zsu", "sbu", "syrskyi", "general staff", "air force",
                "oblast military administration", "україн", "зсу", "генштаб", "генеральний штаб"),
}

#: Figures of a record in popup order, with labels.
FIGURE_LABELS = (
    ("drones_launched", "Drones launched"),
    ("missiles_launched", "Missiles launched"),
    ("intercepted", "Intercepted"),
    ("killed", "Killed"),
    ("injured", "Injured"),
)

#: geo_precision -> radius (m) of the dashed uncertainty circle: near a settlement / hromada centre; region.
UNCERTAINTY_M = {2: 7_000, 3: 40_000}

#: Above this many events a per-article layer clusters its markers.
CLUSTER_THRESHOLD = 60

#: Above this many events even a per-article map takes the aggregate map's fast path (one JSON array, popups
#: built on click): folium's one-object-per-marker HTML costs about 3 kB per event.
FAST_PATH_THRESHOLD = 1_000

_UKRAINE_BOUNDS = [[44.3, 22.1], [52.4, 40.2]]


# --------------------------------------------------------------------------- escaping


def escape_text(value: Any) -> str:
    """``value`` as text that is safe in HTML *and* inside a JavaScript template literal.

    :func:`html.escape` handles ``& < > " '`` (so ``</script>`` cannot appear); folium wraps popup and tooltip
    HTML in backtick template literals, where a backtick would end the string, ``${`` would run code and a
    backslash would start an escape, so those become character references too (the browser shows them as typed).
    Braces become references as well: branca wraps the output of every folium ``script`` macro (popups
    included) in a new ``Element``, i.e. parses it *again* as a Jinja template when the page is rendered, so an
    article containing ``{{ 7*7 }}`` would print 49 and ``{{ ...__globals__ ... }}`` could run code
    (server-side template injection in folium 0.20 / branca 0.8).
    """
    s = html.escape("" if value is None else str(value), quote=True)
    return (s.replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")
            .replace("{", "&#123;").replace("}", "&#125;"))


_JSON_STRING = re.compile(r'"(?:[^"\\\\]|\\\\.)*"')


def script_json(value: Any) -> str:
    """JSON for embedding in a ``<script>`` element: ``<``, ``>``, ``&``, braces, U+2028/9 as ``\\u`` escapes."""
    s = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    # braces inside strings as \\u escapes: branca re-parses script output as a Jinja template (see escape_text);
    # structural JSON braces are never followed by "{", "%" or "#", so they cannot open a Jinja tag
    s = _JSON_STRING.sub(lambda m: m.group(0).replace("{", "\\u007b").replace("}", "\\u007d"), s)
    return (s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _safe_url(url: Any) -> str | None:
    """An http(s) URL fit for an ``href`` (escaped), or ``None``: ``javascript:`` and friends never become links."""
    if not isinstance(url, str) or not re.match(r"https?://[^\s<>\"'`]+$", url.strip(), re.IGNORECASE):
        return None
    return escape_text(url.strip())


# --------------------------------------------------------------------------- record helpers


def claimant_side(claimant: str | None, actor: str | None = None) -> str:
    """``"Russia"``, ``"Ukraine"`` or ``"other"`` for a claimant's words (``actor`` decides when there are none)."""
    if claimant:
        low = claimant.lower()
        for side in ("Russia", "Ukraine"):
            if any(w in low for w in _SIDE_WORDS[side]):
                return side
        return "other"
    return actor if actor in ("Russia", "Ukraine") else "other"


def _located(r: dict) -> bool:
    return r.get("latitude") is not None and r.get("longitude") is not None


def _approximate(r: dict) -> bool:
    return (r.get("geo_precision") or 1) >= 2


def _figure(value: Any) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def _place_label(r: dict) -> str:
    name = r.get("location") or r.get("mention") or "unknown place"
    native = r.get("location_native")
    return f"{name} ({native})" if native and native != name else str(name)


def _event_day(r: dict, article_date: Any = None) -> str | None:
    """The date used for the front-line check: the event's full date, else the article's date, else its month."""
    for value in (r.get("event_date"), r.get("article_date"), article_date):
        if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)[:10]):
            return str(value)[:10]
    for value in (r.get("event_date"), r.get("article_date"), article_date):
        if value:
            return str(value)[:7]
    return None


def _claims_russian_control(r: dict) -> bool:
    """Whether a territorial claim says the place came under Russian control (else: under Ukrainian control).

    capture/advance: the actor gained it; liberation: Ukraine regained it; withdrawal: the actor left it.
    """
    sub, actor = r.get("sub_event_type"), r.get("actor")
    if sub == "liberation":
        return False
    if sub == "withdrawal":
        return actor == "Ukraine"
    return actor != "Ukraine"


def frontline_assessment(r: dict, frontline: Frontline | None, article_date: Any = None) -> str | None:
    """The claimed-versus-assessed sentence of a territorial claim, or ``None`` without a front line.

    A capture or advance is *consistent* when the place lies inside the assessed Russian-held area on the
    snapshot nearest the claim's date; a liberation or withdrawal when it lies outside.
    """
    if frontline is None or r.get("event_type") != "territorial_claim":
        return None
    day = _event_day(r, article_date)
    try:
        inside, snap_date, source = frontline.status(r.get("latitude"), r.get("longitude"), day)
    except GeomapError as err:
        log.warning("front-line check failed for %s: %s", r.get("event_id"), err)
        return None
    when = snap_date.isoformat() if snap_date else "an undated snapshot"
    if inside is None:
        if not _located(r):
            return "not checked against the front line: no coordinates"
        return f"not assessed: no {source} snapshot within a month of {day} (nearest {when})"
    if _claims_russian_control(r):
        if inside:
            return f"consistent with {source} of {when}: inside the area assessed as controlled by Russia"
        return f"not assessed as controlled by Russia on {when} ({source})"
    if inside:
        return f"still assessed as controlled by Russia on {when} ({source})"
    return f"consistent with {source} of {when}: outside the area assessed as controlled by Russia"


def popup_html(r: dict, frontline: Frontline | None = None, article_date: Any = None,
               article_url: str | None = None) -> str:
    """The popup of one record as HTML in which every value from the article is escaped by :func:`escape_text`."""
    e = escape_text
    parts: list[str] = ['<div class="geomap-popup">']
    if r.get("record_type") == "mention":
        parts.append("<b>Place mentioned</b>")
    else:
        etype = str(r.get("event_type") or "event").replace("_", " ")
        sub = r.get("sub_event_type")
        label = STRIKE_ICONS.get(sub, (None, sub))[1] if r.get("event_type") == "strike" else sub
        parts.append(f"<b>{e(etype.capitalize())}</b>" + (f" · {e(str(label).replace('_', ' '))}" if label else ""))
    parts.append(f'<div class="geomap-place"><b>{e(r.get("location") or "unknown place")}</b>'
                 + (f' <span lang="uk">{e(r["location_native"])}</span>' if r.get("location_native") else "")
                 + "</div>")
    details = []
    if r.get("mention") and r.get("mention") != r.get("location"):
        details.append(f"as written: “{e(r['mention'])}”")
    admin = ", ".join(str(x) for x in (r.get("admin3"), r.get("admin2"), r.get("admin1")) if x)
    if admin:
        details.append(e(admin))
    if details:
        parts.append('<div class="geomap-admin">' + "<br>".join(details) + "</div>")
    if _approximate(r):
        radius = UNCERTAINTY_M.get(min(int(r.get("geo_precision") or 2), 3), 7_000) // 1000
        parts.append(f'<div class="geomap-approx-note">approximate location (±{radius} km, '
                     f'{e(r.get("geo_source") or "approximate")})</div>')
    if r.get("record_type") != "mention":
        parts.append(f"<div>Date: {e(r.get('event_date') or 'unknown')}</div>")
        rows = [(label, _figure(r.get(k))) for k, label in FIGURE_LABELS]
        rows = [(label, v) for label, v in rows if v is not None]
        if rows:
            parts.append('<table class="geomap-figures">' + "".join(
                f"<tr><th>{label}</th><td>{v:,}</td></tr>" for label, v in rows) + "</table>")
        parts.append(f"<div>Actor: {e(r.get('actor') or 'not stated')}</div>")
        if r.get("claimant"):
            parts.append(f'<div class="geomap-claimant">Claimed by {e(r["claimant"])}</div>')
        assessment = frontline_assessment(r, frontline, article_date)
        if assessment:
            parts.append(f'<div class="geomap-frontline">Front line: {e(assessment)}</div>')
    if r.get("notes"):
        parts.append(f'<blockquote class="geomap-notes">{e(r["notes"])}</blockquote>')
    title = r.get("article_title")
    if title or r.get("article_date"):
        link = _safe_url(article_url)
        shown = e(title or "untitled article")
        if link:
            shown = f'<a href="{link}" target="_blank" rel="noopener noreferrer">{shown}</a>'
        date = f" ({e(r['article_date'])})" if r.get("article_date") else ""
        parts.append(f'<div class="geomap-article">Article: <i>{shown}</i>{date}</div>')
    parts.append("</div>")
    return "".join(parts)


def _tooltip(r: dict, prefix: str = "") -> str:
    text = _place_label(r)
    if _approximate(r):
        text = f"≈ {text} (approximate)"
    return escape_text(f"{prefix}{text}")


# --------------------------------------------------------------------------- layers


def _marker(r: dict, icon: str, color: str, popup: str, tooltip: str, parent) -> None:
    """An exact pin, or for an approximate location a dashed uncertainty circle with a "≈" badge."""
    import folium

    loc = [float(r["latitude"]), float(r["longitude"])]
    if _approximate(r):
        radius = UNCERTAINTY_M.get(min(int(r.get("geo_precision") or 2), 3), 7_000)
        css = SIDES.get(color, (None, color))[1] if color in SIDES else _CSS_COLOURS.get(color, "#555")
        folium.Circle(loc, radius=radius, color=css, weight=2, dash_array="6 6", fill=True, fill_opacity=0.08,
                      tooltip=folium.Tooltip(tooltip)).add_to(parent)
        badge = folium.DivIcon(
            html=f'<div class="geomap-approx" style="border-color:{css};color:{css}">'
                 f'<i class="fa fa-{icon}"></i></div>',
            icon_size=(22, 22), icon_anchor=(11, 11), class_name="geomap-approx-icon")
        folium.Marker(loc, icon=badge, popup=folium.Popup(popup, parse_html=False, max_width=340),
                      tooltip=folium.Tooltip(tooltip)).add_to(parent)
    else:
        folium.Marker(loc, icon=folium.Icon(color=color, icon=icon, prefix="fa"),
                      popup=folium.Popup(popup, parse_html=False, max_width=340),
                      tooltip=folium.Tooltip(tooltip)).add_to(parent)


_CSS_COLOURS = {"darkred": "#a23336", "blue": "#38aadd", "gray": "#575757", "orange": "#f69730",
                "purple": "#d252b9", "cadetblue": "#436978"}

_ACTOR_COLOURS = {"Russia": "darkred", "Ukraine": "blue"}


def _group(name: str, show: bool, cluster: bool):
    import folium
    from folium.plugins import MarkerCluster

    if cluster:
        return MarkerCluster(name=name, show=show, options={"chunkedLoading": True})
    return folium.FeatureGroup(name=name, show=show)


def strikes_layer(events: Sequence[dict], *, frontline=None, article_date=None, article_url=None,
                  cluster: bool | None = None):
    """The **Strikes** layer: one marker per located strike, icon by sub-type, colour by actor."""
    strikes = [r for r in events if r.get("event_type") == "strike" and _located(r)]
    group = _group(LAYER_NAMES["strikes"], True, len(strikes) > CLUSTER_THRESHOLD if cluster is None else cluster)
    for r in strikes:
        icon = STRIKE_ICONS.get(r.get("sub_event_type"), STRIKE_ICONS[None])[0]
        colour = _ACTOR_COLOURS.get(r.get("actor"), "orange")
        _marker(r, icon, colour, popup_html(r, frontline, article_date, article_url), _tooltip(r), group)
    return group


def claims_layer(events: Sequence[dict], *, frontline=None, article_date=None, article_url=None,
                 cluster: bool | None = None):
    """The **Front-line claims** layer: a flag per claim, coloured by the claimant's side."""
    claims = [r for r in events if r.get("event_type") == "territorial_claim" and _located(r)]
    group = _group(LAYER_NAMES["claims"], True, len(claims) > CLUSTER_THRESHOLD if cluster is None else cluster)
    for r in claims:
        side = claimant_side(r.get("claimant"), r.get("actor"))
        _marker(r, "flag", SIDES[side][0], popup_html(r, frontline, article_date, article_url), _tooltip(r), group)
    return group


def other_events_layer(events: Sequence[dict], *, frontline=None, article_date=None, article_url=None):
    """Events of types this renderer does not know yet (the contract allows new ones): a neutral pin each."""
    import folium

    others = [r for r in events if r.get("event_type") not in ("strike", "territorial_claim") and _located(r)]
    if not others:
        return None
    group = folium.FeatureGroup(name=LAYER_NAMES["other"], show=True)
    for r in others:
        _marker(r, "circle-question", "cadetblue", popup_html(r, frontline, article_date, article_url),
                _tooltip(r), group)
    return group


def casualty_radius(killed: int | None, injured: int | None) -> float:
    """Circle radius in pixels: area proportional to the number of people hurt, 6 px minimum, 40 px maximum."""
    n = (killed or 0) + (injured or 0)
    return min(40.0, 6.0 + 3.0 * math.sqrt(n)) if n else 0.0


def casualties_layer(events: Sequence[dict]):
    """The **Casualties** layer: per event with victims, an outer circle for killed + injured, an inner one for killed."""
    import folium

    group = folium.FeatureGroup(name=LAYER_NAMES["casualties"], show=True)
    for r in events:
        killed, injured = _figure(r.get("killed")), _figure(r.get("injured"))
        if not _located(r) or not (killed or injured):
            continue
        loc = [float(r["latitude"]), float(r["longitude"])]
        text = ", ".join(x for x in (f"{killed} killed" if killed else "", f"{injured} injured" if injured else "")
                         if x)
        tip = escape_text(f"{text} — {_place_label(r)}" + (" (approximate)" if _approximate(r) else ""))
        dash = "4 4" if _approximate(r) else None
        folium.CircleMarker(loc, radius=casualty_radius(killed, injured), color="#e67e22", weight=2,
                            dash_array=dash, fill=True, fill_color="#f39c12", fill_opacity=0.35,
                            tooltip=folium.Tooltip(tip)).add_to(group)
        if killed:
            folium.CircleMarker(loc, radius=casualty_radius(killed, 0), color="#2c2c2c", weight=1,
                                dash_array=dash, fill=True, fill_color="#2c2c2c", fill_opacity=0.55,
                                tooltip=folium.Tooltip(tip)).add_to(group)
    return group


def mentions_layer(mentions: Sequence[dict], *, article_url=None):
    """The **Mentioned places** layer (hidden by default): places named in the article but tied to no event."""
    import folium

    group = folium.FeatureGroup(name=LAYER_NAMES["mentions"], show=False)
    for r in mentions:
        if not _located(r):
            continue
        loc = [float(r["latitude"]), float(r["longitude"])]
        popup = folium.Popup(popup_html(r, article_url=article_url), parse_html=False, max_width=300)
        if _approximate(r):
            radius = UNCERTAINTY_M.get(min(int(r.get("geo_precision") or 2), 3), 7_000)
            folium.Circle(loc, radius=radius, color="#7f8c8d", weight=1, dash_array="4 6", fill=False,
                          tooltip=folium.Tooltip(_tooltip(r))).add_to(group)
        folium.CircleMarker(loc, radius=5, color="#7f8c8d", weight=1, fill=True, fill_color="#bdc3c7",
                            fill_opacity=0.9, popup=popup, tooltip=folium.Tooltip(_tooltip(r))).add_to(group)
    return group


def frontline_layer(snapshot: Snapshot, *, tolerance: float = 0.002):
    """The **Front line** layer: the assessed Russian-held area of one snapshot, simplified for drawing."""
    import folium

    when = snapshot.date.isoformat() if snapshot.date else "undated"
    tip = escape_text(f"Assessed as controlled by Russia — {snapshot.source_name}, {when}")
    return folium.GeoJson(
        snapshot.to_geojson(tolerance),
        name=LAYER_NAMES["frontline"],
        show=True,
        style_function=lambda _f: {"color": "#c0392b", "weight": 1.5, "fillColor": "#e74c3c", "fillOpacity": 0.18},
        tooltip=folium.Tooltip(tip),
        control=True,
        overlay=True,
        zoom_on_click=False,
        embed=True,
    )


# --------------------------------------------------------------------------- legend, title, CSS


def _legend(counts: dict[str, int], extra: Iterable[str] = ()):
    """A fixed legend box (branca MacroElement) explaining symbols and colours, with per-layer counts."""
    from branca.element import MacroElement, Template

    rows = []
    for sub in ("drone", "missile", "drone_and_missile", "air", "artillery", "unspecified"):
        icon, label = STRIKE_ICONS[sub]
        rows.append(f'<i class="fa fa-{icon}"></i> {label}')
    strike_rows = " &nbsp; ".join(rows)
    sides = " &nbsp; ".join(f'<span class="geomap-swatch" style="background:{css}"></span> {label}'
                            for _c, css, label in SIDES.values())
    lines = [
        '<div class="geomap-legend-title">Legend</div>',
        (f'<div><b>Strikes</b> ({counts.get("strikes", 0)}): {strike_rows}<br>'
         '<span class="geomap-swatch" style="background:#a23336"></span> by Russia &nbsp; '
         '<span class="geomap-swatch" style="background:#38aadd"></span> by Ukraine &nbsp; '
         '<span class="geomap-swatch" style="background:#f69730"></span> actor unknown</div>'),
        (f'<div><b>Front-line claims</b> ({counts.get("claims", 0)}): <i class="fa fa-flag"></i> '
         f'claimed by {sides}</div>'),
        (f'<div><b>Casualties</b> ({counts.get("casualties", 0)}): '
         '<span class="geomap-swatch geomap-round" style="background:#f39c12"></span> killed + injured, '
         '<span class="geomap-swatch geomap-round" style="background:#2c2c2c"></span> killed (area ∝ people)</div>'),
        ('<div><span class="geomap-approx geomap-approx-legend">≈</span> dashed circle: approximate location '
         '(uncertainty radius)</div>'),
    ]
    lines.extend(f"<div>{line}</div>" for line in extra)
    el = MacroElement()
    # the body is a value, never template text: nothing from an article is ever parsed by Jinja
    el._template = Template("""
        {% macro html(this, kwargs) %}
        <div class="geomap-legend">{{ this.body }}</div>
        {% endmacro %}
    """)
    el.body = "".join(lines)
    return el


_CSS = """
<style>
.geomap-legend{position:fixed;bottom:46px;left:10px;z-index:1000;background:rgba(255,255,255,.93);
  padding:7px 10px;border-radius:5px;box-shadow:0 1px 5px rgba(0,0,0,.4);font:12px/1.45 "DejaVu Sans",Arial,
  sans-serif;max-width:390px}
.geomap-legend-title{font-weight:bold;margin-bottom:2px}
.geomap-swatch{display:inline-block;width:11px;height:11px;vertical-align:middle;border-radius:2px}
.geomap-round{border-radius:50%}
.geomap-approx{width:20px;height:20px;border:2px dashed #555;border-radius:50%;background:rgba(255,255,255,.85);
  display:flex;align-items:center;justify-content:center;font-size:11px;box-sizing:border-box}
.geomap-approx-legend{display:inline-flex;width:16px;height:16px;vertical-align:middle}
.geomap-approx-icon{background:none;border:none}
.geomap-title{position:fixed;top:10px;left:55px;right:215px;z-index:1000;pointer-events:none;text-align:center}
.geomap-title span{pointer-events:auto;display:inline-block;background:rgba(255,255,255,.93);padding:4px 10px;
  border-radius:5px;box-shadow:0 1px 5px rgba(0,0,0,.4);font:bold 14px/1.3 "DejaVu Sans",Arial,sans-serif;
  max-width:100%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.geomap-popup{font:12px/1.4 "DejaVu Sans",Arial,sans-serif;min-width:220px}
.geomap-place{font-size:13px;margin-top:2px}
.geomap-admin,.geomap-article,.geomap-approx-note{color:#555}
.geomap-approx-note{font-style:italic}
.geomap-figures{border-collapse:collapse;margin:4px 0}
.geomap-figures th{text-align:left;font-weight:normal;padding:1px 8px 1px 0;color:#333}
.geomap-figures td{text-align:right;font-weight:bold;padding:1px 0}
.geomap-notes{margin:5px 0;padding:3px 7px;border-left:3px solid #bbb;color:#333;font-style:italic;
  max-height:9em;overflow:auto;white-space:pre-wrap}
.geomap-frontline{margin-top:3px;color:#7b241c}
.geomap-filter{background:rgba(255,255,255,.93);padding:6px 9px;border-radius:5px;
  box-shadow:0 1px 5px rgba(0,0,0,.4);font:12px "DejaVu Sans",Arial,sans-serif}
.geomap-filter input[type=range]{width:180px;vertical-align:middle}
</style>
"""


def _raw(markup: str):
    """A branca Element that outputs ``markup`` as is (a value of the template, so Jinja never parses it)."""
    from branca.element import Element

    el = Element("{{ this.markup }}")
    el.markup = markup
    return el


def _decorate(m, title: str | None, counts: dict[str, int], extra: Iterable[str]) -> None:
    """Title box, document title, CSS, legend, fullscreen button and layer control."""
    import folium
    from folium.plugins import Fullscreen

    root = m.get_root()
    if title:
        root.header.add_child(_raw(f"<title>{escape_text(title)}</title>"), name="geomap_doc_title")
        root.html.add_child(_raw(f'<div class="geomap-title"><span title="{escape_text(title)}">'
                                 f"{escape_text(title)}</span></div>"), name="geomap_title")
    root.header.add_child(_raw(_CSS), name="geomap_css")
    m.add_child(_legend(counts, extra), name="geomap_legend")
    Fullscreen(position="topleft").add_to(m)
    folium.LayerControl(collapsed=False, position="topright").add_to(m)


def _base_map(**kwargs):
    import folium

    return folium.Map(location=[48.5, 32.0], zoom_start=6, tiles="OpenStreetMap", control_scale=True,
                      prefer_canvas=False, **kwargs)


def _fit(m, points: list[tuple[float, float]], max_zoom: int = 11) -> None:
    if not points:
        m.fit_bounds(_UKRAINE_BOUNDS)
        return
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    m.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(40, 40), max_zoom=max_zoom)


# --------------------------------------------------------------------------- per-article map


def article_map(records: Sequence[dict], article: Article | None = None, frontline: Frontline | None = None):
    """The layered folium map of one article's records (events and mentions).

    Parameters
    ----------
    records : list of dict
        CONTRACT records; ``record_type`` "event" or "mention".
    article : Article, optional
        For the title, date and link; the records' own ``article_*`` fields are used otherwise.
    frontline : Frontline, optional
        Draws the **Front line** layer (the snapshot nearest the article's date) and adds the
        claimed-versus-assessed sentence to every territorial claim.

    Returns
    -------
    folium.Map
        With more than :data:`FAST_PATH_THRESHOLD` events, the aggregate map's fast path (all dates shown).
    """
    events = [r for r in records if r.get("record_type", "event") != "mention"]
    mentions = [r for r in records if r.get("record_type") == "mention"]
    title = getattr(article, "title", None) or next((r.get("article_title") for r in records
                                                      if r.get("article_title")), None)
    if len(events) > FAST_PATH_THRESHOLD:
        # a digest or feed dump rather than an article: the fast path keeps the HTML small (mentions left out)
        return aggregate_map(events, frontline, title=title, window_days=0)
    article_date = getattr(article, "date", None) or next((r.get("article_date") for r in records
                                                           if r.get("article_date")), None)
    url = getattr(article, "url", None)
    overlay_day = None
    if frontline is not None:
        days = [d for d in (_event_day(r, article_date) for r in events) if d]
        overlay_day = Counter(days).most_common(1)[0][0] if days else article_date
        claim_days = [_event_day(r, article_date) for r in events if r.get("event_type") == "territorial_claim"]
        frontline.prefetch([overlay_day, *claim_days])  # one pass over an archive for every date needed
    m = _base_map()
    layers = [
        strikes_layer(events, frontline=frontline, article_date=article_date, article_url=url),
        claims_layer(events, frontline=frontline, article_date=article_date, article_url=url),
        other_events_layer(events, frontline=frontline, article_date=article_date, article_url=url),
        casualties_layer(events),
        mentions_layer(mentions, article_url=url),
    ]
    extra = []
    if frontline is not None:
        snap = frontline.snapshot(overlay_day)
        layers.insert(0, frontline_layer(snap))
        when = snap.date.isoformat() if snap.date else "undated"
        extra.append(f'<span class="geomap-swatch" style="background:#e74c3c;opacity:.5"></span> '
                     f"<b>Front line</b>: assessed as controlled by Russia ({escape_text(snap.source_name)}, {when})")
    for layer in layers:
        if layer is not None:
            layer.add_to(m)
    unlocated = sum(1 for r in events if not _located(r))
    if unlocated:
        extra.append(f"{unlocated} event(s) without coordinates are not drawn (see the GeoJSON)")
        log.warning("%d event(s) without coordinates not drawn on the map", unlocated)
    counts = {
        "strikes": sum(1 for r in events if r.get("event_type") == "strike" and _located(r)),
        "claims": sum(1 for r in events if r.get("event_type") == "territorial_claim" and _located(r)),
        "casualties": sum(1 for r in events if _located(r) and (_figure(r.get("killed")) or _figure(r.get("injured")))),
    }
    if article_date or title:
        extra.insert(0, f"Article{' of ' + escape_text(article_date) if article_date else ''}: "
                        f"{len(events)} event(s), {len(mentions)} other place(s) mentioned")
    _decorate(m, title, counts, extra)
    points = [(float(r["latitude"]), float(r["longitude"])) for r in events if _located(r)]
    if not points:
        points = [(float(r["latitude"]), float(r["longitude"])) for r in mentions if _located(r)]
    _fit(m, points)
    return m


def _save(m, path: Path | str) -> Path:
    """Render ``m`` and write it atomically (temp file + rename)."""
    from geomap.export import atomic_write

    text = m.get_root().render()
    return atomic_write(path, lambda f: f.write(text))


def write_article_map(records: Sequence[dict], article: Article | None, path: Path | str,
                      frontline: Frontline | None = None) -> Path:
    """Write the layered HTML map of one article's records to ``path`` (atomically) and return the path.

    See :func:`article_map` for the layers. ``path`` is chosen by the caller (the CLI uses ``article.slug``,
    which is file-name safe); nothing from the article's title goes into a file name here.
    """
    return _save(article_map(records, article, frontline), path)


# --------------------------------------------------------------------------- aggregate map


def _aggregate_element(rows: list, titles: list, dates: list[str], *, window_days: int,
                       layer_names: dict[str, str]):
    """A folium element drawing compact event rows into MarkerCluster groups, with a date filter."""
    from branca.element import MacroElement, Template
    from folium.elements import JSCSSMixin
    from folium.plugins import MarkerCluster

    class AggregateEvents(JSCSSMixin, MacroElement):
        default_js = MarkerCluster.default_js
        default_css = MarkerCluster.default_css
        _template = Template("""
{% macro script(this, kwargs) %}
(function() {
  var map = {{ this._parent.get_name() }};
  var D = {{ this.data }};
  var esc = function(s) {
    return String(s == null ? "" : s).replace(/[&<>"'`$\\\\]/g, function(c) {
      return "&#" + c.charCodeAt(0) + ";"; });
  };
  var ICONS = {{ this.icons }}, SIDES = {{ this.sides }}, FIG = {{ this.figures }};
  var groups = {
    strikes: L.markerClusterGroup({chunkedLoading: true}),
    claims: L.markerClusterGroup({chunkedLoading: true}),
    casualties: L.layerGroup()
  };
  var markers = [];
  function popup(r) {
    var h = '<div class="geomap-popup"><b>' + esc(r[2] === 1 ? "Territorial claim" : "Strike") + '</b>';
    if (r[3]) h += ' · ' + esc(r[3]);
    h += '<div class="geomap-place"><b>' + esc(r[7]) + '</b>' + (r[8] ? ' <span lang="uk">' + esc(r[8]) + '</span>' : '') + '</div>';
    if (r[5] >= 2) h += '<div class="geomap-approx-note">approximate location</div>';
    h += '<div>Date: ' + esc(D.dates[r[6]] || 'unknown') + '</div>';
    var t = '';
    for (var i = 0; i < FIG.length; i++) { var v = r[12 + i]; if (v !== null) t += '<tr><th>' + FIG[i] + '</th><td>' + esc(v) + '</td></tr>'; }
    if (t) h += '<table class="geomap-figures">' + t + '</table>';
    h += '<div>Actor: ' + esc(r[10] || 'not stated') + '</div>';
    if (r[11]) h += '<div class="geomap-claimant">Claimed by ' + esc(r[11]) + '</div>';
    if (r[17]) h += '<blockquote class="geomap-notes">' + esc(r[17]) + '</blockquote>';
    if (r[18] !== null) h += '<div class="geomap-article">Article: <i>' + esc(D.titles[r[18]]) + '</i></div>';
    return h + '</div>';
  }
  D.rows.forEach(function(r) {
    var icon, colour;
    if (r[2] === 1) { icon = 'flag'; colour = SIDES[r[4]]; } else { icon = ICONS[r[9]] || 'explosion'; colour = r[4] === 0 ? 'darkred' : (r[4] === 1 ? 'blue' : 'orange'); }
    var ll = [r[0], r[1]], m;
    if (r[5] >= 2) {
      m = L.marker(ll, {icon: L.divIcon({className: 'geomap-approx-icon', iconSize: [22, 22], iconAnchor: [11, 11],
        html: '<div class="geomap-approx"><i class="fa fa-' + icon + '"></i></div>'})});
    } else {
      m = L.marker(ll, {icon: L.AwesomeMarkers.icon({icon: icon, prefix: 'fa', markerColor: colour})});
    }
    m.bindTooltip(esc(r[7]) + (r[5] >= 2 ? ' (approximate)' : ''));
    m.bindPopup(function() { return popup(r); }, {maxWidth: 340});
    var c = null, hurt = (r[12 + 3] || 0) + (r[12 + 4] || 0);
    if (hurt > 0) c = L.circleMarker(ll, {radius: Math.min(40, 6 + 3 * Math.sqrt(hurt)), color: '#e67e22', weight: 2,
      fillColor: '#f39c12', fillOpacity: 0.35}).bindTooltip(esc(hurt + ' killed or injured — ' + r[7]));
    markers.push({day: r[6], layer: r[2] === 1 ? 'claims' : 'strikes', m: m, c: c});
  });
  var names = {{ this.layer_names }};
  // thousands of casualty circles would bury the clusters: that layer starts hidden (tick it in the control)
  groups.strikes.addTo(map); groups.claims.addTo(map);
  window.geomapAggregate = {groups: groups, markers: markers, dates: D.dates, names: names};
  function apply(last, span) {
    var first = span > 0 ? last - span + 1 : 0, shown = 0;
    var add = {strikes: [], claims: [], casualties: []};
    markers.forEach(function(x) {
      if (x.day >= first && x.day <= last) { add[x.layer].push(x.m); if (x.c) add.casualties.push(x.c); shown++; }
    });
    groups.strikes.clearLayers(); groups.claims.clearLayers(); groups.casualties.clearLayers();
    groups.strikes.addLayers(add.strikes); groups.claims.addLayers(add.claims);
    add.casualties.forEach(function(c) { groups.casualties.addLayer(c); });
    var label = document.getElementById('geomap-filter-label');
    if (label) label.textContent = (span > 0 ? D.dates[first] + ' … ' : 'up to ') + D.dates[last] + ': ' + shown + ' events';
    window.geomapAggregate.shown = shown;
    return add;
  }
  var Filter = L.Control.extend({
    onAdd: function() {
      var div = L.DomUtil.create('div', 'geomap-filter leaflet-control');
      div.innerHTML = '<div><b>Dates</b> <select id="geomap-filter-span">' +
        '<option value="1">1 day</option><option value="7">7 days</option>' +
        '<option value="30">30 days</option><option value="0">all</option></select> ending ' +
        '<input id="geomap-filter-end" type="range" min="0" step="1"></div><div id="geomap-filter-label"></div>';
      L.DomEvent.disableClickPropagation(div); L.DomEvent.disableScrollPropagation(div);
      return div;
    }
  });
  new Filter({position: 'topleft'}).addTo(map);
  var spanSel = document.getElementById('geomap-filter-span'), end = document.getElementById('geomap-filter-end');
  end.max = Math.max(0, D.dates.length - 1); end.value = end.max;
  spanSel.value = String({{ this.window_days }});
  function update() { apply(parseInt(end.value, 10), parseInt(spanSel.value, 10)); }
  spanSel.addEventListener('change', update); end.addEventListener('input', update);
  window.geomapAggregate.apply = apply;
  var added = apply(D.dates.length - 1, {{ this.window_days }});
  var pts = added.strikes.concat(added.claims).map(function(m) { return m.getLatLng(); });
  if (pts.length) map.fitBounds(L.latLngBounds(pts), {padding: [40, 40], maxZoom: 11});
  var overlays = {};
  overlays[names.strikes] = groups.strikes; overlays[names.claims] = groups.claims; overlays[names.casualties] = groups.casualties;
  window.geomapAggregate.overlays = overlays;
})();
{% endmacro %}
""")

        def __init__(self):
            super().__init__()
            self._name = "AggregateEvents"
            self.data = script_json({"rows": rows, "titles": titles, "dates": dates})
            self.icons = script_json({k: v[0] for k, v in STRIKE_ICONS.items() if k})
            self.sides = script_json([SIDES["Russia"][0], SIDES["Ukraine"][0], SIDES["other"][0]])
            self.figures = script_json([label for _k, label in FIGURE_LABELS])
            self.window_days = int(window_days)
            self.layer_names = script_json(layer_names)

    return AggregateEvents()


def _aggregate_rows(events: Sequence[dict]) -> tuple[list, list, list[str], int]:
    """Compact rows ``[lat, lon, kind, sub_label, side, precision, day_index, location, native, sub, actor,
    claimant, drones, missiles, intercepted, killed, injured, notes, title_index]`` in record order, the day list
    (every calendar day from the first to the last event), and the count of unlocated events."""
    side_index = {"Russia": 0, "Ukraine": 1, "other": 2}
    located = [r for r in events if _located(r)]
    days = sorted({str(r.get("event_date") or r.get("article_date") or "")[:10] for r in located} - {""})
    # every calendar day between the first and the last, so the slider moves in real time steps
    if days:
        try:
            first = dt.date.fromisoformat(days[0] if len(days[0]) == 10 else days[0] + "-01")
            last = dt.date.fromisoformat(days[-1] if len(days[-1]) == 10 else days[-1] + "-01")
            span = (last - first).days
            if 0 <= span <= 20_000:
                days = [(first + dt.timedelta(d)).isoformat() for d in range(span + 1)]
        except ValueError:
            pass
    index = {d: i for i, d in enumerate(days)}
    titles: list[str] = []
    title_index: dict[str, int] = {}
    rows = []
    for r in located:
        day = str(r.get("event_date") or r.get("article_date") or "")[:10]
        if len(day) == 7:
            day += "-01"
        t = r.get("article_title")
        if t is not None and t not in title_index:
            title_index[t] = len(titles)
            titles.append(t)
        kind = 1 if r.get("event_type") == "territorial_claim" else 0
        sub = r.get("sub_event_type")
        side = claimant_side(r.get("claimant"), r.get("actor")) if kind else (r.get("actor") or "other")
        rows.append([
            round(float(r["latitude"]), 5), round(float(r["longitude"]), 5), kind,
            (STRIKE_ICONS.get(sub, (None, sub))[1] if kind == 0 else sub),
            side_index.get(side, 2), int(r.get("geo_precision") or 1), index.get(day, len(days) - 1 if days else 0),
            r.get("location") or r.get("mention"), r.get("location_native"), sub, r.get("actor"), r.get("claimant"),
            *(_figure(r.get(k)) for k, _label in FIGURE_LABELS),
            r.get("notes"), title_index.get(t) if t is not None else None,
        ])
    return rows, titles, days, len(events) - len(located)


def aggregate_map(records: Sequence[dict], frontline: Frontline | None = None, *,
                  title: str | None = "geomap: events", window_days: int = 30):
    """A map of many articles' events: clustered markers, lazy popups, a date filter on the latest days.

    Parameters
    ----------
    records : list of dict
        CONTRACT records (mentions are ignored here).
    frontline : Frontline, optional
        Draws the **Front line** of the latest event date.
    window_days : int
        Days shown at first, ending on the latest event date (0: all).
    """

    events = [r for r in records if r.get("record_type", "event") != "mention"]
    rows, titles, days, unlocated = _aggregate_rows(events)
    m = _base_map()
    extra = []
    if frontline is not None and days:
        snap = frontline.snapshot(days[-1])
        frontline_layer(snap).add_to(m)
        when = snap.date.isoformat() if snap.date else "undated"
        extra.append(f'<span class="geomap-swatch" style="background:#e74c3c;opacity:.5"></span> <b>Front line</b>: '
                     f"assessed as controlled by Russia ({escape_text(snap.source_name)}, {when})")
    if unlocated:
        extra.append(f"{unlocated} event(s) without coordinates are not drawn")
    el = _aggregate_element(rows, titles, days, window_days=window_days,
                            layer_names={k: LAYER_NAMES[k] for k in ("strikes", "claims", "casualties")})
    m.add_child(el)
    # the clustered groups are created in the page: a small script registers them with the layer control
    counts = {"strikes": sum(1 for r in rows if r[2] == 0), "claims": sum(1 for r in rows if r[2] == 1),
              "casualties": sum(1 for r in rows if (r[15] or 0) + (r[16] or 0) > 0)}
    _decorate(m, title, counts, extra)
    _register_overlays(m)
    if days:
        m.fit_bounds([[min(r[0] for r in rows), min(r[1] for r in rows)],
                      [max(r[0] for r in rows), max(r[1] for r in rows)]], max_zoom=11)
    else:
        m.fit_bounds(_UKRAINE_BOUNDS)
    return m


def _register_overlays(m) -> None:
    """Add the page-built cluster groups to folium's LayerControl (rendered after them)."""
    from branca.element import MacroElement, Template

    control = next(c for c in m._children.values() if c.__class__.__name__ == "LayerControl")
    el = MacroElement()
    el._template = Template("""
{% macro script(this, kwargs) %}
if (window.geomapAggregate) {
  Object.keys(window.geomapAggregate.overlays).forEach(function(name) {
    """ + control.get_name() + """.addOverlay(window.geomapAggregate.overlays[name], name);
  });
}
{% endmacro %}
""")
    m.add_child(el, name="geomap_register_overlays")


def write_aggregate_map(records: Sequence[dict], path: Path | str, frontline: Frontline | None = None, *,
                        title: str | None = "geomap: events", window_days: int = 30) -> Path:
    """Write the aggregate map of many articles' events to ``path`` atomically; see :func:`aggregate_map`."""
    return _save(aggregate_map(records, frontline, title=title, window_days=window_days), path)
