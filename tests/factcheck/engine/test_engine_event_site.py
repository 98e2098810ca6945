"""Scope of a count at a named site: the site a report's headline or lead puts its event at is
the event itself (a count there is the toll), while a count at one of several sites stays a
part of the toll. Invented reports."""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.engine import extract_claims
from tests.factcheck.engine.pipeline import findings_across

MON = dt.date(2026, 5, 4)
TUE = dt.date(2026, 5, 5)
WED = dt.date(2026, 5, 6)


def _values(findings) -> set[frozenset[float]]:
    return {frozenset((f.details["a"]["value"], f.details["b"]["value"])) for f in findings}


def _places(text: str, published: dt.date = WED) -> dict[float, str | None]:
    return {
        f.value: f.place for c in extract_claims(text, published=published) for f in c.facts.figures
    }


EARLIER = (
    "Crush toll rises to 27\n\n"
    "The death toll from Sunday's crush has risen to 27, the provincial government said on "
    "Monday.",
    MON,
)


@pytest.mark.parametrize(
    "later",
    [
        # the site in the lead, in a relative clause
        "Mourners gather as inquiry opens\n\nFamilies on Wednesday buried victims of the crush "
        "at the Mount Varel shrine, where 33 people died, the health bureau said.",
        # the site in the headline
        "Blast at Korvik colliery\n\nThirty-three miners died in Korvik, the mining agency said "
        "on Wednesday.",
        # the site in the lead, the count ending an operation there
        "Rescuers end search\n\nRescue work at the collapsed tower in Lindale's Orsa quarter "
        "ended on Wednesday with 33 people confirmed dead, the disaster agency said.",
        # a single sentence lead without headline
        "A fire at the Teluk Harbour market has killed 33 people, the fire service said on "
        "Wednesday.",
    ],
)
def test_a_count_at_the_site_of_the_event_is_its_toll(later):
    found = findings_across(EARLIER, (later, WED))
    assert frozenset((27.0, 33.0)) in _values(found)


def test_the_site_of_the_event_reads_as_the_whole():
    text = (
        "Mourners gather as inquiry opens\n\nFamilies on Wednesday buried victims of the crush "
        "at the Mount Varel shrine, where 33 people died, the health bureau said."
    )
    assert _places(text)[33.0] is None


def test_one_of_several_sites_stays_a_part():
    # a gunman at a café and at a cinema: the café's dead are a part of the whole
    text = (
        "Gunman kills 18 in two attacks\n\nA gunman opened fire in Brennock, police said on "
        "Wednesday. Seven people were killed in Brennock and 11 in Ostley, police said."
    )
    places = _places(text)
    assert places[7.0] == "brennock"
    found = findings_across(
        ("Attack toll\n\nEighteen people were killed in the attacks, police said.", TUE),
        (text, WED),
    )
    assert frozenset((7.0, 18.0)) not in _values(found)


def test_a_site_beside_a_wider_toll_of_the_same_source_stays_a_part():
    # the lead names where a storm struck first; the report's own toll of no place is higher
    text = (
        "Storm slams coast\n\nThe storm made landfall near Port Selby, where five people died, "
        "the weather agency said on Wednesday. The agency put the toll across the region at 20."
    )
    assert _places(text)[5.0] == "selby"
    found = findings_across(
        ("Storm toll\n\nThe storm has killed 20 people, the agency said.", TUE), (text, WED)
    )
    assert frozenset((5.0, 20.0)) not in _values(found)


def test_a_site_named_only_further_down_stays_a_part():
    text = (
        "Floods kill 40 across the north\n\nFloods have killed 40 people across the north, "
        "officials said on Wednesday. In the village of Marrow Creek, 12 people died, "
        "officials said."
    )
    assert _places(text)[12.0] == "marrow creek"


@pytest.mark.parametrize(
    "text",
    [
        "Floods kill 12 in Marrow\n\nTwelve people died in Marrow province, officials said.",
        "The governor said 12 people had died in Marrow since Sunday.",
    ],
)
def test_a_region_named_in_the_lead_stays_a_part(text):
    # a province or town the lead names without a site ("died in X") may be one region of a
    # wider disaster: its count stays a part of the story's toll
    assert _places(text)[12.0] == "marrow"


@pytest.mark.parametrize(
    "text",
    [
        "Gunman kills 18 in two attacks\n\nA gunman opened fire at the Copper Lane bar, where "
        "seven people died, police said on Wednesday.",
        "Storms hit three villages\n\nFloodwater swept the market at Harl, where seven "
        "people died, officials said on Wednesday.",
        "A gunman opened fire at two locations, first at the Copper Lane bar, where seven "
        "people died, police said on Wednesday.",
    ],
)
def test_a_site_of_a_lead_telling_of_several_stays_a_part(text):
    assert _places(text)[7.0] is not None
