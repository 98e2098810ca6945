"""A story's figures for the tests, written for them: a dam burst and its toll as two
sources report it over three days."""

import datetime as dt
import itertools

from factcheck.services.claims import claim_create
from tests.factories import ArticleFactory

DAY_ONE = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
DAY_TWO = dt.datetime(2026, 3, 3, 9, tzinfo=dt.UTC)
DAY_THREE = dt.datetime(2026, 3, 4, 9, tzinfo=dt.UTC)
MINISTRY_AT_LEAST = (
    "The interior ministry said at least 1,300 people were killed when the dam burst."
)
CRESCENT_RANGE = "The Red Crescent said between 900 and 1,100 people were killed."
CRESCENT_EXACT = "The Red Crescent said 2,400 people were killed when the dam burst."
CRESCENT_WOUNDED = "The Red Crescent said 310 people were wounded."

_numbers = itertools.count(1)


def report_in_story(capture_on_commit, story, when, *sentences, submitted_by=None):
    """Store an article of `story` published at `when` with these sentences, and its claims,
    through the services (detection included, run in-process)."""
    body = f"Dam burst update {next(_numbers)}.\n" + "\n".join(sentences)
    article = ArticleFactory(story=story, published_at=when, body=body)
    with capture_on_commit(execute=True):
        return [
            claim_create(text=sentence, article=article, submitted_by=submitted_by).claim
            for sentence in sentences
        ]
