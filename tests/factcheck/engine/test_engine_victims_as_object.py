""" "The wounded", "the injured" as the object of another verb are not the measure of the
figure before them (engine 1.4). Every sentence is invented."""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.engine import analyze_claim

DAY = dt.date(2025, 3, 12)


def counts(text: str) -> list[tuple[float, str]]:
    return [(f.value, f.event) for f in analyze_claim(text, published=DAY).figures]


@pytest.mark.parametrize(
    "text",
    [
        "The army sent 400 soldiers to help the wounded.",
        "Some 60 ambulances and 900 volunteers were on hand to carry the injured to clinics.",
        "Beyond 30 field kitchens, 250 staff came to look after the wounded.",
    ],
)
def test_responders_sent_to_the_victims_are_not_victims(text):
    assert counts(text) == []


def test_groups_of_the_dead_are_still_read():
    assert counts("Nine of the dead were firefighters.") == [(9, "killed")]
    assert counts("Four tourists were among the dead.") == [(4, "killed")]


def test_a_toll_beside_responders_is_still_read():
    assert counts("The blast killed 14 people; 300 medics were sent to treat the injured.") == [
        (14, "killed")
    ]
