"""Fact-checkers and editors confirm or dismiss contradiction flags, with a reason; a
confirmed flag can open review on its claims; a dismissed flag stays dismissed."""

import pytest

from factcheck import engine
from factcheck.models import AuditEvent, Claim, ContradictionFlag
from factcheck.services import detection as factcheck_services
from reviews.models import Assignment
from tests.reviews.factories import allow_taking, claim_with_article, flag_between
from tests.reviews.helpers import post

S = Claim.Status


@pytest.fixture
def flag(db):
    return flag_between(
        claim_with_article("The ministry said 1,200 people died in the floods."),
        claim_with_article("The ministry said 2,800 people died in the floods."),
    )


@pytest.mark.parametrize("client_name", ["checker_client", "editor_client"])
@pytest.mark.django_db
def test_a_flag_is_confirmed_with_a_reason(request, flag, client_name):
    client = request.getfixturevalue(client_name)
    response = post(
        client, f"/api/v1/contradictions/{flag.pk}/confirm/", {"reason": "Same ministry."}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "confirmed"
    assert response.json()["assignments"] == []
    flag.refresh_from_db()
    assert flag.status == "confirmed"
    event = AuditEvent.objects.get(flag=flag)
    assert (event.action, event.from_state, event.to_state, event.comment) == (
        "flag.confirmed",
        "open",
        "confirmed",
        "Same ministry.",
    )


@pytest.mark.parametrize("client_name", ["checker_client", "editor_client"])
@pytest.mark.django_db
def test_a_flag_is_dismissed_with_a_reason(request, flag, client_name):
    client = request.getfixturevalue(client_name)
    response = post(
        client, f"/api/v1/contradictions/{flag.pk}/dismiss/", {"reason": "Different dates."}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "dismissed"
    assert AuditEvent.objects.get(flag=flag).action == "flag.dismissed"


@pytest.mark.parametrize("path", ["confirm", "dismiss"])
@pytest.mark.parametrize("payload", [{}, {"reason": ""}, {"reason": " "}])
@pytest.mark.django_db
def test_a_flag_decision_needs_a_reason(editor_client, flag, path, payload):
    response = post(editor_client, f"/api/v1/contradictions/{flag.pk}/{path}/", payload)
    assert response.status_code == 400
    assert "reason" in response.json()["errors"]
    assert ContradictionFlag.objects.get(pk=flag.pk).status == "open"


@pytest.mark.parametrize("path", ["confirm", "dismiss"])
@pytest.mark.django_db
def test_a_decided_flag_cannot_be_decided_again(editor_client, flag, path):
    flag.status = "dismissed"
    flag.save()
    response = post(editor_client, f"/api/v1/contradictions/{flag.pk}/{path}/", {"reason": "x"})
    assert response.status_code == 409
    assert ContradictionFlag.objects.get(pk=flag.pk).status == "dismissed"
    assert not AuditEvent.objects.filter(flag=flag).exists()


@pytest.mark.django_db
def test_confirming_opens_review_on_the_flags_new_claims(
    desk, editor_client, flag, assigned_checker
):
    started = desk.claim_in(S.IN_REVIEW, claim=flag.claim_b)
    response = post(
        editor_client,
        f"/api/v1/contradictions/{flag.pk}/confirm/",
        {"reason": "Same ministry.", "assignee": assigned_checker.pk},
    )
    assert response.status_code == 200, response.json()
    assert [a["assignee"]["id"] for a in response.json()["assignments"]] == [assigned_checker.pk]
    assert Claim.objects.get(pk=flag.claim_a_id).status == S.ASSIGNED
    assert Claim.objects.get(pk=started.pk).status == S.IN_REVIEW  # left as it was
    assert Assignment.objects.filter(claim=started).count() == 1
    assert AuditEvent.objects.get(flag=flag).details["assigned_claims"] == [flag.claim_a_id]


@pytest.mark.django_db
def test_a_fact_checker_opens_review_for_themselves_only_if_allowed(
    checker_client, flag, assigned_checker, other_checker
):
    allow_taking(False)
    response = post(
        checker_client,
        f"/api/v1/contradictions/{flag.pk}/confirm/",
        {"reason": "Same ministry.", "assignee": assigned_checker.pk},
    )
    assert response.status_code == 403
    assert ContradictionFlag.objects.get(pk=flag.pk).status == "open"  # nothing changed
    assert not Assignment.objects.exists()

    allow_taking(True)
    response = post(
        checker_client,
        f"/api/v1/contradictions/{flag.pk}/confirm/",
        {"reason": "x", "assignee": other_checker.pk},
    )
    assert response.status_code == 403
    response = post(
        checker_client,
        f"/api/v1/contradictions/{flag.pk}/confirm/",
        {"reason": "Same ministry.", "assignee": assigned_checker.pk},
    )
    assert response.status_code == 200, response.json()
    assert len(response.json()["assignments"]) == 2


@pytest.mark.django_db
def test_confirming_with_an_assignee_who_is_not_a_fact_checker_is_invalid(
    editor_client, editor, flag
):
    response = post(
        editor_client,
        f"/api/v1/contradictions/{flag.pk}/confirm/",
        {"reason": "x", "assignee": editor.pk},
    )
    assert response.status_code == 400
    assert "not a fact-checker" in response.json()["errors"]["assignee"][0]
    assert ContradictionFlag.objects.get(pk=flag.pk).status == "open"


@pytest.mark.django_db
def test_a_dismissed_flag_is_not_raised_again_by_detection(editor_client, flag, monkeypatch):
    post(editor_client, f"/api/v1/contradictions/{flag.pk}/dismiss/", {"reason": "Not comparable."})
    finding = engine.Finding(
        other_id=flag.claim_a_id,
        kind=flag.kind,
        score=0.95,
        explanation="ministry: 1,200 killed vs 2,800 killed (found again)",
    )
    monkeypatch.setattr(factcheck_services.engine, "detect", lambda record, candidates: [finding])
    factcheck_services.claim_detect_contradictions(claim_id=flag.claim_b_id)
    flags = list(ContradictionFlag.objects.all())
    assert len(flags) == 1
    assert flags[0].status == "dismissed"
    assert flags[0].explanation.endswith("(found again)")  # figures refreshed, decision kept
    listed = editor_client.get("/api/v1/contradictions/?status=open").json()["results"]
    assert listed == []


@pytest.mark.parametrize("path", ["confirm", "dismiss"])
@pytest.mark.django_db
def test_an_integration_cannot_decide_on_flags(api_client, flag, path):
    response = post(api_client, f"/api/v1/contradictions/{flag.pk}/{path}/", {"reason": "x"})
    assert response.status_code == 403
    assert ContradictionFlag.objects.get(pk=flag.pk).status == "open"
