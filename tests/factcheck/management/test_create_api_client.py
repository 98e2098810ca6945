from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from factcheck.authentication import api_key_digest
from factcheck.models import ApiClient, ApiToken


def create_client(*args) -> str:
    out = StringIO()
    call_command("create_api_client", *args, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def status_with(key: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client.get("/api/v1/articles/").status_code


@pytest.mark.django_db
def test_creates_a_client_in_the_integration_group_and_prints_a_working_key():
    key = create_client("Delta Times")
    client = ApiClient.objects.get(name="Delta Times")
    assert list(client.user.groups.values_list("name", flat=True)) == ["integration"]
    assert not client.user.is_staff
    assert status_with(key) == 200


@pytest.mark.django_db
def test_only_a_digest_of_the_key_is_stored():
    key = create_client("Delta Times")
    token = ApiToken.objects.get()
    assert token.key_digest == api_key_digest(key)
    assert key not in token.key_digest
    assert key.startswith(token.prefix)


@pytest.mark.django_db
def test_running_it_again_rotates_the_key():
    old = create_client("Delta Times")
    new = create_client("Delta Times")
    assert ApiClient.objects.count() == 1
    assert status_with(old) == 401
    assert status_with(new) == 200


@pytest.mark.django_db
def test_keep_existing_adds_a_key_without_revoking():
    old = create_client("Delta Times")
    new = create_client("Delta Times", "--keep-existing")
    assert status_with(old) == 200
    assert status_with(new) == 200


@pytest.mark.django_db
def test_an_admin_revokes_one_key_of_a_client_in_the_admin(admin_user):
    from django.test import Client

    from factcheck.models import AuditEvent

    first = create_client("Delta Times")
    second = create_client("Delta Times", "--keep-existing")
    token = ApiToken.objects.get(key_digest=api_key_digest(first))
    browser = Client()
    browser.force_login(admin_user)
    response = browser.post(
        "/admin/factcheck/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    assert status_with(first) == 401
    assert status_with(second) == 200
    event = AuditEvent.objects.get(action="api_token.revoked")
    assert event.actor == admin_user
    assert token.prefix in event.comment


@pytest.mark.django_db
def test_a_fact_checker_cannot_see_api_keys(fact_checker):
    from django.test import Client

    browser = Client()
    browser.force_login(fact_checker)
    assert browser.get("/admin/factcheck/apitoken/").status_code == 403
