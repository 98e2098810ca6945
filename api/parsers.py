import io

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser

# No request of this API nests deeper than a few levels; a body nested hundreds deep is an
# attack on the recursion of whatever reads it next (parser, serializers, logging).
JSON_MAX_DEPTH = 32


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "request_too_large"


class SizeLimitedJSONParser(JSONParser):
    """DRF reads a JSON body straight from the request stream, past Django's
    DATA_UPLOAD_MAX_MEMORY_SIZE check; this parser applies the limit itself (also to chunked
    bodies without a Content-Length, by reading at most one byte past it)."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        request = (parser_context or {}).get("request")
        declared = request.META.get("CONTENT_LENGTH", "") if request is not None else ""
        if declared.isdigit() and int(declared) > limit:
            raise RequestTooLarge()
        data = stream.read(limit + 1) if stream is not None else b""
        if len(data) > limit:
            raise RequestTooLarge()
        try:
            parsed = super().parse(io.BytesIO(data), media_type, parser_context)
        except RecursionError as error:
            raise ParseError(_too_deep()) from error
        if _nesting_depth(parsed) > JSON_MAX_DEPTH:
            raise ParseError(_too_deep())
        return parsed


def _too_deep() -> str:
    return f"JSON parse error - nested deeper than {JSON_MAX_DEPTH} levels."


def _nesting_depth(value) -> int:
    """How deep lists and objects nest in `value`, without recursion (one level past the
    limit is enough to know)."""
    deepest = 0
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > JSON_MAX_DEPTH:
            return deepest
        pending.extend((child, depth + 1) for child in children)
    return deepest
