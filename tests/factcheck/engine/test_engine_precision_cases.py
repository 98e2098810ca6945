"""Precision: pairs of figures a reviewer does not want flagged, in many reporting patterns
(invented sentences). Each case is a general reason two figures do not disagree."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factcheck.engine.pipeline import findings_across

D = dt.date


@pytest.mark.parametrize(
    "past",
    [
        "It was the worst mine disaster since 2010, when a gas explosion killed 29 people.",
        "It was the deadliest fire since 2009, in which 146 people died in a nightclub.",
        "The collapse is being likened to the 1998 landslide, which killed about 30 people.",
        "Officials recalled the 2011 earthquake that killed 18 people in the city.",
    ],
)
def test_a_past_event_named_for_comparison_is_not_held_against_the_toll(past):
    found = findings_across(
        ("The regional governor said 12 people were killed in the collapse.", D(2024, 3, 4)),
        (f"Rescuers said the toll stood at 12.\n{past}", D(2024, 3, 5)),
    )
    assert found == []


@pytest.mark.parametrize("published", [None, D(2022, 8, 29)])
def test_a_day_count_and_a_two_day_count_are_other_periods(published):
    article = (
        "The agency said 64 people had died in the previous 24 hours.\n"
        "Its report a day earlier said 23 people were killed from Thursday to Friday."
    )
    assert findings_across((article, published)) == []


def test_a_count_over_four_days_and_one_over_five_days_are_one_stretch():
    found = findings_across(
        ("The ministry said 300 people were killed over four days.", D(2024, 6, 5)),
        ("The monitor said 820 people were killed over five days.", D(2024, 6, 6)),
    )
    assert [f.kind for f in found] == ["cross_source"]


@pytest.mark.parametrize("later", [D(2024, 9, 13), None])
def test_a_climbing_count_of_other_or_unknown_days_is_not_a_dispute(later):
    found = findings_across(
        ("The hospital said 310 patients had been discharged.", D(2024, 9, 12)),
        ("Officials said about 420 people had been discharged.", later),
        ("The coast guard said 75 people were rescued.", D(2024, 9, 12)),
        ("Volunteers said 130 people were rescued.", later),
    )
    assert found == []


def test_a_climbing_count_of_one_day_is_compared():
    found = findings_across(
        ("The hospital said 310 patients had been discharged.", D(2024, 9, 12)),
        ("Officials said 420 people had been discharged.", D(2024, 9, 12)),
    )
    assert [f.kind for f in found] == ["cross_source"]


def test_a_town_named_as_a_municipality_is_a_part_of_the_toll():
    found = findings_across(
        ("The governor said 31 people were killed by the storm.", D(2024, 10, 2)),
        (
            "The storm also killed 6 people in the nearby municipality of Santa Lucia.",
            D(2024, 10, 3),
        ),
    )
    assert found == []


@pytest.mark.parametrize("later", [D(2024, 9, 14), None])
def test_people_in_hospital_on_other_days_are_not_a_dispute(later):
    found = findings_across(
        ("Doctors said 140 people were being treated in hospital.", D(2024, 9, 12)),
        ("The ministry said 35 people remain hospitalised.", later),
    )
    assert found == []


def test_the_writers_own_figures_in_one_article_are_not_held_against_each_other():
    article = "The ferry sinking killed 58 people.\nAn earlier count said 37 people died."
    assert findings_across((article, D(2024, 7, 8))) == []


def test_two_sources_in_one_article_are_still_compared():
    article = (
        "The coast guard said 58 people died when the ferry sank.\n"
        "The port authority said 44 people died in the sinking."
    )
    assert [f.kind for f in findings_across((article, D(2024, 7, 8)))] == ["cross_source"]


@pytest.mark.parametrize(
    "carried",
    [
        "Relatives began collecting the bodies of those killed after the ferry with 48 people, "
        "including four tourists, sank in the strait.",
        "The dead were among the passengers of a bus carrying 48 people that plunged into a "
        "ravine.",
    ],
)
def test_the_people_a_craft_carried_are_not_a_toll(carried):
    found = findings_across(
        (carried, D(2024, 4, 2)),
        ("Divers recovered two more bodies, bringing the toll to 45.", D(2024, 4, 3)),
    )
    assert found == []


def test_a_setting_is_held_against_the_toll_only_when_both_sides_name_it():
    found = findings_across(
        ("The airline said 12 passengers were killed aboard the plane.", D(2024, 4, 2)),
        ("The police said 9 passengers died aboard the aircraft.", D(2024, 4, 2)),
        ("The governor said 7 people were killed in the crash.", D(2024, 4, 2)),
    )
    assert [f.kind for f in found] == ["cross_source"]


@pytest.mark.parametrize(
    "sliced",
    [
        "Of the 38 bodies recovered, 12 have been returned to their families, the airline said.",
        "Out of 38 dead bodies, 12 are being handed over after post mortems, the airline said.",
    ],
)
def test_the_lower_of_two_figures_of_one_statement_is_a_slice_not_a_toll(sliced):
    found = findings_across(
        (sliced, D(2024, 4, 3)),
        ("Police said 36 bodies had been recovered from the gorge.", D(2024, 4, 3)),
    )
    held = [(f.details["a"]["lo"], f.details["b"]["lo"]) for f in found]
    assert not [pair for pair in held if 12.0 in pair]


def test_the_higher_of_two_figures_of_one_statement_is_still_compared():
    found = findings_across(
        ("Out of 38 dead bodies, 12 are being handed over, the airline said.", D(2024, 4, 3)),
        ("Police said 36 bodies had been recovered from the gorge.", D(2024, 4, 3)),
    )
    assert sorted(f.details["a"]["lo"] + f.details["b"]["lo"] for f in found) == [74.0]
