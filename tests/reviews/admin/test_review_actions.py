"""The review workflow in the admin: the same services as the API, refusals as messages."""

import datetime

import pytest
from django.utils import timezone

from factcheck.models import AuditEvent, Claim, ContradictionFlag
from reviews.models import Assignment, ReviewSettings, Verdict
from tests.conftest import logged_in, messages_of
from tests.factories import UserFactory
from tests.reviews.workflow import claim_with_article, flag_between

S = Claim.Status
CLAIMS = "/admin/factcheck/claim/"
FLAGS = "/admin/factcheck/contradictionflag/"


def list_action(client, path, action, ids, **data):
    return client.post(
        path,
        {"action": action, "_selected_action": [str(pk) for pk in ids], **data},
        follow=True,
    )


@pytest.mark.django_db
def test_editor_bulk_assigns_through_an_intermediate_form(editor, assigned_checker):
    claims = [claim_with_article(f"Police said {n} were held.") for n in (3, 4)]
    client = logged_in(editor)
    page = list_action(client, CLAIMS, "review_assign", [c.pk for c in claims])
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="assignee"' in html
    assert 'name="due_at"' in html
    assert assigned_checker.username in html
    due = (timezone.now() + datetime.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    response = list_action(
        client,
        CLAIMS,
        "review_assign",
        [c.pk for c in claims],
        apply="1",
        assignee=str(assigned_checker.pk),
        due_at=due,
        note="Today please.",
    )
    assert response.status_code == 200
    assert "2 claim(s) assigned to checker-cat." in messages_of(response)
    assert set(Claim.objects.values_list("status", flat=True)) == {S.ASSIGNED}
    assert Assignment.objects.filter(note="Today please.", assigned_by=editor).count() == 2


@pytest.mark.django_db
def test_bulk_assignment_refused_in_the_admin_assigns_nothing(desk, editor):
    fresh = claim_with_article("Police said 3 were held.")
    submitted = desk.claim_in(S.SUBMITTED)
    response = list_action(
        logged_in(editor),
        CLAIMS,
        "review_assign",
        [fresh.pk, submitted.pk],
        apply="1",
        assignee=str(desk.checker.pk),
    )
    shown = messages_of(response)
    assert "Nothing was assigned." in shown
    assert any(f"Claim {submitted.pk}: Cannot assign" in message for message in shown)
    assert Claim.objects.get(pk=fresh.pk).status == S.NEW


@pytest.mark.django_db
def test_an_invalid_assignment_form_is_shown_again(editor, assigned_checker):
    claim = claim_with_article()
    response = list_action(
        logged_in(editor),
        CLAIMS,
        "review_assign",
        [claim.pk],
        apply="1",
        assignee=str(assigned_checker.pk),
        due_at="2001-01-01 10:00",
    )
    assert "The due date is in the past." in response.content.decode()
    assert not Assignment.objects.exists()


@pytest.mark.django_db
def test_fact_checker_starts_and_submits_a_verdict_from_the_claim_page(desk):
    claim = desk.claim_in(S.ASSIGNED)
    other = claim_with_article("The ministry said 2,800 people died in the floods.")
    flag = flag_between(claim, other)
    client = logged_in(desk.checker)
    page = client.get(f"{CLAIMS}{claim.pk}/change/")
    assert page.status_code == 200
    assert f"{CLAIMS}{claim.pk}/review/start/" in page.content.decode()
    assert client.get(f"{CLAIMS}{claim.pk}/review/start/").status_code == 200
    response = client.post(f"{CLAIMS}{claim.pk}/review/start/", {"apply": "1"}, follow=True)
    assert "Review started." in messages_of(response)
    assert f"{CLAIMS}{claim.pk}/review/submit/" in response.content.decode()

    form = client.get(f"{CLAIMS}{claim.pk}/review/submit/")
    assert form.status_code == 200
    assert f'value="{flag.pk}"' in form.content.decode()
    response = client.post(
        f"{CLAIMS}{claim.pk}/review/submit/",
        {
            "rating": "mostly_false",
            "rationale": "The toll was revised to 2,800.",
            "evidence": f"https://example.org/report | Table 2\nclaim:{other.pk} | revised\n",
            "resolves": [str(flag.pk)],
            "apply": "1",
        },
        follow=True,
    )
    assert "Verdict version 1 submitted for approval." in messages_of(response)
    verdict = Verdict.objects.get(claim=claim)
    assert verdict.author == desk.checker
    assert [(e.url, e.claim_id, e.note) for e in verdict.evidence.all()] == [
        ("https://example.org/report", None, "Table 2"),
        ("", other.pk, "revised"),
    ]
    assert list(verdict.resolves.all()) == [flag]
    html = response.content.decode()
    assert "verdict.submitted" in html  # the history inline
    assert "Verdict versions" in html


@pytest.mark.django_db
def test_a_bad_verdict_in_the_admin_is_refused_field_by_field(desk):
    claim = desk.claim_in(S.IN_REVIEW)
    response = logged_in(desk.checker).post(
        f"{CLAIMS}{claim.pk}/review/submit/",
        {"rating": "false", "rationale": "x", "evidence": "ftp://example.org/x", "apply": "1"},
    )
    assert response.status_code == 200
    assert "Enter an http or https URL." in response.content.decode()
    assert not Verdict.objects.exists()


@pytest.mark.django_db
def test_someone_else_cannot_submit_on_the_assignees_claim_in_the_admin(desk, other_checker):
    claim = desk.claim_in(S.IN_REVIEW)
    client = logged_in(other_checker)
    assert f"{CLAIMS}{claim.pk}/review/submit/" not in (
        client.get(f"{CLAIMS}{claim.pk}/change/").content.decode()
    )
    response = client.post(
        f"{CLAIMS}{claim.pk}/review/submit/",
        {"rating": "false", "rationale": "x", "evidence": "https://example.org", "apply": "1"},
        follow=True,
    )
    assert "Only the claim's current assignee can submit a verdict." in messages_of(response)
    assert not Verdict.objects.exists()


@pytest.mark.django_db
def test_approve_and_request_changes_are_hidden_from_the_verdicts_author(desk, editor):
    both = UserFactory(username="editor-and-checker", role=("fact-checker", "editor"))
    desk.checker = both
    claim = desk.claim_in(S.SUBMITTED)
    own_page = logged_in(both).get(f"{CLAIMS}{claim.pk}/change/").content.decode()
    assert "/review/approve/" not in own_page
    assert "/review/request_changes/" not in own_page
    other_page = logged_in(editor).get(f"{CLAIMS}{claim.pk}/change/").content.decode()
    assert f"{CLAIMS}{claim.pk}/review/approve/" in other_page
    assert f"{CLAIMS}{claim.pk}/review/request_changes/" in other_page

    response = list_action(logged_in(both), CLAIMS, "review_approve", [claim.pk])
    assert any("four-eyes" in message for message in messages_of(response))
    assert Claim.objects.get(pk=claim.pk).status == S.SUBMITTED


@pytest.mark.django_db
def test_editor_approves_publishes_and_retracts_from_the_list(desk, editor):
    claim = desk.claim_in(S.SUBMITTED)
    client = logged_in(editor)
    response = list_action(client, CLAIMS, "review_approve", [claim.pk])
    assert any("now 'approved'" in message for message in messages_of(response))
    list_action(client, CLAIMS, "review_publish", [claim.pk])
    assert Claim.objects.get(pk=claim.pk).status == S.PUBLISHED
    page = list_action(client, CLAIMS, "review_retract", [claim.pk])
    assert 'name="reason"' in page.content.decode()
    list_action(client, CLAIMS, "review_retract", [claim.pk], apply="1", reason="Wrong toll.")
    assert Claim.objects.get(pk=claim.pk).status == S.RETRACTED
    assert AuditEvent.objects.get(claim=claim, action="claim.retracted").comment == "Wrong toll."


@pytest.mark.django_db
def test_a_forbidden_transition_in_the_admin_is_a_message_and_changes_nothing(desk, editor):
    claim = desk.claim_in(S.SUBMITTED)
    response = list_action(logged_in(editor), CLAIMS, "review_publish", [claim.pk])
    assert any("Cannot publish a claim that is 'submitted'" in m for m in messages_of(response))
    assert Claim.objects.get(pk=claim.pk).status == S.SUBMITTED


@pytest.mark.django_db
def test_editor_dismisses_a_claim_with_a_reason_from_its_page(editor):
    claim = claim_with_article()
    client = logged_in(editor)
    response = client.post(f"{CLAIMS}{claim.pk}/review/dismiss/", {"apply": "1"})
    assert response.status_code == 200  # the reason is required
    assert Claim.objects.get(pk=claim.pk).status == S.NEW
    client.post(f"{CLAIMS}{claim.pk}/review/dismiss/", {"reason": "An opinion.", "apply": "1"})
    assert Claim.objects.get(pk=claim.pk).status == S.DISMISSED


@pytest.mark.django_db
def test_fact_checkers_are_offered_only_their_actions(desk):
    desk.claim_in(S.ASSIGNED)
    page = logged_in(desk.checker).get(CLAIMS).content.decode()
    assert 'value="review_start"' in page
    for editor_action in ("review_assign", "review_approve", "review_publish", "review_dismiss"):
        assert f'value="{editor_action}"' not in page
    claim = claim_with_article("Police said 3 were held.")
    response = list_action(
        logged_in(desk.checker), CLAIMS, "review_publish", [claim.pk]
    )  # not offered: Django refuses the unknown action
    assert "No action selected." in messages_of(response)


@pytest.mark.django_db
def test_the_claim_list_shows_assignee_and_due_date_and_filters_my_claims(desk):
    mine = desk.claim_in(S.ASSIGNED)
    claim_with_article("Police said 3 were held.")
    client = logged_in(desk.checker)
    page = client.get(f"{CLAIMS}?review=mine")
    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == [mine]
    assert "checker-cat" in page.content.decode()
    assert client.get(f"{CLAIMS}?review=overdue").status_code == 200


@pytest.mark.django_db
def test_flags_are_confirmed_and_dismissed_in_the_admin(desk, editor):
    one = flag_between(claim_with_article(), claim_with_article("The ministry said 9 died."))
    two = flag_between(
        claim_with_article("Police said 3 were held."), claim_with_article("Police said 8.")
    )
    client = logged_in(desk.checker)
    page = list_action(client, FLAGS, "review_confirm", [one.pk])
    assert 'name="reason"' in page.content.decode()
    response = list_action(
        client, FLAGS, "review_confirm", [one.pk], apply="1", reason="Same source."
    )
    assert any("Confirm: done for 1 flag(s)" in m for m in messages_of(response))
    flag_page = client.get(f"{FLAGS}{two.pk}/change/").content.decode()
    assert f"{FLAGS}{two.pk}/review/dismiss/" in flag_page
    client.post(f"{FLAGS}{two.pk}/review/dismiss/", {"reason": "Different towns.", "apply": "1"})
    assert dict(ContradictionFlag.objects.values_list("pk", "status")) == {
        one.pk: "confirmed",
        two.pk: "dismissed",
    }
    assert "flag.dismissed" in client.get(f"{FLAGS}{two.pk}/change/").content.decode()
    response = list_action(client, FLAGS, "review_dismiss", [one.pk], apply="1", reason="x")
    assert any("Cannot dismiss a contradiction flag" in m for m in messages_of(response))


@pytest.mark.django_db
def test_editor_confirms_a_flag_and_opens_review_on_its_claims(editor, assigned_checker):
    flag = flag_between(claim_with_article(), claim_with_article("The ministry said 9 died."))
    logged_in(editor).post(
        f"{FLAGS}{flag.pk}/review/confirm/",
        {"reason": "Same source.", "assignee": str(assigned_checker.pk), "apply": "1"},
    )
    assert set(Claim.objects.values_list("status", flat=True)) == {S.ASSIGNED}


@pytest.mark.django_db
def test_editors_change_the_review_settings_and_the_change_is_audited(editor, fact_checker):
    client = logged_in(editor)
    response = client.get("/admin/reviews/reviewsettings/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/admin/reviews/reviewsettings/1/change/"
    client.post("/admin/reviews/reviewsettings/1/change/", {"checkers_may_take_unassigned": "on"})
    assert ReviewSettings.load().checkers_may_take_unassigned is True
    event = AuditEvent.objects.get(action="settings.updated")
    assert event.actor == editor
    assert event.details == {"checkers_may_take_unassigned": {"before": False, "after": True}}
    checker = logged_in(fact_checker)
    assert (
        checker.post(
            "/admin/reviews/reviewsettings/1/change/", {"checkers_may_take_unassigned": ""}
        ).status_code
        == 403
    )
    assert ReviewSettings.load().checkers_may_take_unassigned is True


@pytest.mark.parametrize(
    "path",
    [
        "/admin/reviews/assignment/add/",
        "/admin/reviews/verdict/add/",
        "/admin/reviews/reviewsettings/add/",
    ],
)
@pytest.mark.django_db
def test_assignments_and_verdicts_are_not_written_directly_in_the_admin(admin_user, path):
    admin_user.is_superuser = True
    admin_user.save()
    assert logged_in(admin_user).get(path).status_code == 403


@pytest.mark.django_db
def test_the_history_inline_cannot_be_edited_or_deleted(desk, editor):
    claim = desk.claim_in(S.ASSIGNED)
    page = logged_in(editor).get(f"{CLAIMS}{claim.pk}/change/").content.decode()
    assert "claim.assigned" in page
    assert 'name="events-0-DELETE"' not in page
    assert 'name="events-0-comment"' not in page


@pytest.mark.parametrize(
    "path",
    [
        "/admin/reviews/assignment/",
        "/admin/reviews/verdict/",
        CLAIMS + "?review=unassigned",
    ],
)
@pytest.mark.django_db
def test_review_pages_open_for_editors_and_fact_checkers(desk, editor, path):
    desk.claim_in(S.PUBLISHED)
    for user in (editor, desk.checker):
        assert logged_in(user).get(path).status_code == 200


@pytest.mark.django_db
def test_review_settings_are_for_editors_only(desk, editor):
    path = "/admin/reviews/reviewsettings/1/change/"
    assert logged_in(editor).get(path).status_code == 200
    assert logged_in(desk.checker).get(path).status_code == 403
