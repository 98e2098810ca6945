"""Broker down: the test stops a Redis server it started itself (never the machine's shared
one). Articles and claims posted meanwhile are answered 201 at once and stored; the messages
queued before the crash are lost with it; when Redis is back, the periodic sweep
(`articles_requeue_stalled`, beat every 300 s) queues the stored work again and a real worker
process finishes it: every article checked, the flags there, nothing twice."""

import datetime
import time

import pytest
from django.conf import settings
from django.utils import timezone
from kombu import Connection

from factcheck.models import Article, Claim, ContradictionFlag
from factcheck.services.processing import articles_requeue_stalled
from outbox import services as outbox_services

from .conftest import wait_for
from .scenario import (
    REPORTS,
    STANDALONE_CLAIM,
    assert_same_as_a_clean_run,
    post_article,
    post_claim,
    wait_until_settled,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_work_accepted_while_redis_is_down_is_checked_once_it_is_back(
    workers, worker_broker, api_client, monkeypatch
):
    workers.start()
    first = post_article(api_client, REPORTS[0])
    wait_until_settled(timeout=60)

    # What a request does with the broker while it is down: one attempt to send, given up
    # after at most the configured connection retries (no retry loop holding the request).
    # The time it takes is printed, not asserted: speed is not a test's business.
    attempts, connects = [], []
    real_publish, real_connect = outbox_services._publish, Connection._establish_connection

    def publish(rows):
        sent, failed = real_publish(rows)
        attempts.append(failed)
        return sent, failed

    def connect(self):
        connects.append(self)
        return real_connect(self)

    monkeypatch.setattr(outbox_services, "_publish", publish)
    monkeypatch.setattr(Connection, "_establish_connection", connect)
    worker_broker.stop()
    started = time.monotonic()
    ids = [post_article(api_client, body) for body in REPORTS[1:]]
    claim_id = post_claim(api_client, STANDALONE_CLAIM)
    requests = len(ids) + 1
    took = time.monotonic() - started
    print(f"\nbroker down: {requests} requests, {len(connects)} connects, {took:.1f} s")
    monkeypatch.undo()

    assert attempts == [True] * requests, "one send attempt per request, given up"
    retries = settings.CELERY_TASK_PUBLISH_RETRY_POLICY["max_retries"]
    assert 0 < len(connects) <= requests * (1 + retries), len(connects)
    assert set(Article.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"received"}
    assert Claim.objects.get(pk=claim_id).detected_at is None

    worker_broker.start()  # empty: whatever was queued before the crash is gone
    time.sleep(1)
    # The beat's sweep, run as it would be once the work is older than STALLED_AFTER; twice,
    # as overlapping sweeps and late messages would.
    later = timezone.now() + datetime.timedelta(minutes=10)
    assert articles_requeue_stalled(now=later) == (2, 1)
    articles_requeue_stalled(now=later)
    wait_until_settled(timeout=120)

    assert Article.objects.filter(status="checked").count() == 3
    assert Claim.objects.get(pk=claim_id).detected_at is not None
    flags = ContradictionFlag.objects.count()
    assert flags >= 3, "the four death tolls of Derna contradict one another"
    state = assert_same_as_a_clean_run()
    assert {first, *ids} == {pk for pk, _ in state["articles"]}
    # Late duplicates (a third sweep) change nothing.
    articles_requeue_stalled(now=later)
    time.sleep(2)
    wait_for(lambda: ContradictionFlag.objects.count() == flags, timeout=10)
