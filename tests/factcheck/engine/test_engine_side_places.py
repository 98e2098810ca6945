"""Places of tolls of two sides: a toll's own place right after its head however long the
phrase that follows, a clause set against another place's toll, and "on the X side".
Invented reports."""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.engine import analyze_claim
from tests.factcheck.engine.pipeline import findings_across

DAY = dt.date(2026, 2, 10)


def _placed(text: str) -> list[tuple[float, str | None]]:
    return [(f.value, f.place) for f in analyze_claim(text, published=DAY).figures]


@pytest.mark.parametrize(
    "text",
    [
        "The number of deaths in Norvania due to the raid by the militia across the northern "
        "border last Sunday has now reached 640, officials said.",
        "The death toll in Norvania from the week of shelling along the river valley has "
        "climbed to 640, the health ministry said.",
    ],
)
def test_a_tolls_own_place_holds_however_long_the_phrase_after_it(text):
    assert (640.0, "norvania") in _placed(text)


def test_the_place_of_the_event_in_a_tolls_phrase_is_still_the_whole():
    # "the toll from the crush in X": X locates the event, the toll is the story's
    text = "The toll from the crush at the stadium in Velmar has risen to 42, police said."
    assert _placed(text) == [(42.0, None)]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "The number of deaths in Norvania has reached 640, officials said, while the total "
            "number of deaths caused by the retaliatory strikes in the Kessel Valley is 910.",
            "kessel valley",
        ),
        (
            "Some 640 people died in Norvania, while the toll from the shelling in Ostrava "
            "Province stands at 910.",
            "ostrava",
        ),
    ],
)
def test_a_toll_set_against_another_places_toll_keeps_its_place(text, place):
    assert (910.0, place) in _placed(text)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("On the Kessel side, in addition to the 910 dead, 4,000 were injured.", "kessel"),
        ("On the Peruvian side of the border, 15 people had died, officials said.", "peru"),
        ("On the other side, 15 people had died, officials said.", None),
    ],
)
def test_on_the_x_side_places_a_count(text, place):
    assert _placed(text)[0][1] == place


def test_the_other_sides_toll_is_not_held_against_this_sides():
    found = findings_across(
        (
            "The number of deaths in Norvania due to the raid has now reached 640, "
            "officials said, while the total number of deaths caused by the strikes in the "
            "Kessel Valley is 910, according to the valley's health office.",
            DAY,
        ),
    )
    assert found == []


def test_a_countrys_toll_is_held_against_its_later_count_with_a_long_phrase():
    found = findings_across(
        ("A local broadcaster said 700 people have been killed in Norvania.", DAY),
        (
            "The number of deaths in Norvania due to the raid by the militia last Sunday has "
            "now reached 1,300, according to medical sources.",
            DAY + dt.timedelta(days=3),
        ),
    )
    assert {(f.details["a"]["value"], f.details["b"]["value"]) for f in found} == {(700, 1300)}
