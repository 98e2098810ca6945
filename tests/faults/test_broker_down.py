"""Broker down: the test stops a Redis server it started itself (never the machine's shared
one). Articles and claims posted meanwhile are answered 201 at once and stored; the messages
queued before the crash are lost with it; when Redis is back, the periodic sweep
(`articles_requeue_stalled`, beat every 300 s) queues the stored work again and a real worker
process finishes it: every article checked, the flags there, nothing twice."""

import datetime
import time

import pytest
from django.utils import timezone

from factcheck.models import Article, Claim, ContradictionFlag
from factcheck.services.processing import articles_requeue_stalled

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
    workers, worker_broker, api_client
):
    workers.start()
    first = post_article(api_client, REPORTS[0])
    wait_until_settled(timeout=60)

    worker_broker.stop()
    timings = []
    ids = []
    for body in REPORTS[1:]:
        started = time.monotonic()
        ids.append(post_article(api_client, body))
        timings.append(time.monotonic() - started)
    started = time.monotonic()
    claim_id = post_claim(api_client, STANDALONE_CLAIM)
    timings.append(time.monotonic() - started)

    assert max(timings) < 5, f"a broker outage held requests for {max(timings):.1f} s"
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
