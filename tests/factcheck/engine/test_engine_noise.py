"""Flags that are not disputes: a slice of a toll held against the toll, another country's
count above the toll, body parts counted as bodies, a hedged range, a figure cut off with its
noun, ages and houses read as dead people, a rounding of a figure making a second flag, a
breakdown by place read as tolls. All events, places and people are invented."""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.engine import ClaimRecord, analyze_claim, detect, extract_claims
from factcheck.engine.signatures import disagreement_of

from .test_engine_scenarios import run

D = dt.date


def figures(text: str, published: dt.date | None = None) -> list[tuple]:
    return [
        (f.lo, f.hi, f.event, f.place) for f in analyze_claim(text, published=published).figures
    ]


# ------------------------------------------------ a slice of the toll is not the toll


@pytest.mark.parametrize(
    "slice_text",
    [
        "The disaster agency said 119 people had died in the previous 24 hours.",
        "Rain-related accidents from Friday to Saturday killed 45 people, the agency said.",
        "Health officials said 60 people died over the past two days.",
        "Officials said 80 people were killed on Monday alone.",
        "The ministry said 90 people were killed in a single day.",
    ],
)
def test_an_undated_slice_is_not_held_against_the_toll(slice_text):
    f = run(
        (slice_text, None),
        ("The toll from the monsoon rains has risen to 223, the relief office said.", None),
    )
    assert f == []


def test_a_slice_above_the_toll_is_still_flagged():
    f = run(
        (
            "The disaster agency said 300 people had died in the past 24 hours. The relief "
            "office said the toll from the monsoon rains had risen to 223.",
            None,
        ),
    )
    assert [x.kind for x in f] == ["cross_source"]


def test_slices_of_the_same_length_are_compared():
    f = run(
        ("The disaster agency said 119 people had died in the previous 24 hours.", None),
        ("The relief office said 75 people died in the past 24 hours.", None),
    )
    assert [x.kind for x in f] == ["cross_source"]


def test_the_day_an_event_happened_is_not_a_slice():
    # an undated report of a one-day shooting: "on Wednesday" is the event, not a slice of it
    f = run(
        ("Police said 50 people were wounded on Wednesday in shootings at two bars.", None),
        ("The shooting at two bars left 13 people wounded, the hospital said.", D(2023, 5, 4)),
    )
    assert [x.kind for x in f] == ["cross_source"]


# ------------------------------------- another country's count above a toll of no place


@pytest.mark.parametrize(
    "part",
    [
        "More than 7,000 Moldovans have been killed since the war began, the Moldovan health "
        "ministry said.",
        "More than 7,000 people have been killed in Moldova, its health ministry said.",
    ],
)
def test_a_country_count_far_above_the_toll_is_another_country(part):
    f = run(
        (part, D(2025, 10, 27)),
        ("The Vestian government said about 1,400 people were killed in the raid.", D(2025, 11, 2)),
    )
    assert f == []


def test_a_country_count_just_above_the_toll_is_flagged():
    f = run(
        (
            "The climate minister said at least 33 million people were affected in Moldova.",
            D(2022, 8, 27),
        ),
        ("The planning minister said 30 million people had been affected.", D(2022, 8, 27)),
    )
    assert [x.kind for x in f] == ["cross_source"]


def test_a_town_count_above_the_toll_is_still_flagged():
    # the town is often where the whole event happened
    f = run(
        ("The Red Crescent said 9,000 people had died in Portvale.", D(2024, 9, 12)),
        ("The health minister said the toll stood at 3,100.", D(2024, 9, 12)),
    )
    assert [x.kind for x in f] == ["cross_source"]


# ------------------------------------------------ body parts are not bodies


@pytest.mark.parametrize(
    "text",
    [
        "Around 92 body parts have been pulled out of the river.",
        "Rescuers recovered 133 body parts from the debris.",
        "Searchers found 40 body fragments near the crash site.",
    ],
)
def test_body_parts_are_a_measure_of_their_own(text):
    assert [f[2] for f in figures(text)] == ["body parts"]


def test_bodies_recovered_and_body_parts_are_not_compared():
    f = run(
        ("Over 150 bodies have been recovered so far, officials said.", D(2024, 7, 31)),
        ("Around 92 body parts have been pulled out of the river.", D(2024, 8, 1)),
    )
    assert f == []


def test_body_parts_are_compared_with_body_parts():
    f = run(
        ("A total of 92 body parts were recovered from the river, police said.", D(2024, 8, 1)),
        ("Rescuers recovered around 133 body parts from the debris.", D(2024, 8, 2)),
    )
    assert [x.kind for x in f] == ["cross_source"]


def test_bodies_recovered_from_a_place_are_no_group():
    (f,) = analyze_claim("Divers pulled 40 bodies from the lake.").figures
    assert f.event == "recovered"
    assert f.group is None


# ------------------------------------------------ readings


@pytest.mark.parametrize(
    ("text", "lo", "hi"),
    [
        ("He said he had seen more than 200-250 deaths.", 200, None),
        ("At least 10 to 15 people are missing.", 10, None),
        ("Up to 40-50 people were injured.", 0, 50),
        ("Between 40 and 50 people died.", 40, 50),
    ],
)
def test_a_bound_before_a_range_bounds_it(text, lo, hi):
    ((got_lo, got_hi, _, _),) = figures(text)
    assert (got_lo, got_hi) == (lo, hi)


def test_a_hedged_range_is_not_held_against_a_higher_toll():
    f = run(
        ("A witness said he had seen more than 200-250 deaths.", D(2023, 6, 3)),
        ("The collision killed at least 261 people, officials said.", D(2023, 6, 3)),
    )
    assert f == []


@pytest.mark.parametrize(
    "text",
    [
        "Rescuers said at least 288 people died, and more than 900...",
        "The storm killed 40 people and injured 300\u2026 (photo)",
    ],
)
def test_a_figure_cut_off_from_its_noun_counts_nothing(text):
    assert [f[0] for f in figures(text)] == [288 if "288" in text else 40]


def test_a_toll_cut_off_keeps_its_measure():
    assert [f[:3] for f in figures("The toll rose to 40... officials said.")] == [
        (40, 40, "killed")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "He lost his uncle and two nieces, ages 13 and 2, in the mudslide.",
        "The victims, aged 30, 41 and 7, were swept away.",
        "Two brothers, aged 9 and 11, drowned.",
    ],
)
def test_a_list_of_ages_is_no_count(text):
    values = [f[0] for f in figures(text)]
    assert not {2, 7, 11, 13, 30, 41} & set(values)


def test_a_count_after_and_is_still_a_count():
    assert [f[0] for f in figures("The crash killed 3 and injured 4.")] == [3, 4]


@pytest.mark.parametrize(
    ("text", "subject", "event"),
    [
        (
            "A first count put the number of flattened houses at 60.",
            "buildings",
            "destroyed",
        ),
        ("The number of displaced families rose to 400.", "families", "displaced"),
        ("The number of children killed rose to 12.", "children", "killed"),
        ("Officials put the number of dead at 60.", "people", "killed"),
    ],
)
def test_the_subject_named_in_a_count_noun_phrase(text, subject, event):
    (f,) = analyze_claim(text).figures
    assert (f.subject, f.event) == (subject, event)


def test_buried_homes_are_not_held_against_the_dead():
    f = run(
        (
            "A first count put the number of flattened houses at 60. District officials "
            "put the death toll at 100 or more.",
            D(2024, 5, 26),
        ),
    )
    assert f == []


# ------------------------------------------------ breakdowns by place


def test_a_respectively_breakdown_places_each_figure():
    claims = extract_claims(
        "Norland was the worst-hit province, while Vesta and Upper Oria reported 308 and 223 "
        "deaths, respectively.",
        published=D(2022, 10, 23),
    )
    got = sorted((f.lo, f.place) for c in claims for f in c.facts.figures)
    assert got == [(223, "upper oria"), (308, "vesta")]


def test_three_places_respectively():
    claims = extract_claims(
        "Vesta, Oria and Lunde recorded 30, 12 and 4 deaths respectively.",
        published=D(2022, 10, 23),
    )
    got = sorted((f.lo, f.place) for c in claims for f in c.facts.figures)
    assert got == [(4, "lunde"), (12, "oria"), (30, "vesta")]


def test_without_respectively_no_place_is_given():
    claims = extract_claims("Vesta and Oria reported 30 and 12 deaths.", published=None)
    assert all(f.place is None for c in claims for f in c.facts.figures)


def test_a_place_item_counts_what_the_figure_before_it_counts():
    claims = extract_claims(
        "According to the agency, 577 people have died in Norland since June 14, followed by "
        "293 in Vesta and 263 in Upper Oria.",
        published=D(2022, 9, 9),
    )
    got = sorted((f.lo, f.event, f.place) for c in claims for f in c.facts.figures)
    assert got == [
        (263, "killed", "upper oria"),
        (293, "killed", "vesta"),
        (577, "killed", "norland"),
    ]


def test_a_province_count_is_not_held_against_the_national_toll():
    f = run(
        ("The agency said 937 people had died since mid-June.", D(2022, 8, 27)),
        (
            "Norland was the worst-hit province, while Vesta and Oria reported 308 and 223 "
            "deaths, respectively.",
            D(2022, 10, 23),
        ),
    )
    assert f == []


# ------------------------------------------------ a rounding joins the figure it rounds


def test_a_rounded_figure_anchors_the_same_disagreement():
    high = ClaimRecord(id=1, facts=analyze_claim("The health ministry said 1,354 people died."))
    exact = ClaimRecord(id=2, facts=analyze_claim("Local reports said 1,200 people died."))
    rounded = ClaimRecord(id=3, facts=analyze_claim("Local reports said around 1,200 people died."))
    (one,) = detect(exact, [high])
    (other,) = detect(rounded, [high])
    assert disagreement_of(one.details).key == disagreement_of(other.details).key


def test_another_figure_still_anchors_another_disagreement():
    high = ClaimRecord(id=1, facts=analyze_claim("The health ministry said 1,354 people died."))
    low = ClaimRecord(id=2, facts=analyze_claim("Local reports said 1,200 people died."))
    other = ClaimRecord(id=3, facts=analyze_claim("Local reports said around 1,100 people died."))
    (one,) = detect(low, [high])
    (two,) = detect(other, [high])
    assert disagreement_of(one.details).key != disagreement_of(two.details).key


# ------------------------------------------------ an article's rounding of its own figure


def test_a_rounding_of_the_article_own_figure_is_that_figure():
    claims = extract_claims(
        "About twenty still missing\n\nThe ministry said the number of people still missing "
        "was now 21.\nNearly 1,400 dead in the floods.\nThe agency said the toll rose to 1,391.",
        published=D(2022, 9, 9),
    )
    got = [(f.value, f.qualifier) for c in claims for f in c.facts.figures]
    assert got == [(21, "exact"), (21, "exact"), (1391, "exact"), (1391, "exact")]


@pytest.mark.parametrize(
    "text",
    [
        # the exact figure is too far from the rounding to be what it rounds
        "Nearly 400 were hurt.\nEarlier, officials said 330 were hurt.",
        # two exact figures it could round: neither is chosen
        "About 100 were missing.\nThe army said 98 people were missing.\n"
        "The police said 103 people were missing.",
        # another measure
        "About 20 were killed.\nOfficials said 21 people were missing.",
    ],
)
def test_a_rounding_is_kept_when_it_rounds_no_single_figure(text):
    claims = extract_claims(text, published=D(2022, 9, 9))
    assert claims[0].facts.figures[0].qualifier in ("approx", "near")


def test_a_headline_rounding_makes_no_flag_of_its_own():
    f = run(
        (
            "About twenty still missing\n\nOfficials said 21 people were still missing.",
            D(2020, 8, 11),
        ),
        ("The search for more than 100 missing people goes on, rescuers said.", D(2020, 8, 6)),
    )
    keys = {disagreement_of(x.details).key for x in f}
    assert len(keys) == 1


# ------------------------------------------------ how badly people were hurt


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Another 116 people suffered minor injuries, medics said.", "minor"),
        ("Officials said 33 people were seriously injured.", "serious"),
        ("Another 12 were critically wounded, the hospital said.", "serious"),
        ("The blast injured 40 people, five of them seriously.", None),
        ("The attack left 151 others injured.", None),
    ],
)
def test_injury_severity_narrows_the_wounded(text, group):
    assert analyze_claim(text).figures[0].group == group


def test_minor_injuries_are_a_part_of_the_injured():
    f = run(
        ("Medics said 116 more people had minor injuries.", D(2022, 10, 31)),
        ("The interior ministry said 151 others were injured.", D(2022, 11, 1)),
    )
    assert f == []


# ------------------------------------------------ places


def test_a_place_opening_the_sentence_places_all_its_figures():
    claims = extract_claims(
        "In Vesta, more than 1,400 people were killed and about 5,200 were hurt in the "
        "fighting, Oria included.",
        published=D(2023, 10, 27),
    )
    assert {f.place for c in claims for f in c.facts.figures} == {"vesta"}


def test_an_opening_phrase_that_is_no_place_places_nothing():
    claims = extract_claims("In a statement, the ministry said 40 people died.", published=None)
    assert [f.place for c in claims for f in c.facts.figures] == [None]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "The remains of 64 victims were taken to the Vesta Teaching Hospital, police said.",
            "vesta teaching hospital",
        ),
        ("Twelve injured people were airlifted to Oria, officials said.", "oria"),
        # a country they were taken to is where all of them are
        ("The 200 hostages were taken to Moldova, officials said.", None),
        ("Forty injured people were taken to hospital.", None),
    ],
)
def test_where_people_were_carried_to(text, place):
    assert analyze_claim(text).figures[0].place == place


def test_bodies_at_one_site_are_not_held_against_the_toll():
    f = run(
        (
            "Police said the remains of 64 victims were taken to the Vesta Hospital.",
            D(2023, 1, 15),
        ),
        ("At least 69 people were killed in the crash, officials said.", D(2023, 1, 15)),
    )
    assert f == []


# ------------------------------------------------ a coordinated verb's object


@pytest.mark.parametrize(
    ("text", "events"),
    [
        (
            "Police said naming the bodies and accounting for all 72 people was slow work.",
            [],
        ),
        ("Divers were recovering bodies and searching for 30 people.", ["missing"]),
        ("The rescuers had pulled out 40 bodies by Monday.", ["recovered"]),
        ("The blast killed 12 people and wounded 40 others.", ["killed", "wounded"]),
    ],
)
def test_a_noun_of_another_verb_gives_no_measure(text, events):
    assert [f.event for f in analyze_claim(text).figures] == events


def test_the_people_accounted_for_are_not_bodies_recovered():
    f = run(
        (
            "We have collected 71 bodies so far, a rescuer said. Police said naming the "
            "bodies and accounting for all 72 people was slow work.",
            D(2023, 1, 17),
        ),
    )
    assert f == []
