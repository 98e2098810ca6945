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

# Fields whose valid values no schema can list: a 400 for a schema-valid request that names
# only these (anywhere in `errors`, batch items included) is not a schema-valid request
# refused. Field -> the operations it applies to (None: every operation).
_OPAQUE_FIELDS = {
    # A cursor is opaque: the API hands it out in `next`/`previous`, and any other string is
    # refused (400). Its schema can only say "a string". (A cursor the API cannot read that
    # answers 5xx still fails the run: not_a_server_error is not filtered.)
    "cursor": None,
    # A webhook receiver's URL must pass Django's URL validation and its host resolve to
    # public addresses when the subscription is made (a defence against server-side request
    # forgery): the DNS, not the schema, decides. The schema says the scheme and the length.
    "url": {"POST /api/v1/webhooks/"},
}
# Rules on a field's value that the database or the clock decide, not the schema:
_RULES_BEYOND_THE_SCHEMA = (
    # a reference to another row (`"story": 7`) is valid only if that row exists and the
    # caller may see it ("No such story.");
    re.compile(r"No such \w+\."),
    # an assignee must be a user holding the fact-checker role ("editor is not a
    # fact-checker.");
    re.compile(r".+ is not a fact-checker\."),
    # a due date must be in the future, which moves;
    re.compile(r"The due date is in the past\."),
    # a claim quoted from an article must occur in that article's body.
    re.compile(r"The claim text does not occur in the article's body\."),
)


@schemathesis.hook
def before_call(context, case, kwargs):
    # A client sends a new Idempotency-Key with each new request; the generator reuses a few
    # short ones ("0") for different bodies, which is the documented 422 (key reused), not a
    # schema-valid request refused. A key the schema refuses is left as generated.
    key = case.headers.get("Idempotency-Key") if case.headers else None
    if isinstance(key, str) and _IDEMPOTENCY_KEY.fullmatch(key):
        case.headers["Idempotency-Key"] = uuid.uuid4().hex


def _leaves(errors, field=None):
    """(field, message) for every message in a problem's `errors`, batch items included."""
    if isinstance(errors, dict):
        for key, value in errors.items():
            inner = field if key.isdigit() or key in ("items", "non_field_errors") else key
            yield from _leaves(value, inner)
    elif isinstance(errors, list):
        for value in errors:
            yield from _leaves(value, field)
    else:
        yield field, str(errors)


@schemathesis.hook
def filter_failure(context, failure, case, response):
    """Keep every failure but a 400 for a schema-valid request whose every message is about
    a field the schema cannot describe in full (see above)."""
    if not isinstance(failure, RejectedPositiveData) or response.status_code != 400:
        return True
    try:
        errors = json.loads(response.content).get("errors")
    except (ValueError, AttributeError):
        return True
    leaves = list(_leaves(errors)) if isinstance(errors, dict) else []
    if not leaves:
        return True
    label = f"{case.operation.method.upper()} {case.operation.path}"

    def opaque(field, message):
        if any(rule.fullmatch(message) for rule in _RULES_BEYOND_THE_SCHEMA):
            return True
        operations = _OPAQUE_FIELDS.get(field, ())
        return operations is None or label in operations

    return not all(opaque(field, message) for field, message in leaves)
