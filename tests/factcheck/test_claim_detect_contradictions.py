import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from factcheck.models import ContradictionFlag, FlagClaim
from factcheck.services.detection import claim_detect_contradictions
from factcheck.tasks import detect_claim_contradictions
from tests.factcheck.helpers import QUAKE_DAY_ONE, QUAKE_DAY_THREE, post_and_process


@pytest.fixture
def quake_flag(api_client, django_capture_on_commit_callbacks):
    first = post_and_process(
        api_client, django_capture_on_commit_callbacks, QUAKE_DAY_ONE, published_at="2023-02-06"
    )
    second = post_and_process(
        api_client,
        django_capture_on_commit_callbacks,
        QUAKE_DAY_THREE,
        published_at="2023-02-08",
    )
    flags = list(ContradictionFlag.objects.all())
    assert len(flags) == 1, [flag.explanation for flag in flags]
    return first, second, flags[0]


@pytest.mark.django_db
def test_a_revised_figure_from_the_same_source_is_flagged_and_explained(quake_flag):
    first, second, flag = quake_flag
    assert flag.claim_a.article == first
    assert flag.claim_b.article == second
    assert flag.claim_a_id < flag.claim_b_id
    assert flag.kind in {"revision", "numeric"}
    assert flag.status == "open"
    assert 0 < flag.score <= 1
    assert "1,200" in flag.explanation
    assert "2,800" in flag.explanation
    assert flag.detector_version


@pytest.mark.django_db
def test_detecting_again_changes_nothing(quake_flag):
    _, _, flag = quake_flag
    before = list(ContradictionFlag.objects.values())
    for claim_id in (flag.claim_a_id, flag.claim_b_id):
        detect_claim_contradictions.delay(claim_id)
    assert list(ContradictionFlag.objects.values()) == before


@pytest.mark.django_db
def test_a_dismissed_flag_stays_dismissed_when_detection_runs_again(quake_flag):
    _, _, flag = quake_flag
    ContradictionFlag.objects.filter(pk=flag.pk).update(status="dismissed")
    claim_detect_contradictions(claim_id=flag.claim_b_id)
    claim_detect_contradictions(claim_id=flag.claim_a_id)
    assert list(ContradictionFlag.objects.values_list("pk", "status")) == [(flag.pk, "dismissed")]


@pytest.mark.django_db
def test_flags_are_listed_with_both_claims_and_their_spans(quake_flag, api_client):
    _, _, flag = quake_flag
    response = api_client.get("/api/v1/contradictions/")
    assert response.status_code == 200
    data = response.json()
    assert data["next"] is None
    (item,) = data["results"]
    assert item["id"] == flag.pk
    assert item["kind"] == flag.kind
    assert item["status"] == "open"
    assert item["explanation"] == flag.explanation
    for side, claim in (("claim_a", flag.claim_a), ("claim_b", flag.claim_b)):
        assert item[side] == {
            "id": claim.pk,
            "article": claim.article_id,
            "text": claim.text,
            "start": claim.start,
            "end": claim.end,
        }
    assert api_client.get(f"/api/v1/contradictions/{flag.pk}/").json()["id"] == flag.pk
    assert api_client.get("/api/v1/contradictions/?status=dismissed").json()["results"] == []


@pytest.mark.django_db
def test_a_claim_submitted_directly_goes_through_the_same_detection(
    api_client, django_capture_on_commit_callbacks
):
    post_and_process(
        api_client, django_capture_on_commit_callbacks, QUAKE_DAY_ONE, published_at="2023-02-06"
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            "/api/v1/claims/",
            data=json.dumps({"text": QUAKE_DAY_THREE.splitlines()[1]}),
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    claim_id = response.json()["id"]
    assert response.json()["article"] is None
    flag = ContradictionFlag.objects.get()
    assert claim_id in (flag.claim_a_id, flag.claim_b_id)


@pytest.mark.django_db
def test_an_integration_sees_only_flags_on_what_it_submitted(quake_flag, other_api_client):
    _, _, flag = quake_flag
    assert other_api_client.get("/api/v1/contradictions/").json()["results"] == []
    assert other_api_client.get(f"/api/v1/contradictions/{flag.pk}/").status_code == 404


@pytest.mark.django_db
def test_reading_flags_without_credentials_is_refused(quake_flag, anonymous_client):
    assert anonymous_client.get("/api/v1/contradictions/").status_code == 401
    assert anonymous_client.get("/api/v1/claims/").status_code == 401
    assert anonymous_client.get("/api/v1/articles/").status_code == 401


@pytest.mark.django_db
def test_flag_list_queries_do_not_grow_with_the_page(fact_checker):
    from django.contrib.auth import get_user_model

    from tests.conftest import client_for
    from tests.factories import ClaimFactory

    def make_flags(count, repeats):
        for _ in range(count):
            first, second = ClaimFactory(), ClaimFactory()
            flag = ContradictionFlag.objects.create(
                claim_a=first,
                claim_b=second,
                kind="numeric",
                score=0.9,
                explanation="x",
                detector_version="test",
            )
            FlagClaim.objects.bulk_create(
                [FlagClaim(flag=flag, claim=first, side="a")]
                + [FlagClaim(flag=flag, claim=ClaimFactory(), side="b") for _ in range(repeats)]
            )

    def queries_for_list(page_size):
        # A fresh user object per request, as in production (roles are read once per request).
        client = client_for(get_user_model().objects.get(pk=fact_checker.pk))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1/contradictions/?page_size={page_size}")
        assert response.status_code == 200
        return len(queries), len(response.json()["results"])

    make_flags(2, repeats=0)
    small, listed = queries_for_list(200)
    assert listed == 2
    make_flags(60, repeats=3)  # each with three supporting claims on side B
    assert queries_for_list(200) == (small, 62)
    assert queries_for_list(50) == (small, 50)
