"""Retention of the webhook log: events and deliveries past their age deleted in batches."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ..models import WebhookDelivery, WebhookEvent

logger = logging.getLogger(__name__)

PRUNE_BATCH = 5000


@dataclass(frozen=True)
class PruneResult:
    deliveries: int
    events: int


def webhook_log_prune(*, older_than: datetime.timedelta) -> PruneResult:
    """Delete finished deliveries (succeeded or failed) created before `older_than` ago, and
    the events of that age no delivery refers to any more. Pending deliveries stay, whatever
    their age. In batches, each its own transaction, so that a large log is pruned without
    holding locks for long; running it again deletes nothing more."""
    cutoff = timezone.now() - older_than
    finished = [WebhookDelivery.Status.SUCCEEDED, WebhookDelivery.Status.FAILED]
    deliveries = _delete_in_batches(
        WebhookDelivery.objects.filter(status__in=finished, created_at__lt=cutoff)
    )
    events = _delete_in_batches(
        WebhookEvent.objects.filter(created_at__lt=cutoff, deliveries__isnull=True)
    )
    if deliveries or events:
        logger.info("webhook log pruned: %s deliveries, %s events", deliveries, events)
    return PruneResult(deliveries=deliveries, events=events)


def _delete_in_batches(queryset) -> int:
    deleted = 0
    while True:
        with transaction.atomic():
            ids = list(queryset.values_list("pk", flat=True)[:PRUNE_BATCH])
            if not ids:
                return deleted
            deleted += (
                queryset.model.objects.filter(pk__in=ids)
                .delete()[1]
                .get(queryset.model._meta.label, 0)
            )
