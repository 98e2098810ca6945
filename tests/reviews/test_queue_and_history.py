"""A fact-checker's queue and a claim's history: what they list, in which order, in how
many queries."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from factcheck.models import AuditEvent, Claim
from reviews.models import Assignment
from reviews.services.assignment import claim_assign
from reviews.services.flags import flag_dismiss
from reviews.services.verdicts import review_request_changes, review_start
from tests.conftest import client_for
from tests.reviews.factories import claim_with_article, flag_between
from tests.reviews.helpers import post

S = Claim.Status


def assign(desk, text: str, *, days: float | None, checker=None) -> Claim:
    claim = claim_with_article(text)
    claim_assign(
        claim_id=claim.pk,
        assignee=checker or desk.checker,
        actor=desk.editor,
        due_at=timezone.now() + datetime.timedelta(days=days) if days is not None else None,
    )
    return claim


@pytest.mark.django_db
def test_the_queue_lists_open_claims_by_due_date_with_their_open_flags(
    desk, checker_client, other_checker
):
    later = assign(desk, "Police said 3 were held.", days=5)
    undated = assign(desk, "Police said 4 were held.", days=None)
    sooner = assign(desk, "Police said 5 were held.", days=1)
    overdue = assign(desk, "Police said 6 were held.", days=2)
    Assignment.objects.filter(claim=overdue).update(due_at=timezone.now() - datetime.timedelta(1))
    assign(desk, "Police said 7 were held.", days=1, checker=other_checker)  # not mine
    done = desk.claim_in(S.PUBLISHED, claim_with_article("Police said 8 were held."))
    other = claim_with_article("Police said 30 were held.")
    open_flag = flag_between(sooner, other)
    flag_between(sooner, claim_with_article("Police said 50 were held."), status="dismissed")

    response = checker_client.get("/api/v1/queue/")
    assert response.status_code == 200, response.json()
    results = response.json()["results"]
    assert [item["claim"]["id"] for item in results] == [
        overdue.pk,
        sooner.pk,
        later.pk,
        undated.pk,
    ]
    assert done.pk not in [item["claim"]["id"] for item in results]
    assert [item["overdue"] for item in results] == [True, False, False, False]
    assert results[1]["open_flags"] == [
        {
            "id": open_flag.pk,
            "kind": "revision",
            "score": 0.8,
            "explanation": open_flag.explanation,
            "other_claim": other.pk,
        }
    ]
    assert results[0]["open_flags"] == []
    assert results[0]["assigned_by"]["username"] == desk.editor.username


@pytest.mark.django_db
def test_an_editor_reads_a_fact_checkers_queue_but_a_fact_checker_only_their_own(
    desk, editor_client, other_checker_client, assigned_checker
):
    claim = assign(desk, "Police said 3 were held.", days=1)
    response = editor_client.get(f"/api/v1/queue/?assignee={assigned_checker.pk}")
    assert [item["claim"]["id"] for item in response.json()["results"]] == [claim.pk]
    response = other_checker_client.get(f"/api/v1/queue/?assignee={assigned_checker.pk}")
    assert response.status_code == 403
    assert other_checker_client.get("/api/v1/queue/").json()["results"] == []
    assert editor_client.get("/api/v1/queue/?assignee=abc").status_code == 400


@pytest.mark.django_db
def test_the_queue_shows_the_open_flags_a_claim_repeats_a_side_of(desk, checker_client):
    from factcheck.models import FlagClaim

    repeat = assign(desk, "Police said 30 were held, officials repeated.", days=1)
    first = claim_with_article("Police said 30 were held.")
    other = claim_with_article("Police said 80 were held.")
    flag = flag_between(first, other)
    FlagClaim.objects.create(flag=flag, claim=repeat, side="a" if flag.claim_a == first else "b")
    (item,) = checker_client.get("/api/v1/queue/").json()["results"]
    assert [(f["id"], f["other_claim"]) for f in item["open_flags"]] == [(flag.pk, other.pk)]


@pytest.mark.django_db
def test_the_queue_answers_in_constant_queries(desk, assigned_checker):
    def queries_for(page_size: int) -> tuple[int, int]:
        client = client_for(get_user_model().objects.get(pk=assigned_checker.pk))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1/queue/?page_size={page_size}")
        assert response.status_code == 200
        return len(queries), len(response.json()["results"])

    def add(count: int, start: int) -> None:
        for n in range(start, start + count):
            claim = assign(desk, f"Police said {n} were held.", days=n)
            flag_between(claim, claim_with_article(f"Police said {n + 1000} were held."))

    add(2, 1)
    small, listed = queries_for(200)
    assert listed == 2
    add(10, 10)
    assert queries_for(200) == (small, 12)
    assert queries_for(5) == (small, 5)


@pytest.mark.django_db
def test_the_history_lists_every_step_with_actor_before_and_after(
    desk, editor_client, editor, assigned_checker
):
    claim = desk.claim_in(S.PUBLISHED)
    flag = flag_between(claim, claim_with_article("The ministry said 2,800 died."))
    flag_dismiss(flag_id=flag.pk, actor=editor, reason="Different dates.")
    response = editor_client.get(f"/api/v1/claims/{claim.pk}/history/")
    assert response.status_code == 200
    events = response.json()["results"]
    assert [(e["action"], e["from_state"], e["to_state"]) for e in events] == [
        ("claim.assigned", "new", "assigned"),
        ("review.started", "assigned", "in_review"),
        ("verdict.submitted", "in_review", "submitted"),
        ("verdict.approved", "submitted", "approved"),
        ("claim.published", "approved", "published"),
        ("flag.dismissed", "open", "dismissed"),
    ]
    assert events[0]["actor"] == {"id": editor.pk, "username": editor.username}
    assert events[0]["comment"] == "Please check the toll."
    assert events[0]["details"]["assignee"]["id"] == assigned_checker.pk
    assert events[1]["actor"]["id"] == assigned_checker.pk
    assert events[5]["flag"] == flag.pk
    assert events[5]["comment"] == "Different dates."
    assert all(e["created_at"] for e in events)


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
@pytest.mark.django_db
def test_nobody_edits_or_deletes_the_history_through_the_api(desk, editor_client, method):
    claim = desk.claim_in(S.ASSIGNED)
    count = AuditEvent.objects.count()
    response = getattr(editor_client, method)(f"/api/v1/claims/{claim.pk}/history/")
    assert response.status_code == 405
    assert AuditEvent.objects.count() == count


@pytest.mark.parametrize("path", ["history", "verdicts"])
@pytest.mark.django_db
def test_history_and_verdicts_answer_in_constant_queries(desk, editor, path):
    claim = desk.claim_in(S.CHANGES_REQUESTED)

    def queries_for(page_size: int) -> tuple[int, int]:
        client = client_for(get_user_model().objects.get(pk=editor.pk))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1/claims/{claim.pk}/{path}/?page_size={page_size}")
        assert response.status_code == 200
        return len(queries), len(response.json()["results"])

    small, listed = queries_for(200)
    for _ in range(3):
        review_start(claim_id=claim.pk, actor=desk.checker)
        desk.submit(claim)
        review_request_changes(claim_id=claim.pk, actor=editor, comment="Again.")
    large, more = queries_for(200)
    assert more > listed
    assert large == small
    assert queries_for(2) == (small, 2)


@pytest.mark.django_db
def test_the_start_endpoint_answers_with_the_new_state(desk, checker_client):
    claim = desk.claim_in(S.ASSIGNED)
    response = post(checker_client, f"/api/v1/claims/{claim.pk}/start/")
    assert response.status_code == 200
    assert response.json()["status"] == S.IN_REVIEW
    assert response.json()["actions"] == ["submit"]


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=0",
        "page=",
        "page=1&page=2",
        "page_size=0",
        "page_size=201",
        "assignee=",
        "assignee=99999999999999999999",
    ],
)
@pytest.mark.django_db
def test_the_queue_refuses_what_its_schema_refuses(checker_client, query):
    response = checker_client.get(f"/api/v1/queue/?{query}")
    assert response.status_code == 400, (query, response.content)
    assert set(response.json()["errors"]) == {query.split("=")[0]}


@pytest.mark.django_db
def test_a_queue_page_past_the_last_is_a_documented_404(checker_client):
    response = checker_client.get("/api/v1/queue/?page=99")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
