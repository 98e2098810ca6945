"""People in hospital: a count of a moment and of the wards a source knows. Two sources'
counts are not held against each other; one source's are. Invented reports."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factcheck.engine.pipeline import findings_across

DAY = dt.date(2026, 7, 3)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            "So far, 610 passengers have been discharged and 380 are being treated, the chief "
            "secretary said.",
            "The railway manager said fewer than 200 people are being treated in various "
            "hospitals.",
        ),
        (
            "The district hospital said 45 people were being treated in hospital.",
            "The health ministry said 120 people were hospitalised after the blast.",
        ),
        (
            "Some 90 people are still being treated in hospital, the Red Crescent said.",
            "Thirty people were hospitalised, the mayor said.",
        ),
    ],
)
def test_two_sources_counts_of_those_in_hospital_are_not_compared(first, second):
    assert findings_across((first, DAY), (second, DAY)) == []


def test_one_sources_two_counts_in_hospital_are_compared():
    found = findings_across(
        ("The health ministry said 45 people were hospitalised.", DAY),
        ("The health ministry said 120 people were hospitalised.", DAY),
    )
    assert [f.kind for f in found] == ["numeric"]


def test_two_sources_counts_of_the_injured_are_still_compared():
    found = findings_across(
        ("The district hospital said 45 people were injured.", DAY),
        ("The health ministry said 120 people were injured in the blast.", DAY),
    )
    assert [f.kind for f in found] == ["cross_source"]
