"""Which of geomap's languages an article is written in, from its script and the lexicons' function words."""
from __future__ import annotations

import re
from collections import Counter

from geomap.lexicon import LANGUAGES, lexicon

__all__ = ["detect_language"]

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_CYRILLIC = re.compile("[\u0400-\u04ff]+")
_ASCII_LETTER = re.compile("[A-Za-z]+")
_UK_LETTERS = re.compile("[іїєґІЇЄҐ]+")
_RU_LETTERS = re.compile("[ыэъёЫЭЪЁ]+")


def detect_language(text: str, default: str = "en") -> str:
    """ISO 639-1 code of the text's language among ``fr, en, de, uk, ru``.

    Cyrillic text is Ukrainian or Russian by the letters only one of them has; Latin text is the language
    whose function words are most frequent. Returns ``default`` when nothing decides.
    """
    sample = text[:1200]
    if _count(_CYRILLIC, sample) > _count(_ASCII_LETTER, sample):
        uk = _count(_UK_LETTERS, sample)
        ru = _count(_RU_LETTERS, sample)
        if uk != ru:
            return "uk" if uk > ru else "ru"
        return _by_words(sample, ("uk", "ru"), "ru")
    return _by_words(sample, tuple(c for c in LANGUAGES if c not in ("uk", "ru")), default)


def _count(rx: re.Pattern[str], text: str) -> int:
    """How many characters of ``text`` the runs of ``rx`` cover (no list of matches made)."""
    return len(text) - len(rx.sub("", text))


def _by_words(sample: str, codes: tuple[str, ...], default: str) -> str:
    counts = Counter(map(str.lower, _WORD.findall(sample)))
    if not counts:
        return default
    get = counts.get  # not counts[w]: Counter's __missing__ is a Python call per absent word
    scores = {c: sum(get(w, 0) for w in lexicon(c).detect) for c in codes}
    best = max(scores, key=lambda c: scores[c])
    return best if scores[best] > 0 else default
