"""Webhooks in the admin: read-only (subscriptions are managed by their clients through the
API); the one write, replaying deliveries, goes through the service. Signing secrets are never
shown."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from factcheck.admin.common import ReadOnlyAdminMixin

from .models import WebhookDelivery, WebhookEvent, WebhookSubscription
from .services import deliveries


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "client", "url", "event_list", "active", "created_at"]
    list_filter = ["active", "client", "created_at"]
    search_fields = ["url", "client__name"]
    list_select_related = ["client"]
    fields = ["client", "url", "event_types", "active", "created_at"]
    readonly_fields = fields

    @admin.display(description="Events")
    def event_list(self, obj):
        return ", ".join(obj.event_types)


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "type", "created_at"]
    list_filter = ["type", "created_at"]
    search_fields = ["id", "type"]
    date_hierarchy = "created_at"
    fields = ["id", "type", "data", "created_at"]
    readonly_fields = fields


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "event_type",
        "subscription_link",
        "status",
        "last_response_code",
        "attempts",
        "short_error",
        "next_attempt_at",
        "delivered_at",
        "updated_at",
    ]
    list_filter = [
        "status",
        "event__type",
        "subscription__client",
        "last_response_code",
        "created_at",
    ]
    search_fields = ["subscription__url", "subscription__client__name", "last_error", "=event__id"]
    list_select_related = ["event", "subscription__client"]
    date_hierarchy = "created_at"
    fields = [
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
    readonly_fields = fields
    actions = ["replay_selected_deliveries"]

    @admin.display(description="Event", ordering="event__type")
    def event_type(self, obj):
        return obj.event.type

    @admin.display(description="Subscription")
    def subscription_link(self, obj):
        url = reverse("admin:webhooks_webhooksubscription_change", args=[obj.subscription_id])
        return format_html('<a href="{}">{}</a>', url, obj.subscription)

    @admin.display(description="Last error")
    def short_error(self, obj):
        error = obj.last_error
        return error if len(error) <= 80 else error[:79] + "…"

    def has_replay_permission(self, request):
        return request.user.has_perm("webhooks.replay_webhookdelivery")

    @admin.action(description="Replay selected deliveries", permissions=["replay"])
    def replay_selected_deliveries(self, request, queryset):
        delivery_ids = list(queryset.values_list("pk", flat=True))
        for delivery_id in delivery_ids:
            deliveries.delivery_replay(delivery_id=delivery_id, actor=request.user)
        self.message_user(
            request, f"{len(delivery_ids)} deliveries queued again.", level=messages.SUCCESS
        )
