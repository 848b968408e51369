"""Place-name folding, transliteration and inflection, driven by the data tables in ``geomap/data/``.

* :func:`fold` maps every character to exactly one character (lower case, accents off, apostrophe forms to
  ``'``, hyphens to spaces, ``ё`` to ``е``), so offsets into folded text are offsets into the original.
* :func:`name_key` is the dictionary key of a name: folded, combining marks dropped, spaces collapsed.
* :func:`transliterate` applies one rule table of ``translit.json`` (Ukrainian national 2010, BGN/PCGN, French,
  German, Polish usage, Ukrainian→Russian spelling) and returns the standard form and its common alternatives.
* :func:`deinflect` turns an inflected Cyrillic form (``Києві``, ``под Авдеевкой``) into the nominative keys it
  may come from, with the case endings of ``inflection.json``; :func:`stem` gives the invariant start of a
  nominative key that the text scanner looks for.
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from importlib import resources
from itertools import combinations, product
from typing import Iterable

__all__ = [
    "fold",
    "name_key",
    "is_cyrillic",
    "has_ukrainian_letters",
    "transliterate",
    "romanize",
    "latin_variants",
    "russian_guesses",
    "deinflect",
    "latin_nominatives",
    "stem",
    "paradigm",
    "SCHEMES",
]

# Characters folded to something other than their accent-less lower case form.
_SPECIAL = {
    "’": "'", "ʼ": "'", "`": "'", "‘": "'", "´": "'", "ʹ": "'", "′": "'", "ʻ": "'",
    "-": " ", "‐": " ", "‑": " ", "\u00a0": " ",
    "ё": "е", "Ё": "е", "ґ": "г", "Ґ": "г",
    "й": "й", "Й": "й", "ї": "ї", "Ї": "ї",  # NFD would take their marks off: they are letters of their own
    "ł": "l", "Ł": "l", "ß": "s", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ı": "i", "æ": "a", "Æ": "a",
    "œ": "o", "Œ": "o", "þ": "t",
}


class _FoldTable(dict):
    """A lazily filled ``str.translate`` table: each code point to exactly one character."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        out = _SPECIAL.get(ch)
        if out is None:
            low = ch.lower()
            if len(low) != 1:
                low = ch
            out = _SPECIAL.get(low)
            if out is None:
                base = unicodedata.normalize("NFD", low)
                out = base[0] if base and (len(base) == 1 or all(unicodedata.combining(c) for c in base[1:])) else low
                if unicodedata.combining(out) and len(base) == 1:
                    out = low
        self[code] = out
        return out


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Fold text for matching, one character for one character.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    str
        Text of the same length: lower case, Latin accents off, ``’ʼ`‘`` → ``'``, hyphens → space, ``ё`` → ``е``,
        ``ґ`` → ``г``, ``ł`` → ``l``. Ukrainian ``ї``, ``й`` keep their identity.
    """
    if len(text) < 200:
        return text.translate(_TABLE)
    # long texts: str.lower in C, then only the characters whose fold is not their lower case (accented Latin
    # letters, ё, ґ, apostrophes, dashes) through the table: several times faster on an article. Exact for the
    # scripts news is written in; a text with another character takes the table throughout
    fast = _fast_fold()
    lower = text.lower()
    if len(lower) != len(text) or fast[1].search(text):
        return text.translate(_TABLE)
    return fast[0].sub(lambda m: _TABLE[ord(m.group())], lower)


# Latin (with Latin-1, Extended-A/B, IPA and Extended Additional), Cyrillic and its supplement, general
# punctuation, currency and letterlike symbols (№): where the fast fold is checked to equal the table's
_FAST_RANGES = ((0x0000, 0x02FF), (0x0400, 0x052F), (0x1E00, 0x1EFF), (0x2000, 0x214F))


@lru_cache(maxsize=1)
def _fast_fold() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(the characters whose fold differs from their lower case, the characters outside the checked ranges)."""
    differ = []
    for lo, hi in _FAST_RANGES:
        for code in range(lo, hi + 1):
            c = chr(code)
            if c.lower() == c and _TABLE[code] != c:
                differ.append(c)
    outside = "".join(f"{re.escape(chr(lo))}-{re.escape(chr(hi))}" for lo, hi in _FAST_RANGES)
    return re.compile("[" + re.escape("".join(differ)) + "]"), re.compile(f"[^{outside}]")


_SPACES = re.compile(r"\s+")
_DROP_IN_KEYS = re.compile(r"[.\"«»“”„()]")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def name_key(name: str) -> str:
    """The dictionary key of a place name: folded, combining marks and quotes dropped, spaces collapsed."""
    if not name.isascii():
        name = _COMBINING.sub("", unicodedata.normalize("NFC", name))
    return _SPACES.sub(" ", _DROP_IN_KEYS.sub("", fold(name))).strip(" ',;:!?")


_CYR = re.compile(r"[\u0400-\u04ff]")
_UK_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
_RU_LETTERS = re.compile(r"[ыэъёЫЭЪЁ]")


def is_cyrillic(text: str) -> bool:
    """True when the text holds any Cyrillic letter."""
    return bool(_CYR.search(text))


def has_ukrainian_letters(text: str) -> bool:
    """True when the text holds a letter only Ukrainian uses among the two (і ї є ґ)."""
    return bool(_UK_LETTERS.search(text))


def has_russian_letters(text: str) -> bool:
    """True when the text holds a letter only Russian uses among the two (ы э ъ ё)."""
    return bool(_RU_LETTERS.search(text))


# --------------------------------------------------------------------------- data tables


def _load_json(name: str) -> dict:
    with resources.files("geomap.data").joinpath(name).open("r", encoding="utf-8") as f:
        return json.load(f)


class _Scheme:
    """One transliteration table, compiled to a per-first-character rule index."""

    def __init__(self, name: str, spec: dict, vowels: str, pure_vowels: str, softeners: str):
        self.name = name
        self.source = spec["from"]
        self.lang = spec["lang"]
        self.vowels = set(vowels)
        self.pure_vowels = set(pure_vowels)
        self.softeners = set(softeners)
        # "product": every combination of alternatives, breadth-first; "single": the standard form, then the
        # forms that differ from it at one place (from the end of the name), for tables with many alternatives
        self.expand = spec.get("expand", "product")
        self.rules: dict[str, list[tuple[str, tuple[str, ...], str]]] = {}
        for src, outs, cond in spec["rules"]:
            self.rules.setdefault(src[0], []).append((src, tuple(outs), cond))
        for lst in self.rules.values():  # longest source first; table order among equal lengths
            lst.sort(key=lambda r: -len(r[0]))

    def _holds(self, cond: str, word: str, i: int, j: int) -> bool:
        if not cond:
            return True
        prev = word[i - 1] if i > 0 else ""
        nxt = word[j] if j < len(word) else ""
        if cond == "^":
            return prev in ("", " ", "-")
        if cond == "$":
            return nxt in ("", " ", "-")
        if cond == "e":
            return nxt == ""
        if cond == "w":
            return nxt == " "
        if cond == "v":
            return prev in self.vowels
        if cond == "vv":
            return prev in self.pure_vowels and nxt in self.pure_vowels
        if cond == "c":
            return prev not in self.vowels and prev not in ("", " ", "-")
        if cond == "soft":
            return nxt in self.softeners
        raise ValueError(f"unknown rule condition {cond!r} in scheme {self.name!r}")

    def apply(self, text: str, limit: int) -> list[str]:
        word = text.lower().replace("’", "'").replace("ʼ", "'")
        pieces: list[tuple[str, ...]] = []
        i = 0
        while i < len(word):
            ch = word[i]
            for src, outs, cond in self.rules.get(ch, ()):
                j = i + len(src)
                if word.startswith(src, i) and self._holds(cond, word, i, j):
                    pieces.append(outs)
                    i = j
                    break
            else:
                pieces.append((ch,))
                i += 1
        if self.expand == "single":
            std = [outs[0] for outs in pieces]
            out = ["".join(std)]
            flexible = [p for p in range(len(pieces) - 1, -1, -1) if len(pieces[p]) > 1]
            for changes in range(1, len(flexible) + 1):
                for where in combinations(flexible, changes):
                    for alts in product(*(pieces[p][1:] for p in where)):
                        if len(out) >= limit:
                            return out
                        form = list(std)
                        for p, alt in zip(where, alts):
                            form[p] = alt
                        out.append("".join(form))
            return out
        results: list[str] = [""]
        for outs in pieces:  # breadth-first product, the standard form first, capped
            results = [r + o for r in results for o in outs][:limit]
        return results


@lru_cache(maxsize=1)
def _schemes() -> dict[str, _Scheme]:
    data = _load_json("translit.json")
    return {name: _Scheme(name, spec, data["vowels"], data["pure_vowels"], data["softeners"])
            for name, spec in data["schemes"].items()}


SCHEMES = ("uk_national", "uk_bgn", "ru_bgn", "fr_uk", "fr_ru", "de_uk", "de_ru", "pl_uk", "pl_ru", "uk_to_ru")


def _title(s: str) -> str:
    """Capitalise each word of a romanised name (after start, space, hyphen)."""
    return re.sub(r"(^|[\s\-])(\w)", lambda m: m.group(1) + m.group(2).upper(), s)


def transliterate(name: str, scheme: str, *, limit: int = 8) -> list[str]:
    """Transliterate a Cyrillic name with one rule table.

    Parameters
    ----------
    name : str
        A Ukrainian or Russian name in Cyrillic (``"Часів Яр"``).
    scheme : str
        A table of ``translit.json``: ``uk_national``, ``uk_bgn``, ``ru_bgn``, ``fr_uk``, ``fr_ru``, ``de_uk``,
        ``de_ru``, ``pl_uk``, ``pl_ru`` or ``uk_to_ru``.
    limit : int
        At most this many spellings (the standard form first, then the alternatives the table allows).

    Returns
    -------
    list of str
        Distinct spellings, title-cased for Latin schemes: ``["Tchassiv Iar", "Tchasiv Iar"]``.
    """
    try:
        sch = _schemes()[scheme]
    except KeyError:
        raise ValueError(f"unknown transliteration scheme {scheme!r}; expected one of {SCHEMES}") from None
    out = sch.apply(name, limit)
    if sch.lang != "ru":
        out = [_title(s) for s in out]
    return list(dict.fromkeys(out))


def romanize(name: str) -> str:
    """The Ukrainian national romanisation (2010) of an official Ukrainian name: ``Київ`` → ``Kyiv``."""
    return transliterate(name, "uk_national", limit=1)[0]


def latin_variants(name: str, source: str, *, limit: int = 4) -> set[str]:
    """Keys of every Latin spelling the rule tables give for a Cyrillic name.

    Parameters
    ----------
    name : str
        The name in Cyrillic.
    source : {"uk", "ru"}
        Its language: Ukrainian names go through the ``*_uk`` tables and the national system, Russian names
        through BGN/PCGN and the ``*_ru`` tables.
    limit : int
        Spellings kept per table.

    Returns
    -------
    set of str
        Folded keys (:func:`name_key`), with and without apostrophes.
    """
    keys: set[str] = set()
    for sch in _schemes().values():
        if sch.source != source or sch.lang == "ru":
            continue
        for s in sch.apply(name, limit):
            k = name_key(s)
            if k:
                keys.add(k)
                if "'" in k:
                    keys.add(k.replace("'", ""))
    return keys


def russian_guesses(name: str, *, limit: int = 4) -> list[str]:
    """Likely Russian spellings of a Ukrainian name by rule (``Предтечине`` → ``Предтечино``)."""
    out = _schemes()["uk_to_ru"].apply(name, limit)
    return [s[:1].upper() + s[1:] for s in dict.fromkeys(out) if s]


# --------------------------------------------------------------------------- inflection


class _Paradigms:
    def __init__(self, data: dict):
        self.consonants = set(data["consonants"])
        # (lang, nominative ending, oblique endings)
        self.table: list[tuple[str, str, tuple[str, ...]]] = []
        for lang in ("uk", "ru"):
            for nom, obl in data[lang]:
                self.table.append((lang, nom, tuple(dict.fromkeys(obl))))
        # oblique ending → [(lang, nominative ending)], for de-inflection
        self.by_oblique: dict[str, list[tuple[str, str]]] = {}
        for lang, nom, obl in self.table:
            for o in obl:
                if o:
                    self.by_oblique.setdefault(o, []).append((lang, nom))
        self.max_oblique = max(len(o) for o in self.by_oblique)
        self.empty_oblique = [(lang, nom) for lang, nom, obl in self.table if "" in obl]
        self.nominatives = {lang: {nom for lg, nom, _o in self.table if lg == lang and nom} for lang in ("uk", "ru")}
        self.has_consonant_paradigm = {lang: any(lg == lang and not nom for lg, nom, _o in self.table)
                                       for lang in ("uk", "ru")}
        self.max_nominative = max(len(n) for noms in self.nominatives.values() for n in noms)

    def paradigm(self, word: str, lang: str) -> str | None:
        """The nominative ending that decides the declension of ``word`` (longest fitting), or None."""
        noms = self.nominatives[lang]
        for k in range(min(self.max_nominative, len(word) - 1), 0, -1):
            if word[-k:] in noms:
                return word[-k:]
        if self.has_consonant_paradigm[lang] and word[-1:] in self.consonants:
            return ""
        return None


@lru_cache(maxsize=1)
def _paradigms() -> _Paradigms:
    return _Paradigms(_load_json("inflection.json"))


@lru_cache(maxsize=131072)
def paradigm(word: str, lang: str) -> str | None:
    """The nominative ending of ``inflection.json`` that a folded Cyrillic word declines by (None: indeclinable)."""
    return _paradigms().paradigm(word, lang)


_MIN_STEM = 2


@lru_cache(maxsize=131072)
def _word_nominatives(word: str) -> tuple[str, ...]:
    """Nominative words a folded Cyrillic word form may come from (itself first), cached."""
    par = _paradigms()
    paradigm_of = par.paradigm  # not the cached paradigm(): these candidates are mostly new, a cache miss costs more
    by_oblique = par.by_oblique
    out = [word]
    n = len(word)
    for k in range(1, min(par.max_oblique, n - 1) + 1):
        for lang, nom in by_oblique.get(word[n - k:], ()):
            cand = word[: n - k] + nom
            if cand not in out and paradigm_of(cand, lang) == nom:
                out.append(cand)
    for lang, nom in par.empty_oblique if word[-1:] in par.consonants else ():  # plural genitive: Сум → Суми
        cand = word + nom
        if cand not in out and paradigm_of(cand, lang) == nom:
            out.append(cand)
    return tuple(out)


def deinflect(key: str, *, limit: int = 64) -> list[str]:
    """Nominative keys an inflected folded Cyrillic form may stand for, the form itself first.

    Parameters
    ----------
    key : str
        A folded key (:func:`name_key`), e.g. ``"кривого рогу"``.
    limit : int
        At most this many keys (multi-word names multiply the choices).

    Returns
    -------
    list of str
        ``["кривого рогу", ..., "кривий ріг", ...]``. Latin keys come back unchanged, alone.
    """
    if not _CYR.search(key):
        return [key]
    words = key.split(" ")
    if len(words) == 1:
        return list(_word_nominatives(key)[:limit])
    options = [_word_nominatives(w) if _CYR.search(w) else [w] for w in words]
    out: list[str] = []
    for combo in product(*options):
        out.append(" ".join(combo))
        if len(out) >= limit:
            break
    return out


@lru_cache(maxsize=1)
def _latin_endings() -> tuple[tuple[str, str], ...]:
    return tuple((o, n) for o, n in _load_json("inflection.json").get("latin", ()))


def latin_nominatives(key: str) -> list[str]:
    """Nominative keys a folded Latin-script form with a Polish or German case ending may stand for.

    ``"kijowie"`` → ``["kijow"]``, ``"kiews"`` → ``["kiew"]``; the stem left must keep at least four letters.
    """
    out = []
    for obl, nom in _latin_endings():
        if key.endswith(obl) and len(key) - len(obl) >= 4:
            cand = key[: len(key) - len(obl)] + nom
            if cand not in out:
                out.append(cand)
    return out


@lru_cache(maxsize=131072)
def stem(key: str) -> str | None:
    """The start of a nominative Cyrillic key that all its case forms share, for the text scanner.

    For a multi-word key, the stem of its first word. None when the key does not decline or the stem would be
    too short to look for.
    """
    first = key.split(" ", 1)[0]
    if not _CYR.search(first):
        return None
    best: str | None = None
    for lang in ("uk", "ru"):
        nom = paradigm(first, lang)
        if nom is None:
            continue
        # the ending includes any letter that alternates (Харків → Харкова, Авдіївка → Авдіївці)
        s = first[: len(first) - len(nom)]
        if best is None or len(s) < len(best):
            best = s
    if best is None or len(best) < _MIN_STEM:
        return None
    return best


def forms_of(names: Iterable[str]) -> set[str]:
    """The keys of several names, without empty ones."""
    return {k for k in (name_key(n) for n in names) if k}
