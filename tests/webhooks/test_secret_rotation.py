"""Rotating a subscription's signing secret: the new secret is shown once; the old one keeps
signing beside it for the overlap asked for, so a receiver switches without losing a message."""

import datetime
import json

import pytest
from django.utils import timezone
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from factcheck.events import event_publish
from factcheck.models import AuditEvent
from webhooks.models import WebhookSubscription

from .conftest import WEBHOOKS_URL, assert_signed, subscribe

CLAIM_DATA = {"claim": {"id": 7, "article": 3, "text": "The ministry said 212 died."}}


def rotate(client, subscription_id: int, payload=None):
    return client.post(
        f"{WEBHOOKS_URL}{subscription_id}/rotate-secret/",
        data=json.dumps(payload or {}),
        content_type="application/json",
    )


def publish(capture):
    with capture(execute=True):
        event_publish(event_type="claim.published", data=CLAIM_DATA)


@pytest.mark.django_db
def test_rotation_shows_the_new_secret_once_and_keeps_the_old_one_signing(
    api_client, receiver, django_capture_on_commit_callbacks
):
    created = subscribe(api_client, receiver.url, ["claim.published"])
    response = rotate(api_client, created["id"])
    assert response.status_code == 200, response.content
    rotated = response.json()
    assert response["Cache-Control"] == "no-store"
    assert rotated["secret"].startswith("whsec_")
    assert rotated["secret"] != created["secret"]
    expires = datetime.datetime.fromisoformat(rotated["previous_secret_expires_at"])
    assert abs(expires - (timezone.now() + datetime.timedelta(hours=24))).total_seconds() < 60
    assert "secret" not in api_client.get(f"{WEBHOOKS_URL}{created['id']}/").json()
    assert AuditEvent.objects.filter(action="webhook.secret_rotated").count() == 1

    publish(django_capture_on_commit_callbacks)
    [request] = receiver.requests
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    # A receiver still on the old secret and one already on the new both accept it.
    assert_signed(request, created["secret"])
    assert_signed(request, rotated["secret"])


@pytest.mark.django_db
def test_once_the_old_secret_expires_only_the_new_one_signs(
    api_client, receiver, django_capture_on_commit_callbacks
):
    created = subscribe(api_client, receiver.url, ["claim.published"])
    rotated = rotate(api_client, created["id"], {"previous_secret_valid_hours": 1}).json()
    WebhookSubscription.objects.filter(pk=created["id"]).update(
        previous_secret_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    publish(django_capture_on_commit_callbacks)
    [request] = receiver.requests
    assert len(request.headers["webhook-signature"].split(" ")) == 1
    assert_signed(request, rotated["secret"])
    with pytest.raises(WebhookVerificationError):
        Webhook(created["secret"]).verify(request.body, request.headers)


@pytest.mark.django_db
def test_zero_hours_stops_the_old_secret_at_once(
    api_client, receiver, django_capture_on_commit_callbacks
):
    created = subscribe(api_client, receiver.url, ["claim.published"])
    rotated = rotate(api_client, created["id"], {"previous_secret_valid_hours": 0}).json()
    publish(django_capture_on_commit_callbacks)
    [request] = receiver.requests
    assert request.headers["webhook-signature"].count("v1,") == 1
    assert_signed(request, rotated["secret"])


@pytest.mark.django_db
def test_a_second_rotation_keeps_two_secrets_at_most(
    api_client, receiver, django_capture_on_commit_callbacks
):
    created = subscribe(api_client, receiver.url, ["claim.published"])
    first = rotate(api_client, created["id"]).json()
    second = rotate(api_client, created["id"]).json()
    publish(django_capture_on_commit_callbacks)
    [request] = receiver.requests
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    assert_signed(request, first["secret"])
    assert_signed(request, second["secret"])
    with pytest.raises(WebhookVerificationError):
        Webhook(created["secret"]).verify(request.body, request.headers)


@pytest.mark.parametrize("hours", [-1, 169, "soon", None])
@pytest.mark.django_db
def test_an_overlap_out_of_range_is_a_400_and_changes_nothing(api_client, hours):
    created = subscribe(api_client, "https://hooks.newsroom.example/f")
    response = rotate(api_client, created["id"], {"previous_secret_valid_hours": hours})
    assert response.status_code == 400
    assert "previous_secret_valid_hours" in response.json()["errors"]
    assert WebhookSubscription.objects.get(pk=created["id"]).secret == created["secret"]


@pytest.mark.django_db
def test_another_clients_subscription_answers_404(api_client, other_api_client):
    created = subscribe(api_client, "https://hooks.newsroom.example/f")
    assert rotate(other_api_client, created["id"]).status_code == 404
    assert WebhookSubscription.objects.get(pk=created["id"]).secret == created["secret"]


@pytest.mark.django_db
def test_callers_without_the_role_are_refused(
    api_client, anonymous_client, fact_checker_client, editor_client
):
    created = subscribe(api_client, "https://hooks.newsroom.example/f")
    assert rotate(anonymous_client, created["id"]).status_code == 401
    assert rotate(fact_checker_client, created["id"]).status_code == 403
    assert rotate(editor_client, created["id"]).status_code == 403
    assert WebhookSubscription.objects.get(pk=created["id"]).secret == created["secret"]
