"""The permission matrix, generated from the URL configuration: every route under /api/ and
/admin/ (found by walking `get_resolver()`), every method it answers, every role (anonymous,
integration, fact-checker, editor, admin) gets exactly the answer documented in
PERMISSIONS.json beside this file. A route without an entry fails the test, so a new endpoint
cannot be added without deciding who may use it.

Routes are probed with an id that matches nothing (999999): the role gate answers before any
row is looked up, so a refused role gets 401/403 and an admitted one 404 (API) or a redirect
to the index (admin's change and delete pages; its history page redirects every staff role
the same way). Write methods are sent an empty body: an admitted role gets 400, a refused one
403. Row-level rules (an integration sees only what it sent) have their own tests.

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

from factcheck.services import api_client_issue_key
from tests.factories import UserFactory

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
