"""Reading classes a held-out check found missing: an outbreak's counts (cases, suspected
cases, people in intensive care, vaccinated), a running toll named only by "the count" or
"the official tally" after a sentence stating it, figures of a list of places whose noun is
left out ("Arvela reported 12 deaths, Bostra nine"), and a group counted by "putting their
number at N". Invented reports, several phrasings each, and the cases that must stay quiet."""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.engine import analyze_claim, extract_claims
from tests.factcheck.engine.pipeline import findings_across

MON = dt.date(2026, 4, 6)
TUE = dt.date(2026, 4, 7)


def _figures(text: str, published: dt.date | None = MON):
    return analyze_claim(text, published=published).figures


def _article_figures(text: str, published: dt.date | None = MON):
    return [f for c in extract_claims(text, published=published) for f in c.facts.figures]


def _values(findings) -> set[frozenset[float]]:
    return {frozenset((f.details["a"]["value"], f.details["b"]["value"])) for f in findings}


# ---------------------------------------------------------------- outbreaks


@pytest.mark.parametrize(
    ("text", "value", "event"),
    [
        ("Officials in Marovia have recorded 3,900 cases of cholera since May.", 3900, "infected"),
        ("The number of confirmed cases rose to 412 on Tuesday, officials said.", 412, "infected"),
        ("Dengue infections have climbed to 5,200, officials said.", 5200, "infected"),
        ("The country has confirmed 1,204 measles cases and 37 deaths.", 1204, "infected"),
        ("The fever has infected 800 people in the valley, the agency said.", 800, "infected"),
        ("There are 250 suspected cholera cases in the district, officials say.", 250, "suspected"),
        ("The number of suspected cases rose to 700, the health office said.", 700, "suspected"),
        ("Fourteen patients are in intensive care, the hospital said.", 14, "intensive care"),
        ("About 9,000 people have been vaccinated, the agency said.", 9000, "vaccinated"),
    ],
)  # fmt: skip
def test_an_outbreaks_counts_are_read(text, value, event):
    figures = [f for f in _figures(text) if f.value == value]
    assert figures
    assert figures[0].event == event


def test_an_outbreaks_deaths_stay_deaths_beside_its_cases():
    figures = _figures("The disease has infected 800 people and killed 12, the ministry said.")
    assert [(f.value, f.event) for f in figures] == [(800, "infected"), (12, "killed")]


@pytest.mark.parametrize(
    "text",
    [
        "The ministry recorded 120 new infections in the past day.",
        "Another 45 cases were reported on Monday, officials said.",
        "Police filed 12 cases against the factory owners.",
        "Prosecutors have opened 12 criminal cases over the collapse.",
    ],
)
def test_new_cases_and_court_cases_are_no_outbreak_total(text):
    assert not [f for f in _figures(text) if f.event in ("infected", "suspected")]


def test_cases_are_never_held_against_deaths():
    a = ("The cholera outbreak in Marovia has killed 41 people, the ministry said.", MON)
    b = ("The ministry said 3,900 cases of cholera have been recorded in Marovia.", MON)
    assert findings_across(a, b) == []


def test_confirmed_and_suspected_cases_are_not_compared():
    a = ("Marovia has recorded 1,200 confirmed cases of the fever, the ministry said.", MON)
    b = ("The ministry said there were 2,900 suspected cases of the fever in Marovia.", MON)
    assert findings_across(a, b) == []


def test_two_counts_of_cases_are_compared():
    a = ("The outbreak has infected 1,200 people, the ministry said.", MON)
    b = ("The number of cases has reached 1,650, the health agency said.", MON)
    assert _values(findings_across(a, b)) == {frozenset((1200, 1650))}


def test_intensive_care_is_a_part_of_those_in_hospital():
    a = ("About 310 patients are in hospital with the fever, the ministry said.", MON)
    b = ("Of them, 14 are in intensive care, the ministry said.", MON)
    assert findings_across(a, b) == []
