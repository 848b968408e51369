"""One place per mention, chosen in the context of the whole article.

Each candidate's prior score (population, kind, how well the name matched) is raised when its oblast is named
in the article (most when in the same sentence) and when it lies near the article's other places: "Wesjoloje
… nördlich von Soledar" picks the Vesele near Soledar, "Dachne … Dnipropetrovsk region" the Dachne there. A
place whose capture or liberation is claimed is looked for where the fighting was, when the gazetteer carries
the official list of territories of hostilities (:meth:`Gazetteer.front_status`).
"""
from __future__ import annotations

import datetime as dt
import math
from functools import lru_cache
from typing import TYPE_CHECKING, Hashable, Iterable

from geomap.gazetteer import Q_FORMER, Candidate, _data_json
from geomap.lexicon import front_regions, parts
from geomap.mentions import Mention

if TYPE_CHECKING:
    from geomap.gazetteer import Gazetteer, Place

__all__ = ["resolve_mentions", "rank", "distance_km"]

REGION_SAME_SENTENCE = 0.6
REGION_NEAR = 0.35          # named within two sentences
REGION_IN_ARTICLE = 0.15    # named anywhere in the article
REGION_NEAREST = 0.45       # the region named right after the name ("X, a village in Y region", "X в Y области")
PLACE_CUE = 0.12            # another confidently placed settlement of the article lies in that oblast
BORDER = 0.2               # namesakes: the one within 20 km of another region the article names
TIE = 0.2
FRONT_PRIOR = 0.1           # war news, no cue at all: the same-named place in a region of the war
# A claimed capture or liberation lies where the fighting is: a namesake under active hostilities on the day (or
# occupied in the year before) gains the most, one in the zone of possible hostilities (the band behind the front
# and along the Russian border, where the front moves next) almost as much.
FRONT_ACTIVE = 0.35
FRONT_POSSIBLE = 0.25
RECENT_OCCUPATION = dt.timedelta(days=365)
FRONT_UNCLAIMED = 0.5       # any other place of war news leans the same way, half as much (shelling, strikes)
OFFSET_CUE = 0.45           # the namesake lying where "20 km south-west of Donetsk" puts it
OFFSET_UNSTATED_KM = 20.0   # "north of Donetsk": somewhere about this far
NEAR_KM = 25.0              # "X near Pokrovsk": X within about this distance of it
NEAR_30KM = 0.4
NEAR_80KM = 0.15
ADMIN_KINDS = ("oblast", "raion", "hromada", "country")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres (WGS 84 mean radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _region_admin1(m: Mention, gazetteer: "Gazetteer") -> str | None:
    """The admin1 a region mention stands for: that of its capital (or of the named city, "région de Donetsk")."""
    if m.region_admin1:
        return m.region_admin1
    cands = m.candidates
    admin = [c.place.admin1 for c in cands if c.place.kind in ADMIN_KINDS and c.place.admin1]
    if admin and all(c.place.kind in ADMIN_KINDS for c in cands):
        return admin[0]
    best = max((c for c in cands if c.place.kind not in ("raion", "hromada")),
               key=lambda c: (c.place.kind in ("capital", "city"), c.place.population or 0), default=None)
    if best is None:
        return None
    # "Kyiv region": the oblast named after the city, which is not the city's own admin1 where the city has a
    # special status
    oblast = [c.place.admin1 for c in gazetteer.lookup(f"{best.place.name} Oblast") if c.place.kind == "oblast"]
    return oblast[0] if oblast else best.place.admin1


#: A place this populous is no village, whatever its kind in the gazetteer.
VILLAGE_MAX_POPULATION = 50_000


def _settlements(cands: Iterable["Candidate"], village: bool = False, city: bool = False) -> list["Candidate"]:
    """The candidates that are settlements; for a name the text calls a village ("в селе Муром"), those that
    can be one, unless none can (:func:`mark_off_region` then says the gazetteer lacks the village); for one it
    calls a city ("the city of Zaporizhzhia"), the cities, if any."""
    out = [c for c in cands if c.place.kind not in ADMIN_KINDS]
    if village:
        return [c for c in out if not _too_big_for_a_village(c.place)] or out
    if city:
        return [c for c in out if c.place.kind in ("capital", "city")] or out
    return out


def _in_part(cands: list["Candidate"], part: str | None) -> list["Candidate"]:
    """For a name the text places in a part of Ukraine ("the southern city of Mykolaiv"), the candidates there,
    if any."""
    if part is None:
        return cands
    regions = parts().get(part, frozenset())
    return [c for c in cands if c.place.admin1 in regions] or cands


def _big_city(place: "Place") -> bool:
    return place.kind in ("capital", "city") and (place.population or 0) >= 100_000


def _too_big_for_a_village(place: "Place") -> bool:
    return (place.population or 0) >= VILLAGE_MAX_POPULATION


def _cue_gaps(cues: list[tuple[str, int]], sentence: int) -> dict[str, int]:
    """admin1 → how many sentences away from ``sentence`` the nearest cue to it is."""
    gaps: dict[str, int] = {}
    for a, s in cues:
        gap = abs(s - sentence)
        if gap < gaps.get(a, gap + 1):
            gaps[a] = gap
    return gaps


def _score(cand: "Candidate", sentence: int, cues: list[tuple[str, int]],
           anchors: list[tuple[float, float, str | None, float]], nearest_cue: str | None = None) -> float:
    """A candidate's score in context: its prior, the region cues and the anchors (lat, lon, admin1, weight)."""
    score = _cue_score(cand, _cue_gaps(cues, sentence), nearest_cue)
    if not cues and not anchors and cand.place.admin1 in front_regions():
        score += FRONT_PRIOR
    return _anchored_scores([score], [cand.place], anchors)[0]


def _cue_score(cand: "Candidate", gaps: dict[str, int], nearest_cue: str | None) -> float:
    """A candidate's prior plus what the region cues give it (``gaps`` is :func:`_cue_gaps` of its sentence)."""
    score = cand.score
    admin1 = cand.place.admin1
    if admin1:
        gap = gaps.get(admin1)
        if gap is not None:
            score += REGION_SAME_SENTENCE if gap == 0 else REGION_NEAR if gap <= 2 else REGION_IN_ARTICLE
        if nearest_cue is not None and nearest_cue == admin1:
            score += REGION_NEAREST
    return score


def _anchored_scores(scores: list[float], places: list["Place"],
                     anchors: list[tuple[float, float, str | None, float]]) -> list[float]:
    """``scores`` of ``places`` plus what nearness to the anchors (lat, lon, admin1, weight) gives each: the most a
    single anchor gives within 30 or 80 km, else a little for lying in an anchor's oblast."""
    strong = _strong_admin1(anchors)
    out = []
    for score, place in zip(scores, places):
        best_near = 0.0
        clat, clon = place.latitude, place.longitude
        for lat, lon, _a1, weight in anchors:
            # beyond 0.75° of latitude or 1.2° of longitude (over 80 km here) no distance needs computing
            if -0.75 <= lat - clat <= 0.75 and -1.2 <= lon - clon <= 1.2:
                d = distance_km(clat, clon, lat, lon)
                near = weight * (NEAR_30KM if d <= 30 else NEAR_80KM if d <= 80 else 0.0)
                if near > best_near:
                    best_near = near
        if best_near or place.admin1 is None:
            out.append(score + best_near)
        else:
            out.append(score + (PLACE_CUE if place.admin1 in strong else 0.0))
    return out


def _strong_admin1(anchors: list[tuple[float, float, str | None, float]]) -> frozenset[str | None]:
    """The admin1 of the anchors that count fully."""
    return frozenset(a[2] for a in anchors if a[3] >= 1.0 and a[2] is not None)


def _break_tie(scored: list[tuple[float, "Candidate"]], cues: list[tuple[str, int]], gazetteer: "Gazetteer",
               near_cue: str | None = None) -> list[tuple[float, "Candidate"]]:
    """Namesakes close in score: favour the one in the region named with the mention (``near_cue``), or one
    lying by another region the article names ("a village in Dnipropetrovsk region close to the boundary with
    Donetsk region"); "Novoselivka in the Kharkiv region" is then the Kharkiv village as much as the Donetsk
    village by the Kharkiv boundary, and its own region cue decides."""
    top = scored[0][0]
    # with no region named with the mention, a region one of the close namesakes lies in is no boundary to favour
    # another by ("Дніпровське" listed with Kherson's villages is the Kherson-oblast one, not the Mykolaiv one
    # by its boundary)
    held = {c.place.admin1 for score, c in scored if top - score < TIE} if near_cue is None else set()
    out = []
    for score, c in scored:
        if top - score < TIE and near_cue is not None and c.place.admin1 == near_cue:
            score += BORDER
        elif top - score < TIE:
            for admin1 in {a for a, _s in cues if a != c.place.admin1 and a not in held}:
                if near_region(gazetteer, admin1, c.place):
                    score += BORDER
                    break
        out.append((score, c))
    out.sort(key=lambda t: (-t[0], -(t[1].place.population or 0)))
    return out


def near_region(gazetteer: "Gazetteer", admin1: str, place: "Place", km: float = 20.0) -> bool:
    """Whether ``place`` lies within ``km`` (at most 20) of a place of oblast ``admin1``."""
    return any(distance_km(place.latitude, place.longitude, lat, lon) <= km
               for lat, lon in _nearby(gazetteer, admin1, place.latitude, place.longitude))


_CELL = (0.2, 0.3)  # degrees of latitude and longitude: 22 km by 21 km here, more than the 20 km asked


def _nearby(gazetteer: "Gazetteer", admin1: str, lat: float, lon: float) -> list[tuple[float, float]]:
    """Places of ``admin1`` in the grid cells around (lat, lon): the only ones that can lie within 20 km."""
    grids = gazetteer.__dict__.setdefault("_geomap_grids", {})
    grid = grids.get(admin1)
    if grid is None:
        from geomap.mentions import _places_in

        grid = grids[admin1] = {}
        for _n, p in _places_in(gazetteer, admin1):
            key = (int(p.latitude // _CELL[0]), int(p.longitude // _CELL[1]))
            grid.setdefault(key, []).append((p.latitude, p.longitude))
    i, j = int(lat // _CELL[0]), int(lon // _CELL[1])
    return [pt for di in (-1, 0, 1) for dj in (-1, 0, 1) for pt in grid.get((i + di, j + dj), ())]


def _confidence(scores: list[float], precision: int) -> float:
    """How sure the choice is: high when the best candidate clearly beats the next, lower when approximate."""
    if not scores:
        return 0.0
    ordered = sorted(scores, reverse=True)
    if len(ordered) == 1:
        conf = 0.9
    else:
        conf = 0.5 + 0.45 * min(1.0, (ordered[0] - ordered[1]) / 0.4)
    if precision >= 2:
        conf *= 0.75
    return round(min(1.0, conf), 3)


def _front_bonus(cand: "Candidate", gazetteer: "Gazetteer", when: dt.date | None) -> float:
    """How well a candidate fits a claimed capture or liberation on ``when``, by the list of hostilities."""
    status = gazetteer.front_status(cand.place, when)
    if status is None:
        return 0.0
    kind, since = status
    if kind == "active":
        return FRONT_ACTIVE
    if kind == "possible":
        return FRONT_POSSIBLE
    # occupied: just taken is where the claims are; taken years ago is no longer the front
    ref = when or gazetteer.hostilities_date
    return FRONT_ACTIVE if ref is not None and ref - since <= RECENT_OCCUPATION else 0.0


def resolve_mentions(mentions: list[Mention], gazetteer: "Gazetteer", *, claims: set[int] | frozenset[int] = (),
                     when: dt.date | None = None) -> None:
    """Set ``chosen`` and ``confidence`` of every place mention, in place.

    Region mentions (and names used as regions) become cues; unambiguous places anchor the others. Where the
    gazetteer carries the list of hostilities, namesakes on the front on ``when`` are favoured: fully for the
    names of the sentences ``claims`` (those reporting a capture, liberation, advance or withdrawal), half as much
    for the others.
    """
    # one name, one place: a name whose capture is claimed anywhere in the article is on the front everywhere
    front = gazetteer.has_hostilities
    claimed = {m.chosen_key() for m in mentions if m.sentence in claims} if claims and front else set()
    cues: list[tuple[str, int]] = []
    spans: list[tuple[str, int, int, int]] = []
    for m in mentions:
        if m.is_region:
            a1 = _region_admin1(m, gazetteer)
            if a1:
                cues.append((a1, m.sentence))
                spans.append((a1, m.sentence, m.start, m.end))

    def nearest(m: Mention) -> str | None:
        """The region named right after the name ("Каменское в Запорожской области", "X, a village in Y
        region"), or the nearer of two regions in its sentence."""
        same = [(min(abs(a - m.end), abs(m.start - b)), a1) for a1, s, a, b in spans if s == m.sentence]
        if not same:
            return None
        # a region right after the name, with no other place between, is its own ("Novoselivka in the Kharkiv
        # region"), even when the region closing the previous item ("… in the Donetsk region and") is nearer
        following = sorted((a, a1) for a1, s, a, _b in spans if s == m.sentence and 0 <= a - m.end <= 60)
        if following and not any(o is not m and not o.is_region and m.end <= o.start < following[0][0]
                                 for o in mentions):
            return following[0][1]
        # a single region before it, with no other place between ("продвижение в Харьковской области и
        # освободили Ягодное") is its own too
        before = [(b, a1) for a1, s, _a, b in spans if s == m.sentence and b <= m.start]
        if len(same) == 1 and before and not any(o is not m and not o.is_region and before[0][0] <= o.start < m.start
                                                 for o in mentions):
            return before[0][1]
        # otherwise the nearer of two regions in the sentence; a single one far from the name is no cue
        return min(same)[1] if len({x for _d, x in same}) > 1 else None
    places = [(m, cands) for m in mentions
              if not m.is_region and (cands := _in_part(_settlements(m.candidates, "village" in m.roles,
                                                                    "city" in m.roles), m.part))]
    # what does not change between the passes: the region cues' part of each namesake's score, the region
    # named with the mention, and the front-line bonus
    cue_scores: dict[int, list[float]] = {}
    near_cues: dict[int, str | None] = {}
    bonus: dict[int, list[float]] = {}
    front_prior = not cues and front_regions()
    for m, cands in places:
        near_cues[id(m)] = near_cue = nearest(m)
        gaps = _cue_gaps(cues, m.sentence)
        cue_scores[id(m)] = [_cue_score(c, gaps, near_cue) for c in cands]
        # the front-line bonus tells namesakes of a claim apart; for a name merely struck or mentioned, it does
        # not outweigh a big city ("Во Львове" is Lviv, not the village of Lvove by the Dnipro)
        if front and len(cands) > 1 and (m.chosen_key() in claimed or not any(_big_city(c.place) for c in cands)):
            factor = 1.0 if m.chosen_key() in claimed else FRONT_UNCLAIMED
            bonus[id(m)] = [factor * _front_bonus(c, gazetteer, when) for c in cands]
    # first pass: region cues only; second pass: also nearness to the first pass's confident choices
    # Pass 1 ranks by prior and region cues. Pass 2 adds nearness: to the confident choices of the other names,
    # and, more weakly, to the best few candidates of ambiguous names nearby in the text, so that two
    # ambiguous neighbours ("між Андріївкою та Олексіївкою") settle on the pair that lies together.
    anchors: list[tuple[float, float, str | None, float, Hashable, int]] = []
    final: list[tuple[Mention, list[tuple[float, "Candidate"]], str | None]] = []
    targets: dict[int, list[tuple[float, float, float, bool]]] = {}
    for pass_no in (1, 2):
        if pass_no == 2:  # the reference places are resolved: where they put the places described
            targets = _offset_targets(mentions)
        new_anchors = []
        for m, cands in places:
            own = [a[:4] for a in anchors if a[4] != m.chosen_key() and (a[3] >= 1.0 or abs(a[5] - m.sentence) <= 2)
                   ] if pass_no == 2 else []
            near_cue = near_cues[id(m)]
            base = cue_scores[id(m)]
            if front_prior and not own:  # war news with no cue at all: the namesake in a region of the war
                base = [s + FRONT_PRIOR if c.place.admin1 in front_prior else s for s, c in zip(base, cands)]
            if own:
                scored = list(zip(_anchored_scores(base, [c.place for c in cands], own), cands))
            else:
                scored = list(zip(base, cands))
            if id(m) in bonus:
                scored = [(s + b, c) for (s, c), b in zip(scored, bonus[id(m)])]
            if id(m) in targets:
                scored = [(s + _offset_bonus(c.place, targets[id(m)]), c) for s, c in scored]
            scored.sort(key=lambda t: (-t[0], -(t[1].place.population or 0)))
            if pass_no == 2 and len(scored) > 1 and scored[0][0] - scored[1][0] < TIE:
                scored = _break_tie(scored, cues, gazetteer, near_cue)
            best_score, best = scored[0]
            m.chosen = Candidate(best.place, round(best_score, 4), best.form, best.quality)
            m.confidence = _confidence([s for s, _ in scored], best.place.geo_precision)
            if pass_no == 2:
                final.append((m, scored, near_cue))
            if m.roles & {"political", "dateline"}:
                continue
            prior = max((c.score for c in cands if c.place.idx == best.place.idx), default=0.0)
            if prior < STRONG_PRIOR and not m.roles & EVIDENCE_ROLES and best_score - prior <= 0.01:
                continue  # a capitalised word that may not be a place at all ("German") anchors nothing
            if m.confidence >= 0.6:
                new_anchors.append((best.place.latitude, best.place.longitude, best.place.admin1, 1.0,
                                    m.chosen_key(), m.sentence))
            else:
                for _s, c in scored[:5]:
                    new_anchors.append((c.place.latitude, c.place.longitude, c.place.admin1, 0.6, m.chosen_key(),
                                        m.sentence))
        anchors = new_anchors
    _one_place_per_name(final)


def _offset_targets(mentions: list[Mention]) -> dict[int, list[tuple[float, float, float, bool]]]:
    """id(mention) → where reference places with an offset put it ("Pobjeda, etwa 20 Kilometer südwestlich von
    Donezk": the place named before the reference in its sentence), or near it ("Nowoolexandriwka bei Pokrowsk"):
    (lat, lon, tolerance in km, whether a distance was given)."""
    out: dict[int, list[tuple[float, float, float, bool]]] = {}
    for i, r in enumerate(mentions):
        near = r.offset is None and "near" in r.roles
        if (r.offset is None and not near) or r.chosen is None or r.is_region:
            continue
        subject = next((s for s in reversed(mentions[:i]) if s.sentence == r.sentence and s.end <= r.start
                        and not s.is_region and _settlements(s.candidates)), None)
        if subject is None:
            continue
        if near:  # "Nowoolexandriwka bei Pokrowsk": within about NEAR_KM of it (telling namesakes apart)
            if len(subject.candidates) < 2:
                continue
            out.setdefault(id(subject), []).append((r.chosen.place.latitude, r.chosen.place.longitude, NEAR_KM,
                                                    False))
            continue
        bearing, km = r.offset
        lat, lon = _destination(r.chosen.place.latitude, r.chosen.place.longitude, bearing,
                                km if km is not None else OFFSET_UNSTATED_KM)
        # stated distances are rounded ("etwa 20 Kilometer" for 28): half as much again, at least 15 km
        tol = max(15.0, km) if km is not None else 1.5 * OFFSET_UNSTATED_KM
        out.setdefault(id(subject), []).append((lat, lon, tol, km is not None))
    return out


def _destination(lat: float, lon: float, bearing: float, km: float) -> tuple[float, float]:
    """The point ``km`` from (lat, lon) at compass ``bearing`` (degrees); flat-earth, close enough within 100 km."""
    b = math.radians(bearing)
    return lat + km * math.cos(b) / 111.2, lon + km * math.sin(b) / (111.2 * math.cos(math.radians(lat)))


def _offset_bonus(place: "Place", targets: list[tuple[float, float, float, bool]]) -> float:
    """How well a namesake lies where the text puts it: full at the point, none a tolerance away."""
    return max((OFFSET_CUE * max(0.0, 1.0 - distance_km(place.latitude, place.longitude, lat, lon) / tol)
                for lat, lon, tol, _exact in targets), default=0.0)


def _one_place_per_name(final: list[tuple[Mention, list[tuple[float, "Candidate"]], str | None]]) -> None:
    """One name, one place in an article ("one sense per discourse"): the mentions of a name ("Андріївка … в
    Сумській області", later "окупували Андріївку") take the candidate their scores favour together, unless
    their own region cues tie them to different regions. The one region named with a mention is the name's
    label: the place is chosen among the namesakes there, however well the unlabelled mentions fit elsewhere."""
    groups: dict[Hashable, list[tuple[Mention, list[tuple[float, "Candidate"]], str | None]]] = {}
    for item in final:
        groups.setdefault(item[0].chosen_key(), []).append(item)
    for group in groups.values():
        labels = {cue for _m, _s, cue in group if cue}
        if len(group) < 2 or len(labels) > 1:
            continue
        total: dict[int, float] = {}
        pop: dict[int, int] = {}
        for _m, scored, _cue in group:
            for score, c in scored:
                if not labels or c.place.admin1 in labels:
                    total[c.place.idx] = total.get(c.place.idx, 0.0) + score
                    pop[c.place.idx] = c.place.population or 0
        if not total:  # no namesake in the labelled region: the scores decide alone
            continue
        best = min(total, key=lambda i: (-total[i], -pop[i]))
        mean = [t / len(group) for t in total.values()]
        for m, scored, _cue in group:
            score, c = next((s, c) for s, c in scored if c.place.idx == best)
            if c.place.idx != m.chosen.place.idx:
                m.chosen = Candidate(c.place, round(score, 4), c.form, c.quality)
            m.confidence = _confidence(mean, c.place.geo_precision)


#: A candidate this well known (population, kind, exact name) needs no further evidence to be taken as a place.
STRONG_PRIOR = 0.5
EVIDENCE_ROLES = {"locative", "target", "capital", "named", "listed", "near", "direction", "region", "launch",
                  "political", "misspelt"}


def drop_landmarks(mentions: list[Mention]) -> list[Mention]:
    """A park, street or plant named after a small place is not that place ("Shevchenko Park" is in Kyiv, not in
    a village called Shevchenko); one named after a town ("Mariupol theatre", "Kerch Bridge") stands in it and
    stays, as a place of last resort."""
    kept = []
    for m in mentions:
        if m.roles & {"feature", "unit"}:
            continue  # "la rivière Oskil", "Nikopol am Dnipro": a river of that name; "Южный военный округ"
        if "landmark" in m.roles and m.chosen is not None and m.chosen.place.kind not in ("city", "capital"):
            continue
        kept.append(m)
    return kept


def mark_off_region(mentions: list[Mention], gazetteer: "Gazetteer") -> None:
    """"Jablunowka im Gebiet Sumy" resolved to a village in another oblast, or "Pobeda, 20 km south-west of
    Donetsk" to one far from there, means the gazetteer lacks this spelling of the place meant: such a village is
    no event location, and a weak mention. A well-known town named by its own name is that town, mislabelled; one
    named by a former name is not ("Суворово" in a list of villages of the ДНР is not Katlabuh, once Suvorove, in
    Odesa Oblast)."""
    regions = [(m, _region_admin1(m, gazetteer)) for m in mentions if m.is_region]
    targets = _offset_targets(mentions)
    for m in mentions:
        if not m.is_region and m.chosen is not None and _off_region(m, regions, targets, gazetteer):
            m.roles.add("off_region")
            m.confidence = round(m.confidence * 0.3, 3)


def _off_region(m: Mention, regions: list[tuple[Mention, str | None]],
                targets: dict[int, list[tuple[float, float, float, bool]]], gazetteer: "Gazetteer") -> bool:
    """Whether the text puts the place somewhere its chosen namesake is not (see :func:`mark_off_region`)."""
    place = m.chosen.place
    # "Pobeda, 20 km south-west of Donetsk" read as a Pobeda 65 km east of it: the gazetteer lacks the place
    # described, whatever its name's fame
    if any(exact and distance_km(place.latitude, place.longitude, lat, lon) > 2.5 * tol
           for lat, lon, tol, exact in targets.get(id(m), ())):
        return True
    if "village" in m.roles and _too_big_for_a_village(place):
        return True  # "в селе Муром Шебекинского округа": a village the gazetteer lacks
    # "In the Belgorod region, a woman was killed … near the village of Nikolskoye": a sentence set in Russia or
    # Belarus only, and a small Ukrainian namesake of a village the gazetteer lacks there
    here = {a1 for r, a1 in regions if a1 and r.sentence == m.sentence}
    if here and here <= foreign_regions() and place.country == "UA" and (place.population or 0) < 10_000 and \
            place.kind not in ("capital", "city") and not any(c.place.admin1 in here for c in m.candidates):
        return True
    prior = max((c.score for c in m.candidates if c.place.idx == place.idx), default=0.0)
    if prior >= STRONG_PRIOR and m.chosen.quality < Q_FORMER:
        return False
    near = {a1 for r, a1 in regions if a1 and r.sentence == m.sentence and
            (0 <= r.start - m.end <= 50 or 0 <= m.start - r.end <= 50)}
    # a place labelled with its oblast ("Novodarivka, Donetsk Oblast") that lies by that oblast's boundary is
    # taken as labelled at the border
    labels = {a1 for r, a1 in regions if a1 and r.sentence == m.sentence and 0 <= r.start - m.end <= 3}
    return bool(near) and not any(c.place.admin1 in near for c in m.candidates) and \
        not any(near_region(gazetteer, a1, place) for a1 in labels)


@lru_cache(maxsize=1)
def foreign_regions() -> frozenset[str]:
    """The Russian and Belarusian regions of regions.json, by their admin1 name."""
    data = _data_json("regions.json")
    return frozenset(r[1] for r in (*data["border"], *data["far_regions"]))


def drop_weak(mentions: list[Mention]) -> list[Mention]:
    """Mentions of obscure places with nothing in the text that says a place is meant.

    A capitalised common word that is also the name of a small village ("zu Schaden gekommen", "Сили оборони")
    has a low prior, no preposition or settlement word before it, no region cue and no nearby place: drop it.
    """
    kept = []
    for m in mentions:
        if m.is_region or m.chosen is None:
            kept.append(m)
            continue
        prior = max((c.score for c in m.candidates if c.place.idx == m.chosen.place.idx), default=0.0)
        context_bonus = m.chosen.score - prior
        if prior >= STRONG_PRIOR or context_bonus > 0.01 or m.roles & EVIDENCE_ROLES:
            kept.append(m)
    return kept


def rank(name: str, gazetteer: "Gazetteer", context: str | None = None, lang: str | None = None) -> list["Candidate"]:
    """Every candidate for ``name``, best first, scored in the light of ``context`` (an oblast or nearby place).

    Returns new :class:`Candidate` objects whose ``score`` includes the context bonus.
    """
    cands = gazetteer.lookup(name)
    if not context or not cands:
        return cands
    from geomap.language import detect_language
    from geomap.lexicon import lexicon
    from geomap.mentions import find_mentions
    from geomap.segment import split_sentences

    lex = lexicon(lang or detect_language(context))
    sentences = split_sentences(context, lex.abbreviations, lex.months)
    # the name itself in the context ("Andriivka, Sumy Oblast") is no evidence of where it lies: only the other
    # mentions count, resolved in the light of the context's regions
    own = {c.place.idx for c in cands}
    ctx = [m for m in find_mentions(context, sentences, gazetteer, lex)
           if m.is_region or not own & {c.place.idx for c in m.candidates}]
    cues = [(a1, 0) for m in ctx if m.is_region and (a1 := _region_admin1(m, gazetteer))]
    resolve_mentions(ctx, gazetteer)
    anchors = [(m.chosen.place.latitude, m.chosen.place.longitude, m.chosen.place.admin1, 1.0) for m in ctx
               if not m.is_region and m.chosen is not None]
    # a context that names only a place (no region) still gives its oblast as a cue
    cues += [(m.chosen.place.admin1, 0) for m in ctx if not m.is_region and m.chosen and m.chosen.place.admin1]
    scored = [c._replace(score=round(_score(c, 0, cues, anchors), 4)) for c in cands]
    scored.sort(key=lambda c: (-c.score, -(c.place.population or 0)))
    return scored
