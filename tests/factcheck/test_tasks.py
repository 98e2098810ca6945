"""End to end through a real Celery worker consuming from the configured broker (Redis in
CI, Celery's in-memory transport elsewhere): two articles posted through the API whose
figures conflict end up as a contradiction flag with both spans right."""

import json
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import OperationalError

from config.celery import app as celery_app
from factcheck.models import Article, ContradictionFlag

FIRST_REPORT = (
    "Dam burst floods the valley\n"
    "According to the Red Crescent, 450 people were killed in the floods in Derna on Sunday.\n"
    "Rescue teams were still searching the harbour."
)
SECOND_REPORT = (
    "Derna counts its dead\n"
    "Rescue teams worked through the night.\n"
    "According to the Red Crescent, 2,300 people were killed in the floods in Derna on Sunday."
)


@pytest.fixture
def celery_worker_thread(transactional_db):
    # Requested by a test marked django_db(transaction=True, serialized_rollback=True), so the
    # roles created by data migrations are there again after other transactional tests.
    """A real worker in a thread of this process, with tasks sent through the broker."""
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    try:
        with start_worker(
            celery_app,
            pool="solo",
            concurrency=1,
            perform_ping_check=False,
            shutdown_timeout=30,
            loglevel="WARNING",
        ) as worker:
            yield worker
    finally:
        celery_app.conf.task_always_eager = True


def wait_for(condition, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition()
        except OperationalError:
            # SQLite's shared in-memory test database locks a table the worker thread is
            # writing (no busy wait there): look again.
            value = None
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out waiting for the worker")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_conflicting_articles_posted_through_the_api_are_flagged_by_the_worker(
    celery_worker_thread, api_client
):
    ids = []
    for body, published in ((FIRST_REPORT, "2023-09-12"), (SECOND_REPORT, "2023-09-12")):
        response = api_client.post(
            "/api/v1/articles/",
            data=json.dumps({"body": body, "published_at": published}),
            content_type="application/json",
        )
        assert response.status_code == 201
        assert response.json()["status"] == "received"
        ids.append(response.json()["id"])

    wait_for(lambda: Article.objects.filter(pk__in=ids, status="checked").count() == 2)
    flag = ContradictionFlag.objects.select_related("claim_a__article", "claim_b__article").get()
    sides = {flag.claim_a.article_id: flag.claim_a, flag.claim_b.article_id: flag.claim_b}
    assert set(sides) == set(ids)
    for claim in sides.values():
        assert claim.article.body[claim.start : claim.end] == claim.text
    assert "450" in sides[ids[0]].text
    assert "2,300" in sides[ids[1]].text

    listed = api_client.get("/api/v1/contradictions/").json()["results"]
    assert [item["id"] for item in listed] == [flag.pk]
    for side in ("claim_a", "claim_b"):
        claim = listed[0][side]
        body = Article.objects.get(pk=claim["article"]).body
        assert body[claim["start"] : claim["end"]] == claim["text"]
    assert "450" in listed[0]["explanation"]
    assert "2,300" in listed[0]["explanation"]
