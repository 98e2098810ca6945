"""The story grouping's score used by `evaluate_contradictions` (B-cubed)."""

from factcheck.evaluation.stories import story_bcubed


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
