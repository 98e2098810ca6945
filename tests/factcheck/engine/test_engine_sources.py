"""Attributions and source resolution across an article."""

from __future__ import annotations

import pytest

from factcheck.engine import analyze_claim, extract_claims


def sources(text: str) -> list[str | None]:
    return [f.source for c in extract_claims(text) for f in c.facts.figures]


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("At least 40 people died, according to the Red Crescent.", "red crescent"),
        ("At least 40 people died, as per the Red Crescent.", "red crescent"),
        ("The Red Crescent said at least 40 people died.", "red crescent"),
        ("At least 40 people died, the Red Crescent said.", "red crescent"),
        ("At least 40 people died, the Red Crescent estimates.", "red crescent"),
        ("The Red Crescent put the death toll at 40.", "red crescent"),
        ("The Red Crescent reported that 40 people had died.", "red crescent"),
        ("The health ministry said on Monday that 40 people died.", "health ministry"),
        ("At least 40 people died, residents and activists said.", "anon:residents and activists"),
        ("At least 40 people died, sources in the group told reporters.", "anon:sources in group"),
        ("Forty people died, the Centre for Human Rights Documentation said.", "CHRD"),
    ],
)
def test_attribution_forms(sentence, source):
    assert sources(sentence) == [source]


def test_passive_reported_is_not_a_source():
    assert sources("At least 40 people were reported killed in the raid.") == [None]


def test_spellings_resolve_to_one_id():
    a = analyze_claim(
        "At least 90 people died, according to the Syrian Observatory for Human Rights."
    )
    b = analyze_claim("The Syrian Observatory of Human Rights said 90 people died.")
    c = analyze_claim("SOHR said 90 people died.")
    assert a.figures[0].source == b.figures[0].source == c.figures[0].source == "SOHR"


def test_acronym_in_brackets_is_an_alias():
    text = (
        "The Syrian Network for Human Rights (SNHR) documented the raids.\n"
        "About 780 people were killed from Thursday to Monday, according to the network.\n"
        "The SNHR said 380 of them were killed by militias."
    )
    assert sources(text) == ["SNHR", "SNHR"]


def test_apposition_description_resolves_later_reference():
    text = (
        "At least 900 people died, according to the Iraqi Observatory for Human Rights, a war "
        "monitor based in London.\n"
        "The monitor said 300 of the dead were children."
    )
    assert sources(text) == ["IOHR", "IOHR"]


def test_description_alone():
    (src,) = sources(
        "Over 1,000 casualties were recorded in four days, according to a war monitor."
    )
    assert src == "desc:monitor"


def test_organisation_said_in_next_sentence():
    text = (
        "The International Rescue Committee (IRC) published its count.\n"
        "The organisation said 35 aid workers were killed."
    )
    assert sources(text) == ["IRC"]


def test_this_number_inherits_source_and_measure():
    text = (
        "The SNHR said at least 383 deaths were caused by government forces.\n"
        "This number included 172 soldiers and 211 civilians."
    )
    claims = extract_claims(text)
    figs = claims[1].facts.figures
    assert [f.source for f in figs] == ["SNHR", "SNHR"]
    assert [f.event for f in figs] == ["killed", "killed"]
    assert all(f.agent == "government forces" for f in figs)


def test_pronoun_resolves_to_last_person():
    text = (
        "Mayor Ana Lopez toured the flooded district on Monday.\n"
        "\u201cWe have found 14 bodies so far,\u201d she said."
    )
    (src,) = sources(text)
    assert src == "person:lupaz"


def test_spokesperson_speaks_for_the_organisation():
    (src,) = sources("Health ministry spokesman Omar Haddad said 40 people died.")
    assert src == "health ministry"


def test_clauses_with_two_sources():
    s = (
        "The health ministry put the toll in government-held areas at 1,250, while the "
        "White Helmets said more than 1,280 had died in the northwest."
    )
    assert sources(s) == ["health ministry", "white helmets"]


def test_competing_count_is_marked():
    ((fig,),) = [c.facts.figures for c in extract_claims("Other sources put the toll at 21.")]
    assert fig.alternative


def test_denial_is_marked():
    ((fig,),) = [
        c.facts.figures
        for c in extract_claims("The observatory denied that 2,000 people had died.")
    ]
    assert fig.denied


def test_caption_repeating_a_body_figure_takes_its_source():
    text = (
        "Rescuers search rubble where an estimated 1,380 civilians died.\n"
        "The monitor reported 1,380 civilians died in the four-day offensive, the Civil "
        "Defence said."
    )
    srcs = sources(text)
    assert srcs[0] == srcs[1] is not None


def test_question_heading_is_not_an_attribution():
    assert extract_claims("What did the authorities say?") == []
