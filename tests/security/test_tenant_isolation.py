"""Row-level isolation between newsrooms (issue 15): what one integration client submitted is
never handed to another through deduplication or a reference, whatever it knows (a URL, a
claim's text, a story id). Each test replays an attack of the security review."""

import json

import pytest

from factcheck.models import Article, Claim, Story

ARTICLES = "/api/v1/articles/"
CLAIMS = "/api/v1/claims/"

# Written for these tests: a report one newsroom sends, and what another knows of it.
SECRET_REPORT = (
    "Harbour fire damages warehouses\n"
    "The port authority said on Sunday that 14 warehouses were damaged by the fire."
)
OTHER_REPORT = "A different text under the same address, sent by another newsroom."
SHARED_URL = "https://news.example.org/harbour-fire"
LONE_CLAIM = "The port authority said 14 warehouses were damaged by the fire on 2025-03-02."


def post(client, path, payload):
    return client.post(path, data=json.dumps(payload), content_type="application/json")


# --- Finding 1: a URL (or a claim's text) hands over another client's article (or claim) ----


@pytest.mark.django_db
def test_a_url_another_client_used_with_another_body_gives_the_caller_its_own_article(
    api_client, other_api_client, other_integration_key
):
    theirs = post(api_client, ARTICLES, {"body": SECRET_REPORT, "url": SHARED_URL}).json()
    response = post(other_api_client, ARTICLES, {"body": OTHER_REPORT, "url": SHARED_URL})
    assert response.status_code == 201, response.json()
    mine = response.json()
    assert mine["id"] != theirs["id"]
    assert mine["body"] == OTHER_REPORT
    assert SECRET_REPORT not in response.content.decode()
    assert other_api_client.get(f"{ARTICLES}{theirs['id']}/").status_code == 404
    stolen = Article.objects.get(pk=theirs["id"])
    assert other_integration_key.client.user not in stolen.submitters.all()
    # The same client sending its URL again still gets its own stored article.
    again = post(other_api_client, ARTICLES, {"body": OTHER_REPORT + " v2", "url": SHARED_URL})
    assert (again.status_code, again.json()["id"]) == (200, mine["id"])


@pytest.mark.django_db
def test_a_url_in_a_batch_does_not_hand_over_another_clients_article(api_client, other_api_client):
    theirs = post(api_client, ARTICLES, {"body": SECRET_REPORT, "url": SHARED_URL}).json()
    response = post(
        other_api_client,
        f"{ARTICLES}batch/",
        {"items": [{"body": OTHER_REPORT, "url": SHARED_URL}]},
    )
    assert response.status_code == 200, response.json()
    (result,) = response.json()["results"]
    assert result["created"] is True
    assert result["article"]["id"] != theirs["id"]
    assert SECRET_REPORT not in response.content.decode()
    assert other_api_client.get(f"{ARTICLES}{theirs['id']}/").status_code == 404


@pytest.mark.django_db
def test_proving_the_same_body_gives_the_stored_article_and_makes_the_caller_a_submitter(
    api_client, other_api_client
):
    theirs = post(api_client, ARTICLES, {"body": SECRET_REPORT, "url": SHARED_URL}).json()
    response = post(other_api_client, ARTICLES, {"body": SECRET_REPORT, "url": SHARED_URL})
    assert (response.status_code, response.json()["id"]) == (200, theirs["id"])
    assert other_api_client.get(f"{ARTICLES}{theirs['id']}/").status_code == 200
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_a_claims_text_does_not_hand_over_another_clients_claim(
    api_client, other_api_client, other_integration_key
):
    theirs = post(api_client, CLAIMS, {"text": LONE_CLAIM}).json()
    response = post(other_api_client, CLAIMS, {"text": LONE_CLAIM})
    assert response.status_code == 201, response.json()
    mine = response.json()
    assert mine["id"] != theirs["id"]
    assert other_api_client.get(f"{CLAIMS}{theirs['id']}/").status_code == 404
    assert (
        other_integration_key.client.user not in Claim.objects.get(pk=theirs["id"]).submitters.all()
    )
    # Each client's resubmission still answers with its own stored claim.
    assert post(other_api_client, CLAIMS, {"text": LONE_CLAIM}).json()["id"] == mine["id"]
    assert post(api_client, CLAIMS, {"text": LONE_CLAIM}).json()["id"] == theirs["id"]


# --- Finding 2: `story` on a claim is resolved through the caller's stories --------------


def _their_story(api_client) -> int:
    claim = post(api_client, CLAIMS, {"text": LONE_CLAIM}).json()
    story_id = claim["story"]
    assert Story.objects.filter(pk=story_id).exists()
    return story_id


@pytest.mark.django_db
def test_another_clients_story_is_answered_exactly_like_a_story_that_does_not_exist(
    api_client, other_api_client
):
    story_id = _their_story(api_client)
    missing_id = Story.objects.order_by("-pk").first().pk + 1000
    text = "A ferry operator said 3 crossings were cancelled on 2025-03-02."
    theirs = post(other_api_client, CLAIMS, {"text": text, "story": story_id})
    missing = post(other_api_client, CLAIMS, {"text": text, "story": missing_id})
    assert theirs.status_code == missing.status_code == 400
    assert theirs.json() == missing.json()
    assert not Claim.objects.filter(text=text).exists()
    assert other_api_client.get(f"/api/v1/stories/{story_id}/").status_code == 404


@pytest.mark.django_db
def test_the_claims_batch_refuses_another_clients_story_like_a_missing_one(
    api_client, other_api_client
):
    story_id = _their_story(api_client)
    missing_id = Story.objects.order_by("-pk").first().pk + 1000
    item = {"text": "A ferry operator said 3 crossings were cancelled on 2025-03-02."}
    theirs = post(other_api_client, f"{CLAIMS}batch/", {"items": [{**item, "story": story_id}]})
    missing = post(other_api_client, f"{CLAIMS}batch/", {"items": [{**item, "story": missing_id}]})
    assert theirs.status_code == missing.status_code == 400
    assert theirs.json() == missing.json()
    assert other_api_client.get(f"/api/v1/stories/{story_id}/").status_code == 404


@pytest.mark.django_db
def test_a_client_files_a_claim_into_its_own_story_and_an_editor_into_any(
    api_client, editor_client
):
    story_id = _their_story(api_client)
    own = post(
        api_client, CLAIMS, {"text": "The harbour reopened on 2025-03-04.", "story": story_id}
    )
    assert (own.status_code, own.json()["story"]) == (201, story_id)
    staff = post(
        editor_client, CLAIMS, {"text": "The harbour closed on 2025-03-03.", "story": story_id}
    )
    assert (staff.status_code, staff.json()["story"]) == (201, story_id)
