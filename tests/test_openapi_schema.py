"""The OpenAPI description checked into docs/openapi.yaml is the one the code generates, and
the served schema and docs need authentication."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

CHECKED_IN = Path(__file__).resolve().parents[1] / "docs" / "openapi.yaml"


def test_checked_in_schema_matches_the_code():
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    assert out.getvalue() == CHECKED_IN.read_text(encoding="utf-8"), (
        "docs/openapi.yaml is stale: run `uv run python manage.py spectacular "
        "--file docs/openapi.yaml` and commit it"
    )


@pytest.mark.django_db
def test_schema_and_docs_are_served_to_authenticated_users(api_client, anonymous_client):
    assert anonymous_client.get("/api/v1/schema/").status_code == 401
    schema = api_client.get("/api/v1/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/articles/" in schema.content
    docs = api_client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
