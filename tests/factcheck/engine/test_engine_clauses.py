"""A sentence stating several measures is one claim per clause (engine 1.6), so a flag about one
figure spans that figure's clause only; one measure, or a whole with its parts, stays one
claim.

Every sentence is invented.
"""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.engine import extract_claims

DAY = dt.date(2025, 6, 2)


def _claims(text: str):
    claims = extract_claims(text, published=DAY)
    for c in claims:
        assert text[c.start : c.end] == c.text  # every span indexes the article exactly
    return claims


def _measures(claim) -> list[tuple[float, str]]:
    return [(f.value, f.event) for f in claim.facts.figures]


def test_two_measures_in_one_sentence_are_two_claims_with_their_own_spans():
    text = (
        "The storm killed 48 people in the valley, the civil defence agency said, "
        "and more than 900 others were hurt."
    )
    first, second = _claims(text)
    assert first.text == "The storm killed 48 people in the valley, the civil defence agency said"
    assert second.text == "and more than 900 others were hurt."
    assert _measures(first) == [(48, "killed")]
    assert _measures(second) == [(900, "wounded")]
    # the attribution stated once applies to both clauses
    assert first.facts.figures[0].source == second.facts.figures[0].source
    assert first.facts.figures[0].source is not None


def test_a_dead_and_injured_pair_joined_by_with_splits_at_each_measure():
    text = (
        "The toll of the ferry fire climbed to 61 with 140 injured and 12 people missing, "
        "the coast guard said on Monday."
    )
    claims = _claims(text)
    assert [c.text for c in claims] == [
        "The toll of the ferry fire climbed to 61",
        "with 140 injured",
        "and 12 people missing, the coast guard said on Monday.",
    ]
    assert [_measures(c) for c in claims] == [
        [(61, "killed")],
        [(140, "wounded")],
        [(12, "missing")],
    ]
    assert len({c.facts.figures[0].source for c in claims}) == 1


def test_one_measure_stays_one_claim():
    text = "The interior ministry put the toll at 120, while a rights monitor counted 135 dead."
    (claim,) = _claims(text)
    assert claim.text == text
    assert _measures(claim) == [(120, "killed"), (135, "killed")]


def test_a_sentence_with_a_single_figure_is_one_claim():
    text = "More than 300 homes were destroyed by the mudslide, the mayor said."
    (claim,) = _claims(text)
    assert (claim.start, claim.end, claim.text) == (0, len(text), text)


def test_a_breakdown_stays_with_its_whole():
    text = "The blaze left 37 dead, including 9 children, the fire service said."
    (claim,) = _claims(text)
    assert claim.text == text
    whole, part = claim.facts.figures
    assert (whole.value, part.value) == (37, 9)
    assert part.part_of == 0


def test_a_breakdown_clause_keeps_its_parts_and_the_next_measure_goes_alone():
    text = "In all 90 people died, including 14 children and 30 women, and about 70 are missing."
    first, second = _claims(text)
    assert first.text == "In all 90 people died, including 14 children and 30 women"
    assert [f.value for f in first.facts.figures] == [90, 14, 30]
    # the parts point at their whole inside the clause's own figures
    assert [f.part_of for f in first.facts.figures] == [None, 0, 0]
    assert second.text == "and about 70 are missing."
    assert _measures(second) == [(70, "missing")]


def test_a_person_named_in_one_clause_is_that_clauses():
    text = (
        "The quake killed 212 people and 1,030 were injured, "
        "health minister Joana Ferreira told reporters."
    )
    first, second = _claims(text)
    assert first.facts.people == ()
    assert [p.name for p in second.facts.people] == ["Joana Ferreira"]
    assert first.facts.figures[0].source == second.facts.figures[0].source


def test_soldiers_and_civilians_of_one_breakdown_stay_one_claim():
    text = (
        "The monitor said 250 people were killed in the offensive.\n"
        "That figure included 90 soldiers and 160 civilians."
    )
    claims = _claims(text)
    assert [c.text for c in claims] == text.split("\n")
    assert [f.value for f in claims[1].facts.figures] == [90, 160]


@pytest.mark.parametrize(
    "text",
    [
        "At least 310 people have died in the floods that began in May, 41 of whom died over "
        "the past 24 hours.",
        "About 2,300 people were hurt in the blast, out of which 1,800 have been discharged.",
    ],
)
def test_a_clause_counting_a_part_of_the_figure_before_stays_with_it(text):
    (claim,) = _claims(text)
    assert claim.text == text
    assert len(claim.facts.figures) == 2


# Readings a sentence-wide claim hid: with a claim per clause, a flag about the injured no
# longer covers the dead's quote, so each figure must be read on its own.


def test_the_killed_figure_before_wounding_another_is_killed():
    (dead, hurt) = _claims(
        "A gunman opened fire at a market, killing 9 people and wounding another 21."
    )
    assert _measures(dead) == [(9, "killed")]
    assert _measures(hurt) == [(21, "wounded")]


def test_a_day_inside_the_tolls_phrase_dates_the_event_for_the_injured_too():
    text = (
        "The toll from the refinery blast on Friday had reached 27, the governor said, "
        "adding that about 300 people had been injured."
    )
    dead, hurt = _claims(text)
    assert dead.facts.figures[0].period_label is None
    assert hurt.facts.figures[0].period_label is None
    # a day that opens the sentence is still the day of both counts
    one, two = _claims("On Friday, 27 people died in the blast and 300 were injured.")
    assert one.facts.figures[0].period_label == two.facts.figures[0].period_label == "on friday"
