"""One error format for the whole API: problem details (RFC 9457), served as
`application/problem+json`:

    {"type": "/api/v1/problems/invalid", "title": "Invalid input", "status": 400,
     "detail": "Invalid input.", "code": "invalid", "instance": "/api/v1/articles/",
     "errors": {"body": ["The body is empty."]}}

`code` names the problem; `errors` (validation only) carries field-level messages. The same
shape is produced for validation, authentication, permission, not found, conflict,
throttling and unexpected server errors, and for unknown paths under /api/."""

import json
import logging
from http import HTTPStatus

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .parsers import RequestTooLarge

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"

# code -> (title, what it means); served at /api/v1/problems/<code> for people reading a type.
PROBLEMS = {
    "invalid": ("Invalid input", "A field is missing or malformed; see `errors`."),
    "parse_error": ("Malformed request body", "The body is not valid JSON."),
    "unsupported_media_type": ("Unsupported media type", "Send `application/json`."),
    "request_too_large": ("Request too large", "The body exceeds the documented size limit."),
    "not_authenticated": ("Authentication required", "Send `Authorization: Bearer <key>`."),
    "authentication_failed": ("Authentication failed", "The key is wrong or revoked."),
    "permission_denied": ("Not allowed", "Your role or this object's state does not allow it."),
    "not_found": ("Not found", "No such resource, or you may not see it."),
    "method_not_allowed": ("Method not allowed", "This path does not accept that method."),
    "not_acceptable": ("Not acceptable", "This API answers in JSON."),
    "conflict": ("Conflict", "The resource's state does not allow this change now."),
    "idempotency_key_reused": (
        "Idempotency key reused",
        "The Idempotency-Key was already used with a different request body.",
    ),
    "bad_request": ("Bad request", "The request could not be understood as sent."),
    "throttled": ("Too many requests", "Slow down; retry after `Retry-After` seconds."),
    "server_error": ("Server error", "Something failed on our side; it has been logged."),
}


def problem_type(code: str) -> str:
    return f"/api/v1/problems/{code}"


def problem_body(*, status_code: int, code: str, detail: str, instance: str = "", **extra):
    title = PROBLEMS.get(code, (code.replace("_", " ").capitalize(), ""))[0]
    body = {
        "type": problem_type(code) if code in PROBLEMS else "about:blank",
        "title": title,
        "status": status_code,
        "detail": detail,
        "code": code,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return body


def _code_of(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    if isinstance(codes, str):
        return codes
    return exc.default_code


def exception_handler(exc, context):
    request = context.get("request")
    instance = request.path if request is not None else ""
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        # Not an API exception: a bug. Log it with the traceback and answer in the same shape.
        logger.exception("Unhandled error in %s", instance, exc_info=exc)
        response = Response(status=status.HTTP_500_INTERNAL_SERVER_ERROR)
        response.data = problem_body(
            status_code=500,
            code="server_error",
            detail="An unexpected error occurred.",
            instance=instance,
        )
    elif isinstance(exc, exceptions.ValidationError):
        errors = response.data
        if not isinstance(errors, dict):
            errors = {"non_field_errors": errors}
        response.data = problem_body(
            status_code=response.status_code,
            code="invalid",
            detail="Invalid input.",
            instance=instance,
            errors=errors,
        )
    else:
        detail = getattr(exc, "detail", "")
        response.data = problem_body(
            status_code=response.status_code,
            code=_code_of(exc) if isinstance(exc, exceptions.APIException) else "error",
            detail=str(detail),
            instance=instance,
        )
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def _plain_problem(request, *, status_code: int, code: str, detail: str) -> JsonResponse:
    return JsonResponse(
        problem_body(status_code=status_code, code=code, detail=detail, instance=request.path),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
    )


def api_aware_not_found(request, exception=None):
    """404 outside any view: problem details under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return _plain_problem(request, status_code=404, code="not_found", detail="Not found.")
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def api_aware_server_error(request):
    if request.path.startswith("/api/"):
        return _plain_problem(
            request, status_code=500, code="server_error", detail="An unexpected error occurred."
        )
    from django.views.defaults import server_error

    return server_error(request)


def problem_description(request, code: str):
    """What a problem `type` means, for a person following the link."""
    if code not in PROBLEMS:
        return _plain_problem(request, status_code=404, code="not_found", detail="Not found.")
    title, meaning = PROBLEMS[code]
    return JsonResponse(
        {"type": problem_type(code), "code": code, "title": title, "description": meaning}
    )


class Conflict(exceptions.APIException):
    """409: the resource's current state does not allow the change (a forbidden transition)."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "The resource's state does not allow this change."
    default_code = "conflict"


# The problem code of an error answer that Django, not the API, wrote.
_CODE_OF_STATUS = {
    400: "bad_request",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "request_too_large",
    415: "unsupported_media_type",
    429: "throttled",
    500: "server_error",
}
_JSON_TYPES = ("application/json", "application/problem+json", "application/ld+json")


class ApiProblemMiddleware:
    """Every error answer under /api/ is problem details, DEBUG on or off.

    With DEBUG on (the demo), Django answers a path no route matches, or an error raised
    outside a view, with its HTML debug page: `handler404` and `handler500` serve only with
    DEBUG off. Outermost in MIDDLEWARE, this turns any error answer under /api/ that is not
    JSON into the problem details of its status."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith(_JSON_TYPES)
        ):
            return self._as_problem(request, response)
        return response

    @staticmethod
    def _as_problem(request, response):
        # The body is replaced in place: every header the other middleware set (security
        # headers, `Allow`, `Retry-After`) stays.
        status_code = response.status_code
        code = _CODE_OF_STATUS.get(status_code)
        if code is None:
            code = "server_error" if status_code >= 500 else "bad_request"
        try:
            detail = HTTPStatus(status_code).phrase + "."
        except ValueError:
            detail = PROBLEMS[code][1]
        body = problem_body(
            status_code=status_code, code=code, detail=detail, instance=request.path
        )
        response.content = json.dumps(body).encode("ascii")
        response["Content-Type"] = PROBLEM_CONTENT_TYPE
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
