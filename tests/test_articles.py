"""Article readers: every CONTRACT format, stable ids, and one clear error per bad input."""
from __future__ import annotations

import io
import json

import pytest

from geomap.articles import iter_articles, parse_text, slugify
from geomap.errors import ArticleError


def _read(paths, stdin=None):
    errors: list[ArticleError] = []
    arts = list(iter_articles(paths, errors.append, stdin=stdin))
    return arts, errors


def test_dated_header_is_split(seed_path):
    (art,), errors = _read([seed_path])
    assert not errors
    assert art.date == "2025-07"
    assert art.title.startswith("Guerre en Ukraine")
    assert art.text.startswith("Après la vaste attaque")
    assert art.slug == "000_8ee0bf3547f2fd3b"


def test_same_text_same_id_and_json_id_wins(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("date 2024-05 T\n\nBody text.", encoding="utf-8")
    b.write_text("date 2024-05 T\n\nBody text.", encoding="utf-8")
    j = tmp_path / "c.json"
    j.write_text(json.dumps({"id": "x-1", "title": "T", "text": "Body", "date": "2024-05-03T10:00:00Z"}))
    arts, errors = _read([a, b, j])
    assert not errors
    assert arts[0].article_id == arts[1].article_id
    assert arts[2].article_id == "x-1" and arts[2].date == "2024-05-03"


def test_jsonl_markdown_html_and_stdin(tmp_path):
    jl = tmp_path / "feed.jsonl"
    jl.write_text('{"id": "1", "text": "date 2025-01 Titre\\n\\nCorps"}\n\n{"id": "2", "body": "Other", '
                  '"published": "2025-02-01"}\n', encoding="utf-8")
    md = tmp_path / "a.md"
    md.write_text("# Heading title\n\nSome **bold** [link](http://x) text.\n", encoding="utf-8")
    html = tmp_path / "p.html"
    html.write_text("<html><head><title>Page title</title></head><body><article><p>" + "Strike on Kharkiv. " * 20
                    + "</p></article></body></html>", encoding="utf-8")
    arts, errors = _read([jl, md, html, "-"], stdin=io.BytesIO(b"date 2025-03-02 Piped\n\nFrom stdin."))
    assert not errors
    assert [a.article_id for a in arts[:2]] == ["1", "2"]
    assert arts[0].date == "2025-01" and arts[0].title == "Titre" and arts[0].text == "Corps"
    assert arts[1].date == "2025-02-01"
    assert arts[2].title == "Heading title" and arts[2].text == "Some bold link text."
    assert "Strike on Kharkiv" in arts[3].text
    assert arts[4].source == "<stdin>" and arts[4].date == "2025-03-02"


@pytest.mark.parametrize("content, reason", [
    (b"", "empty file"),
    (b"  \n\n ", "empty file"),
    (b"\x00\x01\x02binary", "binary file"),
    (b"caf\xe9 au lait", "not valid UTF-8"),
    (b'{"title": "no text"}', "no 'text' or 'body'"),
    (b"{not json", "invalid JSON"),
])
def test_bad_inputs_are_reported_and_the_rest_processed(tmp_path, content, reason):
    bad = tmp_path / ("bad.json" if content.startswith(b"{") else "bad.txt")
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("A strike on Kharkiv.", encoding="utf-8")
    arts, errors = _read([bad, tmp_path / "missing.txt", good])
    assert [a.text for a in arts] == ["A strike on Kharkiv."]
    assert len(errors) == 2
    assert reason in errors[0].reason and str(bad) in str(errors[0])
    assert "no such file" in str(errors[1])


def test_oversized_file_is_refused(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2048)
    errors: list[ArticleError] = []
    assert list(iter_articles([big], errors.append, max_bytes=1024)) == []
    assert "too large" in errors[0].reason


def test_jsonl_bad_line_does_not_stop_the_file(tmp_path):
    jl = tmp_path / "f.jsonl"
    jl.write_text('{"id": "1", "text": "ok"}\nnot json\n{"id": "3", "text": "ok too"}\n', encoding="utf-8")
    arts, errors = _read([jl])
    assert [a.article_id for a in arts] == ["1", "3"]
    assert errors[0].source.endswith("f.jsonl:2")


@pytest.mark.parametrize("title", ["../../etc/passwd", "<script>alert(1)</script>", "Київ: удар", "", "..."])
def test_slugs_are_safe_file_names(title):
    slug = slugify(title)
    assert slug and "/" not in slug and not slug.startswith(".")
    assert all(c.isalnum() or c in "-_" for c in slug)


def test_header_without_title():
    art = parse_text("date 2025-07-04\n\nBody.", source="x")
    assert art.date == "2025-07-04" and art.title is None
