"""Celery tasks for webhooks: thin, take ids, call one service, safe to run twice."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

# Only a lost database connection is retried by Celery; a receiver's failure is not an error
# of the task: the service records it and schedules the next attempt itself.
_TRANSIENT_ERRORS = (OperationalError, InterfaceError)


@shared_task(
    name="factcheck.webhooks.tasks.deliver_webhook",
    autoretry_for=_TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=120,
    retry_jitter=True,
    max_retries=8,
)
def deliver_webhook(delivery_id: int) -> None:
    from .services import delivery_attempt

    delivery_attempt(delivery_id=delivery_id)


@shared_task(name="factcheck.webhooks.tasks.requeue_due_webhook_deliveries")
def requeue_due_webhook_deliveries() -> None:
    """Periodic sweep: pending deliveries whose attempt is overdue are queued again."""
    from .services import deliveries_requeue_due

    deliveries_requeue_due()


@shared_task(name="factcheck.webhooks.tasks.prune_webhook_log")
def prune_webhook_log() -> None:
    """Periodic: finished deliveries and their events older than WEBHOOK_RETENTION_DAYS go."""
    import datetime

    from django.conf import settings

    from .services import webhook_log_prune

    webhook_log_prune(older_than=datetime.timedelta(days=settings.WEBHOOK_RETENTION_DAYS))
