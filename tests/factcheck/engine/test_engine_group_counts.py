"""Counts of a group the engine read nothing of (engine 1.7 reading work): foreigners and
nationalities aboard a craft, the number of countries the victims came from, "N each from X
and Y" lists, and the copula after a whole ("10 of the 40 passengers were foreigners").

Every sentence is invented (ferries, buses, planes, a stadium crush, a hotel fire), so each
case checks a mechanism of the language, not one report's wording.
"""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.engine import analyze_claim
from tests.factcheck.engine.pipeline import findings_across

DAY = dt.date(2024, 8, 14)


def figures(text: str):
    return analyze_claim(text, published=DAY).figures


def measures(text: str) -> list[tuple]:
    return [(f.value, f.subject, f.event, f.group) for f in figures(text)]


# ------------------------------------------------------------- a group among those aboard


@pytest.mark.parametrize(
    ("text", "value", "group"),
    [
        ("The ferry was carrying 230 passengers, including 14 foreigners, the coast guard said.",
         14, "foreign"),
        ("Port officials said 21 foreign nationals were on board.", 21, "foreign"),
        ("There were 52 passengers including 9 foreigners, the operator said.", 9, "foreign"),
        ("About 12 out of the 40 passengers on the coach were foreigners, police said.",
         12, "foreign"),
        ("The airline said the passengers included six Canadians.", 6, "nat:canada"),
        ("Three Peruvians were among the 18 foreign tourists aboard the boat.", 3, "nat:peru"),
        ("The minibus with 19 people, including four Italians, left the road and overturned.",
         4, "nat:italy"),
        ("Two South Koreans were on board the helicopter, the agency said.", 2,
         "nat:south korea"),
    ],
)  # fmt: skip
def test_a_group_aboard_a_craft_is_counted_as_those_aboard(text, value, group):
    aboard = [f for f in figures(text) if f.event == "aboard"]
    assert [(f.value, f.group) for f in aboard][:1] == [(value, group)]
    assert all(f.place is None for f in aboard)  # the setting is the measure itself


def test_the_total_aboard_is_left_unread():
    # passengers, crew and people aboard are easily confused: only groups are read
    assert figures("The plane was carrying 81 people on board, the airline said.") == ()
    assert figures("There were 52 passengers and three crew members, the airline said.") == ()


def test_a_group_in_a_sentence_about_no_craft_stays_unread():
    assert figures("Five Germans attended the memorial, the embassy said.") == ()


def test_two_counts_of_foreigners_aboard_disagree():
    findings = findings_across(
        ("The ferry was carrying 230 passengers, including 14 foreigners, the coast guard said.",
         DAY),
        ("Port officials said 21 foreign nationals were on board the ferry.", DAY),
    )  # fmt: skip
    assert [f.kind for f in findings] == ["cross_source"]
    assert findings[0].details["a"]["event"] == "aboard"


def test_the_same_count_of_foreigners_aboard_agrees():
    assert (
        findings_across(
            ("The bus with 44 people, including 12 foreigners, plunged into a gorge.", DAY),
            ("Police said 12 foreign nationals were aboard the bus.", DAY),
        )
        == []
    )


def test_foreigners_aboard_are_never_held_against_foreigners_killed():
    assert (
        findings_across(
            ("The bus with 44 people, including 12 foreigners, plunged into a gorge.", DAY),
            ("Nine foreigners were killed in the bus crash, the ministry said.", DAY),
        )
        == []
    )


# ----------------------------------------------------------------- the copula after a whole


def test_the_copula_after_the_whole_names_the_part():
    assert measures("Officials said 12 of the 40 dead were children.") == [
        (12, "children", "killed", None),
        (40, "people", "killed", None),
    ]


def test_a_part_without_a_copula_keeps_its_wholes_measure():
    assert measures("Officials said 12 of the 40 dead were found in the river.")[0] == (
        12,
        "people",
        "killed",
        None,
    )


# ------------------------------------------------------- the countries the victims came from


@pytest.mark.parametrize(
    ("text", "value", "group"),
    [
        ("The ministry put the toll at 31 foreign nationals killed from 11 countries.",
         11, "foreign"),
        ("Thirty foreigners from 12 countries were among those killed.", 12, "foreign"),
        ("The fire killed 45 people of 12 different nationalities, the ministry said.", 12, None),
        ("Tourists from 30 countries were among the dead.", 30, None),
        ("The victims came from 14 countries, officials said.", 14, None),
    ],
)  # fmt: skip
def test_the_number_of_countries_of_the_victims_is_a_measure(text, value, group):
    countries = [f for f in figures(text) if f.subject == "countries"]
    assert [(f.value, f.event, f.group) for f in countries] == [(value, "killed", group)]


@pytest.mark.parametrize(
    "text",
    [
        "Rescue teams from 12 countries joined the search for 40 people.",
        "Ministers from 20 countries attended the summit, where 3 people died.",
        "The storm hit 4 countries and killed 30 people.",
        "The flood killed 300 people and volunteers from 12 countries arrived on Monday.",
        "The 40 rescuers from 12 countries pulled 30 people from the rubble.",
    ],
)
def test_countries_that_are_not_the_victims_origins_are_not_read(text):
    assert all(f.subject != "countries" for f in figures(text))


def test_two_counts_of_the_victims_countries_disagree():
    findings = findings_across(
        ("The ministry put the toll at 31 foreign nationals killed from 11 countries.", DAY),
        ("Thirty-one foreigners from 12 countries were among those killed in the crush.", DAY),
    )
    assert [f.kind for f in findings] == ["cross_source"]
    assert findings[0].details["a"]["subject"] == "countries"
    assert "countries of origin of foreign people killed" in findings[0].explanation


def test_a_count_of_countries_is_never_held_against_a_count_of_people():
    assert (
        findings_across(
            ("Tourists from 30 countries were among the dead, the ministry said.", DAY),
            ("The death toll rose to 12, police said.", DAY),
        )
        == []
    )


# ------------------------------------------------------------------ "N each from X and Y"


def test_each_from_gives_the_count_to_every_origin():
    got = measures("The fire killed 40 people, including three each from Peru and Chile.")
    assert (3, "people", "killed", "nat:peru") in got
    assert (3, "people", "killed", "nat:chile") in got


def test_a_list_after_include_reads_each_origin_as_a_part():
    got = figures(
        "The 19 foreign victims include five from Ghana, two from the United States and "
        "one from Malta, officials said."
    )
    assert [(f.value, f.group, f.part_of) for f in got] == [
        (19, "foreign", None),
        (5, "nat:ghana", 0),
        (2, "nat:us", 0),
        (1, "nat:malta", 0),
    ]


def test_a_country_and_its_people_are_one_group():
    # "two from the United States" and "three Americans" count the same people
    findings = findings_across(
        ("The 19 foreign victims include two from the United States, officials said.", DAY),
        ("Three Americans were among the dead in the hotel fire, the embassy said.", DAY),
    )
    assert [f.kind for f in findings] == ["cross_source"]


# ------------------------------------------------------------- a ranking's further places


@pytest.mark.parametrize(
    "text",
    [
        "The agency said 410 people have died in Norland since May 2, followed by 150 in "
        "Estmark and 72 in Wester.",
        "The agency said 410 people have died in Norland, followed by 150 in Estmark and 72 "
        "in Wester.",
    ],
)
def test_a_rankings_next_items_state_the_first_ones_measure(text):
    got = figures(text)
    assert [(f.value, f.event, f.place) for f in got] == [
        (410, "killed", "norland"),
        (150, "killed", "estmark"),
        (72, "killed", "wester"),
    ]
    assert len({f.period_start for f in got}) == 1  # the first one's period, if any


def test_a_rankings_item_disagrees_with_another_report_for_that_place():
    findings = findings_across(
        ("The agency said 410 people have died in Norland since May 2, followed by 150 in "
         "Estmark.", DAY),
        ("Estmark's governor said 190 people had died in Estmark since May 2.", DAY),
    )  # fmt: skip
    assert [f.details["a"]["place"] for f in findings] == ["estmark"]


def test_followed_by_a_count_of_something_else_is_not_the_ranking():
    assert measures("The team won 3 games, followed by 12 losses.") == []


# ------------------------------------------------ a description between a figure and its verb


@pytest.mark.parametrize(
    ("text", "event"),
    [
        ("Two Danish nationals, a man in his 20s and a girl between the ages of 10 and 14, "
         "were confirmed to have died in the fire.", "killed"),
        ("Four Britons, a couple and their two sons aged 9 and 12, were among the dead.",
         "killed"),
        ("Three climbers, both of them guides from the valley, have been rescued.", "rescued"),
    ],
)  # fmt: skip
def test_a_description_set_off_by_commas_does_not_hide_the_verb(text, event):
    assert [f.event for f in figures(text)][:1] == [event]


def test_a_description_without_a_verb_after_it_gives_no_event():
    assert figures("Two Danish nationals, a man in his 50s and a woman, the embassy said.") == ()


# --------------------------------------------------------------- more nouns of victims


@pytest.mark.parametrize(
    "text",
    [
        "Rescuers are searching for at least nine employees of the sawmill.",
        "Eleven miners were killed when the gallery flooded.",
        "Six hikers died on the ridge, the park service said.",
        "At least 14 spectators were injured when the stand gave way.",
    ],
)
def test_workers_and_visitors_are_counted_people(text):
    (fig,) = figures(text)
    assert fig.subject == "people"


# ----------------------------------------------------- the next slice of the dead, elsewhere


@pytest.mark.parametrize(
    "text",
    [
        "Police said 12 of the victims were at the station and four were at the market.",
        "Officials said 31 of the dead were in Harrow Point and four were in nearby Selby Cove.",
    ],
)
def test_the_next_slice_of_the_dead_at_another_place_is_a_slice_too(text):
    assert [(f.value, f.event, f.group) for f in figures(text)][1:] == [(4, "killed", "part")]


def test_a_slice_at_another_place_is_not_held_against_another_toll():
    slices = (
        "Officials said 31 of the dead were in Harrow Point and nine were in nearby Selby Cove."
    )
    assert findings_across((slices, DAY), ("The toll stood at 7, the mayor said.", DAY)) == []


def test_a_count_with_its_own_noun_after_a_slice_keeps_its_measure():
    got = measures("Officials said 31 of the dead were in Harrow Point and 60 homes were in ruins.")
    assert got[1] == (60, "buildings", "destroyed", None)
