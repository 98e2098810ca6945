"""Delivery to real HTTP receivers: signed, after commit, retried with backoff, idempotent."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from factcheck.events import event_publish
from factcheck.models import Article, ContradictionFlag
from factcheck.services.claims import claim_create
from factcheck.services.detection import claim_detect_contradictions
from tests.factcheck.helpers import QUAKE_DAY_ONE, post_and_process
from tests.factories import ArticleFactory, StoryFactory
from webhooks.models import WebhookDelivery, WebhookEvent, WebhookSubscription
from webhooks.services import deliveries
from webhooks.tasks import deliver_webhook, requeue_due_webhook_deliveries

from .conftest import Receiver, assert_signed, subscribe

MONDAY_TOLL = "The health ministry said on Monday that 1,200 people were killed by the earthquake."
WEDNESDAY_TOLL = (
    "The health ministry said on Wednesday that 2,800 people were killed by the earthquake."
)
CLAIM_DATA = {"claim": {"id": 7, "article": 3, "text": "The ministry said 212 died."}}


def publish(capture, event_type="claim.published", data=CLAIM_DATA):
    with capture(execute=True):
        event_publish(event_type=event_type, data=data)


def nominal_delay(attempts: int) -> float:
    return min(
        deliveries.RETRY_BASE_SECONDS * deliveries.RETRY_FACTOR ** (attempts - 1),
        deliveries.RETRY_MAX_SECONDS,
    )


def assert_delay(delivery, *, after: datetime.datetime, attempts: int, until=None):
    """next_attempt_at lies between the nominal delay and the nominal delay plus jitter."""
    low = after + datetime.timedelta(seconds=nominal_delay(attempts))
    high = (until or after) + datetime.timedelta(
        seconds=nominal_delay(attempts) * (1 + deliveries.RETRY_JITTER)
    )
    assert low <= delivery.next_attempt_at <= high, (attempts, delivery.next_attempt_at, low)


@pytest.mark.django_db
def test_a_checked_article_is_delivered_signed_end_to_end(
    api_client, receiver, django_capture_on_commit_callbacks
):
    subscription = subscribe(api_client, receiver.url, ["article.checked"])
    article = post_and_process(
        api_client, django_capture_on_commit_callbacks, QUAKE_DAY_ONE, published_at="2023-02-06"
    )
    assert article.status == Article.Status.CHECKED

    [request] = receiver.requests
    assert request.path == "/hooks/newsroom"
    assert request.headers["content-type"] == "application/json"
    assert_signed(request, subscription["secret"])
    payload = request.json()
    assert payload["type"] == "article.checked"
    assert payload["data"]["id"] == article.pk
    assert payload["data"]["status"] == "checked"
    assert payload["data"]["claim_count"] == article.claims.count() > 0
    event = WebhookEvent.objects.get()
    assert request.headers["webhook-id"] == str(event.pk)
    assert datetime.datetime.fromisoformat(payload["timestamp"]) == event.created_at

    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    assert delivery.attempts == 1
    assert delivery.last_response_code == 200
    assert delivery.delivered_at is not None
    assert delivery.next_attempt_at is None


@pytest.mark.django_db
def test_a_new_contradiction_flag_is_delivered_with_both_claims(
    api_client, integration_key, receiver, django_capture_on_commit_callbacks
):
    subscription = subscribe(api_client, receiver.url, ["contradiction.flagged"])
    story = StoryFactory(title="Earthquake")
    with django_capture_on_commit_callbacks(execute=True):
        for sentence in (MONDAY_TOLL, WEDNESDAY_TOLL):
            article = ArticleFactory(story=story, body=f"Earthquake update.\n{sentence}\n")
            claim_create(text=sentence, article=article, submitted_by=integration_key.client.user)
    flag = ContradictionFlag.objects.select_related("claim_a", "claim_b").get()

    [request] = receiver.requests
    assert_signed(request, subscription["secret"])
    payload = request.json()
    assert payload["type"] == "contradiction.flagged"
    data = payload["data"]
    assert {key: data[key] for key in ("id", "kind", "score")} == {
        "id": flag.pk,
        "kind": flag.kind,
        "score": flag.score,
    }
    # As worded when the flag was created (the other claim's detection may reword it since).
    assert "1,200" in data["explanation"]
    assert "2,800" in data["explanation"]
    for side, claim in (("claim_a", flag.claim_a), ("claim_b", flag.claim_b)):
        assert data[side] == {
            "id": claim.pk,
            "article": claim.article_id,
            "text": claim.text,
            "start": claim.start,
            "end": claim.end,
        }
        assert claim.article.body[claim.start : claim.end] == claim.text

    # Detecting again finds the same flag: it is not announced a second time.
    with django_capture_on_commit_callbacks(execute=True):
        for claim in (flag.claim_a, flag.claim_b):
            claim_detect_contradictions(claim_id=claim.pk)
    assert len(receiver.requests) == 1


@pytest.mark.django_db
def test_only_active_subscriptions_to_the_type_receive_it(
    api_client, other_api_client, receiver, django_capture_on_commit_callbacks
):
    other = Receiver()
    try:
        subscribe(api_client, receiver.url, ["claim.published", "claim.retracted"])
        subscribe(other_api_client, other.url, ["article.checked"])
        inactive = subscribe(other_api_client, other.url, ["claim.published"])
        WebhookSubscription.objects.filter(pk=inactive["id"]).update(active=False)
        publish(django_capture_on_commit_callbacks, "claim.published")
        assert [request.json()["type"] for request in receiver.requests] == ["claim.published"]
        assert other.requests == []
    finally:
        other.close()


@pytest.mark.django_db
def test_an_event_nobody_subscribed_to_is_not_stored(django_capture_on_commit_callbacks):
    publish(django_capture_on_commit_callbacks, "claim.published")
    assert not WebhookEvent.objects.exists()


@pytest.mark.django_db
def test_nothing_is_sent_or_kept_when_the_transaction_rolls_back(
    api_client, receiver, django_capture_on_commit_callbacks
):
    subscribe(api_client, receiver.url, ["claim.published"])

    def service_failing_after_publishing():
        with transaction.atomic():
            event_publish(event_type="claim.published", data=CLAIM_DATA)
            assert WebhookDelivery.objects.count() == 1
            raise RuntimeError("the service failed after publishing")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        service_failing_after_publishing()
    assert callbacks == []
    assert receiver.requests == []
    assert not WebhookEvent.objects.exists()
    assert not WebhookDelivery.objects.exists()


@pytest.mark.django_db
def test_a_failing_receiver_is_retried_with_exponential_backoff_then_failed(
    api_client, failing_receiver, django_capture_on_commit_callbacks, settings
):
    settings.WEBHOOK_MAX_ATTEMPTS = 4
    subscription = subscribe(api_client, failing_receiver.url, ["claim.published"])
    before = timezone.now()
    publish(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.attempts == 1
    assert delivery.last_response_code == 500
    assert delivery.last_error.startswith("HTTP 500")
    assert_delay(delivery, after=before, until=timezone.now(), attempts=1)

    delays = []
    while delivery.status == WebhookDelivery.Status.PENDING:
        attempted_at = delivery.next_attempt_at
        delivery = deliveries.delivery_attempt(delivery_id=delivery.pk, now=attempted_at)
        if delivery.status == WebhookDelivery.Status.PENDING:
            assert_delay(delivery, after=attempted_at, attempts=delivery.attempts)
            delays.append((delivery.next_attempt_at - attempted_at).total_seconds())
    assert len(delays) == 2
    assert delays[1] > 3 * delays[0]  # x4, give or take the jitter

    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.attempts == 4
    assert delivery.next_attempt_at is None
    assert delivery.last_response_code == 500
    assert len(failing_receiver.requests) == 4
    # Every attempt is the same message (same id and body), signed afresh.
    assert len({request.headers["webhook-id"] for request in failing_receiver.requests}) == 1
    assert len({request.body for request in failing_receiver.requests}) == 1
    for request in failing_receiver.requests:
        assert_signed(request, subscription["secret"])

    # A failed delivery is not attempted again by a stray task.
    deliver_webhook.delay(delivery.pk)
    assert len(failing_receiver.requests) == 4


@pytest.mark.django_db
def test_near_retries_are_queued_and_far_ones_left_to_the_sweep(
    api_client, failing_receiver, django_capture_on_commit_callbacks
):
    subscribe(api_client, failing_receiver.url, ["claim.published"])
    event_publish(event_type="claim.published", data=CLAIM_DATA)  # its task is not run here
    delivery = WebhookDelivery.objects.get()
    with django_capture_on_commit_callbacks() as callbacks:
        deliveries.delivery_attempt(delivery_id=delivery.pk)
    assert len(callbacks) == 1  # the retry in about 30 s, queued with a countdown

    WebhookDelivery.objects.filter(pk=delivery.pk).update(attempts=3)
    delivery.refresh_from_db()
    attempted_at = delivery.next_attempt_at
    with django_capture_on_commit_callbacks() as callbacks:
        delivery = deliveries.delivery_attempt(delivery_id=delivery.pk, now=attempted_at)
    assert callbacks == []  # 32 minutes away: the sweep will queue it
    assert delivery.attempts == 4
    assert_delay(delivery, after=attempted_at, attempts=4)


@pytest.mark.django_db
def test_a_receiver_that_times_out_is_a_failure_and_retried(
    api_client, hanging_receiver, django_capture_on_commit_callbacks, settings
):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    subscribe(api_client, hanging_receiver.url, ["claim.published"])
    publish(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.attempts == 1
    assert delivery.last_response_code is None
    assert "timed out" in delivery.last_error.lower()
    attempted_at = delivery.next_attempt_at
    delivery = deliveries.delivery_attempt(delivery_id=delivery.pk, now=attempted_at)
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.attempts == 2
    assert len(hanging_receiver.requests) == 2


@pytest.mark.django_db
def test_a_closed_port_is_a_connection_failure(
    api_client, closed_port_url, django_capture_on_commit_callbacks
):
    subscribe(api_client, closed_port_url, ["claim.published"])
    publish(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.attempts == 1
    assert delivery.last_response_code is None
    assert delivery.last_error.startswith("ConnectionError")


@pytest.mark.django_db
def test_a_redirect_is_not_followed(api_client, django_capture_on_commit_callbacks):
    redirecting = Receiver(statuses=[302])
    try:
        subscribe(api_client, redirecting.url, ["claim.published"])
        publish(django_capture_on_commit_callbacks)
        delivery = WebhookDelivery.objects.get()
        assert delivery.status == WebhookDelivery.Status.PENDING
        assert delivery.last_response_code == 302
        assert len(redirecting.requests) == 1
    finally:
        redirecting.close()


@pytest.mark.django_db
def test_delivery_succeeds_once_the_receiver_recovers(
    api_client, django_capture_on_commit_callbacks
):
    recovering = Receiver(statuses=[500, 503, 204])
    try:
        subscription = subscribe(api_client, recovering.url, ["claim.published"])
        publish(django_capture_on_commit_callbacks)
        delivery = WebhookDelivery.objects.get()
        while delivery.status == WebhookDelivery.Status.PENDING:
            delivery = deliveries.delivery_attempt(
                delivery_id=delivery.pk, now=delivery.next_attempt_at
            )
        assert delivery.status == WebhookDelivery.Status.SUCCEEDED
        assert delivery.attempts == 3
        assert delivery.last_response_code == 204
        assert delivery.last_error == ""
        assert delivery.delivered_at is not None
        assert [request.headers["webhook-id"] for request in recovering.requests] == [
            str(delivery.event_id)
        ] * 3
        assert_signed(recovering.requests[-1], subscription["secret"])
    finally:
        recovering.close()


@pytest.mark.django_db
def test_a_duplicate_task_does_not_send_a_delivered_event_again(
    api_client, receiver, django_capture_on_commit_callbacks
):
    subscribe(api_client, receiver.url, ["claim.published"])
    publish(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    with django_capture_on_commit_callbacks(execute=True):
        deliver_webhook.delay(delivery.pk)
        deliver_webhook.delay(delivery.pk)
    assert len(receiver.requests) == 1
    delivery.refresh_from_db()
    assert delivery.attempts == 1


@pytest.mark.django_db
def test_a_task_arriving_before_the_retry_is_due_sends_nothing(
    api_client, failing_receiver, django_capture_on_commit_callbacks
):
    subscribe(api_client, failing_receiver.url, ["claim.published"])
    publish(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    scheduled = delivery.next_attempt_at
    deliver_webhook.delay(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.next_attempt_at) == (1, scheduled)
    assert len(failing_receiver.requests) == 1


@pytest.mark.django_db
def test_the_sweep_sends_deliveries_whose_message_was_lost(
    api_client, receiver, django_capture_on_commit_callbacks
):
    subscription = subscribe(api_client, receiver.url, ["claim.published"])
    # Recorded, but its task never ran (the on-commit callbacks are not executed here).
    event_publish(event_type="claim.published", data=CLAIM_DATA)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.PENDING
    requeue_due_webhook_deliveries.delay()
    assert receiver.requests == []  # within the grace period its own task may still come

    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    # The beat runs the sweep outside any transaction: what it queues is sent at once.
    with django_capture_on_commit_callbacks(execute=True):
        requeue_due_webhook_deliveries.delay()
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    [request] = receiver.requests
    assert_signed(request, subscription["secret"])


@pytest.mark.django_db
def test_a_deactivated_subscription_fails_its_pending_deliveries_without_sending(
    api_client, receiver
):
    created = subscribe(api_client, receiver.url, ["claim.published"])
    event_publish(event_type="claim.published", data=CLAIM_DATA)
    WebhookSubscription.objects.filter(pk=created["id"]).update(active=False)
    delivery = deliveries.delivery_attempt(delivery_id=WebhookDelivery.objects.get().pk)
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.last_error == "The subscription is inactive."
    assert receiver.requests == []


@pytest.mark.django_db
def test_private_targets_are_refused_at_send_time_when_not_allowed(
    api_client, receiver, django_capture_on_commit_callbacks, settings
):
    # Allowed when subscribing here; a name resolving to an internal address.
    subscribe(api_client, receiver.url.replace("127.0.0.1", "localhost"), ["claim.published"])
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    publish(django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert "does not resolve to a public address" in delivery.last_error
    assert "127.0.0.1" not in delivery.last_error  # the client reads it: no internal address
    assert receiver.requests == []


@pytest.mark.django_db
def test_deleting_a_subscription_drops_its_queued_deliveries(api_client, receiver):
    created = subscribe(api_client, receiver.url, ["claim.published"])
    event_publish(event_type="claim.published", data=CLAIM_DATA)
    delivery_id = WebhookDelivery.objects.get().pk
    assert api_client.delete(f"/api/v1/webhooks/{created['id']}/").status_code == 204
    deliver_webhook.delay(delivery_id)
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


@pytest.mark.django_db
def test_a_flag_on_claims_another_newsroom_sent_is_not_delivered(
    api_client, other_integration_key, receiver, django_capture_on_commit_callbacks
):
    subscribe(api_client, receiver.url, ["contradiction.flagged"])
    story = StoryFactory(title="Earthquake")
    with django_capture_on_commit_callbacks(execute=True):
        for sentence in (MONDAY_TOLL, WEDNESDAY_TOLL):
            article = ArticleFactory(story=story, body=f"Earthquake update.\n{sentence}\n")
            claim_create(
                text=sentence, article=article, submitted_by=other_integration_key.client.user
            )
    assert ContradictionFlag.objects.count() == 1
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()
