"""Every review endpoint refuses the wrong caller: 401 without credentials, 403 for a role
that may not use it (and nothing is written), 404 for an object the caller cannot see."""

import pytest
from rest_framework.test import APIClient

from factcheck.models import AuditEvent, Claim
from tests.conftest import client_for
from tests.factories import UserFactory
from tests.reviews.helpers import post
from tests.reviews.workflow import claim_with_article, flag_between

ROLES = ["fact-checker", "editor", "admin", "integration", "none"]
STAFF = {"fact-checker", "editor", "admin"}
EDITOR = {"editor"}
CHECKER = {"fact-checker"}
WORKERS = {"fact-checker", "editor"}

# method, path ("{claim}" or "{flag}" for the object), roles allowed
ENDPOINTS = [
    ("post", "/api/v1/claims/{claim}/assign/", EDITOR),
    ("post", "/api/v1/claims/assign/", EDITOR),
    ("post", "/api/v1/claims/{claim}/take/", CHECKER),
    ("post", "/api/v1/claims/{claim}/start/", CHECKER),
    ("post", "/api/v1/claims/{claim}/verdict/", CHECKER),
    ("post", "/api/v1/claims/{claim}/approve/", EDITOR),
    ("post", "/api/v1/claims/{claim}/request-changes/", EDITOR),
    ("post", "/api/v1/claims/{claim}/publish/", EDITOR),
    ("post", "/api/v1/claims/{claim}/retract/", EDITOR),
    ("post", "/api/v1/claims/{claim}/dismiss/", EDITOR),
    ("get", "/api/v1/claims/{claim}/history/", STAFF),
    ("get", "/api/v1/claims/{claim}/verdicts/", STAFF),
    ("get", "/api/v1/claims/{claim}/claimreview/", STAFF | {"integration"}),
    ("get", "/api/v1/claimreviews/", STAFF | {"integration"}),
    ("get", "/api/v1/queue/", WORKERS),
    ("post", "/api/v1/contradictions/{flag}/confirm/", WORKERS),
    ("post", "/api/v1/contradictions/{flag}/dismiss/", WORKERS),
]


@pytest.fixture
def objects(db, integration_key):
    """A claim and a flag that the integration submitted (so it can see them): a refusal is
    about its role, not about visibility."""
    claim = claim_with_article()
    claim.submitters.add(integration_key.client.user)
    other = claim_with_article("The ministry said 2,800 people died.")
    return {"claim": claim.pk, "flag": flag_between(claim, other).pk}


def client_with_role(role: str, api_client) -> APIClient:
    if role == "integration":
        return api_client
    if role == "none":
        return client_for(UserFactory(username="nobody-ned", is_staff=False))
    return client_for(UserFactory(username=f"someone-{role}", role=role))


def call(client, method: str, path: str):
    if method == "post":
        return post(client, path, {"reason": "x", "comment": "x"})
    return client.get(path)


@pytest.mark.parametrize(("method", "path", "allowed"), ENDPOINTS)
@pytest.mark.django_db
def test_anonymous_callers_are_refused_with_401(objects, method, path, allowed):
    response = call(APIClient(), method, path.format(**objects))
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize(
    ("method", "path", "role"),
    [(m, p, role) for m, p, allowed in ENDPOINTS for role in ROLES if role not in allowed],
)
@pytest.mark.django_db
def test_a_role_that_may_not_use_the_endpoint_is_refused_with_403(
    objects, api_client, method, path, role
):
    client = client_with_role(role, api_client)
    events = AuditEvent.objects.count()
    response = call(client, method, path.format(**objects))
    assert response.status_code == 403, response.json()
    assert response.json()["code"] == "permission_denied"
    assert AuditEvent.objects.count() == events
    assert Claim.objects.get(pk=objects["claim"]).status == "new"


@pytest.mark.parametrize(
    ("method", "path", "role"),
    [(m, p, role) for m, p, allowed in ENDPOINTS if "{" in p for role in sorted(allowed)],
)
@pytest.mark.django_db
def test_an_object_the_caller_cannot_see_is_404(objects, api_client, method, path, role):
    client = client_with_role(role, api_client)
    response = call(client, method, path.format(claim=987_654, flag=987_654))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.django_db
def test_an_integration_reads_only_published_claimreviews(
    desk, api_client, other_api_client, integration_key
):
    mine = claim_with_article("Police said 4 were held.")
    mine.submitters.add(integration_key.client.user)
    desk.claim_in("submitted", mine)
    assert api_client.get(f"/api/v1/claims/{mine.pk}/claimreview/").status_code == 404
    published = desk.claim_in("published")  # submitted by nobody: public once published
    assert other_api_client.get(f"/api/v1/claims/{published.pk}/claimreview/").status_code == 200
    assert api_client.get(f"/api/v1/claims/{mine.pk}/history/").status_code == 403
    assert api_client.get(f"/api/v1/claims/{mine.pk}/verdicts/").status_code == 403
