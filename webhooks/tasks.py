"""Celery tasks for webhooks: thin, take ids, call one service, safe to run twice."""

import datetime

from celery import shared_task
from django.conf import settings

from config.celery import DB_RETRY

from .services.deliveries import deliveries_requeue_due, delivery_attempt
from .services.webhook_log import webhook_log_prune

# Only a lost database connection is retried by Celery (DB_RETRY); a receiver's failure is not
# an error of the task: the service records it and schedules the next attempt itself.


@shared_task(name="factcheck.webhooks.tasks.deliver_webhook", **DB_RETRY)
def deliver_webhook(delivery_id: int) -> None:
    delivery_attempt(delivery_id=delivery_id)


@shared_task(name="factcheck.webhooks.tasks.requeue_due_webhook_deliveries")
def requeue_due_webhook_deliveries() -> None:
    """Periodic sweep: pending deliveries whose attempt is overdue are queued again."""
    deliveries_requeue_due()


@shared_task(name="factcheck.webhooks.tasks.prune_webhook_log")
def prune_webhook_log() -> None:
    """Periodic: finished deliveries and their events older than WEBHOOK_RETENTION_DAYS go."""
    webhook_log_prune(older_than=datetime.timedelta(days=settings.WEBHOOK_RETENTION_DAYS))
