"""Issue 15, finding 8: input crafted to break the service gets a 400 problem detail, never a
500, and cursor paging returns every row exactly once whatever the ordering, including rows
whose ordering value is null and rows that tie on it, forwards and backwards."""

import base64
import datetime
import itertools
import json

import pytest
from django.utils import timezone

from factcheck.models import Article, ContradictionFlag
from tests.factories import ArticleFactory, ClaimFactory
from webhooks.models import WebhookSubscription


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def assert_problem_400(response, field: str | None = None):
    assert response.status_code == 400, (response.status_code, response.content[:300])
    body = response.json()
    assert body["status"] == 400, body
    assert body["code"] in ("invalid", "parse_error"), body
    if field is not None:
        assert field in body["errors"], body


# --- Deeply nested JSON ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("depth", [100, 990, 5_000])
@pytest.mark.parametrize("path", ["/api/v1/articles/", "/api/v1/claims/batch/"])
def test_deeply_nested_json_is_a_400_problem(api_client, path, depth):
    nested = "[" * depth + "]" * depth
    raw = f'{{"body": {nested}, "items": {nested}}}'
    response = api_client.post(path, data=raw, content_type="application/json")
    assert_problem_400(response)


@pytest.mark.django_db
def test_ordinary_nesting_is_still_accepted(api_client):
    response = api_client.post(
        "/api/v1/articles/batch/",
        data=json.dumps({"items": [{"body": "A short report with 3 figures in it."}]}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()


# --- Crafted cursors ---------------------------------------------------------------------

CRAFTED_CURSORS = [
    "cD1Ob25l",  # p=None
    b64("p=abc"),
    b64("p=2024-01-01T00:00:00&r=1"),
    b64("o=5&p=1"),
    b64(json.dumps({"k": ["not a date", 1]})),
    b64(json.dumps({"k": [None, "x"]})),
    b64(json.dumps({"k": ["2024-01-01T00:00:00+00:00", 10**30]})),
    b64(json.dumps({"k": [1e400, 1]})),
    b64(json.dumps({"k": ["2024-01-01T00:00:00", 1]})),  # no time zone
    b64(json.dumps({"k": [1, 2, 3, 4]})),
    b64(json.dumps([1, 2])),
    b64(json.dumps({"k": [1], "r": "yes"})),
    "%%%",
    "////",
]


@pytest.fixture
def listed_paths(editor, db):
    claim = ClaimFactory()
    return [
        "/api/v1/articles/",
        "/api/v1/articles/?ordering=-published_at",
        "/api/v1/articles/?ordering=published_at",
        "/api/v1/claims/",
        "/api/v1/claims/?ordering=id",
        "/api/v1/contradictions/?ordering=-score",
        "/api/v1/stories/",
        f"/api/v1/claims/{claim.pk}/history/",
        f"/api/v1/claims/{claim.pk}/verdicts/",
        "/api/v1/claimreviews/",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("cursor", CRAFTED_CURSORS)
def test_a_crafted_cursor_is_a_400_problem_on_every_list(
    editor_client, api_client, integration_key, listed_paths, cursor
):
    for path in listed_paths:
        joiner = "&" if "?" in path else "?"
        response = editor_client.get(f"{path}{joiner}cursor={cursor}")
        assert_problem_400(response, "cursor")
    subscription = WebhookSubscription.objects.create(
        client=integration_key.client,
        url="https://receiver.example.org/hook",
        event_types=["article.checked"],
        secret="whsec_dGVzdA==",
    )
    for path in ("/api/v1/webhooks/", f"/api/v1/webhooks/{subscription.pk}/deliveries/"):
        assert_problem_400(api_client.get(f"{path}?cursor={cursor}"), "cursor")


# --- Every row exactly once, whatever the ordering -------------------------------------


def _walk(client, url: str) -> tuple[list[int], str | None]:
    """Follow `next` from `url` to the end: the ids in order, and the last page's URL."""
    seen, last = [], url
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.json()
        seen.extend(row["id"] for row in response.json()["results"])
        last, url = url, response.json()["next"]
    return seen, last


def _walk_back(client, url: str) -> list[int]:
    """Follow `previous` from the page at `url` to the first page: the ids in list order."""
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.json()
        pages.insert(0, [row["id"] for row in response.json()["results"]])
        url = response.json()["previous"]
    return [pk for page in pages for pk in page]


def _expected(rows: list[dict], ordering: str) -> list[int]:
    """Null is above every value (last ascending, first descending); ties by id in the
    same direction."""
    field = ordering.lstrip("-")
    descending = ordering.startswith("-")

    def key(row):
        value = row[field]
        return (value is None, value if value is not None else 0, row["id"])

    return [row["id"] for row in sorted(rows, key=key, reverse=descending)]


@pytest.fixture
def articles_with_nulls_and_ties(db):
    """Eleven articles: four without a date, three sharing one date, four with their own;
    created at three moments only, so created_at ties too."""
    day = datetime.datetime(2025, 3, 2, 8, tzinfo=datetime.UTC)
    dates = [None] * 4 + [day] * 3 + [day + datetime.timedelta(hours=h) for h in (1, 2, -5, 30)]
    made = [ArticleFactory(published_at=published) for published in dates]
    moments = [timezone.now() - datetime.timedelta(minutes=m) for m in (1, 2, 3)]
    for index, article in enumerate(made):
        Article.objects.filter(pk=article.pk).update(
            created_at=moments[index % 3], updated_at=moments[0]
        )
    return list(Article.objects.values("id", "published_at", "created_at", "updated_at"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "ordering",
    [
        "published_at",
        "-published_at",
        "created_at",
        "-created_at",
        "updated_at",
        "-updated_at",
        "id",
        "-id",
    ],
)
@pytest.mark.parametrize("page_size", [1, 2, 3, 50])
def test_article_pages_hold_every_row_once_in_order_both_ways(
    editor_client, articles_with_nulls_and_ties, ordering, page_size
):
    expected = _expected(articles_with_nulls_and_ties, ordering)
    forward, last_page = _walk(
        editor_client, f"/api/v1/articles/?ordering={ordering}&page_size={page_size}"
    )
    assert forward == expected
    assert _walk_back(editor_client, last_page) == expected


@pytest.mark.django_db
@pytest.mark.parametrize("ordering", ["score", "-score"])
def test_flag_pages_with_tied_scores_hold_every_row_once_both_ways(editor_client, ordering):
    claims = [ClaimFactory() for _ in range(8)]
    for index, (claim_a, claim_b) in enumerate(itertools.pairwise(claims)):
        ContradictionFlag.objects.create(
            claim_a=claim_a,
            claim_b=claim_b,
            kind=ContradictionFlag.Kind.NUMERIC,
            score=[0.5, 0.5, 0.9, 0.5, 0.1, 0.9, 0.5][index],
            explanation="figures differ",
            detector_version="test",
        )
    rows = list(ContradictionFlag.objects.values("id", "score"))
    expected = _expected(rows, ordering)
    forward, last_page = _walk(
        editor_client, f"/api/v1/contradictions/?ordering={ordering}&page_size=2"
    )
    assert forward == expected
    assert _walk_back(editor_client, last_page) == expected


@pytest.mark.django_db
def test_an_empty_page_links_back_to_the_rows_before_it(editor_client, db):
    made = [ArticleFactory() for _ in range(3)]
    first = editor_client.get("/api/v1/articles/?ordering=id&page_size=2").json()
    assert [row["id"] for row in first["results"]] == [made[0].pk, made[1].pk]
    # The rows after the cursor's position are gone by the time it is followed.
    Article.objects.filter(pk=made[-1].pk).delete()
    after = editor_client.get(first["next"]).json()
    assert after["results"] == []
    assert after["next"] is None
    back = editor_client.get(after["previous"]).json()
    assert [row["id"] for row in back["results"]] == [made[0].pk, made[1].pk]
    assert back["next"] is None  # read back from the end of the list
    assert back["previous"] is None
