"""A poison input: an article whose extraction raises (the worker is told which by a marker
in its body). It is tried a bounded number of times with backoff (FACTCHECK_EXTRACTION_MAX_
ATTEMPTS, counted in `processing_attempts`), then marked `failed` with the reason, shown by
the API and the admin; the articles behind it are checked meanwhile."""

import pytest
from django.test import Client

from factcheck.models import Article

from .conftest import wait_for
from .scenario import REPORTS, post_article, wait_until_settled

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

POISON = "POISON-TABLE-7F"


def test_a_poison_article_fails_after_bounded_retries_without_blocking_others(
    workers, api_client, admin_user
):
    workers.start(poison=POISON, extra_env={"FACTCHECK_EXTRACTION_RETRY_DELAY": "2"})
    poison_id = post_article(api_client, f"Figures for Derna\n{POISON} | 14 | 15 | 16\n")
    healthy = [post_article(api_client, body) for body in REPORTS[:2]]

    # The healthy articles behind it are checked while the poison waits for its retries.
    wait_for(
        lambda: Article.objects.filter(pk__in=healthy, status="checked").count() == 2,
        timeout=60,
    )
    assert Article.objects.get(pk=poison_id).status == "received"

    wait_until_settled(timeout=60)
    poison = Article.objects.get(pk=poison_id)
    assert poison.status == "failed"
    assert poison.processing_attempts == 3
    assert "poison input" in poison.failure_reason
    assert "gave up after 3 attempts" in poison.failure_reason
    assert poison.claims.count() == 0

    detail = api_client.get(f"/api/v1/articles/{poison_id}/").json()
    assert detail["status"] == "failed"
    assert "poison input" in detail["failure_reason"]

    admin = Client()
    admin.force_login(admin_user)
    listed = admin.get("/admin/factcheck/article/", {"status__exact": "failed"})
    assert listed.status_code == 200
    assert f"/admin/factcheck/article/{poison_id}/change/" in listed.content.decode()
    for pk in healthy:
        assert f"/admin/factcheck/article/{pk}/change/" not in listed.content.decode()
