"""A receiver that hangs does not slow the API: delivery happens only in a Celery worker. Here
tasks are not run eagerly but sent to the broker (the in-memory transport locally, Redis in
CI) with no worker consuming them."""

import json
import time

import pytest

from config.celery import app as celery_app
from factcheck.models import Article
from factcheck.tasks import process_article
from webhooks.models import WebhookDelivery

from .conftest import subscribe

NOTHING_TO_CHECK = "Quiet day at the harbour\nThe ferries ran on time and the weather was mild."


@pytest.fixture
def tasks_sent_to_the_broker():
    celery_app.conf.task_always_eager = False
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = True
        celery_app.control.purge()  # leave no message for a later test's worker


@pytest.mark.django_db
def test_posting_an_article_does_not_wait_for_a_hanging_receiver(
    api_client, hanging_receiver, tasks_sent_to_the_broker, django_capture_on_commit_callbacks
):
    hanging_receiver.delay = 10.0
    subscribe(api_client, hanging_receiver.url, ["article.checked"])

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            "/api/v1/articles/",
            data=json.dumps({"body": NOTHING_TO_CHECK}),
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "received"

    # The worker's side, run here: an article without checkable claims is checked at once,
    # which records the event; its delivery is only queued.
    with django_capture_on_commit_callbacks(execute=True):
        process_article.apply(args=[response.json()["id"]])
    elapsed = time.monotonic() - started

    assert Article.objects.get().status == Article.Status.CHECKED
    delivery = WebhookDelivery.objects.get()
    assert delivery.event.type == "article.checked"
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.attempts == 0
    assert hanging_receiver.requests == []
    assert elapsed < hanging_receiver.delay
