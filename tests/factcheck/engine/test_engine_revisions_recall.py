"""Recall: revisions of a count between reports that general guards used to hide (invented
events). Each case states why the two figures are the same measure of one event."""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.engine import extract_claims
from tests.factcheck.engine.pipeline import findings_across

D = dt.date


@pytest.mark.parametrize(
    ("early", "late"),
    [
        # the missing: a handful known on the first day, many more once families report
        (
            "The county sheriff said four people were missing after the flash flood.",
            "Civil protection raised the number of missing to 36 on Monday.",
        ),
        (
            "The harbour master said two people were missing.",
            "The coast guard said 19 people were unaccounted for after the storm.",
        ),
        # the missing fall tenfold as they are found
        (
            "Volunteers said 21 people were still missing under the rubble.",
            "The interior ministry said three people remained missing.",
        ),
        # the injured: one hospital's ward first, then the whole region's
        (
            "The provincial hospital said 900 people had been injured.",
            "The national disaster agency said 9,800 people were injured.",
        ),
        (
            "Firefighters said 45 people were hurt.",
            "The health ministry said 470 people had been injured in the blast.",
        ),
    ],
)
def test_a_tenfold_revision_of_the_missing_or_injured_is_flagged(early, late):
    found = findings_across((early, D(2025, 3, 2)), (late, D(2025, 3, 6)))
    assert [f.kind for f in found] == ["cross_source"]


@pytest.mark.parametrize(
    ("early", "late"),
    [
        # a handful missing, then one or none left as the others are found: far beyond any
        # ratio, yet the same count revised
        (
            "Twenty-two hikers were reported missing after the blaze crossed the ridge, the "
            "forestry service said.",
            "One person remains missing, the regional governor said.",
        ),
        (
            "The coast guard said 15 fishermen were missing after the trawler sank.",
            "Only one person is still missing, the port authority said.",
        ),
        (
            "Rescuers said 40 people were unaccounted for after the mudslide.",
            "The mayor said two people remained missing.",
        ),
        # and a first count of one or two, then dozens as families call in
        (
            "Police said one person was missing after the avalanche.",
            "The mountain rescue service said 26 climbers were missing.",
        ),
    ],
)
def test_a_few_missing_are_compared_whatever_their_ratio(early, late):
    found = findings_across((early, D(2025, 3, 2)), (late, D(2025, 3, 6)))
    assert [f.kind for f in found] == ["cross_source"]


def test_a_few_dead_against_a_toll_stay_apart_whatever_their_count():
    # the handful allowance is for the missing only: two dead in one street against the
    # storm's 27 is another scope
    found = findings_across(
        ("The mayor said 2 people were killed.", D(2025, 3, 2)),
        ("The agency said 27 people were killed.", D(2025, 3, 6)),
    )
    assert found == []


def test_a_few_missing_against_a_war_tally_stay_apart():
    found = findings_across(
        ("Police said 3 people were missing after the raid.", D(2025, 3, 2)),
        ("The Red Cross said 640 people were missing since the conflict began.", D(2025, 3, 2)),
    )
    assert found == []


@pytest.mark.parametrize(
    ("incident", "war"),
    [
        (
            "A shell hit a bus station, wounding 40 people, the city governor said.",
            "The United Nations said more than 90,000 people had been wounded since the war began.",
        ),
        (
            "Police said 12 people were missing after the ferry capsized.",
            "The Red Cross said it was tracing 8,400 people missing since the conflict began.",
        ),
    ],
)
def test_an_incident_against_a_war_total_stays_apart(incident, war):
    assert findings_across((incident, D(2025, 3, 2)), (war, D(2025, 3, 2))) == []


def test_a_tenfold_gap_between_death_tolls_of_two_sources_stays_apart():
    # the dead are counted from the bodies in hand: a tenfold gap is another scope
    found = findings_across(
        ("The mayor said 8 people were killed in the town.", D(2025, 3, 2)),
        ("The ministry said 75 people were killed.", D(2025, 3, 6)),
    )
    assert found == []


@pytest.mark.parametrize(
    "article",
    [
        "The bus plunged into a ravine near the pass, killing 52 people.\n"
        "Of the dead, 31 were women.\n"
        "Rescue teams worked through the night in freezing rain.\n"
        "Most of the 52 victims were pilgrims, and women (27) outnumbered men.",
        "Fourteen children were among the dead after the school roof collapsed.\n"
        "Parents gathered outside the hospital all morning.\n"
        "The dead included 11 children and two teachers.",
        "The fire at the hostel killed 40 people.\n"
        "Nine foreigners were among the dead.\n"
        "Among those killed were 12 foreign nationals, mostly students.",
    ],
)
def test_one_article_giving_a_group_of_victims_two_counts_is_flagged(article):
    # a writer revises a toll inside an article, not the count of a group among its dead
    found = findings_across((article, D(2025, 5, 4)))
    assert [f.kind for f in found] == ["cross_source"]


@pytest.mark.parametrize(
    "article",
    [
        # the writer's own tolls: the article revises or recalls them
        "Floods killed 70 people in the valley.\nAn earlier count said 52 people died.",
        # a group's count above the writer's toll: a wider scope left unread, not a slip
        "Floods have killed 20 people in the valley.\n"
        "Across the province, 31 children have died since the rains began last week.",
    ],
)
def test_an_articles_own_tolls_and_a_group_above_its_toll_are_not_compared(article):
    assert findings_across((article, D(2025, 5, 4))) == []


@pytest.mark.parametrize(
    ("sentence", "own", "competing"),
    [
        (
            "At least 120 people were feared missing after the dam burst (official tally 94).",
            "120",
            "94",
        ),
        ("Unofficial estimates put the number of dead at 300 (official figure 212).", "300", "212"),
        ("Hospitals reported 410 injured (confirmed total 265) after the blast.", "410", "265"),
        (
            "Local media put the toll from the mudslide at 85 (official count 61), while 40 "
            "people were missing.",
            "85",
            "61",
        ),
    ],
)
def test_a_competing_count_in_brackets_is_its_own_claim_and_compared(sentence, own, competing):
    claims = extract_claims(sentence, published=D(2025, 5, 4))
    bracketed = next(c for c in claims if competing in c.text)
    assert bracketed.text.startswith("(")
    assert own not in bracketed.text
    # the bracket's count is not the speaker's: its own side is unattributed
    assert [f.source for f in bracketed.facts.figures] == [None]
    found = findings_across((sentence, D(2025, 5, 4)))
    assert [f.kind for f in found] == ["cross_source"]
    assert competing in found[0].explanation
    assert own in found[0].explanation


@pytest.mark.parametrize(
    "sentence",
    [
        # compatible: a lower bound met by the official figure
        "The landslide killed at least 60 people (official tally 61) in three villages.",
        # a group's count in brackets is a part of the toll, not a competing count
        "Most of the 90 dead were women (51), the rest men and children.",
        # an age in brackets
        "The driver, Tomas Ferrer (34), and 12 passengers were killed.",
    ],
)
def test_brackets_that_hold_no_competing_count_are_not_flagged(sentence):
    assert findings_across((sentence, D(2025, 5, 4))) == []
