"""Events recorded with one delivery per subscription that may see them, and delivery attempts.

A delivery is attempted only by the `deliver_webhook` task, never in a request or in the
transaction that published the event. Each attempt claims the delivery row for a short lease
(so a duplicate task, or the sweep, does not send it a second time meanwhile), sends with the
database transaction closed (a slow receiver holds no lock and no connection), then records the
outcome: success, a retry at an exponentially growing delay, or failure after
WEBHOOK_MAX_ATTEMPTS attempts."""

from __future__ import annotations

import datetime
import json
import logging
import random
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from factcheck.audit import AuditAction, audit_event_record
from outbox.services import outbox_enqueue_many

from .. import selectors, signing, transport
from ..models import WebhookDelivery, WebhookEvent, WebhookSubscription

logger = logging.getLogger(__name__)


# Retry n (after the n-th failed attempt) waits RETRY_BASE_SECONDS * RETRY_FACTOR ** (n - 1):
# 30 s, 2 min, 8 min, 32 min, 2 h 8 min, then 6 h, each lengthened by up to RETRY_JITTER so
# that deliveries that failed together (a receiver outage) do not all come back at once.
RETRY_BASE_SECONDS = 30


RETRY_FACTOR = 4


RETRY_MAX_SECONDS = 6 * 3600


RETRY_JITTER = 0.2


# A retry further away than this is not queued with a countdown but left to the sweep: a
# delayed message waits in a worker's memory, and on Redis it is handed out again (a
# duplicate) once the broker's visibility timeout (15 minutes by default) has passed.
COUNTDOWN_MAX_SECONDS = 10 * 60


# A task may arrive slightly before the time it was scheduled for (two machines' clocks).
DUE_TOLERANCE = datetime.timedelta(seconds=5)


# The sweep leaves a due delivery alone this long, to let its own queued task run first.
SWEEP_GRACE = datetime.timedelta(seconds=30)


SWEEP_BATCH = 500


def webhook_events_record_many(*, event_type: str, datas: Iterable[dict]) -> None:
    """Record several events of one type (webhook_events_record), reading the subscriptions to
    the type once: when nobody is subscribed, as many events cost one query."""
    subscribed = selectors.subscriptions_to_event_type(event_type=event_type)
    if not subscribed:
        return
    for data in datas:
        webhook_events_record(event_type=event_type, data=data, subscribed=subscribed)


def webhook_events_record(
    *, event_type: str, data: dict, subscribed: list[WebhookSubscription] | None = None
) -> WebhookEvent | None:
    """Store the event and one pending delivery per active subscription to it that may see it,
    in the caller's transaction; their tasks are queued only once it commits, so a change
    that is rolled back sends nothing. An event nobody is subscribed to is not stored."""
    subscriptions = selectors.subscriptions_for_event(
        event_type=event_type, data=data, subscribed=subscribed
    )
    if not subscriptions:
        return None
    now = timezone.now()
    event = WebhookEvent.objects.create(type=event_type, data=data)
    WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(subscription=subscription, event=event, next_attempt_at=now)
            for subscription in subscriptions
        ]
    )
    delivery_ids = list(event.deliveries.values_list("pk", flat=True))
    _deliveries_queue(delivery_ids)
    return event


def _deliveries_queue(delivery_ids: Iterable[int], *, countdown: float | None = None) -> None:
    outbox_enqueue_many(
        task="factcheck.webhooks.tasks.deliver_webhook",
        calls=[[pk] for pk in delivery_ids],
        countdown=countdown,
    )


def payload_body(event: WebhookEvent) -> bytes:
    """The Standard Webhooks payload: `{"type", "timestamp" (when the event happened), "data"}`,
    identical bytes on every attempt."""
    payload = {
        "type": event.type,
        "timestamp": event.created_at.astimezone(datetime.UTC)
        .isoformat(timespec="microseconds")
        .replace("+00:00", "Z"),
        "data": event.data,
    }
    return json.dumps(
        payload, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


def retry_delay_seconds(attempts: int, *, rng: random.Random | None = None) -> float:
    """How long to wait after the `attempts`-th failed attempt."""
    nominal = min(RETRY_BASE_SECONDS * RETRY_FACTOR ** max(attempts - 1, 0), RETRY_MAX_SECONDS)
    return nominal * (1 + (rng or random).random() * RETRY_JITTER)


def _attempt_lease() -> datetime.timedelta:
    # Longer than any attempt can take: past it, a delivery still marked in flight was lost
    # with its worker, and the sweep sends it again.
    return datetime.timedelta(
        seconds=2 * settings.WEBHOOK_CONNECT_TIMEOUT + settings.WEBHOOK_READ_TIMEOUT + 60
    )


def delivery_attempt(
    *, delivery_id: int, now: datetime.datetime | None = None
) -> WebhookDelivery | None:
    """Send a pending delivery that is due, once, and record the outcome.

    Does nothing (and returns the delivery as it is) when the delivery is gone, locked by
    another attempt, already succeeded or failed, or not due yet — a duplicate or early task —
    so that the task can run any number of times."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("subscription", "event")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
            return delivery
        if delivery.next_attempt_at is not None and delivery.next_attempt_at > now + DUE_TOLERANCE:
            return delivery
        if not delivery.subscription.active:
            delivery.status = WebhookDelivery.Status.FAILED
            delivery.last_error = "The subscription is inactive."
            delivery.next_attempt_at = None
            delivery.save(update_fields=["status", "last_error", "next_attempt_at", "updated_at"])
            return delivery
        delivery.attempts += 1
        delivery.next_attempt_at = now + _attempt_lease()
        delivery.save(update_fields=["attempts", "next_attempt_at", "updated_at"])

    event = delivery.event
    body = payload_body(event)
    # The receiver compares this with its own clock (replay protection): always the real time.
    headers = signing.signed_headers(
        secrets=delivery.subscription.signing_secrets(timezone.now()),
        msg_id=str(event.pk),
        timestamp=int(time.time()),
        body=body,
    )
    result = transport.post(url=delivery.subscription.url, body=body, headers=headers)
    return _delivery_record_result(delivery_id=delivery.pk, result=result, now=now)


def _delivery_record_result(
    *, delivery_id: int, result: transport.SendResult, now: datetime.datetime
) -> WebhookDelivery | None:
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().filter(pk=delivery_id).first()
        if delivery is None:  # the subscription was deleted meanwhile
            return None
        delivery.last_response_code = result.status_code
        if result.ok:
            delivery.status = WebhookDelivery.Status.SUCCEEDED
            delivery.delivered_at = now
            delivery.next_attempt_at = None
            delivery.last_error = ""
        elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            delivery.status = WebhookDelivery.Status.FAILED
            delivery.next_attempt_at = None
            delivery.last_error = result.error
        else:
            delay = retry_delay_seconds(delivery.attempts)
            delivery.next_attempt_at = now + datetime.timedelta(seconds=delay)
            delivery.last_error = result.error
            if delay <= COUNTDOWN_MAX_SECONDS:
                _deliveries_queue([delivery_id], countdown=delay)
        delivery.save(
            update_fields=[
                "status",
                "last_response_code",
                "last_error",
                "next_attempt_at",
                "delivered_at",
                "updated_at",
            ]
        )
    if not result.ok:
        logger.info(
            "Webhook delivery %s failed (attempt %s): %s",
            delivery_id,
            delivery.attempts,
            result.error,
        )
    return delivery


def delivery_replay(*, delivery_id: int, actor=None) -> WebhookDelivery:
    """Queue one more attempt of a delivery now, whatever its status (the same message id and
    body, a fresh timestamp and signature). If it fails and WEBHOOK_MAX_ATTEMPTS is already
    reached, the delivery is failed again; otherwise it is retried on the usual schedule."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(of=("self",))
            .select_related("subscription__client", "event")
            .get(pk=delivery_id)
        )
        from_state = delivery.status
        delivery.status = WebhookDelivery.Status.PENDING
        delivery.next_attempt_at = timezone.now()
        delivery.save(update_fields=["status", "next_attempt_at", "updated_at"])
        audit_event_record(
            actor=actor,
            action=AuditAction.WEBHOOK_REPLAYED,
            from_state=from_state,
            to_state=delivery.status,
            comment=(
                f"Delivery {delivery.pk} of {delivery.event.type} {delivery.event_id} "
                f"to {delivery.subscription.client.name}"
            ),
        )
        _deliveries_queue([delivery_id])
    return delivery


def deliveries_requeue_due(*, now: datetime.datetime | None = None) -> int:
    """Queue again the pending deliveries whose attempt is overdue: their message was lost
    (a broker outage, a worker killed mid-attempt) or their retry was left to this sweep.
    Returns how many were queued."""
    now = now or timezone.now()
    delivery_ids = selectors.delivery_ids_due(before=now - SWEEP_GRACE, limit=SWEEP_BATCH)
    _deliveries_queue(delivery_ids)
    return len(delivery_ids)
