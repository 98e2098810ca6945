"""`Idempotency-Key` for POSTs (as Stripe does it): a retried request with the same key and the
same body gets the first response again and creates nothing; the same key with a different
body is a 422; a retry while the first is still running is a 409. Keys are per user and kept
for IDEMPOTENCY_KEY_TTL."""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response

from api.problems import PROBLEM_CONTENT_TYPE, Conflict

from .models import IdempotencyRecord

IDEMPOTENCY_KEY_TTL = datetime.timedelta(hours=24)
_KEY_PATTERN = re.compile(r"^[\x21-\x7e]{1,255}$")  # printable ASCII, no spaces

IDEMPOTENCY_KEY_PARAMETER = OpenApiParameter(
    name="Idempotency-Key",
    type={"type": "string", "pattern": "^[!-~]{1,255}$", "minLength": 1, "maxLength": 255},
    location=OpenApiParameter.HEADER,
    required=False,
    description="A unique key (1 to 255 printable ASCII characters, no spaces) for this "
    "request: a retry with the same key and body returns the first response and creates "
    "nothing. Kept 24 h.",
)


class IdempotencyKeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This Idempotency-Key was already used with a different request body."
    default_code = "idempotency_key_reused"


def _fingerprint(request) -> str:
    canonical = json.dumps(request.data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{request.method} {request.path}\n{canonical}".encode()).hexdigest()


def _replay(record: IdempotencyRecord) -> Response:
    headers = {"Idempotent-Replayed": "true"}
    if record.response_location:
        headers["Location"] = record.response_location
    body = json.loads(record.response_body) if record.response_body else None
    response = Response(body, status=record.response_status, headers=headers)
    if record.response_status >= 400:
        response.content_type = PROBLEM_CONTENT_TYPE
    return response


def idempotent(post):
    """Decorate an APIView's `post`."""

    @functools.wraps(post)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get("Idempotency-Key")
        if key is None:
            return post(view, request, *args, **kwargs)
        if not _KEY_PATTERN.match(key):
            raise ValidationError(
                {"Idempotency-Key": ["Use 1 to 255 printable ASCII characters without spaces."]}
            )
        fingerprint = _fingerprint(request)
        expired_before = timezone.now() - IDEMPOTENCY_KEY_TTL
        IdempotencyRecord.objects.filter(
            user=request.user, key=key, created_at__lt=expired_before
        ).delete()
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    user=request.user,
                    key=key,
                    method=request.method,
                    path=request.path,
                    request_fingerprint=fingerprint,
                )
        except IntegrityError:
            record = IdempotencyRecord.objects.get(user=request.user, key=key)
            if record.request_fingerprint != fingerprint:
                raise IdempotencyKeyReused() from None
            if record.response_status is None:
                raise Conflict(
                    "A request with this Idempotency-Key is still being processed; retry later."
                ) from None
            return _replay(record)
        try:
            response = post(view, request, *args, **kwargs)
        except APIException as error:
            # A refusal is an answer too: replay it for the same request.
            response = view.handle_exception(error)
        if response.status_code >= 500:
            record.delete()  # let the client retry a failure of ours
            return response
        record.response_status = response.status_code
        record.response_body = json.dumps(response.data, ensure_ascii=True, default=str)
        record.response_location = response.headers.get("Location", "")
        record.save(update_fields=["response_status", "response_body", "response_location"])
        return response

    return wrapper


def idempotency_records_expire(*, now: datetime.datetime | None = None) -> int:
    """Delete records older than the TTL (run by the periodic sweep)."""
    cutoff = (now or timezone.now()) - IDEMPOTENCY_KEY_TTL
    return IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()[0]
