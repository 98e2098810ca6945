"""The periodic reminder of overdue assignments: sent once, only for claims still waiting
for their assignee."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from factcheck.models import Claim
from reviews.models import Assignment
from reviews.services.assignment import claim_assign
from reviews.services.notifications import overdue_reminders_send
from reviews.tasks import remind_overdue_assignments
from tests.reviews.factories import claim_with_article

S = Claim.Status


def make_overdue(claim: Claim, hours: float = 1) -> Assignment:
    assignment = Assignment.objects.get(claim=claim, ended_at__isnull=True)
    # A due date in the past cannot be set through the services: age the assignment instead.
    Assignment.objects.filter(pk=assignment.pk).update(
        due_at=timezone.now() - datetime.timedelta(hours=hours)
    )
    return assignment


def run_beat(capture) -> int:
    with capture(execute=True):
        return remind_overdue_assignments()


@pytest.mark.django_db
def test_the_overdue_reminder_is_sent_once(desk, django_capture_on_commit_callbacks):
    claim = desk.claim_in(S.IN_REVIEW)
    assignment = make_overdue(claim)
    mail.outbox.clear()

    assert run_beat(django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [desk.checker.email]
    assert message.subject == "Overdue: 1 claim(s) past their due date"
    assert claim.text in message.body
    assignment.refresh_from_db()
    assert assignment.overdue_reminded_at is not None

    assert run_beat(django_capture_on_commit_callbacks) == 0
    assert run_beat(django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_reminder_task_delivered_twice_sends_once(desk):
    claim = desk.claim_in(S.ASSIGNED)
    assignment = make_overdue(claim)
    mail.outbox.clear()
    assert overdue_reminders_send(assignment_ids=[assignment.pk]) == 1
    assert overdue_reminders_send(assignment_ids=[assignment.pk]) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_assignments_not_yet_due_or_without_due_date_are_not_reminded(
    desk, django_capture_on_commit_callbacks
):
    desk.claim_in(S.ASSIGNED)  # due in two days
    claim_assign(
        claim_id=claim_with_article("Police said 3 were held.").pk,
        assignee=desk.checker,
        actor=desk.editor,
    )
    mail.outbox.clear()
    assert run_beat(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


@pytest.mark.parametrize("state", [S.SUBMITTED, S.APPROVED, S.PUBLISHED])
@pytest.mark.django_db
def test_claims_no_longer_waiting_for_their_assignee_are_not_reminded(
    desk, django_capture_on_commit_callbacks, state
):
    make_overdue(desk.claim_in(state))
    mail.outbox.clear()
    assert run_beat(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_reassigned_claim_reminds_the_new_assignee_not_the_old_one(
    desk, other_checker, django_capture_on_commit_callbacks
):
    claim = desk.claim_in(S.ASSIGNED)
    make_overdue(claim)
    run_beat(django_capture_on_commit_callbacks)
    claim_assign(claim_id=claim.pk, assignee=other_checker, actor=desk.editor)
    make_overdue(claim)
    mail.outbox.clear()
    assert run_beat(django_capture_on_commit_callbacks) == 1
    assert [message.to for message in mail.outbox] == [[other_checker.email]]


@pytest.mark.django_db
def test_one_message_per_assignee_lists_all_their_overdue_claims(
    desk, django_capture_on_commit_callbacks
):
    claims = [
        desk.claim_in(S.ASSIGNED, claim_with_article(f"Police said {n} were held.")) for n in (2, 3)
    ]
    for claim in claims:
        make_overdue(claim)
    mail.outbox.clear()
    assert run_beat(django_capture_on_commit_callbacks) == 2
    assert len(mail.outbox) == 1
    assert all(claim.text in mail.outbox[0].body for claim in claims)


def test_the_reminder_is_on_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["remind-overdue-assignments"]
    assert (
        entry["task"]
        == remind_overdue_assignments.name
        == ("reviews.tasks.remind_overdue_assignments")
    )
