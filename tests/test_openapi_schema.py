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


def _schema() -> dict:
    import yaml

    return yaml.safe_load(CHECKED_IN.read_text(encoding="utf-8"))


def test_every_request_body_says_unknown_fields_are_refused():
    # StrictInputSerializer refuses unknown fields (400): a schema that allowed them would
    # tell clients extra fields are ignored.
    components = _schema()["components"]["schemas"]
    requests = {name: schema for name, schema in components.items() if name.endswith("Request")}
    assert requests
    for name, schema in requests.items():
        assert schema.get("additionalProperties") is False, name


def test_every_page_size_and_id_filter_states_its_limits():
    checked = 0
    for path, operations in _schema()["paths"].items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "page_size":
                    assert parameter["schema"] == {"type": "integer", "minimum": 1, "maximum": 200}
                    checked += 1
                if parameter["in"] == "query" and parameter["schema"].get("type") == "integer":
                    assert "minimum" in parameter["schema"], (path, parameter["name"])
                    assert "maximum" in parameter["schema"], (path, parameter["name"])
    assert checked >= 8


def test_the_not_blank_pattern_is_pythons_idea_of_whitespace():
    # DRF trims with str.strip(); JSON Schema's \s is another set, so the pattern spells
    # Python's out. Every code point: the pattern finds it exactly when strip() keeps it.
    import re

    from api.openapi import NOT_BLANK_PATTERN

    pattern = re.compile(NOT_BLANK_PATTERN)
    differing = [
        hex(code)
        for code in range(0x110000)
        if code and bool(pattern.search(chr(code))) == chr(code).isspace()
    ]
    assert differing == []
    assert pattern.search("\x00") is None


def test_an_empty_text_is_valid_where_the_api_takes_one():
    # drf-spectacular writes a blank-allowing text with a pattern as
    # `oneOf: [text, empty string]`, which "" (matching both) fails; the API takes "".
    text = CHECKED_IN.read_text(encoding="utf-8")
    schema = _schema()["components"]["schemas"]["ArticleCreateRequest"]["properties"]
    assert {"type": "string", "maxLength": 0} in schema["publisher"]["anyOf"]
    assert "oneOf:\n          - type: string\n            default: ''" not in text
