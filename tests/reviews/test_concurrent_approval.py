"""Two editors approve the same verdict at the same moment: the claim's row lock lets
exactly one win; the other gets a clear refusal (409), and there is one approval row."""

import threading
import time

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from factcheck.models import AuditEvent, Claim
from factcheck.roles import Role
from reviews.models import Verdict
from reviews.services import verdicts
from tests.conftest import client_for
from tests.reviews.helpers import post

S = Claim.Status


@pytest.fixture
def role_groups(db):
    """A transactional test may start from a database flushed by an earlier one, without the
    rows of the roles data migration: the role groups are created again (by name, which is
    all that factcheck/roles.py reads)."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Row locks (SELECT … FOR UPDATE) need PostgreSQL; SQLite serialises writers anyway. "
    "Run with DATABASE_URL=postgres://… to exercise this.",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_editors_approving_at_once_end_in_one_approval_and_one_refusal(
    role_groups, desk, editor, other_editor, monkeypatch
):
    claim = desk.claim_in(S.SUBMITTED)
    # Hold the lock a moment after taking it, so that the second editor's request surely
    # arrives while the first one is inside its transaction: without the row lock both would
    # read `submitted` and both approve.
    waiting = verdicts._verdict_waiting

    def slow_verdict_waiting(*args, **kwargs):
        verdict = waiting(*args, **kwargs)
        time.sleep(0.3)
        return verdict

    monkeypatch.setattr(verdicts, "_verdict_waiting", slow_verdict_waiting)
    barrier = threading.Barrier(2)
    answers: dict[str, tuple[int, dict]] = {}

    def approve(user) -> None:
        try:
            client = client_for(user)
            barrier.wait(timeout=10)
            response = post(client, f"/api/v1/claims/{claim.pk}/approve/")
            answers[user.username] = (response.status_code, response.json())
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=approve, args=(user,)) for user in (editor, other_editor)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(status for status, _ in answers.values()) == [200, 409], answers
    refusal = next(body for status, body in answers.values() if status == 409)
    assert refusal["code"] == "conflict"
    assert "approved" in refusal["detail"]
    winner = next(name for name, (status, _) in answers.items() if status == 200)
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.status == "approved"
    assert verdict.reviewed_by.username == winner
    assert Claim.objects.get(pk=claim.pk).status == S.APPROVED
    assert AuditEvent.objects.filter(claim=claim, action="verdict.approved").count() == 1
