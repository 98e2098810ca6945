"""The transactional outbox with real processes: a Redis broker of the test's own, Celery
workers and outbox relays (`manage.py outbox_relay`), PostgreSQL.

- Broker down: work stored meanwhile runs as soon as the broker is back, sent by the relay
  (no sweep): every article checked within 30 s of the broker's return.
- Worker killed (its whole process group, mid-detection, Redis's visibility timeout at its
  production default of 900 s): the relay sends again the task whose lease ran out, and a new
  worker finishes it: every article checked within 60 s of the kill.
- A task running longer than its lease keeps it (renewed while it runs): not run twice.
- Relay killed mid-batch, then two relays at once: nothing lost, no task run twice.

The deadlines are the functional ones of the issue; the measured times are printed."""

import time
from collections import Counter

import pytest

from factcheck.models import Article, Claim
from outbox.models import OutboxMessage

from .conftest import wait_for
from .scenario import (
    REPORTS,
    STANDALONE_CLAIM,
    assert_same_as_a_clean_run,
    post_article,
    post_claim,
    settled,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# A second lone claim, in our own words, about the same event as the scenario's reports.
SECOND_CLAIM = (
    "According to the Red Crescent, 3,900 people were killed in the floods in Derna on Sunday."
)


def settled_and_outbox_empty() -> bool:
    return settled() and not OutboxMessage.objects.exists()


def test_work_stored_while_the_broker_is_down_runs_once_the_broker_is_back(
    workers, worker_broker, api_client
):
    workers.start()
    workers.start_relay()
    first = post_article(api_client, REPORTS[0])
    wait_for(settled_and_outbox_empty, timeout=60, what="the first article to be checked")

    worker_broker.stop()
    ids = [post_article(api_client, body) for body in REPORTS[1:]]
    claim_id = post_claim(api_client, STANDALONE_CLAIM)
    assert set(Article.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"received"}
    assert Claim.objects.get(pk=claim_id).detected_at is None
    assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 3  # stored, unsent

    worker_broker.start()  # empty: whatever was queued before the crash is gone
    back = time.monotonic()
    wait_for(settled_and_outbox_empty, timeout=30, what="every article checked, 30 s")
    print(f"\nbroker down: every article checked {time.monotonic() - back:.1f} s after its return")

    assert Article.objects.filter(status="checked").count() == 3
    state = assert_same_as_a_clean_run()
    assert {first, *ids} == {pk for pk, _ in state["articles"]}
    assert len(state["flags"]) >= 3


def test_work_held_by_a_killed_worker_runs_again_within_a_lease(workers, api_client):
    first = workers.start(detect_delay=2.0)  # the default visibility timeout: 900 s
    workers.start_relay()
    ids = [post_article(api_client, body) for body in REPORTS]
    _, claim_id = wait_for(lambda: (workers.detection_starts() or [None])[0], timeout=60)
    workers.kill(first)  # main process and pool: the message it held stays unacknowledged
    killed = time.monotonic()

    workers.start(detect_delay=2.0)
    wait_for(settled_and_outbox_empty, timeout=60, what="every article checked, 60 s")
    print(f"\nworker killed: every article checked {time.monotonic() - killed:.1f} s after")

    assert [start[1] for start in workers.detection_starts()].count(claim_id) >= 2
    state = assert_same_as_a_clean_run()
    assert {pk for pk, status in state["articles"] if status == "checked"} == set(ids)
    assert state["flags"]


def test_a_task_running_longer_than_its_lease_is_not_sent_again(workers, api_client):
    short_lease = {"OUTBOX_LEASE_SECONDS": "2"}
    workers.start(detect_delay=5.0, extra_env=short_lease)  # a detection: 2.5 leases
    workers.start(detect_delay=5.0, extra_env=short_lease)  # idle: would run a copy at once
    workers.start_relay(extra_env=short_lease)
    article_id = post_article(api_client, REPORTS[0])
    wait_for(settled_and_outbox_empty, timeout=120, what="the article checked")

    detections = Counter(claim for _, claim in workers.detection_starts())
    assert detections
    assert set(detections.values()) == {1}, detections  # it kept its lease while it ran
    assert Article.objects.get(pk=article_id).status == "checked"


def test_a_relay_killed_mid_batch_and_two_relays_lose_nothing_and_run_nothing_twice(
    workers, worker_broker, api_client
):
    workers.start(detect_delay=0.2)
    worker_broker.stop()
    ids = [post_article(api_client, body) for body in REPORTS]
    claim_ids = [post_claim(api_client, text) for text in (STANDALONE_CLAIM, SECOND_CLAIM)]
    unsent = set(OutboxMessage.objects.values_list("pk", flat=True))
    assert len(unsent) == 5
    worker_broker.start()

    slow = workers.start_relay(publish_delay=1.0)
    wait_for(lambda: len(workers.publishes()) >= 2, timeout=60, what="two messages sent")
    workers.kill(slow)  # mid-batch: what it sent is not marked sent (its transaction is lost)
    killed_sent = {row for pid, row in workers.publishes() if pid == slow.pid}
    assert 2 <= len(killed_sent) < 5

    relays = [workers.start_relay(publish_delay=0.1), workers.start_relay(publish_delay=0.1)]
    wait_for(settled_and_outbox_empty, timeout=120, what="every article checked")

    # Nothing lost.
    assert Article.objects.filter(pk__in=ids, status="checked").count() == 3
    assert Claim.objects.filter(pk__in=claim_ids, detected_at__isnull=False).count() == 2
    state = assert_same_as_a_clean_run()
    assert len(state["flags"]) >= 3
    # The two relays never sent a row twice between them; the killed relay's messages were
    # sent again (the broker got two copies of them) ...
    survivors = [row for pid, row in workers.publishes() if pid in {r.pid for r in relays}]
    assert not [row for row, n in Counter(survivors).items() if n > 1]
    assert unsent <= set(survivors) | killed_sent
    # ... yet no task ran twice: one attempt per article, one detection per claim.
    assert set(Article.objects.values_list("processing_attempts", flat=True)) == {1}
    detections = Counter(claim for _, claim in workers.detection_starts())
    assert len(detections) >= 5
    assert set(detections.values()) == {1}, detections
