"""Numbers as news write them: digits with thousands separators, number words, "at least", "more than"."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from geomap.lexicon import Lexicon

__all__ = ["Quantity", "find_quantities"]


@dataclass(frozen=True)
class Quantity:
    """A number in the text. ``value`` is ``None`` for vague amounts ("more than 40", "dozens")."""

    start: int
    end: int
    value: int | None
    text: str


# a count in digits, with thousands separators ("12 000", "4,000"), not preceded by a letter, digit, point or
# comma, and a decimal part that makes it no count; written to begin with a digit (the lookbehind after it), so
# that the regex engine skips to the digits of a text
_DIGITS = re.compile(r"(\d(?<![\w.,]\d)(?:\d{0,2}(?:[ \u00a0\u202f.,]\d{3})+|\d*))(?![\d])(?:[.,]\d+)?")
_ORDINAL_AFTER = re.compile(r"^(?:-?(?:й|го|я|е|ї|ий|му|th|st|nd|rd|ème|er|e)\b|\.\s*\w)", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
_DECIMAL_END = re.compile(r"[.,]\d{1,2}$")
_NOT_DIGIT = re.compile(r"[^\d]")
_CLOCK_AFTER = re.compile(r"\s*[:h]\d\d")  # "12:32", "8h30"
_POINT_DIGIT = re.compile(r"\.\s*\d")


def _parse_digits(s: str) -> int | None:
    if _DECIMAL_END.search(s):  # a decimal such as 180,8: not a count
        return None
    return int(_NOT_DIGIT.sub("", s))


@lru_cache(maxsize=None)
def _number_words(lex: Lexicon) -> re.Pattern[str]:
    """Whole tokens (as :data:`_TOKEN` cuts them) made of the lexicon's number words, alone or joined by
    hyphens ("vingt-deux")."""
    words = _trie_regex(lex.numbers)
    letter = r"[^\W\d_]"
    return re.compile(rf"(?<!{letter})(?<!{letter}['-]){words}(?:-{words})*(?!['-]?{letter})", re.IGNORECASE)


def _trie_regex(words: Iterable[str]) -> str:
    """One regex for a set of words, their common beginnings shared ("d(?:eux|ix)"): a plain alternation makes
    the regex engine try every word at every position."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        if "" in node:
            return "(?:" + "|".join(alts) + ")?"
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(trie)


def find_quantities(text: str, lex: Lexicon) -> list[Quantity]:
    """Every count in ``text`` (digits or number words), with vague amounts given ``value=None``.

    Years (1990–2039 written as four digits), clock times, ordinals and decimals are not counts.
    """
    found: list[Quantity] = []
    for m in _DIGITS.finditer(text):
        raw = m.group(0)
        after = text[m.end():m.end() + 6]
        if _CLOCK_AFTER.match(after) or (m.start() > 0 and text[m.start() - 1] in ":№#"):
            continue
        if _ORDINAL_AFTER.match(after) and not _POINT_DIGIT.match(after):
            # "14-й", "18. Januar" (a date), "1er": ordinals, not counts; a German "18. Januar" is handled by dates
            continue
        value = _parse_digits(raw)
        if value is None or (len(raw) == 4 and raw.isdigit() and 1990 <= value <= 2039):
            continue
        found.append(Quantity(m.start(), m.end(), value, raw))
    # number words: only the tokens made of them are looked at (one regex search finds them)
    pos = 0
    for m in _number_words(lex).finditer(text):
        if m.start() < pos:
            continue  # a unit already added to the tens before it
        word = m.group(0).lower()
        value = lex.numbers.get(word)
        if value is None:
            parts = word.split("-")
            if len(parts) > 1 and all(p in lex.numbers for p in parts):
                value = _compose([lex.numbers[p] for p in parts])
        if value is None or value < 0:
            continue
        start, end = m.span()
        # "vingt et un", "twenty one", "двадцать девять": tens followed by units
        while value % 10 == 0 and value >= 20:
            nxt = _TOKEN.search(text, end)
            if nxt is None:
                break
            gap = text[end:nxt.start()].strip().lower()
            word = nxt.group(0).lower()
            if gap in ("", "-") and 0 < lex.numbers.get(word, 0) < 10:
                value += lex.numbers[word]
                end = nxt.end()
            elif gap == "" and word in ("et", "und", "and"):
                unit = _TOKEN.search(text, nxt.end())
                if unit is None or not 0 < lex.numbers.get(unit.group(0).lower(), 0) < 10:
                    break
                value += lex.numbers[unit.group(0).lower()]
                end = unit.end()
            else:
                break
        found.append(Quantity(start, end, value, text[start:end]))
        pos = end
    found.sort(key=lambda q: q.start)
    # "a dozen", "ein Dutzend": an article right before a number word is part of it
    found = [q for q, nxt in zip(found, [*found[1:], None])
             if not (nxt is not None and q.value == 1 and not text[q.end:nxt.start].strip() and
                     nxt.text[:1].isalpha() and lex.match_at_start("qualifiers.articles", q.text))]
    return [_qualify(q, text, lex) for q in found]


def _compose(values: list[int]) -> int:
    total = 0
    for v in values:
        total = total * v if v == 100 and total else total + v
    return total


def _qualify(q: Quantity, text: str, lex: Lexicon) -> Quantity:
    before = text[max(0, q.start - 30):q.start]
    approx = lex.match_at_end("qualifiers.approx", before)  # "не менее" is "at least", though "менее" is "less"
    vague = lex.match_at_end("qualifiers.vague", before)
    if vague and lex.match_at_end("figures.rise_to", before):
        vague = None  # "зросла до семи": the toll's new figure, not "up to seven"
    if vague and not (approx and approx.start() <= vague.start()):
        return Quantity(q.start, q.end, None, q.text)
    return q
