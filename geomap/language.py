"""Which of geomap's languages an article is written in, from its script and the lexicons' function words."""
from __future__ import annotations

import re
from collections import Counter

from geomap.lexicon import LANGUAGES, lexicon

__all__ = ["detect_language"]

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# Letters are counted in the text's UTF-8 bytes, where bytes.count and bytes.translate run in C: the Cyrillic
# block U+0400–U+04FF is exactly the characters whose encoding begins with one of the bytes D0–D3.
_CYRILLIC_LEADS = (b"\xd0", b"\xd1", b"\xd2", b"\xd3")
_ASCII_LETTERS = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))
_UK_LETTERS = tuple(c.encode() for c in "іїєґІЇЄҐ")
_RU_LETTERS = tuple(c.encode() for c in "ыэъёЫЭЪЁ")


def detect_language(text: str, default: str = "en") -> str:
    """ISO 639-1 code of the text's language among ``fr, en, de, uk, ru``.

    Cyrillic text is Ukrainian or Russian by the letters only one of them has; Latin text is the language
    whose function words are most frequent. Returns ``default`` when nothing decides.
    """
    sample = text[:1200]
    raw = sample.encode("utf-8", "surrogatepass")
    if _count(raw, _CYRILLIC_LEADS) > len(raw) - len(raw.translate(None, _ASCII_LETTERS)):
        uk = _count(raw, _UK_LETTERS)
        ru = _count(raw, _RU_LETTERS)
        if uk != ru:
            return "uk" if uk > ru else "ru"
        if not uk:  # і is among Ukrainian's commonest letters: Cyrillic text without і, ї, є or ґ is Russian
            return "ru"
        return _by_words(sample, ("uk", "ru"), "ru")
    return _by_words(sample, tuple(c for c in LANGUAGES if c not in ("uk", "ru")), default)


def _count(raw: bytes, encodings: tuple[bytes, ...]) -> int:
    """How many characters of UTF-8 text ``raw`` begin with one of ``encodings``."""
    return sum(raw.count(e) for e in encodings)


def _by_words(sample: str, codes: tuple[str, ...], default: str) -> str:
    counts = Counter(map(str.lower, _WORD.findall(sample)))
    if not counts:
        return default
    get = counts.get  # not counts[w]: Counter's __missing__ is a Python call per absent word
    scores = {c: sum(get(w, 0) for w in lexicon(c).detect) for c in codes}
    best = max(scores, key=lambda c: scores[c])
    return best if scores[best] > 0 else default
