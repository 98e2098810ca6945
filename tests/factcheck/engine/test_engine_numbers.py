"""Numbers: intervals, qualifiers, number words, ranges and non-count kinds."""

from __future__ import annotations

import pytest

from factcheck.engine.numbers import find_numbers, tokenize


def nums(text: str):
    return [
        (text[m.start : m.end], m.kind, m.qualifier, m.lo, m.hi)
        for m in find_numbers(tokenize(text), text)
    ]


def counts(text: str):
    return [(lo, hi, q) for _t, kind, q, lo, hi in nums(text) if kind == "count"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,383 people", [(1383, 1383, "exact")]),
        ("12 people", [(12, 12, "exact")]),
        ("five people", [(5, 5, "exact")]),
        ("twenty-five people", [(25, 25, "exact")]),
        ("two hundred and ten people", [(210, 210, "exact")]),
        ("3.5 million people", [(3_500_000, 3_500_000, "exact")]),
        ("more than 1,300 people", [(1300, None, "lower")]),
        ("over 1,400 people", [(1400, None, "lower")]),
        ("at least 500 fighters", [(500, None, "lower")]),
        ("upwards of 40 people", [(40, None, "lower")]),
        ("in excess of 40 people", [(40, None, "lower")]),
        ("up to 150 people", [(0, 150, "upper")]),
        ("fewer than 30 people", [(0, 30, "upper")]),
        ("less than 30 people", [(0, 30, "upper")]),
        # engine 1.3: reporters write "as many as N died" for the figure itself
        ("as many as 30 people", [(27, 33, "approx")]),
        ("nearly 200 people", [(160, 200, "near")]),
        ("almost 200 people", [(160, 200, "near")]),
        ("between 100 and 300 people", [(100, 300, "range")]),
        ("100 to 300 people", [(100, 300, "range")]),
        ("100-300 people", [(100, 300, "range")]),
        ("hundreds of people", [(200, None, "vague")]),
        ("thousands of people", [(2000, None, "vague")]),
        ("dozens of people", [(20, None, "vague")]),
        ("tens of thousands of people", [(20000, None, "vague")]),
    ],
)
def test_intervals(text, expected):
    assert counts(text) == expected


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("about 779 people", 740.05, 817.95),  # 5 %
        ("approximately 779 people", 740.05, 817.95),
        ("an estimated 1,383 civilians", 1313.85, 1452.15),
        ("some 779 people", 740.05, 817.95),
        ("around 1,000 people", 900, 1100),  # round number: 10 %
        ("roughly 500 people", 450, 550),
        ("a dozen people", 11, 13),
        ("two dozen people", 22.8, 25.2),
    ],
)
def test_approximations(text, lo, hi):
    ((got_lo, got_hi, q),) = counts(text)
    assert q == "approx"
    assert got_lo == pytest.approx(lo)
    assert got_hi == pytest.approx(hi)


def test_at_least_two_dozen_is_a_lower_bound():
    assert counts("at least two dozen men") == [(24, None, "lower")]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("the war started in 2011", "year"),
        ("ousted on December 8", "date"),
        ("8 December", "date"),
        ("a 13-year civil war", "duration"),
        ("over four days", "duration"),
        ("its five-decade rule", "duration"),
        ("over 50 years", "duration"),
        ("for three months", "duration"),
        ("a 12-year-old boy", "age"),
        ("aged 5", "age"),
        ("five years old", "age"),
        ("5% of the vote", "percent"),
        ("12 per cent", "percent"),
        ("$3 million", "money"),
        ("3 million dollars", "money"),
        ("at 4:20 PM", "time"),
        ("the M1 motorway", "code"),
        ("his 8th visit", "ordinal"),
        ("the COVID-19 wave", "code"),
    ],
)
def test_non_count_kinds(text, kind):
    kinds = [k for _t, k, _q, _lo, _hi in nums(text)]
    assert kind in kinds
    assert "count" not in kinds


def test_revised_toll_keeps_new_figure():
    assert counts("the toll rose from 1,200 to 2,800") == [(2800, 2800, "exact")]


def test_passes_is_a_lower_bound():
    assert counts("the death toll passes 11,000") == [(11000, None, "lower")]
