"""Input and output shapes of the webhooks API. A signing secret appears in one answer only:
the creation's, or the rotation's that made it."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers import StrictInputSerializer, reject_unpaired_surrogates
from factcheck.events import EVENT_TYPES
from factcheck.models import ApiClient

from .models import WebhookDelivery, WebhookEvent, WebhookSubscription
from .selectors import STAFF_ONLY_EVENT_TYPES
from .validators import URL_MAX_LENGTH, webhook_url_validate

# What an integration may hear about (see selectors.event_visible_to_client).
SUBSCRIBABLE_EVENT_TYPES = EVENT_TYPES - STAFF_ONLY_EVENT_TYPES


class WebhookSubscriptionSerializer(serializers.ModelSerializer):
    client = serializers.CharField(source="client.name", read_only=True)

    class Meta:
        model = WebhookSubscription
        fields = ["id", "client", "url", "event_types", "active", "created_at"]
        read_only_fields = fields


class WebhookSubscriptionCreatedSerializer(WebhookSubscriptionSerializer):
    """The answer to a creation only: with the signing secret."""

    secret = serializers.CharField(
        read_only=True,
        help_text="`whsec_` + base64 key for verifying signatures. Shown only in this answer.",
    )

    class Meta(WebhookSubscriptionSerializer.Meta):
        fields = [*WebhookSubscriptionSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class WebhookSecretRotatedSerializer(WebhookSubscriptionCreatedSerializer):
    """The answer to a rotation only: with the new signing secret."""

    previous_secret_expires_at = serializers.DateTimeField(
        read_only=True,
        help_text="Until then messages carry a signature with the old secret too.",
    )

    class Meta(WebhookSubscriptionCreatedSerializer.Meta):
        fields = [*WebhookSubscriptionCreatedSerializer.Meta.fields, "previous_secret_expires_at"]
        read_only_fields = fields


class WebhookSecretRotateSerializer(StrictInputSerializer):
    previous_secret_valid_hours = serializers.IntegerField(
        min_value=0,
        max_value=168,
        default=24,
        help_text="How long the old secret keeps signing beside the new one (0 to 168 hours; "
        "0: it stops at once).",
    )


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://",
        "maxLength": URL_MAX_LENGTH,
        "description": "An http:// or https:// URL receiving POSTs; its host must resolve to "
        "public addresses.",
    }
)
class WebhookUrlField(serializers.CharField):
    """The schema says what it can (the scheme, the length); that the host resolves to a
    public address is checked when the subscription is made, and no schema can say it."""


class WebhookSubscriptionCreateSerializer(StrictInputSerializer):
    url = WebhookUrlField(
        max_length=URL_MAX_LENGTH,
        validators=[reject_unpaired_surrogates],
        help_text="An http:// or https:// URL receiving POSTs.",
    )
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(SUBSCRIBABLE_EVENT_TYPES)),
        allow_empty=False,
        help_text="Event types to receive.",
    )
    client = serializers.PrimaryKeyRelatedField(
        queryset=ApiClient.objects.all(),
        required=False,
        help_text="Admins only: the API client to subscribe (integrations subscribe themselves).",
    )

    def __init__(self, *args, allow_client: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not allow_client:
            del self.fields["client"]

    def validate_url(self, value: str) -> str:
        webhook_url_validate(value)
        return value

    def validate_event_types(self, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


class WebhookEventSerializer(serializers.ModelSerializer):
    timestamp = serializers.DateTimeField(source="created_at", read_only=True)

    class Meta:
        model = WebhookEvent
        fields = ["id", "type", "timestamp", "data"]
        read_only_fields = fields


class WebhookDeliverySerializer(serializers.ModelSerializer):
    event = WebhookEventSerializer(read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "subscription",
            "event",
            "status",
            "attempts",
            "last_response_code",
            "last_error",
            "next_attempt_at",
            "delivered_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
