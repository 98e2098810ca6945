"""The delivery log through the API and the admin, and replays from both."""

import pytest
from django.test import Client

from factcheck.events import event_publish
from factcheck.models import AuditEvent
from tests.conftest import client_for
from webhooks.models import WebhookDelivery

from .conftest import Receiver, assert_signed, subscribe

DATA = {"claim": {"id": 1}}


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def down_then_up():
    """A receiver that fails the first request and accepts the next ones."""
    server = Receiver(statuses=[500, 200])
    yield server
    server.close()


@pytest.fixture
def failed_delivery(api_client, down_then_up, django_capture_on_commit_callbacks, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 1
    subscription = subscribe(api_client, down_then_up.url, ["claim.published"])
    with django_capture_on_commit_callbacks(execute=True):
        event_publish(event_type="claim.published", data=DATA)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.FAILED
    return subscription, delivery


@pytest.mark.django_db
def test_the_delivery_log_lists_newest_first_and_pages(
    api_client, receiver, django_capture_on_commit_callbacks
):
    subscription = subscribe(api_client, receiver.url, ["claim.published", "claim.retracted"])
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(3):
            event_publish(event_type="claim.published", data={"claim": {"id": number}})
    path = f"/api/v1/webhooks/{subscription['id']}/deliveries/"
    page = api_client.get(path, {"page_size": 2}).json()
    assert [item["event"]["data"]["claim"]["id"] for item in page["results"]] == [2, 1]
    assert page["next"]
    first = page["results"][0]
    assert first["status"] == "succeeded"
    assert first["attempts"] == 1
    assert first["last_response_code"] == 200
    assert first["event"]["type"] == "claim.published"
    assert first["delivered_at"]
    rest = api_client.get(page["next"]).json()
    assert [item["event"]["data"]["claim"]["id"] for item in rest["results"]] == [0]
    assert rest["next"] is None
    assert api_client.get(path, {"status": "failed"}).json()["results"] == []
    assert api_client.get(path, {"status": "nonsense"}).status_code == 400


@pytest.mark.django_db
def test_replaying_a_failed_delivery_through_the_api(
    api_client, down_then_up, failed_delivery, django_capture_on_commit_callbacks
):
    subscription, delivery = failed_delivery
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(f"/api/v1/webhooks/deliveries/{delivery.pk}/replay/")
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "pending"
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    assert delivery.attempts == 2
    assert delivery.last_response_code == 200
    assert len(down_then_up.requests) == 2
    first, replayed = down_then_up.requests
    assert replayed.headers["webhook-id"] == first.headers["webhook-id"]
    assert replayed.body == first.body
    assert_signed(replayed, subscription["secret"])
    assert AuditEvent.objects.filter(action="webhook.replayed").count() == 1


@pytest.mark.django_db
def test_another_clients_delivery_cannot_be_replayed(other_api_client, failed_delivery):
    _, delivery = failed_delivery
    response = other_api_client.post(f"/api/v1/webhooks/deliveries/{delivery.pk}/replay/")
    assert response.status_code == 404
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.FAILED


@pytest.mark.django_db
def test_replay_is_refused_to_other_roles(
    fact_checker_client, anonymous_client, failed_delivery, admin_user
):
    _, delivery = failed_delivery
    path = f"/api/v1/webhooks/deliveries/{delivery.pk}/replay/"
    assert anonymous_client.post(path).status_code == 401
    assert fact_checker_client.post(path).status_code == 403
    assert client_for(admin_user).post(path).status_code == 202


@pytest.mark.parametrize(
    "path",
    [
        "/admin/webhooks/webhookdelivery/",
        "/admin/webhooks/webhookdelivery/?status__exact=failed",
        "/admin/webhooks/webhookdelivery/?last_response_code=500",
        "/admin/webhooks/webhookdelivery/?q=not-a-uuid",
        "/admin/webhooks/webhookdelivery/?q=hooks",
        "/admin/webhooks/webhooksubscription/",
        "/admin/webhooks/webhookevent/",
        "/admin/webhooks/webhookevent/?type=claim.published",
    ],
)
@pytest.mark.django_db
def test_an_admin_can_open_every_webhook_list(admin_user, failed_delivery, path):
    page = logged_in(admin_user).get(path)
    assert page.status_code == 200


@pytest.mark.django_db
def test_the_admin_delivery_log_shows_status_code_attempts_and_error(admin_user, failed_delivery):
    subscription, _ = failed_delivery
    html = logged_in(admin_user).get("/admin/webhooks/webhookdelivery/").content.decode()
    assert "Replay selected deliveries" in html
    for text in ("claim.published", "Failed", "500", "HTTP 500"):
        assert text in html, text
    detail = logged_in(admin_user).get(
        f"/admin/webhooks/webhooksubscription/{subscription['id']}/change/"
    )
    assert detail.status_code == 200
    assert subscription["secret"] not in detail.content.decode()


@pytest.mark.django_db
def test_replaying_from_the_admin(
    admin_user, down_then_up, failed_delivery, django_capture_on_commit_callbacks
):
    _, delivery = failed_delivery
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(admin_user).post(
            "/admin/webhooks/webhookdelivery/",
            {"action": "replay_selected_deliveries", "_selected_action": [delivery.pk]},
        )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    assert len(down_then_up.requests) == 2
    assert AuditEvent.objects.get(action="webhook.replayed").actor == admin_user


@pytest.mark.django_db
def test_editors_and_fact_checkers_do_not_see_webhooks_in_the_admin(
    editor, fact_checker, failed_delivery
):
    for user in (editor, fact_checker):
        assert logged_in(user).get("/admin/webhooks/webhookdelivery/").status_code == 403
