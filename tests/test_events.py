"""Figures, event types, actors and claimants per language, on sentences written for these tests."""
from __future__ import annotations

import pytest

from geomap.events import _claimant, sentence_figures
from geomap.lexicon import lexicon


@pytest.mark.parametrize("lang, sentence, expected", [
    # digits and number words, "at least", subsets that are not totals
    ("fr", "Trois personnes ont été tuées et au moins 14 blessées, dont deux enfants.",
     {"killed": 3, "injured": 14}),
    ("fr", "Le bilan s'établit à un mort et 9 blessés.", {"killed": 1, "injured": 9}),
    ("fr", "La Russie a lancé 120 drones et 7 missiles ; 101 drones ont été abattus.",
     {"drones_launched": 120, "missiles_launched": 7, "intercepted": 101}),
    ("en", "Two people were killed and 11 wounded, including a child, officials said.",
     {"killed": 2, "injured": 11}),
    ("en", "Russia launched 85 drones overnight, of which 60 were shot down.",
     {"drones_launched": 85, "intercepted": 60}),
    ("en", "More than 40 people were injured and dozens of homes damaged.", {}),
    ("de", "Zwei Menschen wurden getötet, mindestens zwölf weitere verletzt.", {"killed": 2, "injured": 12}),
    ("de", "Russland griff mit 64 Drohnen an, die Luftabwehr schoss 50 davon ab.",
     {"drones_launched": 64}),
    ("uk", "Загинули троє людей, ще семеро дістали поранення.", {"killed": 3, "injured": 7}),
    ("uk", "Росія запустила 90 ударних безпілотників, сили ППО збили 71 з них.",
     {"drones_launched": 90, "intercepted": 71}),
    ("ru", "Погибли два человека, пострадали 15, среди них трое детей.", {"killed": 2, "injured": 15}),
    ("ru", "Армия выпустила 40 беспилотников; ПВО уничтожила 35 аппаратов.",
     {"drones_launched": 40, "intercepted": 35}),
    # numerals of one, and the verb before its subject
    ("uk", "За словами мера, загинула одна людина.", {"killed": 1}),
    ("ru", "В результате удара погиб мужчина, ещё двое получили ранения.", {"killed": 1, "injured": 2}),
    ("uk", "Росія атакувала 430 дронами, сили ППО знешкодили 405 дронів.",
     {"drones_launched": 430, "intercepted": 405}),
    # bombs and shells shot down are no drones, and the verb before a list of counts governs them all
    ("ru", "Средствами ПВО сбиты 4 управляемые авиабомбы, 6 снарядов HIMARS и 167 беспилотников.",
     {"intercepted": 167}),
    ("uk", "Протягом доби ППО збила 5 керованих авіабомб та 120 безпілотників.", {"intercepted": 120}),
    ("en", "Air defences shot down four guided bombs and 167 drones.", {"intercepted": 167}),
    ("fr", "La défense aérienne a abattu 4 bombes guidées et 167 drones.", {"intercepted": 167}),
    ("de", "Die Luftabwehr habe 4 Gleitbomben und 167 Drohnen abgeschossen.", {"intercepted": 167}),
    # one of many is no count
    ("en", "Russia launched one of its largest drone attacks on the capital, killing two.", {"killed": 2}),
    ("ru", "Россия нанесла один из самых массированных ударов дронами, выпустив 500 беспилотников.",
     {"drones_launched": 500}),
    # ages, years, distances and counts of houses are not figures
    ("en", "A 72-year-old man and a woman, 65, were injured in 2024 about 20 km from the border.",
     {"injured": 1}),
    ("fr", "Un homme de 64 ans a été blessé et 12 maisons endommagées.", {"injured": 1}),
    # people counted, and the casualty word at the end of their clause
    ("de", "Zwei Menschen wurden bei dem Angriff in der Nacht verletzt.", {"injured": 2}),
    ("de", "Drei weitere Menschen wurden am Sonntag verletzt, wie der Gouverneur mitteilte.", {"injured": 3}),
    ("fr", "Deux personnes qui se trouvaient dans le bâtiment ont été blessées.", {"injured": 2}),
    ("en", "Two people in the village of Bilozerka were reportedly killed.", {"killed": 2}),
    ("ru", "Два человека в результате удара по жилому дому получили ранения.", {"injured": 2}),
    ("de", "In der Stadt Saporischschja tötete eine russische Gleitbombe drei Menschen.", {"killed": 3}),
    # an article is one before a person noun that no other count joins
    ("en", "The blast killed a woman and injured three people.", {"killed": 1, "injured": 3}),
    ("fr", "La frappe a tué une femme et blessé trois personnes.", {"killed": 1, "injured": 3}),
    ("en", "Shelling wounded a woman and two children.", {"injured": 3}),
    ("en", "Russian shelling killed a 61-year-old man and a woman, the regional administration said.", {"killed": 2}),
    ("fr", "La frappe a tué un homme et une femme.", {"killed": 2}),
    # a list of people is one count, whatever its order and articles
    ("en", "The strike killed two children and a woman.", {"killed": 3}),
    ("en", "Two children and a woman were killed.", {"killed": 3}),
    ("fr", "La frappe a tué deux enfants et une femme.", {"killed": 3}),
    ("de", "Bei dem Angriff wurden zwei Kinder und eine Frau getötet.", {"killed": 3}),
    ("uk", "Загинули двоє дітей та жінка, ще десятеро людей поранені.", {"killed": 3, "injured": 10}),
    ("ru", "Погибли двое детей и женщина.", {"killed": 3}),
    ("en", "Russian shelling killed two men and wounded a woman.", {"killed": 2, "injured": 1}),
    ("de", "Bei dem Angriff starben in Sumy zwei Menschen und eine Frau wurde verletzt.", {"killed": 2, "injured": 1}),
    # a victim a few words after the verb, an article after the person no count
    ("de", "Vorgestern starb in Sumy eine Frau bei einem Drohnenangriff.", {"killed": 1}),
    ("fr", "Avant-hier, une femme est morte à Soumy dans une attaque de drone.", {"killed": 1}),
    ("en", "A Russian drone hit a car in Zolochiv, killing the driver.", {"killed": 1}),
    ("fr", "Un drone a frappé une voiture, tuant le conducteur.", {"killed": 1}),
    ("de", "Eine Drohne traf ein Auto und tötete den Fahrer.", {"killed": 1}),
    # two people named by one noun
    ("en", "An elderly couple was killed in Kherson.", {"killed": 2}),
    ("fr", "Un couple de retraités a été tué à Kherson.", {"killed": 2}),
    ("de", "Bei dem Angriff wurde ein älteres Ehepaar getötet.", {"killed": 2}),
    ("uk", "Унаслідок удару загинуло подружжя.", {"killed": 2}),
    ("ru", "В результате удара погибла пожилая пара.", {"killed": 2}),
    ("en", "It killed a couple of people.", {}),
    # "a dozen", "ein Dutzend": twelve, the article no count of its own
    ("en", "The strike wounded a dozen people.", {"injured": 12}),
    ("de", "Ein Dutzend Menschen wurde verletzt.", {"injured": 12}),
    # a toll and its rise
    ("en", "The death toll from the strike on Kryvyi Rih has risen to seven, including two children.", {"killed": 7}),
    ("uk", "Кількість загиблих унаслідок удару по Кривому Рогу зросла до семи, серед них двоє дітей.", {"killed": 7}),
    ("ru", "Число пострадавших в результате удара возросло до 12.", {"injured": 12}),
    ("de", "Die Zahl der Toten ist auf sieben gestiegen.", {"killed": 7}),
    # singular person nouns in a list, no count among them
    ("uk", "У Сумах уламки пошкодили будинок, травмовано жінку та 14-річного хлопця.", {"injured": 2}),
    ("ru", "Ранены мужчина и 70-летняя женщина.", {"injured": 2}),
    # an article before a weapon noun, in a launch: one
    ("en", "Russia launched 70 drones and a ballistic missile at Ukraine overnight.",
     {"drones_launched": 70, "missiles_launched": 1}),
    # nobody is no one victim
    ("en", "No one was hurt.", {}),
    ("fr", "Personne n'a été blessé.", {}),
    ("de", "Kein Mensch wurde verletzt.", {}),
    ("uk", "Загинула одна людина, ніхто більше не постраждав.", {"killed": 1}),
    # counted places and attacks are no victims
    ("en", "Russian forces attacked 34 settlements in the oblast, including Kherson city, killing two people.",
     {"killed": 2}),
    ("uk", "Ворог 112 разів обстріляв 38 населених пунктів, загинули двоє людей.", {"killed": 2}),
    # … not across a clause break or another count
    ("de", "Zwei Menschen, die im Haus waren, blieben unversehrt; drei Häuser wurden beschädigt.", {}),
])
def test_sentence_figures(lang, sentence, expected):
    figures: dict[str, int] = {}
    for field, value, _pos in sentence_figures(sentence, lexicon(lang)):
        figures.setdefault(field, value)
    for field, value in expected.items():
        assert figures.get(field) == value, (field, figures)
    assert set(figures) <= set(expected) | {"intercepted"}, figures


@pytest.mark.parametrize("lang, sentence, name", [
    ("uk", "Про це повідомили в Повітряних силах.", "Ukrainian Air Force"),
    ("uk", "Як заявили у Генеральному штабі, бої тривають.", "Ukrainian General Staff"),
    ("ru", "Об этом сообщили в Воздушных силах ВСУ.", "Ukrainian Air Force"),
    ("ru", "В министерстве обороны России заявили об этом.", "Russian Defence Ministry"),
    ("de", "Das teilte das Verteidigungsministerium in Moskau mit.", "Russian Defence Ministry"),
    ("de", "Das berichtete die Agentur unter Berufung auf Angaben des Verteidigungsministeriums in Moskau.",
     "Russian Defence Ministry"),
])
def test_claimants_in_their_case_forms(lang, sentence, name):
    found = _claimant(sentence, lexicon(lang))
    assert found and found[0] == name


@pytest.mark.parametrize("lang, text, intercepted", [
    ("en", "Ukraine's air force said it shot down 14 of 18 cruise missiles and 220 of 290 drones.", 234),
    ("uk", "Сили ППО збили 14 ракет і 220 дронів.", 234),
    ("fr", "La défense aérienne a abattu 40 des 50 drones et deux des trois missiles.", 42),
    ("en", "Air defence shot down 50 drones, 20 of them over Kyiv.", 50),  # a part is no second figure
])
def test_interceptions_of_missiles_and_drones_are_summed(lang, text, intercepted):
    assert [v for f, v, _p in sentence_figures(text, lexicon(lang)) if f == "intercepted"] == [intercepted]


@pytest.mark.parametrize("lang, text, expected", [
    ("uk", "Від отриманих травм вона загинула на місці.", {"killed": 1}),
    ("en", "She was killed instantly.", {"killed": 1}),
    ("fr", "Elle est morte sur le coup.", {"killed": 1}),
    ("de", "Er wurde schwer verletzt.", {"injured": 1}),
    ("ru", "Он погиб на месте.", {"killed": 1}),
    ("en", "He said the strike killed civilians.", {}),  # the speaker is no victim
])
def test_a_victim_named_by_a_pronoun(lang, text, expected):
    assert {f: v for f, v, _p in sentence_figures(text, lexicon(lang))} == expected
