"""Article → records: the extraction stage of the data flow, ending in CONTRACT event and mention records."""
from __future__ import annotations

import datetime as dt
import logging
import re
from typing import TYPE_CHECKING, Any

from geomap.articles import Article
from geomap.dates import article_day
from geomap.events import Event, analyse_sentences, claim_sentences, extract_events
from geomap.language import detect_language
from geomap.lexicon import LANGUAGES, lexicon
from geomap.mentions import Mention, find_mentions
from geomap.records import acled_category, event_id, new_record
from geomap.resolve import drop_landmarks, drop_weak, mark_off_region, resolve_mentions
from geomap.segment import Sentence, split_sentences

if TYPE_CHECKING:
    from geomap.gazetteer import Gazetteer

__all__ = ["extract_records", "analyse"]

LONG_OCCUPATION = dt.timedelta(days=365)

log = logging.getLogger(__name__)


def analyse(article: Article, gazetteer: "Gazetteer", lang: str | None = None
            ) -> tuple[str, list[Mention], list[Event], list[Sentence]]:
    """Language, resolved mentions, events and sentences of one article (what :func:`extract_records` formats)."""
    given = lang or article.language
    language = given if given in LANGUAGES else detect_language(article.text)
    lex = lexicon(language)
    text = article.text
    sentences = split_sentences(text, lex.abbreviations, lex.months)
    mentions = find_mentions(text, sentences, gazetteer, lex)
    infos = analyse_sentences(text, sentences, lex, article.date)
    day = article_day(article.date)
    resolve_mentions(mentions, gazetteer, claims=claim_sentences(infos), when=day)
    mark_off_region(mentions, gazetteer)
    mentions = drop_weak(drop_landmarks(mentions))
    # places held by Russia for over a year on the article's day (Donetsk since 2014, Melitopol since 2022): a
    # strike there that names no side is Ukraine's; in one just taken, it is rather the assault that took it
    ref = day or gazetteer.hostilities_date
    occupied = frozenset(m.chosen.place.idx for m in mentions if m.chosen is not None and not m.is_region and
                         (status := gazetteer.front_status(m.chosen.place, day)) and status[0] == "occupied" and
                         ref is not None and ref - status[1] > LONG_OCCUPATION)
    events = extract_events(text, sentences, mentions, lex, article.date, infos, occupied)
    # "Минобороны: ВС России освободили …", "Пушилин: …": a title that opens with its source names it for the
    # events that found none
    head = _TITLE_SOURCE.match(article.title or "")
    found = lex.claimant(head.group(1)) if head else None
    _rx, name, side = lex.claimants[found[0]] if found else (None, None, None)
    for ev in events if found else ():
        if ev.claimant is None and (ev.event_type == "territorial_claim" or side != ev.actor):
            ev.claimant = name
    return language, mentions, events, sentences


_TITLE_SOURCE = re.compile(r"\s*([^:]{2,40}):\s")


def _place_fields(m: Mention, fallback: Any = None) -> dict[str, Any]:
    cand = m.chosen
    p = cand.place
    fields = {
        "location": p.name,
        "location_native": p.name_native,
        "mention": m.surface,
        "admin1": p.admin1,
        "admin2": p.admin2,
        "admin3": p.admin3,
        "country": p.country,
        "latitude": round(p.latitude, 6),
        "longitude": round(p.longitude, 6),
        "geo_precision": p.geo_precision,
        "geo_source": "gazetteer" if p.geo_precision == 1 else "gazetteer:approximate",
        "gazetteer_ids": p.gazetteer_ids() or None,
    }
    if fallback is not None and p.geo_precision >= 2:
        try:
            hit = fallback.locate(p.name, admin1=p.admin1, country=p.country)
        except Exception as exc:  # the fallback reports its own outages; extraction goes on from the gazetteer
            log.warning("fallback geocoder failed for %s: %s", p.name, exc)
            hit = None
        if hit:
            fields.update(latitude=round(float(hit["latitude"]), 6), longitude=round(float(hit["longitude"]), 6),
                          geo_precision=int(hit.get("geo_precision", 1)),
                          geo_source=hit.get("geo_source", "geocoder"))
    return fields


def extract_records(article: Article, gazetteer: "Gazetteer | None" = None, *, mentions: bool = False,
                    lang: str | None = None, fallback: Any = None) -> list[dict[str, Any]]:
    """The CONTRACT records of one article: its events in text order, then (``mentions=True``) the other places it
    names, most confident first.

    Parameters
    ----------
    gazetteer
        Default: :meth:`Gazetteer.load` (the full gazetteer if installed, else the bundled one).
    lang
        ISO 639-1 code; default: the article's own ``language`` field, else detected.
    fallback
        An object with ``locate(name, *, admin1=None, country=None) -> dict | None`` (see :mod:`geomap.geocode`),
        asked for places the gazetteer places only approximately.
    """
    if gazetteer is None:
        from geomap.gazetteer import Gazetteer

        gazetteer = Gazetteer.load()
    language, ments, events, sentences = analyse(article, gazetteer, lang)
    base = {"article_id": article.article_id, "article_title": article.title, "article_date": article.date,
            "language": language}
    records: list[dict[str, Any]] = []
    seen_ids: set[str] = set()
    for n, ev in enumerate(events):
        m = ev.mention
        acled = acled_category(ev.event_type, ev.sub_event_type)
        eid = event_id(article.article_id, ev.event_type, m.chosen.place.stable_id(), m.start)
        if eid in seen_ids:
            eid = event_id(article.article_id, ev.event_type, m.chosen.place.stable_id(), m.start, n)
        seen_ids.add(eid)
        rec = new_record(**base, event_id=eid, event_type=ev.event_type, sub_event_type=ev.sub_event_type,
                         **_place_fields(m, fallback), event_date=ev.date, time_precision=ev.time_precision,
                         actor=ev.actor, claimant=ev.claimant,
                         notes=" ".join(sentences[i].text for i in ev.sentences if i < len(sentences)) or None,
                         acled_event_type=acled[0], acled_sub_event_type=acled[1],
                         confidence=round(ev.confidence, 3))
        for k in ("killed", "injured", "drones_launched", "missiles_launched", "intercepted"):
            rec[k] = ev.figures.get(k)
        records.append(rec)
    if mentions:
        event_places = {ev.mention.chosen.place.idx for ev in events}
        best: dict[int, tuple[Mention, int]] = {}
        for m in ments:
            if m.is_region or m.chosen is None or m.chosen.place.idx in event_places or \
                    m.roles & {"district", "off_region"} or ("truncated" in m.roles and not m.is_town_by_own_name()):
                continue  # not the place named: part of a longer name, a district elsewhere, a spelling we lack
            idx = m.chosen.place.idx
            count = best[idx][1] + 1 if idx in best else 1
            keep = m if idx not in best or m.confidence > best[idx][0].confidence else best[idx][0]
            best[idx] = (keep, count)
        ranked = sorted(best.values(), key=lambda t: (-_mention_confidence(t[0], t[1]), t[0].start))
        for m, count in ranked:
            rec = new_record(**base, record_type="mention",
                             event_id=event_id(article.article_id, "mention", m.chosen.place.stable_id()),
                             **_place_fields(m, fallback), notes=sentences[m.sentence].text,
                             confidence=_mention_confidence(m, count))
            records.append(rec)
    return records


def _mention_confidence(m: Mention, count: int) -> float:
    conf = m.confidence
    if "district" in m.roles or ("truncated" in m.roles and not m.is_town_by_own_name()):
        conf *= 0.3
    elif m.roles & {"political", "dateline", "launch", "direction"}:
        conf *= 0.6
    elif m.roles & {"near", "landmark"}:
        conf *= 0.85
    return round(min(1.0, conf * (1.0 + 0.05 * (count - 1))), 3)
