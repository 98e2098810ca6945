"""The schema.org ClaimReview of a published claim, and the feed of them.

JSON-LD validation runs offline: pyld expands each document with a document loader that
serves `schemaorg-context.jsonld` (beside this file) for the schema.org context URL and
refuses any other URL. That file is a minimal context, not a copy of schema.org's: it maps
every term into the vocabulary with `@vocab` (https://schema.org/, the IRIs asserted here;
schema.org's own published context still uses `@vocab: http://schema.org/`, which schema.org
treats as the same terms) and makes `url` an IRI, as the real context does. Expansion proves
the document is well-formed JSON-LD, that each property lands on the expected schema.org IRI
(the exact set is asserted, so a misspelt property fails), and that nested nodes carry their
types."""

import datetime
import json
from pathlib import Path

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pyld import jsonld

from factcheck.models import Claim
from reviews.models import Verdict
from reviews.services.publication import claim_publish
from reviews.services.verdicts import review_approve
from tests.conftest import client_for
from tests.factories import ClaimFactory
from tests.reviews.factories import claim_with_article

S = Claim.Status
SCHEMA = "https://schema.org/"
CONTEXT = json.loads((Path(__file__).parent / "schemaorg-context.jsonld").read_text())


def offline_loader(url, options=None):
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {"contextUrl": None, "documentUrl": url, "document": CONTEXT}
    raise AssertionError(f"No network in tests: {url}")


def expand(document: dict) -> dict:
    expanded = jsonld.expand(document, {"documentLoader": offline_loader})
    assert len(expanded) == 1
    return expanded[0]


def only(node: dict, prop: str):
    values = node[SCHEMA + prop]
    assert len(values) == 1, values
    return values[0]


def value(node: dict, prop: str):
    return only(node, prop)["@value"]


@pytest.fixture
def published(desk):
    return desk.claim_in(S.PUBLISHED)


@pytest.mark.django_db
def test_the_claimreview_of_a_published_claim_has_every_field(published, api_client):
    with override_settings(
        FACTCHECK_ORGANISATION_NAME="Delta Checks",
        FACTCHECK_ORGANISATION_URL="https://checks.example/",
        FACTCHECK_CLAIMREVIEW_URL_TEMPLATE="https://checks.example/claims/{claim_id}",
    ):
        response = api_client.get(f"/api/v1/claims/{published.pk}/claimreview/")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/ld+json")
    document = response.json()
    verdict = Verdict.objects.get(claim=published)
    article = published.article
    assert document == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://checks.example/claims/{published.pk}",
        "claimReviewed": published.text,
        "datePublished": verdict.published_at.isoformat(),
        "author": {
            "@type": "Organization",
            "name": "Delta Checks",
            "url": "https://checks.example/",
        },
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "False",
            "ratingValue": 1,
            "bestRating": 5,
            "worstRating": 1,
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {
                "@type": "Organization",
                "name": "Delta Times",
                "url": "https://delta.example/",
            },
            "datePublished": article.published_at.isoformat(),
            "appearance": {"@type": "CreativeWork", "url": article.url},
        },
    }

    node = expand(document)
    assert node["@type"] == [SCHEMA + "ClaimReview"]
    assert set(node) - {"@type"} == {
        SCHEMA + name
        for name in (
            "url",
            "claimReviewed",
            "datePublished",
            "author",
            "reviewRating",
            "itemReviewed",
        )
    }
    assert only(node, "url") == {"@id": f"https://checks.example/claims/{published.pk}"}
    assert value(node, "claimReviewed") == published.text
    assert value(node, "datePublished") == verdict.published_at.isoformat()
    author = only(node, "author")
    assert author["@type"] == [SCHEMA + "Organization"]
    assert value(author, "name") == "Delta Checks"
    rating = only(node, "reviewRating")
    assert rating["@type"] == [SCHEMA + "Rating"]
    assert value(rating, "alternateName") == "False"
    assert (value(rating, "ratingValue"), value(rating, "bestRating")) == (1, 5)
    assert value(rating, "worstRating") == 1
    item = only(node, "itemReviewed")
    assert item["@type"] == [SCHEMA + "Claim"]
    assert set(item) - {"@type"} == {
        SCHEMA + "author",
        SCHEMA + "datePublished",
        SCHEMA + "appearance",
    }
    assert value(only(item, "author"), "name") == "Delta Times"
    assert only(item, "author")["@type"] == [SCHEMA + "Organization"]
    assert value(item, "datePublished") == article.published_at.isoformat()
    appearance = only(item, "appearance")
    assert appearance["@type"] == [SCHEMA + "CreativeWork"]
    assert only(appearance, "url") == {"@id": article.url}


@pytest.mark.django_db
def test_an_unverifiable_rating_has_no_number(desk, editor):
    claim = claim_with_article()
    desk.claim_in(S.IN_REVIEW, claim)
    desk.submit(claim, rating="unverifiable")
    review_approve(claim_id=claim.pk, actor=editor)
    claim_publish(claim_id=claim.pk, actor=editor)
    document = client_for(editor).get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    assert document["reviewRating"] == {"@type": "Rating", "alternateName": "Unverifiable"}
    rating = only(expand(document), "reviewRating")
    assert set(rating) == {"@type", SCHEMA + "alternateName"}


@pytest.mark.django_db
def test_a_claim_without_article_is_reviewed_without_appearance(desk, editor):
    claim = ClaimFactory(text="Unemployment fell to 4% last year. " * 20)
    desk.claim_in(S.PUBLISHED, claim)
    document = client_for(editor).get(f"/api/v1/claims/{claim.pk}/claimreview/").json()
    assert document["itemReviewed"] == {"@type": "Claim"}
    assert len(document["claimReviewed"]) <= 280  # the claim text, short
    assert document["claimReviewed"].endswith("…")
    expand(document)


@pytest.mark.parametrize("state", [S.NEW, S.SUBMITTED, S.APPROVED])
@pytest.mark.django_db
def test_an_unpublished_claim_has_no_claimreview(desk, api_client, editor_client, state):
    claim = desk.claim_in(state)
    for client in (api_client, editor_client):
        assert client.get(f"/api/v1/claims/{claim.pk}/claimreview/").status_code == 404


@pytest.mark.django_db
def test_a_retracted_claimreview_is_gone(desk, api_client):
    claim = desk.claim_in(S.RETRACTED)
    response = api_client.get(f"/api/v1/claims/{claim.pk}/claimreview/")
    assert response.status_code == 410
    assert "retracted" in response.json()["detail"]


# --- Feed ----------------------------------------------------------------------------------


def publish_many(desk, count: int, start: int = 0) -> list[Claim]:
    return [
        desk.claim_in(S.PUBLISHED, claim_with_article(f"Police said {n} people were arrested."))
        for n in range(start, start + count)
    ]


@pytest.mark.django_db
def test_the_feed_lists_published_claimreviews_newest_first(desk, api_client):
    first, second = publish_many(desk, 2)
    desk.claim_in(S.APPROVED)  # not published: not listed
    retracted = desk.claim_in(S.RETRACTED, claim_with_article("Police said 99 were held."))
    response = api_client.get("/api/v1/claimreviews/")
    assert response.status_code == 200
    results = response.json()["results"]
    assert [doc["url"].rstrip("/").rsplit("/", 1)[-1] for doc in results] == [
        str(second.pk),
        str(first.pk),
    ]
    assert all(doc["@type"] == "ClaimReview" for doc in results)
    assert retracted.text not in [doc["claimReviewed"] for doc in results]
    for doc in results:
        expand(doc)


@pytest.mark.django_db
def test_the_feed_filters_by_updated_since(desk, api_client):
    old, new = publish_many(desk, 2)
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Verdict.objects.filter(claim=old).update(published_at=an_hour_ago - datetime.timedelta(days=2))
    response = api_client.get("/api/v1/claimreviews/", {"updated_since": an_hour_ago.isoformat()})
    assert response.status_code == 200
    assert [doc["claimReviewed"] for doc in response.json()["results"]] == [new.text]
    day = (an_hour_ago - datetime.timedelta(days=3)).date().isoformat()
    assert (
        len(api_client.get("/api/v1/claimreviews/", {"updated_since": day}).json()["results"]) == 2
    )


@pytest.mark.parametrize("since", ["yesterday", "2025-13-01", "2025-02-30T00:00:00"])
@pytest.mark.django_db
def test_a_bad_updated_since_is_invalid(api_client, since):
    response = api_client.get("/api/v1/claimreviews/", {"updated_since": since})
    assert response.status_code == 400
    assert "updated_since" in response.json()["errors"]


@pytest.mark.django_db
def test_the_feed_answers_in_constant_queries(desk, editor):
    def queries_for(page_size: int) -> tuple[int, int]:
        client = client_for(type(editor).objects.get(pk=editor.pk))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1/claimreviews/?page_size={page_size}")
        assert response.status_code == 200
        return len(queries), len(response.json()["results"])

    publish_many(desk, 2)
    small, listed = queries_for(200)
    assert listed == 2
    publish_many(desk, 8, start=10)
    assert queries_for(200) == (small, 10)
    assert queries_for(5) == (small, 5)


@pytest.mark.parametrize(
    "query", ["updated_since=", "updated_since=2025-03-10T00:00:00&updated_since=2025-03-11"]
)
@pytest.mark.django_db
def test_the_feed_refuses_an_empty_or_repeated_updated_since(api_client, query):
    response = api_client.get(f"/api/v1/claimreviews/?{query}")
    assert response.status_code == 400
    assert "updated_since" in response.json()["errors"]
