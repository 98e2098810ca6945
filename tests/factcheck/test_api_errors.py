"""One error format (RFC 9457 problem details) for every kind of error."""

import json
import re

import pytest
from django.conf import settings
from django.test import override_settings

PROBLEM_KEYS = {"type", "title", "status", "detail", "code"}


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert set(body) >= PROBLEM_KEYS
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"] == f"/api/v1/problems/{code}"
    return body


@pytest.mark.django_db
def test_validation_error(api_client):
    response = api_client.post("/api/v1/articles/", data={"body": ""}, format="json")
    body = assert_problem(response, 400, "invalid")
    assert body["errors"] == {"body": ["The body is empty."]}
    assert body["instance"] == "/api/v1/articles/"


@pytest.mark.django_db
def test_malformed_json(api_client):
    response = api_client.post("/api/v1/articles/", data="{", content_type="application/json")
    assert_problem(response, 400, "parse_error")


@pytest.mark.django_db
def test_wrong_content_type(api_client):
    response = api_client.post("/api/v1/articles/", data="x", content_type="text/plain")
    assert_problem(response, 415, "unsupported_media_type")


@pytest.mark.django_db
def test_not_authenticated(anonymous_client):
    assert_problem(anonymous_client.get("/api/v1/claims/"), 401, "not_authenticated")


@pytest.mark.django_db
def test_wrong_key(anonymous_client):
    response = anonymous_client.get("/api/v1/claims/", HTTP_AUTHORIZATION="Bearer fck_wrong")
    assert_problem(response, 401, "authentication_failed")


@pytest.mark.django_db
def test_permission_denied(fact_checker_client):
    response = fact_checker_client.post("/api/v1/articles/", data={"body": "x"}, format="json")
    assert_problem(response, 403, "permission_denied")


@pytest.mark.django_db
def test_not_found(api_client):
    assert_problem(api_client.get("/api/v1/articles/999999/"), 404, "not_found")


@pytest.mark.django_db
def test_unknown_api_path_is_a_problem_too(api_client):
    assert_problem(api_client.get("/api/v1/no-such-thing/"), 404, "not_found")


@pytest.mark.django_db
def test_method_not_allowed(api_client):
    assert_problem(api_client.delete("/api/v1/articles/"), 405, "method_not_allowed")


@pytest.mark.django_db
def test_invalid_filter_value(api_client):
    body = assert_problem(api_client.get("/api/v1/claims/?article=abc"), 400, "invalid")
    assert "article" in body["errors"]


@pytest.mark.django_db
def test_throttled_with_retry_after(api_client):
    with override_settings(
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"user": "3/min", "anon": "3/min"},
        }
    ):
        statuses = [api_client.get("/api/v1/articles/").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        response = api_client.get("/api/v1/articles/")
        assert_problem(response, 429, "throttled")
        assert int(response["Retry-After"]) > 0


@pytest.mark.django_db
def test_throttling_counts_each_client_apart(api_client, other_api_client):
    with override_settings(
        REST_FRAMEWORK={
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"user": "2/min", "anon": "2/min"},
        }
    ):
        for _ in range(2):
            assert api_client.get("/api/v1/articles/").status_code == 200
        assert api_client.get("/api/v1/articles/").status_code == 429
        assert other_api_client.get("/api/v1/articles/").status_code == 200


@pytest.mark.django_db
def test_an_unexpected_error_is_a_logged_500_problem(api_client, monkeypatch, caplog):
    from factcheck import selectors

    def broken(user):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(selectors, "article_list_for_user", broken)
    response = api_client.get("/api/v1/articles/")
    body = assert_problem(response, 500, "server_error")
    assert "fire" not in json.dumps(body)  # no internals leak to the client
    assert "database on fire" in caplog.text


@pytest.mark.django_db
def test_problem_types_are_described(api_client):
    response = api_client.get("/api/v1/problems/conflict")
    assert response.status_code == 200
    assert response.json()["title"] == "Conflict"


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize(
    "path", ["/api/v1/articles/null,null/", "/api/v1/no-such-thing/", "/api/v1/claims/1/nope"]
)
@pytest.mark.django_db
def test_an_unknown_api_path_is_a_problem_with_debug_on_or_off(api_client, debug, path):
    # With DEBUG on (the demo), Django answers an unmatched path with its HTML debug page.
    with override_settings(DEBUG=debug):
        body = assert_problem(api_client.get(path), 404, "not_found")
    assert body["instance"] == path


@pytest.mark.django_db
def test_an_error_outside_any_view_is_a_problem_with_debug_on(api_client):
    # A host the settings do not allow is refused before any view: Django's 400 page.
    with override_settings(DEBUG=True):
        response = api_client.get("/api/v1/articles/", HTTP_HOST="evil.example")
    body = assert_problem(response, 400, "bad_request")
    assert "evil" not in json.dumps(body)


@pytest.mark.django_db
def test_security_headers_stay_on_a_rewritten_answer(api_client):
    with override_settings(DEBUG=True):
        response = api_client.get("/api/v1/articles/null,null/")
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_pages_outside_the_api_keep_django_answers(client):
    with override_settings(DEBUG=True):
        response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        ("/api/v1/articles/", {"body": 7}, "body"),
        ("/api/v1/articles/", {"body": "A report.", "title": 12}, "title"),
        ("/api/v1/articles/", {"body": "A report.", "publisher": ["Desk"]}, "publisher"),
        ("/api/v1/claims/", {"text": "Forty died.", "story": "1"}, "story"),
        ("/api/v1/claims/", {"text": "Forty died.", "story": True}, "story"),
        ("/api/v1/claims/", {"text": 40}, "text"),
        ("/api/v1/articles/batch/", {"items": {"0": {"body": "A report."}}}, "items"),
        ("/api/v1/claims/batch/", {"items": [{"text": False}]}, "items"),
    ],
)
@pytest.mark.django_db
def test_a_value_of_another_json_type_than_the_schema_says_is_refused(
    api_client, path, payload, field
):
    # DRF alone would take 12 as the title "12" and "1" as the story 1.
    response = api_client.post(path, data=json.dumps(payload), content_type="application/json")
    body = assert_problem(response, 400, "invalid")
    assert field in body["errors"]


@pytest.mark.django_db
def test_an_integral_json_number_is_an_integer(api_client):
    response = api_client.post(
        "/api/v1/claims/",
        data=json.dumps({"text": "Forty died.", "story": 999999.0}),
        content_type="application/json",
    )
    body = assert_problem(response, 400, "invalid")
    assert body["errors"] == {"story": ["No such story."]}


@pytest.mark.parametrize(
    "body",
    [" ", "\n\t", "\x1c\x1f", "\u3000", "\x85"],
    ids=["space", "tabs", "seps", "ideo", "nel"],
)
@pytest.mark.django_db
def test_a_blank_text_is_refused_as_the_schema_pattern_says(api_client, body):
    from api.openapi import NOT_BLANK_PATTERN

    assert re.search(NOT_BLANK_PATTERN, body) is None
    response = api_client.post(
        "/api/v1/articles/", data=json.dumps({"body": body}), content_type="application/json"
    )
    assert_problem(response, 400, "invalid")


@pytest.mark.parametrize("path", ["/api/v1/claims/", "/api/v1/articles/", "/api/v1/stories/"])
@pytest.mark.django_db
def test_a_nul_character_in_search_or_free_text_is_a_400_naming_the_parameter(editor_client, path):
    for name in ("search", "publisher") if path != "/api/v1/stories/" else ("search",):
        body = assert_problem(editor_client.get(f"{path}?{name}=a%00b"), 400, "invalid")
        assert set(body["errors"]) == {name}
