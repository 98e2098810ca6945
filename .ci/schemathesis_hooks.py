"""Schemathesis hooks of .ci/schemathesis.sh: where a generated request is not one a client
makes, or a check cannot judge a field from the schema, said here, for that field alone.

Every other check runs on every operation, and every failure not dropped here fails CI."""

import json
import re
import uuid

import schemathesis
from schemathesis.openapi.checks import RejectedPositiveData

# The Idempotency-Key header's schema (factcheck/idempotency.py).
_IDEMPOTENCY_KEY = re.compile(r"[!-~]{1,255}")

# Parameters whose valid values no schema can list, per operation: a 400 naming only these is
# not a schema-valid request refused.
_OPAQUE_FIELDS = {
    # A cursor is opaque: the API hands it out in `next`/`previous`, and any other string is
    # refused (400). Its schema can only say "a string"; so a made-up cursor, schema-valid,
    # is rightly refused. (Cursors the API could not read answering 5xx still fail the run.)
    "cursor": None,  # every list operation
    # A webhook receiver's host must resolve to public addresses when the subscription is
    # made (a defence against server-side request forgery): the DNS, not the schema, decides.
    # The schema says the scheme and the length.
    "url": {"POST /api/v1/webhooks/"},
}


@schemathesis.hook
def map_headers(context, headers):
    # A client sends a new Idempotency-Key with each new request; the generator reuses a few
    # short ones ("0") for different bodies, which is the documented 422 (key reused), not a
    # schema-valid request refused. A key the schema refuses is left as generated.
    key = headers.get("Idempotency-Key") if headers else None
    if isinstance(key, str) and _IDEMPOTENCY_KEY.fullmatch(key):
        headers["Idempotency-Key"] = uuid.uuid4().hex
    return headers


def _refused_fields(response) -> set[str] | None:
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    errors = body.get("errors") if isinstance(body, dict) else None
    return set(errors) if isinstance(errors, dict) else None


@schemathesis.hook
def filter_failure(context, failure, case, response):
    """Keep every failure but a 400 for a schema-valid request that names only fields the
    schema cannot describe in full (see _OPAQUE_FIELDS)."""
    if not isinstance(failure, RejectedPositiveData) or response.status_code != 400:
        return True
    refused = _refused_fields(response)
    if not refused:
        return True
    label = f"{case.operation.method.upper()} {case.operation.path}"
    opaque = all(
        field in _OPAQUE_FIELDS
        and (_OPAQUE_FIELDS[field] is None or label in _OPAQUE_FIELDS[field])
        for field in refused
    )
    return not opaque
