import pytest

from tests.conftest import client_for
from tests.factories import UserFactory
from tests.reviews.factories import Desk


@pytest.fixture
def assigned_checker(db):
    """The fact-checker the desk's claims are assigned to."""
    return UserFactory(username="checker-cat", role="fact-checker")


@pytest.fixture
def other_checker(db):
    return UserFactory(username="checker-carl", role="fact-checker")


@pytest.fixture
def desk(editor, other_editor, assigned_checker):
    return Desk(editor=editor, other_editor=other_editor, checker=assigned_checker)


@pytest.fixture
def checker_client(assigned_checker):
    return client_for(assigned_checker)


@pytest.fixture
def other_checker_client(other_checker):
    return client_for(other_checker)


@pytest.fixture
def other_editor_client(other_editor):
    return client_for(other_editor)
