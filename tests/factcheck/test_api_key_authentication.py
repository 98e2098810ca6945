"""API keys: what a key stands for is cached, and revoking a key still applies at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from factcheck.services.api_clients import api_client_issue_key, api_client_revoke_tokens

ARTICLES = "/api/v1/articles/"


def key_queries(client: APIClient, path: str = ARTICLES) -> tuple[int, int]:
    """(status, look-ups of the key in the database) of one request."""
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    return status, sum(
        query["sql"].startswith("SELECT") and "factcheck_apitoken" in query["sql"]
        for query in queries
    )


def client_with(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.mark.django_db
def test_a_key_in_use_is_read_from_the_database_once(api_client):
    assert key_queries(api_client) == (200, 1)
    assert key_queries(api_client) == (200, 0)


@pytest.mark.django_db
def test_a_revoked_key_is_refused_at_once_although_it_was_cached(api_client, integration_key):
    assert key_queries(api_client) == (200, 1)
    api_client_revoke_tokens(client=integration_key.client)
    assert api_client.get(ARTICLES).status_code == 401
    assert api_client.get(ARTICLES).status_code == 401


@pytest.mark.django_db
def test_a_rotated_key_stops_working_at_once(integration_key):
    old = client_with(integration_key.key)
    assert old.get(ARTICLES).status_code == 200
    rotated = api_client_issue_key(name="newsroom-tool")  # revokes the client's older keys
    assert old.get(ARTICLES).status_code == 401
    assert client_with(rotated.key).get(ARTICLES).status_code == 200


@pytest.mark.django_db
def test_roles_come_with_the_cached_key(api_client):
    # The queue is staff-only: an integration is refused, read from the database or the cache.
    assert api_client.get("/api/v1/queue/").status_code == 403
    assert key_queries(api_client, "/api/v1/queue/") == (403, 0)
    assert api_client.get(ARTICLES).status_code == 200


@pytest.mark.django_db
def test_a_deactivated_client_is_refused_once_its_cached_key_expires(api_client, integration_key):
    assert api_client.get(ARTICLES).status_code == 200
    user = integration_key.client.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    cache.clear()  # what API_KEY_CACHE_SECONDS later brings
    assert api_client.get(ARTICLES).status_code == 401


@pytest.mark.django_db
@override_settings(API_KEY_CACHE_SECONDS=0)
def test_without_key_caching_every_request_reads_the_key(api_client, integration_key):
    assert key_queries(api_client) == (200, 1)
    assert key_queries(api_client) == (200, 1)
    user = integration_key.client.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert api_client.get(ARTICLES).status_code == 401


UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "config.cache.ReusingRedisCache",
        # Port 1 on loopback: nothing listens, the connection is refused at once.
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.5},
    }
}


@pytest.mark.django_db
def test_with_the_cache_unreachable_keys_still_work_and_limits_let_requests_through(
    integration_key, caplog
):
    client = client_with(integration_key.key)
    with override_settings(CACHES=UNREACHABLE_REDIS):
        assert key_queries(client) == (200, 1)
        assert key_queries(client) == (200, 1)
        api_client_revoke_tokens(client=integration_key.client)
        # Revocation is stored in the database, which is what is read while the cache is out.
        assert client.get(ARTICLES).status_code == 401
    assert "cache unreachable" in caplog.text
