"""The official list of territories of hostilities and occupation, and its use as a front-line prior."""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from xml.sax.saxutils import escape

import pytest

from conftest import shared_path
from geomap import resolve
from geomap.articles import article_from_mapping
from geomap.errors import GazetteerError, GazetteerNotFound
from geomap.gazetteer import BUNDLED_PATH, Gazetteer, _read
from geomap.hostilities import level_prefix, periods_of, read_hostilities, status_on
from geomap.pipeline import analyse

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# (heading, rows); a cell given as a list holds one paragraph per item, as the ministry writes two periods
SECTIONS = [
    ("1. Території можливих бойових дій", [
        ["Код", "Найменування", "Дата виникнення можливості бойових дій", "Дата припинення"],
        ["1.1. ХАРКІВСЬКА ОБЛАСТЬ"],
        ["Богодухівський район"],
        ["UA63020010000023811", "Богодухівська міська територіальна громада", "24.02.2022", ""],
    ]),
    ("2. Території активних бойових дій", [
        ["UA63100030000011480", "Близнюківська селищна територіальна громада", ["09.09.2022", "01.12.2024"],
         ["31.05.2023"]],
        ["UA63140010000049419", ["Вовчанська міська територіальна громада", "за винятком с. Тихе"], "10.05.2024",
         ""],
        ["UA63140010150062845", "с. Тихе Вовчанської міської територіальної громади", "24.02.2022", "01.06.2022"],
    ]),
    ("ІІ. Тимчасово окуповані Російською Федерацією території України", [
        ["UA01000000000013043", "Автономна Республіка Крим", "20.02.2014", ""],
        ["UA63100030610061581", "с. Новоселівка", "01.03.2025", ""],
    ]),
]


def _cell(value) -> str:
    paras = value if isinstance(value, list) else [value]
    return "<w:tc>" + "".join(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paras) + "</w:tc>"


def _docx() -> bytes:
    body = ["<w:p><w:r><w:t>Перелік територій, на яких ведуться (велися) бойові дії або тимчасово окупованих"
            "</w:t></w:r></w:p>"]
    for heading, rows in SECTIONS:
        body.append(f"<w:p><w:r><w:t>{escape(heading)}</w:t></w:r></w:p>")
        body.append("<w:tbl>" + "".join("<w:tr>" + "".join(_cell(c) for c in row) + "</w:tr>" for row in rows)
                    + "</w:tbl>")
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{"".join(body)}</w:body>' \
          f"</w:document>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


def _csv() -> str:
    lines = ["section,date_columns_header,oblast_heading,raion_heading,code,name,date_start,date_end"]
    for heading, rows in SECTIONS:
        for row in rows:
            if len(row) == 4 and row[0].startswith("UA"):
                name, start, end = ("\n".join(c) if isinstance(c, list) else c for c in row[1:])
                lines.append(f'{heading},x,x,x,{row[0]},"{name}","{start}","{end}"')
    return "\n".join(lines) + "\n"


@pytest.fixture
def table(tmp_path):
    path = tmp_path / "perelik.docx"
    path.write_bytes(_docx())
    return read_hostilities(path)


def test_docx_sections_units_and_periods(table):
    periods = table["periods"]
    assert table["units"] == 6 and table["source"] == "perelik.docx"
    assert periods["UA6302001"] == [["possible", "2022-02-24", None, 0]]
    # two periods in one row: the n-th end date closes the n-th start
    assert periods["UA6310003"] == [["active", "2022-09-09", "2023-05-31", 0], ["active", "2024-12-01", None, 0]]
    assert periods["UA01"] == [["occupied", "2014-02-20", None, 0]]
    assert periods["UA6310003061"] == [["occupied", "2025-03-01", None, 0]]
    # a row that leaves out settlements listed on their own says so
    assert periods["UA6314001"] == [["active", "2024-05-10", None, 1]]


def test_csv_of_the_tables_reads_the_same(tmp_path, table):
    path = tmp_path / "perelik.csv"
    path.write_text(_csv(), encoding="utf-8")
    assert read_hostilities(path)["periods"] == table["periods"]


def test_the_shared_docx_and_its_csv_agree():
    docx = read_hostilities(shared_path("data", "katottg-2025", "perelik_occupied_hostilities_07052025.docx"))
    flat = read_hostilities(shared_path("data", "katottg-2025", "perelik_07052025_tables.csv"))
    assert docx["periods"] == flat["periods"] and docx["units"] > 1900


@pytest.mark.parametrize("code, prefix", [
    ("UA01000000000013043", "UA01"),
    ("UA63100000000016541", "UA6310"),
    ("UA63100030000011480", "UA6310003"),
    ("UA63100030610061581", "UA6310003061"),
])
def test_level_prefix(code, prefix):
    assert level_prefix(code) == prefix


def test_a_settlement_has_its_own_periods_and_those_of_the_units_holding_it(table):
    periods = table["periods"]
    village = periods_of(periods, "UA63100030610061581")
    neighbour = periods_of(periods, "UA63100030600027890")
    assert [p[0] for p in village] == ["occupied", "active", "active"]
    assert [p[0] for p in neighbour] == ["active", "active"]
    # except where the hromada's row leaves the settlements listed on their own out
    assert periods_of(periods, "UA63140010150062845") == [("active", "2022-02-24", "2022-06-01")]
    assert periods_of(periods, "UA63140010010035757") == [("active", "2024-05-10", None)]
    assert periods_of(periods, "UA01020170030079411")[0][0] == "occupied"  # Crimea, by its oblast row
    assert periods_of(periods, "UA12140190040071456") == [] and periods_of(periods, None) == []


def test_status_on_a_day(table):
    periods = periods_of(table["periods"], "UA63100030600027890")
    assert status_on(periods, dt.date(2023, 1, 10)) == ("active", dt.date(2022, 9, 9))
    assert status_on(periods, dt.date(2024, 1, 10)) is None  # between the two periods
    assert status_on(periods, dt.date(2025, 6, 1)) == ("active", dt.date(2024, 12, 1))
    assert status_on(periods, None) == ("active", dt.date(2024, 12, 1))  # the list's own date
    assert status_on(periods, dt.date(2021, 1, 1)) is None


def test_bad_lists_are_refused_with_the_reason(tmp_path):
    with pytest.raises(GazetteerNotFound):
        read_hostilities(tmp_path / "missing.docx")
    bad = tmp_path / "bad.csv"
    bad.write_text("code,name\nUA63100030000011480,x\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="no column date_end, date_start, section"):
        read_hostilities(bad)
    empty = tmp_path / "empty.docx"
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("word/document.xml", f'<w:document xmlns:w="{W}"><w:body/></w:document>')
    with pytest.raises(GazetteerError, match="no row with a KATOTTG code"):
        read_hostilities(empty)
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(GazetteerError, match="not a readable .docx"):
        read_hostilities(broken)


# ------------------------------------------------------------------ the prior in resolution

def _with_hostilities(table: dict) -> Gazetteer:
    data = _read(BUNDLED_PATH)
    data["meta"] = {**data["meta"], "hostilities": table}
    return Gazetteer(data, "test")


def _settlements(g: Gazetteer, name: str, admin1: str):
    return [c.place for c in g.lookup(name) if c.place.admin1 == admin1 and c.place.kind not in ("hromada",)]


@pytest.fixture
def front_gazetteer():
    """The bundled gazetteer, with one of Kharkiv oblast's ten villages called Novoselivka under active
    hostilities since 2024 and another occupied since 2015."""
    bundled = Gazetteer.load(BUNDLED_PATH)
    villages = _settlements(bundled, "Novoselivka", "Kharkiv Oblast")
    assert len(villages) >= 5
    front, long_held = villages[3], villages[1]
    table = {"source": "test", "units": 2, "periods": {
        front.katottg[:12]: [["active", "2024-05-10", None]],
        long_held.katottg[:12]: [["occupied", "2015-01-01", None]]}}
    return _with_hostilities(table), front, long_held


def _place_of(g: Gazetteer, text: str, date: str = "2025-03-04"):
    article = article_from_mapping({"id": "t", "text": text, "date": date, "language": "en"}, source="test")
    _lang, mentions, events, _s = analyse(article, g)
    return [m.chosen.place for m in mentions if m.surface == "Novoselivka"], events


def test_a_claimed_capture_resolves_to_the_namesake_on_the_front(front_gazetteer):
    g, front, _held = front_gazetteer
    assert g.has_hostilities and g.front_status(front, dt.date(2025, 1, 1)) == ("active", dt.date(2024, 5, 10))
    places, events = _place_of(g, "Russia's defence ministry said its forces had captured Novoselivka in the "
                                  "Kharkiv region.")
    assert places == [front]
    assert events and events[0].event_type == "territorial_claim" and events[0].mention.chosen.place == front


def test_the_front_prior_holds_on_its_dates_and_most_for_claims(front_gazetteer):
    g, front, held = front_gazetteer
    # shelling is war news too: the village on the front, by half the weight of a claim
    strike, _ev = _place_of(g, "Russian shelling damaged a house in Novoselivka in the Kharkiv region.")
    assert strike == [front]
    claim_bonus = resolve._front_bonus(g.lookup("Novoselivka")[0]._replace(place=front), g, dt.date(2025, 3, 4))
    assert claim_bonus == resolve.FRONT_ACTIVE and 0 < resolve.FRONT_UNCLAIMED < 1
    # before the fighting reached it, the listed village is no likelier than its namesakes
    before, _ev = _place_of(g, "Russian forces captured Novoselivka in the Kharkiv region.", date="2023-02-01")
    assert before and before[0] != front
    # a village occupied for ten years is not where a capture is claimed
    assert g.front_status(held, dt.date(2025, 3, 4))[0] == "occupied"
    claimed, _ev = _place_of(g, "Russian forces captured Novoselivka in the Kharkiv region.")
    assert claimed == [front]


def test_an_undated_article_is_read_at_the_lists_own_date(front_gazetteer, tmp_path):
    g, front, held = front_gazetteer
    assert g.hostilities_date == dt.date(2024, 5, 10)  # the latest day a period of the (test) list begins
    assert resolve._front_bonus(g.lookup("Novoselivka")[0]._replace(place=front), g, None) == resolve.FRONT_ACTIVE
    # occupied in 2015: long before the list's date, no longer the front
    assert resolve._front_bonus(g.lookup("Novoselivka")[0]._replace(place=held), g, None) == 0.0
    places, _events = _place_of(g, "Russian forces captured Novoselivka in the Kharkiv region.", date=None)
    assert places == [front]
    # the shared list: its date is that of its edition (07.05.2025) or a little before, despite an end date in
    # September 2025
    table = read_hostilities(shared_path("data", "katottg-2025", "perelik_07052025_tables.csv"))
    real = _with_hostilities(table)
    assert dt.date(2025, 1, 1) <= real.hostilities_date <= dt.date(2025, 5, 7)


def test_a_claim_anywhere_puts_every_mention_of_the_name_on_the_front(front_gazetteer):
    g, front, _held = front_gazetteer
    text = ("Fighting continues around Novoselivka in the Kharkiv region, the governor said. "
            "The next day Moscow said its troops had taken Novoselivka.")
    places, _events = _place_of(g, text)
    assert len(places) == 2 and places[0] == places[1] == front


def test_without_the_list_there_is_no_front_status():
    bundled = Gazetteer.load(BUNDLED_PATH)
    village = _settlements(bundled, "Novoselivka", "Kharkiv Oblast")[0]
    assert not bundled.has_hostilities and bundled.front_status(village, dt.date(2025, 1, 1)) is None
    assert bundled.hostilities_date is None and bundled.info()["hostilities"] is None


def test_one_name_is_one_place_in_an_article():
    """The second "Oleksandrivka" lies two sentences after Kharkiv, near which two villages of that name lie; the
    first is placed in Sumy oblast by its own region cue, and the article means one village."""
    g = Gazetteer.load(BUNDLED_PATH)
    text = ("Shelling damaged ten houses in Oleksandrivka in the Sumy region on Monday, the regional "
            "administration said. Repairs began on Tuesday. In Kharkiv, a drone hit a warehouse. "
            "Officials said Oleksandrivka had no power for a second day.")
    article = article_from_mapping({"id": "t", "text": text, "date": "2025-03-04", "language": "en"}, source="t")
    _lang, mentions, _events, _s = analyse(article, g)
    places = [m.chosen.place for m in mentions if m.surface == "Oleksandrivka"]
    assert len(places) == 2 and places[0] == places[1] and places[0].admin1 == "Sumy Oblast"


def test_a_strike_that_names_no_side_on_ground_held_long_is_ukraines():
    bundled = Gazetteer.load(BUNDLED_PATH)
    donetsk = bundled.lookup("Donetsk")[0].place
    melitopol = bundled.lookup("Melitopol")[0].place
    g = _with_hostilities({"source": "test", "units": 2, "periods": {
        donetsk.katottg[:12]: [["occupied", "2014-04-07", None]],  # held since 2014
        melitopol.katottg[:12]: [["occupied", "2025-02-20", None]]}})  # taken a fortnight before the article

    def actor(text: str) -> str:
        article = article_from_mapping({"id": "t", "text": text, "date": "2025-03-04", "language": "en"},
                                       source="test")
        (event,) = analyse(article, g)[2]
        return event.actor

    assert actor("Four people were killed after shelling in Donetsk, local officials said.") == "Ukraine"
    # just taken: the damage is rather the assault's
    assert actor("Four people were killed after shelling in Melitopol, local officials said.") == "Russia"
    # a side named in the sentence still decides
    assert actor("Russian shelling killed four people in Donetsk.") == "Russia"


def test_a_strike_that_names_no_side_continues_the_reports_last_one():
    g = Gazetteer.load(BUNDLED_PATH)
    article = article_from_mapping({"id": "t", "language": "ru", "date": "2025-06-17", "text": (
        "Украинские войска атаковали Каховку. В Днепрянах повреждена школа.")}, source="test")
    assert [(e.mention.chosen.place.name, e.actor) for e in analyse(article, g)[2]] == [
        ("Kakhovka", "Ukraine"), ("Dnipriany", "Ukraine")]
