"""Writes: subscriptions, recording events, and delivery attempts.

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
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from factcheck.audit import AuditAction, audit_event_record
from factcheck.events import EVENT_TYPES
from factcheck.models import ApiClient
from outbox.services import outbox_enqueue_many

from . import selectors, signing, transport
from .models import WebhookDelivery, WebhookEvent, WebhookSubscription
from .validators import webhook_url_validate

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


class SubscriptionLimitReached(Exception):
    pass


class UnknownEventType(ValueError):
    pass


@dataclass(frozen=True)
class CreatedSubscription:
    subscription: WebhookSubscription
    secret: str  # shown once, in the answer to the creation


# --- Subscriptions -------------------------------------------------------------------------


def url_for_audit(url: str) -> str:
    """A webhook URL as the audit trail shows it, to every staff member: its scheme and host
    only. Receivers often carry a token in the path or the query (chat services do); the
    full URL stays in the subscription, which only admins see."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"
    return f"{origin}/…" if url.rstrip("/") != origin else origin


def subscription_create(
    *, client: ApiClient, url: str, event_types: Iterable[str], actor=None
) -> CreatedSubscription:
    """Subscribe `client` to `event_types` at `url`, with a new signing secret.

    Raises django.core.exceptions.ValidationError for a URL webhooks may not target,
    UnknownEventType, or SubscriptionLimitReached beyond WEBHOOK_MAX_SUBSCRIPTIONS_PER_CLIENT."""
    webhook_url_validate(url)
    event_types = list(dict.fromkeys(event_types))
    # Staff-only events are never delivered to a client: subscribing to them is an error.
    unknown = sorted(set(event_types) - (EVENT_TYPES - selectors.STAFF_ONLY_EVENT_TYPES))
    if unknown or not event_types:
        raise UnknownEventType(f"Unknown event types: {unknown}")
    limit = settings.WEBHOOK_MAX_SUBSCRIPTIONS_PER_CLIENT
    with transaction.atomic():
        # Serialises concurrent creations for one client, so that the limit holds.
        ApiClient.objects.select_for_update().get(pk=client.pk)
        if WebhookSubscription.objects.filter(client=client).count() >= limit:
            raise SubscriptionLimitReached(
                f"A client may have at most {limit} webhook subscriptions."
            )
        secret = signing.secret_generate()
        subscription = WebhookSubscription.objects.create(
            client=client, url=url, event_types=event_types, secret=secret
        )
        audit_event_record(
            actor=actor,
            action=AuditAction.WEBHOOK_SUBSCRIBED,
            to_state="active",
            comment=f"{client.name}: {url_for_audit(url)} for {', '.join(event_types)}",
        )
    return CreatedSubscription(subscription=subscription, secret=secret)


@dataclass(frozen=True)
class RotatedSecret:
    subscription: WebhookSubscription
    secret: str  # shown once, in the answer to the rotation


MAX_SECRET_OVERLAP = datetime.timedelta(days=7)


def subscription_rotate_secret(
    *, subscription_id: int, previous_valid_for: datetime.timedelta, actor=None
) -> RotatedSecret:
    """Give a subscription a new signing secret. Until `previous_valid_for` has passed every
    message is signed with both (zero: the old secret stops at once), so a receiver can deploy
    the new secret without rejecting a message. A secret rotated out earlier and still valid
    is dropped: two secrets at most."""
    if not datetime.timedelta(0) <= previous_valid_for <= MAX_SECRET_OVERLAP:
        raise ValueError("The old secret may stay valid for 0 to 7 days.")
    with transaction.atomic():
        subscription = (
            WebhookSubscription.objects.select_for_update()
            .select_related("client")
            .get(pk=subscription_id)
        )
        now = timezone.now()
        subscription.previous_secret = subscription.secret
        subscription.previous_secret_expires_at = now + previous_valid_for
        subscription.secret = signing.secret_generate()
        subscription.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at"])
        audit_event_record(
            actor=actor,
            action=AuditAction.WEBHOOK_SECRET_ROTATED,
            comment=(
                f"{subscription.client.name}: {url_for_audit(subscription.url)}; the old secret "
                f"signs until "
                f"{subscription.previous_secret_expires_at.isoformat()}"
            ),
        )
    return RotatedSecret(subscription=subscription, secret=subscription.secret)


def subscription_delete(*, subscription_id: int, actor=None) -> None:
    """Delete a subscription with its delivery log; deliveries still queued are dropped (their
    task finds no row)."""
    with transaction.atomic():
        subscription = (
            WebhookSubscription.objects.select_related("client").filter(pk=subscription_id).first()
        )
        if subscription is None:
            return
        audit_event_record(
            actor=actor,
            action=AuditAction.WEBHOOK_UNSUBSCRIBED,
            from_state="active" if subscription.active else "inactive",
            comment=f"{subscription.client.name}: {url_for_audit(subscription.url)}",
        )
        subscription.delete()


# --- Events --------------------------------------------------------------------------------


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


# --- Delivery ------------------------------------------------------------------------------


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


# --- Retention -----------------------------------------------------------------------------

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
