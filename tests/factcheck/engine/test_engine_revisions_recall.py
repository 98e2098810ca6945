"""Recall: revisions of a count between reports that general guards used to hide (invented
events). Each case states why the two figures are the same measure of one event."""

from __future__ import annotations

import datetime as dt

import pytest

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
