"""The event record of ../shared/CONTRACT.md: its fields, defaults and stable ids.

Every stage after extraction (store, render, export, refresh) handles records as plain ``dict`` objects with
exactly these keys, so that JSONL, GeoJSON properties and database rows stay one shape.
"""
from __future__ import annotations

import hashlib
from typing import Any

__all__ = ["FIELDS", "FIGURES", "ACLED", "new_record", "event_id", "acled_category"]

#: Field order of a record (also the CSV column order).
FIELDS: tuple[str, ...] = (
    "record_type",
    "event_id",
    "article_id",
    "article_title",
    "article_date",
    "language",
    "event_type",
    "sub_event_type",
    "location",
    "location_native",
    "mention",
    "admin1",
    "admin2",
    "admin3",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "geo_source",
    "gazetteer_ids",
    "event_date",
    "time_precision",
    "actor",
    "claimant",
    "killed",
    "injured",
    "drones_launched",
    "missiles_launched",
    "intercepted",
    "notes",
    "acled_event_type",
    "acled_sub_event_type",
    "confidence",
)

#: The integer figures of a record.
FIGURES: tuple[str, ...] = ("killed", "injured", "drones_launched", "missiles_launched", "intercepted")

#: (event_type, sub_event_type) -> nearest ACLED (event_type, sub_event_type).
ACLED: dict[tuple[str, str | None], tuple[str, str]] = {
    ("strike", "drone"): ("Explosions/Remote violence", "Air/drone strike"),
    ("strike", "air"): ("Explosions/Remote violence", "Air/drone strike"),
    ("strike", "missile"): ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("strike", "drone_and_missile"): ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("strike", "artillery"): ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("strike", "unspecified"): ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("territorial_claim", "capture"): ("Battles", "Non-state actor overtakes territory"),
    ("territorial_claim", "liberation"): ("Battles", "Government regains territory"),
    ("territorial_claim", "advance"): ("Battles", "Armed clash"),
    ("territorial_claim", "withdrawal"): ("Strategic developments", "Non-violent transfer of territory"),
}


def acled_category(event_type: str | None, sub_event_type: str | None) -> tuple[str | None, str | None]:
    """Nearest ACLED event type and sub-event type, or ``(None, None)`` for a mention."""
    if event_type is None:
        return None, None
    return ACLED.get((event_type, sub_event_type)) or ACLED.get((event_type, "unspecified"), (None, None))


_FIELD_SET = frozenset(FIELDS)


def new_record(**values: Any) -> dict[str, Any]:
    """A record with every field of :data:`FIELDS`, unknown ones ``None``.

    Raises
    ------
    KeyError
        For a field that is not part of the record.
    """
    if not _FIELD_SET.issuperset(values):
        raise KeyError(f"not record fields: {sorted(set(values) - _FIELD_SET)!r}")
    record = dict.fromkeys(FIELDS)
    record["record_type"] = "event"
    record.update(values)
    return record


def event_id(article_id: str, *parts: Any) -> str:
    """A stable id from the article id and what identifies the event within it (type, place, order)."""
    h = hashlib.sha1(article_id.encode("utf-8"))
    for p in parts:
        h.update(b"\x1f" + str(p).encode("utf-8"))
    return h.hexdigest()[:16]
