"""Login brute force is slowed (django-axes: per account and per address), API keys are stored
hashed and can be revoked, and article text is shown escaped in the admin and the API docs."""

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings
from rest_framework.test import APIClient

from factcheck.models import ApiToken
from factcheck.services.api_clients import api_client_issue_key, api_client_revoke_tokens
from tests.factories import ArticleFactory, ClaimFactory, UserFactory

PRODUCTION_LOGIN = override_settings(
    AXES_ENABLED=True,
    AXES_FAILURE_LIMIT=3,
    AUTHENTICATION_BACKENDS=[
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
    ],
)


def admin_login(client: Client, username: str, password: str, address: str) -> int:
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )
    return response.status_code


@PRODUCTION_LOGIN
@pytest.mark.django_db
def test_an_account_is_locked_after_repeated_failures_even_with_the_right_password():
    UserFactory(username="target", role="editor")
    client = Client()
    for number in range(2):
        assert admin_login(client, "target", "wrong", f"198.51.100.{number}") == 200
    assert admin_login(client, "target", "wrong", "198.51.100.2") == 429  # the limit: locked
    # From a fresh address, with the right password: still refused for the cool-off time.
    assert admin_login(client, "target", "pass-for-tests", "198.51.100.77") == 429


@PRODUCTION_LOGIN
@pytest.mark.django_db
def test_an_address_is_locked_after_failures_against_several_accounts():
    for name in ("one", "two", "three", "victim"):
        UserFactory(username=name, role="editor")
    client = Client()
    for name in ("one", "two"):
        assert admin_login(client, name, "wrong", "203.0.113.9") == 200
    assert admin_login(client, "three", "wrong", "203.0.113.9") == 429
    assert admin_login(client, "victim", "pass-for-tests", "203.0.113.9") == 429
    # Another address logs in to that account as usual.
    assert admin_login(Client(), "victim", "pass-for-tests", "203.0.113.10") == 302


@PRODUCTION_LOGIN
@pytest.mark.django_db
def test_a_success_before_the_limit_resets_the_count():
    UserFactory(username="typo", role="editor")
    client = Client()
    for _ in range(2):
        assert admin_login(client, "typo", "wrong", "192.0.2.1") == 200
    assert admin_login(client, "typo", "pass-for-tests", "192.0.2.1") == 302
    for _ in range(2):
        assert admin_login(Client(), "typo", "wrong", "192.0.2.1") == 200
    assert admin_login(Client(), "typo", "pass-for-tests", "192.0.2.1") == 302


@pytest.mark.django_db
def test_api_keys_are_stored_hashed_and_revocable():
    issued = api_client_issue_key(name="hashed-tool")
    stored = list(ApiToken.objects.filter(client=issued.client).values())
    assert stored
    assert issued.key not in json.dumps(stored, default=str)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.key}")
    assert client.get("/api/v1/articles/").status_code == 200
    api_client_revoke_tokens(client=issued.client)
    assert client.get("/api/v1/articles/").status_code == 401


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.mark.django_db
def test_hostile_article_text_is_shown_escaped_in_the_admin():
    article = ArticleFactory(title=f"Title {HOSTILE}", body=f"Body {HOSTILE} 14 people died.")
    claim = ClaimFactory(article=article, text=f"Claim {HOSTILE}")
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x"))
    pages = [
        "/admin/factcheck/article/",
        f"/admin/factcheck/article/{article.pk}/change/",
        "/admin/factcheck/claim/",
        f"/admin/factcheck/claim/{claim.pk}/change/",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        assert "<script>alert" not in html, page
        assert "<img src=x" not in html, page
        assert "&lt;script&gt;" in html, page


@pytest.mark.django_db
def test_the_admin_and_the_api_docs_send_a_content_security_policy(admin_user):
    client = Client()
    client.force_login(admin_user)
    for page in ("/admin/", "/api/v1/docs/"):
        policy = client.get(page).headers.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy, page
        assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        assert "frame-ancestors 'none'" in policy
    docs = client.get("/api/v1/docs/").content.decode()
    assert "<script>" not in docs.replace(" ", ""), "no inline script in the API docs"
