"""Submitting verdicts: only the current assignee, valid input only, versions kept."""

import pytest

from factcheck.models import AuditEvent, Claim
from reviews.models import Evidence, Verdict
from tests.reviews.helpers import events_recorder, post
from tests.reviews.workflow import claim_with_article, flag_between

S = Claim.Status


def verdict_payload(**changes) -> dict:
    payload = {
        "rating": "false",
        "rationale": "The ministry's own report gives 2,800 deaths, not 1,200.",
        "evidence": [
            {"url": "https://example.org/ministry-report.pdf", "note": "Table 2."},
        ],
    }
    payload.update(changes)
    return payload


@pytest.mark.django_db
def test_the_assignee_submits_a_verdict_with_evidence_and_resolved_flags(
    desk, checker_client, monkeypatch
):
    events = events_recorder(monkeypatch)
    claim = desk.claim_in(S.IN_REVIEW)
    later = claim_with_article("The ministry said 2,800 people died in the floods.")
    flag = flag_between(claim, later)
    payload = verdict_payload(
        evidence=[
            {"url": "https://example.org/ministry-report.pdf", "note": "Table 2."},
            {"claim": later.pk, "note": "The revised toll."},
            {"flag": flag.pk},
        ],
        resolves=[flag.pk],
    )
    response = post(checker_client, f"/api/v1/claims/{claim.pk}/verdict/", payload)
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == S.SUBMITTED
    assert data["verdict"]["version"] == 1
    verdict = data["submitted_verdict"]
    assert verdict["rating"] == "false"
    assert verdict["rating_value"] == 1
    assert verdict["status"] == "submitted"
    assert verdict["resolves"] == [flag.pk]
    assert verdict["evidence"] == [
        {
            "url": "https://example.org/ministry-report.pdf",
            "claim": None,
            "flag": None,
            "note": "Table 2.",
        },
        {"url": "", "claim": later.pk, "flag": None, "note": "The revised toll."},
        {"url": "", "claim": None, "flag": flag.pk, "note": ""},
    ]
    assert Evidence.objects.filter(verdict_id=verdict["id"]).count() == 3
    event = AuditEvent.objects.get(claim=claim, action="verdict.submitted")
    assert event.details["resolves"] == [flag.pk]
    assert events[-1] == (
        "verdict.submitted",
        {"claim": claim.pk, "verdict": verdict["id"], "version": 1, "rating": "false"},
    )


@pytest.mark.django_db
def test_submitting_on_someone_elses_assignment_is_refused(desk, other_checker_client):
    claim = desk.claim_in(S.IN_REVIEW)
    response = post(other_checker_client, f"/api/v1/claims/{claim.pk}/verdict/", verdict_payload())
    assert response.status_code == 403
    assert "current assignee" in response.json()["detail"]
    assert not Verdict.objects.exists()
    assert Claim.objects.get(pk=claim.pk).status == S.IN_REVIEW


@pytest.mark.django_db
def test_an_editor_cannot_submit_a_verdict(desk, editor_client):
    claim = desk.claim_in(S.IN_REVIEW)
    response = post(editor_client, f"/api/v1/claims/{claim.pk}/verdict/", verdict_payload())
    assert response.status_code == 403
    assert not Verdict.objects.exists()


@pytest.mark.django_db
def test_a_verdict_before_the_review_started_is_a_conflict(desk, checker_client):
    claim = desk.claim_in(S.ASSIGNED)
    response = post(checker_client, f"/api/v1/claims/{claim.pk}/verdict/", verdict_payload())
    assert response.status_code == 409
    assert "assigned" in response.json()["detail"]
    assert not Verdict.objects.exists()


@pytest.mark.django_db
def test_resubmitting_after_changes_were_requested_adds_a_version(desk, checker_client):
    claim = desk.claim_in(S.CHANGES_REQUESTED)
    assert post(checker_client, f"/api/v1/claims/{claim.pk}/start/").json()["status"] == (
        S.IN_REVIEW
    )
    response = post(
        checker_client,
        f"/api/v1/claims/{claim.pk}/verdict/",
        verdict_payload(rating="mostly_false", rationale="Revised: the toll rose later."),
    )
    assert response.status_code == 201, response.json()
    assert response.json()["verdict"]["version"] == 2
    versions = checker_client.get(f"/api/v1/claims/{claim.pk}/verdicts/").json()["results"]
    assert [(v["version"], v["status"], v["rating"]) for v in versions] == [
        (2, "submitted", "mostly_false"),
        (1, "changes_requested", "false"),
    ]
    assert versions[1]["review_comment"] == "Cite the ministry's own report."
    assert versions[1]["rationale"] == "The ministry's report gives 2,800."


def _other_claims_flag():
    first = claim_with_article("Police said 4 people were arrested.")
    second = claim_with_article("Police said 9 people were arrested.")
    return flag_between(first, second).pk


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"rating": "pants_on_fire"}, "rating", "is not a valid choice"),
        ({"rating": None}, "rating", "may not be null"),
        ({"rationale": ""}, "rationale", "may not be blank"),
        ({"rationale": "   "}, "rationale", "may not be blank"),
        ({"rationale": None}, "rationale", "may not be null"),
        ({"evidence": []}, "evidence", "may not be empty"),
        ({"evidence": "https://example.org"}, "evidence", "Expected a list"),
        ({"evidence": [{"note": "Trust me."}]}, "evidence", "exactly one of"),
        ({"evidence": [{"url": "", "note": "x"}]}, "evidence", "exactly one of"),
        (
            {"evidence": [{"url": "https://a.example/x", "claim": "OTHER"}]},
            "evidence",
            "exactly one of",
        ),
        ({"evidence": [{"url": "ftp://example.org/report"}]}, "evidence", "http or https"),
        ({"evidence": [{"url": "javascript:alert(1)"}]}, "evidence", "http or https"),
        ({"evidence": [{"url": "example.org/report"}]}, "evidence", "http or https"),
        ({"evidence": [{"claim": 987_654}]}, "evidence", "No claim 987654"),
        ({"evidence": [{"flag": 987_654}]}, "evidence", "No contradiction flag 987654"),
        ({"evidence": [{"url": "https://a.example", "source": "x"}]}, "evidence", "Unknown field"),
        ({"resolves": [987_654]}, "resolves", "No contradiction flag 987654"),
        ({"resolves": ["OTHER_FLAG"]}, "resolves", "not a flag of this claim"),
        ({"resolves": "1"}, "resolves", "Expected a list"),
        ({"verdict": "true"}, "verdict", "Unknown field"),
    ],
)
@pytest.mark.django_db
def test_bad_verdict_input_is_refused_and_nothing_is_written(
    desk, checker_client, changes, field, message
):
    claim = desk.claim_in(S.IN_REVIEW)
    placeholders = {"OTHER": claim_with_article("Police said 5 died.").pk}
    if "OTHER_FLAG" in str(changes):
        placeholders["OTHER_FLAG"] = _other_claims_flag()

    def fill(value):
        if isinstance(value, list):
            return [fill(item) for item in value]
        if isinstance(value, dict):
            return {key: fill(item) for key, item in value.items()}
        return placeholders.get(value, value) if isinstance(value, str) else value

    events_before = AuditEvent.objects.count()
    response = post(
        checker_client, f"/api/v1/claims/{claim.pk}/verdict/", verdict_payload(**fill(changes))
    )
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["code"] == "invalid"
    assert message in str(body["errors"][field]), body
    assert not Verdict.objects.exists()
    assert not Evidence.objects.exists()
    assert Claim.objects.get(pk=claim.pk).status == S.IN_REVIEW
    assert AuditEvent.objects.count() == events_before


@pytest.mark.django_db
def test_a_dismissed_flag_cannot_be_resolved(desk, checker_client):
    claim = desk.claim_in(S.IN_REVIEW)
    flag = flag_between(claim, claim_with_article("The ministry said 9 people died."))
    flag.status = "dismissed"
    flag.save()
    response = post(
        checker_client, f"/api/v1/claims/{claim.pk}/verdict/", verdict_payload(resolves=[flag.pk])
    )
    assert response.status_code == 400
    assert "dismissed" in response.json()["errors"]["resolves"][0]


@pytest.mark.django_db
def test_evidence_errors_say_which_item_is_wrong(desk, checker_client):
    claim = desk.claim_in(S.IN_REVIEW)
    response = post(
        checker_client,
        f"/api/v1/claims/{claim.pk}/verdict/",
        verdict_payload(
            evidence=[{"url": "https://example.org/ok"}, {"url": "mailto:someone@example.org"}]
        ),
    )
    assert response.status_code == 400
    assert response.json()["errors"]["evidence"] == [
        {},
        {"url": ["Enter an http or https URL."]},
    ]


@pytest.mark.parametrize("rating", [choice for choice, _ in Verdict.Rating.choices])
@pytest.mark.django_db
def test_every_rating_of_the_scale_is_accepted(desk, checker_client, rating):
    claim = desk.claim_in(S.IN_REVIEW)
    response = post(
        checker_client, f"/api/v1/claims/{claim.pk}/verdict/", verdict_payload(rating=rating)
    )
    assert response.status_code == 201
    expected = {"true": 5, "mostly_true": 4, "mixed": 3, "mostly_false": 2, "false": 1}
    assert response.json()["submitted_verdict"]["rating_value"] == expected.get(rating)


@pytest.mark.django_db
def test_a_claim_repeating_a_side_of_a_flag_may_resolve_it_and_others_may_not(desk, checker_client):
    from tests.factories import FlagClaimFactory

    claim = desk.claim_in(S.IN_REVIEW)
    flag = flag_between(
        claim_with_article("The agency said 310 people died in the storm."),
        claim_with_article("The agency said 410 people died in the storm."),
    )
    url = f"/api/v1/claims/{claim.pk}/verdict/"
    refused = post(checker_client, url, verdict_payload(resolves=[flag.pk]))
    assert refused.status_code == 400
    assert "not a flag of this claim" in refused.json()["errors"]["resolves"][0]
    FlagClaimFactory(flag=flag, claim=claim, side="b")
    accepted = post(checker_client, url, verdict_payload(resolves=[flag.pk]))
    assert accepted.status_code == 201, accepted.json()
    assert accepted.json()["submitted_verdict"]["resolves"] == [flag.pk]
