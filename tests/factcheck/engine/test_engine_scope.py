"""Periods anchored on the publication date, and places."""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.engine.periods import find_period
from factcheck.engine.places import find_places

MON = dt.date(2025, 3, 10)  # a Monday


def period(text: str, published=MON):
    p = find_period(text, published)
    if p is None:
        return None
    return (
        p.start.isoformat() if p.start else None,
        p.end.isoformat() if p.end else None,
        p.open,
        p.days,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("killed since Thursday", ("2025-03-06", None, True, None)),
        ("killed from Thursday to Monday", ("2025-03-06", "2025-03-10", False, None)),
        ("killed over the weekend", ("2025-03-08", "2025-03-09", False, 2)),
        ("killed since late December", ("2024-12-20", None, True, None)),
        ("killed since the campaign started in late December", ("2024-12-20", None, True, None)),
        ("killed since March 2", ("2025-03-02", None, True, None)),
        ("killed since 2 March", ("2025-03-02", None, True, None)),
        ("killed after Monday's announcement", ("2025-03-10", None, True, None)),
        ("killed since authorities on Monday announced a truce", ("2025-03-10", None, True, None)),
        ("killed over four days", (None, None, False, 4)),
        ("killed in the four-day offensive", (None, None, False, 4)),
        ("killed on Tuesday", ("2025-03-04", "2025-03-04", False, None)),
        ("killed last week", ("2025-03-03", "2025-03-09", False, 7)),
        ("killed over the last week", ("2025-03-03", None, True, None)),
        ("killed since the rains began last week", ("2025-03-03", None, True, None)),
        # engine 1.3: the latest slice of a toll, not a running total
        ("killed over the past 24 hours", ("2025-03-09", "2025-03-10", False, 1)),
        (
            "the worst since the flood in 2014, which killed 300",
            ("2014-01-01", "2014-12-31", False, None),
        ),
        ("killed since 2011", ("2011-01-01", None, True, None)),
        ("killed since the start of the war", (None, None, True, None)),
        ("killed last year", ("2024-01-01", "2024-12-31", False, None)),
        ("killed in January", ("2025-01-01", "2025-01-31", False, None)),
        ("killed in 2019", ("2019-01-01", "2019-12-31", False, None)),
        ("killed since February last year", ("2024-02-01", None, True, None)),
    ],
)
def test_periods(text, expected):
    assert period(text) == expected


def test_said_on_monday_is_not_the_period():
    assert period("The ministry said on Monday that 40 people were killed.") is None
    assert period("The ministry said on Monday that 40 people were killed on Sunday.") == (
        "2025-03-09",
        "2025-03-09",
        False,
        None,
    )


def test_weekday_without_publication_date():
    assert period("killed since Thursday", None) == (None, None, True, None)


def places(text: str) -> list[str]:
    return [p for _off, p in find_places(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Five people died in Hureison village.", ["hureison"]),
        ("Two died in the nearby village of Qurfays.", ["qurfays"]),
        ("Forty died in Latakia province.", ["latakia"]),
        ("Many died in coastal Syria.", ["coastal syria"]),
        ("In Valencia, 60 died.", ["valencia"]),
        ("Dozens died across the country.", ["national"]),
        ("Six died elsewhere in the country.", ["elsewhere"]),
        ("The toll in government-held areas rose.", ["government held areas"]),
        ("Most died in the northwest.", ["northwest"]),
        ("About 900 died in ten Turkish provinces.", ["turkey"]),
        ("Some 30 died in al-Mukhtareyah.", ["al mukhtareyah"]),
    ],
)
def test_places(text, expected):
    assert places(text) == expected


def test_not_places():
    assert places("The campaign began in January and ended on Monday.") == []
    assert places("They fought along the west coast.") == []
