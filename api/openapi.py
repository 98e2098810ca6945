"""OpenAPI description (drf-spectacular): the bearer-key scheme, and the problem-details
error responses every operation can give, so the schema lists every status code the API
answers with."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from .serializers import StrictInputSerializer


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField(help_text="A URI reference naming the problem.")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    code = serializers.CharField(help_text="Machine-readable name of the problem.")
    instance = serializers.CharField(required=False, help_text="The request path.")
    errors = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text="Validation only: messages per field (lists of strings, or nested objects "
        "for items of a batch).",
    )


def _problem(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=ProblemSerializer, description=description)


COMMON_ERRORS = {
    "400": "Invalid query parameters or body (`errors` has field-level messages).",
    "401": "Missing, wrong or revoked credentials.",
    "403": "Your role may not do this.",
    "405": "Method not allowed on this path.",
    "406": "Only JSON is served.",
    "429": "Too many requests; see `Retry-After`.",
}
WRITE_ERRORS = {
    "413": "Request body too large.",
    "415": "Send `Content-Type: application/json`.",
}


# What DRF's CharField accepts, for the schema: never a NUL character (refused by Django's
# validator, since no database stores it in text), and when the field trims whitespace or
# refuses a blank text, a character Python's str.strip() keeps. Python's whitespace is spelled
# out: JSON Schema's `\s` is another set.
_PYTHON_WHITESPACE = (
    r"\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
NO_NUL_PATTERN = r"^[^\x00]*$"
NOT_BLANK_PATTERN = rf"^[^\x00]*[^\x00{_PYTHON_WHITESPACE}][^\x00]*$"


class FactcheckAutoSchema(AutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction != "request" or field.read_only:
            return schema
        # Limits DRF checks that drf-spectacular does not write down.
        if (
            isinstance(field, serializers.CharField)
            and schema.get("type") == "string"
            and "pattern" not in schema
        ):
            blank_refused = not field.allow_blank and (
                field.trim_whitespace or getattr(field, "refuses_blank_text", False)
            )
            schema["pattern"] = NOT_BLANK_PATTERN if blank_refused else NO_NUL_PATTERN
        if (
            isinstance(field, (serializers.ListField, serializers.ListSerializer))
            and not field.allow_empty
            and schema.get("type") == "array"
            and "minItems" not in schema
        ):
            schema["minItems"] = 1
        return schema

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        for field_schema in schema.get("properties", {}).values():
            # A blank-allowing text with a pattern comes as `oneOf: [the text, an empty
            # string]`, which an empty string, matching both, fails: either will do.
            if {"type": "string", "maxLength": 0} in field_schema.get("oneOf", []):
                field_schema["anyOf"] = field_schema.pop("oneOf")
        if direction == "request" and isinstance(serializer, StrictInputSerializer):
            # It refuses fields it does not know (400): say so, or a client reading the schema
            # would think extra fields are ignored.
            schema["additionalProperties"] = False
            # A rule between fields that the serializer checks in `validate`.
            schema.update(getattr(serializer, "openapi_request_extra", {}))
        return schema

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = dict(COMMON_ERRORS)
        if self.method in ("POST", "PUT", "PATCH"):
            errors.update(WRITE_ERRORS)
        if "{" in self.path:
            errors["404"] = "No such object, or you may not see it."
        errors.update(getattr(self.view, "extra_error_responses", {}))
        # Refused by the HTTP server (gunicorn) before the application sees the request, so
        # with whatever body the server writes.
        responses.setdefault("414", {"description": "Request line (URL) too long."})
        for code, description in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    _problem(description), code, direction=direction
                )
                responses[code]["content"] = {
                    "application/problem+json": next(iter(responses[code]["content"].values()))
                }
        return responses
