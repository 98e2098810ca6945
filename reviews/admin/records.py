"""Assignments and verdict versions: read-only lists (they change only through the review
actions)."""

from __future__ import annotations

from django.contrib import admin

from factcheck.admin.common import LargeListMixin, ReadOnlyAdminMixin

from ..models import Assignment, Evidence, Verdict


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdminMixin, LargeListMixin, admin.ModelAdmin):
    """Every assignment, current and past. Assign from the claims' list or page."""

    list_display = ["claim", "assignee", "assigned_by", "due_at", "created_at", "ended_at"]
    list_filter = ["assignee", "due_at", "ended_at"]
    search_fields = ["assignee__username", "note"]
    list_select_related = ["claim", "assignee", "assigned_by"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("claim__facts")


class EvidenceInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Evidence
    fields = ["url", "claim", "flag", "note"]
    readonly_fields = fields
    extra = 0


@admin.register(Verdict)
class VerdictAdmin(ReadOnlyAdminMixin, LargeListMixin, admin.ModelAdmin):
    """Every verdict version. Submit, approve and publish from the claim's page."""

    list_display = ["claim", "version", "rating", "status", "author", "reviewed_by", "created_at"]
    list_filter = ["status", "rating", "created_at"]
    search_fields = ["rationale", "author__username"]
    list_select_related = ["claim", "author", "reviewed_by"]
    ordering = ["-created_at", "-id"]
    inlines = [EvidenceInline]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("claim__facts")
