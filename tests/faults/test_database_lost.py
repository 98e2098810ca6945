"""Database connection lost during a task: the worker's PostgreSQL session is terminated
(`pg_terminate_backend`, found by the workers' application_name) while a detection task holds
it. The task fails with OperationalError, is retried with backoff, and completes; no article
says `checked` while a claim of it is not compared, and the end state is a clean run's."""

import time
from pathlib import Path

import pytest
from django.db import connection

from factcheck.models import Article, Claim

from .conftest import WORKER_APP_NAME, wait_for
from .scenario import REPORTS, assert_same_as_a_clean_run, post_article, wait_until_settled

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def terminate_worker_sessions() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = %s AND datname = current_database()",
            [WORKER_APP_NAME],
        )
        return cursor.fetchone()[0]


def no_status_lies() -> None:
    undetected = Claim.objects.filter(detected_at__isnull=True).values("article_id")
    assert not Article.objects.filter(status="checked", pk__in=undetected).exists()


def test_a_task_whose_database_connection_is_killed_retries_and_completes(workers, api_client):
    worker = workers.start(detect_delay=2.0)
    ids = [post_article(api_client, body) for body in REPORTS[:2]]
    wait_for(workers.detection_starts, timeout=60)
    time.sleep(0.5)  # inside the detection, between reading and writing
    killed = terminate_worker_sessions()
    assert killed >= 1
    no_status_lies()

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        no_status_lies()
        if Article.objects.filter(pk__in=ids, status="checked").count() == 2:
            break
        time.sleep(0.2)
    wait_until_settled(timeout=30)
    log = Path(worker.log_path).read_text()
    assert "OperationalError" in log
    assert "Retry in" in log, "the task was retried with backoff"
    state = assert_same_as_a_clean_run()
    assert state["flags"]
    assert Article.objects.filter(status="failed").count() == 0
