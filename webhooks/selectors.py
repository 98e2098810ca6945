"""Reads. An integration sees its own subscriptions and their deliveries (404 for another
client's); an admin sees every one."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.http import Http404

from factcheck import selectors as newsroom
from factcheck.models import ApiClient
from factcheck.roles import Role, has_any_role

from .models import WebhookDelivery, WebhookSubscription

# The event families integrations may receive (the part of the type before the dot).
VISIBLE_EVENT_FAMILIES = frozenset({"article", "claim", "contradiction", "verdict"})


# Published verdicts are public to every integration; everything else follows what the REST
# API lets the client read.
PUBLIC_EVENT_TYPES = frozenset({"claim.published", "claim.retracted"})
# The review workflow's inside (who reviews a claim and by when, a rating not yet approved):
# the REST API shows it to staff only (a claim's history and verdicts), so no integration is
# ever sent it, and none may subscribe to it.
STAFF_ONLY_EVENT_TYPES = frozenset({"claim.assigned", "verdict.submitted"})


def event_visible_to_client(*, client: ApiClient, event_type: str, data: dict) -> bool:
    """Whether `client` may be sent the event `event_type` about `data`: the one place that
    decides it, asked when an event is recorded (a delivery is created only if it says yes).
    It applies the REST API's rules (factcheck.selectors): an integration hears about the
    articles, claims and flags it may read there (what it submitted, and flags touching it),
    and about every published or retracted verdict; never about the review workflow's
    inside (STAFF_ONLY_EVENT_TYPES)."""
    family = event_type.split(".", 1)[0]
    if family not in VISIBLE_EVENT_FAMILIES or event_type in STAFF_ONLY_EVENT_TYPES:
        return False
    if event_type in PUBLIC_EVENT_TYPES:
        return True
    user = client.user
    if family == "article":
        return newsroom.article_list_for_user(user).filter(pk=data.get("id")).exists()
    if family == "contradiction":
        return newsroom.flag_list_for_user(user).filter(pk=data.get("id")).exists()
    return newsroom.claim_list_for_user(user).filter(pk=data.get("claim")).exists()


def api_client_of(user) -> ApiClient | None:
    if user is None or not user.is_authenticated:
        return None
    return ApiClient.objects.filter(user=user).first()


def subscription_list_for_user(user) -> QuerySet[WebhookSubscription]:
    subscriptions = WebhookSubscription.objects.select_related("client")
    if has_any_role(user, {Role.ADMIN}):
        return subscriptions
    client = api_client_of(user)
    if client is None:
        return subscriptions.none()
    return subscriptions.filter(client=client)


def subscription_get_for_user(user, subscription_id: int) -> WebhookSubscription:
    subscription = subscription_list_for_user(user).filter(pk=subscription_id).first()
    if subscription is None:
        raise Http404("No such webhook subscription.")
    return subscription


def delivery_list_for_subscription(subscription: WebhookSubscription) -> QuerySet[WebhookDelivery]:
    """The subscription's delivery log, newest first."""
    return (
        WebhookDelivery.objects.filter(subscription=subscription)
        .select_related("event")
        .order_by("-created_at", "-id")
    )


def delivery_get_for_user(user, delivery_id: int) -> WebhookDelivery:
    delivery = (
        WebhookDelivery.objects.filter(subscription__in=subscription_list_for_user(user))
        .select_related("event", "subscription")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None:
        raise Http404("No such webhook delivery.")
    return delivery


def subscriptions_to_event_type(*, event_type: str) -> list[WebhookSubscription]:
    """Active subscriptions to `event_type`, whoever may see a given event. Event types are
    filtered here rather than in SQL: JSON containment is not portable to SQLite, and there
    are few subscriptions."""
    return [
        subscription
        for subscription in WebhookSubscription.objects.filter(active=True).select_related("client")
        if event_type in subscription.event_types
    ]


def subscriptions_for_event(
    *, event_type: str, data: dict, subscribed: list[WebhookSubscription] | None = None
) -> list[WebhookSubscription]:
    """Active subscriptions to `event_type` whose client may see this event (of `subscribed`
    when the subscriptions to the type were read already)."""
    if subscribed is None:
        subscribed = subscriptions_to_event_type(event_type=event_type)
    return [
        subscription
        for subscription in subscribed
        if event_visible_to_client(client=subscription.client, event_type=event_type, data=data)
    ]


def delivery_ids_due(*, before: datetime.datetime, limit: int) -> list[int]:
    return list(
        WebhookDelivery.objects.filter(
            status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=before
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
