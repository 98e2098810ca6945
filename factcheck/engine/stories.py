"""Grouping articles into stories (events): claims are compared only within one story, so
two disasters that both report "973 dead" never contradict each other.

An article is described by the keys of `document_keys` (places, people, organisations) and a
day. It joins the story it shares the most weighted keys with, among the stories active within
a window of days around it, provided the overlap is large enough both absolutely and relative
to the smaller of the two key sets; otherwise it starts a new story."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

# A person or an organisation named in both articles says more than a shared place.
KEY_WEIGHTS = {"person": 3.0, "org": 1.5, "place": 1.0}
DEFAULT_WEIGHT = 1.0
MIN_SHARED_WEIGHT = 3.0
MIN_OVERLAP = 0.2
# Short reports name few things: two that share nearly all of them (a place and an
# organisation, say) within the window are one story even below MIN_SHARED_WEIGHT.
CLOSE_OVERLAP = 0.75
CLOSE_MIN_SHARED_WEIGHT = 2.0
WINDOW_DAYS = 21


def key_weight(key: str) -> float:
    return KEY_WEIGHTS.get(key.partition(":")[0], DEFAULT_WEIGHT)


@dataclass(frozen=True)
class StoryProfile:
    id: int | str
    keys: frozenset[str]
    first_day: dt.date | None
    last_day: dt.date | None


@dataclass(frozen=True)
class StoryMatch:
    story_id: int | str
    score: float
    shared_keys: frozenset[str]


def _within_window(day: dt.date | None, story: StoryProfile, window_days: int) -> bool:
    if day is None or story.first_day is None or story.last_day is None:
        return True
    window = dt.timedelta(days=window_days)
    return story.first_day - window <= day <= story.last_day + window


def story_match(
    keys: Iterable[str],
    day: dt.date | None,
    stories: Iterable[StoryProfile],
    *,
    window_days: int = WINDOW_DAYS,
    min_shared_weight: float = MIN_SHARED_WEIGHT,
) -> StoryMatch | None:
    """The story an article with these keys, on this day, belongs to, or None for a new one.
    Deterministic: ties go to the story with the smaller id."""
    keys = frozenset(keys)
    own_weight = sum(key_weight(key) for key in keys)
    if own_weight == 0:
        return None
    best: StoryMatch | None = None
    for story in sorted(stories, key=lambda profile: str(profile.id)):
        if not _within_window(day, story, window_days):
            continue
        shared = keys & story.keys
        shared_weight = sum(key_weight(key) for key in shared)
        if not shared_weight:
            continue
        story_weight = sum(key_weight(key) for key in story.keys)
        overlap = shared_weight / min(own_weight, story_weight)
        strong = shared_weight >= min_shared_weight and overlap >= MIN_OVERLAP
        close = shared_weight >= min(CLOSE_MIN_SHARED_WEIGHT, min_shared_weight) and (
            overlap >= CLOSE_OVERLAP
        )
        if not (strong or close):
            continue
        score = round(overlap * min(1.0, shared_weight / (2 * min_shared_weight)), 4)
        if best is None or score > best.score:
            best = StoryMatch(story_id=story.id, score=score, shared_keys=shared)
    return best
