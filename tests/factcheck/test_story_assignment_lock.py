"""Story assignment under concurrency: articles of one event processed at the same moment end
up in one story; articles with no distinctive term in common do not wait for each other."""

import datetime
import threading
import time

import pytest
from django.db import connection, transaction

from factcheck import story_grouping
from factcheck.models import Article, Story
from factcheck.services.articles import article_extract_claims
from tests.factories import ArticleFactory
from tests.faults.scenario import REPORTS

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Advisory locks need PostgreSQL; SQLite serialises writers anyway. "
        "Run with DATABASE_URL=postgres://… to exercise this.",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def in_thread(target, *args) -> threading.Thread:
    def run() -> None:
        try:
            target(*args)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_two_articles_of_one_event_processed_at_once_share_one_story(monkeypatch):
    published = datetime.datetime(2023, 9, 12, tzinfo=datetime.UTC)
    first, second = (
        ArticleFactory(body=body, published_at=published, status=Article.Status.RECEIVED)
        for body in REPORTS[:2]
    )
    # Hold each transaction a moment after it has looked for a matching story, so that the
    # second surely looks while the first is still inside: without the lock, neither sees the
    # other's new story and each opens its own.
    looked_up = story_grouping.story_candidates

    def slow_look_up(**kwargs):
        profiles = looked_up(**kwargs)
        time.sleep(0.3)
        return profiles

    monkeypatch.setattr(story_grouping, "story_candidates", slow_look_up)
    barrier = threading.Barrier(2)

    def extract(article_id: int) -> None:
        barrier.wait(timeout=10)
        article_extract_claims(article_id=article_id)

    threads = [in_thread(extract, article.pk) for article in (first, second)]
    for thread in threads:
        thread.join(timeout=60)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.story_id is not None
    assert first.story_id == second.story_id
    assert Story.objects.count() == 1


def test_story_assignment_waits_only_for_transactions_sharing_a_term():
    holding = threading.Event()
    release = threading.Event()
    finished: list[str] = []

    def hold(terms: list[str]) -> None:
        with transaction.atomic():
            story_grouping.story_assignment_lock(terms)
            holding.set()
            release.wait(timeout=30)

    def assign(name: str, terms: list[str]) -> None:
        with transaction.atomic():
            story_grouping.story_assignment_lock(terms)
        finished.append(name)

    holder = in_thread(hold, ["derna", "crescent"])
    assert holding.wait(timeout=10)
    try:
        other_event = in_thread(assign, "other event", ["hama"])
        other_event.join(timeout=10)
        assert finished == ["other event"], "an unrelated article must not wait"
        same_event = in_thread(assign, "same event", ["crescent", "benghazi"])
        same_event.join(timeout=1)
        assert same_event.is_alive(), "an article sharing a term waits for the first to commit"
        assert finished == ["other event"]
    finally:
        release.set()
    holder.join(timeout=10)
    same_event.join(timeout=10)
    assert finished == ["other event", "same event"]
