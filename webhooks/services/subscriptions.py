"""Subscriptions of API clients to event types: created (with a signing secret shown once),
the secret rotated (the old one kept for a short overlap), deleted. Audited, with the URL
reduced to what an audit trail may hold."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from factcheck.audit import AuditAction, audit_event_record
from factcheck.events import EVENT_TYPES
from factcheck.models import ApiClient

from .. import selectors, signing
from ..models import WebhookSubscription
from ..validators import webhook_url_validate


class SubscriptionLimitReached(Exception):
    pass


class UnknownEventType(ValueError):
    pass


@dataclass(frozen=True)
class CreatedSubscription:
    subscription: WebhookSubscription
    secret: str  # shown once, in the answer to the creation


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
