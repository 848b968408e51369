"""Language detection, sentence splitting, numbers and dates per language."""
from __future__ import annotations

import datetime as dt

import pytest

from geomap.dates import find_dates, resolve_weekday
from geomap.language import detect_language
from geomap.lexicon import LANGUAGES, find_regions, lexicon, regions
from geomap.quantities import find_quantities
from geomap.segment import split_sentences


@pytest.mark.parametrize("text, lang", [
    ("Les forces russes ont revendiqué la prise du village, selon le ministère de la Défense.", "fr"),
    ("Russian forces have seized the village, the defence ministry said on Saturday.", "en"),
    ("Die russische Armee meldet die Einnahme des Dorfes, teilte das Ministerium mit.", "de"),
    ("Сили оборони звільнили село, повідомив Генштаб ЗСУ у середу.", "uk"),
    ("Российские войска заняли ещё два населённых пункта, сообщили в Минобороны.", "ru"),
    ("Российские войска освободили село Степовое на Запорожье.", "ru"),  # no letter of either language only
])
def test_detect_language(text, lang):
    assert detect_language(text) == lang


def test_every_lexicon_loads_with_the_same_sections():
    keys = set(lexicon("en").rx)
    for code in LANGUAGES:
        assert set(lexicon(code).rx) == keys, code
        assert lexicon(code).claimants


@pytest.mark.parametrize("lang, text, expected", [
    ("fr", "Trente-deux personnes, dont un enfant", [("Trente-deux", 32), ("un", 1)]),
    ("fr", "plus de 40 drones et 12 000 habitants en 2022", [("40", None), ("12 000", 12000)]),
    ("en", "at least 15 drones, more than 4,000 missiles", [("15", 15), ("4,000", None)]),
    ("de", "etwa 22.000 Menschen, mindestens 20 Drohnen und acht Raketen", [("22.000", 22000), ("20", 20),
                                                                          ("acht", 8)]),
    ("uk", "постраждали п'ятеро людей, двоє загиблих", [("п'ятеро", 5), ("двоє", 2)]),
    # collective and oblique forms of the teens and tens
    ("uk", "дев'ятнадцятеро поранені, поранено дванадцятьох людей, понад двадцяти дронів",
     [("дев'ятнадцятеро", 19), ("дванадцятьох", 12), ("двадцяти", None)]),
    ("ru", "ранения получили до пятнадцати человек, сбиты одиннадцать дронов", [("пятнадцати", None),
                                                                            ("одиннадцать", 11)]),
    ("ru", "двадцать девять пострадавших, 14-й бригады, в 12:32", [("двадцать девять", 29)]),
    # tens and units joined by "et"/"and", a hyphenated compound, number words inside other words or elisions
    ("fr", "vingt et un blessés, l'un d'eux, quarante-deux drones", [("vingt et un", 21), ("quarante-deux", 42)]),
    ("en", "twenty-one drones, one-year-old, twenty and", [("twenty-one", 21), ("twenty", 20)]),
    ("de", "dreiundzwanzig, zwanzig und drei Drohnen", [("zwanzig und drei", 23)]),
    # digits inside words or after a point are no counts, nor are decimals
    ("en", "the M03 road, v2.0, 180,8 km, 1.5 million, 1,250 and 7", [("1,250", 1250), ("7", 7)]),
])
def test_quantities(lang, text, expected):
    assert [(q.text, q.value) for q in find_quantities(text, lexicon(lang))] == expected


@pytest.mark.parametrize("lang, text, ref, expected, night", [
    ("fr", "dans la nuit du jeudi 3 au vendredi 4 juillet", (2025, 7), "2025-07-04", True),
    ("fr", "a annoncé jeudi 31 juillet", (2025, 7), "2025-07-31", False),
    ("en", "said on Saturday, December 21.", (2024, 12), "2024-12-21", False),
    ("de", "am Donnerstag, dem 18. Januar, mit", (2024, 1), "2024-01-18", False),
    ("ru", "В ночь на 26 октября", (2025, 10), "2025-10-26", True),
    ("uk", "повідомив у середу, 22 жовтня, Генштаб", (2025, 10), "2025-10-22", False),
    ("ru", "сообщило 28 декабря Министерство", (2026, 1), "2025-12-28", False),
    # an English night range is dated by its morning
    ("en", "on the night of Nov. 13-14, causing a fire", (2025, 11), "2025-11-14", True),
    ("en", "on the night of November 13 to 14", (2025, 11), "2025-11-14", True),
    ("en", "on November 13, 14 people were hurt", (2025, 11), "2025-11-13", False),
])
def test_dates(lang, text, ref, expected, night):
    days = [d for d in find_dates(text, lexicon(lang), ref) if d.date]
    assert days[-1].date.isoformat() == expected
    assert days[-1].night == night


def test_bare_weekday_resolves_against_a_dated_anchor():
    fri = [d for d in find_dates("a embrayé ce vendredi", lexicon("fr"), (2025, 7)) if d.weekday is not None][0]
    assert resolve_weekday(fri.weekday, [dt.date(2025, 7, 3)]) == dt.date(2025, 7, 4)
    # written on Thursday 3 July, "this Friday" already was: the one before
    assert resolve_weekday(fri.weekday, [dt.date(2025, 7, 3)], dt.date(2025, 7, 3)) == dt.date(2025, 6, 27)
    mon = [d for d in find_dates("am Montagabend", lexicon("de"), (2025, 7)) if d.weekday is not None]
    assert [d.weekday for d in mon] == [0]


def test_sentences_keep_offsets_and_german_dates_together():
    lex = lexicon("de")
    text = "Das Ministerium meldete am 18. Januar die Einnahme. Kiew dementierte.\n\nNeuer Absatz hier."
    sents = split_sentences(text, lex.abbreviations, lex.months)
    assert [s.text for s in sents] == ["Das Ministerium meldete am 18. Januar die Einnahme.", "Kiew dementierte.",
                                       "Neuer Absatz hier."]
    assert all(text[s.start:s.end] == s.text for s in sents)
    assert [s.paragraph for s in sents] == [0, 0, 1]


@pytest.mark.parametrize("lang, text, name", [
    ("en", "The Russian defence ministry claimed 12 drones, the air force said 40 were downed.", "Ukrainian Air Force"),
    ("en", "Nothing here names a source.", None),
    ("fr", "Selon l'armée de l'air ukrainienne, 477 drones ont été abattus.", "Ukrainian Air Force"),
    ("de", "Laut dem russischen Verteidigungsministerium wurde das Dorf eingenommen.", "Russian Defence Ministry"),
    ("uk", "Про це повідомили Повітряні сили ЗСУ.", "Ukrainian Air Force"),
    ("ru", "Об этом сообщили в Минобороны России.", "Russian Defence Ministry"),
    ("ru", "В Донецке пострадали три человека, сообщил глава ДНР Денис Пушилин.", "Moscow-installed authorities"),
    # the head of a region, named by the words news use besides "governor"
    ("en", "One worker was killed, regional head Serhiy Lysak said.", "regional governor"),
    ("fr", "Deux personnes ont été blessées, selon le chef de la région.", "regional governor"),
    # the city's military administration, not the region's, though its title begins the same
    ("fr", "Quatre morts, a annoncé le chef de l'administration militaire de la ville, Oleksandr Vilkoul.",
     "city military administration"),
    ("de", "Zwei Menschen wurden verletzt, teilte der Gebietschef mit.", "regional governor"),
    ("uk", "Поранено двох людей, повідомив очільник Харківської ОВА.", "regional military administration"),
])
def test_claimant_is_the_first_ranked_pattern_found(lang, text, name):
    lex = lexicon(lang)
    by_rank = next(((rank, m.span()) for rank, (rx, _n, _s) in enumerate(lex.claimants) if (m := rx.search(text))),
                   None)
    assert lex.claimant(text) == by_rank  # one automaton pass gives what searching every pattern in turn gives
    assert (lex.claimants[by_rank[0]][1] if by_rank else None) == name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_quick_phrase_tests_agree_with_the_full_patterns(lang):
    """match_at_end, match_at_start and may_contain reject texts by the phrases' first and last words before
    any regex search: they must answer as the patterns alone would, on texts that end or start with a phrase,
    nearly do, or do not."""
    lex = lexicon(lang)
    for key, phrases in lex.raw_lists.items():
        for phrase in phrases[:40]:
            filled = phrase.replace("*", "ами").strip()
            for text in (f"вчера, {filled}", f"und {filled}  ", f"{filled} x", filled[:-1], f"«{filled}»"):
                assert bool(lex.match_at_end(key, text)) == bool(lex._end_rx(key).search(text)), (key, text)
                assert bool(lex.match_at_start(key, text)) == bool(lex._start_rx(key).match(text)), (key, text)
                if lex.rx[key].search(text):
                    assert lex.may_contain(key, text), (key, text)
                if lex.rx[key].match(text):
                    assert lex.may_begin(key, text), (key, text)
            # the phrase automaton finds a phrase whatever white space stands between its words
            for text in (f"x {filled} y", f"x {filled.replace(' ', chr(0xa0))}",
                         f"x {filled.replace(' ', chr(10) + ' ')}"):
                assert bool(lex.spans(text, (key,))[key]) == bool(lex.rx[key].search(text)), (key, text)
                assert not lex.rx[key].search(text) or lex.may_contain(key, text), (key, text)
    for pattern, (rx, _name, _side) in zip(lex.claimant_patterns, lex.claimants):
        text = pattern.replace("*", "ами") + " сказав"
        assert rx.match(text) and lex.may_begin("claimants", text), text


@pytest.mark.parametrize("text, admin1", [
    ("губернатор Калужской области", "Kaluga Oblast"), ("в Краснодарском крае", "Krasnodar Krai"),
    ("the Kaluga region", "Kaluga Oblast"), ("в Республике Татарстан", "Republic of Tatarstan"),
    ("Саратовської області", "Saratov Oblast"),
])
def test_the_regions_beyond_the_border_have_forms_made_from_their_names(text, admin1):
    assert [regions()[i].admin1 for _a, _b, i in find_regions(text)] == [admin1]

