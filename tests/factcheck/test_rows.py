"""The fast list rendering gives exactly what the output serializers give."""

import datetime

import pytest
from django.utils import timezone

from factcheck.models import ContradictionFlag
from factcheck.serializers import (
    ArticleSerializer,
    ClaimSerializer,
    ContradictionFlagSerializer,
    StorySerializer,
)
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ContradictionFlagFactory,
    PublisherFactory,
    StoryFactory,
)


@pytest.fixture
def rows(db):
    story = StoryFactory(
        title="Flood", first_day=datetime.date(2023, 9, 10), last_day=datetime.date(2023, 9, 12)
    )
    with_everything = ArticleFactory(
        publisher=PublisherFactory(name="Coast Post"),
        story=story,
        url="https://news.example.org/a",
        published_at=timezone.now(),
    )
    bare = ArticleFactory(publisher=None, published_at=None)
    claim_a = ClaimFactory(
        article=with_everything,
        story=story,
        text="Fact one: 4 died.",
        start=0,
        end=17,
        facts={"figures": [{"value": 4.0}]},
    )
    claim_b = ClaimFactory(text="Fact two: 9 died.")
    repeat_b = ClaimFactory(text="Fact two again: 9 died.")
    flag = ContradictionFlagFactory(
        claim_a=claim_a,
        claim_b=claim_b,
        kind="numeric",
        score=0.75,
        explanation="4 vs 9",
        details={"relation": "same"},
        supporting_b=[repeat_b],
    )
    return {
        "articles": (with_everything, bare),
        "claims": (claim_a, claim_b),
        "flag": flag,
        "story": story,
    }


def listed(client, path):
    response = client.get(path, {"page_size": 200})
    assert response.status_code == 200
    return {item["id"]: item for item in response.json()["results"]}


@pytest.mark.django_db
def test_article_rows(editor_client, rows):
    items = listed(editor_client, "/api/v1/articles/")
    for article in rows["articles"]:
        assert items[article.pk] == ArticleSerializer(article).data
        assert list(items[article.pk]) == list(ArticleSerializer(article).data)


@pytest.mark.django_db
def test_claim_rows(editor_client, rows):
    items = listed(editor_client, "/api/v1/claims/")
    for claim in rows["claims"]:
        claim.refresh_from_db()
        assert items[claim.pk] == ClaimSerializer(claim).data


@pytest.mark.django_db
def test_flag_rows(editor_client, rows):
    items = listed(editor_client, "/api/v1/contradictions/")
    flag = ContradictionFlag.objects.get(pk=rows["flag"].pk)
    assert items[flag.pk] == ContradictionFlagSerializer(flag).data
    assert [claim["id"] for claim in items[flag.pk]["claims_b"]] == [
        flag.claim_b_id,
        flag.claim_b_id + 1,
    ]


@pytest.mark.django_db
def test_story_rows(editor_client, rows):
    items = listed(editor_client, "/api/v1/stories/")
    assert items[rows["story"].pk] == StorySerializer(rows["story"]).data


@pytest.mark.parametrize(
    ("shape", "serializer"),
    [
        ("ARTICLE_ROW", ArticleSerializer),
        ("CLAIM_ROW", ClaimSerializer),
        ("FLAG_ROW", ContradictionFlagSerializer),
        ("STORY_ROW", StorySerializer),
    ],
)
def test_row_shapes_list_every_serializer_field(shape, serializer):
    from factcheck import rows

    row_shape = getattr(rows, shape)
    listed_fields = set(row_shape.fields) | set(row_shape.nested or {}) | row_shape.later
    assert listed_fields == set(serializer().fields)
