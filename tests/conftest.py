import pytest
from rest_framework.test import APIClient

from factcheck.services.api_clients import api_client_issue_key
from tests.factories import UserFactory


@pytest.fixture
def editor(db):
    return UserFactory(username="editor-ed", role="editor")


@pytest.fixture
def other_editor(db):
    return UserFactory(username="editor-eve", role="editor")


@pytest.fixture
def fact_checker(db):
    return UserFactory(username="checker-cat", role="fact-checker")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin-ada", role="admin")


@pytest.fixture
def user_without_role(db):
    return UserFactory(username="nobody-ned", is_staff=False)


@pytest.fixture
def integration_key(db):
    """A newsroom tool's API client and its (plain) key."""
    return api_client_issue_key(name="newsroom-tool")


@pytest.fixture
def other_integration_key(db):
    return api_client_issue_key(name="other-newsroom")


@pytest.fixture
def anonymous_client():
    return APIClient()


@pytest.fixture
def api_client(integration_key):
    """An API client authenticated as a newsroom tool (integration role) by token."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {integration_key.key}")
    return client


@pytest.fixture
def other_api_client(other_integration_key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {other_integration_key.key}")
    return client


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def editor_client(editor):
    return client_for(editor)


@pytest.fixture
def fact_checker_client(fact_checker):
    return client_for(fact_checker)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and other cached values do not leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
