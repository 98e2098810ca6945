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
        ("Confirmed cases now stand at 5,200, the ministry said.", 5200, "infected"),
        ("The tally of suspected cases stood at 900 on Friday.", 900, "suspected"),
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


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("Officials counted 300 confirmed and 450 suspected cases.",
         [(300, "infected"), (450, "suspected")]),
        ("The ministry has recorded 1,200 suspected and 300 confirmed cases of the fever.",
         [(1200, "suspected"), (300, "infected")]),
    ],
)  # fmt: skip
def test_confirmed_and_suspected_counts_share_one_noun(text, read):
    assert [(f.value, f.event) for f in _figures(text)] == read


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
        "In 12 cases, the victims were children, the report said.",
    ],
)
def test_new_cases_and_court_cases_are_no_outbreak_total(text):
    assert not [f for f in _figures(text) if f.event in ("infected", "suspected")]


@pytest.mark.parametrize(
    "text",
    [
        "Authorities have registered 2,140 cases, including 46 deaths.",
        "The agency said 46 deaths had been recorded among 2,900 suspected cases.",
        "There have been 46 deaths from the disease, a case fatality rate of 1.4%.",
    ],
)
def test_an_outbreaks_dead_are_its_toll_not_a_slice_of_its_cases(text):
    (dead,) = [f for f in _figures(text) if f.value == 46]
    assert (dead.event, dead.group, dead.part_of) == ("killed", None, None)


def test_people_who_tested_positive_are_cases():
    (fig,) = _figures("A total of 1,450 people have tested positive for the virus.")
    assert (fig.value, fig.event) == (1450, "infected")


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


# ---------------------------------------------------------------- "the official count"


@pytest.mark.parametrize(
    "restating",
    [
        "The government's own count stands at 32.",
        "The official tally is now 32, officials said.",
        "The figure given by the ministry is 32.",
        "Its latest count reached 32 on Monday.",
    ],
)
def test_a_bare_count_restates_the_toll_before_it(restating):
    text = f"Floods in the Tarn valley have killed 30 people, the rescue service said. {restating}"
    figures = [f for f in _article_figures(text) if f.value == 32]
    assert [(f.subject, f.event) for f in figures] == [("people", "killed")]


def test_a_bare_count_restates_an_outbreaks_cases():
    text = "The fever has infected 1,200 people in Marovia. The official tally is now 1,350."
    figures = [f for f in _article_figures(text) if f.value == 1350]
    assert [f.event for f in figures] == ["infected"]


@pytest.mark.parametrize(
    "text",
    [
        # the sentence before stated two measures: which one "the count" is stays unknown
        "The quake killed 40 people and injured 300. The official tally is now 58.",
        # nothing stated before
        "The official tally is now 58, officials said.",
    ],
)
def test_a_bare_count_without_one_toll_before_it_reads_nothing(text):
    assert [f.value for f in _article_figures(text) if f.value == 58] == []


@pytest.mark.parametrize(
    "later",
    [
        "The total budget is 41 million.",
        "The number of schools closed reached 41.",
        "The figure for damaged bridges is 41.",
    ],
)
def test_a_count_noun_naming_something_else_restates_no_toll(later):
    text = f"The landslide killed 30 people, police said. {later}"
    assert [f.value for f in _article_figures(text) if f.event == "killed"] == [30]


def test_an_unresolved_restatement_leaks_no_event():
    # with nothing stated before, "the latest figure" counts nothing known
    assert _figures("The latest figure is 41, officials said.", None) == ()


# ---------------------------------------------------------------- gapped lists of places


@pytest.mark.parametrize(
    "text",
    [
        "Guatemala reported 12 deaths, Honduras nine and Nicaragua four.",
        "Twelve people died in Arvela, nine in Bostra and four in Calden.",
        "In Arvela 12 people were killed, in Bostra nine and in Calden four.",
        "Floods killed 12 people in Arvela, while in Bostra nine and in Calden four.",
        "In Arvela, 12 died, in Bostra, nine, and in Calden, four.",
    ],
)
def test_each_gapped_item_takes_the_first_measure_with_its_own_place(text):
    figures = _figures(text)
    assert [(f.value, f.event) for f in figures] == [(12, "killed"), (9, "killed"), (4, "killed")]
    places = [f.place for f in figures]
    assert len(set(places)) == 3
    assert places[1] in ("honduras", "bostra")
    assert places[2] in ("nicaragua", "calden")


def test_a_gapped_item_takes_the_measure_of_the_list_before_it():
    figures = _figures("Chad recorded 300 cases of the fever, Niger 120 and Mali 40.")
    read = [(f.value, f.event, f.place) for f in figures]
    assert read[1:] == [(120, "infected", "niger"), (40, "infected", "mali")]


def test_a_bare_name_that_is_no_country_is_no_gapped_place():
    figures = _figures("The army counted 40 dead rebels, Colonel Ferreira 52.")
    assert all(f.place is None for f in figures)


def test_gapped_places_are_not_held_against_each_other():
    a = ("Guatemala reported 12 deaths, Honduras nine and Nicaragua four.", MON)
    b = ("Nine people died in Honduras and four in Nicaragua, officials said.", MON)
    assert findings_across(a, b) == []


def test_a_count_with_its_own_noun_is_read_by_that_noun():
    text = "The storm killed 54 and injured 200. The group said its count had risen to 43 killed."
    assert [(f.value, f.event) for f in _article_figures(text) if f.value == 43] == [(43, "killed")]


def test_the_object_of_a_counting_verb_keeps_its_figures_own_noun():
    figures = _figures("The ministry put the total at 26 foreign nationals killed, officials said.")
    assert [(f.value, f.event, f.group) for f in figures] == [(26, "killed", "foreign")]


# ---------------------------------------------------------------- "putting their number at N"


@pytest.mark.parametrize(
    ("text", "subject", "event"),
    [
        ("The army said only fighters were killed, putting their number at 60.", "fighters",
         "killed"),
        ("Troops said they had killed insurgents in the raid, putting their number at 60.",
         "fighters", "killed"),
        ("Police said they had arrested protesters, putting their number at 60.", "people",
         "detained"),
        ("The militia said its gunmen had abducted villagers, putting their number at 60.",
         "people", "abducted"),
    ],
)  # fmt: skip
def test_their_number_counts_the_group_named_before(text, subject, event):
    figures = _figures(text)
    assert [(f.value, f.subject, f.event) for f in figures] == [(60, subject, event)]


def test_their_number_without_a_counted_group_reads_nothing():
    figures = _figures("The ministers met the donors, putting their number at 60.")
    assert figures == ()
