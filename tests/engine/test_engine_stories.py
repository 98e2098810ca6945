"""Story grouping alone: which story an article joins, given its keys and day."""

import datetime as dt

from factcheck.engine import StoryProfile, story_match

DAY = dt.date(2023, 9, 12)


def profile(story_id, keys, first=DAY, last=DAY):
    return StoryProfile(id=story_id, keys=frozenset(keys), first_day=first, last_day=last)


def test_no_keys_means_a_new_story():
    assert story_match([], DAY, [profile(1, ["place:derna"])]) is None


def test_a_shared_person_and_place_join_the_story():
    story = profile(1, ["person:ahmed sharaa", "place:latakia", "place:tartous", "org:sohr"])
    match = story_match(["person:ahmed sharaa", "place:latakia"], DAY, [story])
    assert match is not None
    assert match.story_id == 1


def test_two_short_reports_naming_the_same_place_and_body_are_one_story():
    story = profile(1, ["org:red crescent", "place:derna"])
    assert story_match(["org:red crescent", "place:derna"], DAY, [story]).story_id == 1


def test_a_single_shared_place_is_not_enough():
    story = profile(1, ["place:aleppo", "org:white helmets", "person:raed saleh"])
    assert story_match(["place:aleppo", "org:who", "place:gaziantep"], DAY, [story]) is None


def test_the_same_places_years_apart_are_different_stories():
    old = profile(
        1,
        ["place:antakya", "place:gaziantep", "org:afad"],
        dt.date(2023, 2, 6),
        dt.date(2023, 2, 20),
    )
    assert (
        story_match(["place:antakya", "place:gaziantep", "org:afad"], dt.date(2025, 3, 1), [old])
        is None
    )


def test_two_disasters_with_nothing_in_common_stay_apart():
    flood = profile(1, ["place:derna", "org:red crescent", "place:libya"])
    assert (
        story_match(["place:morocco", "place:marrakesh", "org:interior ministry"], DAY, [flood])
        is None
    )


def test_the_best_matching_story_wins():
    weak = profile(1, ["place:syria", "place:damascus", "org:un", "person:volker turk"])
    strong = profile(2, ["place:latakia", "place:baniyas", "org:sohr", "person:ahmed sharaa"])
    keys = ["place:latakia", "place:baniyas", "org:sohr", "place:syria"]
    assert story_match(keys, DAY, [weak, strong]).story_id == 2
