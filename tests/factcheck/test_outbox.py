"""The transactional outbox (outbox/): rows written with their data, sent after the
commit or by the relay, claimed by the task that runs them, sent again when their lease runs
out. On SQLite with Celery's in-memory transport here (Redis in CI); tests/faults/test_outbox.py
runs it with real broker, worker and relay processes."""

import datetime
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command
from django.db import OperationalError, transaction
from django.utils import timezone

from config.celery import app as celery_app
from factcheck.models import Article
from factcheck.services.articles import article_create
from factcheck.tasks import process_article
from outbox.management.commands.outbox_relay import relay_round
from outbox.models import OutboxMessage
from outbox.services import (
    HEADER,
    MAX_SENDS,
    broker_answers,
    outbox_claim,
    outbox_complete,
    outbox_enqueue,
    outbox_lease_kept,
    outbox_release_for_retry,
    outbox_send,
)
from tests.factories import ArticleFactory
from tests.faults.conftest import app_broker, free_port, wait_for

BODY = (
    "Storm reaches the coast\n"
    "The weather office said 12 people were injured in the storm in Brest on Monday."
)


@pytest.fixture
def through_the_broker():
    """Tasks are sent through the configured broker (nothing consumes them here)."""
    celery_app.conf.task_always_eager = False
    celery_app.control.purge()
    try:
        yield
    finally:
        celery_app.control.purge()
        celery_app.conf.task_always_eager = True


@pytest.fixture
def broker_down(through_the_broker):
    """A Redis URL where nothing listens."""
    with app_broker(f"redis://127.0.0.1:{free_port()}/0"):
        yield


def outbox_empty() -> bool:
    try:
        return not OutboxMessage.objects.exists()
    except OperationalError:  # SQLite's shared in-memory database: the worker thread writes
        return False


def lease() -> datetime.timedelta:
    from django.conf import settings

    return datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


@pytest.mark.django_db
def test_without_a_broker_a_task_runs_in_process_after_the_commit_and_writes_no_row(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        article = article_create(body=BODY).article
    article.refresh_from_db()
    assert article.status == Article.Status.CHECKED
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_a_task_is_a_row_written_with_the_data_it_concerns(through_the_broker):
    article = article_create(body=BODY).article  # the commit's send is not run here
    row = OutboxMessage.objects.get()
    assert (row.task, row.args, row.sent_at, row.sends) == (
        process_article.name,
        [article.pk],
        None,
        0,
    )

    def create_then_fail():
        with transaction.atomic():
            article_create(body=BODY + "\nA second paragraph.")
            raise RuntimeError("the caller's transaction fails")

    with pytest.raises(RuntimeError):
        create_then_fail()
    assert OutboxMessage.objects.count() == 1  # rolled back with the article


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_row_is_sent_right_after_the_commit_and_waits_for_its_task(through_the_broker):
    before = timezone.now()
    article_create(body=BODY)
    row = OutboxMessage.objects.get()
    assert row.sends == 1
    assert row.sent_at >= before
    assert row.due_at >= row.sent_at + lease()  # sent again only if it never ran
    assert outbox_send().sent == 0


@pytest.mark.django_db
def test_a_countdown_row_is_sent_once_due(through_the_broker):
    outbox_enqueue(task=process_article, args=[1], countdown=60)
    assert outbox_send().sent == 0
    OutboxMessage.objects.update(due_at=timezone.now() - datetime.timedelta(seconds=1))
    assert outbox_send().sent == 1


@pytest.mark.django_db
def test_while_the_broker_is_down_rows_stay_unsent(broker_down):
    outbox_enqueue(task=process_article, args=[1])
    assert not broker_answers()
    result = outbox_send()
    assert (result.sent, result.broker_failed) == (0, True)
    assert OutboxMessage.objects.get().sent_at is None


@pytest.mark.django_db
def test_the_relay_sends_due_rows_and_after_an_outage_those_sent_before_it(through_the_broker):
    outbox_enqueue(task=process_article, args=[1])
    outbox_enqueue(task=process_article, args=[2])
    call_command("outbox_relay", "--once")
    assert list(OutboxMessage.objects.values_list("sends", flat=True)) == [1, 1]

    # Their messages may have died with the broker: sent again once it answers.
    assert relay_round(broker_down=True, stopping=[]) is False
    assert list(OutboxMessage.objects.values_list("sends", flat=True)) == [2, 2]


@pytest.mark.django_db
def test_a_run_claims_its_row_and_a_duplicate_message_is_skipped(through_the_broker):
    outbox_enqueue(task=process_article, args=[1])
    row = OutboxMessage.objects.get()
    assert outbox_claim(message_id=row.pk, holder="run-a")
    assert not outbox_claim(message_id=row.pk, holder="run-b")  # held by a live run
    assert outbox_claim(message_id=row.pk, holder="run-a")  # its own redelivery or retry

    outbox_complete(message_id=row.pk)
    assert not outbox_claim(message_id=row.pk, holder="run-c")  # done: skipped


@pytest.mark.django_db
def test_a_row_whose_lease_ran_out_is_sent_again_to_a_new_run(through_the_broker):
    outbox_enqueue(task=process_article, args=[1])
    row = OutboxMessage.objects.get()
    assert outbox_claim(message_id=row.pk, holder="dead-run")
    assert outbox_send().sent == 0  # leased
    OutboxMessage.objects.update(due_at=timezone.now() - datetime.timedelta(seconds=1))
    assert outbox_send().sent == 1
    row.refresh_from_db()
    assert (row.holder, row.started_at) == ("", None)
    assert outbox_claim(message_id=row.pk, holder="new-run")


@pytest.mark.django_db
def test_a_row_never_started_waits_longer_each_time_it_is_sent(through_the_broker):
    outbox_enqueue(task=process_article, args=[1])
    waits = []
    for _ in range(3):
        OutboxMessage.objects.update(due_at=timezone.now() - datetime.timedelta(seconds=1))
        assert outbox_send().sent == 1
        row = OutboxMessage.objects.get()
        waits.append(round((row.due_at - row.sent_at) / lease()))
    assert waits == [1, 2, 4]


@pytest.mark.django_db
def test_a_retry_keeps_the_row_until_it_is_due_plus_a_lease(through_the_broker):
    outbox_enqueue(task=process_article, args=[1])
    row = OutboxMessage.objects.get()
    assert outbox_claim(message_id=row.pk, holder="run-a")
    retry_at = timezone.now() + datetime.timedelta(minutes=5)
    outbox_release_for_retry(message_id=row.pk, holder="run-a", at=retry_at)
    row.refresh_from_db()
    assert row.due_at == retry_at + lease()
    assert outbox_claim(message_id=row.pk, holder="run-a")  # the retry itself


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_skips_a_message_whose_row_is_done_and_deletes_the_row_of_one_it_ran(
    through_the_broker,
):
    done_already = ArticleFactory()  # `received`, its row deleted by the run that did it
    to_run = ArticleFactory(body=BODY)
    with start_worker(
        celery_app, pool="solo", concurrency=1, perform_ping_check=False, loglevel="WARNING"
    ):
        celery_app.send_task(process_article.name, args=[done_already.pk], headers={HEADER: 0})
        outbox_enqueue(task=process_article, args=[to_run.pk])  # sent after the first
        wait_for(outbox_empty, what="the task to run")
        to_run.refresh_from_db()
        done_already.refresh_from_db()
    assert to_run.status == Article.Status.CHECKED
    assert done_already.status == Article.Status.RECEIVED  # skipped: its row was done


@pytest.mark.django_db
def test_a_row_sent_the_maximum_number_of_times_is_sent_no_more(through_the_broker):
    outbox_enqueue(task=process_article, args=[1])
    OutboxMessage.objects.update(sends=MAX_SENDS - 1)
    assert outbox_send().sent == 1
    OutboxMessage.objects.update(due_at=timezone.now() - datetime.timedelta(seconds=1))
    assert outbox_send().sent == 0
    assert OutboxMessage.objects.get().sends == MAX_SENDS  # kept for inspection


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_long_run_renews_its_lease_until_it_ends(through_the_broker, settings):
    settings.OUTBOX_LEASE_SECONDS = 0.3
    outbox_enqueue(task=process_article, args=[1])  # sent at once: due a lease later
    row = OutboxMessage.objects.get()
    assert outbox_claim(message_id=row.pk, holder="run-a")
    claimed_due = OutboxMessage.objects.get().due_at
    with outbox_lease_kept(message_id=row.pk, holder="run-a"):
        time.sleep(1.0)  # three leases: renewed meanwhile
        renewed_due = OutboxMessage.objects.get().due_at
    assert renewed_due > claimed_due + datetime.timedelta(seconds=0.3)
    time.sleep(0.3)
    assert OutboxMessage.objects.get().due_at == renewed_due  # no more once the run ended
