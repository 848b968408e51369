"""Event dates from the article date and the text: "jeudi 31 juillet", "12 мая", "on Friday", "в ночь на 4 июля"."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from geomap.lexicon import Lexicon

__all__ = ["DateMention", "find_dates", "resolve_weekday", "article_month", "article_day"]


@dataclass(frozen=True)
class DateMention:
    """A date in the text: a day (``date`` set), a bare weekday (``weekday`` set, ``date`` None), or a day
    counted from the article's (``offset``: -1 for "yesterday")."""

    start: int
    end: int
    date: dt.date | None
    weekday: int | None
    night: bool
    offset: int | None = None


def article_month(article_date: str | None) -> tuple[int, int] | None:
    """(year, month) of an article date ``YYYY-MM[-DD]``."""
    if not article_date:
        return None
    m = re.match(r"(\d{4})-(\d{2})", article_date)
    return (int(m.group(1)), int(m.group(2))) if m else None


def article_day(article_date: str | None) -> dt.date | None:
    """The day of an article date ``YYYY-MM-DD``; the middle of the month for ``YYYY-MM``; None otherwise."""
    m = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", article_date or "")
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 15))
    except ValueError:
        return None


def _year_for(month: int, ref: tuple[int, int]) -> int:
    """The year of a day-month date in an article of month ``ref``: a month well after it is last year's."""
    year, ref_month = ref
    return year - 1 if month > ref_month + 1 else year


_DIGIT = re.compile(r"\d")


_YEAR = re.compile(r"(?<![\d.,'’])((?:19|20)\d\d)(?!\d|[.,]\d)")
#: a day this long before the article's, or more, is in the past of its report
PAST_DAYS = 60


def past_periods(text: str, lex: Lexicon, ref: tuple[int, int] | None, dates: list[DateMention]
                 ) -> list[tuple[int, int]]:
    """Spans of times well before the article's month ``ref``: a year before its year ("in May 2023", "en 2022",
    "в августе 2024 года"), a month of its year two or more months before it, a day date :data:`PAST_DAYS` or
    more before (``dates``: :func:`find_dates` of the text); not the start of a period ("since 2022", "depuis
    février 2024", "с 2022 года": words of ``dates.since``)."""
    if ref is None:
        return []
    today = dt.date(ref[0], ref[1], 15)
    out = [(d.start, d.end) for d in dates if d.date is not None and (today - d.date).days >= PAST_DAYS + 15]
    for m in _YEAR.finditer(text):
        year = int(m.group(1))
        if year > ref[0] or any(s <= m.start() < e for s, e in out):
            continue
        lo = max(0, m.start() - 16)
        month = lex.match_at_end("dates.months", text[lo:m.start()])  # "May 2023", "в августе 2024"
        start = lo + month.start() if month else m.start()
        if year == ref[0] and (month is None or lex.months[month.group(0).lower().strip()] > ref[1] - 2):
            continue
        if lex.match_at_end("dates.since", text[max(0, start - 40):start]):
            continue
        out.append((start, m.end()))
    return sorted(out)


@lru_cache(maxsize=None)
def _date_patterns(lex: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str]]:
    months = lex.rx["dates.months"].pattern
    day_month = re.compile(r"(?<!\d)(\d{1,2})(?:er|\.|-го|-е|th|st|nd|rd)?\s+(?:de\s+)?(" + months + r")",
                           re.IGNORECASE)
    # "Nov. 13-14", "November 13 to 14": the day a range ends is group 3
    month_day = re.compile(r"(" + months + r")\s+(\d{1,2})(?:st|nd|rd|th)?(?!\d)"
                           r"(?:\s*(?:-|–|to)\s*(\d{1,2})(?:st|nd|rd|th)?(?!\d))?", re.IGNORECASE)
    return day_month, month_day


def find_dates(text: str, lex: Lexicon, ref: tuple[int, int] | None) -> list[DateMention]:
    """Day dates and weekdays in ``text``. Without a reference month, day dates cannot be placed in a year."""
    day_month, month_day = _date_patterns(lex)
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    night_rx = lex.rx["dates.night"]
    # both day-date patterns need a digit and a month's name, and a weekday is one of a few words: most
    # sentences have neither
    present = {kind for _end, kind in _probe_automaton(lex).iter(text.lower())}
    day_dates = ((day_month, 1, 2), (month_day, 2, 1)) if "months" in present and _DIGIT.search(text) else ()
    for rx, day_group, month_group in day_dates:
        for m in rx.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            month = lex.months.get(m.group(month_group).lower().strip())
            day = int(m.group(day_group))
            if month is None or not 1 <= day <= 31 or ref is None:
                continue
            # a year right after the date ("février 2022") dates background, not this report
            tail = text[m.end():m.end() + 6]
            year_m = re.match(r",?\s*(\d{4})", tail)
            year = int(year_m.group(1)) if year_m else _year_for(month, ref)
            try:
                date = dt.date(year, month, day)
            except ValueError:
                continue
            night = night_rx.search(text[max(0, m.start() - 60):m.start()]) is not None
            if night and m.re is month_day and m.group(3) and day < int(m.group(3)) <= 31:
                # "on the night of Nov. 13-14": a night is dated by its morning
                date = date + dt.timedelta(days=int(m.group(3)) - day)
            out.append(DateMention(m.start(), m.end(), date, None, night))
            taken.append((m.start(), m.end()))
    weekdays = lex.rx["dates.weekdays"].finditer(text) if "weekdays" in present else ()
    for m in weekdays:
        if any(s <= m.start() < e + 3 or (m.end() <= s and s - m.end() < 8) for s, e in taken):
            continue  # "jeudi 31 juillet", "Saturday, December 21": the weekday of a full date
        night = night_rx.search(text[max(0, m.start() - 40):m.start()]) is not None
        out.append(DateMention(m.start(), m.end(), None, lex.weekdays[m.group(0).lower()], night))
    # "the day before yesterday" first: the "yesterday" inside it is not another date
    for key, offset in (("dates.day_before_yesterday", -2), ("dates.yesterday", -1)):
        if key in present:
            for m in lex.rx[key].finditer(text):
                if not any(s < m.end() and m.start() < e for s, e in taken):
                    out.append(DateMention(m.start(), m.end(), None, None, False, offset))
                    taken.append((m.start(), m.end()))
    out.sort(key=lambda d: d.start)
    return out


@lru_cache(maxsize=None)
def _probe_automaton(lex: Lexicon):
    """One automaton over the month and weekday forms and the words for yesterday and the day before, each
    → its kind ("months", "weekdays", "dates.yesterday", …): one pass over a sentence says which it may hold."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    kinds = {"months": lex.months, "weekdays": lex.weekdays,
             **{key: lex.raw_lists.get(key, ()) for key in ("dates.day_before_yesterday", "dates.yesterday")}}
    for kind, words in kinds.items():
        for word in words:
            automaton.add_word(word.lower(), kind)  # a form inside another is found on its own: both kinds stay
    automaton.make_automaton()
    return automaton


def resolve_weekday(weekday: int, anchors: list[dt.date], latest: dt.date | None = None) -> dt.date | None:
    """The date of a bare weekday: the day with that weekday nearest to a dated anchor (within six days), and
    not after ``latest`` (the article's day: a report's Saturday, written on a Wednesday, is the one before)."""
    best: tuple[int, dt.date] | None = None
    for anchor in anchors:
        for delta in range(-6, 7):
            d = anchor + dt.timedelta(days=delta)
            if latest is not None and d > latest:
                continue
            if d.weekday() == weekday and (best is None or abs(delta) < best[0]):
                best = (abs(delta), d)
    return best[1] if best else None
