"""Four-eyes approval, returning a verdict, publishing, retracting and dismissing, through
the API."""

import pytest

from factcheck.models import AuditEvent, Claim
from reviews.models import Verdict
from tests.factories import UserFactory
from tests.reviews.helpers import events_recorder, post

S = Claim.Status


@pytest.mark.django_db
def test_an_editor_approves_a_submitted_verdict(desk, other_editor_client, other_editor):
    claim = desk.claim_in(S.SUBMITTED)
    verdict = Verdict.objects.get(claim=claim)
    response = post(
        other_editor_client,
        f"/api/v1/claims/{claim.pk}/approve/",
        {"comment": "Solid.", "verdict": verdict.pk},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == S.APPROVED
    assert response.json()["verdict"]["status"] == "approved"
    assert response.json()["actions"] == ["publish"]
    verdict.refresh_from_db()
    assert (verdict.reviewed_by, verdict.review_comment) == (other_editor, "Solid.")
    event = AuditEvent.objects.get(claim=claim, action="verdict.approved")
    assert (event.actor, event.from_state, event.to_state) == (
        other_editor,
        S.SUBMITTED,
        S.APPROVED,
    )
    assert event.comment == "Solid."


@pytest.mark.django_db
def test_a_fact_checker_approving_their_own_verdict_is_refused(desk, checker_client):
    claim = desk.claim_in(S.SUBMITTED)
    response = post(checker_client, f"/api/v1/claims/{claim.pk}/approve/")
    assert response.status_code == 403
    assert Claim.objects.get(pk=claim.pk).status == S.SUBMITTED
    assert Verdict.objects.get(claim=claim).status == "submitted"


@pytest.mark.django_db
def test_an_editor_who_wrote_the_verdict_cannot_approve_or_return_it(desk):
    """Someone who is both fact-checker and editor: four eyes still hold."""
    from tests.conftest import client_for

    both = UserFactory(username="editor-and-checker", role=("fact-checker", "editor"))
    desk.checker = both
    claim = desk.claim_in(S.SUBMITTED)
    client = client_for(both)
    state = client.get(f"/api/v1/claims/{claim.pk}/history/")
    assert state.status_code == 200
    for path, payload in [("approve", {}), ("request-changes", {"comment": "Hmm."})]:
        response = post(client, f"/api/v1/claims/{claim.pk}/{path}/", payload)
        assert response.status_code == 403, response.json()
        assert "four-eyes" in response.json()["detail"]
    assert Claim.objects.get(pk=claim.pk).status == S.SUBMITTED
    assert not AuditEvent.objects.filter(action="verdict.approved").exists()


@pytest.mark.django_db
def test_approving_twice_is_a_conflict(desk, editor_client, other_editor_client):
    claim = desk.claim_in(S.SUBMITTED)
    assert post(editor_client, f"/api/v1/claims/{claim.pk}/approve/").status_code == 200
    response = post(other_editor_client, f"/api/v1/claims/{claim.pk}/approve/")
    assert response.status_code == 409
    assert "approved" in response.json()["detail"]
    assert AuditEvent.objects.filter(claim=claim, action="verdict.approved").count() == 1


@pytest.mark.django_db
def test_approving_a_version_other_than_the_waiting_one_is_a_conflict(desk, editor_client):
    claim = desk.claim_in(S.SUBMITTED)
    response = post(editor_client, f"/api/v1/claims/{claim.pk}/approve/", {"verdict": 987_654})
    assert response.status_code == 409
    assert "not the one waiting" in response.json()["detail"]
    assert Claim.objects.get(pk=claim.pk).status == S.SUBMITTED


@pytest.mark.django_db
def test_an_editor_returns_a_verdict_with_a_comment(desk, editor_client, assigned_checker):
    claim = desk.claim_in(S.SUBMITTED)
    response = post(
        editor_client, f"/api/v1/claims/{claim.pk}/request-changes/", {"comment": "Add a source."}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == S.CHANGES_REQUESTED
    verdict = Verdict.objects.get(claim=claim)
    assert (verdict.status, verdict.review_comment) == ("changes_requested", "Add a source.")
    from tests.conftest import client_for

    state = post(client_for(assigned_checker), f"/api/v1/claims/{claim.pk}/start/").json()
    assert state["status"] == S.IN_REVIEW


@pytest.mark.parametrize("payload", [{}, {"comment": ""}, {"comment": "   "}])
@pytest.mark.django_db
def test_returning_a_verdict_needs_a_comment(desk, editor_client, payload):
    claim = desk.claim_in(S.SUBMITTED)
    response = post(editor_client, f"/api/v1/claims/{claim.pk}/request-changes/", payload)
    assert response.status_code == 400
    assert "comment" in response.json()["errors"]
    assert Claim.objects.get(pk=claim.pk).status == S.SUBMITTED


@pytest.mark.django_db
def test_publishing_makes_the_claimreview_public(desk, editor_client, api_client, monkeypatch):
    events = events_recorder(monkeypatch)
    claim = desk.claim_in(S.APPROVED)
    assert api_client.get(f"/api/v1/claims/{claim.pk}/claimreview/").status_code == 404
    response = post(editor_client, f"/api/v1/claims/{claim.pk}/publish/")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == S.PUBLISHED
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.status == "published"
    assert verdict.published_at is not None
    assert api_client.get(f"/api/v1/claims/{claim.pk}/claimreview/").status_code == 200
    event_type, data = events[-1]
    assert event_type == "claim.published"
    assert data["claimreview"]["@type"] == "ClaimReview"


@pytest.mark.django_db
def test_publishing_before_approval_is_a_conflict(desk, editor_client):
    claim = desk.claim_in(S.SUBMITTED)
    response = post(editor_client, f"/api/v1/claims/{claim.pk}/publish/")
    assert response.status_code == 409
    assert Claim.objects.get(pk=claim.pk).status == S.SUBMITTED


@pytest.mark.django_db
def test_retracting_keeps_the_old_verdict(desk, editor_client, api_client, monkeypatch):
    events = events_recorder(monkeypatch)
    claim = desk.claim_in(S.PUBLISHED)
    response = post(
        editor_client, f"/api/v1/claims/{claim.pk}/retract/", {"reason": "New figures came out."}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == S.RETRACTED
    versions = editor_client.get(f"/api/v1/claims/{claim.pk}/verdicts/").json()["results"]
    assert [(v["status"], v["rating"]) for v in versions] == [("retracted", "false")]
    assert versions[0]["retraction_reason"] == "New figures came out."
    assert versions[0]["rationale"]
    assert api_client.get(f"/api/v1/claims/{claim.pk}/claimreview/").status_code == 410
    assert events[-1][0] == "claim.retracted"
    event = AuditEvent.objects.get(claim=claim, action="claim.retracted")
    assert event.comment == "New figures came out."


@pytest.mark.parametrize("path", ["retract", "dismiss"])
@pytest.mark.django_db
def test_retracting_and_dismissing_need_a_reason(desk, editor_client, path):
    claim = desk.claim_in(S.PUBLISHED if path == "retract" else S.NEW)
    before = Claim.objects.get(pk=claim.pk).status
    response = post(editor_client, f"/api/v1/claims/{claim.pk}/{path}/", {"reason": ""})
    assert response.status_code == 400
    assert "reason" in response.json()["errors"]
    assert Claim.objects.get(pk=claim.pk).status == before


@pytest.mark.django_db
def test_dismissing_an_assigned_claim_ends_its_assignment(desk, editor_client):
    claim = desk.claim_in(S.ASSIGNED)
    response = post(
        editor_client, f"/api/v1/claims/{claim.pk}/dismiss/", {"reason": "An opinion, not a fact."}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == S.DISMISSED
    assert response.json()["assignment"] is None
    event = AuditEvent.objects.get(claim=claim, action="claim.dismissed")
    assert event.comment == "An opinion, not a fact."


@pytest.mark.django_db
def test_a_claim_under_review_cannot_be_dismissed(desk, editor_client):
    claim = desk.claim_in(S.IN_REVIEW)
    response = post(editor_client, f"/api/v1/claims/{claim.pk}/dismiss/", {"reason": "Dull."})
    assert response.status_code == 409
    assert Claim.objects.get(pk=claim.pk).status == S.IN_REVIEW
