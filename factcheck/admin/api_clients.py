"""The admin of API clients and their keys (revocation)."""

from __future__ import annotations

from django.contrib import admin, messages

from ..models import (
    ApiClient,
    ApiToken,
)
from ..services.api_clients import api_client_revoke_tokens, api_tokens_revoke


class ApiTokenInline(admin.TabularInline):
    model = ApiToken
    fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # keys are issued by `create_api_client`, which shows them once


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """API keys, by their prefix only (the key itself is never stored)."""

    list_display = ["prefix", "client", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "client"]
    list_select_related = ["client"]
    search_fields = ["prefix", "client__name"]
    readonly_fields = ["client", "prefix", "created_at", "last_used_at", "revoked_at"]
    fields = readonly_fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # keys are issued by `create_api_client`, which shows them once

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the record of the key stays

    @admin.action(description="Revoke the selected keys", permissions=["change"])
    def revoke(self, request, queryset):
        revoked = api_tokens_revoke(
            token_ids=queryset.values_list("pk", flat=True), actor=request.user
        )
        messages.success(request, f"{revoked} key(s) revoked.")


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "created_at"]
    search_fields = ["name"]
    readonly_fields = ["user", "created_at"]
    inlines = [ApiTokenInline]
    actions = ["revoke_tokens"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Revoke every token of the selected clients")
    def revoke_tokens(self, request, queryset):
        revoked = sum(
            api_client_revoke_tokens(client=client, actor=request.user) for client in queryset
        )
        messages.success(request, f"{revoked} token(s) revoked.")
