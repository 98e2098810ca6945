"""Reading and comparing the ways news reports state a toll (engine 1.3).

Every sentence here is invented, in varied reporting styles (floods, quakes, fires, crashes,
shootings, wars), so that the rules are checked as mechanisms and not as one story's words.
"""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.engine import analyze_claim, extract_claims
from factcheck.engine.lexicon import MONTHS, SPEECH_VERBS, demonym_country
from tests.factcheck.engine.pipeline import findings_across

D = dt.date
PUB = D(2024, 5, 20)  # a Monday


def figures(text: str, published: dt.date | None = PUB):
    return analyze_claim(text, published=published).figures


def counts(text: str, published: dt.date | None = PUB) -> list[tuple[float, str]]:
    return [(f.value, f.event) for f in figures(text, published)]


run = findings_across


# ---------------------------------------------------------------- 1. running-toll phrasing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The death toll from the ferry fire off the coast has risen to 61.", [(61, "killed")]),
        ("The number of dead in the mine collapse rose to 19 overnight.", [(19, "killed")]),
        ("The toll from Sunday's tremor climbed to 412, the agency said.", [(412, "killed")]),
        ("By evening the quake's death toll had jumped to 1,250.", [(1250, "killed")]),
        ("The death toll in the cyclone has soared to 3,100.", [(3100, "killed")]),
        ("The official death count stands at 87.", [(87, "killed")]),
        ("The flood death toll has now reached 230.", [(230, "killed")]),
        ("Police put the number of dead at 14.", [(14, "killed")]),
        ("The death toll passed 500 on Friday.", [(500, "killed")]),
        (
            "Officials confirmed a toll of 33 after the bus plunged into the gorge.",
            [(33, "killed")],
        ),
        ("There have been 12 deaths in the outbreak so far.", [(12, "killed")]),
        ("At least 40 people have died in the heatwave.", [(40, "killed")]),
        ("The number of injured climbed to 640.", [(640, "wounded")]),
        ("The number of missing fell to 12 as more residents were reached.", [(12, "missing")]),
        ("Rescuers said 31 bodies were pulled from the river.", [(31, "recovered")]),
        ("Rescuers pulled 42 bodies in all from the wreckage.", [(42, "recovered")]),
    ],
)
def test_running_toll_phrasing_is_read(text, expected):
    assert counts(text) == expected


def test_the_herat_style_update_gives_a_figure_and_its_source():
    (f,) = figures(
        "The death toll from the earthquake in the western province has risen to 2,445, "
        "the government said on Sunday."
    )
    assert (f.value, f.event, f.source) == (2445, "killed", "government")
    assert f.updated


def test_a_place_in_the_event_phrase_is_the_story_not_a_part():
    (f,) = figures("The death toll from the stampede in Lagos has risen to 54.")
    assert f.place is None
    (g,) = figures("The toll in Kano stood at 54, officials said.")
    assert g.place == "kano"


def test_a_place_of_a_subordinate_clause_is_not_the_figures():
    f = figures("Nine people died after the storm made landfall in Tampa, the mayor said.")
    assert [(x.value, x.place) for x in f] == [(9, None)]
    (g,) = figures("Two days after the dam burst in the valley, the death toll reached 160.")
    assert g.place is None


def test_a_single_day_beside_a_running_toll_is_not_its_period():
    (f,) = figures("The death toll rose to 70 on Monday, the police said.")
    assert f.period_start is None
    (g,) = figures("Twelve people were killed on Saturday in the shelling, medics said.")
    assert g.period_start == "2024-05-18"


def test_increments_are_not_tolls():
    assert counts("Divers recovered three more bodies on Tuesday.") == []
    assert counts("The toll rose to 288 as five more people died in hospital.") == [(288, "killed")]
    assert counts("Another 12 bodies were found near the dam.") == []


# ---------------------------------------------------------------- 2. dates are not counts


@pytest.mark.parametrize(
    "text",
    [
        "The fire broke out on October 3 and the inquiry opened on Nov. 14.",
        "On Sept. 16, the ministry opened an inquiry.",
        "Flights resumed on 12 March after the eruption.",
        "The Aug. 21 flood was the worst in decades.",
    ],
)
def test_month_and_day_are_never_counts(text):
    assert figures(text) == ()


def test_a_count_after_a_date_is_still_read():
    assert counts("On Sept. 16, 19 people died when the bridge collapsed.") == [(19, "killed")]
    assert counts("The crush on Oct. 29 has killed 151 people.") == [(151, "killed")]


# ---------------------------------------------------------------- 3. groups within a count


def test_nationalities_and_foreigners_are_groups():
    (f,) = figures("Eleven Filipinos were among the dead, the embassy said.")
    assert f.group == "nat:philippines"
    (g,) = figures("At least 19 foreigners are among the dead.")
    assert g.group == "foreign"
    (h,) = figures("The number of foreign nationals killed rose to 9.")
    assert h.group == "foreign"
    (k,) = figures("Police said 14 people from the state have died.")
    assert k.group == "from state"


def test_a_group_is_a_part_not_a_rival_toll():
    assert (
        run(
            ("The toll from the quake has risen to 310, officials said.", D(2024, 2, 1)),
            ("Twenty-two Italians were among the dead, the embassy said.", D(2024, 2, 1)),
        )
        == []
    )


def test_among_the_dead_divides_the_whole():
    f = figures("Among the 151 dead, 97 were female and 54 were male.")
    assert [(x.value, x.subject, x.part_of) for x in f] == [
        (151, "people", None),
        (97, "women", 0),
        (54, "men", 0),
    ]
    g = figures("Of the 40 dead, 12 were children.")
    assert [(x.value, x.subject, x.part_of) for x in g] == [
        (40, "people", None),
        (12, "children", 0),
    ]


def test_the_figure_before_among_is_the_part():
    f = figures("Two Canadians were among 30 people killed in the avalanche.")
    assert [(x.value, x.part_of) for x in f] == [(2, 1), (30, None)]


def test_part_list_ends_at_its_own_verb():
    f = figures(
        "Officially 90 people have died, including 12 children and 30 women, and about 60 "
        "are missing."
    )
    assert [(x.value, x.event, x.part_of) for x in f] == [
        (90, "killed", None),
        (12, "killed", 0),
        (30, "killed", 0),
        (60, "missing", None),
    ]


def test_aboard_at_sea_and_on_land_are_places_of_parts():
    f = figures("Officials said 27 people were missing at sea and two people on land.")
    assert [(x.value, x.place) for x in f] == [(27, "at sea"), (2, "on land")]


def test_identified_victims_and_recovered_bodies_are_not_checks_on_the_toll():
    assert (
        run(
            ("The toll from the blaze rose to 46, the fire service said.", D(2024, 3, 2)),
            ("Police have identified 21 victims so far.", D(2024, 3, 3)),
            ("Only 18 bodies have been recovered from the ruins.", D(2024, 3, 3)),
        )
        == []
    )


def test_counts_taken_while_identification_goes_on_are_their_own_measure():
    (f,) = figures("With 77 bodies yet to be identified, families waited at the morgue.")
    assert f.event == "unidentified"


def test_people_in_hospital_are_not_the_injured_toll():
    (f,) = figures("Fewer than 200 are still undergoing treatment, the railway said.")
    assert f.event == "hospitalised"
    (g,) = figures("Another 29 people were in critical condition.")
    assert g.event == "hospitalised"


def test_a_figure_with_another_verb_takes_no_event_from_a_later_clause():
    f = figures("Some 900 soldiers were deployed to the town, where 60 people were injured.")
    assert [(x.value, x.event) for x in f] == [(60, "wounded")]


def test_a_past_event_named_for_comparison_is_not_this_storys_toll():
    assert (
        run(
            (
                "The toll rose to 154. It was the worst fire since the 2009 market blaze "
                "that killed 290 people.",
                D(2024, 1, 8),
            ),
        )
        == []
    )


# ---------------------------------------------------------------- 4. sources


@pytest.mark.parametrize(
    "text",
    [
        "In its first count, 80 people died, the newspaper reported.",
        "Of the 40, 12 were killed in the first hour.",
        "All 72 passengers were killed when the plane came down.",
        "Previous estimates said 300 people had died.",
    ],
)
def test_openers_and_fragments_are_not_sources(text):
    for f in figures(text):
        assert f.source_label is None or f.source_label.split()[0] not in (
            "In", "Of", "All", "Previous",
        )  # fmt: skip


def test_a_number_or_a_quotation_is_not_a_source():
    for f in figures('"We have found 22 bodies," the mayor said of the 30 killed.'):
        assert f.source is None or not any(ch.isdigit() for ch in f.source)


def test_the_pronoun_us_is_not_a_country():
    f = analyze_claim("They told us that 50 people had died in the fire.", published=PUB)
    assert "us" not in f.places
    assert all(x.group is None for x in f.figures)


def test_a_dateline_is_not_part_of_the_source():
    (f,) = figures("LIMA: The health minister said 78 people had died.")
    assert "LIMA" not in (f.source_label or "")


def test_the_owner_of_data_is_the_source():
    (f,) = figures("According to data from the disaster agency, 937 people have died.")
    assert f.source == "disaster agency"


# ---------------------------------------------------------------- 5. unknown dates


def test_an_undated_article_anchors_nothing():
    (f,) = figures("Fourteen people were killed on Tuesday, officials said.", published=None)
    assert f.period_start is None


def test_a_date_stated_at_the_head_of_an_undated_article_anchors_it():
    text = "date 2023-10-26\nFourteen people were killed on Tuesday, officials said."
    (claim,) = extract_claims(text, published=None)
    assert claim.facts.figures[0].period_start == "2023-10-24"
    text = "June 5, 2024 - Nine people were killed on Monday in the collapse, police said."
    (claim,) = extract_claims(text, published=None)
    assert claim.facts.figures[0].period_start == "2024-06-03"
    (claim,) = extract_claims("Nine people were killed on Monday, police said.", published=None)
    assert claim.facts.figures[0].period_start is None


def test_undated_reports_are_still_compared():
    found = run(
        ("The death toll from the landslide rose to 120, officials said.", None),
        ("The death toll from the landslide rose to 160, the army said.", None),
    )
    assert [f.kind for f in found] == ["cross_source"]
    assert "(undated)" in found[0].explanation


# ---------------------------------------------------------------- detection rules


def test_a_revised_running_toll_is_flagged():
    found = run(
        ("The toll from the typhoon rose to 48, the disaster agency said.", D(2023, 10, 26)),
        ("The toll from the typhoon rose to 52, the disaster agency said.", D(2023, 10, 28)),
    )
    assert [f.kind for f in found] == ["revision"]


def test_a_revision_inside_one_article_is_flagged():
    found = run(
        (
            "The health minister said on Tuesday the toll had reached 135.\n"
            "Later, the ministry said the death toll had risen to 154.",
            D(2020, 8, 7),
        ),
    )
    assert len(found) == 1


def test_every_pair_of_a_running_toll_is_flagged_whatever_came_between():
    """A reviewer resolves each revision; and a finding depending on its two claims alone
    keeps a story's flags independent of the order its reports arrived in."""
    found = run(
        ("The death toll from the floods rose to 135, officials said.", D(2022, 8, 1)),
        ("The death toll from the floods rose to 154, officials said.", D(2022, 8, 2)),
        ("The death toll from the floods rose to 171, officials said.", D(2022, 8, 3)),
    )
    pairs = sorted(tuple(sorted((f.details["a"]["value"], f.details["b"]["value"]))) for f in found)
    assert pairs == [(135, 154), (135, 171), (154, 171)]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("More than 70 people were killed in the blast.", "The blast killed 78 people."),
        ("Nearly 5,000 people were injured.", "About 5,000 people were injured."),
        ("At least 156 people were killed in the crush.", "The toll from the crush rose to 158."),
        ("Around 900 people were injured.", "Over 900 people were injured."),
        ("The fire killed 41 people.", "The fire killed 41 people, the police said."),
        ("Dozens of people were killed in the raid.", "The raid killed 12 people."),
        ("As many as 189 people died.", "Officials said 190 people died."),
    ],
)
def test_bounds_roundings_and_repeats_are_not_flagged(first, second):
    assert run((first, D(2024, 4, 2)), (second, D(2024, 4, 3))) == []


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("The storm killed 27 people.", "Four people are missing after the storm."),
        ("The fire killed 16 people.", "The fire injured 60 people."),
        ("Floods affected 3 million people.", "Floods killed 1,100 people."),
        ("The toll in Tripoli rose to 40.", "The toll in Benghazi rose to 65."),
    ],
)
def test_different_measures_and_places_are_not_flagged(first, second):
    assert run((first, D(2024, 4, 2)), (second, D(2024, 4, 2))) == []


def test_the_latest_slice_is_a_part_of_the_toll():
    assert (
        run(
            (
                "The agency said 119 people had died in the previous 24 hours.\n"
                "The floods have killed 937 people since mid-June, the agency said.",
                D(2022, 8, 28),
            ),
        )
        == []
    )


def test_a_shortened_name_is_the_same_person():
    found = run(
        ("President Andres Manuel Lopez Obrador said 27 people had died.", D(2023, 10, 26)),
        ("President Lopez Obrador visited the coast.", D(2023, 10, 27)),
    )
    assert [f for f in found if f.kind == "entity"] == []


def test_two_names_for_a_one_holder_office_are_flagged():
    found = run(
        ("Governor Roy Cooper said the state would rebuild.", D(2024, 9, 30)),
        ("Governor Ray Cooper thanked rescuers.", D(2024, 9, 30)),
    )
    assert [f.kind for f in found] == ["entity"]


# ---------------------------------------------------------------- lexicon


def test_each_people_adjective_names_its_country():
    assert demonym_country("Indians") == "india"
    assert demonym_country("Nepalese") == "nepal"
    assert demonym_country("Filipinos") == "philippines"
    assert demonym_country("Kenyans") == "kenya"
    assert demonym_country("Christians") is None
    assert demonym_country("us") is None


def test_calendar_and_reporting_words_are_defined_once():
    from factcheck.engine import attribution, numbers, periods, places

    assert numbers.MONTHS is MONTHS
    assert periods.MONTHS is MONTHS
    assert places.MONTHS is MONTHS
    assert {"said", "told", "announced"} <= SPEECH_VERBS
    assert "said" in attribution.SPEECH
