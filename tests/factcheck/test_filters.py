"""Filters, search, ordering, cursor pagination and incremental sync of the lists."""

import datetime

import pytest
from django.utils import timezone

from factcheck.models import Article, Claim
from tests.factories import (
    ArticleFactory,
    AssignmentFactory,
    ClaimFactory,
    ContradictionFlagFactory,
    PublisherFactory,
    StoryFactory,
)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


@pytest.fixture
def corpus(db):
    quake, flood = StoryFactory(title="Quake"), StoryFactory(title="Flood")
    times = PublisherFactory(name="Valley Times")
    post = PublisherFactory(name="Coast Post")
    first = ArticleFactory(
        publisher=times, story=quake, title="Quake toll rises", status=Article.Status.CHECKED
    )
    second = ArticleFactory(publisher=post, story=flood, title="Flood waters recede")
    claims = {
        "quake": ClaimFactory(article=first, story=quake, text="Officials said 40 died."),
        "quake_later": ClaimFactory(article=first, story=quake, text="Officials said 90 died."),
        "flood": ClaimFactory(article=second, story=flood, text="Rescuers found 12 missing."),
    }
    flag = ContradictionFlagFactory(
        claim_a=claims["quake"],
        claim_b=claims["quake_later"],
        kind="revision",
        score=0.8,
        explanation="Officials: 40 killed vs 90 killed",
    )
    return {"articles": (first, second), "claims": claims, "flag": flag, "stories": (quake, flood)}


@pytest.mark.django_db
def test_articles_filter_by_status_publisher_and_story(editor_client, corpus):
    first, second = corpus["articles"]
    assert ids(editor_client.get("/api/v1/articles/?status=checked")) == [first.pk]
    assert ids(editor_client.get("/api/v1/articles/?publisher=coast post")) == [second.pk]
    story = corpus["stories"][0]
    assert ids(editor_client.get(f"/api/v1/articles/?story={story.pk}")) == [first.pk]
    assert ids(editor_client.get("/api/v1/articles/?search=waters")) == [second.pk]


@pytest.mark.django_db
def test_claims_filter_by_story_publisher_and_open_flags(editor_client, corpus):
    claims = corpus["claims"]
    flood_story = corpus["stories"][1]
    assert ids(editor_client.get(f"/api/v1/claims/?story={flood_story.pk}")) == [claims["flood"].pk]
    assert ids(editor_client.get("/api/v1/claims/?publisher=Coast Post")) == [claims["flood"].pk]
    flagged = set(ids(editor_client.get("/api/v1/claims/?has_open_flags=true")))
    assert flagged == {claims["quake"].pk, claims["quake_later"].pk}
    assert ids(editor_client.get("/api/v1/claims/?has_open_flags=false")) == [claims["flood"].pk]
    assert ids(editor_client.get("/api/v1/claims/?search=missing")) == [claims["flood"].pk]


@pytest.mark.django_db
def test_claims_filter_by_current_assignee(editor_client, editor, fact_checker, corpus):
    claim = corpus["claims"]["flood"]
    AssignmentFactory(claim=claim, assignee=fact_checker, assigned_by=editor)
    assert ids(editor_client.get(f"/api/v1/claims/?assignee={fact_checker.pk}")) == [claim.pk]
    assert ids(editor_client.get(f"/api/v1/claims/?assignee={editor.pk}")) == []


@pytest.mark.django_db
def test_flags_filter_by_kind_status_article_and_score(editor_client, corpus):
    flag = corpus["flag"]
    first, second = corpus["articles"]
    assert ids(editor_client.get("/api/v1/contradictions/?kind=revision")) == [flag.pk]
    assert ids(editor_client.get("/api/v1/contradictions/?kind=entity")) == []
    assert ids(editor_client.get("/api/v1/contradictions/?status=open&status=confirmed")) == [
        flag.pk
    ]
    assert ids(editor_client.get(f"/api/v1/contradictions/?article={first.pk}")) == [flag.pk]
    assert ids(editor_client.get(f"/api/v1/contradictions/?article={second.pk}")) == []
    assert ids(editor_client.get("/api/v1/contradictions/?min_score=0.9")) == []
    assert ids(editor_client.get("/api/v1/contradictions/?publisher=valley times")) == [flag.pk]


@pytest.mark.django_db
def test_updated_since_returns_only_what_changed(editor_client, corpus):
    claims = corpus["claims"]
    cutoff = timezone.now()
    Claim.objects.filter(pk__in=[c.pk for c in claims.values()]).update(
        updated_at=cutoff - datetime.timedelta(hours=1)
    )
    Claim.objects.filter(pk=claims["flood"].pk).update(
        updated_at=cutoff + datetime.timedelta(minutes=1)
    )
    since = cutoff.isoformat().replace("+00:00", "Z")
    response = editor_client.get("/api/v1/claims/", {"updated_since": since})
    assert ids(response) == [claims["flood"].pk]
    for path in ("/api/v1/articles/", "/api/v1/contradictions/", "/api/v1/stories/"):
        assert editor_client.get(path, {"updated_since": since}).status_code == 200
    assert editor_client.get("/api/v1/claims/?updated_since=yesterday").status_code == 400


@pytest.mark.django_db
def test_ordering_and_cursor_pagination_walk_every_row_once(editor_client, db):
    made = [ClaimFactory() for _ in range(7)]
    seen, url = [], "/api/v1/claims/?page_size=3&ordering=id"
    while url:
        response = editor_client.get(url)
        seen.extend(ids(response))
        url = response.json()["next"]
    assert seen == sorted(claim.pk for claim in made)
    descending = ids(editor_client.get("/api/v1/claims/?ordering=-id&page_size=200"))
    assert descending == sorted(seen, reverse=True)


@pytest.mark.django_db
def test_page_size_takes_1_to_200_as_the_schema_says(editor_client, db):
    for _ in range(3):
        ClaimFactory()
    assert len(ids(editor_client.get("/api/v1/claims/?page_size=200"))) == 3
    assert len(ids(editor_client.get("/api/v1/claims/?page_size=1"))) == 1
    for value in ("201", "100000000", "0", "-5", "", "null", "2.0", "1&page_size=2"):
        response = editor_client.get(f"/api/v1/claims/?page_size={value}")
        assert response.status_code == 400, (value, response.content)
        assert "page_size" in response.json()["errors"]


@pytest.mark.parametrize(
    "query",
    [
        "search=' OR 1=1 --",
        "search=%00",
        "ordering=password",
        "ordering=;drop table x",
        "status=<script>",
        "article=1;DROP TABLE factcheck_claim",
        "page_size=-5",
        "cursor=not-a-cursor",
    ],
)
@pytest.mark.django_db
def test_hostile_query_parameters_never_fail_the_server(editor_client, corpus, query):
    response = editor_client.get(f"/api/v1/claims/?{query}")
    assert response.status_code in (200, 400, 404), response.content
    assert Claim.objects.count() == 3


@pytest.mark.django_db
def test_stories_are_listed_for_staff_and_narrowed_for_integrations(
    editor_client, api_client, corpus
):
    quake, flood = corpus["stories"]
    assert set(ids(editor_client.get("/api/v1/stories/"))) == {quake.pk, flood.pk}
    assert ids(api_client.get("/api/v1/stories/")) == []
    assert api_client.get(f"/api/v1/stories/{quake.pk}/").status_code == 404
    assert editor_client.get(f"/api/v1/stories/{quake.pk}/").json()["title"] == "Quake"


@pytest.mark.parametrize(
    "value",
    [
        "0480-05-04T13:18:30+22:55",
        "0001-01-01T00:00:00+10:00",
        "9999-12-31T23:59:59-10:00",
        "1251-05-20T00:48:57-22:54",
        "6375-11-04T00:21:22Z",
        "2025-03-10T14:00:00.123456789+02:00",
        "2016-12-31T23:59:60Z",
        "2025-03-10",
    ],
)
@pytest.mark.django_db
def test_every_date_time_the_schema_allows_is_accepted(editor_client, corpus, value):
    # RFC 3339 allows any year from 0001 and offsets up to 23:59; a moment past what a
    # date-time holds in UTC compares as the earliest or latest one.
    for path in ("/api/v1/claims/", "/api/v1/stories/", "/api/v1/articles/"):
        for name in ("updated_since", "created_before", "updated_after"):
            response = editor_client.get(path, {name: value})
            assert response.status_code == 200, (path, name, response.content)


@pytest.mark.django_db
def test_far_moments_filter_as_the_earliest_and_latest(editor_client, corpus):
    everything = set(ids(editor_client.get("/api/v1/claims/")))
    earliest = "0001-01-01T00:00:00+10:00"
    latest = "9999-12-31T23:59:59-10:00"
    assert set(ids(editor_client.get("/api/v1/claims/", {"updated_since": earliest}))) == (
        everything
    )
    assert ids(editor_client.get("/api/v1/claims/", {"updated_since": latest})) == []
    assert set(ids(editor_client.get("/api/v1/claims/", {"created_before": latest}))) == (
        everything
    )


@pytest.mark.parametrize(
    "query",
    [
        "updated_since=",
        "updated_since=yesterday",
        "updated_since=2025-03-10T14:00:00",  # no offset: which time zone is a guess
        "updated_since=2025-03-10 14:00:00Z",
        "updated_since=2025-02-30T00:00:00Z",
        "updated_since=2025-03-10T24:00:00Z",
        "updated_since=2025-03-10T14:00:00Z&updated_since=2025-03-11T14:00:00Z",
        "created_after=",
        "story=",
        "story=null",
        "story=1.0",
        "story=0",
        "story=-3",
        "story=6.016565605227888e%2B135",
        "story=99999999999999999999",
        "article=1&article=2",
        "assignee=",
        "has_open_flags=",
        "has_open_flags=yes",
        "has_open_flags=1",
        "status=",
        "status=nonsense",
    ],
)
@pytest.mark.django_db
def test_what_the_schema_refuses_is_a_400_naming_the_parameter(editor_client, query):
    response = editor_client.get(f"/api/v1/claims/?{query}")
    assert response.status_code == 400, (query, response.content)
    assert set(response.json()["errors"]) == {query.split("=")[0]}


@pytest.mark.parametrize(
    "query",
    ["min_score=", "min_score=nan", "min_score=inf", "kind=", "claim=x", "publisher=a&claim=0"],
)
@pytest.mark.django_db
def test_flag_filters_refuse_what_the_schema_refuses(editor_client, query):
    response = editor_client.get(f"/api/v1/contradictions/?{query}")
    assert response.status_code == 400, (query, response.content)


@pytest.mark.django_db
def test_an_empty_free_text_filter_filters_nothing(editor_client, corpus):
    assert len(ids(editor_client.get("/api/v1/claims/?publisher="))) == 3
    assert ids(editor_client.get("/api/v1/contradictions/?min_score=1e300")) == []
    assert ids(editor_client.get("/api/v1/contradictions/?min_score=-1e300")) == [corpus["flag"].pk]


@pytest.mark.django_db
def test_a_malformed_cursor_is_a_400(editor_client):
    response = editor_client.get("/api/v1/claims/?cursor=%F2%82%B6%BD")
    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]
