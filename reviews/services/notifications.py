"""E-mails to fact-checkers: new assignments and overdue reminders, queued by the other
services and sent from Celery tasks."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Sequence

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from outbox.services import outbox_enqueue

from ..models import CHECKER_TURN_STATES, Assignment

logger = logging.getLogger(__name__)

REMINDER_BATCH = 500

# The pinned names of reviews/tasks.py's tasks: services enqueue by name and never import the
# tasks module (the tasks import the services).
SEND_ASSIGNMENT_NOTIFICATIONS = "reviews.tasks.send_assignment_notifications"
SEND_OVERDUE_REMINDERS = "reviews.tasks.send_overdue_reminders"


def _queue_assignment_notifications(assignments: Sequence[Assignment], actor) -> None:
    # Nobody is e-mailed about a claim they assigned to themselves.
    ids = [a.pk for a in assignments if a.assignee_id != actor.pk]
    if ids:
        outbox_enqueue(task=SEND_ASSIGNMENT_NOTIFICATIONS, args=[ids])


def _claim_admin_url(claim_id: int) -> str:
    return f"{settings.FACTCHECK_SITE_URL.rstrip('/')}/admin/factcheck/claim/{claim_id}/change/"


def _short(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _mail_per_assignee(assignments: Sequence[Assignment], *, subject: str, intro: str) -> None:
    by_assignee: dict[int, list[Assignment]] = defaultdict(list)
    for assignment in assignments:
        by_assignee[assignment.assignee_id].append(assignment)
    for items in by_assignee.values():
        assignee = items[0].assignee
        if not assignee.email:
            logger.warning("No e-mail address for %s: not notified", assignee.get_username())
            continue
        lines = [f"Hello {assignee.get_username()},", "", intro, ""]
        for item in items:
            due = item.due_at.strftime("%Y-%m-%d %H:%M %Z") if item.due_at else "no due date"
            lines.append(f"- {_short(item.claim.text)}")
            lines.append(f"  due: {due}; {_claim_admin_url(item.claim_id)}")
            if item.note:
                lines.append(f"  note from {item.assigned_by.get_username()}: {item.note}")
        send_mail(
            subject=subject.format(count=len(items)),
            message="\n".join(lines),
            from_email=None,
            recipient_list=[assignee.email],
        )


def assignment_notifications_send(
    *, assignment_ids: Sequence[int], now: datetime.datetime | None = None
) -> int:
    """E-mail each assignee (one message per person) about their new assignments that were
    not notified yet and are still current. Marks them notified in the same transaction, so
    a task run twice e-mails once; a failed send rolls the marks back for the retry."""
    now = now or timezone.now()
    with transaction.atomic():
        pending = list(
            Assignment.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk__in=list(assignment_ids), notified_at__isnull=True, ended_at__isnull=True)
            .select_related("claim", "assignee", "assigned_by")
            .order_by("pk")
        )
        if not pending:
            return 0
        _mail_per_assignee(
            pending,
            subject="{count} claim(s) assigned to you",
            intro="These claims were assigned to you for checking:",
        )
        Assignment.objects.filter(pk__in=[a.pk for a in pending]).update(notified_at=now)
    return len(pending)


def _overdue(now: datetime.datetime):
    return Q(
        ended_at__isnull=True,
        due_at__lt=now,
        overdue_reminded_at__isnull=True,
        claim__status__in=CHECKER_TURN_STATES,
    )


def overdue_assignments_remind(*, now: datetime.datetime | None = None) -> list[int]:
    """Periodic (Celery beat): queue a reminder for every current assignment past its due date
    whose claim still waits for its assignee and that was not reminded yet. Each assignment
    is reminded once: the reminder task marks it, so later runs skip it."""
    now = now or timezone.now()
    ids = list(
        Assignment.objects.filter(_overdue(now))
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)[:REMINDER_BATCH]
    )
    if ids:
        outbox_enqueue(task=SEND_OVERDUE_REMINDERS, args=[ids])
    return ids


def overdue_reminders_send(
    *, assignment_ids: Sequence[int], now: datetime.datetime | None = None
) -> int:
    """E-mail the overdue reminders (one message per assignee) for these assignments, if they
    are still overdue and not reminded; mark them reminded in the same transaction."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Assignment.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(_overdue(now), pk__in=list(assignment_ids))
            .select_related("claim", "assignee", "assigned_by")
            .order_by("due_at", "pk")
        )
        if not due:
            return 0
        _mail_per_assignee(
            due,
            subject="Overdue: {count} claim(s) past their due date",
            intro="These claims assigned to you are past their due date:",
        )
        Assignment.objects.filter(pk__in=[a.pk for a in due]).update(overdue_reminded_at=now)
    return len(due)
