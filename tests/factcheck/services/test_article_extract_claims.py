import json

import pytest

from factcheck import engine
from factcheck.models import Article, AuditEvent, Claim
from factcheck.services.processing import InvalidTransition, article_reprocess
from factcheck.tasks import process_article
from tests.factcheck.helpers import QUAKE_DAY_ONE, post_and_process
from tests.factories import ArticleFactory

CAPTIONED = (
    "Rescuers search the rubble in Antakya, where at least 300 people died. Photo: agency\n"
    "Rescuers search the rubble in Antakya, where at least 300 people died. Photo: agency\n"
    "The governor said on Tuesday that 41 people were still missing in the city.\n"
    "Shops stayed closed."
)


@pytest.mark.django_db
def test_posted_article_is_extracted_and_checked_with_exact_spans(
    api_client, django_capture_on_commit_callbacks
):
    article = post_and_process(api_client, django_capture_on_commit_callbacks, QUAKE_DAY_ONE)
    assert article.status == Article.Status.CHECKED
    claims = list(article.claims.all())
    assert claims, "the ministry's figure is a checkable claim"
    for claim in claims:
        assert article.body[claim.start : claim.end] == claim.text
    assert any("1,200" in claim.text for claim in claims)
    assert not any(claim.text == "Hospitals in the north were overwhelmed." for claim in claims)
    assert [event.to_state for event in article.events.order_by("id")] == [
        "received",
        "extracted",
        "checked",
    ]


@pytest.mark.django_db
def test_the_api_lists_an_articles_claims_with_their_spans(
    api_client, django_capture_on_commit_callbacks
):
    article = post_and_process(api_client, django_capture_on_commit_callbacks, QUAKE_DAY_ONE)
    response = api_client.get(f"/api/v1/claims/?article={article.pk}")
    assert response.status_code == 200
    results = response.json()["results"]
    assert {item["id"] for item in results} == set(article.claims.values_list("pk", flat=True))
    for item in results:
        assert set(item) >= {"id", "article", "text", "start", "end", "status"}
        assert article.body[item["start"] : item["end"]] == item["text"]
        assert item["status"] == "new"
    detail = api_client.get(f"/api/v1/articles/{article.pk}/").json()
    assert detail["status"] == "checked"


@pytest.mark.django_db
def test_a_sentence_repeated_in_one_article_is_one_claim(
    api_client, django_capture_on_commit_callbacks
):
    article = post_and_process(api_client, django_capture_on_commit_callbacks, CAPTIONED)
    caption_claims = [claim for claim in article.claims.all() if "300" in claim.text]
    assert len(caption_claims) == 1
    assert caption_claims[0].start == 0


@pytest.mark.django_db
def test_an_article_without_checkable_claims_is_checked_with_none(
    api_client, django_capture_on_commit_callbacks
):
    article = post_and_process(
        api_client, django_capture_on_commit_callbacks, "The weather was mild. Markets reopened."
    )
    assert article.status == Article.Status.CHECKED
    assert article.claims.count() == 0


@pytest.mark.django_db
def test_running_extraction_twice_changes_nothing(django_capture_on_commit_callbacks):
    article = ArticleFactory(body=QUAKE_DAY_ONE, published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        process_article.delay(article.pk)
    claims = list(Claim.objects.order_by("pk").values_list("pk", "text", "start", "end"))
    events = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        process_article.delay(article.pk)
    assert list(Claim.objects.order_by("pk").values_list("pk", "text", "start", "end")) == claims
    assert AuditEvent.objects.count() == events
    article.refresh_from_db()
    assert article.status == Article.Status.CHECKED


@pytest.mark.django_db
def test_an_extraction_error_marks_the_article_failed_with_the_reason(
    api_client, django_capture_on_commit_callbacks, monkeypatch
):
    def broken_extraction(text, *, published=None):
        raise ValueError("unparseable figure")

    monkeypatch.setattr(engine, "extract_claims", broken_extraction)
    article = post_and_process(api_client, django_capture_on_commit_callbacks, QUAKE_DAY_ONE)
    assert article.status == Article.Status.FAILED
    assert "unparseable figure" in article.failure_reason
    assert article.claims.count() == 0
    detail = api_client.get(f"/api/v1/articles/{article.pk}/").json()
    assert detail["status"] == "failed"
    assert "unparseable figure" in detail["failure_reason"]

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        article_reprocess(article_id=article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.CHECKED
    assert article.failure_reason == ""


@pytest.mark.django_db
def test_reprocessing_a_received_article_is_a_refused_transition():
    article = ArticleFactory()
    with pytest.raises(InvalidTransition):
        article_reprocess(article_id=article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.RECEIVED


TWO_MEASURES = (
    "The flood killed 64 people in the lowlands, the interior ministry said, "
    "and more than 700 others were hurt."
)


@pytest.mark.django_db
def test_a_sentence_of_two_measures_is_stored_as_two_claims_with_their_spans(
    api_client, django_capture_on_commit_callbacks
):
    article = post_and_process(api_client, django_capture_on_commit_callbacks, TWO_MEASURES)
    claims = list(article.claims.order_by("start"))
    assert [claim.text for claim in claims] == [
        "The flood killed 64 people in the lowlands, the interior ministry said",
        "and more than 700 others were hurt.",
    ]
    for claim in claims:
        assert article.body[claim.start : claim.end] == claim.text
    assert [[f["event"] for f in claim.facts["figures"]] for claim in claims] == [
        ["killed"],
        ["wounded"],
    ]


@pytest.mark.django_db
def test_a_claim_posted_alone_keeps_its_whole_text(api_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(
            "/api/v1/claims/",
            data=json.dumps({"text": TWO_MEASURES}),
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    claim = Claim.objects.get(pk=response.json()["id"])
    assert claim.text == TWO_MEASURES
    assert sorted(f["event"] for f in claim.facts["figures"]) == ["killed", "wounded"]
