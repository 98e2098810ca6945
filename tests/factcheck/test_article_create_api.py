import json
import re

import pytest
from django.test import override_settings

from factcheck.models import Article, AuditEvent

URL = "/api/v1/articles/"

REPORT = (
    "Flood toll rises in the delta\n"
    "The regional health ministry said on Tuesday that at least 212 people had died in the "
    "floods since Friday."
)


def post_json(client, payload, **extra):
    return client.post(URL, data=json.dumps(payload), content_type="application/json", **extra)


@pytest.mark.django_db
def test_posting_an_article_stores_it_and_answers_201(api_client, integration_key):
    response = post_json(
        api_client,
        {
            "body": REPORT,
            "title": "Flood toll rises",
            "url": "https://news.example.org/flood-toll",
            "publisher": "Delta Times",
            "published_at": "2024-09-03T10:00:00+00:00",
        },
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "received"
    assert data["publisher"] == "Delta Times"
    assert response["Location"] == f"/api/v1/articles/{data['id']}/"
    article = Article.objects.get(pk=data["id"])
    assert article.body == REPORT
    assert article.submitted_by == integration_key.client.user
    assert AuditEvent.objects.filter(article=article, action="article.received").count() == 1


@pytest.mark.django_db
def test_body_is_stored_exactly_as_received(api_client):
    body = "  Line one\r\nLine two with “curly quotes” and trailing spaces  \n\n"
    response = post_json(api_client, {"body": body})
    assert response.status_code == 201
    assert Article.objects.get(pk=response.json()["id"]).body == body


@pytest.mark.django_db
def test_published_at_accepts_a_plain_date(api_client):
    response = post_json(api_client, {"body": REPORT, "published_at": "2024-09-03"})
    assert response.status_code == 201, response.json()
    assert response.json()["published_at"].startswith("2024-09-03T00:00:00")


@pytest.mark.django_db
def test_same_body_again_answers_200_with_the_stored_article(api_client):
    first = post_json(api_client, {"body": REPORT})
    second = post_json(api_client, {"body": REPORT, "title": "Another title"})
    assert second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    assert Article.objects.count() == 1
    assert Article.objects.get().title == ""


@pytest.mark.django_db
def test_same_url_again_answers_200_even_with_another_body(api_client):
    url = "https://news.example.org/a"
    first = post_json(api_client, {"body": REPORT, "url": url})
    second = post_json(api_client, {"body": REPORT + " Updated.", "url": url})
    assert second.status_code == 200
    assert second.json()["id"] == first.json()["id"]
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_a_duplicate_posted_by_another_tool_becomes_visible_to_it(api_client, other_api_client):
    first = post_json(api_client, {"body": REPORT})
    article_id = first.json()["id"]
    assert other_api_client.get(f"{URL}{article_id}/").status_code == 404
    assert post_json(other_api_client, {"body": REPORT}).status_code == 200
    assert other_api_client.get(f"{URL}{article_id}/").status_code == 200


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "body"),
        ({"body": ""}, "body"),
        ({"body": "   \n\t "}, "body"),
        ({"body": None}, "body"),
        ({"body": ["not", "text"]}, "body"),
        ({"body": {"nested": "object"}}, "body"),
        ({"body": "Text with a NUL \x00 byte"}, "body"),
        ({"body": "Lone surrogate \ud800 here"}, "body"),
        ({"body": REPORT, "published_at": 20240903}, "published_at"),
        ({"body": REPORT, "published_at": "yesterday"}, "published_at"),
        ({"body": REPORT, "published_at": True}, "published_at"),
        ({"body": REPORT, "published_at": "2024-13-45"}, "published_at"),
        ({"body": REPORT, "url": "not a url"}, "url"),
        ({"body": REPORT, "url": "javascript:alert(1)"}, "url"),
        ({"body": REPORT, "title": "x" * 501}, "title"),
        ({"body": REPORT, "publisher": ["A", "B"]}, "publisher"),
        ({"body": REPORT, "publishedAt": "2024-09-03"}, "publishedAt"),
        ({"body": REPORT, "id": 7}, "id"),
    ],
)
@pytest.mark.django_db
def test_bad_input_answers_400_with_the_field_and_writes_nothing(api_client, payload, field):
    response = post_json(api_client, payload)
    assert response.status_code == 400, response.content
    data = response.json()
    assert field in data["errors"], data
    assert data["detail"] == "Invalid input."
    assert Article.objects.count() == 0


@pytest.mark.django_db
@override_settings(FACTCHECK_ARTICLE_MAX_CHARS=1_000)
def test_body_over_the_size_limit_is_a_field_error(api_client):
    response = post_json(api_client, {"body": "a" * 1_001})
    assert response.status_code == 400
    assert "limit is 1,000" in response.json()["errors"]["body"][0]
    assert post_json(api_client, {"body": "a" * 1_000}).status_code == 201


@pytest.mark.django_db
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
def test_request_over_the_byte_limit_answers_413(api_client):
    response = post_json(api_client, {"body": "a" * 20_000})
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    "raw", ["{", '{"body": "x",}', "not json at all", '"just a string"', "[1, 2]", "null"]
)
@pytest.mark.django_db
def test_malformed_or_non_object_json_answers_400(api_client, raw):
    response = api_client.post(URL, data=raw, content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_wrong_content_type_answers_415(api_client):
    response = api_client.post(
        URL, data=f"body={REPORT}", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_posting_without_a_token_is_refused(anonymous_client):
    response = post_json(anonymous_client, {"body": REPORT})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert Article.objects.count() == 0


@pytest.mark.parametrize("header", ["Bearer fck_not-a-real-key", "Bearer", "Token a b c"])
@pytest.mark.django_db
def test_posting_with_an_invalid_token_is_refused(anonymous_client, header):
    response = post_json(anonymous_client, {"body": REPORT}, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_a_revoked_key_is_refused(api_client, integration_key):
    from factcheck.services.api_clients import api_client_revoke_tokens

    api_client_revoke_tokens(client=integration_key.client)
    assert post_json(api_client, {"body": REPORT}).status_code == 401


@pytest.mark.django_db
def test_a_fact_checker_may_read_but_not_submit_articles(fact_checker_client):
    assert fact_checker_client.get(URL).status_code == 200
    assert post_json(fact_checker_client, {"body": REPORT}).status_code == 403
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_a_user_without_a_role_is_refused(user_without_role):
    from tests.conftest import client_for

    client = client_for(user_without_role)
    assert client.get(URL).status_code == 403
    assert post_json(client, {"body": REPORT}).status_code == 403


@pytest.mark.django_db
def test_an_editor_may_submit_articles(editor_client):
    assert post_json(editor_client, {"body": REPORT}).status_code == 201


@pytest.mark.parametrize(
    "value", ["0480-05-04T13:18:30+22:55", "1251-05-20T00:48:57-22:54", "0001-01-01T00:00:00Z"]
)
@pytest.mark.django_db
def test_published_at_out_of_range_is_a_field_error(api_client, value):
    response = post_json(api_client, {"body": REPORT, "published_at": value})
    assert response.status_code == 400
    assert "published_at" in response.json()["errors"]
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_published_at_is_stored_in_utc(api_client):
    response = post_json(api_client, {"body": REPORT, "published_at": "2024-09-03T10:00:00+02:00"})
    assert response.status_code == 201
    assert response.json()["published_at"] == "2024-09-03T08:00:00Z"


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert('x')</script> Officials said 5 people died.",
        "'; DROP TABLE factcheck_article; -- 12 people were hurt",
        "Robert'); DELETE FROM factcheck_claim WHERE ('1'='1",
        '<img src=x onerror="alert(1)"> 40 people are missing',
    ],
)
@pytest.mark.django_db
def test_hostile_text_is_stored_and_returned_verbatim(api_client, hostile):
    created = post_json(api_client, {"body": hostile, "title": hostile[:100], "publisher": hostile})
    assert created.status_code == 201
    detail = api_client.get(f"/api/v1/articles/{created.json()['id']}/").json()
    assert detail["body"] == hostile
    assert detail["title"] == hostile[:100]
    assert detail["publisher"] == hostile
    listed = api_client.get("/api/v1/articles/", {"search": hostile[:30]}).json()["results"]
    assert [item["id"] for item in listed] == [created.json()["id"]]
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    ("published_at", "stored"),
    [
        ("2199-12-31T23:00:00-05:00", "2200-01-01T04:00:00Z"),
        ("1900-01-01T00:30:00+01:00", "1899-12-31T23:30:00Z"),
        ("2024-02-29", "2024-02-29T00:00:00Z"),
        ("2024-09-03T10:00:00+23:59", "2024-09-02T10:01:00Z"),
    ],
)
@pytest.mark.django_db
def test_published_at_takes_what_its_schema_pattern_takes(api_client, published_at, stored):
    from api.fields import STORED_MOMENT_PATTERN

    assert re.fullmatch(STORED_MOMENT_PATTERN, published_at)
    response = post_json(api_client, {"body": REPORT, "published_at": published_at})
    assert response.status_code == 201, response.json()
    assert response.json()["published_at"] == stored


@pytest.mark.parametrize(
    "published_at",
    [
        "1899-12-31",
        "2200-01-01T00:00:00Z",
        "2023-02-29",
        "2100-02-29",
        "2024-09-03T10:00:00",
        "2024-09-03 10:00:00Z",
        "2024-09-03T24:00:00Z",
        "",
    ],
)
@pytest.mark.django_db
def test_published_at_refuses_what_its_schema_pattern_refuses(api_client, published_at):
    from api.fields import STORED_MOMENT_PATTERN

    assert not re.fullmatch(STORED_MOMENT_PATTERN, published_at)
    response = post_json(api_client, {"body": REPORT, "published_at": published_at})
    assert response.status_code == 400, response.json()
    assert "published_at" in response.json()["errors"]


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://news.example.org/a?b=c#d", True),
        ("HTTP://news.example.org", True),
        ("https://" + "a" * 70 + ".example.org/", True),  # a long label: still a URL here
        ("https://news.example.org/\n", False),
        (" https://news.example.org/", False),
        ("https://news example.org/", False),
        ("https:///path", False),
        ("http://[", False),  # Python's urlsplit refuses it
        ("https://ex\uff0fample.org/", False),  # likewise, under NFKC normalisation
        ("https://xn--nxasmq6b.example/\u0394\u03b5\u03bb\u03c4\u03af\u03bf", True),
        ("ftp://news.example.org/", False),
    ],
)
@pytest.mark.django_db
def test_the_source_url_is_checked_as_its_schema_pattern_says(api_client, url, accepted):
    from factcheck.serializers import SOURCE_URL_PATTERN

    # (Python's `$` also matches before a final newline; JSON Schema's does not, nor the API.)
    assert bool(re.search(SOURCE_URL_PATTERN, url)) is accepted or url.endswith("\n")
    response = post_json(api_client, {"body": REPORT, "url": url})
    assert (response.status_code == 201) is accepted, response.json()
