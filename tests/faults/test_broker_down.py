"""With the broker unreachable, the API still stores what it is sent and answers at once;
the periodic sweep queues the stored work once the broker is back."""

import contextlib
import datetime
import json
import socket
import time

import pytest
from django.utils import timezone

from config.celery import app as celery_app
from factcheck.models import Article
from factcheck.services import articles_requeue_stalled


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the probe is closed


@contextlib.contextmanager
def broker(url: str, *, eager: bool):
    """Point the Celery app at another broker (resetting its connection pools)."""
    saved = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url = url
    celery_app.conf.task_always_eager = eager
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        yield
    finally:
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved
        celery_app._pool = None
        celery_app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_articles_are_accepted_while_the_broker_is_down_and_processed_after(api_client):
    with broker(f"redis://127.0.0.1:{closed_port()}/0", eager=False):
        started = time.monotonic()
        response = api_client.post(
            "/api/v1/articles/",
            data=json.dumps({"body": "Officials in Sirte said 14 people were injured."}),
            content_type="application/json",
        )
        elapsed = time.monotonic() - started
    assert response.status_code == 201
    article = Article.objects.get(pk=response.json()["id"])
    assert article.status == Article.Status.RECEIVED
    assert elapsed < 10, "a broker outage must not hold the request for long"

    # The broker is back (tasks run in-process here): the sweep finds the stored article.
    articles_requeue_stalled(now=timezone.now() + datetime.timedelta(minutes=10))
    article.refresh_from_db()
    assert article.status == Article.Status.CHECKED
