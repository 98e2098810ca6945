import pytest

from factcheck.models import AuditEvent, ClaimIndexKey, ContradictionFlag, Story
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimIndexKeyFactory,
    ContradictionFlagFactory,
    StoryFactory,
)


@pytest.fixture
def two_stories(db):
    quake, flood = StoryFactory(title="Quake"), StoryFactory(title="Flood")
    quake_article = ArticleFactory(story=quake, status="checked")
    flood_article = ArticleFactory(story=flood, status="checked")
    mistaken = ArticleFactory(story=quake, status="checked", document_keys=["place:derna"])
    quake_claim = ClaimFactory(article=quake_article, story=quake, text="40 people died.")
    mistaken_claim = ClaimFactory(article=mistaken, story=quake, text="900 people died.")
    ClaimIndexKeyFactory(claim=mistaken_claim, key="m:killed")
    flag = ContradictionFlagFactory(
        claim_a=quake_claim,
        claim_b=mistaken_claim,
        kind="cross_source",
        score=0.6,
        explanation="40 vs 900",
    )
    return {
        "quake": quake,
        "flood": flood,
        "mistaken": mistaken,
        "flag": flag,
        "flood_article": flood_article,
        "mistaken_claim": mistaken_claim,
    }


@pytest.mark.django_db
def test_an_editor_moves_an_article_and_its_claims_follow(
    editor_client, editor, two_stories, django_capture_on_commit_callbacks
):
    article, flood = two_stories["mistaken"], two_stories["flood"]
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"/api/v1/articles/{article.pk}/story/", {"story": flood.pk}, format="json"
        )
    assert response.status_code == 200, response.content
    assert response.json()["story"] == flood.pk
    article.refresh_from_db()
    assert article.story_pinned
    claim = two_stories["mistaken_claim"]
    claim.refresh_from_db()
    assert claim.story == flood
    assert set(ClaimIndexKey.objects.filter(claim=claim).values_list("story", flat=True)) == {
        flood.pk
    }
    assert not ContradictionFlag.objects.filter(pk=two_stories["flag"].pk).exists()
    event = AuditEvent.objects.get(article=article, action="article.moved_to_story")
    assert event.actor == editor
    assert event.to_state == str(flood.pk)


@pytest.mark.django_db
def test_moving_to_a_new_story(editor_client, two_stories):
    article = two_stories["mistaken"]
    before = Story.objects.count()
    response = editor_client.post(
        f"/api/v1/articles/{article.pk}/story/", {"story": None}, format="json"
    )
    assert response.status_code == 200
    assert Story.objects.count() == before + 1


@pytest.mark.django_db
def test_a_decided_flag_is_kept_when_its_article_moves(editor_client, two_stories):
    flag = two_stories["flag"]
    ContradictionFlag.objects.filter(pk=flag.pk).update(status="confirmed")
    editor_client.post(
        f"/api/v1/articles/{two_stories['mistaken'].pk}/story/",
        {"story": two_stories["flood"].pk},
        format="json",
    )
    assert ContradictionFlag.objects.get(pk=flag.pk).status == "confirmed"


@pytest.mark.django_db
def test_refusals(fact_checker_client, api_client, anonymous_client, editor_client, two_stories):
    path = f"/api/v1/articles/{two_stories['mistaken'].pk}/story/"
    payload = {"story": two_stories["flood"].pk}
    assert anonymous_client.post(path, payload, format="json").status_code == 401
    assert fact_checker_client.post(path, payload, format="json").status_code == 403
    assert api_client.post(path, payload, format="json").status_code == 404
    assert editor_client.post(path, {"story": 999999}, format="json").status_code == 400
    assert editor_client.post(path, {}, format="json").status_code == 400
    assert (
        editor_client.post("/api/v1/articles/999999/story/", payload, format="json").status_code
        == 404
    )
