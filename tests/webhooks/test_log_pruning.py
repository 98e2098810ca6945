"""The delivery log does not grow for ever: finished deliveries and events no delivery needs
are pruned after WEBHOOK_RETENTION_DAYS; pending ones stay."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import WebhookDeliveryFactory, WebhookSubscriptionFactory
from webhooks.models import WebhookDelivery, WebhookEvent
from webhooks.services import webhook_log
from webhooks.tasks import prune_webhook_log

S = WebhookDelivery.Status


@pytest.fixture
def subscription(integration_key):
    return WebhookSubscriptionFactory(
        client=integration_key.client, event_types=["claim.published"]
    )


def delivery(subscription, *, status, days_ago: float) -> WebhookDelivery:
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    row = WebhookDeliveryFactory(
        subscription=subscription, status=status, event__type="claim.published"
    )
    WebhookEvent.objects.filter(pk=row.event_id).update(created_at=moment)
    WebhookDelivery.objects.filter(pk=row.pk).update(created_at=moment)
    return row


@pytest.mark.django_db
def test_old_finished_deliveries_and_their_events_are_pruned(subscription, settings):
    settings.WEBHOOK_RETENTION_DAYS = 30
    old_success = delivery(subscription, status=S.SUCCEEDED, days_ago=31)
    old_failure = delivery(subscription, status=S.FAILED, days_ago=40)
    old_pending = delivery(subscription, status=S.PENDING, days_ago=45)
    recent = delivery(subscription, status=S.SUCCEEDED, days_ago=29)

    prune_webhook_log()

    kept = set(WebhookDelivery.objects.values_list("pk", flat=True))
    assert kept == {old_pending.pk, recent.pk}
    assert not WebhookEvent.objects.filter(
        pk__in=[old_success.event_id, old_failure.event_id]
    ).exists()
    # An event a pending delivery still sends is kept, however old.
    assert WebhookEvent.objects.filter(pk=old_pending.event_id).exists()
    assert WebhookEvent.objects.filter(pk=recent.event_id).exists()


@pytest.mark.django_db
def test_pruning_twice_deletes_nothing_more(subscription, monkeypatch):
    monkeypatch.setattr(webhook_log, "PRUNE_BATCH", 2)  # several batches
    for days_ago in (50, 51, 52, 53, 54):
        delivery(subscription, status=S.SUCCEEDED, days_ago=days_ago)
    first = webhook_log.webhook_log_prune(older_than=datetime.timedelta(days=30))
    assert first == webhook_log.PruneResult(deliveries=5, events=5)
    second = webhook_log.webhook_log_prune(older_than=datetime.timedelta(days=30))
    assert second == webhook_log.PruneResult(deliveries=0, events=0)
