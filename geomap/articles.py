"""Reading articles: the dated plain-text form, plain text, Markdown, HTML, JSON and JSON Lines.

An :class:`Article` is the first stage of the data flow. Readers never raise for one bad input: they
report an :class:`~geomap.errors.ArticleError` and go on with the rest (see :func:`iter_articles`).
"""
from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from geomap.errors import ArticleError

__all__ = [
    "Article",
    "ARTICLE_SUFFIXES",
    "MAX_ARTICLE_BYTES",
    "iter_articles",
    "read_path",
    "parse_text",
    "article_from_mapping",
    "slugify",
]

#: File endings read as articles when a folder is given.
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl")

#: Larger inputs are refused: no news article is this long, and a mistaken path to a dump should fail fast.
MAX_ARTICLE_BYTES = 10 * 1024 * 1024

_HEADER = re.compile(r"^date\s+(\d{4}-\d{2}(?:-\d{2})?)(?:\s+(.*))?$")
_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}(?:-\d{2})?)")


@dataclass(frozen=True)
class Article:
    """One news article, ready for extraction.

    Attributes
    ----------
    article_id : str
        The JSON ``id`` where given, else derived from the content (same text, same id).
    title, date : str or None
        ``date`` is ``YYYY-MM`` or ``YYYY-MM-DD`` (the article's publication date).
    text : str
        The body, without the header line or markup.
    source : str
        Where it came from: a path, ``path:LINE`` for JSON Lines, ``<stdin>`` or a URL.
    slug : str
        A safe file-name stem for outputs derived from this article.
    """

    article_id: str
    title: str | None
    date: str | None
    text: str
    source: str
    slug: str
    url: str | None = None
    language: str | None = None
    content_hash: str = field(default="", compare=False)


def slugify(value: str, max_len: int = 60) -> str:
    """A file-name-safe stem: ASCII letters, digits, ``-`` and ``_``; never empty, never a dot name."""
    value = unicodedata.normalize("NFKD", value)
    value = value.encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^A-Za-z0-9_-]+", "-", value).strip("-_").lower()
    return value[:max_len].strip("-_") or "article"


def _content_hash(title: str | None, date: str | None, text: str) -> str:
    h = hashlib.sha1()
    for part in (title or "", date or "", text):
        h.update(part.encode("utf-8") + b"\x1e")
    return h.hexdigest()


def _make(text: str, *, source: str, stem: str | None, title: str | None = None, date: str | None = None,
          article_id: str | None = None, url: str | None = None, language: str | None = None) -> Article:
    text = text.strip()
    if not text:
        raise ArticleError(source, "empty article (no text)")
    title = (title or "").strip() or None
    digest = _content_hash(title, date, text)
    aid = str(article_id) if article_id not in (None, "") else digest[:16]
    slug = slugify(stem) if stem else f"{slugify(title or aid, 48)}-{digest[:8]}"
    return Article(aid, title, date, text, source, slug, url, language, digest)


def _normalise_date(value: object) -> str | None:
    """``YYYY-MM`` or ``YYYY-MM-DD`` from a JSON date field (ISO timestamps are cut to the day)."""
    if value in (None, ""):
        return None
    m = _DATE_PREFIX.match(str(value).strip())
    return m.group(1) if m else None


def parse_text(raw: str, *, source: str, stem: str | None = None) -> Article:
    """An article from plain text, with or without the ``date YYYY-MM[-DD] Title`` first line."""
    raw = raw.lstrip("\ufeff").lstrip()
    first, _, rest = raw.partition("\n")
    m = _HEADER.match(first.strip())
    if m:
        return _make(rest, source=source, stem=stem, title=m.group(2), date=m.group(1))
    return _make(raw, source=source, stem=stem)


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")


def parse_markdown(raw: str, *, source: str, stem: str | None = None) -> Article:
    """An article from Markdown: the first ``#`` heading is the title; links and emphasis become plain text."""
    raw = raw.lstrip("\ufeff").lstrip()
    date = None
    if raw.startswith("---\n"):  # YAML front matter: keep title and date, drop the rest
        end = raw.find("\n---", 4)
        if end > 0:
            front, raw = raw[4:end], raw[end + 4:]
            for line in front.splitlines():
                key, _, value = line.partition(":")
                if key.strip() == "date":
                    date = _normalise_date(value.strip().strip("'\""))
    header = parse_text(raw, source=source, stem=stem)
    title, body = header.title, header.text
    date = header.date or date
    lines = []
    for line in body.splitlines():
        if title is None and line.startswith("# "):
            title = line[2:].strip()
            continue
        line = re.sub(r"^\s{0,3}(#{1,6}\s+|>\s?|[-*+]\s+|\d+\.\s+)", "", line)
        line = _MD_MARKS.sub(r"\2", _MD_LINK.sub(r"\1", line))
        lines.append(line)
    return _make("\n".join(lines), source=source, stem=stem, title=title, date=date)


def parse_html(raw: str, *, source: str, stem: str | None = None, url: str | None = None) -> Article:
    """An article from an HTML page: its main text, title and date, by trafilatura."""
    import trafilatura  # imported here: it costs start-up time that plain-text runs need not pay

    doc = trafilatura.bare_extraction(raw, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_recall=True)
    text = getattr(doc, "text", None) if doc is not None else None
    if not text:
        raise ArticleError(source, "no article text found in the HTML page")
    return _make(text, source=source, stem=stem, title=getattr(doc, "title", None),
                 date=_normalise_date(getattr(doc, "date", None)), url=url or getattr(doc, "url", None))


def article_from_mapping(obj: object, *, source: str, stem: str | None = None) -> Article:
    """An article from a JSON object with ``title``, ``text``/``body``, ``date``/``published``, ``url``, ``id``.

    A ``text`` that starts with the ``date YYYY-MM Title`` line is split as in plain text.
    """
    if not isinstance(obj, dict):
        raise ArticleError(source, f"expected a JSON object, got {type(obj).__name__}")
    body = obj.get("text", obj.get("body", obj.get("content")))
    if not isinstance(body, str):
        raise ArticleError(source, "JSON article has no 'text' or 'body' string")
    title = obj.get("title") if isinstance(obj.get("title"), str) else None
    date = _normalise_date(obj.get("date", obj.get("published")))
    lang = obj.get("language", obj.get("lang"))
    head = parse_text(body, source=source, stem=stem) if body.strip() else None
    if head is not None and head.date and not (title or date):
        title, date, body = head.title, head.date, head.text
    return _make(body, source=source, stem=stem, title=title, date=date, article_id=obj.get("id"),
                 url=obj.get("url") if isinstance(obj.get("url"), str) else None,
                 language=lang if isinstance(lang, str) and lang else None)


def _decode(data: bytes, source: str) -> str:
    if not data.strip():
        raise ArticleError(source, "empty file")
    if b"\x00" in data[:8192]:
        raise ArticleError(source, "binary file (contains NUL bytes), not an article")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError(source, f"not valid UTF-8 (byte {exc.start}: {data[exc.start:exc.start + 1]!r})") from exc


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ArticleError(source, f"file too large ({size / 1e6:.1f} MB, limit {max_bytes / 1e6:.0f} MB)")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ArticleError(source, "no such file") from exc
    except IsADirectoryError as exc:
        raise ArticleError(source, "is a directory") from exc
    except PermissionError as exc:
        raise ArticleError(source, "permission denied") from exc
    except OSError as exc:
        raise ArticleError(source, exc.strerror or str(exc)) from exc


def read_path(path: Path | str, *, max_bytes: int = MAX_ARTICLE_BYTES,
              on_error: Callable[[ArticleError], None] | None = None) -> Iterator[Article]:
    """The articles of one file (a ``.jsonl`` or JSON array file may hold many).

    Parameters
    ----------
    on_error
        Called with each per-line error of a multi-article file, which is then skipped. Without it the
        first such error is raised. Errors that concern the whole file are always raised.

    Raises
    ------
    ArticleError
        Missing, unreadable, empty, binary, oversized or undecodable file; malformed JSON.
    """
    path = Path(path)
    data = _read_bytes(path, max_bytes)
    yield from _parse_bytes(data, source=str(path), suffix=path.suffix.lower(), stem=path.stem,
                            on_error=on_error)


def _parse_bytes(data: bytes, *, source: str, suffix: str, stem: str | None,
                 on_error: Callable[[ArticleError], None] | None) -> Iterator[Article]:
    raw = _decode(data, source)
    stripped = raw.lstrip("\ufeff \t\r\n")
    if suffix == ".jsonl" or (suffix not in (".json",) and suffix == "" and stripped.startswith("{") and "\n{" in raw):
        found = False
        for lineno, line in enumerate(raw.splitlines(), 1):
            if not line.strip():
                continue
            where = f"{source}:{lineno}"
            try:
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ArticleError(where, f"invalid JSON ({exc.msg}, column {exc.colno})") from exc
                found = True
                yield article_from_mapping(obj, source=where, stem=None)
            except ArticleError as err:
                if on_error is None:
                    raise
                on_error(err)
        if not found:
            raise ArticleError(source, "no JSON article in the file")
        return
    if suffix == ".json" or (suffix == "" and stripped[:1] in "{["):
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ArticleError(source, f"invalid JSON ({exc.msg}, line {exc.lineno})") from exc
        if isinstance(obj, list):
            if not obj:
                raise ArticleError(source, "empty JSON list")
            for i, item in enumerate(obj):
                try:
                    yield article_from_mapping(item, source=f"{source}[{i}]", stem=None)
                except ArticleError as err:
                    if on_error is None:
                        raise
                    on_error(err)
        else:
            yield article_from_mapping(obj, source=source, stem=stem)
        return
    if suffix in (".html", ".htm") or (suffix == "" and re.match(r"(?is)<(!doctype\s+html|html)\b", stripped)):
        yield parse_html(raw, source=source, stem=stem)
    elif suffix in (".md", ".markdown"):
        yield parse_markdown(raw, source=source, stem=stem)
    else:
        yield parse_text(raw, source=source, stem=stem)


def _expand(paths: Iterable[str | Path], on_error: Callable[[ArticleError], None]) -> Iterator[Path | str]:
    for p in paths:
        if str(p) == "-":
            yield "-"
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES
                           and not any(part.startswith(".") for part in f.relative_to(path).parts))
            if not files:
                on_error(ArticleError(str(path), f"folder holds no article files ({', '.join(ARTICLE_SUFFIXES)})"))
            yield from files
        else:
            yield path


def iter_articles(paths: Iterable[str | Path], on_error: Callable[[ArticleError], None],
                  *, max_bytes: int = MAX_ARTICLE_BYTES, stdin=None) -> Iterator[Article]:
    """Every article in ``paths`` (files, folders searched recursively, ``-`` for standard input).

    Parameters
    ----------
    on_error
        Called once for every input that could not be read, with the file name and the reason; reading
        then goes on with the next input. Nothing is dropped silently.
    """
    for p in _expand(paths, on_error):
        try:
            if p == "-":
                stream = stdin if stdin is not None else sys.stdin.buffer
                data = stream.read(max_bytes + 1)
                if len(data) > max_bytes:
                    raise ArticleError("<stdin>", f"input too large (limit {max_bytes / 1e6:.0f} MB)")
                yield from _parse_bytes(data, source="<stdin>", suffix="", stem=None, on_error=on_error)
            else:
                yield from read_path(p, max_bytes=max_bytes, on_error=on_error)
        except ArticleError as err:
            on_error(err)
