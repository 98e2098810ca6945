"""Issue 15, finding 3: webhooks push to an integration exactly what the REST API lets it read.
A claim's assignment (assignee, due date) and an unapproved verdict are staff-only in the REST
API (history and verdict endpoints refuse integrations), so they are never pushed either."""

import json

import pytest

from factcheck.events import EVENT_TYPES
from factcheck.services.articles import article_create
from factcheck.services.claims import claim_create
from tests.factories import WebhookSubscriptionFactory
from webhooks.models import WebhookDelivery, WebhookSubscription
from webhooks.services.deliveries import webhook_events_record

from .conftest import WEBHOOKS_URL


@pytest.fixture
def subscribed_to_everything(integration_key):
    """A subscription to every event type, as one made before the rule existed."""
    return WebhookSubscriptionFactory(
        client=integration_key.client, event_types=sorted(EVENT_TYPES)
    )


@pytest.mark.django_db
def test_review_events_the_rest_api_refuses_to_integrations_are_never_delivered(
    integration_key, subscribed_to_everything, django_capture_on_commit_callbacks
):
    user = integration_key.client.user
    claim = claim_create(
        text="The port said 14 warehouses burned on 2025-03-02.", submitted_by=user
    )
    # Its own claim: the REST API shows it the claim, but not who reviews it nor an unapproved
    # rating.
    staff_only = {
        "claim.assigned": {
            "claim": claim.claim.pk,
            "status": "assigned",
            "assignment": 1,
            "assignee": 5,
            "due_at": "2025-03-03T12:00:00Z",
        },
        "verdict.submitted": {"claim": claim.claim.pk, "verdict": 1, "version": 1, "rating": 2},
    }
    for event_type, data in staff_only.items():
        webhook_events_record(event_type=event_type, data=data)
    assert not WebhookDelivery.objects.exists()
    # What the REST API does show it is still delivered.
    article = article_create(body="A report of the harbour fire.", submitted_by=user).article
    webhook_events_record(event_type="article.checked", data={"id": article.pk})
    webhook_events_record(
        event_type="claim.published", data={"claim": claim.claim.pk, "verdict": 1, "rating": 2}
    )
    assert sorted(WebhookDelivery.objects.values_list("event__type", flat=True)) == [
        "article.checked",
        "claim.published",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("event_type", ["claim.assigned", "verdict.submitted"])
def test_an_integration_cannot_subscribe_to_staff_only_events(api_client, event_type):
    response = api_client.post(
        WEBHOOKS_URL,
        data=json.dumps({"url": "https://receiver.example.org/hook", "event_types": [event_type]}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "event_types" in response.json()["errors"]
    assert not WebhookSubscription.objects.exists()
