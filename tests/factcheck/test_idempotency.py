import hashlib

import pytest

from factcheck.models import Article, Claim, IdempotencyRecord
from tests.factories import IdempotencyRecordFactory

REPORT = "Officials in Derna said 40 people were missing after the floods."


def post(client, path, payload, key):
    return client.post(path, data=payload, format="json", HTTP_IDEMPOTENCY_KEY=key)


@pytest.mark.django_db
def test_a_retry_with_the_same_key_replays_the_first_response(api_client):
    first = post(api_client, "/api/v1/articles/", {"body": REPORT}, "key-1")
    retry = post(api_client, "/api/v1/articles/", {"body": REPORT}, "key-1")
    assert first.status_code == retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    assert retry["Location"] == first["Location"]
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_a_422(api_client):
    post(api_client, "/api/v1/articles/", {"body": REPORT}, "key-1")
    response = post(api_client, "/api/v1/articles/", {"body": REPORT + " More."}, "key-1")
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_keys_are_per_client(api_client, other_api_client):
    post(api_client, "/api/v1/articles/", {"body": REPORT}, "shared-key")
    response = post(
        other_api_client, "/api/v1/articles/", {"body": "Another report."}, "shared-key"
    )
    assert response.status_code == 201
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_a_refusal_is_replayed_too(api_client):
    first = post(api_client, "/api/v1/claims/", {"text": ""}, "key-2")
    retry = post(api_client, "/api/v1/claims/", {"text": ""}, "key-2")
    assert first.status_code == retry.status_code == 400
    assert retry.json()["errors"] == first.json()["errors"]
    assert Claim.objects.count() == 0


@pytest.mark.django_db
def test_a_request_still_in_progress_is_a_409(api_client, integration_key):
    IdempotencyRecordFactory(  # no response yet: the first request is still running
        user=integration_key.client.user,
        key="key-3",
        method="POST",
        path="/api/v1/articles/",
        request_fingerprint=hashlib.sha256(
            b'POST /api/v1/articles/\n{"body":"' + REPORT.encode() + b'"}'
        ).hexdigest(),
        response_status=None,
        response_body="",
    )
    response = post(api_client, "/api/v1/articles/", {"body": REPORT}, "key-3")
    assert response.status_code == 409
    assert Article.objects.count() == 0


@pytest.mark.parametrize("key", ["", "has space", "x" * 256, "naïve"])
@pytest.mark.django_db
def test_a_malformed_key_is_a_400(api_client, key):
    response = post(api_client, "/api/v1/articles/", {"body": REPORT}, key)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["errors"]
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_expired_records_are_removed(api_client):
    import datetime

    from django.utils import timezone

    from factcheck.idempotency import idempotency_records_expire

    post(api_client, "/api/v1/articles/", {"body": REPORT}, "old-key")
    IdempotencyRecord.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    assert idempotency_records_expire() == 1
    response = post(api_client, "/api/v1/articles/", {"body": "A new report."}, "old-key")
    assert response.status_code == 201


@pytest.mark.django_db
def test_an_error_echoing_hostile_input_is_stored_and_replayed(api_client):
    raw = '{"body": "A report.", "nul\\u0000key": 1, "surrogate\\udcd4key": 2}'

    def send():
        return api_client.post(
            "/api/v1/articles/",
            data=raw,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="key-hostile",
        )

    first, retry = send(), send()
    assert first.status_code == retry.status_code == 400
    assert retry.json() == first.json()
    assert retry["Content-Type"] == "application/problem+json"
