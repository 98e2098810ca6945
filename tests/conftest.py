"""The people of the tests, defined once: role fixtures (`editor`, `fact_checker` /
`assigned_checker`, `other_checker`, `admin_user`, `api_client`, …), their logged-in clients,
and the review desk they work at."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from factcheck.services.api_clients import api_client_issue_key
from tests.factories import UserFactory
from tests.reviews.workflow import Desk


@pytest.fixture
def editor(db):
    return UserFactory(username="editor-ed", role="editor")


@pytest.fixture
def other_editor(db):
    return UserFactory(username="editor-eve", role="editor")


@pytest.fixture
def assigned_checker(db):
    """The fact-checker the desk's claims are assigned to."""
    return UserFactory(username="checker-cat", role="fact-checker")


@pytest.fixture
def fact_checker(assigned_checker):
    """A fact-checker, where no desk is involved: the same person as `assigned_checker`."""
    return assigned_checker


@pytest.fixture
def other_checker(db):
    """A fact-checker the claims are not assigned to."""
    return UserFactory(username="checker-carl", role="fact-checker")


@pytest.fixture
def desk(editor, other_editor, assigned_checker):
    return Desk(editor=editor, other_editor=other_editor, checker=assigned_checker)


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
    """An API client authenticated as `user`."""
    client = APIClient()
    client.force_authenticate(user)
    return client


def queries_and_rows(user, url: str) -> tuple[int, int]:
    """How many SQL queries a GET of the list at `url` makes, and how many rows it lists,
    for a fresh copy of `user` (roles are read once per request, as in production)."""
    client = client_for(get_user_model().objects.get(pk=user.pk))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries), len(response.json()["results"])


def logged_in(user) -> Client:
    """A browser-like client with `user` logged in to the admin."""
    client = Client()
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def editor_client(editor):
    return client_for(editor)


@pytest.fixture
def other_editor_client(other_editor):
    return client_for(other_editor)


@pytest.fixture
def checker_client(assigned_checker):
    return client_for(assigned_checker)


@pytest.fixture
def fact_checker_client(checker_client):
    """The API client of `fact_checker` (the same person as `assigned_checker`)."""
    return checker_client


@pytest.fixture
def other_checker_client(other_checker):
    return client_for(other_checker)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and other cached values do not leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
