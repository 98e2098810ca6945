"""The audit trail in the admin (read-only)."""

from __future__ import annotations

from django.contrib import admin

from ..models import (
    AuditEvent,
)
from .common import LargeListMixin, ReadOnlyAdminMixin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, LargeListMixin, admin.ModelAdmin):
    list_display = ["created_at", "action", "actor", "from_state", "to_state", "article", "claim"]
    list_filter = ["created_at"]
    list_select_related = ["actor", "article", "claim"]
    search_fields = ["action"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .defer("details", "article__body", "article__document_keys", "claim__facts")
        )

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff and request.user.is_active
