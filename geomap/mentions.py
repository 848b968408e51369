"""Place mentions in article text and the role each plays in its sentence.

The gazetteer's automaton finds every name form (:meth:`Gazetteer.scan`); this module keeps those written as
names, drops collisions (people, foreign places, quoted unit names), adds region mentions ("région de Donetsk",
"Харківщина", "ДНР") and references to the capital, and tags each mention with its role: a region, a
reference point ("near", "30 km south-west of"), a launch area, a political actor ("Moscow said"), a dateline.
"""
from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Hashable

from geomap.lexicon import (Lexicon, find_regions, last_word, parts, phrase_regex, regions, unify_apostrophes,
                            word_forms)
from geomap.names import fold, is_cyrillic
from geomap.quantities import find_quantities
from geomap.segment import Sentence

if TYPE_CHECKING:
    from geomap.gazetteer import Candidate, Gazetteer

__all__ = ["Mention", "find_mentions", "ROLES"]

#: Roles a mention can have; several may apply.
ROLES = ("region", "near", "direction", "launch", "political", "dateline", "locative", "capital", "named", "village",
         "city", "listed", "hromada", "landmark", "district", "truncated", "misspelt", "off_region", "feature",
         "alias", "target", "unit")

_WORD = re.compile(r"[\w'’-]+")
# "aux portes de la forteresse ukrainienne de X", "near the frontline town of X": the words between a phrase and
# the name end in a linking preposition
# the words that link a phrase to a name four words on ("aux portes de la forteresse ukrainienne de")
_LINK_WORDS_NEAR = frozenset({"de", "d'", "of", "von", "der", "des", "du"})
_LINKED = re.compile(r"(?:\b(?:" + "|".join(sorted(_LINK_WORDS_NEAR)) + r")\s*)$", re.IGNORECASE)
_ADMIN_KINDS = ("oblast", "raion", "hromada", "country")
_OPEN_QUOTES = "«“„\"‹"
_CLOSE_QUOTES = "»”“\"›"
_SEP = r"\s*(?:,|—|–|,?\s*(?:et|and|und|и|та|і|й|or|ou|oder|или|або)\b)\s*(?:(?:de|d'|of|von)\s*)?"
# between two items of a list: separators, possibly around names the gazetteer does not hold ("Курска, Орла, Брянска")
_LIST_SEP = re.compile(r"^(?:" + _SEP + r"[A-ZА-ЯІЇЄҐ][\w'’-]*(?:\s[A-ZА-ЯІЇЄҐ][\w'’-]*)?)*" + _SEP + "$")


@dataclass
class Mention:
    """A place named in the text.

    Attributes
    ----------
    start, end : int
        Offsets of the name in the article body.
    candidates : list
        Gazetteer candidates, prior-ranked (empty for a region without a gazetteer entry).
    kind : str
        ``"place"`` for a settlement, ``"region"`` for an oblast or raion used as context.
    region_admin1 : str or None
        For a region named by its own form ("Харківщина"), the gazetteer ``admin1`` it stands for.
    roles : set of str
        See :data:`ROLES`.
    """

    start: int
    end: int
    surface: str
    sentence: int
    candidates: list["Candidate"]
    kind: str = "place"
    region_admin1: str | None = None
    roles: set[str] = field(default_factory=set)
    chosen: "Candidate | None" = None
    confidence: float = 0.0
    # for a reference place ("20 km south-west of Donetsk"): the bearing and distance (km, if given) at which the
    # place the sentence is about lies from it
    offset: tuple[int, float | None] | None = None
    # the part of Ukraine the text places it in ("the southern city of Mykolaiv"): a key of lexicon.parts()
    part: str | None = None
    _name_key: Hashable = field(default=None, repr=False, compare=False)

    def is_town_by_own_name(self) -> bool:
        """"Kharkiv National University", "Vinnytsia Airport": a city's own name before another name is still the
        city; a former or alternate name ("Tor SAM system" for Sloviansk) is not."""
        if self.chosen is None or self.chosen.place.kind not in ("city", "capital"):
            return False
        p = self.chosen.place
        return self.chosen.form in {fold(n) for n in (p.name, p.name_native, p.name_ru) if n}

    def chosen_key(self) -> Hashable:
        """What identifies the mention's name: the same name twice, in any case form ("Андріївка",
        "Андріївку"), is one anchor, not two. Names that may stand for the same places are the same name."""
        key = self._name_key
        if key is None:
            key = self._name_key = frozenset(c.place.idx for c in self.candidates) or self.surface.lower()
        return key

    @property
    def is_region(self) -> bool:
        return self.kind == "region" or "region" in self.roles


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    """The given names of people.toml, lower-cased, with the case forms of the Cyrillic ones."""
    data = tomllib.loads(resources.files("geomap").joinpath("lexicons", "people.toml").read_text("utf-8"))
    names = {unify_apostrophes(n).lower() for n in data["given_names"]}
    cases = data.get("given_name_cases", {})
    for name in [n for n in names if is_cyrillic(n)]:
        ending = name[-1] if name[-1] in cases else ""
        stem = name[:-1] if ending else name
        names.update(stem + e for e in cases.get(ending, ()))
    return frozenset(names)


def _sentence_of(sentences: list[Sentence], pos: int) -> Sentence | None:
    lo, hi = 0, len(sentences) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s = sentences[mid]
        if pos < s.start:
            hi = mid - 1
        elif pos >= s.end:
            lo = mid + 1
        else:
            return s
    return None


def _capitalised(surface: str) -> bool:
    first = surface[:1]
    return first.isupper() or first.isdigit()


def find_mentions(text: str, sentences: list[Sentence], gazetteer: "Gazetteer", lex: Lexicon) -> list[Mention]:
    """Every place and region mention in ``text``, in text order, with roles (see module docstring)."""
    norm = unify_apostrophes(text)
    mentions: list[Mention] = []
    taken: list[tuple[int, int]] = []

    scanned = gazetteer.scan(text, capitalised=True)
    # a settlement whose name ends in a region's ("Staryi Krym", a town of Donetsk Oblast) is that settlement
    longer = [(a, b) for a, b, cands in scanned if any(c.place.kind not in _ADMIN_KINDS for c in cands)]

    # 1. Regions by their own forms: adjectives, -щина names, ДНР, "Donetsk Oblast".
    all_regions = regions()
    for start, end, i in find_regions(norm):
        form = text[start:end]
        # a form that begins with its preposition ("на Запоріжжі") is capitalised in the name after it
        words = form.split(None, 1)
        name = words[-1] if form[:1].islower() and len(words[0]) <= 2 else form
        if not _capitalised(name) and not form.isupper():
            continue
        if any(a <= start and end <= b and b - a > end - start for a, b in longer):
            continue
        s = _sentence_of(sentences, start)
        if s is None:
            continue
        mentions.append(Mention(start, end, text[start:end], s.index, [], "region", all_regions[i].admin1,
                                {"region"}))
        taken.append((start, end))

    # 1b. Misspelt regions: "Zaporizhia Oblast", "Soemy Oblast".
    for m in (_REGION_WORD.finditer(norm) if _REGION_HINT.search(norm) else ()):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        admin1 = _fuzzy_region(gazetteer, m.group(1))
        s = _sentence_of(sentences, m.start())
        if admin1 and s is not None:
            mentions.append(Mention(m.start(), m.end(), text[m.start():m.end()], s.index, [], "region", admin1,
                                    {"region"}))
            taken.append((m.start(), m.end()))

    # 2. References to the capital ("la capitale ukrainienne", "столиці").
    capital = None
    for m in lex.rx["places.capital"].finditer(norm) if lex.may_contain("places.capital", norm) else ():
        s = _sentence_of(sentences, m.start())
        if s is None or any(a < m.end() and m.start() < b for a, b in taken):
            continue
        if capital is None:
            capital = [c for c in gazetteer.lookup("Kyiv") if c.place.kind in ("capital", "city")][:1]
        if capital:
            mentions.append(Mention(m.start(), m.end(), text[m.start():m.end()], s.index, list(capital), "place",
                                    None, {"capital"}))
            taken.append((m.start(), m.end()))

    # 3. Settlement names found by the gazetteer's automaton.
    given = _given_names()
    before_scan = list(taken)  # the scan's own spans do not overlap one another
    for start, end, cands in scanned:
        surface = text[start:end]
        if any(a < end and start < b for a, b in before_scan) or not cands:
            continue
        if not _capitalised(surface):
            continue
        key = unify_apostrophes(surface).lower()
        if key in lex.detect or _in_foreign_phrase(lex, norm, start, end) or key in lex.foreign and \
                not lex.match_at_end("places.target_before", norm[max(0, start - 30):start]):
            continue  # a capital named as a government ("Moscow said") is no place; "drones attacked Moscow" is
        if lex.match_at_end("places.group", norm[max(0, start - 30):start]):
            continue  # "98th battalion Azov-Dnipro": a unit named after a place
        s = _sentence_of(sentences, start)
        if s is None:
            continue
        if _is_person(text, start, end, given) or _is_quoted_name(text, start, end, lex, norm) or \
                lex.match_at_end("places.person_titles", norm[max(0, start - 25):start]) or \
                _inside_phrase(lex, norm, start, end) or _inflected_word_at_start(text, start, end, s, cands) or \
                _side_adjective(lex, norm, start, end, cands):
            continue
        if all(c.place.kind in _ADMIN_KINDS for c in cands):
            centres = _hromada_centres(cands, gazetteer)
            if centres:  # "the Bilopillia community": its centre, the town of Bilopillia
                mentions.append(Mention(start, end, surface, s.index, centres, "place", None, {"named", "hromada"}))
            else:  # "Покровському районі": a raion, i.e. context
                mentions.append(Mention(start, end, surface, s.index, list(cands), "region", None, {"region"}))
        else:
            mentions.append(Mention(start, end, surface, s.index, list(cands)))
        taken.append((start, end))

    mentions.extend(_misspelt_places(text, norm, sentences, gazetteer, mentions, taken))
    mentions.extend(_hromada_lists(text, norm, sentences, gazetteer, mentions, taken))
    mentions.extend(_plural_hromadas(text, norm, sentences, gazetteer, taken))
    mentions.sort(key=lambda m: m.start)
    for m in mentions:
        if m.kind == "place":
            _assign_roles(m, norm, sentences[m.sentence], lex)
    _propagate_list_roles(mentions, norm, lex)
    _mark_aliases(mentions, norm, lex)
    return mentions


_KNOWN_KEYS = ("places.region_after", "places.landmark", "places.person_titles", "places.political",
               "places.settlement", "dates.months", "dates.weekdays", "places.foreign", "actors.russia",
               "actors.ukraine")


def _known_word(lex: Lexicon, word: str) -> bool:
    return any(lex.match_at_start(k, word) for k in _KNOWN_KEYS)


# both written to begin with a letter (literal alternatives, a capital before the lookbehind that stands for \b),
# so that the regex engine skips to where they may match
_REGION_HINT = re.compile(r"Oblast|oblast|Region|region|Province|province")
_REGION_WORD = re.compile(r"([A-Z](?<!\w[A-Z])[a-z'’-]{3,}(?:ka|ska|ke|kyi)?)"
                          r"\s+(?:[Oo]blast|[Rr]egion|[Pp]rovince)\b")
# a capitalised name (one or two words) right before ", <region>": "Lysytsjansk, Luhansk Oblast"
_NAME_BEFORE_COMMA = re.compile(r"([A-Z][a-z'’]+(?:[ -][A-Z][a-z'’]+)?)\s*,\s*$")
FUZZY_MIN = 0.84


def _ratio(a: str, b: str, floor: float, b_counts: Counter | None = None, a_counts: Counter | None = None
           ) -> float:
    """difflib's similarity ratio of two strings, or 0.0 when it is certainly below ``floor``: difflib's own cheap
    bounds first (by length, then by the letters in common, from ``Counter`` s of the strings when given), before
    the matcher is made."""
    length = len(a) + len(b)
    if length and 2.0 * min(len(a), len(b)) / length < floor:
        return 0.0
    if b_counts is not None and a_counts is not None and length and \
            2.0 * sum(min(n, b_counts[ch]) for ch, n in a_counts.items() if ch in b_counts) / length < floor:
        return 0.0
    sm = SequenceMatcher(None, a, b, autojunk=False)
    if sm.real_quick_ratio() < floor or sm.quick_ratio() < floor:
        return 0.0
    return sm.ratio()


def _fuzzy_region(gazetteer: "Gazetteer", word: str) -> str | None:
    key = fold(word)
    counts = Counter(key)
    best = max(((_ratio(key, name, 0.8, name_counts, counts), admin1) for name, admin1, name_counts
                in _oblasts(gazetteer)), key=lambda t: t[0], default=(0.0, None))
    return best[1] if best[0] >= 0.8 else None


def _oblasts(gazetteer: "Gazetteer") -> list[tuple[str, str | None, Counter]]:
    """(folded name without " Oblast", admin1, its letter counts) of every oblast."""
    cache = gazetteer.__dict__.setdefault("_geomap_oblasts", [])
    if not cache:
        for p in gazetteer.places:
            if p.kind == "oblast":
                name = fold(p.name.removesuffix(" Oblast"))
                cache.append((name, p.admin1, Counter(name)))
    return cache


def _places_in(gazetteer: "Gazetteer", admin1: str) -> list:
    cache = gazetteer.__dict__.setdefault("_geomap_by_admin1", {})
    if not cache:
        for p in gazetteer.places:
            if p.kind not in _ADMIN_KINDS and p.admin1:
                cache.setdefault(p.admin1, []).append((fold(p.name), p))
    return cache.get(admin1, [])


def _misspelt_places(text: str, norm: str, sentences: list[Sentence], gazetteer: "Gazetteer",
                     mentions: list[Mention], taken: list[tuple[int, int]]) -> list[Mention]:
    """Names written just before their oblast that the gazetteer does not hold there: the place of that oblast
    whose name, or any other spelling of it, is closest, if it is close enough.

    The gazetteer may not hold the name at all ("Popsana, Luhansk Oblast", "Severdonetsk, Luhansk Oblast"), or
    hold it only far from that oblast ("Marianka, Donetsk Oblast": a spelling of Marinka there, not the village
    Marianka of Dnipropetrovsk Oblast). A namesake within 20 km of the oblast, or a well-known town, is kept:
    the label errs.
    A name already found is given the new candidates; the new mentions are returned.
    """
    from geomap.gazetteer import Candidate
    from geomap.resolve import STRONG_PRIOR, near_region

    found = []
    for r in mentions:
        if r.kind != "region" or not r.region_admin1:
            continue
        m = _NAME_BEFORE_COMMA.search(norm, max(0, r.start - 40), r.start)
        if m is None:
            continue
        start, end = m.span(1)
        overlapping = [(a, b) for a, b in taken if a < end and start < b]
        known = [o for o in mentions if o.kind == "place" and (o.start, o.end) == (start, end)]
        if overlapping:
            if overlapping != [(start, end)] or len(known) != 1:
                continue
            if any(c.place.admin1 == r.region_admin1 or c.score >= STRONG_PRIOR or
                   near_region(gazetteer, r.region_admin1, c.place) for c in known[0].candidates):
                continue  # a town everyone knows ("Horlivka, Luhansk Oblast") is that town, mislabelled
        key = fold(m.group(1))
        scored = [(_ratio(key, name, FUZZY_MIN), p) for name, p in _places_in(gazetteer, r.region_admin1)
                  if abs(len(name) - len(key)) <= 3]
        scored += [(ratio, c.place) for ratio, c in gazetteer.similar(key, admin1=r.region_admin1,
                                                                        cutoff=FUZZY_MIN)]
        best_ratio = max((ratio for ratio, _p in scored), default=0.0)
        if best_ratio < FUZZY_MIN:
            continue
        cands = list({p.idx: Candidate(p, round(0.5 * ratio, 4), key) for ratio, p in scored
                      if ratio == best_ratio}.values())
        if known:
            known[0].candidates = cands
            known[0].roles.add("misspelt")
            continue
        s = _sentence_of(sentences, start)
        if s is not None:
            found.append(Mention(start, end, text[start:end], s.index, cands, "place", None, {"misspelt"}))
            taken.append((start, end))
    return found


def _in_oblast_of(a: Mention, b: Mention) -> bool:
    """"Toretsk, Donetsk damaged": a smaller place with a namesake in the oblast of the capital named after it."""
    top = max(b.candidates, key=lambda c: c.place.population or 0)
    return not _is_oblast_centre(a) and any(c.place.admin1 == top.place.admin1 for c in a.candidates)


def _top_by_own_name(m: Mention) -> "Candidate | None":
    """The most populous candidate named by its name or a spelling of it: a former name ("Stanislav", once
    Ivano-Frankivsk; now a village of Kherson Oblast) says nothing of a city."""
    named = [c for c in m.candidates if c.quality <= 1]
    return max(named, key=lambda c: c.place.population or 0) if named else None


def _is_oblast_centre(m: Mention) -> bool:
    top = _top_by_own_name(m)
    return top is not None and top.place.kind in ("city", "capital") and \
        (top.place.admin1 or "").removesuffix(" Oblast") == top.place.name


def _is_city(m: Mention) -> bool:
    top = _top_by_own_name(m)
    return top is not None and top.place.kind in ("city", "capital") and (top.place.population or 0) >= 50000


def _close(a: "Candidate", b: "Candidate", km: float) -> bool:
    from geomap.resolve import distance_km

    return distance_km(a.place.latitude, a.place.longitude, b.place.latitude, b.place.longitude) <= km


# capitalised words in a list right before a name ("Білопільська, Миропільська та "): the adjectives of
# hromadas that share the noun after the last one
_ITEMS_BEFORE = re.compile(r"((?:[A-ZА-ЯІЇЄҐЁ][\w'’-]+(?:\s*,\s*|\s+(?:та|і|й|и|and|et|und)\s+))+)$")
_ITEM = re.compile(r"[A-ZА-ЯІЇЄҐЁ][\w'’-]+")
_HROMADA_WORDS = ("громада", "община")


def _hromada_lists(text: str, norm: str, sentences: list[Sentence], gazetteer: "Gazetteer",
                   mentions: list[Mention], taken: list[tuple[int, int]]) -> list[Mention]:
    """The other hromadas of "Білопільська, Миропільська та Краснопільська громади", "Белопольская и
    Краснопольская общины": the scan finds only the last, which carries the noun."""
    found = []
    by_span = {(m.start, m.end): m for m in mentions if m.kind == "place" and "hromada" not in m.roles}
    for m in mentions:
        if "hromada" not in m.roles:
            continue
        sentence = sentences[m.sentence]
        lo = max(sentence.start, m.start - 120)
        items = _ITEMS_BEFORE.search(norm, lo, m.start)
        if items is None:
            continue
        for w in _ITEM.finditer(norm, items.start(1), items.end(1)):
            scanned = by_span.get(w.span())
            if scanned is not None:
                # "Марганецька, Покровська та … громади": the scan read "Покровська" as a case of Pokrovsk; in
                # the list it is the adjective of a hromada
                item = _hromada_item(text, w, w.group(0), m.sentence, gazetteer, [])
                if item:
                    scanned.candidates = item[0].candidates
                    scanned.roles |= item[0].roles
                continue
            if any(a < w.end() and w.start() < b for a, b in taken):
                continue
            found += _hromada_item(text, w, w.group(0), m.sentence, gazetteer, taken)
    return found


def _hromada_item(text: str, w: re.Match, name: str, sentence: int, gazetteer: "Gazetteer",
                  taken: list[tuple[int, int]]) -> list[Mention]:
    """The item ``w`` of a list of hromadas, named ``name`` in the nominative: its centre, if a hromada has
    that name."""
    for noun in _HROMADA_WORDS:
        centres = _hromada_centres([c for c in gazetteer.lookup(f"{name} {noun}") if c.place.kind == "hromada"],
                                   gazetteer)
        if centres:
            taken.append((w.start(), w.end()))
            return [Mention(w.start(), w.end(), text[w.start():w.end()], sentence, centres, "place", None,
                            {"named", "hromada", "listed"})]
    return []


# "по Марганецькій та Покровській громадах", "в Белопольской и Краснопольской общинах": hromadas named before a
# plural noun in a case the scan does not reach; each adjective is put back in the nominative
_PLURAL_HROMADAS = re.compile(r"((?:[А-ЯІЇЄҐЁ][\w'’-]+\s*(?:,|та|і|й|и)\s*)*[А-ЯІЇЄҐЁ][\w'’-]+)\s+"
                              r"(?:громад(?:ах|ами|ам)|общин(?:ах|ами|ам))(?!\w)")
_ADJECTIVE_CASE = re.compile(r"(ськ|цьк|зьк|ск|цк|зк|ів|ов|ин|ен)(ій|ої|у|ою|ой|ую|ей)$")
_NOMINATIVE = {"ій": "а", "ої": "а", "у": "а", "ою": "а", "ой": "ая", "ую": "ая", "ей": "ая"}


def _plural_hromadas(text: str, norm: str, sentences: list[Sentence], gazetteer: "Gazetteer",
                     taken: list[tuple[int, int]]) -> list[Mention]:
    found = []
    for m in _PLURAL_HROMADAS.finditer(norm) if ("громад" in norm or "общин" in norm) else ():
        s = _sentence_of(sentences, m.start())
        if s is None:
            continue
        for w in _ITEM.finditer(norm, m.start(1), m.end(1)):
            if any(a < w.end() and w.start() < b for a, b in taken):
                continue
            case = _ADJECTIVE_CASE.search(w.group(0))
            if case is None:
                continue
            nominative = w.group(0)[:case.start(2)] + _NOMINATIVE[case.group(2)]
            found += _hromada_item(text, w, nominative, s.index, gazetteer, taken)
    return found


def _hromada_centres(cands: list["Candidate"], gazetteer: "Gazetteer") -> list["Candidate"]:
    """The settlements that give hromadas their names, for a name that matched only hromadas."""
    out = []
    for c in cands:
        if c.place.kind != "hromada":
            continue
        base = re.sub(r"\s+(?:Hromada|Community)$", "", c.place.name, flags=re.IGNORECASE)
        out += [s for s in gazetteer.lookup(base) if s.place.kind not in _ADMIN_KINDS
                and s.place.admin3 == c.place.name and s.place.admin1 == c.place.admin1]
    seen: set[int] = set()
    return [c for c in out if not (c.place.idx in seen or seen.add(c.place.idx))]


def _in_foreign_phrase(lex: Lexicon, norm: str, start: int, end: int) -> bool:
    """"Siverskyi Donets", "Donbas city": a river or region whose name contains a place name."""
    lo, hi = max(0, start - 25), min(len(norm), end + 25)
    if not lex.may_contain("places.foreign", norm[lo:hi]):
        return False
    for m in lex.rx["places.foreign"].finditer(norm, lo, hi):
        if m.start() <= start and m.end() >= end and (m.end() - m.start()) > (end - start):
            return True
    return False


_PHRASE_KEYS = ("actors.russia", "actors.ukraine", "places.landmark", "places.group")


def _inside_phrase(lex: Lexicon, norm: str, start: int, end: int) -> bool:
    """"Сили оборони", "Air Force": a lexicon phrase that begins with the name and goes on past it."""
    here = norm[start:start + 48]
    for key in _PHRASE_KEYS:
        m = lex.rx[key].match(norm, start) if lex.may_begin(key, here) else None
        if m and m.end() > end:
            return True
    for rx, _name, _side in lex.claimants if lex.may_begin("claimants", here) else ():
        m = rx.match(norm, start)
        if m and m.end() > end:
            return True
    return False


# a village's case form that opens a sentence is likelier a common word ("Сили ППО знешкодили…", "Волі…"):
# a place's genitive, dative or instrumental seldom stands first without its preposition. Towns of this size
# and cities are kept ("Харкову загрожує…")
_START_FORM_MAX_POPULATION = 10_000
_OF_A_PLACE = re.compile(r"\s+(?:of|de|du|des|von|vom)\s+[A-ZА-ЯІЇЄҐ]|\s+d'[A-Z]")
_OPENING_PUNCT = re.compile(r"[\s\"'«“„(\[—–-]*")


def _inflected_word_at_start(text: str, start: int, end: int, sentence: Sentence, cands: list) -> bool:
    """Whether a capitalised word opening ``sentence`` is only a case form of small places' names, or a common
    word of stopwords.json ("Port infrastructure was damaged": not the village of Port), as is such a word that
    names a thing of another place anywhere ("the Port of Odesa")."""
    at_start = _OPENING_PUNCT.fullmatch(text, sentence.start, start) is not None
    if not at_start and not _OF_A_PLACE.match(text, end):
        return False
    surface = " ".join(fold(text[start:end]).split())
    if surface in _common_words() and text[start:end][1:].islower():
        return True
    if not at_start:
        return False
    return all(c.form != surface and c.place.kind not in ("capital", "city")
               and (c.place.population or 0) < _START_FORM_MAX_POPULATION for c in cands)


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    data = json.loads(resources.files("geomap").joinpath("data", "stopwords.json").read_text("utf-8"))
    return frozenset(" ".join(fold(w).split()) for w in data["words"])


@lru_cache(maxsize=None)
def _side_words(lex: Lexicon) -> tuple[str, ...]:
    """What the words of actors.ukraine and actors.russia begin with, lower-cased."""
    return tuple({unify_apostrophes(p).lower().split()[0].rstrip("*") for key in ("actors.ukraine", "actors.russia")
                  for p in lex.raw_lists[key] if p.split()})


def _side_adjective(lex: Lexicon, norm: str, start: int, end: int, cands: list) -> bool:
    """"Українські захисники", "Российские военные": a side's word that is only a case form of a place's name
    (Українськ), with no preposition before it ("в Українську" is the town)."""
    surface = norm[start:end]
    if not surface.lower().startswith(_side_words(lex)):
        return False
    folded = " ".join(fold(surface).split())
    if any(c.form == folded for c in cands):
        return False
    if not any((m := lex.match_at_start(key, surface)) and m.end() == len(surface)
               for key in ("actors.ukraine", "actors.russia")):
        return False
    tail = norm[max(0, start - 30):start]
    return not any(lex.match_at_end(key, tail) for key in ("places.locative", "places.near", "places.direction"))


def _is_person(text: str, start: int, end: int, given: frozenset[str]) -> bool:
    """A surname after a given name, or a given name (Volodymyr) followed by a surname."""
    before = _WORD.findall(unify_apostrophes(text[max(0, start - 30):start]))
    if before and before[-1].lower() in given and text[start - 1:start] == " ":
        return True
    surface = unify_apostrophes(text[start:end]).lower()
    after = text[end:end + 30]
    if surface in given and re.match(r" [A-ZА-ЯІЇЄҐ][\w'-]+", after):
        return True
    return False


def _is_quoted_name(text: str, start: int, end: int, lex: Lexicon, norm: str) -> bool:
    """«Курськ», "Север": a unit or operation named after a place, not the place."""
    before = text[max(0, start - 1):start]
    after = text[end:end + 1]
    if before and after and before in _OPEN_QUOTES and after in _CLOSE_QUOTES:
        return True
    return lex.match_at_end("places.group", norm[max(0, start - 40):start].rstrip(" «\"“„")) is not None and \
        before in _OPEN_QUOTES


_DASH_AFTER = re.compile(r"\s*[-–]\s")
_MORE_ITEMS = re.compile(r"(?:\s*(?:,|and|et|und|и|та|і)\s*[\w'-]+){1,3}")  # ", Kharkiv and Sumy"
_SPACE = re.compile(r"\s")
_DATELINE_DASH = re.compile(r"\s*(?:\([^)]*\)\s*)?[-–—]\s")  # "KYIV (Reuters) - "
_DATELINE_DAY = re.compile(r",\s*(?:[A-Za-z]{3,9}\.?\s+)?\d{1,2}[\s,)]")  # "Kyiv, 12 March", "KYIV, Nov 26 (Reuters)"
_PREV_NAME = re.compile(r"(?<!\w)([A-ZА-ЯІЇЄҐ][a-zа-яіїєґ'’]+)[ -]$")
_NEXT_NAME = re.compile(r"[ -]([A-Z][a-z'’]+|[A-Z]{3,})\b")
_LEADING_DASHES = re.compile(r"^[-\s]+")
_PUNCT_AFTER = re.compile(r"\s*[,.;]")
_LANDMARK_LINK = re.compile(r"(?:\s+(?:de|du|des|of|von|vom)|\s+d')\s*$", re.IGNORECASE)
_CALIBRE = re.compile(r"[ -]\d{2,3}\s?-?mm\b")  # "a Krasnopol 152mm shell": a weapon named after a place
_LINK_WORDS = frozenset({"de", "du", "des", "of", "von", "vom", "d'"})


def _assign_roles(m: Mention, norm: str, sentence: Sentence, lex: Lexicon) -> None:
    before = norm[sentence.start:m.start]
    after = norm[m.end:sentence.end]
    tail = before[-60:]
    last = last_word(tail)
    if lex.match_at_end("places.region_before", tail):
        m.roles.add("region")
    head = after[:40]
    if lex.match_at_start("places.region_after", head) and not _DASH_AFTER.match(head):
        m.roles.add("region")
    elif (items := _MORE_ITEMS.match(after)) and _SPACE.match(after, items.end()) and \
            lex.match_at_start("places.region_plural", after[items.end():60]):
        m.roles.add("region")  # "the Belgorod and Tula regions"
    if _near_phrase(lex, "places.direction", tail):
        m.roles.add("direction")
        m.offset = _offset(lex, tail)
    elif _near_phrase(lex, "places.near", tail):
        m.roles.add("near")
    launch = lex.match_at_end("places.launch_from", tail)
    if launch and (lex.has("figures.launch", sentence.text) or lex.has("triggers.drone", sentence.text)
                   or lex.has("triggers.missile", sentence.text)) and \
            not lex.match_at_end("places.person_titles", tail[:launch.start()]):
        m.roles.add("launch")  # not "der Bürgermeister von Sumy"
    if (lex.match_at_start("places.political", after[:40]) and not source_before(lex, tail, ("places.source_of",))) \
            or lex.match_at_end("places.source", tail) or _seat_of_source(lex, tail, last):
        m.roles.add("political")  # "Kyiv said", "selon Kiev", "der Generalstab in Kiew"; not "the mayor of X said"
    if not before.strip() and (_DATELINE_DASH.match(after) or _DATELINE_DAY.match(after)):
        m.roles.add("dateline")
    elif not before.strip() and (not after.strip(_BARE_PUNCT) or _BARE_REGION.match(after)):
        m.roles.add("named")  # a text that is the name alone, or "Name, Region" ("Snake Island,", "Bucha, Kyiv Oblast")
    if lex.match_at_end("places.locative", tail):
        m.roles.add("locative")
    elif lex.match_at_end("places.target_before", tail):
        m.roles.add("target")  # "Россия атаковала Киев", "drones attacked Kyiv": the object of an attack
    nxt = _NEXT_NAME.match(norm, m.end, m.end + 30)
    if nxt and lex.code != "de" and not _known_word(lex, nxt.group(1)):
        m.roles.add("truncated")  # "Nova Khakova" read as "Nova": part of a longer name the gazetteer lacks
    elif len(m.surface) <= 4 and (prv := _PREV_NAME.search(tail)) and not _known_word(lex, prv.group(1)):
        m.roles.add("truncated")  # "Sarzhin Yar" read as "Yar": a short last word of a longer name
    if (lex.match_at_start("places.landmark", _LEADING_DASHES.sub(" ", after[:30])) or _CALIBRE.match(after)) and \
            not _PUNCT_AFTER.match(after):
        m.roles.add("landmark")  # "Shevchenko Park", "Dnipro Hydroelectric Power Plant": another thing of that name
    elif (last in _LINK_WORDS or tail.endswith("d'")) and (link := _LANDMARK_LINK.search(tail)) and \
            lex.match_at_end("places.landmark_of", tail[:link.start()]):
        m.roles.add("landmark")  # "le réservoir de Kakhovka", "der Staudamm von Kachowka"
    if lex.match_at_end("places.feature_before", tail) or lex.match_at_start("places.feature_after", head):
        m.roles.add("feature")  # "la rivière Oskil", "Nikopol am Dnipro": a river, no settlement
    if lex.match_at_start("places.unit_after", head):
        m.roles.add("unit")  # "Южный военный округ", "Southern Operational Command": a command, no place
    m.part = _part(lex, tail, after)
    if _near_phrase(lex, "places.settlement", tail[-30:]) or lex.match_at_end("places.settlement", tail):
        m.roles.add("named")  # "le village de Predtetchyné", "село Кучерів Яр"
        if _near_phrase(lex, "places.village", tail[-30:]):
            m.roles.add("village")  # "в селе Муром": no city
    kind_word = _may_end_in(lex, _KIND_KEYS, last)
    if kind_word and lex.match_at_end("places.district_before", tail):
        m.roles.add("district")  # "im Stadtbezirk Obolon": a district of the city, no village Obolon
    if kind_word and "village" not in m.roles and lex.match_at_end("places.city", tail):
        m.roles.add("city")  # "the southern Ukrainian city of Zaporizhzhia": no village of that name


def _part(lex: Lexicon, tail: str, after: str) -> str | None:
    """The part of Ukraine a text places a name in, by the words before it ("im südukrainischen Mykolajiw", "the
    southern city of Mykolaiv") or right after it ("Mykolaïv, dans le sud de l'Ukraine", "у Харкові на сході
    України")."""
    head = _PART_GAP.sub("", after[:50], count=1)
    if not (lex.match_at_start("parts.any", head) or _near_phrase(lex, "parts.any", tail)):
        return None
    for part in parts():
        key = f"parts.{part}"
        if _near_phrase(lex, key, tail) or lex.match_at_start(key, head):
            return part
    return None


_PART_GAP = re.compile(r"^[\s,(–—-]+")


def _offset(lex: Lexicon, tail: str) -> tuple[int, float | None] | None:
    """(bearing, km) from "etwa 20 Kilometer südwestlich der Gebietshauptstadt", "в 30 км к северо-западу от",
    "north of": the words before a reference place that say where another place lies from it (km None when no
    distance is given)."""
    found = None
    for found in lex.rx["places.bearings"].finditer(tail):
        pass
    if found is None or len(tail[found.end():].split()) > 4:
        return None
    bearing = lex.bearings.get(" ".join(found.group(0).lower().split()))
    if bearing is None:
        return None
    head = tail[:found.start()]
    km = None
    quantities = find_quantities(head, lex)
    if quantities and quantities[-1].value:
        q = quantities[-1]
        unit = lex.match_at_start("places.distance_units", head[q.end:])
        if unit and len(head[q.end + unit.end():].split()) <= 1:  # "20 km", "20 Kilometer", "30 км на"
            km = float(q.value)
    return bearing, km


_KIND_KEYS = ("places.district_before", "places.city")


@lru_cache(maxsize=None)
def _last_words(lex: Lexicon, keys: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """The last words of the phrases of ``keys`` (:func:`word_forms`)."""
    return word_forms(p.split()[-1] for k in keys for p in lex.raw_lists.get(k, ()) if p.split())


def _may_end_in(lex: Lexicon, keys: tuple[str, ...], word: str) -> bool:
    """False when ``word`` (the last word of a text, see :func:`last_word`) ends no phrase of ``keys``: a cheap
    test before matching them."""
    if not word:
        return False
    whole, stems = _last_words(lex, keys)
    return word in whole or word.endswith("'") or (bool(stems) and word.startswith(stems))


#: sources that report on the whole front or country, from a seat that is no place of what they report
NATIONAL_SOURCES = frozenset({"Russian Defence Ministry", "Ukrainian General Staff", "Ukrainian Air Force", "DeepState",
                              "Institute for the Study of War"})


def _seat_of_source(lex: Lexicon, tail: str, last: str) -> bool:
    """Whether ``tail`` (whose last word is ``last``) ends in a national source and the preposition of its seat:
    "the General Staff in ", "Генштаб у " (a governor's or a mayor's seat is often where it happened)."""
    prep = lex.match_at_end("places.source_seat", tail) if _may_end_in(lex, ("places.source_seat",), last) else None
    if prep is None:
        return False
    before = tail[:prep.start()]
    word = last_word(before)
    whole, stems, rx = _national_sources(lex)
    if not word or not (word in whole or word.startswith(stems)):
        return False
    return rx.search(before) is not None


#: a definite article ending a text, with the space around it: "the mayor of the", "teilte der"
ARTICLE_END = re.compile(r"\s*\b(?:the|la|le|les|l'|der|die|das|dem|den|des)\s*$", re.IGNORECASE)


def source_before(lex: Lexicon, before: str, keys: tuple[str, ...]) -> bool:
    """Whether ``before`` ends in a source and a preposition of the lists ``keys`` (the first that ends it):
    "the General Staff in ", "the mayor of ", "der Leiter der Militärverwaltung von "."""
    before = ARTICLE_END.sub("", before)
    prep = next((p for key in keys if (p := lex.match_at_end(key, before))), None)
    head = before[:prep.start()].rstrip() if prep else ""
    found = lex.claimant(head) if head else None
    return found is not None and found[1][1] == len(head)


@lru_cache(maxsize=None)
def _national_sources(lex: Lexicon) -> tuple[frozenset[str], tuple[str, ...], re.Pattern[str]]:
    """The national sources' patterns: their last words (whole, and wildcard stems) and one regex ending a text."""
    national = [p for p, (_rx, name, _side) in zip(lex.claimant_patterns, lex.claimants) if name in NATIONAL_SOURCES]
    return (*word_forms(p.split()[-1] for p in national),
            re.compile("(?:" + phrase_regex(national) + r")\s*$", re.IGNORECASE))


def _near_phrase(lex: Lexicon, key: str, tail: str) -> bool:
    """A phrase of ``key`` right before the name, or at most four words before it ("aux portes de la forteresse
    ukrainienne de Kostiantynivka"), with no clause break in between."""
    if lex.match_at_end(key, tail):
        return True
    # what lies between the phrase and the name ends in a linking word ("… de") and has no clause break: only the
    # text since the last one matters
    if last_word(tail) not in _LINK_WORDS_NEAR:
        return False
    seg = tail[max(tail.rfind(c) for c in _BREAKS) + 1:]
    if not lex.may_contain(key, seg):
        return False
    for m in lex.rx[key].finditer(seg):
        between = seg[m.end():]
        # a lone preposition ("под", "bei") governs only the word right after it; a lone noun links the name by a
        # linking word alone ("du village de Stepové", "des Dorfes von X")
        if len(m.group(0).split()) < 2 and (
                key not in _NOUN_KEYS or not all(w in _LINK_WORDS_NEAR for w in between.lower().split())):
            continue
        if len(between.split()) <= 4 and _LINKED.search(between):
            return True
    return False


_BREAKS = ',;:.()«»"'
_NOUN_KEYS = ("places.settlement", "places.village")


def _has_own_region(m: Mention, nxt: Mention | None, norm: str) -> bool:
    """Whether a region of its own follows the mention, not as the next item of a list ("Vorone dans celle de
    Dnipropetrovsk", "Vorone in the Dnipropetrovsk region"), by a region form or by its capital ("Bilohirka,
    dans celle de Zaporijjia")."""
    return nxt is not None and nxt.sentence == m.sentence and (nxt.kind == "region" or "region" in nxt.roles) and \
        nxt.start - m.end <= 30 and not _LIST_SEP.match(norm[m.end:nxt.start])


_APPOSITION = re.compile(r"\s*[,(–—]\s*[^,.;:()]{0,40}$")


_BARE_PUNCT = " ,.;:!?-–—()\"'«»"
_BARE_REGION = re.compile(r"\s*,\s*[^,.;:!?]{1,40}$")  # "Name, Region" and nothing more
_ALIAS_GAP = re.compile(r"\s*(?:\(|,)\s*")


def _mark_aliases(mentions: list[Mention], norm: str, lex: Lexicon) -> None:
    """"Bakhmut, which Russia calls Artyomovsk", "Красноармейска (Покровска)", "Bachmut (russisch: Artjomowsk)":
    a second name of the place just named, in brackets or after the words of ``places.alias``, is that place
    in the same role (no captured town when the first is only a reference point)."""
    for a, b in zip(mentions, mentions[1:]):
        if a.sentence != b.sentence or a.kind != "place" or b.kind != "place":
            continue
        gap = _ALIAS_GAP.match(norm, a.end, b.start)
        if gap is None:
            continue
        words = norm[gap.end():b.start].strip(" :-")
        if words and lex.rx["places.alias"].fullmatch(words) is None or \
                not words and norm[gap.start():gap.end()].strip() != "(":
            continue
        if {c.place.idx for c in a.candidates}.isdisjoint(c.place.idx for c in b.candidates):
            continue
        b.roles = (b.roles - {"listed"}) | a.roles | {"alias"}


def _propagate_list_roles(mentions: list[Mention], norm: str, lex: Lexicon) -> None:
    """In "les régions de Dnipropetrovsk, de Zaporijjia et de Kiev" or "с направлений Курска, Орла, Брянска",
    every item of the list shares the role of the list's head."""
    def own_form(m: Mention) -> bool:
        """A region named as one: by a region form ("Donetsk Oblast"), or by a name and a region word after it
        in a spelling the region forms lack ("Zaporizja Oblast", "Soemy Oblast")."""
        return m.kind == "region" or ("region" in m.roles and
                                      lex.match_at_start("places.region_after", norm[m.end:m.end + 40]) is not None)

    for a, b in zip(mentions, mentions[1:]):
        if a.sentence == b.sentence and a.kind == b.kind == "place" and _LIST_SEP.match(norm[a.end:b.start]):
            a.roles.add("listed")
            b.roles.add("listed")
    present = set().union(*(m.roles for m in mentions))
    for role in ("region", "launch", "direction", "near", "named", "village", "city", "district"):
        if role not in present:
            continue
        for forward in (True, False):
            seq = mentions if forward else list(reversed(mentions))
            for k, (a, b) in enumerate(zip(seq, seq[1:])):
                if role not in a.roles or role in b.roles or a.sentence != b.sentence:
                    continue
                if role == "region" and forward and _has_own_region(b, seq[k + 2] if k + 2 < len(seq) else None,
                                                                   norm):
                    continue  # "dans la région de Donetsk et Vorone dans celle de Dnipropetrovsk": a village
                if role in ("near", "named", "village", "city", "district") and not forward:
                    continue  # "near X and Y": the word governs what follows it
                gap = norm[min(a.end, b.end):max(a.start, b.start)]
                if _LIST_SEP.match(gap):
                    if role == "region" and (b.kind == "region" or (own_form(a) and not (
                            forward and re.search(r"\b(?:de|d'|of)\b", gap)))):
                        # "Харьковской области — Гатище", "Mariupol, Donetsk Oblast": a region named by its own
                        # form heads or closes a list of places; only "les régions de X, de Y" lists regions
                        continue
                    b.roles.add(role)
    for a, b in zip(mentions, mentions[1:]):
        # "Antonivka, a suburb of Kherson", "Зеленое, село под Северском": the place the apposition names only
        # says where the first one lies
        if a.sentence == b.sentence and a.kind == b.kind == "place" and \
                _APPOSITION.match(norm, a.end, b.start) and lex.match_at_end("places.part_of", norm[a.end:b.start]):
            b.roles.add("direction")
            b.roles.discard("listed")
    for a, b in zip(mentions, mentions[1:]):
        # "in Orikhove, Luhansk": a regional capital right after a place, closing the clause, names the region
        if a.sentence == b.sentence and a.kind == b.kind == "place" and norm[a.end:b.start] == ", " and \
                b.candidates and _is_oblast_centre(b) and "region" not in a.roles and \
                (re.match(r"\s*(?:[.;)]|$)", norm[b.end:b.end + 2]) or _in_oblast_of(a, b)):
            b.roles.add("region")
            b.roles.discard("listed")
            if not (a.roles & {"named", "locative"}) and len(mentions) == 2:
                a.roles.discard("listed")
    for a, b in zip(mentions, mentions[1:]):
        # "Podil, Kyiv", "the Shevchenko in Kyiv": a name with no place of that name near the city after it is
        # a district or landmark of that city
        if a.sentence == b.sentence and a.kind == b.kind == "place" and b.candidates and a.candidates and \
                re.fullmatch(r",\s*|\s+(?:in|à|in der|im|в|у)\s+", norm[a.end:b.start]) and _is_city(b) and \
                not _is_city(a) and "hromada" not in a.roles and \
                not ("region" in b.roles and _in_oblast_of(a, b)) and \
                not any(_close(ca, b.candidates[0], 25.0) for ca in a.candidates):
            # ("Vuhledar, Donetsk": when the city after the name stands for its oblast, the name is a place of it)
            a.roles.add("district")
            b.roles.discard("region")  # "Podil, Kyiv": the city itself is the place
