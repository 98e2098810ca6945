"""The story grouping scored: how many stories the articles became, and B-cubed precision and
recall of the stories against the events the catalog names."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass


@dataclass
class StoryScore:
    stories: int
    events: int
    precision: float
    recall: float


def story_bcubed(story_by_doc: dict[str, int | None], events_by_doc: dict[str, str]) -> StoryScore:
    """B-cubed precision and recall of the stories against the events (Bagga and Baldwin
    1998): for each article, the share of its story that is of its event, and the share of
    its event that is in its story, averaged over the articles."""
    docs = [doc for doc in story_by_doc if doc in events_by_doc]
    by_story: dict[object, set[str]] = defaultdict(set)
    by_event: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        # An article in no story is a story of its own.
        by_story[story_by_doc[doc] or ("alone", doc)].add(doc)
        by_event[events_by_doc[doc]].add(doc)
    if not docs:
        return StoryScore(stories=0, events=0, precision=1.0, recall=1.0)
    precision = recall = 0.0
    for doc in docs:
        story = by_story[story_by_doc[doc] or ("alone", doc)]
        event = by_event[events_by_doc[doc]]
        shared = len(story & event)
        precision += shared / len(story)
        recall += shared / len(event)
    return StoryScore(
        stories=len(by_story),
        events=len(by_event),
        precision=precision / len(docs),
        recall=recall / len(docs),
    )
