"""Strikes and territorial claims from the sentences of an article, joined to the places they happened at.

Per sentence: trigger words decide whether it reports a strike (and with which weapons) or a change of control;
the place mentions that are not context (regions, reference points, launch areas, political actors, datelines)
become event locations; counts next to casualty, weapon and interception words become the figures. A sentence
without a place continues the previous event ("… les secours faisant état d'au moins un mort et de 26 blessés");
nationwide totals of drones and missiles, given before or after the named places, go to the first strike.
In a report of strikes, casualties at a place are a strike there even without an attack word.
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice, takewhile
from typing import Iterator

from geomap.dates import PAST_DAYS, DateMention, article_day, article_month, find_dates, past_periods, resolve_weekday
from geomap.lexicon import Lexicon, bare_word, find_regions, unify_apostrophes, word_forms
from geomap.mentions import ARTICLE_END, NATIONAL_SOURCES, Mention, source_before
from geomap.quantities import Quantity, find_quantities
from geomap.resolve import distance_km, foreign_regions
from geomap.segment import Sentence

__all__ = ["Event", "analyse_sentences", "extract_events", "claim_sentences", "sentence_figures"]

WEAPONS = ("drone", "missile", "air", "artillery")
CLAIM_KINDS = ("capture", "liberation", "advance", "withdrawal")
WAVE_FIGURES = ("drones_launched", "missiles_launched", "intercepted")  # a night's tally, not one place's
CONTEXT_ROLES = {"region", "political", "dateline", "launch", "direction", "district", "off_region"}
# after a verb: perhaps an age glued to its word by a hyphen ("62-летняя "), or an article and perhaps such an
# age ("a 45-year-old ")
# an age before a person noun: "71-year-old", "62-летняя", "65-jähriger", "65 Jahre alter"
_AGE = r"(?:\d+[-\u2010\u2011]\w+(?:[-\u2010\u2011]\w+)*\s+|\d+\s+Jahre\s+alte[rns]?\s+)?"
_AGE_GAP = re.compile(r"\s+" + _AGE)
_AGE_ONLY = re.compile(_AGE)
_ARTICLE_OBJECT = re.compile(r"\s+(\w+)\s+" + _AGE)
_CLAUSE_BREAK = re.compile(r"[,;:]|\s(?:and|et|und|і|та|й|и|а)\s", re.IGNORECASE)
_CONJ = re.compile(r"(?<!\w)(?:et|and|und|и|і|та|й|а|but|mais|aber)(?!\w)", re.IGNORECASE)


@dataclass
class Event:
    """An event before it becomes a record."""

    event_type: str
    mention: Mention
    sentences: list[int]
    figures: dict[str, int] = field(default_factory=dict)
    weapons: set[str] = field(default_factory=set)
    claim_kind: str | None = None
    actor: str | None = None
    claimant: str | None = None
    date: str | None = None
    time_precision: int | None = None
    confidence: float = 0.0
    # figures it holds as a list's total given to its first place, which a figure of its own replaces
    weak: set[str] = field(default_factory=set)
    # whether the text (or the ground struck) says who struck; else the actor is the report's last side or Russia
    side_known: bool = True

    def add_figure(self, name: str, value: int, weak: bool = False) -> None:
        """Keep the first figure of each kind, unless it was weak and this one is not."""
        if name not in self.figures or (name in self.weak and not weak):
            self.figures[name] = value
            if weak:
                self.weak.add(name)
            else:
                self.weak.discard(name)

    @property
    def sub_event_type(self) -> str:
        if self.event_type == "territorial_claim":
            return self.claim_kind or "capture"
        w = self.weapons
        if "drone" in w and "missile" in w:
            return "drone_and_missile"
        for kind in WEAPONS:
            if kind in w:
                return kind
        return "unspecified"


# --------------------------------------------------------------------------- figures


_KW = ("killed", "injured", "drone_noun", "missile_noun", "generic_noun", "bomb_noun", "intercept", "units")
#: Every phrase list a sentence is matched against, found in one pass by :meth:`Lexicon.spans`.
SENTENCE_KEYS: tuple[str, ...] = (
    *(f"triggers.{k}" for k in ("drone", "missile", "air", "artillery", "attack", "capture", "liberation",
                                "advance", "withdrawal", "denial", "habitual", "attempt", "attributive",
                                "hypothetical", "aftermath", "background", "debris")),
    *(f"figures.{k}" for k in (*_KW, "launch", "person_one", "rise_to")),
    "qualifiers.subset", "qualifiers.none",
)


def _kw_spans(text: str, lex: Lexicon, hits: dict[str, list[tuple[int, int]]] | None = None
              ) -> list[tuple[int, int, str]]:
    if hits is None:
        hits = lex.spans(text, SENTENCE_KEYS)
    return sorted((a, b, key) for key in _KW for a, b in hits[f"figures.{key}"])


_GAP_WORD = re.compile(r"[\w'-]+")
_COMMA_END = re.compile(r",\s*$")
_COMMA_START = re.compile(r"\s*,")


def _words_between(text: str, a: int, b: int, lex: Lexicon) -> int | None:
    """Words between offsets (qualifiers such as "au moins" do not count); None across a clause break."""
    gap = text[a:b]
    if any(c in gap for c in ";:") or "." in gap.strip(". "):
        return None
    if _may_hold_approx(text, lex) and lex.may_contain("qualifiers.approx", gap):
        gap = lex.rx["qualifiers.approx"].sub(" ", gap)
    return len(_GAP_WORD.findall(gap))


_approx_in: list = [None, None, False]  # the last (text, lexicon) asked about, and whether it may hold a qualifier


def _may_hold_approx(text: str, lex: Lexicon) -> bool:
    """Whether ``text`` may hold a phrase of ``qualifiers.approx``, kept for the last text (the gaps of one
    sentence are asked about many times in a row)."""
    last = _approx_in  # (another thread may replace it meanwhile: it is only a cache)
    if last[0] is text and last[1] is lex:
        return last[2]
    found = lex.may_contain("qualifiers.approx", text)
    _approx_in[:] = [text, lex, found]
    return found


def _subset_spans(text: str, lex: Lexicon, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of "dont un enfant," / "including three children": parts of a total, not totals."""
    spans = []
    for start, m_end in found:
        if start > 1 and text[start - 1] == " " and text[start - 2] in ",(–—":
            start -= 2
        stop = len(text)
        for j in range(m_end, len(text)):
            if text[j] in ",;.)":
                stop = j + 1 if text[j] in ",)" else j
                break
        spans.append((start, stop))
    return spans


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    out = list(text)
    for a, b in spans:
        for j in range(a, b):
            out[j] = " "
    return "".join(out)


def sentence_figures(text: str, lex: Lexicon, skip: list[tuple[int, int]] = (),
                     hits: dict[str, list[tuple[int, int]]] | None = None) -> list[tuple[str, int, int]]:
    """(field, value, position) of every figure in one sentence, in text order.

    ``skip`` are spans (dates) whose numbers are not counts. Casualty counts inside "including …" parts are
    not totals and are ignored; weapon counts there are ("550 engins, dont 539 drones").
    """
    if hits is None:
        hits = lex.spans(text, SENTENCE_KEYS)
    # "No one was hurt", "Personne n'a été blessé", "Kein Mensch wurde verletzt": nobody, with the word after it
    nobody = [(a, _WORD_AFTER.match(text, b).end()) for a, b in hits["qualifiers.none"]]
    blank = [*skip, *nobody]
    quantities = [q for q in find_quantities(text, lex) if not any(a < q.end and q.start < b for a, b in blank)
                  and not _is_measure(q, text, lex)]
    if not quantities:
        if hits["figures.killed"] or hits["figures.injured"]:
            return [f for f in _single_person(text, lex, [], [], hits) if not any(a <= f[2] < b for a, b in nobody)]
        return []
    if (hits["figures.killed"] or hits["figures.injured"]) and (len(quantities) > 1 or hits["figures.person_one"]):
        quantities = _people_lists(quantities, text, lex, hits)  # (only casualties are counted in people)
    subsets = _subset_spans(text, lex, hits["qualifiers.subset"])
    # "127 of which were shot down", "two of whom were children": the count before the phrase is the part
    subsets = [next(((q.start, b) for q in quantities if q.end < a and text[a].isalpha() and
                     not text[q.end:a].strip()), (a, b)) for a, b in subsets]
    masked = _blank(text, subsets)
    kws_plain = _kw_spans(text, lex, hits)
    # (the words the blanked parts leave: no phrase reaches across one)
    kws_masked = [t for t in kws_plain if not any(a < t[1] and t[0] < b for a, b in subsets)] if subsets else kws_plain
    has_launch = bool(hits["figures.launch"])
    out: list[tuple[str, int, int]] = []
    last_field: str | None = None
    # "17 of 20 drones (were shot down)": the whole is what was launched, the part what was intercepted
    out_of = _out_of_words(lex)
    wholes = {b for a, b in zip(quantities, quantities[1:]) if text[a.end:b.start].strip().lower() in out_of}
    parts = {a for a, b in zip(quantities, quantities[1:]) if b in wholes}
    # "Of the 93 drones, 67 were shot down", "Von 93 Drohnen wurden 67 abgeschossen": the whole first
    for a, b in zip(quantities, quantities[1:]):
        if not _is_article(a, lex) and not _is_article(b, lex) and \
                lex.match_at_end("figures.out_of", text[max(0, a.start - 12):a.start]) and \
                any(k in ("drone_noun", "missile_noun") and a.end <= ka < b.start and
                    (_words_between(text, a.end, ka, lex) or 0) <= 2 for ka, _kb, k in kws_plain) and \
                (_words_between(text, a.end, b.start, lex) or 99) <= 8:
            wholes.add(a)
            parts.add(b)
    placed_parts: list[tuple[str, int]] = []
    for q in quantities:
        if q in wholes:
            noun = next((k for a, _b, k in kws_plain if a >= q.end and k in ("drone_noun", "missile_noun")
                         and (_words_between(text, q.end, a, lex) or 0) <= 2), None)
            fld = {"drone_noun": "drones_launched", "missile_noun": "missiles_launched"}.get(noun or "")
            if fld and q.value is not None:
                out.append((fld, q.value, q.start))
            continue
        inside = any(a <= q.start < b for a, b in subsets)
        view, kws = (text, kws_plain) if inside else (masked, kws_masked)
        others = [o for o in quantities if o is not q and (inside or not any(a <= o.start < b for a, b in subsets))]
        fld = _figure_field(q, view, kws, lex, has_launch, last_field, others)
        if fld is None and last_field in ("killed", "injured") and _elliptical(q, view, lex):
            fld = last_field  # "Two were killed in Kostiantynivka and one in Druzhkivka"
        if q in parts and hits["figures.intercept"] and fld in (None, "drones_launched", "missiles_launched"):
            fld = "intercepted"
        if inside and fld in (None, "killed", "injured") and last_field in ("killed", "injured") and \
                q.value is not None and _placed_part(q, text, subsets, lex):
            # "sept civils ont été blessés dans l'oblast, dont quatre à Zaporijjia même": the part is the town's
            # own figure, and the total it is part of no place's
            placed_parts.append((fld or last_field, q.start))
            out.append((fld or last_field, q.value, q.start))
            continue
        if fld is None or (inside and fld in ("killed", "injured")):
            continue
        last_field = fld
        if q.value is not None:
            value = _people_named(q, view, lex, others) or q.value if fld in ("killed", "injured") and \
                _is_article(q, lex) else q.value  # "killed a man and a woman": two
            out.append((fld, value, q.start))
    for fld, pos in placed_parts[:1]:
        # (only a total counted over a region: "In Kharkiv, 11 were injured, including three in Saltivka" keeps 11)
        head = text[:pos]
        if lex.has("places.region_after", head) or lex.has("places.region_before", head) or find_regions(head):
            total = [f for f in out if f[0] == fld and f[2] < pos and (fld, f[2]) not in placed_parts][-1:]
            out = [f for f in out if f not in total]
    counted = [q for q in quantities if any(p == q.start for _f, _v, p in out)]
    if hits["figures.rise_to"]:
        out.extend(_tolls(text, lex, [q for q in quantities if q not in counted], {f for f, _v, _p in out},
                          hits["figures.rise_to"]))
    out.extend(f for f in _single_person(masked, lex, counted, out, hits)
               if not any(a <= f[2] < b for a, b in nobody))
    out.sort(key=lambda t: t[2])
    return _intercepts_summed(out, kws_plain)


def _placed_part(q: Quantity, text: str, subsets: list[tuple[int, int]], lex: Lexicon) -> bool:
    """Whether the count ``q`` of a part ("dont quatre …") is placed in its own words: a locative word and a
    name within its first few words ("dont quatre à Zaporijjia", "including four in Kherson", "з них троє у
    Херсоні")."""
    stop = next((b for a, b in subsets if a <= q.start < b), q.end)
    words = text[q.end:stop].split()[:8]
    for k, w in enumerate(words[:5]):
        if len(w) > 4 or lex.match_at_start("places.locative", w) is None:
            continue
        # "including two in the town of Beryslav", "darunter zwei in der Stadt Beryslaw"
        j = k + 1
        while j < min(len(words), k + 4) and (words[j].lower() in _BEFORE_NAME or
                                               lex.match_at_start("places.settlement", words[j])):
            j += 1
        # (not "з них четверо у Дніпровському районі": a district of the place, whose count the place keeps)
        if j < len(words) and words[j][:1].isupper() and \
                not lex.match_at_start("places.region_after", " ".join(words[j + 1:j + 2])):
            return True
    return False


_BEFORE_NAME = frozenset({"the", "of", "la", "le", "l'", "de", "du", "d'", "der", "dem", "den", "des", "von"})


def _intercepts_summed(out: list[tuple[str, int, int]], kws: list[tuple[int, int, str]]
                       ) -> list[tuple[str, int, int]]:
    """"shot down 14 of 18 cruise missiles and 220 of 290 drones": interceptions of missiles and of drones in one
    sentence are one figure, their sum (at the first's place)."""
    caught = [f for f in out if f[0] == "intercepted"]
    if len(caught) != 2:
        return out
    nouns = [next((k for a, _b, k in kws if p < a <= p + 40 and k in ("drone_noun", "missile_noun")), None)
             for _f, _v, p in caught]
    if None in nouns or nouns[0] == nouns[1]:
        return out
    first = caught[0]
    return [("intercepted", caught[0][1] + caught[1][1], first[2]) if f is first else f
            for f in out if f is not caught[1]]


@lru_cache(maxsize=None)
def _out_of_words(lex: Lexicon) -> frozenset[str]:
    """The words between a part and its whole ("17 of 20"), lower-cased."""
    return frozenset(w.lower() for w in lex.raw_lists.get("figures.out_of", ()))


def _is_measure(q: Quantity, text: str, lex: Lexicon) -> bool:
    """A number that measures (an age, a distance, a share) rather than counts: a unit word right after it,
    also joined by a hyphen ("62 ans", "45-year-old", "62-летняя", "45-річного", "20 km")."""
    return lex.match_at_start("figures.units", text[q.end:q.end + 24].lstrip(" -\u2010\u2011")) is not None


def _is_article(q: Quantity, lex: Lexicon) -> bool:
    """"killing a married couple": an article that reads as "one" only with a noun right after it."""
    return lex.match_at_start("qualifiers.articles", q.text) is not None and q.value == 1


def _figure_field(q: Quantity, view: str, kws: list[tuple[int, int, str]], lex: Lexicon, has_launch: bool,
                  last_field: str | None, others: list[Quantity]) -> str | None:
    """Which figure a count gives: the casualty or weapon word nearest to it, on either side, that is not
    separated from it by another count or a clause break."""
    nxt = min((o.start for o in others if o.start >= q.end), default=len(view))
    prv = max((o.end for o in others if o.end <= q.start), default=0)
    after = [(a, b, k) for a, b, k in kws if q.end <= a < nxt]
    before = [(a, b, k) for a, b, k in kws if prv <= b <= q.start]
    right = left = None
    if after:
        a, b, k = after[0]
        n = _words_between(view, q.end, a, lex)
        if n is not None and n <= 4 and not (n and _CONJ.search(view[q.end:a])):
            right = (n, a, b, k)
    # (past a unit word that is not the count's own: "two people in the village of Bilozerka were killed")
    # (or past a weapon word and its article after a person noun: "zwei Frauen durch eine Drohne getötet")
    nxt_count = min((o.start for o in others if o.start >= q.end and not _is_article(o, lex)), default=len(view))
    casualty = next(((a, b, k) for a, b, k in kws if q.end <= a < nxt_count and k in ("killed", "injured")), None) \
        if right is None or (right[3] == "units" and right[0] > 0) or \
        (right[3] in _WEAPON_NOUNS and right[0] > 0) else None
    if casualty and _counts_people(q, view, casualty[0], lex):
        right = (_words_between(view, q.end, casualty[0], lex), *casualty)  # "Zwei Menschen wurden … verletzt"
    if right is not None and (right[3] == "units" and right[0] == 0 or right[3] == "bomb_noun" and right[0] <= 1):
        return None  # "12 maisons", "20 km", "a 72-year-old"; "сбиты 4 управляемые авиабомбы": no drone, no missile
    if right is not None and right[0] > 0 and right[3] in ("drone_noun", "missile_noun", "generic_noun") and \
            q.value == 1 and lex.match_at_start("figures.out_of", view[q.end:right[1]].lstrip()):
        return None  # "one of its largest drone attacks", "одна из самых массированных атак дронов": no count
    if right is not None and right[0] > 0 and _is_article(q, lex) and \
            not lex.match_at_start("figures.person_one", view[q.end:q.end + 30].lstrip()) and \
            not (right[3] in ("drone_noun", "missile_noun") and right[0] <= 2):
        # "A strike on Kharkiv injured three": an article counts only as "un mort", "a person was injured", or
        # as one weapon ("70 drones and a ballistic missile")
        right = None
    if _COMMA_END.search(view[max(0, q.start - 3):q.start]) and _COMMA_START.match(view[q.end:q.end + 3]) and \
            lex.match_at_end("figures.person_one", view[max(0, q.start - 40):q.start].rstrip(" ,")):
        return None  # "a woman, 65, was injured": an age
    if before:
        a, b, k = before[-1]
        n = _words_between(view, b, q.start, lex)
        gap = view[b:q.start]
        # "killing 5", "погибли трое"; not "… perdu la vie et au moins dix", not "killing a married couple"
        # "killed a woman": an article is one only before a person noun, not a list's first ("wounded a woman and
        # two children" is no count of one)
        one = not _is_article(q, lex) or (k in ("killed", "injured") and n == 0 and _one_person(q, view, lex, others))
        if n is not None and "," not in gap and not _CONJ.search(gap) and one and \
                (n <= 2 and k in ("killed", "injured") or n == 0 and k == "intercept"):
            left = (n, a, b, k)
    if left is None and right is None and _person_noun_after(q, view, lex):
        # "tötete eine russische Gleitbombe drei Menschen": the casualty verb of the clause, a few words before
        # (an article between is no count)
        start = max((o.end for o in others if o.end <= q.start and not _is_article(o, lex)), default=0)
        for a, b, k in reversed([t for t in kws if start <= t[1] <= q.start]):
            n = _words_between(view, b, q.start, lex)
            gap = view[b:q.start]
            if k in ("killed", "injured") and n is not None and n <= 6 and not _PUNCTUATION_BREAK.search(gap) and \
                    not _CONJ.search(gap):
                left = (n, a, b, k)
                break
    if left is not None and (right is None or left[0] < right[0]):
        return "intercepted" if left[3] == "intercept" else left[3]
    if right is not None:
        n, a, b, k = right
        if k == "units":
            return None
        if k in ("killed", "injured"):
            return k
        if k == "intercept":
            return "intercepted" if n <= 3 else None
        if k in ("drone_noun", "missile_noun", "generic_noun"):
            intercepted = False
            for a2, _b2, k2 in [(a2, b2, k2) for a2, b2, k2 in kws if a2 >= b and a2 < nxt][:3]:
                gap = view[b:a2]
                words = _words_between(view, b, a2, lex)
                if k2 == "intercept" and words is not None and words <= 4 and "," not in gap:
                    intercepted = True
                    break
            if not intercepted and before and before[-1][2] == "intercept":
                n2 = _words_between(view, before[-1][1], q.start, lex)
                intercepted = n2 is not None and n2 <= 2
            if not intercepted and nxt < len(view) and _CONJ.fullmatch(view[b:nxt].strip()):
                # "268 drones and two missiles had been downed": the verb after the second count is the first's too
                after_next = min((o.start for o in others if o.start > nxt), default=len(view))
                intercepted = any(k2 == "intercept" and nxt <= a2 < after_next and
                                  (_words_between(view, nxt, a2, lex) or 99) <= 5 for a2, _b2, k2 in kws)
            if not intercepted:
                intercepted = _coordinated_with_intercept(q, view, kws, lex, others)
            if intercepted:
                return "intercepted"
            if k == "drone_noun" and has_launch:
                return "drones_launched"
            if k == "missile_noun" and has_launch:
                return "missiles_launched"
            return None
    if last_field and lex.match_at_end("qualifiers.more", view[max(0, q.start - 20):q.start]):
        return last_field
    return None


_PUNCTUATION_BREAK = re.compile(r"[,;:()–—]")
_AND = "and|et|und|і|та|й|и"  # the words that join the items of a list
_SEGMENT_MARK = re.compile(r"[,;:]")
_WEAPON_NOUNS = ("drone_noun", "missile_noun", "generic_noun", "bomb_noun")


_ELLIPSIS_BEFORE = re.compile(r"(?:,|;|:|(?<!\w)(?:" + _AND + r"|а))\s*$", re.IGNORECASE)
_NAME_THEN = re.compile(r"\s+[A-ZА-ЯІЇЄҐ][\w'’-]*(?:[ -][A-ZА-ЯІЇЄҐ][\w'’-]*)?")
_PLACE_THEN_END = re.compile(r"(?<!\w)(\w+)\s+[A-ZА-ЯІЇЄҐ][\w'’-]*(?:[ -][A-ZА-ЯІЇЄҐ][\w'’-]*)?\s*$")
_COUNT_CLOSES = re.compile(r"\s*(?:[,.;)]|$)")  # (the count ends its clause: "in Slowjansk einer.")


def _elliptical(q: Quantity, view: str, lex: Lexicon) -> bool:
    """A count with no word of its own that repeats the figure before it for another place: "Two were killed in
    Kostiantynivka and one in Druzhkivka", "deux à Kherson et un à Beryslav", "in Kramatorsk seien zwei
    Zivilisten getötet worden, in Slowjansk einer"."""
    before = view[max(0, q.start - 60):q.start]
    if _ELLIPSIS_BEFORE.search(before):  # "…, one in Druzhkivka": a place after it
        after = view[q.end:q.end + 40].lstrip(" -–—")
        prep = lex.match_at_start("places.locative", after)
        return prep is not None and prep.end() <= 4 and _NAME_THEN.match(after, prep.end()) is not None
    place = _PLACE_THEN_END.search(before)  # "…, in Slowjansk einer": the place before it, closing the clause
    return place is not None and lex.match_at_start("places.locative", place.group(1)) is not None and \
        _ELLIPSIS_BEFORE.search(before[:place.start()]) is not None and _COUNT_CLOSES.match(view, q.end) is not None


def _counts_people(q: Quantity, view: str, kw: int, lex: Lexicon) -> bool:
    """A count of people (a person noun right after it, or after one more word: "drei weitere Menschen") whose
    clause ends, within ten words, in the casualty word at ``kw``: verb-final German and long clauses."""
    gap = view[q.end:kw]
    if _PUNCTUATION_BREAK.search(gap) or _CONJ.search(gap) or (_words_between(view, q.end, kw, lex) or 99) > 10:
        return False
    return _person_noun_after(q, view, lex)


_WORD_AFTER = re.compile(r"\s*[\w'’-]*")


def _tolls(text: str, lex: Lexicon, quantities: list[Quantity], have: set[str], rises: list[tuple[int, int]]
           ) -> list[tuple[str, int, int]]:
    """"The death toll … has risen to seven", "Кількість загиблих … зросла до семи": a count right after a word of
    rise (``rises``: their spans), with a toll named before it in the sentence, is that toll's."""
    out = []
    for q in quantities:
        if q.value is None or not any(b <= q.start and not text[b:q.start].strip() for _a, b in rises):
            continue
        tolls = [(m.start(), f) for f in ("killed", "injured") if f not in have
                 for m in lex.rx[f"figures.toll_{f}"].finditer(text, 0, q.start)]
        if tolls:
            field = max(tolls)[1]
            out.append((field, q.value, q.start))
            have.add(field)
    return out


def _one_person(q: Quantity, view: str, lex: Lexicon, others: list[Quantity]) -> bool:
    """An article before a singular person noun that no count but another such article joins: "killed a woman
    (and injured …)", "killed a man and a woman" (see :func:`_people_named`)."""
    return _people_named(q, view, lex, others) > 0


def _people_named(q: Quantity, view: str, lex: Lexicon, others: list[Quantity]) -> int:
    """How many people a list of an article and a singular person noun, from ``q`` on, names: "a man" 1, "a man
    and a woman" 2, "a 61-year-old man and a woman" 2; 0 when a count joins it ("a woman and two children")."""
    people, at = 0, q
    while True:
        rest = view[at.end:at.end + 60]
        start = len(rest) - len(rest.lstrip())
        age = _AGE_GAP.match(rest)  # "a 61-year-old man"
        m = lex.match_at_start("figures.person_one", rest[age.end():] if age else rest[start:])
        if m is None:
            return people
        people += 1
        end = (age.end() if age else start) + m.end()
        joined = _LIST_NEXT.match(rest, end)
        nxt = next((o for o in others if joined and o.start == at.end + joined.end()), None)
        if nxt is None:
            return people
        if not _is_article(nxt, lex):
            return 0  # "a woman and two children": no count of the people named
        at = nxt


_LIST_NEXT = re.compile(r"\s*(?:,|(?:" + _AND + r")(?!\w))\s*", re.IGNORECASE)
_LIST_JOIN = re.compile(r",|(?<!\w)(?:" + _AND + r")(?!\w)", re.IGNORECASE)


def _other_casualty_after(casualties: list[tuple[int, int, str]], start: int, end: int, view: str) -> bool:
    """Whether a casualty word right after a list (two words on at most) is of another kind than the one before
    it in its clause."""
    before = [k for a, b, k in casualties if b <= start and not _PUNCTUATION_BREAK.search(view, b, start)]
    after = [k for a, b, k in casualties if a >= end and len(view[end:a].split()) <= 2]
    return bool(before and after and after[0] != before[-1])


def _person_item(view: str, at: int, lex: Lexicon, article: bool) -> int | None:
    """The end of the person noun right after offset ``at`` (an age may come first: "a 61-year-old man"): a
    singular one after an article, a singular or plural one after a count; None if there is none."""
    gap = _AGE_GAP.match(view, at)
    at = gap.end() if gap else at
    rest = view[at:at + 40]
    m = lex.match_at_start("figures.person_one", rest)
    if m is None and not article:
        m = lex.match_at_start("figures.person_noun", rest)
    return at + m.end() if m else None


def _people_lists(quantities: list[Quantity], view: str, lex: Lexicon,
                  hits: dict[str, list[tuple[int, int]]]) -> list[Quantity]:
    """Lists of people become one count: "two children and a woman" (3), "a woman and two children" (3), "двоє
    дітей та жінка" (3, the last named by its noun alone). Other quantities are kept as they are. No list goes
    on into a clause of another casualty word ("starben zwei Menschen und eine Frau wurde verletzt")."""
    casualties = sorted((a, b, k) for k in ("killed", "injured") for a, b in hits[f"figures.{k}"])
    out: list[Quantity] = []
    by_start = {q.start: q for q in quantities}
    skip: set[int] = set()
    for q in quantities:
        if q.start in skip:
            continue
        if q.value is None or not _LIST_JOIN.search(view, q.end, q.end + 50):
            out.append(q)  # (no list goes on from it: no need to look for its noun)
            continue
        end = _person_item(view, q.end, lex, _is_article(q, lex))
        total, items = (q.value, 1) if end is not None else (0, 0)
        members = []
        while end is not None and (joined := _LIST_NEXT.match(view, end)):
            nxt = by_start.get(joined.end())
            if nxt is not None and nxt.value is not None:
                item_end = _person_item(view, nxt.end, lex, _is_article(nxt, lex))
                value = nxt.value
            else:  # a noun alone: one person ("та жінка")
                gap = _AGE_ONLY.match(view, joined.end())
                one = lex.rx["figures.person_one"].match(view, gap.end())
                item_end, value = (one.end() if one and not nxt else None), 1
            if item_end is None:
                break
            total, items, end = total + value, items + 1, item_end
            if nxt is not None:
                members.append(nxt)
        if items < 2 or _other_casualty_after(casualties, q.start, end, view):
            out.append(q)
            continue
        skip.update(m.start for m in members)
        out.append(Quantity(q.start, end, total, view[q.start:end]))
    return out


def _person_noun_after(q: Quantity, view: str, lex: Lexicon) -> bool:
    """Whether a person noun follows the count, right after it or one word on ("drei weitere Menschen")."""
    return any(lex.match_at_start("figures.person_noun", w) for w in view[q.end:q.end + 40].split()[:2])


_LIST_END = re.compile(r"(?:,|\s(?:and|et|und|и|і|та|й))\s*$", re.IGNORECASE)


def _coordinated_with_intercept(q: Quantity, view: str, kws: list[tuple[int, int, str]], lex: Lexicon,
                                others: list[Quantity]) -> bool:
    """Whether ``q`` is a later item of a list of counts right after an interception verb ("сбиты 4 управляемые
    авиабомбы и 167 беспилотников", "shot down 20 drones and 3 missiles")."""
    head = None
    while True:  # back to the list's first count
        prev = max((o for o in others if o.end <= q.start), key=lambda o: o.end, default=None)
        if prev is None:
            break
        gap = view[prev.end:q.start]
        if not _LIST_END.search(gap) or len(_GAP_WORD.findall(gap)) > 4 or any(c in gap for c in ".;:"):
            break
        head = q = prev
    return head is not None and any(k == "intercept" and b <= head.start and "," not in view[b:head.start] and
                                    (_words_between(view, b, head.start, lex) or 0) <= 1 for _a, b, k in kws)


def _persons_from(text: str, lex: Lexicon, first: re.Match, quantities: list[Quantity]) -> int:
    """How many people a list of singular person nouns from ``first`` on names ("жінку та 14-річного хлопця": 2),
    with no count among them."""
    people, end = 1, first.end()
    while (joined := _LIST_NEXT.match(text, end)) and (gap := _AGE_ONLY.match(text, joined.end())) and \
            (nxt := lex.rx["figures.person_one"].match(text, gap.end())) and \
            not any(end <= q.start < nxt.start() for q in quantities):
        people, end = people + 1, nxt.end()
    return people


_OF_AFTER = re.compile(r"\s+of(?!\w)", re.IGNORECASE)


def _pair_at(text: str, at: int, lex: Lexicon) -> re.Match[str] | None:
    """A noun of two people (``figures.pair_noun``) at offset ``at``; not "a couple of"."""
    if not lex.raw_lists.get("figures.pair_noun"):
        return None
    m = lex.rx["figures.pair_noun"].match(text, at)
    return m if m is not None and not _OF_AFTER.match(text, m.end()) else None


def _pronoun_before(text: str, at: int, lex: Lexicon) -> bool:
    """Whether a pronoun for one person (``figures.person_pronoun``) stands among the three words before offset
    ``at``, in its clause ("вона загинула", "she was killed", "er wurde schwer verletzt")."""
    pronouns = _pronouns(lex)
    if not pronouns:
        return False
    clause = _PUNCTUATION_BREAK.split(text[max(0, at - 40):at])[-1]
    return any(bare_word(w) in pronouns for w in clause.split()[-3:])


@lru_cache(maxsize=None)
def _pronouns(lex: Lexicon) -> frozenset[str]:
    return word_forms(lex.raw_lists.get("figures.person_pronoun", ()))[0]


def _article_object(text: str, at: int, lex: Lexicon) -> re.Match[str] | None:
    """An article (and an age perhaps) after offset ``at``, right there or up to three words on in the same
    clause ("killed a man", "starb in Sumy eine Frau")."""
    for _ in range(4):
        m = _ARTICLE_OBJECT.match(text, at)
        if m is None or m.group(1)[0].isdigit():
            return None
        word = m.group(1)
        if lex.match_at_start("qualifiers.articles", word) or lex.match_at_start("qualifiers.definite", word):
            return m  # ("killing the driver": one victim too)
        at = m.end(1)
    return None


def _single_person(text: str, lex: Lexicon, quantities: list[Quantity], found: list[tuple[str, int, int]],
                   hits: dict[str, list[tuple[int, int]]]) -> list[tuple[str, int, int]]:
    """"Жінка … загинула", "a man was killed": one victim named by a singular noun, in a clause that counts none
    of that kind ("une femme a été tuée et trois personnes blessées, tandis qu'à Tchouhouïv, un homme … a été
    blessé")."""
    marks: list[int] | None = None
    extra = []
    for key in ("killed", "injured"):
        positions = [p for f, _, p in found if f == key]
        if positions:
            if marks is None:
                marks = [m.start() for m in _SEGMENT_MARK.finditer(text)]
            if not marks:
                continue  # one clause, already counted
        if not hits[f"figures.{key}"]:  # (``hits``: the sentence's spans, before any part of it was blanked)
            continue
        counted = {bisect_right(marks, p) for p in positions} if positions else ()
        words = [(a, b) for a, b in hits[f"figures.{key}"] if text[a:b].strip()]  # less any in a blanked part
        for kw_start, kw_end in words:
            if counted and bisect_right(marks, kw_start) in counted:
                continue
            gap = _AGE_GAP.match(text, kw_end)
            obj = _article_object(text, kw_end, lex)
            pair = _pair_at(text, gap.end(), lex) if gap else None
            if pair is None and obj:
                pair = _pair_at(text, obj.end(), lex)
            if pair is not None:  # "killing a married couple", "загинуло подружжя": two
                extra.append((key, 2, kw_start))
                break
            after = lex.rx["figures.person_one"].match(text, gap.end()) if gap else None
            if after and not any(kw_end <= q.start < after.start() for q in quantities):
                # "погиб мужчина", "ранена 62-летняя женщина": verb, subject; "травмовано жінку та 14-річного
                # хлопця": two
                extra.append((key, _persons_from(text, lex, after, quantities), kw_start))
                break
            # "killed a man", "a blessé une femme de 62 ans", "wounding a 45-year-old man": verb, article, an
            # age perhaps, one person; not "wounded a woman and two children"
            if obj:
                person = lex.rx["figures.person_one"].match(text, obj.end())
                clause = re.split(r"[,;:.]", text[person.end():person.end() + 40], maxsplit=1)[0] if person else ""
                if person and not [q for q in find_quantities(clause, lex)
                                   if not _is_measure(q, clause, lex) and not _is_article(q, lex)]:
                    extra.append((key, 1, kw_start))
                    break
            pairs = lex.rx["figures.pair_noun"].finditer(text, 0, kw_start) \
                if lex.raw_lists.get("figures.pair_noun") else ()
            for p in pairs:  # "An elderly couple was killed", "Un couple de retraités a été tué": two
                between = text[p.end():kw_start]
                if _pair_at(text, p.start(), lex) and len(between.split()) <= 6 and \
                        not _PUNCTUATION_BREAK.search(between) and \
                        not any(p.end() <= q.start < kw_start for q in quantities):
                    extra.append((key, 2, p.start()))
                    break
            if any(f == key for f, _, _ in extra):
                break
            if _pronoun_before(text, kw_start, lex) and \
                    not any(q.end <= kw_start and kw_start - q.end < 40 for q in quantities):
                extra.append((key, 1, kw_start))  # "вона загинула на місці", "she was killed": one
                break
            for p in lex.rx["figures.person_one"].finditer(text, 0, kw_start):
                between = text[p.end():kw_start]
                if any(p.end() <= q.start < kw_start for q in quantities):
                    continue
                if len(between.split()) <= 10 and not re.search(r"[;:]", between) and \
                        not any(q.end <= p.start() and p.start() - q.end < 15 for q in quantities):
                    extra.append((key, 1, p.start()))
                    break
            if any(f == key for f, _, _ in extra):
                break
    return extra


# --------------------------------------------------------------------------- sides and sources


def _source(info: _SentenceInfo, lex: Lexicon, attacker: str | None = None
            ) -> tuple[str, str | None, tuple[int, int], int] | None:
    """:func:`_claimant` of a sentence, found once per attacker. In a claim sentence (no attacker), troops are
    often the claim's object ("pushed Ukrainian troops out of Sudzha, Russian state media reported"): another
    source the sentence names is the one that reports."""
    if attacker not in info.sources:
        found = _claimant(info.text, lex, attacker)
        if found and attacker is None and info.claims:
            found = _beyond_forces(info.text, lex, found) or _claiming_forces(info, lex, found)
        info.sources[attacker] = found
    return info.sources[attacker]


def _named_sources(text: str, lex: Lexicon, found: tuple) -> Iterator[tuple]:
    """``found``, the first-ranked :func:`_claimant` of ``text``, then the other sources it names, by rank."""
    seen = {found[3]}
    yield found
    while (more := _claimant(text, lex, None, exclude=frozenset(seen))) is not None:
        seen.add(more[3])
        yield more


@lru_cache(maxsize=None)
def _armed_forces(lex: Lexicon) -> frozenset[int]:
    """Ranks of the claimants that name either side's armed forces."""
    return _forces_of(lex, "Russia") | _forces_of(lex, "Ukraine")


def _speaking(text: str, lex: Lexicon, found: tuple) -> tuple | None:
    """Of the sources a claim text names (``found`` the first-ranked), the first-ranked one that speaks, with a
    reporting verb that is no denial right after or before it ("Russian troops have advanced near X, Ukraine's
    military said, as Moscow pressed its offensive"; "teilte das Militär mit"). None when none does."""
    for c in _named_sources(text, lex, found):
        a, b = c[2]
        verb = lex.match_at_start("places.political", text[b:b + 40]) or \
            lex.match_at_end("places.political", ARTICLE_END.sub("", text[max(0, a - 40):a]))
        if verb and not lex.has("triggers.denial", verb.group(0)):
            return c
    return None


def _beyond_forces(text: str, lex: Lexicon, found: tuple) -> tuple | None:
    """The source of a claim text whose :func:`_claimant` is ``found``: that, unless it is troops (often the
    claim's object), then the source that speaks (which may be troops: "Ukraine's military said"), else another
    source the text names, if any."""
    forces = _armed_forces(lex)
    if found[3] not in forces:
        return found
    return _speaking(text, lex, found) or _claimant(text, lex, None, exclude=forces)


def _claiming_forces(info: _SentenceInfo, lex: Lexicon, found: tuple) -> tuple | None:
    """Of the forces a claim sentence names, the ones named last before its claim word: "Das russische Militär
    behauptet, die Stadt eingenommen zu haben; die ukrainische Armee bestreitet dies" is the Russian military's."""
    forces = _armed_forces(lex)
    first = info.claims[0][0]
    rest = islice(_named_sources(info.text, lex, found), 1, None)
    named = [found, *takewhile(lambda c: c[3] in forces, rest)]
    before = [c for c in named if c[2][1] <= first]
    # (forces named only after it are its object: "нанесли поражение формированиям ВСУ")
    return max(before, key=lambda c: c[2][1]) if before else None


def _reports(info: _SentenceInfo, lex: Lexicon) -> bool:
    """Whether a sentence has a reporting verb ("said", "a annoncé", "повідомив"): the lexicon's words that make a
    place named with them a political actor, or a source phrase ("selon", "according to", "за даними")."""
    return any(lex.may_contain(key, info.text) and lex.rx[key].search(info.text) is not None
               for key in ("places.political", "places.source"))


def _claimant(text: str, lex: Lexicon, attacker: str | None = None, exclude: frozenset[int] = frozenset()
              ) -> tuple[str, str | None, tuple[int, int], int] | None:
    """The most specific source the sentence names: the lexicon lists claimants in priority order. The forces of
    the ``attacker`` of a strike are who struck, not who reports it ("Russian forces shelled Kherson, the
    governor said"): passed over, as are the ranks in ``exclude``."""
    found = lex.claimant(text, (_forces_of(lex, attacker) if attacker else frozenset()) | exclude)
    if found is None:
        return None
    rank, span = found
    _rx, name, side = lex.claimants[rank]
    return name, side, span, rank


@lru_cache(maxsize=None)
def _forces_of(lex: Lexicon, side: str) -> frozenset[int]:
    """Ranks of the claimants that name a side's armed forces ("Russian military" for "russian troops")."""
    return frozenset(rank for rank, (_rx, name, s) in enumerate(lex.claimants)
                     if s == side and name.endswith(" military"))


def _side(text: str, lex: Lexicon, focus: list[tuple[int, int]], ignore: list[tuple[int, int]]) -> str | None:
    """Russia or Ukraine by the side words of the sentence, those next to a trigger counting most."""
    score = {"Russia": 0.0, "Ukraine": 0.0}
    for side, key in (("Russia", "actors.russia"), ("Ukraine", "actors.ukraine")):
        for m in lex.rx[key].finditer(text) if lex.may_contain(key, text) else ():
            if any(a <= m.start() < b for a, b in ignore):
                continue
            w = 1.0
            for a, b in focus:
                gap = text[min(b, m.end()):max(a, m.start())] if (m.start() >= b or m.end() <= a) else ""
                if len(gap.split()) <= 3:
                    w = 3.0
                    break
            score[side] += w
    if score["Russia"] == score["Ukraine"]:
        return None
    return max(score, key=lambda k: score[k])


_PLACE_KEYS = ("places.settlement", "places.region_before", "places.city", "places.village")


def _places_described(info: "_SentenceInfo", lex: Lexicon) -> list[tuple[int, int]]:
    """Side words that say whose a place or target is, not who struck: "in der russischen Grenzregion Kursk", "the
    Russian city of Saratov", "the Russian border region", "la ville russe de Belgorod", "a Russian airbase",
    "Russian-occupied Crimea" (found once per sentence)."""
    if info.described is not None:
        return info.described
    text, out = info.text, []
    whole, stems = _place_words(lex)

    def place_word(word: str) -> bool:
        word = bare_word(word)
        return word in whole or (bool(stems) and word.startswith(stems))
    for key in ("actors.russia", "actors.ukraine"):
        for m in lex.rx[key].finditer(text) if lex.may_contain(key, text) else ():
            after = text[m.end():m.end() + 30].split()[:2]
            before = text[max(0, m.start() - 20):m.start()].split()[-1:]
            if any(place_word(w) for w in (*after, *before)) or \
                    any(a <= m.start() < b for a, b in info.hits.get("triggers.attributive", ())):
                out.append(m.span())
    info.described = out
    return out


_PRONOUNS = frozenset({"celle", "celles", "celui", "ceux"})  # "celle de Donetsk": the region named before


@lru_cache(maxsize=None)
def _place_words(lex: Lexicon) -> tuple[frozenset[str], tuple[str, ...]]:
    """The one-word settlement and region words and the first words of the region phrases ("region of"),
    lower-cased: whole words, and wildcard stems."""
    words = [p for k in (*_PLACE_KEYS, "actors.targets") for p in lex.raw_lists.get(k, ()) if len(p.split()) == 1]
    words += [w for p in lex.raw_lists.get("places.region_before", ()) if p.split()
              and len(w := unify_apostrophes(p).lower().split()[0]) > 4 and w not in _PRONOUNS]  # not "la", "celle"
    return word_forms(words)


def _wave_side(info: "_SentenceInfo", lex: Lexicon) -> str | None:
    """Who launched a night's drones and missiles: the side the tally's sentence names ("la Russie a tiré 143
    drones"), else the other side than its source's ("selon l'armée de l'air ukrainienne": Russia's)."""
    found = _source(info, lex)
    focus = [span for key in ("figures.launch", "figures.drone_noun", "figures.missile_noun")
             for span in info.hits.get(key, ())]
    side = _side(info.text, lex, focus, [found[2]] if found else [])
    if side is None and found and found[1] in ("Russia", "Ukraine"):
        side = "Russia" if found[1] == "Ukraine" else "Ukraine"
    return side


# --------------------------------------------------------------------------- events


@dataclass
class _SentenceInfo:
    sentence: Sentence
    text: str
    weapons: set[str]
    strike: bool
    claims: list[tuple[int, str]]
    denial: bool
    habitual: bool
    figures: list[tuple[str, int, int]]
    dates: list[DateMention]
    hits: dict[str, list[tuple[int, int]]] = field(default_factory=dict)  # SENTENCE_KEYS spans, if it has any
    sources: dict[str | None, tuple | None] = field(default_factory=dict, repr=False)  # _claimant by attacker
    described: list[tuple[int, int]] | None = field(default=None, repr=False)  # _places_described, once found


# a sentence with none of these words needs no closer look (most sentences of an article)
_SCREEN_KEYS = ("triggers.drone", "triggers.missile", "triggers.air", "triggers.artillery", "triggers.attack",
                "triggers.capture", "triggers.liberation", "triggers.advance", "triggers.withdrawal",
                "figures.killed", "figures.injured", "figures.drone_noun", "figures.missile_noun",
                "figures.generic_noun", "figures.intercept", "figures.launch")


def _analyse(s: Sentence, norm: str, lex: Lexicon, ref: tuple[int, int] | None, today: dt.date | None = None
             ) -> _SentenceInfo:
    text = norm[s.start:s.end]
    dates = find_dates(text, lex, ref)
    hits = lex.spans(text, SENTENCE_KEYS)
    if not any(hits[k] for k in _SCREEN_KEYS):
        return _SentenceInfo(s, text, set(), False, [], False, False, [], dates)
    if hits["figures.launch"] and lex.raw_lists["figures.intercept_particle"]:
        _separable_intercepts(text, lex, hits)
    weapons = {w for w in WEAPONS if hits[f"triggers.{w}"]}
    strike = bool(weapons) or bool(hits["triggers.attack"])
    claims = sorted((a, kind) for kind in CLAIM_KINDS for a, _b in hits[f"triggers.{kind}"])
    if len(claims) > 1:  # one place, two kinds: the longer phrase ("заняли выгодные позиции", an advance)
        ends = {(a, kind): b for kind in CLAIM_KINDS for a, b in hits[f"triggers.{kind}"]}
        claims = [(a, kind) for a, kind in claims
                  if not any(a2 == a and k2 != kind and b2 > ends[(a, kind)] for (a2, k2), b2 in ends.items())]
    if claims and hits["triggers.attempt"]:
        claims = [(a, kind) for a, kind in claims if not _attempted(text, a, hits["triggers.attempt"])]
    if claims and hits["triggers.debris"]:  # "Trümmerteile sind auf ein Wohnhaus gefallen": debris fell
        claims = [(a, kind) for a, kind in claims if not any(
            b <= a and not _PUNCTUATION_BREAK.search(text, b, a) for _d, b in hits["triggers.debris"])]
    if claims and hits["triggers.attributive"]:
        claims = [(a, kind) for a, kind in claims if not any(s <= a < e for s, e in hits["triggers.attributive"])]
    date_spans = [(d.start, d.end) for d in dates]
    figures = sentence_figures(text, lex, date_spans, hits)
    # "… would expose Sloviansk and Kramatorsk to further attacks", "A funeral was held in Lviv for a soldier
    # killed …": what may happen, the aftermath or the past, when nothing is counted
    habitual = bool(hits["triggers.habitual"]) or (not figures and bool(hits["triggers.hypothetical"] or
                                                                      hits["triggers.aftermath"]))
    # "Нагадаємо, минулого тижня … загинули троє": an earlier event recalled, unless dated in the last days
    if hits["triggers.background"] and not _dated_within(dates, today, 3):
        habitual = True
    # "Russian forces captured Bakhmut in May 2023": the history of a place, no claim of this report; a strike
    # told with such a date and nothing counted is no event either
    past = past_periods(text, lex, ref, dates) if (claims or strike and not figures) and \
        (_FOUR_DIGITS.search(text) or any(d.date is not None for d in dates)) else []
    if past:
        claims = [(a, kind) for a, kind in claims if not _in_past_clause(text, a, past)]
        if strike and not figures and not _dated_within(dates, today or dt.date(ref[0], ref[1], 15), PAST_DAYS - 1):
            habitual = True
    return _SentenceInfo(s, text, weapons, strike, claims, bool(hits["triggers.denial"]), habitual, figures, dates,
                         hits)


_CLAUSE_END = re.compile(r"[,;:]|$")
_FOUR_DIGITS = re.compile(r"\d{4}")


def _dated_within(dates: list[DateMention], today: dt.date | None, days: int) -> bool:
    """Whether a date of the sentence lies at most ``days`` before ``today``; a weekday or "yesterday" always
    does, a day date never without ``today``."""
    return any(d.weekday is not None or d.offset is not None or
               (d.date is not None and today is not None and (today - d.date).days <= days) for d in dates)


def _in_past_clause(text: str, at: int, past: list[tuple[int, int]]) -> bool:
    """Whether the claim word at ``at`` is told of a time in ``past`` (spans of :func:`past_periods`): one in
    its own clause ("захопили Бахмут у травні 2023 року"), or set off alone next to it ("La chute d'Avdiïvka,
    en février 2024, …")."""
    marks = [m.start() for m in _PUNCTUATION_BREAK.finditer(text)]
    bounds = [-1, *marks, len(text)]

    def clause(pos: int) -> int:
        return next(k for k in range(len(bounds) - 1) if bounds[k] < pos <= bounds[k + 1])

    own = clause(at)
    for a, b in past:
        k = clause(a)
        if k == own or (abs(k - own) == 1 and clause(b) == k and
                        len(text[bounds[k] + 1:bounds[k + 1]].split()) <= 5):
            return True
    return False


def _attempted(text: str, at: int, attempts: list[tuple[int, int]]) -> bool:
    """Whether the claim word at ``at`` is only tried ("намагався просунутися", "tried to advance", "versuchten
    vergeblich vorzurücken"): an attempt word (``attempts``: their spans) at most two words before it, in the
    same clause."""
    for _a, b in attempts:
        gap = text[b:at]
        if b <= at and len(gap.split()) <= 2 and not any(c in gap for c in ".,;:"):
            return True
    return False


def _separable_intercepts(text: str, lex: Lexicon, hits: dict[str, list[tuple[int, int]]]) -> None:
    """"Die Flugabwehr schoss zwölf Drohnen ab": a launch verb whose clause ends in a particle of
    ``figures.intercept_particle`` is an interception, found where its particle stands (after the count); not
    with a target between them ("schossen 20 Drohnen auf die Stadt ab", words of ``figures.fired_at``)."""
    launches = []
    for a, b in hits["figures.launch"]:
        end = _CLAUSE_END.search(text, b).start()
        m = lex.match_at_end("figures.intercept_particle", text[:end].rstrip(" .!?\"'»“”)"))
        if m is not None and m.start() >= b and not lex.has("figures.fired_at", text[b:m.start()]):
            hits["figures.intercept"] = sorted([*hits["figures.intercept"], m.span()])
        else:
            launches.append((a, b))
    hits["figures.launch"] = launches


def _locations(ms: list[Mention], info: "_SentenceInfo", etype: str | None) -> list[Mention]:
    """Mentions that can be where an event happened: settlements not used as context; the capital only where
    the text puts something in or on it. A reference point ("near X") stands in only for a concrete strike
    (casualties or weapons) or an advance that names no other place, and only the first of a list."""
    usable = [m for m in ms if m.chosen is not None and not (m.roles & CONTEXT_ROLES)]
    usable = [m for m in usable if m.chosen.place.kind != "capital" or m.roles & {"locative", "capital", "target"}]
    # "Nova Khakova" read as the village "Nova": part of a longer name; a city's name before another name
    # ("Kharkiv National University") still places the event in that city
    usable = [m for m in usable if "truncated" not in m.roles or m.is_town_by_own_name()]
    direct = [m for m in usable if not m.roles & {"near", "landmark"}]
    if direct and etype == "territorial_claim" and len(direct) < len(usable):
        # "окупували село Щербинівка, а також просунулися поблизу Торецька": an advance word whose own places
        # are all reference points advanced near the first of them
        start = info.sentence.start
        for a, kind in info.claims:
            if kind != "advance":
                continue
            after = [m for m in usable if m.start - start > a and not any(
                b > a and b < m.start - start for b, _k in info.claims)]
            if after and "near" in after[0].roles and not any(
                    m.start < after[0].start for m in direct if m.start - start > a):
                direct.append(after[0])
        direct.sort(key=lambda m: m.start)
        return direct
    if direct or not usable:
        return direct
    concrete = etype == "strike" and (info.weapons or any(f in ("killed", "injured") for f, _v, _p in info.figures))
    if concrete or (etype == "territorial_claim" and _claim_kind(info) == "advance"):
        return usable[:1]
    return []


def analyse_sentences(text: str, sentences: list[Sentence], lex: Lexicon, article_date: str | None
                      ) -> list[_SentenceInfo]:
    """What each sentence says, before any place is known: its weapons, claims, figures and dates (what
    :func:`extract_events` joins to the resolved places; computed once, also for :func:`claim_sentences`)."""
    norm = unify_apostrophes(text)
    ref = article_month(article_date)
    today = article_day(article_date) if article_date and len(article_date) == 10 else None
    return [_analyse(s, norm, lex, ref, today) for s in sentences]


def claim_sentences(infos: list[_SentenceInfo]) -> set[int]:
    """Indexes of the sentences that report a capture, liberation, advance or withdrawal."""
    return {i.sentence.index for i in infos if i.claims}


def extract_events(text: str, sentences: list[Sentence], mentions: list[Mention], lex: Lexicon,
                   article_date: str | None, infos: list[_SentenceInfo] | None = None,
                   occupied: frozenset[int] = frozenset()) -> list[Event]:
    """The events of one article body, in text order (see the module docstring).

    ``infos`` is :func:`analyse_sentences` of the same text when already made; ``occupied`` the gazetteer rows
    of the places under occupation on the article's day (where a strike that names no side is Ukraine's).
    """
    ref = article_month(article_date)
    if infos is None:
        infos = analyse_sentences(text, sentences, lex, article_date)
    anchors = [d.date for i in infos for d in i.dates if d.date is not None]
    if article_date and len(article_date) == 10:
        anchors.insert(0, dt.date.fromisoformat(article_date))
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)

    events: list[Event] = []
    index: dict[tuple[str, int], Event] = {}
    pending: dict[str, int] = {}  # a wave's figures, reported before any strike's place
    pending_weapons: set[str] = set()
    pending_regions: list[Mention] = []  # the regions it was counted over, if any
    last: Event | None = None
    left: Event | None = None  # the last event before the report moved on to another region
    unplaced: _SentenceInfo | None = None  # a claim that named no place
    dangling: _SentenceInfo | None = None  # casualties in a region, no place named, nothing to give them to
    reports_strikes = any(i.strike and not i.habitual for i in infos)

    def placed_later(etype: str, m: Mention, said: _SentenceInfo, sentences: list[int]) -> Event:
        """A new event at ``m`` of what sentence ``said`` reports, the place named in another sentence."""
        ev = index[(etype, m.chosen.place.idx)] = Event(etype, m, sentences)
        events.append(ev)
        _attribute(ev, said, lex, m, occupied, None, by_sentence.get(said.sentence.index, []))
        ev.date, ev.time_precision = _date_for(said, infos, anchors, ref, article_date)
        return ev

    for info in infos:
        s = info.sentence
        ms = by_sentence.get(s.index, [])
        if info.habitual:
            continue
        etype = _event_type(info)
        if etype is None and reports_strikes and any(f in ("killed", "injured") for f, _v, _p in info.figures):
            etype = "strike"  # "In Dnipro starben drei Menschen": casualties in a report of strikes
        locs = _locations(ms, info, etype)
        claim, unplaced = unplaced, (info if etype == "territorial_claim" and not locs else None)
        hanging, dangling = dangling, None
        if hanging is not None and s.index == hanging.sentence.index + 1 and \
                s.paragraph == hanging.sentence.paragraph and \
                (etype is None or etype == "strike" and not (info.figures or info.weapons or info.claims)):
            # "В Белгородской области … погиб мирный житель. Трагедия произошла в поселке Красная Яруга.": the
            # next sentence names the place, of the region named, of casualties that had none
            m = _place_named_next(hanging, ms, by_sentence.get(hanging.sentence.index, []))
            if m is not None:
                last = placed_later("strike", m, hanging, [hanging.sentence.index, s.index])
                last.weapons |= hanging.weapons
                for f, v, _p in hanging.figures:
                    last.add_figure(f, v)
                continue
        if etype is None and claim is not None and s.index == claim.sentence.index + 1 and \
                s.paragraph == claim.sentence.paragraph:
            # "… announced the capture of another village in the Donetsk region. It is the village of Pobeda,
            # …": the next sentence names the place of a claim that named none
            named = [m for m in _locations(ms, claim, "territorial_claim") if "named" in m.roles]
            if named:
                placed_later("territorial_claim", named[0], claim, [claim.sentence.index, s.index])
                continue
        if etype == "territorial_claim" and not locs and s.index > 0 and \
                infos[s.index - 1].sentence.paragraph == s.paragraph and lex.has("places.settlement", info.text):
            # "Im ostukrainischen Pokrowsk dauern die Kämpfe an. Das russische Militär behauptet, die Stadt
            # eingenommen zu haben.": the town the claim speaks of, the one place the sentence before names
            before = [m for m in _locations(by_sentence.get(s.index - 1, []), info, etype) if not m.is_region]
            if len({m.chosen.place.idx for m in before}) == 1 and \
                    ("territorial_claim", before[0].chosen.place.idx) not in index:
                placed_later("territorial_claim", before[0], info, [s.index - 1, s.index])
                unplaced = None
                continue
        # "У с. Гатище Вовчанської громади": a hromada named right after a place of it labels that place
        locs = [m for m in locs if not any(_labels(m, other) for other in locs)]
        if etype == "strike" and last is not None and locs and all(_within_last(m, last) for m in locs):
            locs = []  # "…, the car was driving through the Derhachi community": the hromada of the last event
            ms = [m for m in ms if not _within_last(m, last)]
        if etype == "strike" and last is not None and locs and info.figures and not info.weapons and \
                infos[max(last.sentences)].sentence.paragraph == s.paragraph and \
                all(_titles_someone(m, text, lex) and _same_region(m, last) for m in locs):
            # "Bei Beschuss von Kupjansk … Drei weitere Menschen seien verletzt worden, teilte der Leiter der
            # Militärverwaltung von Charkiw mit": the region's source telling more of the last event
            ms = [m for m in ms if not any(m is t for t in locs)]
            locs = []
        if etype and locs:
            created = []
            for m in locs:
                key = (etype, m.chosen.place.idx)
                ev = index.get(key)
                if ev is None:
                    ev = Event(etype, m, [s.index])
                    index[key] = ev
                    events.append(ev)
                    # a strike that names no side continues the report's last one ("… Ukrainian forces attacked
                    # Kakhovka and Nova Kakhovka. In Dnipriany, a school was damaged.")
                    previous = last.actor if last is not None and etype == "strike" and \
                        infos[max(last.sentences)].sentence.paragraph == s.paragraph else None
                    _attribute(ev, info, lex, m, occupied, previous, ms)
                    ev.date, ev.time_precision = _date_for(info, infos, anchors, ref, article_date)
                    if etype == "strike":
                        # (drones downed over the Kaluga region are no figure of a strike in the Bryansk region)
                        if not pending_regions or any(_same_region(r, ev) for r in pending_regions):
                            for k, v in pending.items():
                                ev.add_figure(k, v)
                            if pending and not info.weapons:  # the wave's weapons, when the sentence names none
                                ev.weapons |= pending_weapons
                        pending.clear()
                        pending_weapons.clear()
                        pending_regions.clear()
                elif s.index not in ev.sentences:
                    ev.sentences.append(s.index)
                if etype == "strike":
                    ev.weapons |= info.weapons
                created.append(ev)
            _assign_figures(created, info, ms)
            last = created[-1] if etype == "strike" else last
            continue
        if not info.figures and not info.weapons:
            continue
        regions_elsewhere = [m for m in ms if m.is_region and last is not None and not _same_region(m, last)
                             and not m.roles & {"launch", "political"} and not _titles_someone(m, text, lex)
                             and not _city_district(m, last, text, lex)]
        if any(m.region_admin1 or any(c.place.kind in ("oblast", "raion") for c in m.candidates)
               for m in regions_elsewhere):
            # "Dnipropetrovsk Oblast: Russian troops struck Nikopol district. A woman was injured.": the report has
            # moved on to another region; what follows is no longer the last place's
            left = last
        # places the sentence is about: not context (regions, launch areas, directions, a word read as a village
        # of another oblast: "Сили ППО" is no village Syla)
        others = [m for m in ms if m.chosen is not None and not (m.roles & CONTEXT_ROLES) and not m.is_region]
        if last is not None and last is not left and not others and not regions_elsewhere and \
                s.paragraph - infos[max(last.sentences)].sentence.paragraph <= 2:
            regional = any(f in ("killed", "injured") for f, _v, _p in info.figures) and (
                any(m.is_region and not _titles_someone(m, text, lex) and not _city_district(m, last, text, lex)
                    for m in ms) or lex.has("qualifiers.region_wide", info.text))  # "attacks across the region killed"
            # "… shelled Kherson, Antonivka, Stanislav and Bilozerka. One person was killed and six others were
            # injured.": the list's total, not its last place's
            regional = regional or "listed" in last.mention.roles and sum(
                1 for e in events if e.sentences[0] == last.sentences[0] and "listed" in e.mention.roles) > 1
            wave = any(f in WAVE_FIGURES for f, _v, _p in info.figures)
            # a tally of the night's drones and missiles that names no place is the report's lead strike's, not
            # the last place named before it ("Saporischschja … Dnipro … Russland habe 310 Drohnen eingesetzt")
            # (whose wave, only when both sides struck: else the last strike's side's)
            both = wave and len({e.actor for e in events if e.event_type == "strike"}) > 1
            side = (_wave_side(info, lex) if both else None) or last.actor if wave else None
            lead = next((e for e in events if e.event_type == "strike" and e.actor == side), last) if wave else last
            for f, v, _p in info.figures:
                if regional and f in ("killed", "injured"):
                    continue  # "… across the Sumy region, wounding nine": a regional total, not this place's
                (lead if f in WAVE_FIGURES else last).add_figure(f, v)
            if info.strike and not wave:  # a nationwide tally's weapons are the wave's, not this place's
                last.weapons |= info.weapons
            if s.index not in lead.sentences and info.figures:
                lead.sentences.append(s.index)
        else:
            if not any(e.event_type == "strike" for e in events) and not others:  # claims before the wave
                # a Russian or Belarusian region's own tally ("над Калужской областью сбиты …"), not the night's
                pending_regions.extend(m for m in ms if m.is_region and "launch" not in m.roles and
                                       ({m.region_admin1} if m.region_admin1 else
                                        {c.place.admin1 for c in m.candidates}) & foreign_regions())
                for f, v, _p in info.figures:
                    if f in WAVE_FIGURES:
                        pending.setdefault(f, v)
                        pending_weapons.update(info.weapons)
            if etype == "strike" and not others and any(m.is_region for m in ms) and \
                    any(f in ("killed", "injured") for f, _v, _p in info.figures):
                dangling = info

    def elsewhere(i: int, ev: Event, source: str | None = None) -> bool:
        """Whether sentence ``i`` names a place more than 25 km from the event's: it reports on another place
        (a district of the city struck is no other place). For a regional ``source`` (a governor), only a place
        of another region is elsewhere; for a national one's claim (a defence ministry's list), none."""
        if source in NATIONAL_SOURCES and ev.event_type == "territorial_claim":
            return False
        regional = source in _REGIONAL_SOURCES
        p = ev.mention.chosen.place
        return any(m.chosen is not None and not m.is_region and "off_region" not in m.roles and
                   distance_km(p.latitude, p.longitude, m.chosen.place.latitude, m.chosen.place.longitude) > 25
                   and not (regional and p.admin1 is not None and m.chosen.place.admin1 == p.admin1)
                   for m in by_sentence.get(i, []))

    def of_another_region(source: tuple, i: int, ev: Event) -> bool:
        """Whether ``source`` is a regional one (a governor) whose sentence ``i`` names another region than the
        event's."""
        return source[0] in _REGIONAL_SOURCES and any(r.is_region and not _same_region(r, ev)
                                                      for r in by_sentence.get(i, []))

    @lru_cache(maxsize=1)
    def closing() -> _SentenceInfo | None:
        """A last sentence that only says who reported all this ("Про це повідомила Сумська ОВА.")."""
        info = infos[-1] if infos else None
        if info is None or info.strike or info.claims or len(info.text.split()) > 12 or \
                not all(m.is_region for m in by_sentence.get(info.sentence.index, [])) or not _reports(info, lex):
            return None
        return info
    for ev in events:
        ev.sentences.sort()
        attacker = ev.actor if ev.event_type == "strike" else None
        # the source of the sentence that names the place first ("… in Dnipro, injuring 11, the governor said"),
        # before that of a nationwide tally joined to it ("the air force said Russia had launched 98 drones")
        # (when it reports: "Zelensky and Trump spoke after the attack on Kyiv" names no source of it)
        here = infos[ev.mention.sentence]
        own = _source(here, lex, attacker) if ev.mention.sentence in ev.sentences else None
        if own and ev.event_type == "territorial_claim" and \
                (clause := _own_claim(here, ev.mention.start - here.sentence.start)):
            own = _clause_source(here, lex, *clause[1]) or own  # "…, while Russia claimed the capture of …"
        if own and len(ev.sentences) > 1 and not _reports(here, lex):
            own = None
        found = [own] if own else [c for i in ev.sentences if (c := _source(infos[i], lex, attacker))]
        if not found:  # "…, a annoncé le gouverneur." in the next sentence of the same paragraph
            nxt = ev.sentences[-1] + 1
            # only from a sentence that reports this, saying who said it ("Це повідомив голова ОВА."), not from
            # one about something else ("… tuées à Soumy. Moscou affirme avoir pris …", "Meanwhile, delegations
            # from Kyiv and Moscow met in Istanbul.", "Le président s'est entretenu avec Emmanuel Macron à Paris."),
            # nor from one that denies it or does not confirm it ("Ukrainian officials have not confirmed it.")
            if nxt < len(infos) and infos[nxt].sentence.paragraph == infos[ev.sentences[-1]].sentence.paragraph \
                    and not infos[nxt].claims and _reports(infos[nxt], lex) and \
                    not lex.has("triggers.denial", infos[nxt].text) and not elsewhere(nxt, ev) and \
                    (not infos[nxt].strike or not any(m.chosen is not None and not m.is_region and
                                                      m.chosen.place.idx != ev.mention.chosen.place.idx
                                                      for m in by_sentence.get(nxt, []))):
                found = [c for c in [_source(infos[nxt], lex, attacker)] if c]
        prv = ev.sentences[0] - 1
        same_para = prv >= 0 and infos[prv].sentence.paragraph == infos[ev.sentences[0]].sentence.paragraph
        if not found and same_para and (infos[prv].claims if ev.event_type == "territorial_claim"
                                        else infos[prv].strike):
            # "Кроме того, войска … заняли …", "… a annoncé le gouverneur. Deux personnes ont été blessées à X":
            # the previous sentence of the same report names the source; a governor's, for all of the region;
            # a defence ministry's, for all its list ("Кроме того, бойцы … освободили Ягодное")
            source = _source(infos[prv], lex, attacker)
            if source and not elsewhere(prv, ev, source[0]):
                found = [source]
        if ev.event_type == "strike" and not ev.weapons and same_para and infos[prv].strike and \
                not any(m.chosen is not None and not m.is_region for m in by_sentence.get(prv, [])):
            ev.weapons |= infos[prv].weapons  # "… frappé la région d'Odessa avec des missiles. … blessées à X"
        if not found:
            # the report's lead names the source for what follows ("… overnight, the head of the regional
            # military administration said. [later paragraph] In Bilopillia, two were injured.")
            lead = next((i for i in infos[:ev.sentences[0] + 1]
                         if (i.strike if ev.event_type == "strike" else i.claims)), None)
            source = _source(lead, lex, attacker) if lead is not None else None
            # "… обстрілювали 38 населених пунктів. Про це повідомив начальник ОВА.": the lead's source in one of
            # the next two sentences of its paragraph that only report; a governor of another region is not this
            # one's source
            for nxt in range(lead.sentence.index + 1, lead.sentence.index + 3) if lead and not source else ():
                if nxt >= len(infos) or infos[nxt].sentence.paragraph != lead.sentence.paragraph or \
                        infos[nxt].claims or not all(m.is_region for m in by_sentence.get(nxt, [])):
                    break
                if _reports(infos[nxt], lex) and (source := _source(infos[nxt], lex, attacker)):
                    if of_another_region(source, nxt, ev):
                        source = None
                    break
            # a lead about another place ("repelled 45 attacks near Pokrovsk") is not this one's, unless its
            # source reports on the whole region or front
            found = [source] if source and not elsewhere(lead.sentence.index, ev, source[0]) else []
        if not found and (last_line := closing()) is not None and last_line.sentence.index > max(ev.sentences):
            # "Про це повідомила Сумська ОВА.", closing the report: the source of all it reports, in its region
            source = _source(last_line, lex, attacker)
            if source and not of_another_region(source, last_line.sentence.index, ev):
                found = [source]
        if found:
            ev.claimant = min(found, key=lambda c: c[3])[0]
        elif attacker and ev.claimant in {lex.claimants[r][1] for r in _forces_of(lex, attacker)}:
            ev.claimant = None  # "Russian forces shelled …" names who struck, and no source
    # a strike that names no side, reported by the authorities Moscow installed in occupied ground: Ukraine's ("Также
    # под обстрелом оказалась Горловка", after "сообщил глава ДНР"), where no list of occupation says so
    for ev in events:
        if ev.event_type == "strike" and not ev.side_known and ev.claimant == "Moscow-installed authorities":
            ev.actor = "Ukraine"
    # a strike whose sentences name no weapon, in an article that names one kind only ("drone attacks hit
    # Sumy region … In Bilopillia, two were injured"): that kind, unless each sentence naming it is another
    # strike's own ("des frappes russes sur Kryvyï Rih … un drone a touché une voiture près d'Orikhiv")
    named = {w for i in infos for w in i.weapons}
    own = {i for ev in events if ev.event_type == "strike" and ev.weapons for i in ev.sentences}
    if len(named) == 1 and any(i.weapons and i.sentence.index not in own for i in infos):
        for ev in events:
            if ev.event_type == "strike" and not ev.weapons:
                ev.weapons = set(named)
    return events


# sources that speak for a whole region: what the sentence before says of one of its places, they say of another
_REGIONAL_SOURCES = frozenset({"regional governor", "regional military administration", "regional administration",
                               "Moscow-installed authorities"})


_REGIONAL_WORD = re.compile(r"\s*(?:regional|region's|'s)?\s*", re.IGNORECASE)


def _titles_someone(m: Mention, text: str, lex: Lexicon) -> bool:
    """A region named in an official's title ("Saratov governor Roman Busargin", "начальник Херсонської ОВА"), as a
    source's seat ("Russian authorities in the Krasnodar region said") or as what a source heads ("the mayor of
    Kharkiv", "die Militärverwaltung von Charkiw"): no place the figures are a total of."""
    after = text[m.end:m.end + 40]
    after = after[_REGIONAL_WORD.match(after).end():]
    before = text[max(0, m.start - 50):m.start]
    if lex.match_at_start("places.person_titles", after) or lex.match_at_end("places.person_titles", before[-30:]):
        return True
    return source_before(lex, before, ("places.source_seat", "places.source_of"))


def _city_district(m: Mention, ev: Event, text: str, lex: Lexicon) -> bool:
    """"В ночь на 17 ноября Россия атаковала Киев. … в Дарницком районе погибли два человека": in a report on a
    big city, a name before a word of ``places.district_after`` that the gazetteer knows as no raion or hromada
    (here the village Darnytske of Volyn) is a district of that city."""
    place = ev.mention.chosen.place if ev.mention.chosen else None
    return m.kind == "place" and place is not None and place.kind in ("city", "capital") and \
        (place.population or 0) >= 100_000 and not any(c.place.kind in ("raion", "hromada", "oblast")
                                                        for c in m.candidates) and \
        lex.match_at_start("places.district_after", text[m.end:m.end + 20]) is not None


def _place_named_next(info: _SentenceInfo, ms: list[Mention], regions: list[Mention]) -> Mention | None:
    """Where the strike of ``info`` (casualties in a region) happened: the first place the next sentence names
    with a preposition or a settlement word, or as the place it was near ("La victime … se trouvait dans sa
    voiture près de Korosten"), if it lies in a region ``info`` names."""
    for m in ms:
        if m.chosen is None or m.is_region or m.roles & CONTEXT_ROLES or \
                not m.roles & {"named", "locative", "near"}:
            continue
        if any(r.is_region and _same_region(r, Event("strike", m, [])) for r in regions):
            return m
    return None


def _within_last(m: Mention, last: Event) -> bool:
    """A hromada named after the last event's place: the same event, described by its community."""
    place = last.mention.chosen.place if last.mention.chosen else None
    return "hromada" in m.roles and place is not None and m.chosen is not None and \
        place.admin3 is not None and place.admin3 == m.chosen.place.admin3 and place.idx != m.chosen.place.idx


def _labels(m: Mention, other: Mention) -> bool:
    """Whether ``m`` is the hromada of ``other``, named right after it ("Гатище Вовчанської громади")."""
    return "hromada" in m.roles and other is not m and 0 <= m.start - other.end <= 3 and \
        other.chosen is not None and m.chosen is not None and other.chosen.place.idx != m.chosen.place.idx and \
        other.chosen.place.admin3 is not None and other.chosen.place.admin3 == m.chosen.place.admin3


def _same_region(region: Mention, ev: Event) -> bool:
    place = ev.mention.chosen.place if ev.mention.chosen else None
    if place is None:
        return False
    if region.region_admin1:
        return region.region_admin1 == place.admin1
    # "Saratov governor": a city named for its region; a city without a known region is at least its own
    return any(c.place.idx == place.idx or (place.admin1 is not None and c.place.admin1 == place.admin1)
               for c in region.candidates)


def _event_type(info: _SentenceInfo) -> str | None:
    """A sentence with casualties or weapons reports a strike ("quatre personnes ont été tuées … dans les
    territoires occupés"); otherwise a change-of-control word makes it a claim, denied or not: "the General Staff
    denied the ministry's claim to have captured X" still records the claim at X, as the claim it is."""
    casualties = any(f in ("killed", "injured") for f, _v, _p in info.figures)
    if info.strike and (casualties or info.weapons):
        return "strike"
    if _claim_kind(info):
        return "territorial_claim"
    if info.strike:
        return "strike"
    return None


_CLAUSES = re.compile(r";|,?\s+(?:while|whereas|but|alors que|tandis que|mais|während|aber|тоді як|тоді|але|"
                      r"в то время как|однако|но)\s", re.IGNORECASE)


def _own_claim(info: _SentenceInfo, pos: int) -> tuple[tuple[int, str] | None, tuple[int, int]] | None:
    """The claim word of the clause at ``pos`` when the sentence's clauses claim different things (the last
    before ``pos`` in it, else the first after, else None), with the clause's bounds; None when the sentence has
    one kind of claim only."""
    if len({k for _a, k in info.claims}) < 2:
        return None
    cuts = [0, *(m.start() for m in _CLAUSES.finditer(info.text)), len(info.text)]
    lo, hi = next((a, b) for a, b in zip(cuts, cuts[1:]) if a <= pos < b or b == len(info.text))
    mine = [c for c in info.claims if lo <= c[0] < hi]
    before = [c for c in mine if c[0] < pos]
    return (before[-1] if before else (mine[0] if mine else None)), (lo, hi)


def _clause_source(info: _SentenceInfo, lex: Lexicon, lo: int, hi: int) -> tuple | None:
    """The source a clause names, as :func:`_source` finds a claim sentence's: "Ukrainian forces have retaken
    Kindrashivka, the General Staff said, while Russia's defence ministry claimed the capture of Dachne" has one
    for each claim."""
    clause = info.text[lo:hi]
    found = _claimant(clause, lex)
    return found and (_beyond_forces(clause, lex, found) or found)


def _claim_kind(info: _SentenceInfo) -> str | None:
    kinds = [k for _pos, k in info.claims]
    if not kinds:
        return None
    for k in ("liberation", "capture", "withdrawal", "advance"):
        if k in kinds:
            return k
    return None


def _assign_figures(created: list[Event], info: _SentenceInfo, ms: list[Mention]) -> None:
    """Each figure goes to the event whose place is named nearest before it (else the first)."""
    if not info.figures or not created:
        return
    by_mention = {id(ev.mention): ev for ev in created}
    placed = sorted((m.start - info.sentence.start, by_mention.get(id(m)) or next(
        (ev for ev in created if ev.mention.chosen and m.chosen and ev.mention.chosen.place.idx == m.chosen.place.idx),
        None)) for m in ms)
    placed = [(p, ev) for p, ev in placed if ev is not None]
    # "deux personnes ont été tuées à Kherson et trois autres blessées à Mykolaïv": a place in the figure's own
    # clause first
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(info.text)]

    def clause(pos: int) -> int:
        return sum(1 for b in breaks if b < pos)
    several = len({id(ev) for _p, ev in placed}) > 1
    # "ont visé Kharkiv, Soumy et Dnipro, faisant cinq morts au total": casualties after a list of the places
    # struck, with none in their own clause, are the list's total, no one place's
    listed = [m.start - info.sentence.start for m in ms if "listed" in m.roles]
    # "Au moins quatre personnes ont été tuées … à Kharkiv et à Soumy": a count before a list of the places is
    # its total, held by the first until a later sentence gives that place its own ("À Kharkiv, … tuant trois")
    list_start = min((p for p, _ev in placed if p in listed), default=None) \
        if several and sum(1 for p, _ev in placed if p in listed) > 1 else None
    fallback = []
    for f, v, pos in info.figures:
        target = created[0]
        own = [(abs(p - pos), ev) for p, ev in placed if clause(p) == clause(pos)]
        before = [ev for p, ev in placed if p <= pos]
        weak = list_start is not None and pos < list_start and f in ("killed", "injured")
        if several and f in ("killed", "injured") and placed[-1][0] < pos and placed[-1][0] in listed and \
                all(p in listed for p, _ev in placed if clause(p) == clause(pos)):
            continue  # (also "auf Kramatorsk und Slowjansk … vier Menschen", the list's last item in its clause)
        if own and several:
            target = min(own, key=lambda t: t[0])[1]
        elif before:
            target = before[-1]
        elif placed:
            # a figure before every place goes to the first, unless one of its own clause is given there: "trois
            # morts dans la région : deux à Kherson et un à Bilozerka" gives Kherson two
            fallback.append((placed[0][1], f, v, weak))
            continue
        target.add_figure(f, v, weak)
    for target, f, v, weak in fallback:
        target.add_figure(f, v, weak)


def _attribute(ev: Event, info: _SentenceInfo, lex: Lexicon, m: Mention, occupied: frozenset[int] = frozenset(),
               previous: str | None = None, sentence_mentions: list[Mention] = ()) -> None:
    """Claimant, actor and claim kind of a new event. A strike whose sentence names no side is Ukraine's on
    Russian, Crimean or occupied ground (``occupied``: gazetteer rows), else the side of the ``previous`` strike of
    the same report, else Russia's."""
    text = info.text
    found = _source(info, lex)
    ignore = [found[2]] if found else []
    if found:
        ev.claimant = found[0]
    if ev.event_type == "strike":
        focus = [span for w in (*WEAPONS, "attack") for span in info.hits.get(f"triggers.{w}", ())]
        # the struck place is no side: "À Kiev, un mort" is not Kyiv's (Ukraine's) doing
        # every name of it: "The capital, Kyiv, bore the brunt" is not Kyiv's (Ukraine's) doing either
        here = [(x.start - info.sentence.start, x.end - info.sentence.start)
                for x in (m, *sentence_mentions) if x is m or (x.chosen is not None and
                                                               x.chosen.place.idx == m.chosen.place.idx)]
        # a claimant is a source, not a side, unless it is the attack verb's subject ("ВСУ обстреляли Донецк")
        # (not the subject of an interception: "Силы ПВО Минобороны сбили 12 беспилотников" are the defenders)
        downed = info.hits.get("figures.intercept", ())
        subject = found is not None and any(
            a >= found[2][1] and len(text[found[2][1]:a].split()) <= 2 and "," not in text[found[2][1]:a]
            and not any(found[2][1] <= d < a for d, _e in downed) for a, _b in focus)
        side = _side(text, lex, focus, [*(here if subject else [*ignore, *here]), *_places_described(info, lex)])
        place = m.chosen.place
        if side is None:
            occupied_region = (place.admin1 or "").lower().startswith(("autonomous republic of crimea", "crimea",
                                                                       "sevastopol"))
            if place.country != "UA" or occupied_region or place.idx in occupied:
                side = "Ukraine"
            else:
                side = previous or "Russia"
                ev.side_known = False
        ev.actor = side
    else:
        # the claim word of the place's own clause ("Russian troops entered Siversk, while Kyiv's forces retreated
        # from Udachne"), else the sentence's strongest
        clause = _own_claim(info, m.start - info.sentence.start)
        own = clause[0] if clause else None
        if clause and (mine := _clause_source(info, lex, *clause[1])):
            found = mine
            ev.claimant = found[0]
        kind = own[1] if own else _claim_kind(info) or "capture"
        # whose forces: the side named as the subject of the claim verb ("Russian forces have occupied",
        # "Сили оборони звільнили"), else after it ("occupied by Russian troops"); the claimant's own side says
        # who reports, not who took the place (DeepState reports Russian advances); a withdrawal that names no
        # side is Ukraine's ("рішення про відведення підрозділів з Вугледара": Russia seldom reports its own)
        side = _claim_subject_side(text, lex, own[0] if own else info.claims[0][0] if info.claims else None,
                                   passive=kind != "advance") or (
            "Ukraine" if kind == "withdrawal" or kind == "liberation" and found and found[1] == "Ukraine"
            else "Russia")
        claimant_side = found[1] if found else None
        if kind == "liberation" and claimant_side == "Russia":
            side = "Russia"
        ev.actor = side

        if kind in ("capture", "liberation"):
            kind = "liberation" if side == "Ukraine" and m.chosen.place.country == "UA" else "capture"
        ev.claim_kind = kind
    ev.confidence = m.confidence


# no subject of a claim verb lies across a clause break or a "that" ("… repoussé des contre-attaques ukrainiennes
# et affirmé que ses forces avaient pris …")
_SUBJECT_BREAK = re.compile(r"[,;:]|(?<!\w)(?:que|qu'|that|dass|що|что)(?!\w)", re.IGNORECASE)


def _claim_subject_side(text: str, lex: Lexicon, first: int | None = None, passive: bool = True) -> str | None:
    """The side named as the subject of the sentence's first claim verb (which starts at ``first``, when
    known), else, with ``passive``, the one right after it ("occupied by Russian troops"). After a verb of
    advance the side is rather the one advanced on ("продвинулись в глубину обороны противника")."""
    if first is None:
        first = min((m.start() for k in CLAIM_KINDS if (m := lex.rx[f"triggers.{k}"].search(text))),
                    default=None)
        if first is None:
            return None
    sides = [(m.end(), side) for side, key in (("Russia", "actors.russia"), ("Ukraine", "actors.ukraine"))
             if lex.may_contain(key, text) for m in lex.rx[key].finditer(text)]
    before = [(end, side) for end, side in sides if end <= first and len(text[end:first].split()) <= 6
              and not _SUBJECT_BREAK.search(text, end, first)]
    if before:
        return max(before)[1]
    # a verb at the clause's end, far from its subject: "Die ukrainischen Streitkräfte haben nach eigenen Angaben
    # das Dorf X im Gebiet Y zurückerobert"
    subject = [(end, side) for end, side in sides if end <= first and len(text[end:first].split()) <= 14
               and not _SUBJECT_BREAK.search(text, end, first)]
    if subject:
        return min(subject)[1]
    after = [(end, side) for end, side in sides if end > first and len(text[first:end].split()) <= 5
             and not re.search(r"[;:.]", text[first:end])]
    return min(after)[1] if after and passive else None


def _date_for(info: _SentenceInfo, infos: list[_SentenceInfo], anchors: list[dt.date],
              ref: tuple[int, int] | None, article_date: str | None) -> tuple[str | None, int | None]:
    latest = dt.date.fromisoformat(article_date) if article_date and len(article_date) == 10 else None

    def pick(dates: list[DateMention]) -> dt.date | None:
        days = [d for d in dates if d.date is not None]
        if days:
            return days[-1].date if any(d.night for d in days) else days[0].date
        weekdays = [d for d in dates if d.weekday is not None]
        if weekdays:  # "dans la nuit de samedi à dimanche": a night is dated by its morning, as with days
            d = weekdays[-1] if any(d.night for d in weekdays) else weekdays[0]
            return resolve_weekday(d.weekday, anchors, latest)
        relative = [d.offset for d in dates if d.offset is not None]
        if relative and article_date and len(article_date) == 10:  # "yesterday": from the article's own day
            return dt.date.fromisoformat(article_date) + dt.timedelta(days=relative[0])
        return None

    date = pick(info.dates)
    if date is None:
        lede = [i for i in infos if i.sentence.paragraph <= infos[0].sentence.paragraph + 1]
        for i in lede:
            date = pick(i.dates)
            if date is not None:
                break
    if date is not None:
        return date.isoformat(), 1
    if article_date and len(article_date) == 10:
        return article_date, 1
    if ref:
        return f"{ref[0]:04d}-{ref[1]:02d}", 3
    return None, None
