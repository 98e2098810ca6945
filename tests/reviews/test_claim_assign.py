"""Assigning claims: one or many, reassigning, taking one's own, notifications, bad input."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from factcheck.models import AuditEvent, Claim
from reviews.models import Assignment
from reviews.services.assignment import claim_assign
from tests.factories import UserFactory
from tests.reviews.factories import allow_taking, claim_with_article
from tests.reviews.helpers import events_recorder, post

S = Claim.Status


def in_days(days: float) -> str:
    return (timezone.now() + datetime.timedelta(days=days)).isoformat()


@pytest.mark.django_db
def test_editor_assigns_a_claim_and_the_assignee_is_emailed_after_commit(
    editor_client, editor, assigned_checker, django_capture_on_commit_callbacks, monkeypatch
):
    events = events_recorder(monkeypatch)
    claim = claim_with_article()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            editor_client,
            f"/api/v1/claims/{claim.pk}/assign/",
            {"assignee": assigned_checker.pk, "due_at": in_days(2), "note": "Check the toll."},
        )
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["status"] == S.ASSIGNED
    assert data["assignment"]["assignee"] == {"id": assigned_checker.pk, "username": "checker-cat"}
    assert data["assignment"]["note"] == "Check the toll."
    assert "start" not in data["actions"]  # the editor is not the assignee
    assignment = Assignment.objects.get(claim=claim)
    assert assignment.assigned_by == editor
    assert assignment.notified_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [assigned_checker.email]
    assert claim.text in mail.outbox[0].body
    assert "Check the toll." in mail.outbox[0].body
    assert [event_type for event_type, _ in events] == ["claim.assigned"]
    assert events[0][1]["claim"] == claim.pk
    event = AuditEvent.objects.get(claim=claim, action="claim.assigned")
    assert (event.actor, event.from_state, event.to_state) == (editor, S.NEW, S.ASSIGNED)
    assert event.details["assignee"]["id"] == assigned_checker.pk
    assert event.details["previous_assignee"] is None


@pytest.mark.django_db
def test_nobody_is_emailed_when_the_assignment_is_rolled_back(
    editor, assigned_checker, django_capture_on_commit_callbacks
):
    claim = claim_with_article()

    def assign_then_fail() -> None:
        with transaction.atomic():
            claim_assign(claim_id=claim.pk, assignee=assigned_checker, actor=editor)
            raise RuntimeError("rolled back")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        assign_then_fail()
    assert callbacks == []
    assert mail.outbox == []
    assert not Assignment.objects.exists()


@pytest.mark.django_db
def test_the_notification_task_run_twice_emails_once(editor, assigned_checker):
    claim = claim_with_article()
    assignment = claim_assign(claim_id=claim.pk, assignee=assigned_checker, actor=editor)
    from reviews.tasks import send_assignment_notifications

    assert send_assignment_notifications(assignment_ids=[assignment.pk]) == 1
    assert send_assignment_notifications(assignment_ids=[assignment.pk]) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_reassigning_ends_the_previous_assignment_and_keeps_it(
    desk, editor_client, other_checker, assigned_checker
):
    claim = desk.claim_in(S.IN_REVIEW)
    first = Assignment.objects.get(claim=claim)
    response = post(
        editor_client, f"/api/v1/claims/{claim.pk}/assign/", {"assignee": other_checker.pk}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == S.ASSIGNED
    assert response.json()["assignment"]["assignee"]["id"] == other_checker.pk
    first.refresh_from_db()
    assert first.ended_at is not None
    assert Assignment.objects.filter(claim=claim).count() == 2
    current = Assignment.objects.get(claim=claim, ended_at__isnull=True)
    assert current.assignee == other_checker
    event = AuditEvent.objects.filter(claim=claim, action="claim.assigned").latest("id")
    assert event.from_state == S.IN_REVIEW
    assert event.details["previous_assignee"]["id"] == assigned_checker.pk
    history = editor_client.get(f"/api/v1/claims/{claim.pk}/history/").json()["results"]
    assert [e["action"] for e in history].count("claim.assigned") == 2


@pytest.mark.django_db
def test_the_previous_assignee_can_no_longer_work_on_a_reassigned_claim(
    desk, editor, other_checker, checker_client
):
    claim = desk.claim_in(S.ASSIGNED)
    claim_assign(claim_id=claim.pk, assignee=other_checker, actor=editor)
    response = post(checker_client, f"/api/v1/claims/{claim.pk}/start/")
    assert response.status_code == 403
    assert "current assignee" in response.json()["detail"]


@pytest.mark.django_db
def test_a_claim_waiting_for_approval_cannot_be_reassigned(desk, editor_client, other_checker):
    claim = desk.claim_in(S.SUBMITTED)
    response = post(
        editor_client, f"/api/v1/claims/{claim.pk}/assign/", {"assignee": other_checker.pk}
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    assert "submitted" in body["detail"]
    assert Claim.objects.get(pk=claim.pk).status == S.SUBMITTED
    assert Assignment.objects.filter(claim=claim, ended_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_an_integration_cannot_assign(api_client, integration_key, assigned_checker):
    claim = claim_with_article()
    claim.submitters.add(integration_key.client.user)  # visible to it: refused for its role
    response = post(api_client, f"/api/v1/claims/{claim.pk}/assign/", {"assignee": 1})
    assert response.status_code == 403
    assert not Assignment.objects.exists()
    assert Claim.objects.get(pk=claim.pk).status == S.NEW


@pytest.mark.django_db
def test_a_fact_checker_cannot_assign(checker_client, other_checker):
    claim = claim_with_article()
    response = post(
        checker_client, f"/api/v1/claims/{claim.pk}/assign/", {"assignee": other_checker.pk}
    )
    assert response.status_code == 403
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"assignee": 999_999}, "assignee", "No such user."),
        ({}, "assignee", "This field is required."),
        ({"assignee": "x"}, "assignee", "A valid integer is required."),
        ({"assignee": "EDITOR"}, "assignee", "is not a fact-checker"),
        ({"assignee": "CHECKER", "due_at": "yesterday"}, "due_at", "Give an RFC 3339 date-time"),
        ({"assignee": "CHECKER", "due_at": "2001-01-01T00:00:00Z"}, "due_at", "in the past"),
        ({"assignee": "CHECKER", "note": "x" * 2001}, "note", "no more than 2000"),
        ({"assignee": "CHECKER", "priority": 1}, "priority", "Unknown field."),
    ],
)
@pytest.mark.django_db
def test_bad_assignment_input_is_refused_field_by_field(
    editor_client, editor, assigned_checker, payload, field, message
):
    claim = claim_with_article()
    people = {"EDITOR": editor.pk, "CHECKER": assigned_checker.pk}
    payload = {key: people.get(value, value) for key, value in payload.items()}
    response = post(editor_client, f"/api/v1/claims/{claim.pk}/assign/", payload)
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["code"] == "invalid"
    assert message in " ".join(body["errors"][field])
    assert not Assignment.objects.exists()
    assert not AuditEvent.objects.filter(claim=claim).exists()


@pytest.mark.django_db
def test_an_inactive_fact_checker_cannot_be_assigned(editor_client):
    retired = UserFactory(username="checker-retired", role="fact-checker")
    retired.is_active = False
    retired.save()
    claim = claim_with_article()
    response = post(editor_client, f"/api/v1/claims/{claim.pk}/assign/", {"assignee": retired.pk})
    assert response.status_code == 400
    assert response.json()["errors"]["assignee"] == ["No such user."]


# --- Bulk ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_bulk_assignment_assigns_every_claim(
    editor_client, assigned_checker, django_capture_on_commit_callbacks
):
    claims = [claim_with_article(f"The ministry said {n} people died.") for n in (10, 20, 30)]
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            editor_client,
            "/api/v1/claims/assign/",
            {
                "claims": [claim.pk for claim in claims],
                "assignee": assigned_checker.pk,
                "due_at": in_days(3),
            },
        )
    assert response.status_code == 200, response.json()
    assert response.json()["count"] == 3
    assert [row["claim"] for row in response.json()["results"]] == [c.pk for c in claims]
    assert set(Claim.objects.values_list("status", flat=True)) == {S.ASSIGNED}
    assert len(mail.outbox) == 1  # one message listing the three claims
    assert mail.outbox[0].subject == "3 claim(s) assigned to you"


@pytest.mark.django_db
def test_bulk_assignment_is_all_or_nothing_with_errors_per_claim(desk, editor_client):
    fresh = claim_with_article("The ministry said 10 people died.")
    submitted = desk.claim_in(S.SUBMITTED)
    published = desk.claim_in(S.PUBLISHED, claim_with_article("Police said 4 were held."))
    events_before = AuditEvent.objects.count()
    response = post(
        editor_client,
        "/api/v1/claims/assign/",
        {"claims": [fresh.pk, submitted.pk, published.pk], "assignee": desk.checker.pk},
    )
    assert response.status_code == 409, response.json()
    errors = response.json()["errors"]["claims"]
    assert set(errors) == {str(submitted.pk), str(published.pk)}
    assert "submitted" in errors[str(submitted.pk)][0]
    assert Claim.objects.get(pk=fresh.pk).status == S.NEW
    assert AuditEvent.objects.count() == events_before


@pytest.mark.django_db
def test_bulk_assignment_with_an_unknown_claim_is_invalid_and_writes_nothing(
    editor_client, assigned_checker
):
    fresh = claim_with_article()
    response = post(
        editor_client,
        "/api/v1/claims/assign/",
        {"claims": [fresh.pk, 987_654], "assignee": assigned_checker.pk},
    )
    assert response.status_code == 400
    assert response.json()["errors"]["claims"] == {"987654": ["No such claim."]}
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"claims": []}, "claims"),
        ({"claims": "1,2"}, "claims"),
        ({"claims": [0]}, "claims"),
        ({"claims": list(range(1, 502))}, "claims"),
    ],
)
@pytest.mark.django_db
def test_bulk_assignment_input_is_checked(editor_client, assigned_checker, payload, field):
    response = post(
        editor_client, "/api/v1/claims/assign/", {"assignee": assigned_checker.pk, **payload}
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.django_db
def test_an_integration_cannot_bulk_assign(api_client):
    claim = claim_with_article()
    response = post(api_client, "/api/v1/claims/assign/", {"claims": [claim.pk], "assignee": 1})
    assert response.status_code == 403


# --- Taking a claim ------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_fact_checker_takes_an_unassigned_claim_when_editors_allow_it(
    checker_client, assigned_checker
):
    allow_taking()
    claim = claim_with_article()
    response = post(checker_client, f"/api/v1/claims/{claim.pk}/take/")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == S.ASSIGNED
    assert response.json()["actions"] == ["start"]
    assignment = Assignment.objects.get(claim=claim)
    assert assignment.assignee == assignment.assigned_by == assigned_checker
    assert AuditEvent.objects.filter(claim=claim, action="claim.taken").exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_taking_is_refused_when_the_settings_do_not_allow_it(checker_client):
    allow_taking(False)
    claim = claim_with_article()
    response = post(checker_client, f"/api/v1/claims/{claim.pk}/take/")
    assert response.status_code == 403
    assert "review settings" in response.json()["detail"]
    assert not Assignment.objects.exists()


@pytest.mark.django_db
def test_an_assigned_claim_cannot_be_taken(desk, other_checker_client):
    allow_taking()
    claim = desk.claim_in(S.ASSIGNED)
    response = post(other_checker_client, f"/api/v1/claims/{claim.pk}/take/")
    assert response.status_code == 409
    assert Assignment.objects.get(claim=claim, ended_at__isnull=True).assignee == desk.checker


@pytest.mark.django_db
def test_an_editor_cannot_take_a_claim(editor_client):
    allow_taking()
    claim = claim_with_article()
    assert post(editor_client, f"/api/v1/claims/{claim.pk}/take/").status_code == 403


@pytest.mark.django_db
def test_ids_beyond_any_database_integer_are_refused_cleanly(desk, editor_client, checker_client):
    huge = 10**20
    claim = desk.claim_in(S.IN_REVIEW)
    answers = [
        post(editor_client, "/api/v1/claims/assign/", {"claims": [huge], "assignee": 1}),
        post(editor_client, f"/api/v1/claims/{claim.pk}/assign/", {"assignee": huge}),
        post(editor_client, f"/api/v1/claims/{huge}/assign/", {"assignee": 1}),
        post(
            checker_client,
            f"/api/v1/claims/{claim.pk}/verdict/",
            {"rating": "true", "rationale": "x", "evidence": [{"claim": huge}], "resolves": [huge]},
        ),
        editor_client.get(f"/api/v1/queue/?assignee={huge}"),
        post(editor_client, f"/api/v1/contradictions/{huge}/confirm/", {"reason": "x"}),
    ]
    assert [answer.status_code for answer in answers] == [400, 400, 404, 400, 400, 404]
