"""The scoring used by `evaluate_contradictions` and CI's evaluation floor."""

from factcheck.evaluation import (
    Side,
    _facts_hold,
    below,
    raised_floor,
    story_bcubed,
)


def test_bcubed_is_perfect_when_stories_are_the_events():
    score = story_bcubed({"a": 1, "b": 1, "c": 2}, {"a": "quake", "b": "quake", "c": "flood"})
    assert (score.stories, score.events, score.precision, score.recall) == (2, 2, 1.0, 1.0)


def test_bcubed_split_event_lowers_recall_only():
    score = story_bcubed({"a": 1, "b": 2}, {"a": "quake", "b": "quake"})
    assert score.precision == 1.0
    assert score.recall == 0.5


def test_bcubed_merged_events_lower_precision_only():
    score = story_bcubed({"a": 1, "b": 1}, {"a": "quake", "b": "flood"})
    assert score.precision == 0.5
    assert score.recall == 1.0


def test_bcubed_article_without_story_stands_alone():
    score = story_bcubed({"a": None, "b": None}, {"a": "quake", "b": "quake"})
    assert score.stories == 2
    assert score.recall == 0.5


def test_below_reads_direction_of_each_figure():
    measured = {"recall": 0.5, "false_alarm_share": 0.1, "cross_event_flags": 0}
    assert below(measured, {"recall": 0.5, "false_alarm_share": 0.1}) == []
    assert below(measured, {"recall": 0.6}) == ["recall 0.5 is below 0.6"]
    assert below(measured, {"false_alarm_share": 0.05}) == ["false_alarm_share 0.1 is above 0.05"]
    assert below(measured, {"reading": 0.5}) == ["reading: not measured (bound 0.5)"]


def test_floor_is_raised_never_lowered():
    floor = {"recall": 0.5, "false_alarm_flags": 7}
    raised = raised_floor(floor, {"recall": 0.4, "false_alarm_flags": 5, "reading": 0.7})
    assert raised == {"recall": 0.5, "false_alarm_flags": 5, "reading": 0.7}


def test_false_alarm_share_stays_at_its_target_in_the_floor():
    assert raised_floor({"false_alarm_share": 0.05}, {"false_alarm_share": 0.01}) == {
        "false_alarm_share": 0.05
    }


def test_facts_hold_figure_by_value_or_words():
    facts = {"figures": [{"text": "1,383", "lo": 1383, "hi": 1383, "value": 1383}]}
    assert _facts_hold(facts, Side("d", "toll rose to 1,383"), "numeric")
    assert not _facts_hold(facts, Side("d", "toll rose to 1,384"), "numeric")
    words = {"figures": [{"text": "seven", "lo": 7, "hi": 7}]}
    assert _facts_hold(words, Side("d", "seven were killed"), "numeric")


def test_facts_hold_name_by_any_word_of_it():
    facts = {"people": [{"name": "Amal Haddad"}]}
    assert _facts_hold(facts, Side("d", "spokeswoman Haddad said"), "entity")
    assert not _facts_hold(facts, Side("d", "spokeswoman Hadad said"), "entity")
    assert not _facts_hold({"figures": []}, Side("d", "Haddad"), "entity")


def test_fewer_false_alarms_hold_the_floor_even_when_their_share_of_fewer_flags_rises():
    floor = {"false_alarm_flags": 7, "false_alarm_share": 0.05}
    cut_noise = {"false_alarm_flags": 3, "false_alarm_share": 0.0294}
    assert below(cut_noise, floor) == []
    assert below({"false_alarm_flags": 8, "false_alarm_share": 0.02}, floor) == [
        "false_alarm_flags 8 is above 7"
    ]
    assert raised_floor(floor, cut_noise)["false_alarm_flags"] == 3
