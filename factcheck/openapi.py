"""OpenAPI description (drf-spectacular): the bearer-key scheme, and the problem-details
error responses every operation can give, so the schema lists every status code the API
answers with."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


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


class FactcheckAutoSchema(AutoSchema):
    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        from .serializers import StrictInputSerializer  # serializers import this module's users

        if direction == "request" and isinstance(serializer, StrictInputSerializer):
            # It refuses fields it does not know (400): say so, or a client reading the schema
            # would think extra fields are ignored.
            schema["additionalProperties"] = False
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


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "factcheck.authentication.ApiTokenAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API client's key: `Authorization: Bearer fck_…` "
            "(`python manage.py create_api_client NAME`).",
        }
