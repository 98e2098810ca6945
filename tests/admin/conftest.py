import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.reviews.factories import Desk


@pytest.fixture
def assigned_checker(db):
    return UserFactory(username="checker-cat", role="fact-checker")


@pytest.fixture
def other_checker(db):
    return UserFactory(username="checker-carl", role="fact-checker")


@pytest.fixture
def desk(editor, other_editor, assigned_checker):
    return Desk(editor=editor, other_editor=other_editor, checker=assigned_checker)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]
