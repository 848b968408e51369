"""Which of geomap's languages an article is written in, from its script and the lexicons' function words."""
from __future__ import annotations

import re
from collections import Counter

from geomap.lexicon import LANGUAGES, lexicon

__all__ = ["detect_language"]

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_ASCII_LETTER = re.compile("[A-Za-z]")
_UK_LETTERS = re.compile("[іїєґІЇЄҐ]")
_RU_LETTERS = re.compile("[ыэъёЫЭЪЁ]")


def detect_language(text: str, default: str = "en") -> str:
    """ISO 639-1 code of the text's language among ``fr, en, de, uk, ru``.

    Cyrillic text is Ukrainian or Russian by the letters only one of them has; Latin text is the language
    whose function words are most frequent. Returns ``default`` when nothing decides.
    """
    sample = text[:1200]
    if len(_CYRILLIC.findall(sample)) > len(_ASCII_LETTER.findall(sample)):
        uk = len(_UK_LETTERS.findall(sample))
        ru = len(_RU_LETTERS.findall(sample))
        if uk != ru:
            return "uk" if uk > ru else "ru"
        return _by_words(sample, ("uk", "ru"), "ru")
    return _by_words(sample, tuple(c for c in LANGUAGES if c not in ("uk", "ru")), default)


def _by_words(sample: str, codes: tuple[str, ...], default: str) -> str:
    counts = Counter(w.lower() for w in _WORD.findall(sample))
    if not counts:
        return default
    scores = {c: sum(counts[w] for w in lexicon(c).detect) for c in codes}
    best = max(scores, key=lambda c: scores[c])
    return best if scores[best] > 0 else default
