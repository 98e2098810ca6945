"""The permission matrix, generated from the URL configuration: every route under /api/ and
/admin/ (found by walking `get_resolver()`), every method it answers, every role (anonymous,
integration, fact-checker, editor, admin) gets exactly the answer documented in
PERMISSIONS.json beside this file. A route without an entry fails the test, so a new endpoint
cannot be added without deciding who may use it.

Routes are probed with an id that matches nothing (999999): the role gate answers before any
row is looked up, so a refused role gets 401/403 and an admitted one 404 (API) or a redirect
to the index (admin's change and delete pages; its history page redirects every staff role
the same way). Write methods are sent an empty body: an admitted role gets 400, a refused one
403.

Row level, between two newsrooms: every API route that takes an id is probed by client B with
the ids of client A's article, claim, flag, story, webhook subscription and delivery, and must
answer exactly as it does for an id that does not exist (the table's `integration` answer), so
that B can neither read nor use A's rows nor learn that they exist; the lists, their filters
and references in a submission must not show or accept them either. Client A, probing the
same, is answered (so the probe can fail).

To write the table again after a deliberate change: FACTCHECK_WRITE_PERMISSIONS=1, then read
the diff of PERMISSIONS.json before committing it."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from factcheck.models import Article, ContradictionFlag, Story
from factcheck.services.api_clients import api_client_issue_key
from factcheck.services.articles import article_create
from factcheck.services.claims import claim_create
from tests.factories import UserFactory
from webhooks.models import WebhookDelivery, WebhookEvent, WebhookSubscription

TABLE = Path(__file__).with_name("PERMISSIONS.json")
ROLES = ["anonymous", "integration", "fact-checker", "editor", "admin"]
PREFIXES = ("api/", "admin/")
MISSING_ID = "999999"
UNSAFE = ("post", "put", "patch", "delete")


def walk(patterns, prefix: str = ""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def routes() -> dict[str, URLPattern]:
    found = {}
    for route, pattern in walk(get_resolver().url_patterns):
        if route.startswith(PREFIXES):
            found[route] = pattern
    return found


def concrete_path(route: str) -> str:
    # The admin's two regular-expression routes: an app's index and the catch-all.
    route = re.sub(r"\^?\(\?P<app_label>[^)]*\)/\$", "factcheck/", route)
    route = re.sub(r"\(\?P<url>\.\*\)\$", "no-such-page/", route)
    path = route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")
    path = re.sub(r"<slug:code>", "invalid", path)
    path = re.sub(r"<(?:int|path|str|slug|uuid):\w+>|<\w+>", MISSING_ID, path)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda match: _regex_value(match.group(1)), path)
    return "/" + path


def _regex_value(name: str) -> str:
    if name == "app_label":
        return "factcheck"
    return MISSING_ID


def methods_of(pattern: URLPattern) -> list[str]:
    view_class = getattr(pattern.callback, "view_class", None) or getattr(
        pattern.callback, "cls", None
    )
    if view_class is None:
        return ["get"]  # admin views and plain functions: probed with GET
    return [m for m in ("get", *UNSAFE) if hasattr(view_class, m)]


@pytest.fixture
def clients(db):
    anonymous = APIClient()
    integration = APIClient()
    integration.credentials(
        HTTP_AUTHORIZATION=f"Bearer {api_client_issue_key(name='matrix-tool').key}"
    )
    made = {"anonymous": anonymous, "integration": integration}
    for role in ROLES[2:]:
        client = APIClient()
        client.force_login(UserFactory(username=f"matrix-{role}", role=role))
        made[role] = client
    return made


def answer(client, method: str, path: str) -> str:
    response = getattr(client, method)(path, data={} if method != "get" else None, format="json")
    if response.status_code in (301, 302):
        location = response.headers.get("Location", "")
        return (
            f"{response.status_code} login" if "/login/" in location else str(response.status_code)
        )
    return str(response.status_code)


@pytest.mark.django_db
def test_every_route_answers_every_role_as_documented(clients):
    documented = json.loads(TABLE.read_text()) if TABLE.exists() else {}
    observed: dict[str, dict[str, dict[str, str]]] = {}
    for route, pattern in sorted(routes().items()):
        path = concrete_path(route)
        observed[route] = {
            method.upper(): {role: answer(clients[role], method, path) for role in ROLES}
            for method in methods_of(pattern)
        }
    if os.environ.get("FACTCHECK_WRITE_PERMISSIONS"):
        TABLE.write_text(json.dumps(observed, indent=1, sort_keys=True) + "\n")
    undocumented = sorted(set(observed) - set(documented))
    assert not undocumented, f"routes without an entry in {TABLE.name}: {undocumented}"
    gone = sorted(set(documented) - set(observed))
    assert not gone, f"{TABLE.name} documents routes that no longer exist: {gone}"
    differing = {
        route: {"documented": documented[route], "observed": observed[route]}
        for route in observed
        if observed[route] != documented[route]
    }
    assert not differing, json.dumps(differing, indent=1)


def test_the_matrix_covers_the_api_and_the_admin():
    found = routes()
    assert any(route.startswith("api/v1/articles") for route in found)
    assert any(route.startswith("admin/factcheck/article") for route in found)
    assert len(found) > 100


# --- Row level: two newsrooms -------------------------------------------------------------

# Which of client A's rows an id in a route names, by the route's beginning (first match).
ROW_KINDS = [
    ("api/v1/webhooks/deliveries/", "delivery"),
    ("api/v1/webhooks/", "subscription"),
    ("api/v1/articles/", "article"),
    ("api/v1/claims/", "claim"),
    ("api/v1/contradictions/", "flag"),
    ("api/v1/stories/", "story"),
]
# Answered 404 to the owner too, rightly: a ClaimReview exists once the claim is published.
OWNER_ALSO_404 = {"api/v1/claims/<int:pk>/claimreview/"}
NEWSROOM_A_REPORT = (
    "Bridge repairs delayed\n"
    "The roads agency said on Monday that 6 bridges needed repairs.\n"
    "The city council said on Tuesday that 9 bridges needed repairs."
)


def _keyed_client(name: str):
    issued = api_client_issue_key(name=name)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {issued.key}")
    return issued.client, client


@pytest.fixture
def two_newsrooms(db):
    """Client A with one of each kind of row; client B with nothing."""
    client_a, api_a = _keyed_client("newsroom-a")
    _, api_b = _keyed_client("newsroom-b")
    article = article_create(
        body=NEWSROOM_A_REPORT, url="https://a.example.org/bridges", submitted_by=client_a.user
    ).article
    story = Story.objects.create(title="Bridges of newsroom A")
    article.story = story
    article.save(update_fields=["story"])
    first, second = (
        claim_create(text=line, article=article, submitted_by=client_a.user).claim
        for line in NEWSROOM_A_REPORT.splitlines()[1:]
    )
    flag = ContradictionFlag.objects.create(
        claim_a=first,
        claim_b=second,
        kind=ContradictionFlag.Kind.CROSS_SOURCE,
        score=0.7,
        explanation="6 vs 9 bridges",
        detector_version="test",
    )
    subscription = WebhookSubscription.objects.create(
        client=client_a,
        url="https://a.example.org/hook",
        event_types=["article.checked"],
        secret="whsec_dGVzdA==",
    )
    event = WebhookEvent.objects.create(type="article.checked", data={"id": article.pk})
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event=event, next_attempt_at=event.created_at
    )
    ids = {
        "article": article.pk,
        "claim": first.pk,
        "flag": flag.pk,
        "story": story.pk,
        "subscription": subscription.pk,
        "delivery": delivery.pk,
    }
    return api_a, api_b, ids


@pytest.mark.django_db
def test_another_clients_rows_answer_exactly_like_rows_that_do_not_exist(two_newsrooms):
    api_a, api_b, ids = two_newsrooms
    documented = json.loads(TABLE.read_text())
    probed = []
    for route, pattern in sorted(routes().items()):
        if not route.startswith("api/") or "<int:pk>" not in route:
            continue
        kind = next(kind for prefix, kind in ROW_KINDS if route.startswith(prefix))
        path = concrete_path(route).replace(MISSING_ID, str(ids[kind]))
        for method in methods_of(pattern):
            missing = documented[route][method.upper()]["integration"]
            assert answer(api_b, method, path) == missing, (method, path)
            if method == "get" and missing == "404" and route not in OWNER_ALSO_404:
                assert answer(api_a, method, path) == "200", (method, path)
            probed.append((method, route))
    assert len(probed) >= 24  # every route with an id, each method
    # Nothing B sent changed A's rows.
    assert WebhookSubscription.objects.filter(pk=ids["subscription"]).exists()
    assert WebhookDelivery.objects.get(pk=ids["delivery"]).status == "pending"
    assert Article.objects.get(pk=ids["article"]).story_id == ids["story"]


@pytest.mark.django_db
def test_another_clients_rows_are_in_no_list_or_filter(two_newsrooms):
    api_a, api_b, ids = two_newsrooms
    lists = {
        "/api/v1/articles/": ["", f"story={ids['story']}", "search=bridges"],
        "/api/v1/claims/": ["", f"article={ids['article']}", f"story={ids['story']}"],
        "/api/v1/contradictions/": ["", f"claim={ids['claim']}", f"article={ids['article']}"],
        "/api/v1/stories/": ["", "search=Bridges"],
        "/api/v1/webhooks/": [""],
    }
    for path, queries in lists.items():
        for query in queries:
            url = f"{path}?{query}"
            assert api_b.get(url).json()["results"] == [], url
            assert api_a.get(url).json()["results"] != [], url


@pytest.mark.django_db
def test_another_clients_rows_cannot_be_referenced_in_a_submission(two_newsrooms):
    _, api_b, ids = two_newsrooms
    text = "The roads agency said on Monday that 6 bridges needed repairs."

    def post(path, payload):
        return api_b.post(path, data=payload, format="json")

    response = post("/api/v1/claims/", {"text": text, "article": ids["article"]})
    assert response.json()["errors"] == {"article": ["No such article."]}
    for path, payload in (
        ("/api/v1/claims/", {"text": text, "story": ids["story"]}),
        ("/api/v1/claims/batch/", {"items": [{"text": text, "story": ids["story"]}]}),
    ):
        refused = post(path, payload)
        missing = post(path, json.loads(json.dumps(payload).replace(str(ids["story"]), "999999")))
        assert refused.status_code == missing.status_code == 400, refused.json()
        assert refused.json() == missing.json()
    # A's URL with another body: B's own article, nothing of A's.
    response = post(
        "/api/v1/articles/", {"body": "B's own text.", "url": "https://a.example.org/bridges"}
    )
    assert response.status_code == 201
    assert response.json()["id"] != ids["article"]
    assert "bridges needed repairs" not in response.content.decode()
