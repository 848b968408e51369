"""Per-language word lists (``geomap/lexicons/*.toml``), compiled once into regular expressions.

The lists are data: see ``geomap/lexicons/README.md`` for the phrase syntax and the sections.
"""
from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Iterator

__all__ = ["front_regions", "find_regions", "LANGUAGES", "Lexicon", "lexicon", "phrase_regex", "APOSTROPHES", "unify_apostrophes", "regions"]

#: Languages with a lexicon; the first is the fallback.
LANGUAGES: tuple[str, ...] = ("en", "fr", "de", "uk", "ru")

#: Apostrophe forms folded to ASCII ``'`` before matching (one character each, so offsets do not move).
APOSTROPHES = "’ʼ`‘′´"
_APOS_RX = re.compile("[" + re.escape(APOSTROPHES) + "]")


def unify_apostrophes(text: str) -> str:
    """The text with every apostrophe form replaced by ``'`` (same length)."""
    return _APOS_RX.sub("'", text)  # faster than str.translate with a dict on long text


def _word_regex(word: str) -> str:
    if word.endswith("*"):
        return re.escape(word[:-1]) + r"[\w'-]*"
    return re.escape(word)


def phrase_regex(phrases: Iterable[str]) -> str:
    """One alternation for phrases (longest first), each on word boundaries; see the README syntax."""
    parts = []
    for phrase in sorted({p.strip() for p in phrases if p and p.strip()}, key=len, reverse=True):
        words = phrase.split()
        rx = ""
        for i, w in enumerate(words):
            rx += _word_regex(w)
            if i < len(words) - 1:
                rx += "" if w.endswith("'") else r"\s+"
        tail = "" if phrase.endswith(("*", "'")) else r"(?![\w])"
        parts.append(rx + tail)
    if not parts:
        return r"(?!x)x"
    return r"(?<![\w])(?:" + "|".join(parts) + ")"


def _compile(phrases: Iterable[str]) -> re.Pattern[str]:
    return re.compile(phrase_regex(phrases), re.IGNORECASE)


@dataclass
class Lexicon:
    """The compiled word lists of one language."""

    code: str
    name: str
    raw: dict
    numbers: dict[str, int]
    months: dict[str, int]
    weekdays: dict[str, int]
    detect: frozenset[str]
    abbreviations: frozenset[str]
    rx: dict[str, re.Pattern[str]] = field(default_factory=dict)
    claimants: list[tuple[re.Pattern[str], str, str | None]] = field(default_factory=list)
    claimant_patterns: list[str] = field(default_factory=list)
    raw_lists: dict[str, list[str]] = field(default_factory=dict)
    _anchored: dict[tuple[str, str], re.Pattern[str]] = field(default_factory=dict, repr=False)
    foreign: frozenset[str] = frozenset()
    bearings: dict[str, int] = field(default_factory=dict)  # "south-west" → 225
    _end_of: tuple[str | None, str] = field(default=(None, ""), repr=False)  # match_at_end's last text, lowered

    def spans(self, text: str, keys: tuple[str, ...]) -> dict[str, list[tuple[int, int]]]:
        """Every match of the phrase lists ``keys`` in ``text``, per key, in text order.

        One Aho-Corasick pass finds where a phrase may begin (its first word, or the part of it before ``*``);
        only there is that phrase's pattern tried. Gives the same spans as ``rx[key].finditer`` would, except
        that overlapping phrases of one list all count (the longest at each start is kept).
        """
        lower = _folded_for_prefixes(text)
        automaton, phrases = _phrase_index(self, keys)
        if automaton is None or not _literal_ok(text, lower):
            return {k: [m.span() for m in self.rx[k].finditer(text)] for k in keys}
        found: dict[str, dict[int, int]] = {}
        for key, start, end in _prefix_matches(text, lower, automaton, phrases):
            starts = found.get(key)
            if starts is None:
                starts = found[key] = {}
            if end > starts.get(start, -1):
                starts[start] = end
        out: dict[str, list[tuple[int, int]]] = {k: [] for k in keys}
        for key, starts in found.items():
            spans = out[key]
            for start in sorted(starts):
                if not spans or start >= spans[-1][1]:
                    spans.append((start, starts[start]))
        return out

    def claimant(self, text: str, exclude: frozenset[int] = frozenset()) -> tuple[int, tuple[int, int]] | None:
        """The first-ranked claimant named in ``text``: (rank in :attr:`claimants`, span of its leftmost match),
        passing over the ranks in ``exclude``.

        One Aho-Corasick pass over the patterns' first words, as :meth:`spans`; the same answer as searching
        each pattern in rank order.
        """
        lower = _folded_for_prefixes(text)
        automaton, phrases = _claimant_index(self)
        if automaton is None or not _literal_ok(text, lower):
            for rank, (rx, _name, _side) in enumerate(self.claimants):
                m = rx.search(text) if rank not in exclude else None
                if m:
                    return rank, m.span()
            return None
        best = min((t for t in _prefix_matches(text, lower, automaton, phrases) if t[0] not in exclude),
                   default=None)  # lowest rank, then leftmost
        return (best[0], best[1:]) if best else None

    def has(self, key: str, text: str) -> bool:
        """Whether any phrase of list ``key`` occurs in ``text``."""
        return self.rx[key].search(text) is not None

    def match_at_end(self, key: str, text: str) -> re.Match[str] | None:
        """A phrase of ``key`` that ends ``text`` (ignoring trailing white space)."""
        edges = _edge_words(self, key)
        if edges is not None:  # most texts end in no phrase's last word: no regex search needed
            _first, last, last_wild = edges
            # a mention's context is asked about many lists in a row: its lower-cased end is kept for the next
            cached = self._end_of  # one read: another thread may replace it meanwhile
            if text is cached[0]:
                end = cached[1]
            else:
                end = text.rstrip().lower()
                self._end_of = (text, end)
            if not end.endswith(last) and not (last_wild and _ends_in_wildcard(end, last_wild)):
                return None
        return self._end_rx(key).search(text)

    def match_at_start(self, key: str, text: str) -> re.Match[str] | None:
        """A phrase of ``key`` that starts ``text`` (ignoring leading white space)."""
        edges = _edge_words(self, key)
        if edges is not None and not text.lstrip().lower().startswith(edges[0]):
            return None
        return self._start_rx(key).match(text)

    def may_begin(self, key: str, text: str) -> bool:
        """False when no phrase of ``key`` (or of the claimants, for ``"claimants"``) can begin ``text``, by the
        phrases' first words: a cheap test before matching at a known place."""
        edges = _edge_words(self, key)
        return edges is None or text.lower().startswith(edges[0])

    def may_contain(self, key: str, text: str) -> bool:
        """False when no phrase of ``key`` can occur in ``text`` (none of their first words is in it): a cheap
        test before a search. True means only that one may."""
        if key not in self.raw_lists:  # the months and weekdays, the claimants: no index of first words
            return True
        if not self.raw_lists[key]:  # a list this language leaves empty
            return False
        automaton = _phrase_index(self, (key,))[0]
        if automaton is None:
            return True
        lower = _folded_for_prefixes(text)
        if "  " in lower:
            return True  # (a phrase's words may stand further apart)
        for end, (length, _indexes) in automaton.iter(lower):
            start = end - length + 1  # a phrase begins a word: its first letters inside one do not count
            if start <= 0 or not (lower[start - 1].isalnum() or lower[start - 1] == "_"):
                return True
        return False

    def _end_rx(self, key: str) -> re.Pattern[str]:
        rx = self._anchored.get(("end", key))
        if rx is None:
            rx = self._anchored[("end", key)] = re.compile("(?:" + self.rx[key].pattern + r")\s*$", re.IGNORECASE)
        return rx

    def _start_rx(self, key: str) -> re.Pattern[str]:
        rx = self._anchored.get(("start", key))
        if rx is None:
            rx = self._anchored[("start", key)] = re.compile(r"\s*(?:" + self.rx[key].pattern + ")", re.IGNORECASE)
        return rx

    # one lexicon per language (lexicon() makes each once): module-level caches key on it, by identity, which
    # the interpreter hashes without a Python call
    __hash__ = object.__hash__


_WORD_RUN_END = re.compile(r"[\w'-]*$")
_WORD_CHARS = re.compile(r"[\w'-]+")


@lru_cache(maxsize=None)
def _edge_words(lex: "Lexicon", key: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] | None:
    """What the phrases of ``key`` begin and end with, lower-cased, for quick rejection: (first words and
    wildcard stems, last literal words, last wildcard stems). A phrase ``w*`` matches ``w`` followed by
    word characters, so its stem is what a text must begin with, or hold in its last word. None when a phrase's
    last wildcard stem is not made of word characters (no quick test then)."""
    if key == "claimants":
        phrases = lex.claimant_patterns
    elif key == "dates.months":
        phrases = list(lex.months)
    elif key == "dates.weekdays":
        phrases = list(lex.weekdays)
    elif key in lex.raw_lists:
        phrases = lex.raw_lists[key]
    else:
        return None
    first, last, last_wild = set(), set(), set()
    for phrase in phrases:
        words = unify_apostrophes(phrase).strip().lower().split()
        if not words:
            continue
        first.add(words[0].rstrip("*"))
        if words[-1].endswith("*"):
            stem = words[-1][:-1]
            if not _WORD_CHARS.fullmatch(stem):
                return None
            last_wild.add(stem)
        else:
            last.add(words[-1])
    return tuple(sorted(first)), tuple(sorted(last)), tuple(sorted(last_wild))


def word_forms(words: Iterable[str]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Words as the phrase syntax writes them, lower-cased: the whole words, and the stems of the wildcard ones
    ("загинул*" → "загинул"), for a quick test of a text's word (``w in whole or w.startswith(stems)``), which
    :func:`bare_word` gives without the punctuation around it: "м." is "м"."""
    words = [bare_word(unify_apostrophes(w)) for w in words]
    return frozenset(w for w in words if not w.endswith("*")), tuple(w[:-1] for w in words if w.endswith("*"))


_NOT_WORD = "\"«»“”„()[],.;:!?"


def bare_word(word: str) -> str:
    """A word lower-cased, without the punctuation around it."""
    return word.strip(_NOT_WORD).lower()


def last_word(text: str) -> str:
    """The last word of ``text`` (:func:`bare_word`), "" if none."""
    words = text.rsplit(None, 1)
    return bare_word(words[-1]) if words else ""


def _ends_in_wildcard(text: str, stems: tuple[str, ...]) -> bool:
    """Whether the last run of word characters of ``text`` holds one of ``stems``."""
    run = _WORD_RUN_END.search(text).group(0)
    return any(stem in run for stem in stems)


@lru_cache(maxsize=None)
def _phrase_index(lex: "Lexicon", keys: tuple[str, ...]):
    """An automaton over the literal beginnings of the phrases of ``keys`` → (length, phrase number), and the
    phrases as (key, compiled pattern)."""
    return _prefix_automaton([(key, phrase) for key in keys for phrase in lex.raw_lists.get(key, ())])


@lru_cache(maxsize=None)
def _claimant_index(lex: "Lexicon"):
    """As :func:`_phrase_index`, over the claimant patterns; a phrase's key is its rank."""
    return _prefix_automaton([(rank, pattern) for rank, pattern in enumerate(lex.claimant_patterns)])


def _prefix_automaton(pairs: list[tuple[Any, str]]):
    """(automaton, phrases) for :func:`_prefix_matches`; (None, []) when a phrase has no literal beginning.

    The automaton holds each phrase's literal beginning, as far as its first ``*`` (the whole phrase when it has
    none), its words one space apart: a phrase with no ``*`` needs no regex once found there, one with a ``*``
    is matched by its pattern where its beginning stands. (A text with two white space characters in a row is
    left to the patterns: see :func:`_literal_ok`.)
    """
    import ahocorasick

    phrases: list[tuple[Any, re.Pattern[str] | None, bool]] = []
    entries: dict[str, list[int]] = {}
    for key, phrase in pairs:
        phrase = unify_apostrophes(phrase).strip()
        words = phrase.lower().split()
        prefix, wild = "", False
        for i, w in enumerate(words):
            if "*" in w:
                prefix += w[:w.index("*")]
                wild = True
                break
            prefix += w if i == len(words) - 1 or w.endswith("'") else w + " "
        if not prefix.strip(" '"):
            return None, []
        # (key, its pattern if it has a wildcard, whether a word may not go on right after it)
        phrases.append((key, re.compile(phrase_regex([phrase]), re.IGNORECASE) if wild else None,
                        not phrase.endswith("'")))
        entries.setdefault(prefix, []).append(len(phrases) - 1)
    automaton = ahocorasick.Automaton()
    for prefix, indexes in entries.items():
        automaton.add_word(prefix, (len(prefix), tuple(indexes)))
    automaton.make_automaton()
    return automaton, phrases


def _literal_ok(text: str, lower: str) -> bool:
    """Whether ``lower`` (:func:`_folded_for_prefixes` of ``text``) can be searched for the literal beginnings of
    :func:`_prefix_automaton`: of the same length, and no run of white space where a phrase's one space would
    miss it."""
    return len(lower) == len(text) and "  " not in lower


_OTHER_SPACE = re.compile(r"[^\S ]")


def _folded_for_prefixes(text: str) -> str:
    """``text`` lower-cased, with every white space character made a space (as the prefixes of
    :func:`_prefix_automaton` are written; same length, unless lower-casing changes it)."""
    lower = text.lower()
    # str.isprintable is False for every white space character but the ASCII space: most texts need no sub
    return lower if lower.isprintable() else _OTHER_SPACE.sub(" ", lower)


def _prefix_matches(text: str, lower: str, automaton, phrases: list[tuple[Any, re.Pattern[str]]]
                    ) -> Iterator[tuple[Any, int, int]]:
    """(key, start, end) of every phrase of a :func:`_prefix_automaton` that matches ``text`` where its literal
    beginning stands at a word start (``lower`` is ``text.lower()``, of the same length)."""
    n = len(lower)
    for end, (length, indexes) in automaton.iter(lower):
        start = end - length + 1
        if start > 0 and (lower[start - 1].isalnum() or lower[start - 1] == "_"):
            continue
        for index in indexes:
            key, rx, bounded = phrases[index]
            if rx is None:  # the whole phrase, found: it ends a word unless it ends in an apostrophe
                stop = end + 1
                if not bounded or stop >= n or not (lower[stop].isalnum() or lower[stop] == "_"):
                    yield key, start, stop
                continue
            m = rx.match(text, start)
            if m:
                yield key, start, m.end()


def _flatten(prefix: str, table: dict, out: dict[str, list[str]]) -> None:
    for k, v in table.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            _flatten(key + ".", v, out)
        elif isinstance(v, list) and all(isinstance(x, str) for x in v):
            out[key] = v


def _weekday_forms(dates: dict) -> dict[str, int]:
    """Weekday names → 0 (Monday)..6, with the compounds of ``weekday_compounds`` ("Montagabend")."""
    days = {unify_apostrophes(k).lower(): int(v) for k, v in dates["weekdays"].items()}
    return days | {day + part.lower(): n for day, n in days.items() for part in dates.get("weekday_compounds", ())}


@lru_cache(maxsize=None)
def lexicon(code: str) -> Lexicon:
    """The lexicon of a language (``fr``, ``en``, ``de``, ``uk``, ``ru``).

    Raises
    ------
    ValueError
        For a language without a lexicon.
    """
    if code not in LANGUAGES:
        raise ValueError(f"no lexicon for language {code!r}; available: {', '.join(LANGUAGES)}")
    data = tomllib.loads(resources.files("geomap").joinpath("lexicons", f"{code}.toml").read_text("utf-8"))
    lists: dict[str, list[str]] = {}
    _flatten("", {k: v for k, v in data.items() if k != "claimants"}, lists)
    lex = Lexicon(
        code=code,
        name=data.get("name", code),
        raw=data,
        numbers={unify_apostrophes(k).lower(): int(v) for k, v in data.get("numbers", {}).items()},
        months={unify_apostrophes(k).lower(): int(v) for k, v in data["dates"]["months"].items()},
        weekdays=_weekday_forms(data["dates"]),
        detect=frozenset(w.lower() for w in data.get("detect", [])),
        abbreviations=frozenset(a.lower() for a in data.get("abbreviations", [])),
        foreign=frozenset(unify_apostrophes(w).lower() for w in data["places"].get("foreign", [])),
        bearings={" ".join(unify_apostrophes(k).lower().split()): int(v)
                  for k, v in data["places"].get("bearings", {}).items()},
    )
    # every phrase of a part of the country, for one quick test before the parts are told apart
    lists["parts.any"] = sorted({p for k, v in lists.items() if k.startswith("parts.") for p in v})
    lex.raw_lists = lists
    for key, phrases in lists.items():
        lex.rx[key] = _compile(unify_apostrophes(p) for p in phrases)
    lex.rx["dates.months"] = _compile(lex.months)
    lex.rx["dates.weekdays"] = _compile(lex.weekdays)
    lex.rx["places.bearings"] = _compile(lex.bearings)
    for pattern, name, side in data.get("claimants", {}).get("list", []):
        lex.claimant_patterns.append(unify_apostrophes(pattern))
        lex.claimants.append((_compile([lex.claimant_patterns[-1]]), name, side or None))
    return lex


@dataclass(frozen=True)
class RegionForms:
    """Name forms of one region and its gazetteer ``admin1`` name."""

    admin1: str
    rx: re.Pattern[str]
    front: bool = False


@lru_cache(maxsize=1)
def regions() -> tuple[RegionForms, ...]:
    """The region name forms of ``regions.toml``."""
    data = _regions_data()
    return tuple(RegionForms(r["admin1"], _compile(unify_apostrophes(f) for f in _forms(data, r)), bool(r.get("front")))
                 for r in data["region"])


@lru_cache(maxsize=1)
def parts() -> dict[str, frozenset[str]]:
    """The parts of Ukraine of ``regions.toml`` ("south", "east", …): the admin1 names of their regions."""
    return {part: frozenset(admin1) for part, admin1 in _regions_data().get("parts", {}).items()}


@lru_cache(maxsize=1)
def _regions_data() -> dict:
    """regions.toml, and the Russian and Belarusian regions beyond the border of ``far_regions`` in
    geomap/data/regions.json, whose forms are made from their names ("Калужская область" → "калужск* област*")."""
    data = tomllib.loads(resources.files("geomap").joinpath("lexicons", "regions.toml").read_text("utf-8"))
    far = json.loads(resources.files("geomap").joinpath("data", "regions.json").read_text("utf-8"))["far_regions"]
    for _code, name, _country, _gn, _capital, ru, uk in far:
        forms = [name.lower()]
        if name.endswith((" Oblast", " Krai", " Region")):
            forms.append(name.rsplit(" ", 1)[0].lower() + " region")
        for native in (ru, uk):
            words = native.lower().split()
            if len(words) == 2 and words[1] in _REGION_NOUNS:  # "калужская область", "краснодарский край"
                forms.append(f"{words[0][:-2]}* {_REGION_NOUNS[words[1]]}")
            elif len(words) == 2 and words[0] in ("республика", "республіка"):  # "республика татарстан"
                forms += [f"республик* {words[1]}*", f"республік* {words[1]}*"]
            elif len(words) == 2 and words[1] in ("республика", "республіка"):  # "чеченская республика"
                forms.append(f"{words[0][:-2]}* республ*")
        data["region"].append({"admin1": name, "forms": sorted(set(forms))})
    return data


_REGION_NOUNS = {"область": "област*", "край": "кра*"}


def _forms(data: dict, region: dict) -> list[str]:
    """A region's forms, with its adjective before each of ``oblast_nouns`` as before "област*"."""
    forms = list(region["forms"])
    for form in region["forms"]:
        if form.endswith(" област*"):
            forms += [form[:-len("област*")] + noun for noun in data.get("oblast_nouns", ())]
    return forms


@lru_cache(maxsize=1)
def front_regions() -> frozenset[str]:
    """The admin1 names of the regions where the war has been fought (``front = true`` in regions.toml)."""
    return frozenset(r.admin1 for r in regions() if r.front)


@lru_cache(maxsize=1)
def _region_automaton():
    """An automaton over the literal beginnings of every region form ("харківськ", "днр", "kharkiv oblast"),
    each with the regions it may begin and its length."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    entries: dict[str, set[tuple[int, int]]] = {}
    data = _regions_data()
    for i, r in enumerate(data["region"]):
        for form in _forms(data, r):
            prefix = re.split(r"[* ]", unify_apostrophes(form).lower(), maxsplit=1)[0]
            entries.setdefault(prefix, set()).add((i, len(prefix)))
    for prefix, value in entries.items():
        automaton.add_word(prefix, tuple(sorted(value)))
    automaton.make_automaton()
    return automaton


def find_regions(norm: str) -> list[tuple[int, int, int]]:
    """(start, end, index into :func:`regions`) of every region form in ``norm`` (apostrophes unified), longest
    first where two overlap. The automaton finds where a form may begin; the form's pattern confirms it."""
    lower = norm.lower()
    if len(lower) != len(norm):  # a character whose lower case is longer: offsets would move
        return [(m.start(), m.end(), i) for i, r in enumerate(regions()) for m in r.rx.finditer(norm)]
    all_regions = regions()
    found: list[tuple[int, int, int]] = []
    for end, entries in _region_automaton().iter(lower):
        for i, length in entries:
            start = end - length + 1
            if start > 0 and (lower[start - 1].isalnum() or lower[start - 1] == "_"):
                continue
            m = all_regions[i].rx.match(norm, start)
            if m:
                found.append((m.start(), m.end(), i))
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    out: list[tuple[int, int, int]] = []
    for a_, b_, i in found:
        if not out or a_ >= out[-1][1]:
            out.append((a_, b_, i))
    return out
