"""Reading forms that kept contradictions from being compared (recall work on engine 1.4).

Every sentence is invented (mine collapses, ferries, fires, storms), so each case checks a
mechanism of the language, not one report's wording.
"""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.engine import analyze_claim, extract_claims
from factcheck.engine.lexicon import demonym_country
from factcheck.engine.names import same_given, split_name
from factcheck.engine.places import find_places
from tests.factcheck.engine.pipeline import findings_across

PUB = dt.date(2024, 3, 11)  # a Monday


def figures(text: str, published: dt.date | None = PUB):
    return analyze_claim(text, published=published).figures


# ------------------------------------------------- a name before an incident noun is no place


@pytest.mark.parametrize(
    "text",
    [
        "The toll in the Karvena mine collapse has risen to 52, the company said.",
        "At least 40 people died in the Port Sellis ferry fire, rescuers said.",
        "As many as 75 deaths were recorded in the Delmore river flood of Ostria.",
        "Some 3,100 homes were damaged, according to the Halvik relief agency's update, "
        "figures repeated in the OHRA report.",
    ],
)
def test_a_name_modifying_an_incident_or_report_is_not_a_place(text):
    (fig,) = figures(text)
    assert fig.place is None


def test_a_place_of_its_own_is_still_read():
    (fig,) = figures("At least 40 people died in Kelton after the ferry caught fire.")
    assert fig.place == "kelton"


def test_a_place_after_a_clause_break_belongs_to_the_next_clause():
    text = (
        "The number of dead in the north has reached 90, officials said, while the "
        "number of dead in Valmora province is 31."
    )
    first, second = figures(text)
    assert (first.value, second.value) == (90, 31)
    assert first.place != "valmora"
    assert second.place == "valmora"


# ---------------------------------------------------------- nationalities in a toll's phrase


def test_a_country_named_as_the_place_of_a_toll_is_not_a_group_of_its_people():
    (fig,) = figures("The number of hostages held in Peru is at least 88, the army said.")
    assert fig.group is None


def test_a_nationality_modifying_another_noun_is_not_the_counted_group():
    (fig,) = figures("The number of deaths caused by Italian shelling is 40, the mayor said.")
    assert fig.group is None


def test_a_nationality_heading_the_counted_people_is_a_group():
    (fig,) = figures("The number of Italian nationals killed rose to 4, the ministry said.")
    assert fig.group == "nat:italy"


# --------------------------------------------------------------- a day beside a running toll


def test_yesterday_beside_a_rising_toll_is_when_it_was_counted():
    (fig,) = figures("The death toll in the mine collapse yesterday rose to 48.", None)
    assert fig.value == 48
    assert fig.period_days is None
    assert fig.period_start is None


# ------------------------------------------------------------------ burying and estimates


@pytest.mark.parametrize(
    ("text", "value", "event"),
    [
        ("The mudslide buried more than 900 villagers alive, the agency said.", 900, "killed"),
        ("Up to 300 people may be buried under the debris, rescuers said.", 300, "killed"),
        ("About 80 houses were buried by the slide.", 80, "destroyed"),
    ],
)
def test_buried_people_are_counted_as_dead_and_buried_houses_as_destroyed(text, value, event):
    (fig,) = figures(text)
    assert (fig.value, fig.event) == (value, event)


def test_a_multiplier_is_not_a_count_and_does_not_hide_the_estimate_after_it():
    text = "The official toll is roughly four times the Red Cross estimate of 120."
    (fig,) = figures(text)
    assert (fig.value, fig.event) == (120, "killed")


# ------------------------------------------------------- restated measures and long toll phrases


def test_a_bracketed_official_tally_restates_the_measure_before_it():
    text = (
        "Local reports put the toll of the storm that swept the islands late on Friday at 84 "
        "(official count 61), while 30 were still missing (official tally 22)."
    )
    assert [(f.value, f.event) for f in figures(text)] == [
        (84, "killed"),
        (61, "killed"),
        (30, "missing"),
        (22, "missing"),
    ]


def test_bare_numbers_qualified_as_unconfirmed_take_the_measure_stated_before():
    text = "Officials confirmed 75 deaths by Friday, while the unconfirmed numbers are about 200."
    assert [(f.value, f.event) for f in figures(text)] == [(75, "killed"), (200, "killed")]


def test_a_group_count_in_brackets_is_a_part_of_the_toll():
    text = "Of the 64 deceased, most are children (41), the hospital said."
    whole, part = figures(text)
    assert (whole.value, whole.event) == (64, "killed")
    assert (part.value, part.subject, part.event, part.part_of) == (41, "children", "killed", 0)


def test_a_bracketed_number_after_an_unrelated_word_is_not_read():
    text = "Twelve people died in the crash, and the driver's nephew (19) was hurt."
    assert [f.value for f in figures(text)] == [12]


def test_the_official_death_count_with_a_copula():
    (fig,) = figures("The official death confirmed by the authority so far in the flood is 57.")
    assert (fig.value, fig.event) == (57, "killed")


# ------------------------------------------------------------ report days and glued sentences


def test_the_day_a_report_was_released_is_not_the_period_of_a_running_count():
    text = (
        "In a bulletin issued by the agency on Friday evening, 212 children were among "
        "those who have died in the floods so far."
    )
    (fig,) = figures(text)
    assert (fig.value, fig.subject) == (212, "children")
    assert fig.period_start is None


def test_said_on_a_weekday_that_dates_the_statement():
    text = "The relief office said in an update on Sunday that the storm affected 40,000 people."
    (fig,) = figures(text)
    assert (fig.value, fig.event) == (40000, "affected")
    assert fig.period_start is None


def test_a_death_on_a_weekday_keeps_its_day():
    (fig,) = figures("Nine people were killed on Saturday, the agency said.")
    assert fig.period_start == "2024-03-09"


def test_a_full_stop_glued_to_the_next_sentence_ends_it():
    text = (
        "The minister said 12 people had died, a tenth of the village.UN agencies said on "
        "Tuesday that 40 were missing."
    )
    claims = extract_claims(text, published=PUB)
    assert [c.text[:12] for c in claims] == ["The minister", "UN agencies "]
    assert claims[0].facts.figures[0].period_start is None


# ------------------------------------------------------------------------------- entities


@pytest.mark.parametrize(
    ("a", "b"), [("Justin", "Justine"), ("Paul", "Paula"), ("Daniel", "Daniela")]
)
def test_a_given_name_and_its_feminine_form_are_different_names(a, b):
    (ga, _), (gb, _) = split_name(f"{a} Rowe"), split_name(f"{b} Rowe")
    assert not same_given(ga, gb)


@pytest.mark.parametrize(("a", "b"), [("Mohammed", "Muhammad"), ("Ahmad", "Ahmed")])
def test_transliterations_stay_one_name(a, b):
    (ga, _), (gb, _) = split_name(f"{a} Rowe"), split_name(f"{b} Rowe")
    assert same_given(ga, gb)


def test_one_office_named_with_two_surnames_is_an_entity_contradiction():
    found = findings_across(
        ("Ostrian President Tomas Verhal said rescue teams were on their way.", PUB),
        ("Ostrian President Tomas Kessler visited the site on Tuesday.", PUB),
    )
    assert [f.kind for f in found] == ["entity"]
    assert "different surnames" in found[0].explanation


# ------------------------------------------------------------------- more ways to state a count


@pytest.mark.parametrize(
    ("text", "value", "event"),
    [
        (
            "The agency lowered the number of people still missing, adding that it was now 14.",
            14,
            "missing",
        ),
        ("Divers are searching for 23 people after the ferry capsized.", 23, "missing"),
        ("The search for about 60 people goes on in the valley.", 60, "missing"),
        ("Some 12,400 homes have been ruined by the floods, the agency said.", 12400, "damaged"),
    ],
)
def test_more_ways_a_count_is_stated(text, value, event):
    (fig,) = figures(text)
    assert (fig.value, fig.event) == (value, event)


def test_the_searchers_are_no_missing_count():
    text = "Some 300 rescuers are looking for survivors; 12 people are missing."
    assert [(f.value, f.event) for f in figures(text)] == [(12, "missing")]


# ------------------------------------------------------------------- world data (countryinfo)


@pytest.mark.parametrize(
    ("word", "country"),
    [
        ("Malagasy", "madagascar"),  # a people's word not derived from the name
        ("Salvadorans", "el salvador"),
        ("Chinese", "china"),  # claimed by several entries: the most populous
        ("Indians", "india"),
        ("Americans", "us"),  # news short forms keep their names
        ("Burmese", "myanmar"),
    ],
)
def test_people_words_come_from_the_world_data(word, country):
    assert demonym_country(word) == country


def test_an_area_held_by_any_people_is_a_region():
    text = "Shelling killed 12 people in Moldovan-controlled territory, officials said."
    assert "moldovan controlled territory" in [p for _, p in find_places(text)]


# ---------------------------------------------------------------- those still being sought


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Crews are working to recover six more bodies from the mine.", 6),
        ("Divers hope to find the remaining 12 bodies before nightfall.", 12),
        ("The search for the remaining three is under way.", 3),
    ],
)
def test_bodies_still_to_be_recovered_are_missing(text, value):
    (fig,) = figures(text)
    assert (fig.value, fig.event) == (value, "missing")


def test_bodies_recovered_since_the_last_report_are_an_increment_not_a_count():
    assert figures("Rescuers recovered six more bodies on Monday.") == ()


def test_bringing_the_total_to_n_continues_the_measure_before_it():
    text = "Four more people died overnight in the hills, bringing the total to 212."
    assert [(f.value, f.event) for f in figures(text)] == [(212, "killed")]


def test_a_revised_estimate_of_the_toll_far_before_its_new_value():
    text = (
        "The agency revised its estimate of the death toll from the mudslide that hit the "
        "remote hill villages to over 93 on Sunday."
    )
    (fig,) = figures(text)
    assert (fig.value, fig.event) == (93, "killed")


def test_a_second_copula_clause_divides_the_same_measure():
    text = "Among all the deaths so far, 51 are men and 14 are foreigners."
    assert [(f.value, f.event, f.group) for f in figures(text)] == [
        (51, "killed", None),
        (14, "killed", "foreign"),
    ]


def test_since_a_year_when_names_that_years_event_not_a_running_total():
    text = "It was the worst fire since 2009, when a blaze at a club killed 152 people."
    (fig,) = figures(text)
    assert (fig.period_start, fig.period_end, fig.period_open) == (
        "2009-01-01",
        "2009-12-31",
        False,
    )


# ------------------------------------------- the verb right before a number is the number's own


def test_a_verb_before_the_number_wins_over_a_later_coordinated_verb():
    text = (
        "Storms over the coast have killed more than 2,300 people and injured and left "
        "homeless thousands more since April, aid workers say."
    )
    first = figures(text)[0]
    assert (first.value, first.event) == (2300, "killed")


def test_each_number_keeps_the_verb_before_it_in_a_pair_of_clauses():
    got = [(f.value, f.event) for f in figures("The gunman killed 14 and wounded 31 at the depot.")]
    assert got == [(14, "killed"), (31, "wounded")]


# --------------------------------------------------- a space between groups of three digits


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Close to 2 400 people were injured when the stands gave way, the organisers said.", 2400),
        ("About 1\u00a0250 people were evacuated from the valley on Friday.", 1250),
        ("Officials said 12 600 homes were damaged by the storm.", 12600),
    ],
)
def test_a_space_as_thousands_separator_joins_the_groups(text, value):
    assert [f.value for f in figures(text)] == [value]


def test_a_year_before_a_count_is_not_joined_to_it():
    (fig,) = figures("In 2019 300 people were killed in floods along the river.")
    assert fig.value == 300


# -------------------------------------------------- an ISO date in a metadata line is no count


def test_an_iso_date_at_the_head_of_an_article_is_no_count():
    text = " date 2021-06-14 Of those who died, at least 35 were children, medics said."
    values = [f.value for c in extract_claims(text) for f in c.facts.figures]
    assert values == [35]


# ------------------------------------------------ a second count joined by "along with"


def test_a_running_toll_joined_to_a_second_count_keeps_its_own_value():
    text = (
        "The death toll from the spring storms has risen to 1,420 along with 9,310 "
        "injuries, the relief agency said."
    )
    assert [(f.value, f.event) for f in figures(text)] == [(1420, "killed"), (9310, "wounded")]


def test_the_second_count_after_along_with_is_a_clause_of_its_own():
    text = "The toll has reached 88 along with 240 injuries, the agency said."
    texts = [c.text for c in extract_claims(text, published=PUB)]
    assert len(texts) == 2
    assert texts[1].startswith("along with 240")


# ------------------------------------------ a regional breakdown names its places as subjects


def test_the_worst_hit_region_and_the_one_that_follows_locate_their_counts():
    text = (
        "Varnel was the worst-hit district, where 410 people were killed, followed by "
        "Ostrin with 120 deaths."
    )
    assert [(f.value, f.place) for f in figures(text)] == [(410, "varnel"), (120, "ostrin")]


def test_a_place_after_followed_by_is_not_the_first_counts():
    text = "Floods killed 40 people in the valley, followed by Ostrin with 12 deaths."
    first, second = figures(text)
    assert first.place != "ostrin"
    assert second.place == "ostrin"


# ------------------------------------- a participle completed by an event word ("taken hostage")


def test_taken_hostage_is_the_counts_event():
    text = "More than 90 people have been taken hostage, the army said."
    assert [(f.value, f.event) for f in figures(text)] == [(90, "abducted")]


def test_a_participle_of_its_own_still_ends_the_search_for_an_event():
    text = "About 1,200 personnel were deployed to the area where the dead lay."
    assert not figures(text)


# ------------------------------------------ a group "among the N killed" is a part of the N


def test_a_group_among_the_toll_with_an_article_is_a_part_of_it():
    text = "Officials said 18 foreign nationals were among the 140 killed in the stampede."
    got = [(f.value, f.event, f.group, f.part_of) for f in figures(text)]
    assert got == [(18, "killed", "foreign", 1), (140, "killed", None, None)]


def test_a_group_from_n_countries_among_the_toll_is_the_part_not_the_countries():
    text = "The toll reached 140, with 18 foreign nationals from 9 countries among the 140 killed."
    figs = figures(text)
    got = [(f.value, f.group, figs[f.part_of].value) for f in figs if f.part_of is not None]
    assert (18, "foreign", 140) in got
