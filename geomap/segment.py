"""Paragraphs and sentences with their character offsets, so every later step can point back into the text."""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "split_sentences"]


@dataclass(frozen=True)
class Sentence:
    """A sentence: ``text[start:end]`` of the article body, its paragraph and its index in the article."""

    start: int
    end: int
    paragraph: int
    index: int
    text: str


# A sentence ends at . ! ? … (and closing quotes/brackets) followed by white space and a capital, a digit
# or an opening quote; a paragraph ends at a blank line or a line break.
_END = re.compile(r"[.!?…]+[»\"”’)\]]*(?=\s+[\"«“„(\[]?[\w])")
_PARA = re.compile(r"\n\s*\n|\n")


def _is_abbreviation(chunk: str, abbreviations: frozenset[str]) -> bool:
    words = chunk.rsplit(None, 1)
    word = words[-1].lower() if words else ""
    return word in abbreviations or (len(word) == 2 and word[0].isalpha() and word[1] == ".")


def split_sentences(text: str, abbreviations: frozenset[str] = frozenset(),
                    months: dict[str, int] | None = None) -> list[Sentence]:
    """Split ``text`` into sentences.

    A full stop does not end a sentence after an abbreviation, a single initial, or a number followed by a
    month name (German ``18. Januar``). Headings (a line without end punctuation) are sentences of their own.
    """
    sentences: list[Sentence] = []
    para = 0
    pos = 0
    for m in list(_PARA.finditer(text)) + [None]:
        stop = m.start() if m else len(text)
        block_start = pos
        pos = m.end() if m else len(text)
        if not text[block_start:stop].strip():
            continue
        s = block_start
        for e in _END.finditer(text, block_start, stop):
            end = e.end()
            candidate = text[s:end]
            if e.group().startswith(".") and len(e.group()) == 1:
                if _is_abbreviation(candidate, abbreviations):
                    continue
                if months is not None:
                    head = text[end:end + 20].split(maxsplit=1)
                    words = candidate[:-1].rsplit(None, 1)
                    prev = words[-1] if words else ""
                    if prev.isdigit() and head and head[0].lower().strip(",.") in months:
                        continue
            _append(sentences, text, s, end, para)
            s = end
        _append(sentences, text, s, stop, para)
        para += 1
    return sentences


def _append(out: list[Sentence], text: str, start: int, end: int, para: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, para, len(out), text[start:end]))
