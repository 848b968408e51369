"""Where the war is fought: Ukraine's official list of territories of hostilities and of temporary occupation.

The Ministry for Communities and Territories Development keeps the "Перелік територій, на яких ведуться (велися)
бойові дії або тимчасово окупованих Російською Федерацією" (order No. 376 of 28.02.2025 and its amendments): for
each KATOTTG unit (oblast, raion, hromada or settlement) the periods of possible hostilities, of active
hostilities and of occupation. ``geomap gazetteer update --hostilities PATH`` folds it into the full gazetteer,
and resolution uses it as a prior: the village whose capture is claimed lies where the fighting is.

Read from the ministry's ``.docx`` (its tables, under the section headings) or from a flat ``.csv`` of those
tables with the columns ``section``, ``code``, ``date_start`` and ``date_end``.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import zipfile
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Sequence
from xml.etree import ElementTree

from geomap.errors import GazetteerError, GazetteerNotFound

__all__ = ["read_hostilities", "periods_of", "status_on", "KINDS"]

#: The list's sections, in the order a place's status prefers them when periods overlap.
KINDS = ("active", "occupied", "possible")

_CODE = re.compile(r"UA\d{17}")
_DATE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")
# section headings, matched on their lower-cased text ("2. Території активних бойових дій", "ІІ. Тимчасово
# окуповані …"); a heading that matches none ("І. Території, на яких ведуться (велися) бойові дії") keeps the last
_SECTION_WORDS = (("можлив", "possible"), ("активн", "active"), ("окупован", "occupied"))
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

Period = tuple[str, str, "str | None"]  # kind, first day (ISO), last day (ISO) or None while it lasts
# as stored: a period and whether its row leaves out settlements listed on their own ("… громада за винятком
# с. Веселе")
_Row = tuple[str, str, "str | None", int]


def _section(text: str, current: str | None) -> str | None:
    low = text.lower()
    for word, kind in _SECTION_WORDS:
        if word in low:
            return kind
    return current


def _dates(cell: str) -> list[str]:
    out = []
    for d, m, y in _DATE.findall(cell):
        try:
            out.append(dt.date(int(y), int(m), int(d)).isoformat())
        except ValueError:
            continue
    return out


def _periods(kind: str, name: str, start_cell: str, end_cell: str) -> list[_Row]:
    """The periods of one row: a cell may hold several dates, one per paragraph ("31.05.2023 / 01.12.2024"), the
    n-th end date closing the n-th period."""
    starts, ends = _dates(start_cell), _dates(end_cell)
    excepting = int("винятк" in name.lower())
    return [(kind, s, ends[i] if i < len(ends) else None, excepting) for i, s in enumerate(starts)]


def level_prefix(code: str) -> str:
    """The part of a KATOTTG code that names its unit and every unit inside it: ``UA12`` for an oblast,
    ``UA1214`` for a raion, ``UA1214019`` for a hromada, ``UA1214019004`` for a settlement."""
    if code[9:12] != "000":
        return code[:12]
    if code[6:9] != "000":
        return code[:9]
    if code[4:6] != "00":
        return code[:6]
    return code[:4]


def _docx_rows(data: bytes) -> Iterator[tuple[str | None, list[str]]]:
    """(section, cells) of every table row of a .docx, the section being the last heading before the table."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            root = ElementTree.fromstring(z.read("word/document.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as err:
        raise GazetteerError(f"not a readable .docx list of territories ({err})") from err
    body = root.find(f"{_W}body")
    section = None
    for el in body if body is not None else ():
        if el.tag == f"{_W}p":
            section = _section("".join(t.text or "" for t in el.iter(f"{_W}t")), section)
        elif el.tag == f"{_W}tbl":
            for row in el.iter(f"{_W}tr"):
                cells = ["\n".join("".join(t.text or "" for t in p.iter(f"{_W}t")) for p in tc.iter(f"{_W}p"))
                         for tc in row.findall(f"{_W}tc")]
                yield section, cells


def _table(rows: Iterable[tuple[str | None, Sequence[str]]]) -> dict[str, list[_Row]]:
    table: dict[str, list[_Row]] = {}
    for section, cells in rows:
        if section is None or len(cells) < 3:
            continue
        code = next((c.strip() for c in cells if _CODE.fullmatch(c.strip())), None)
        if code is None:
            continue  # header, oblast and raion heading rows
        i = [c.strip() for c in cells].index(code)
        name, start_cell, end_cell = (cells[j] if j < len(cells) else "" for j in (i + 1, i + 2, i + 3))
        periods = _periods(section, name, start_cell, end_cell)
        if periods:
            table.setdefault(level_prefix(code), []).extend(periods)
    return {k: sorted(set(v), key=lambda p: (p[1], p[0])) for k, v in sorted(table.items())}


def read_hostilities(path: str | os.PathLike) -> dict:
    """Read the list of territories of hostilities and occupation.

    Parameters
    ----------
    path : path-like
        The ministry's ``.docx``, or a ``.csv`` of its tables with the columns ``section`` (the heading the row
        stands under), ``code``, ``date_start`` and ``date_end``.

    Returns
    -------
    dict
        ``{"source": file name, "units": number of KATOTTG units, "periods": {code prefix: [[kind, first day,
        last day or None, 1 if the row leaves out settlements listed on their own else 0], ...]}}``, kinds from
        :data:`KINDS`, days as ``YYYY-MM-DD``.

    Raises
    ------
    GazetteerNotFound
        The file does not exist.
    GazetteerError
        It holds no row with a KATOTTG code and a date.
    """
    path = Path(path)
    if not path.is_file():
        raise GazetteerNotFound(f"list of territories not found: {path}")
    data = path.read_bytes()
    if data[:2] == b"PK":
        table = _table(_docx_rows(data))
    else:
        try:
            reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
            missing = {"section", "code", "date_start", "date_end"} - set(reader.fieldnames or ())
            if missing:
                raise GazetteerError(f"{path}: not a list of territories: no column {', '.join(sorted(missing))}")
            table = _table((_section(r["section"] or "", None),
                            [r["code"] or "", r.get("name") or "", r["date_start"] or "", r["date_end"] or ""])
                           for r in reader)
        except UnicodeDecodeError as err:
            raise GazetteerError(f"{path}: not a UTF-8 .csv nor a .docx ({err})") from err
    if not table:
        raise GazetteerError(f"{path}: no row with a KATOTTG code and a date under a section heading")
    return {"source": path.name, "units": len(table), "periods": {k: [list(p) for p in v] for k, v in table.items()}}


def periods_of(periods: Mapping[str, list], code: str | None) -> list[Period]:
    """The periods that apply to the unit ``code``: its own and those of the units that hold it (hromada, raion,
    oblast), except the rows of a larger unit that leave out the settlements listed on their own ("Очеретинська
    громада за винятком с. Веселе") when it is listed on its own."""
    if not code:
        return []
    out: list[Period] = []
    own = False
    for n in (12, 9, 6, 4):
        for kind, start, end, *rest in periods.get(code[:n], ()):
            if own and rest and rest[0]:
                continue
            out.append((kind, start, end))
        own = own or bool(periods.get(code[:n]))
    return out


def status_on(periods: Sequence[Period], when: dt.date | None) -> tuple[str, dt.date] | None:
    """(kind, first day) of the period that holds on ``when`` (active before occupied before possible), or on the
    list's own date when ``when`` is None (the periods without an end); None when none does."""
    best = None
    for kind, start, end in periods:
        first = dt.date.fromisoformat(start)
        if when is None:
            holds = end is None
        else:
            holds = first <= when and (end is None or when <= dt.date.fromisoformat(end))
        if holds and (best is None or KINDS.index(kind) < KINDS.index(best[0])):
            best = (kind, first)
    return best
