"""Celery tasks of the review workflow: thin, take ids, call one service, safe to run twice
(each service marks what it sent in the same transaction and skips what is marked)."""

from smtplib import SMTPException

from celery import shared_task
from django.db import InterfaceError, OperationalError

from .services.notifications import (
    SEND_ASSIGNMENT_NOTIFICATIONS,
    SEND_OVERDUE_REMINDERS,
    assignment_notifications_send,
    overdue_assignments_remind,
    overdue_reminders_send,
)

# A lost database connection or a mail server that does not answer is retried with backoff.
_TRANSIENT_ERRORS = (OperationalError, InterfaceError, SMTPException, OSError)


@shared_task(
    name=SEND_ASSIGNMENT_NOTIFICATIONS,
    autoretry_for=_TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def send_assignment_notifications(assignment_ids: list[int]) -> int:
    return assignment_notifications_send(assignment_ids=assignment_ids)


@shared_task(
    name=SEND_OVERDUE_REMINDERS,
    autoretry_for=_TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def send_overdue_reminders(assignment_ids: list[int]) -> int:
    return overdue_reminders_send(assignment_ids=assignment_ids)


@shared_task(name="reviews.tasks.remind_overdue_assignments")
def remind_overdue_assignments() -> int:
    """Periodic (CELERY_BEAT_SCHEDULE): queue the reminders of overdue assignments."""
    return len(overdue_assignments_remind())
