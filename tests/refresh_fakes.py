"""Stand-ins for the pipeline and the renderer, so refresh can be tested (also in a subprocess) on its own.

``fake_extract`` gives one strike per article at a position derived from its id (and, when the article text
names ``Predtechyne`` and a fallback is given, asks the fallback for it, as the pipeline does for places the
gazetteer places approximately). ``FakeRenderer`` writes a small HTML file. Both are deterministic.

Run as a script, it is ``geomap refresh`` with these fakes::

    python tests/refresh_fakes.py --inbox DIR --out DIR [--every 1s] [--feeds FILE] [--geocoder none]

``GEOMAP_TEST_EXTRACT_DELAY`` (seconds per article) slows extraction down, for kill and lock tests.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geomap.records import event_id, new_record  # noqa: E402


def fake_extract(article, fallback=None) -> list[dict]:
    """One strike per article (two when it names Predtechyne and the fallback places it)."""
    delay = float(os.environ.get("GEOMAP_TEST_EXTRACT_DELAY", "0") or 0)
    if delay:
        time.sleep(delay)
    h = int(hashlib.sha1(article.article_id.encode()).hexdigest()[:8], 16)
    records = [
        new_record(
            event_id=event_id(article.article_id, "strike", 0),
            article_id=article.article_id,
            article_title=article.title,
            article_date=article.date,
            language=article.language,
            event_type="strike",
            sub_event_type="drone",
            location="Somewhere",
            latitude=46 + (h % 400) / 100,
            longitude=30 + (h // 400 % 800) / 100,
            geo_precision=1,
            geo_source="gazetteer",
            event_date=article.date,
            notes=article.text[:80],
        )
    ]
    if fallback is not None and "Predtechyne" in article.text:
        hit = fallback.locate("Predtechyne", admin1="Donetsk Oblast", country="UA")
        rec = new_record(
            event_id=event_id(article.article_id, "claim", 1),
            article_id=article.article_id,
            event_type="territorial_claim",
            sub_event_type="capture",
            mention="Predtechyne",
            location="Predtechyne",
            latitude=48.5,
            longitude=37.7,
            geo_precision=2,
            geo_source="gazetteer:approximate",
            event_date=article.date,
        )
        if hit:
            rec.update(
                latitude=hit["latitude"],
                longitude=hit["longitude"],
                geo_precision=hit["geo_precision"],
                geo_source=hit["geo_source"],
            )
        records.append(rec)
    return records


class FakeRenderer:
    """Writes ``<html>`` files naming the records, like :mod:`geomap.render` without folium."""

    def write_article_map(self, records, article, path, frontline=None) -> Path:
        Path(path).write_text(f"<html><!-- {article.article_id} --> {len(records)} events</html>\n", "utf-8")
        return Path(path)

    def write_aggregate_map(self, records, path, frontline=None, title="geomap") -> Path:
        Path(path).write_text(f"<html><title>{title}</title> {len(records)} events</html>\n", "utf-8")
        return Path(path)


def install(monkeypatch=None) -> None:
    """Make :func:`geomap.refresh.run_cli` use the fakes (with pytest's monkeypatch, or for good)."""
    import geomap.refresh as refresh

    def default_extract(*, gazetteer_path, lang, fallback):
        return lambda article: fake_extract(article, fallback)

    def default_renderer():
        return FakeRenderer()

    if monkeypatch is not None:
        monkeypatch.setattr(refresh, "_default_extract", default_extract)
        monkeypatch.setattr(refresh, "_default_renderer", default_renderer)
    else:
        refresh._default_extract = default_extract
        refresh._default_renderer = default_renderer


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--inbox", type=Path)
    p.add_argument("--feeds", type=Path)
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("--store")
    p.add_argument("--every")
    p.add_argument("--offline", action="store_true")
    p.add_argument("--geocoder", default="none")
    a = p.parse_args(argv)
    install()
    from geomap.refresh import run_cli

    return run_cli(
        inbox=a.inbox,
        feeds=a.feeds,
        out_dir=a.out,
        store_url=a.store,
        every=a.every,
        offline=a.offline,
        geocoder=a.geocoder,
        lang=None,
        gazetteer_path=None,
    )


if __name__ == "__main__":
    import logging

    logging.basicConfig(level=logging.WARNING, format="geomap: %(levelname)s: %(message)s")
    sys.exit(main())
